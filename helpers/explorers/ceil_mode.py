"""Notebook 04: pooling's ``ceil_mode`` (floor versus ceil) along one axis.

:func:`draw_ceil_mode` draws the pooling windows with floor (the default) and with
``ceil_mode=True``, the extra partial window dashed. Re-exported by
:mod:`helpers.explorers.output_size`, where notebook 04 imports it.
"""

from __future__ import annotations

from ..i18n import _
from ..plotting import WINDOW_COLOR
from ..shapes import pool_output_size

__all__ = ["CEIL_MODE_RANGES", "draw_ceil_mode"]

CEIL_MODE_RANGES = {"input_size": (2, 12, 5), "kernel_size": (1, 4, 2), "stride": (1, 4, 2)}


def draw_ceil_mode(input_size=5, kernel_size=2, stride=2):
    """Pooling windows along one axis with floor (default) and ``ceil_mode=True`` (extra window dashed)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    floor_o = pool_output_size(input_size, kernel_size, stride)
    ceil_o = pool_output_size(input_size, kernel_size, stride, ceil_mode=True)
    width = max(input_size, (ceil_o - 1) * stride + kernel_size)
    fig, axes = plt.subplots(2, 1, figsize=(max(5.6, 0.55 * width + 1.6), 3.9))
    for ax, mode, o in ((axes[0], _("ceil_mode=False (floor)"), floor_o), (axes[1], "ceil_mode=True", ceil_o)):
        for c in range(width):
            inside = c < input_size
            ax.add_patch(
                Rectangle(
                    (c, 0),
                    1,
                    1,
                    facecolor="#dbe9f6" if inside else "white",
                    edgecolor="0.4",
                    lw=0.8,
                    ls="-" if inside else ":",
                )
            )
            ax.text(
                c + 0.5,
                0.5,
                str(c) if inside else _("out"),
                ha="center",
                va="center",
                fontsize=9,
                color="black" if inside else "0.5",
            )
        for n in range(o):
            x = n * stride
            extra = x + kernel_size > input_size
            level = 1.15 + 0.28 * (n % 2)
            ax.add_patch(
                Rectangle(
                    (x + 0.05, level),
                    kernel_size - 0.1,
                    0.22,
                    facecolor="none",
                    edgecolor=WINDOW_COLOR,
                    lw=2.2,
                    ls="--" if extra else "-",
                )
            )
            ax.text(
                x + kernel_size / 2,
                level + 0.11,
                (_("w{n} (partial)") if extra else "w{n}").format(n=n),
                ha="center",
                va="center",
                fontsize=8,
            )
        ax.set_xlim(-0.2, width + 0.2)
        ax.set_ylim(-0.1, 1.8)
        ax.axis("off")
        ax.set_title(_("{mode}: output size {o}").format(mode=mode, o=o), fontsize=10.5, loc="left")
    fig.suptitle(
        _(
            "pooling along one axis: input {input_size}, kernel {kernel_size}, stride {stride}\n(cells marked 'out' are beyond the input; dashed = a partial window)"
        ).format(input_size=input_size, kernel_size=kernel_size, stride=stride),
        fontsize=10,
    )
    fig.subplots_adjust(left=0.03, right=0.97, top=0.76, bottom=0.03, hspace=0.45)
    return fig
