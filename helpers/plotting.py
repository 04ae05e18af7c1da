"""Shared drawing vocabulary for every figure in the collection.

Rules every figure follows (conv_arithmetic's): generated from parameters,
input and output labelled in words, never told apart by colour alone
(padding is hatched, the active window has a thick outline).

Every grid is drawn by ONE renderer, :func:`helpers.cells.draw_cells`. The functions here only
choose its settings for the three ways a figure places grids:

* :func:`draw_grid` — one grid filling its own axes, values printed, tick numbers;
* :func:`cell_grid` — one grid in its own axes with arbitrary texts and edge numbers;
* :func:`grid_block` — one grid among several in a shared axes, placed by its top-left corner;
* :class:`GridCanvas` (``helpers.grid_canvas``) — many grids laid out on one canvas.
"""

from __future__ import annotations

import numpy as np

from .cells import (
    OUTPUT_COLOR,
    PAD_HATCH,
    WINDOW_COLOR,
    cell_texts,
    draw_cells,
    draw_labels,
    figure_texts,
    format_number,
    value_labels,
)
from .grid_canvas import GridCanvas

__all__ = [
    "draw_cells",
    "draw_grid",
    "cell_grid",
    "grid_block",
    "draw_outlines",
    "draw_labels",
    "value_labels",
    "cell_texts",
    "figure_texts",
    "GridCanvas",
    "new_figure",
    "format_number",
    "WINDOW_COLOR",
    "OUTPUT_COLOR",
    "PAD_HATCH",
]


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 3.2, height: float = 3.2, **kwargs):
    """A figure with ``nrows x ncols`` axes of the given size each (inches)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False, **kwargs)
    return fig, axes


def _frame(ax, h: int, w: int) -> None:
    """Axes limits for an (H, W) grid centred on integer cells, rows going down, square cells."""
    ax.set_xlim(-0.5, w - 0.5)
    ax.set_ylim(h - 0.5, -0.5)
    ax.set_aspect("equal")


def draw_grid(
    ax,
    values,
    *,
    title: str | None = None,
    show_values: bool = True,
    cmap: str | None = "Greys",
    vmin=None,
    vmax=None,
    padding_mask=None,
    windows=(),
    window_color: str = WINDOW_COLOR,
    window_labels=None,
    dim_mask=None,
    decimals: int = 2,
    fontsize: float | None = None,
    axis_labels: bool = True,
):
    """Draw a 2-D array as a grid of cells with its values printed, filling ``ax``.

    values : (H, W)
    padding_mask : bool (H, W), True where a cell is padding; hatched
    windows : rectangles (row, col, height, width) outlined thickly (e.g. the active window)
    dim_mask : bool (H, W), True for cells to fade (e.g. cells the window never visits)
    """
    from matplotlib.patches import Rectangle

    values = np.asarray(values, dtype=float)
    h, w = values.shape
    shown = np.where(np.isfinite(values), values, 0.0)
    lo = float(np.min(shown)) if vmin is None else vmin
    hi = float(np.max(shown)) if vmax is None else vmax
    if fontsize is None:
        fontsize = max(6.0, min(12.0, 80.0 / max(h, w)))
    texts, colours = (
        value_labels(values, lo, hi, dark_cells=cmap is not None, dim_mask=dim_mask, decimals=decimals)
        if show_values
        else (None, "black")
    )
    draw_cells(
        ax,
        (h, w),
        colors=shown,
        cmap=cmap,
        vmin=lo,
        vmax=hi if hi > lo else lo + 1,
        alpha=0.55,
        hatch_mask=padding_mask,
        dim_mask=dim_mask,
        labels=texts,
        label_colors=colours,
        fontsize=fontsize,
    )
    for n, (r, c, hh, ww) in enumerate(windows):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), ww, hh, fill=False, edgecolor=window_color, lw=3))
        if window_labels:
            ax.text(
                c - 0.45,
                r - 0.55,
                window_labels[n],
                color=window_color,
                fontsize=fontsize * 0.8,
                va="bottom",
                ha="left",
                fontweight="bold",
            )
    _frame(ax, h, w)
    if axis_labels and max(h, w) <= 16:
        ax.set_xticks(range(w))
        ax.set_yticks(range(h))
        ax.tick_params(labelsize=max(6, fontsize * 0.7), length=0)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=11, pad=16 if window_labels else 6)
    return ax


def cell_grid(
    ax,
    shape: tuple[int, int],
    *,
    colors=None,
    cmap: str = "Blues",
    vmin: float = 0.0,
    vmax: float = 1.0,
    texts=None,
    fontsize: float = 10,
    text_color="black",
    index_labels: bool = True,
    hatch_mask=None,
    dim_mask=None,
    row_labels=None,
    col_labels=None,
):
    """Draw an (H, W) grid of cells filling ``ax``, cell (r, c) centred on (c, r), with any texts in it.

    colors : optional (H, W) floats mapped through ``cmap`` on [vmin, vmax] (default: all 0)
    texts : optional (H, W) array of strings printed in the cells; ``text_color`` one colour or (H, W)
    index_labels : row/column numbers along the top and left edges (as plain text, cheaper than ticks);
        ``row_labels`` / ``col_labels`` replace the numbers 0, 1, 2, ...
    hatch_mask / dim_mask : bool (H, W): hatched (padding) / faded (never visited) cells
    """
    import matplotlib as mpl

    h, w = shape
    draw_cells(
        ax,
        shape,
        colors=colors,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        hatch_mask=hatch_mask,
        dim_mask=dim_mask,
        dim_color=mpl.colormaps["Greys"](1 / 8),
        dim_alpha=0.9,
        labels=texts,
        label_colors=text_color,
        fontsize=fontsize,
    )
    if index_labels:  # offsets in points, so labels never run into the title whatever the cell size
        from matplotlib.transforms import offset_copy

        lab = min(8.5, max(6.0, fontsize * 0.7))
        top = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=2, units="points")
        left = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-2, units="points")
        for c in range(w):
            label = str(c if col_labels is None else col_labels[c])
            if label:  # "" (a label left out) is no Text at all: fewer artists to lay out
                ax.text(c, 1.0, label, ha="center", va="bottom", fontsize=lab, color="0.35", transform=top)
        for r in range(h):
            label = str(r if row_labels is None else row_labels[r])
            if label:
                ax.text(0.0, r, label, ha="right", va="center", fontsize=lab, color="0.35", transform=left)
    _frame(ax, h, w)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def grid_block(
    ax,
    values,
    x0: float,
    y0: float,
    title: str,
    *,
    texts=None,
    text_colors=None,
    bold=None,
    faded=None,
    index: bool = False,
    fontsize: float = 12.0,
) -> None:
    """One labelled (H, W) grid of ``values`` drawn into a shared axes with its top-left corner at (x0, y0),
    one unit per cell (cell (r, c) spans x0+c .. x0+c+1), values printed unless ``texts`` gives the strings.

    bold : optional bool (H, W): cells whose label is bold (Text artists; the rest are one collection)
    faded : optional bool (H, W): white cells (never read) on the light grey grid

    All four grids of the step-through share one axes without ticks: a figure with four axes and tick
    labels takes several times longer to draw, and the slider must redraw quickly.
    """
    from matplotlib.patches import Rectangle

    values = np.asarray(values)
    h, w = values.shape
    bold = np.zeros((h, w), bool) if bold is None else np.asarray(bold, bool)
    labels = [[texts[r][c] if texts is not None else format_number(values[r, c]) for c in range(w)] for r in range(h)]
    colours = text_colors if text_colors is not None else "black"
    draw_cells(
        ax,
        (h, w),
        origin=(x0 + 0.5, y0 + 0.5),
        face="0.92",
        dim_mask=faded,
        dim_alpha=1.0,
        labels=[[t if not bold[r, c] else "" for c, t in enumerate(row)] for r, row in enumerate(labels)],
        label_colors=colours,
        fontsize=fontsize,
        label_zorder=3,  # above hatching and outlines added later, as Text artists are
    )
    ax.add_patch(Rectangle((x0, y0), w, h, fill=False, edgecolor="0.35", lw=1.0))
    for r, c in zip(*np.nonzero(bold)):
        ax.text(
            x0 + c + 0.5,
            y0 + r + 0.5,
            labels[r][c],
            ha="center",
            va="center",
            fontsize=fontsize,
            color=colours if np.ndim(colours) == 0 else colours[r][c],
            fontweight="bold",
        )
    if index:
        for r in range(h):
            ax.text(x0 - 0.15, y0 + r + 0.5, str(r), ha="right", va="center", fontsize=8, color="0.3")
        for c in range(w):
            ax.text(x0 + c + 0.5, y0 + h + 0.1, str(c), ha="center", va="top", fontsize=8, color="0.3")
    ax.text(x0 + w / 2, y0 - 0.25, title, ha="center", va="bottom", fontsize=10.5)


def draw_outlines(ax, rects, color, lw: float, ls="-") -> None:
    """Rectangles (x, y, width, height) as one collection of outlines."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    if rects:
        ax.add_collection(
            PatchCollection(
                [Rectangle((x, y), w, h) for x, y, w, h in rects],
                facecolor="none",
                edgecolor=color,
                linewidths=lw,
                linestyles=ls,
            )
        )
