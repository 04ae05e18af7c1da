"""Notebook 00: a first slider, to check that widgets work."""

from __future__ import annotations

import numpy as np

from ..i18n import _
from ..plotting import draw_grid, new_figure
from ..shapes import conv_output_size

__all__ = ["draw_window_count", "window_count_caption", "window_count_explorer", "WINDOW_COUNT_RANGES"]

# slider name -> (min, max, default)
WINDOW_COUNT_RANGES = {"input_size": (3, 8, 6), "kernel_size": (1, 3, 3)}


def draw_window_count(input_size: int = 6, kernel_size: int = 3):
    """Input (I x I) with the first window outlined, next to the output grid (O x O), O = I - K + 1."""
    out_size = conv_output_size(input_size, kernel_size)
    fig, axes = new_figure(2, width=3.3, height=3.5)
    x = np.arange(1, input_size * input_size + 1).reshape(input_size, input_size)
    draw_grid(
        axes[0, 0],
        x,
        title=_("input {input_size}×{input_size}").format(input_size=input_size),
        cmap=None,
        axis_labels=False,
        windows=[(0, 0, kernel_size, kernel_size)],
        window_labels=[_("{kernel_size}×{kernel_size} window").format(kernel_size=kernel_size)],
    )
    draw_grid(
        axes[0, 1],
        np.zeros((out_size, out_size)),
        title=_("output {out_size}×{out_size}").format(out_size=out_size),
        cmap=None,
        show_values=False,
        windows=[(0, 0, 1, 1)],
        axis_labels=False,
    )
    fig.suptitle(f"O = I - K + 1 = {input_size} - {kernel_size} + 1 = {out_size}", fontsize=12)
    fig.tight_layout()
    return fig


def window_count_caption(input_size: int = 6, kernel_size: int = 3) -> str:
    """The caption above the figure: the output size in the collection's `output OH×OW` form."""
    o = conv_output_size(input_size, kernel_size)
    return _("input {input_size}×{input_size}, kernel {kernel_size}×{kernel_size}: output {o}×{o}").format(
        input_size=input_size, kernel_size=kernel_size, o=o
    )


def window_count_explorer():
    from ..widgets import explorer, int_sliders

    controls = int_sliders(WINDOW_COUNT_RANGES)
    return explorer(draw_window_count, controls, text=window_count_caption)
