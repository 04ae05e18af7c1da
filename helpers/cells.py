"""The one grid renderer: an (H, W) grid of cells drawn into a matplotlib axes.

Every grid in the collection goes through :func:`draw_cells` (``helpers.plotting.draw_grid``,
``cell_grid``, ``grid_block`` and ``GridCanvas.grid`` only choose its settings and add their
titles, ticks or outlines). It draws with a handful of collections, never one artist per cell,
so that an explorer with a grid full of numbers redraws in well under 100 ms:

1. the cell colours: one PolyCollection (vector, no image resampling);
2. hatched cells (padding) and faded cells (never read): one PolyCollection each;
3. the grid lines: one LineCollection;
4. the cell labels: one collection of cached glyph outlines (:func:`draw_labels`).

Cell (r, c) is the unit square centred on ``(x + c, y + r)``, ``(x, y) = origin``; rows go down
when the axes' y axis is inverted, as every grid figure here does.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = [
    "draw_cells",
    "value_labels",
    "draw_labels",
    "cell_texts",
    "figure_texts",
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


def _squares(mask, x: float, y: float) -> list:
    """Vertices (n, 4, 2) of the unit squares of the cells where ``mask`` (H, W) is True, cell (r, c)
    centred on (x + c, y + r); a list of arrays, as PolyCollection takes."""
    rows, cols = np.nonzero(mask)
    x0 = x + cols.astype(float) - 0.5
    y0 = y + rows.astype(float) - 0.5
    corners = [
        np.stack([x0, y0], 1),
        np.stack([x0 + 1, y0], 1),
        np.stack([x0 + 1, y0 + 1], 1),
        np.stack([x0, y0 + 1], 1),
    ]
    return list(np.stack(corners, axis=1))


def draw_cells(
    ax,
    shape: tuple[int, int],
    *,
    origin: tuple[float, float] = (0.0, 0.0),
    colors=None,
    cmap: str | None = "Greys",
    vmin: float = 0.0,
    vmax: float = 1.0,
    alpha: float = 1.0,
    face=None,
    line_color="0.6",
    line_width: float = 0.6,
    hatch_mask=None,
    dim_mask=None,
    dim_color="white",
    dim_alpha: float = 0.6,
    labels=None,
    label_colors="black",
    fontsize: float = 10.0,
    label_zorder: float | None = None,
):
    """Draw an (H, W) grid of cells into ``ax`` (see the module docstring for the layers).

    shape : (H, W)
    colors : optional (H, W) floats, mapped through ``cmap`` on [vmin, vmax] (clipped) and blended with
        white: shown = alpha * cmap(value) + (1 - alpha); ``face`` (one colour, or (H, W) colours) is used
        instead when given,
        and ``cmap=None`` means light grey cells (``Greys`` at 0.25)
    hatch_mask / dim_mask : optional bool (H, W): hatched cells (padding) / cells covered by ``dim_color``
        at ``dim_alpha`` (faded: never read)
    labels : optional (H, W) strings printed centred in their cells ("" prints nothing);
        ``label_colors`` one colour or (H, W) colours
    Returns the labels' collection (or None).
    """
    import matplotlib as mpl
    from matplotlib.collections import LineCollection, PolyCollection

    h, w = shape
    x, y = origin
    if face is None and cmap is None:
        face = tuple(mpl.colormaps["Greys"](0.25)[:3])
    if face is not None and mpl.colors.is_color_like(face):  # one colour
        rgb = np.broadcast_to(np.array(mpl.colors.to_rgb(face)), (h * w, 3))
    elif face is not None:  # (H, W) colours: names, RGB tuples, or an (H, W, 3) array
        rgb = np.array([mpl.colors.to_rgb(c) for row in face for c in row])
    else:
        assert cmap is not None
        values = np.zeros(shape) if colors is None else np.asarray(colors, dtype=float)
        norm = (values - vmin) / ((vmax - vmin) if vmax > vmin else 1.0)
        rgb = alpha * mpl.colormaps[cmap](np.clip(norm, 0, 1))[..., :3] + (1 - alpha)
    ax.add_collection(
        # zorder 0, as an image: a caller's imshow overlay added later lands above the cells, below the lines
        PolyCollection(_squares(np.ones(shape, bool), x, y), facecolors=rgb.reshape(-1, 3), linewidths=0, zorder=0),
        autolim=False,
    )
    if hatch_mask is not None and np.any(hatch_mask):
        ax.add_collection(
            PolyCollection(_squares(hatch_mask, x, y), facecolors="none", edgecolors="0.55", hatch=PAD_HATCH, lw=0),
            autolim=False,
        )
    if dim_mask is not None and np.any(dim_mask):
        ax.add_collection(
            PolyCollection(_squares(dim_mask, x, y), facecolors=dim_color, alpha=dim_alpha, lw=0),
            autolim=False,
        )
    lines = [[(x - 0.5, y + r - 0.5), (x + w - 0.5, y + r - 0.5)] for r in range(h + 1)]
    lines += [[(x + c - 0.5, y - 0.5), (x + c - 0.5, y + h - 0.5)] for c in range(w + 1)]
    # zorder 1 (below a caller's window outlines, which are patches added later)
    ax.add_collection(LineCollection(lines, colors=line_color, linewidths=line_width, zorder=1), autolim=False)
    if labels is None:
        return None
    cells = [(r, c) for r in range(h) for c in range(w) if labels[r][c]]
    coll = draw_labels(
        ax,
        [labels[r][c] for r, c in cells],
        [(x + c, y + r) for r, c in cells],
        [label_colors if np.ndim(label_colors) == 0 else label_colors[r][c] for r, c in cells],
        fontsize,
    )
    if coll is not None and label_zorder is not None:
        coll.set_zorder(label_zorder)
    return coll


def value_labels(values, lo: float, hi: float, *, dark_cells: bool = True, dim_mask=None, decimals: int = 2):
    """The labels of :func:`draw_cells` for printing ``values`` (H, W) themselves: (texts, colours).

    White text on cells in the darkest part of the [lo, hi] colour range (when ``dark_cells``), black
    elsewhere and on dimmed cells.
    """
    values = np.asarray(values, dtype=float)
    shown = np.where(np.isfinite(values), values, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):  # values near ±1e308: no warnings, just no dark cells
        dark = (shown > lo / 2 + hi / 2 + 0.35 * (hi - lo)) if (dark_cells and hi > lo) else np.zeros(shown.shape, bool)
    if dim_mask is not None:
        dark &= ~np.asarray(dim_mask, bool)
    texts = [[format_number(v, decimals) for v in row] for row in values]
    return texts, np.where(dark, "white", "black").tolist()


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
