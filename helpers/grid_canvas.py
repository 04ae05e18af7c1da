"""Several labelled grids on ONE matplotlib axes: the fast way to draw a multi-panel explorer.

Each grid is drawn by the one renderer, :func:`helpers.cells.draw_cells`; this module only lays
the grids, their titles, outlines and free texts out on a shared canvas.
"""

from __future__ import annotations

import numpy as np

from .cells import WINDOW_COLOR, draw_cells, value_labels

__all__ = ["GridCanvas"]


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
        face=None,
        texts=None,
        text_color="black",
        window_color: str = WINDOW_COLOR,
    ):
        """Draw (H, W) ``values`` with cell (0, 0) centred at canvas point (x, y).

        face : optional (H, W) colours for the cells instead of ``cmap`` (see :func:`helpers.cells.draw_cells`)
        texts : optional (H, W) strings printed instead of the values ("" prints nothing), in ``text_color``
        windows : rectangles (row, col, height, width) outlined thickly in ``window_color``
        """
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
            from matplotlib.patches import Rectangle

            labels, colours = (
                (texts, text_color)
                if texts is not None
                else value_labels(values, lo, hi, dark_cells=cmap is not None, dim_mask=dim_mask, decimals=decimals)
                if show_values
                else (None, "black")
            )
            draw_cells(
                ax,
                (h, w),
                origin=(x, y),
                colors=shown,
                cmap=cmap,
                vmin=lo,
                vmax=hi,
                alpha=0.55,  # the colour map blended with white, as draw_grid's cells
                line_color="0.55",
                hatch_mask=padding_mask,
                dim_mask=dim_mask,
                face=face,
                labels=labels,
                label_colors=colours,
                fontsize=max(5.5, fontsize * scale),
            )
            for r, c, hh, ww in windows:
                ax.add_patch(
                    Rectangle(
                        (x + c - 0.5, y + r - 0.5), ww, hh, fill=False, edgecolor=window_color, lw=max(1.5, 3 * scale)
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
