"""Shared drawing vocabulary for every figure in the collection.

Rules every figure follows (conv_arithmetic's): generated from parameters,
input and output labelled in words, never told apart by colour alone
(padding is hatched, the active window has a thick outline).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = [
    "draw_grid",
    "cell_grid",
    "grid_block",
    "draw_outlines",
    "staggered_windows",
    "draw_labels",
    "cell_texts",
    "figure_texts",
    "draw_cell_values",
    "GridCanvas",
    "new_figure",
    "format_number",
    "WINDOW_COLOR",
    "OUTPUT_COLOR",
    "PAD_HATCH",
]

WINDOW_COLOR = "#d62728"  # outline of the active window (also drawn thick, not colour alone)
OUTPUT_COLOR = "#1f77b4"  # outline of the output cell being computed
PAD_HATCH = "///"  # padding cells are hatched


def format_number(v, decimals: int = 2) -> str:
    """Short text for a cell: integers without a decimal point, floats rounded."""
    v = float(v)
    if np.isnan(v):
        return "nan"
    if v.is_integer() and abs(v) < 1e6:
        return str(int(v))
    if not abs(v) < 1e15:  # huge or infinite: "1e+308", "inf" (fixed-point would print 309 digits)
        return f"{v:.3g}"
    return f"{v:.{decimals}f}".rstrip("0").rstrip(".")


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 3.2, height: float = 3.2, **kwargs):
    """A figure with ``nrows x ncols`` axes of the given size each (inches)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False, **kwargs)
    return fig, axes


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
    """Draw a 2-D array as a grid of cells with its values printed.

    values : (H, W)
    padding_mask : bool (H, W), True where a cell is padding; hatched and labelled "pad"
    windows : rectangles (row, col, height, width) outlined thickly (e.g. the active window)
    dim_mask : bool (H, W), True for cells to fade (e.g. cells the window never visits)
    """
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.patches import Rectangle

    values = np.asarray(values, dtype=float)
    h, w = values.shape
    shown = np.where(np.isfinite(values), values, 0.0)
    lo = float(np.min(shown)) if vmin is None else vmin
    hi = float(np.max(shown)) if vmax is None else vmax
    if cmap is None:
        ax.imshow(np.ones_like(shown), cmap="Greys", vmin=0, vmax=4)
    else:
        ax.imshow(shown, cmap=cmap, vmin=lo, vmax=hi if hi > lo else lo + 1, alpha=0.55)
    if fontsize is None:
        fontsize = max(6.0, min(12.0, 80.0 / max(h, w)))
    # Artists are batched into collections: one Text or Rectangle per cell would miss the 100 ms redraw budget.
    grid_lines = [[(-0.5, r - 0.5), (w - 0.5, r - 0.5)] for r in range(h + 1)]
    grid_lines += [[(c - 0.5, -0.5), (c - 0.5, h - 0.5)] for c in range(w + 1)]
    ax.add_collection(LineCollection(grid_lines, colors="0.6", linewidths=0.6))

    def cells(mask):
        rows, cols = np.nonzero(mask)
        return [
            [(c - 0.5, r - 0.5), (c + 0.5, r - 0.5), (c + 0.5, r + 0.5), (c - 0.5, r + 0.5)] for r, c in zip(rows, cols)
        ]

    if padding_mask is not None and np.any(padding_mask):
        ax.add_collection(
            PolyCollection(cells(padding_mask), facecolors="none", edgecolors="0.55", hatch=PAD_HATCH, linewidths=0)
        )
    if dim_mask is not None and np.any(dim_mask):
        ax.add_collection(PolyCollection(cells(dim_mask), facecolors="white", alpha=0.6, linewidths=0))
    if show_values:
        draw_cell_values(
            ax, values, lo, hi, dark_cells=cmap is not None, dim_mask=dim_mask, decimals=decimals, fontsize=fontsize
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
    ax.set_xlim(-0.5, w - 0.5)
    ax.set_ylim(h - 0.5, -0.5)
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


@lru_cache(maxsize=512)
def _label_path(text: str):
    """The outline of ``text`` at font size 1 (DejaVu Sans), centred on (0, 0); cached across redraws."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    path = TextPath((0, 0), text, size=1, prop=FontProperties(family="DejaVu Sans"))
    box = path.get_extents()
    # centre horizontally on the ink, vertically on the height of a digit (so "1" and "-1" share a baseline)
    digit = TextPath((0, 0), "0", size=1, prop=FontProperties(family="DejaVu Sans")).get_extents()
    shift = np.array([(box.x0 + box.x1) / 2, (digit.y0 + digit.y1) / 2])
    return Path(path.vertices - shift, path.codes)


def cell_texts(ax) -> list[str]:
    """Every string drawn by :func:`draw_labels` in ``ax``, plus its ordinary Text artists."""
    found = [t.get_text() for t in ax.texts]
    for coll in ax.collections:
        found += getattr(coll, "cell_texts", [])
    return found


def figure_texts(fig) -> str:
    """Every piece of text a figure shows, one per line: suptitle, axes titles, free texts and the cell
    texts of :func:`draw_labels` (for tests that check what a learner reads)."""
    out = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        out.append(ax.get_title())
        out += cell_texts(ax)
    return "\n".join(out)


def draw_labels(ax, labels, offsets, colors, fontsize):
    """Many short centred labels as ONE collection of glyph outlines (cached paths): much faster than one
    Text artist per cell, which is what keeps a redraw of a grid full of numbers under 100 ms."""
    from matplotlib.collections import PathCollection
    from matplotlib.transforms import Affine2D

    if not labels:
        return None
    coll = PathCollection(
        [_label_path(t) for t in labels],
        offsets=np.asarray(offsets, dtype=float),
        offset_transform=ax.transData,
        facecolors=colors,
        edgecolors="none",
        linewidths=0,
    )
    coll.set_transform(Affine2D().scale(fontsize / 72) + ax.figure.dpi_scale_trans)
    coll.cell_texts = list(labels)  # the strings drawn, for tests and readers (outlines carry no text)
    ax.add_collection(coll, autolim=False)
    return coll


def draw_cell_values(
    ax, values, lo, hi, *, dark_cells=True, dim_mask=None, decimals=2, fontsize=10.0, origin=(0.0, 0.0)
):
    """Print every value of ``values`` (H, W) centred in its cell, cell (0, 0) at ``origin``.

    White text on cells in the darkest part of the [lo, hi] colour range (when ``dark_cells``), black
    elsewhere and on dimmed cells; one collection for all labels (see :func:`draw_labels`).
    """
    values = np.asarray(values, dtype=float)
    shown = np.where(np.isfinite(values), values, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):  # values near ±1e308: no warnings, just no dark cells
        dark = (shown > lo / 2 + hi / 2 + 0.35 * (hi - lo)) if (dark_cells and hi > lo) else np.zeros(shown.shape, bool)
    if dim_mask is not None:
        dark &= ~np.asarray(dim_mask, bool)
    rows, cols = np.indices(values.shape)
    labels = [format_number(v, decimals) for v in values.ravel()]
    offsets = np.stack([origin[0] + cols.ravel(), origin[1] + rows.ravel()], axis=1)
    draw_labels(ax, labels, offsets, np.where(dark.ravel(), "white", "black").tolist(), fontsize)


class GridCanvas:
    """Several labelled grids on ONE matplotlib axes: the fast way to draw a multi-panel explorer.

    One axes per grid costs ~20-30 ms each to create and render; an explorer with ten grids would
    miss the 100 ms redraw budget. Here every grid is placed at (x, y) in cell units on a shared
    canvas and the figure size follows from the layout (``cell`` inches per cell, shrunk to fit
    ``max_width`` × ``max_height``). Same vocabulary as :func:`helpers.plotting.draw_grid`: values
    printed, padding hatched, windows thick outlines, rings for marked cells, titles in words.
    """

    BASE_CELL = 0.42  # inches per cell at which the font sizes below are meant

    def __init__(self, cell: float = 0.42, max_width: float = 11.5, max_height: float = 9.5):
        self.cell, self.max_width, self.max_height = cell, max_width, max_height
        self._items: list = []
        self._box = [np.inf, np.inf, -np.inf, -np.inf]

    def _extend(self, x0, y0, x1, y1):
        b = self._box
        self._box = [min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)]

    def grid(
        self,
        values,
        x: float,
        y: float,
        *,
        title: str | None = None,
        cmap: str | None = "Greys",
        vmin=None,
        vmax=None,
        show_values: bool = True,
        fontsize: float = 10,
        decimals: int = 2,
        padding_mask=None,
        dim_mask=None,
        windows=(),
        rings=(),
        row_labels=None,
        col_labels=None,
        label_fontsize: float = 8,
        bold_rows=(),
    ):
        """Draw (H, W) ``values`` with cell (0, 0) centred at canvas point (x, y)."""
        values = np.asarray(values, dtype=float)
        h, w = values.shape
        shown = np.where(np.isfinite(values), values, 0.0)
        lo = float(shown.min()) if vmin is None else float(vmin)
        hi = float(shown.max()) if vmax is None else float(vmax)
        title_lines = title.count("\n") + 1 if title else 0
        left = x - 0.5 - (0.34 * label_fontsize / 10 * max(len(t) for t in row_labels) + 0.2 if row_labels else 0)
        bottom = y + h - 0.5 + (0.28 * label_fontsize / 10 * max(len(t) for t in col_labels) + 0.2 if col_labels else 0)
        self._extend(left, y - 0.5 - 0.62 * title_lines - (0.15 if title else 0), x + w - 0.5, bottom)
        if title:  # a title wider than its grid: keep it inside the figure
            half = 0.2 * max(len(line) for line in title.split("\n")) / 2
            self._extend(x + (w - 1) / 2 - half, y, x + (w - 1) / 2 + half, y)

        def draw(ax, scale, cell_pt):
            # cell backgrounds and grid lines as one vector collection (no image resampling): the colour
            # map blended with white as draw_grid's alpha=0.55 image does
            import matplotlib as mpl
            from matplotlib.collections import PolyCollection
            from matplotlib.patches import Rectangle

            if cmap is None:
                rgb = np.broadcast_to(np.array(mpl.colormaps["Greys"](0.25)[:3]), (h, w, 3))
            else:
                norm = (shown - lo) / ((hi - lo) if hi > lo else 1.0)
                rgb = 0.55 * mpl.colormaps[cmap](np.clip(norm, 0, 1))[..., :3] + 0.45
            rr, cc = np.mgrid[0:h, 0:w]
            x0s, y0s = (x + cc - 0.5).ravel(), (y + rr - 0.5).ravel()
            verts = np.stack(
                [
                    np.stack([x0s, y0s], 1),
                    np.stack([x0s + 1, y0s], 1),
                    np.stack([x0s + 1, y0s + 1], 1),
                    np.stack([x0s, y0s + 1], 1),
                ],
                axis=1,
            )
            ax.add_collection(PolyCollection(verts, facecolors=rgb.reshape(-1, 3), edgecolors="0.55", linewidths=0.6))
            if padding_mask is not None:
                for r, c in zip(*np.nonzero(padding_mask)):
                    ax.add_patch(
                        Rectangle((x + c - 0.5, y + r - 0.5), 1, 1, fill=False, hatch=PAD_HATCH, edgecolor="0.55", lw=0)
                    )
            if dim_mask is not None:
                for r, c in zip(*np.nonzero(dim_mask)):
                    ax.add_patch(Rectangle((x + c - 0.5, y + r - 0.5), 1, 1, facecolor="white", alpha=0.6, lw=0))
            fs = max(5.5, fontsize * scale)
            if show_values:
                draw_cell_values(
                    ax,
                    values,
                    lo,
                    hi,
                    dark_cells=cmap is not None,
                    dim_mask=dim_mask,
                    decimals=decimals,
                    fontsize=fs,
                    origin=(x, y),
                )
            for r, c, hh, ww in windows:
                ax.add_patch(
                    Rectangle(
                        (x + c - 0.5, y + r - 0.5), ww, hh, fill=False, edgecolor=WINDOW_COLOR, lw=max(1.5, 3 * scale)
                    )
                )
            if len(rings):
                rr = np.asarray(rings, dtype=float).reshape(-1, 2)
                ax.plot(
                    x + rr[:, 1],
                    y + rr[:, 0],
                    linestyle="none",
                    marker="o",
                    markersize=0.78 * cell_pt,
                    mfc="none",
                    mec="black",
                    mew=max(1.0, 1.6 * scale),
                )
            lf = max(5.5, label_fontsize * scale)
            if row_labels:
                for r, t in enumerate(row_labels):
                    ax.text(
                        x - 0.62,
                        y + r,
                        t,
                        ha="right",
                        va="center",
                        fontsize=lf,
                        fontweight="bold" if r in bold_rows else "normal",
                    )
            if col_labels:
                for c, t in enumerate(col_labels):
                    ax.text(x + c, y + h - 0.35, t, ha="center", va="top", fontsize=lf, rotation=90)
            if title:
                ax.text(
                    x + (w - 1) / 2,
                    y - 0.62,
                    title,
                    ha="center",
                    va="bottom",
                    fontsize=max(7, 10.5 * scale),
                    linespacing=1.15,
                )

        self._items.append(draw)

    def text(self, x: float, y: float, s: str, *, width: float, height: float, fontsize: float = 10, **kwargs):
        """Free text with its top-left corner at (x, y), reserving ``width`` × ``height`` cells."""
        self._extend(x, y, x + width, y + height)
        self._items.append(
            lambda ax, scale, cell_pt: ax.text(
                x, y, s, ha="left", va="top", fontsize=max(6, fontsize * scale), **kwargs
            )
        )

    def figure(self, suptitle: str | None = None, margin: float = 0.12):
        """Lay everything out; returns the Figure."""
        import matplotlib.pyplot as plt

        x0, y0, x1, y1 = self._box
        x0, y0, x1, y1 = x0 - 0.1, y0 - 0.1, x1 + 0.1, y1 + 0.1  # room for the thick outlines at the edges
        bw, bh = x1 - x0, y1 - y0
        top = 0.2 + 0.2 * (suptitle.count("\n") + 1) if suptitle else 0.0
        cell = min(self.cell, (self.max_width - 2 * margin) / bw, (self.max_height - 2 * margin - top) / bh)
        width, height = bw * cell + 2 * margin, bh * cell + 2 * margin + top
        if suptitle:  # wide enough for the title, the canvas centred
            width = max(width, 0.085 * max(len(line) for line in suptitle.split("\n")) + 0.3)
        left = (width - bw * cell) / 2
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((left / width, margin / height, bw * cell / width, bh * cell / height))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y1, y0)
        ax.axis("off")
        scale = cell / self.BASE_CELL
        for item in self._items:
            item(ax, scale, cell * 72)
        if suptitle:
            fig.suptitle(suptitle, fontsize=10.5, y=1 - 0.08 / height, va="top")
        return fig


# ----------------------------------------------------------------------------- fast cell grids
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
    """Draw an (H, W) grid of cells into ``ax``, cell (r, c) centred on (c, r), the cheap way: one image,
    one line collection, one collection of glyph outlines (fast enough to redraw per slider move).

    colors : optional (H, W) floats mapped through ``cmap`` on [vmin, vmax] (default: all 0)
    texts : optional (H, W) array of strings printed in the cells
    index_labels : row/column numbers along the top and left edges (as plain text, cheaper than ticks);
        ``row_labels`` / ``col_labels`` replace the numbers 0, 1, 2, ...
    hatch_mask / dim_mask : bool (H, W): hatched (padding) / faded (never visited) cells
    """
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Rectangle

    h, w = shape
    if colors is None:
        colors = np.zeros(shape)
    ax.imshow(colors, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest", aspect="equal")
    if dim_mask is not None and np.any(dim_mask):
        ax.imshow(
            np.where(dim_mask, 1.0, np.nan),
            cmap="Greys",
            vmin=0,
            vmax=8,
            alpha=0.9,
            interpolation="nearest",
            aspect="equal",
        )
    if hatch_mask is not None and np.any(hatch_mask):
        rects = [Rectangle((c - 0.5, r - 0.5), 1, 1) for r, c in zip(*np.nonzero(hatch_mask))]
        ax.add_collection(PatchCollection(rects, facecolor="none", edgecolor="0.55", hatch="///", lw=0))
    segs = [[(-0.5, r - 0.5), (w - 0.5, r - 0.5)] for r in range(h + 1)]
    segs += [[(c - 0.5, -0.5), (c - 0.5, h - 0.5)] for c in range(w + 1)]
    ax.add_collection(LineCollection(segs, colors="0.6", linewidths=0.6))
    if texts is not None:  # one collection of glyph outlines, not one Text per cell (redraw budget)
        cells = [(r, c) for r in range(h) for c in range(w) if texts[r][c]]
        draw_labels(
            ax,
            [texts[r][c] for r, c in cells],
            [(c, r) for r, c in cells],
            [text_color if np.ndim(text_color) == 0 else text_color[r][c] for r, c in cells],
            fontsize,
        )
    if index_labels:  # offsets in points, so labels never run into the title whatever the cell size
        from matplotlib.transforms import offset_copy

        lab = min(8.5, max(6.0, fontsize * 0.7))
        top = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=2, units="points")
        left = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-2, units="points")
        for c in range(w):
            ax.text(
                c,
                1.0,
                str(c if col_labels is None else col_labels[c]),
                ha="center",
                va="bottom",
                fontsize=lab,
                color="0.35",
                transform=top,
            )
        for r in range(h):
            ax.text(
                0.0,
                r,
                str(r if row_labels is None else row_labels[r]),
                ha="right",
                va="center",
                fontsize=lab,
                color="0.35",
                transform=left,
            )
    ax.set_xlim(-0.5, w - 0.5)
    ax.set_ylim(h - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def staggered_windows(starts, k_eff: int) -> list[tuple[float, float, float, float]]:
    """Rectangles (x, y, w, h) of every window but the first (starts x starts), inset by a staggered
    amount so that windows whose edges coincide stay visible as separate outlines."""
    rects = []
    for i, r in enumerate(starts):
        for j, c in enumerate(starts):
            if i or j:
                inset = 0.06 + 0.07 * ((i + j) % 3) if k_eff > 1 else 0.04
                rects.append((c - 0.5 + inset, r - 0.5 + inset, k_eff - 2 * inset, k_eff - 2 * inset))
    return rects


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

    All four grids of the step-through share one axes without ticks: a figure with four axes and tick
    labels takes several times longer to draw, and the slider must redraw quickly.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    h, w = values.shape
    ax.add_patch(Rectangle((x0, y0), w, h, facecolor="0.92", lw=0))
    if faded is not None:
        for r, c in zip(*np.nonzero(faded)):
            ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor="white", lw=0))
    lines = [[(x0, y0 + r), (x0 + w, y0 + r)] for r in range(1, h)]
    lines += [[(x0 + c, y0), (x0 + c, y0 + h)] for c in range(1, w)]
    ax.add_collection(LineCollection(lines, colors="0.6", linewidths=0.6))
    ax.add_patch(Rectangle((x0, y0), w, h, fill=False, edgecolor="0.35", lw=1.0))
    # plain cells as one collection of glyph outlines (as cell_grid does); bold cells stay Text artists
    plain: list = []
    bold_cells: list = []
    for r in range(h):
        for c in range(w):
            (bold_cells if bold is not None and bold[r, c] else plain).append((r, c))
    label = (lambda r, c: texts[r][c]) if texts is not None else (lambda r, c: format_number(values[r, c]))
    color = (lambda r, c: text_colors[r][c]) if text_colors is not None else (lambda r, c: "black")
    coll = draw_labels(
        ax,
        [label(r, c) for r, c in plain],
        [(x0 + c + 0.5, y0 + r + 0.5) for r, c in plain],
        [color(r, c) for r, c in plain],
        fontsize,
    )
    if coll is not None:
        coll.set_zorder(3)  # above hatching and outlines added later, as Text artists are
    for r, c in bold_cells:
        ax.text(
            x0 + c + 0.5,
            y0 + r + 0.5,
            label(r, c),
            ha="center",
            va="center",
            fontsize=fontsize,
            color=color(r, c),
            fontweight="bold",
        )
    if index:
        for r in range(h):
            ax.text(x0 - 0.15, y0 + r + 0.5, str(r), ha="right", va="center", fontsize=8, color="0.3")
        for c in range(w):
            ax.text(x0 + c + 0.5, y0 + h + 0.1, str(c), ha="center", va="top", fontsize=8, color="0.3")
    ax.text(x0 + w / 2, y0 - 0.25, title, ha="center", va="bottom", fontsize=10.5)
