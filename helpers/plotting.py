"""Shared drawing vocabulary for every figure in the collection.

Rules every figure follows (conv_arithmetic's): generated from parameters,
input and output labelled in words, never told apart by colour alone
(padding is hatched, the active window has a thick outline).
"""
from __future__ import annotations

import numpy as np

__all__ = ["draw_grid", "new_figure", "format_number", "WINDOW_COLOR", "OUTPUT_COLOR", "PAD_HATCH"]

WINDOW_COLOR = "#d62728"   # outline of the active window (also drawn thick, not colour alone)
OUTPUT_COLOR = "#1f77b4"   # outline of the output cell being computed
PAD_HATCH = "///"          # padding cells are hatched


def format_number(v, decimals: int = 2) -> str:
    """Short text for a cell: integers without a decimal point, floats rounded."""
    v = float(v)
    if np.isnan(v):
        return "nan"
    if v.is_integer() and abs(v) < 1e6:
        return str(int(v))
    return f"{v:.{decimals}f}".rstrip("0").rstrip(".")


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 3.2, height: float = 3.2, **kwargs):
    """A figure with ``nrows x ncols`` axes of the given size each (inches)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False, **kwargs)
    return fig, axes


def draw_grid(ax, values, *, title: str | None = None, show_values: bool = True, cmap: str | None = "Greys",
              vmin=None, vmax=None, padding_mask=None, windows=(), window_color: str = WINDOW_COLOR,
              window_labels=None, dim_mask=None, decimals: int = 2, fontsize: float | None = None,
              axis_labels: bool = True):
    """Draw a 2-D array as a grid of cells with its values printed.

    values : (H, W)
    padding_mask : bool (H, W), True where a cell is padding; hatched and labelled "pad"
    windows : rectangles (row, col, height, width) outlined thickly (e.g. the active window)
    dim_mask : bool (H, W), True for cells to fade (e.g. cells the window never visits)
    """
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
    for r in range(h + 1):
        ax.axhline(r - 0.5, color="0.6", lw=0.6)
    for c in range(w + 1):
        ax.axvline(c - 0.5, color="0.6", lw=0.6)
    from matplotlib.patches import Rectangle

    if padding_mask is not None:
        for r, c in zip(*np.nonzero(padding_mask)):
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch=PAD_HATCH, edgecolor="0.55", lw=0))
    if dim_mask is not None:
        for r, c in zip(*np.nonzero(dim_mask)):
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="white", alpha=0.6, lw=0))
    if show_values:
        for r in range(h):
            for c in range(w):
                mid = (lo + hi) / 2
                dark = cmap is not None and hi > lo and shown[r, c] > mid + 0.35 * (hi - lo)
                ax.text(c, r, format_number(values[r, c], decimals), ha="center", va="center",
                        fontsize=fontsize, color="white" if dark else "black")
    for n, (r, c, hh, ww) in enumerate(windows):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), ww, hh, fill=False, edgecolor=window_color, lw=3))
        if window_labels:
            ax.text(c - 0.45, r - 0.55, window_labels[n], color=window_color, fontsize=fontsize * 0.8,
                    va="bottom", ha="left", fontweight="bold")
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
