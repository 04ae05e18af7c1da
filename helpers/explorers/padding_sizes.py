"""Notebook 02: valid, same and full padding — how much padding each asks for, and the figures of it.

* :func:`padding_for`           the per-side padding of "valid", "same" and "full" at stride 1
* :func:`draw_valid_same_full`  the three side by side: padded grid, first window, output size
* :func:`draw_even_same`        "same" for an even kernel: one more cell after than before

Re-exported by :mod:`helpers.explorers.padding`, where notebook 02 imports them.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from ..padding import normalize_padding, pad2d
from ..plotting import draw_grid, new_figure
from ..shapes import conv_output_size, same_padding

__all__ = ["padding_for", "draw_valid_same_full", "draw_even_same"]


def padding_for(kind: str, kernel_size: int) -> tuple[int, int]:
    """(before, after) padding per axis at stride 1: valid (0, 0), same (same_padding), full (K-1, K-1)."""
    if kind == "valid":
        return (0, 0)
    if kind == "same":
        return same_padding(kernel_size)
    if kind == "full":
        return (kernel_size - 1, kernel_size - 1)
    raise ValueError(_("padding_for: kind must be 'valid', 'same' or 'full', got {kind!r}").format(kind=kind))


def _pad_mask(shape, padding):
    top, bottom, left, right = normalize_padding(padding)
    mask = np.ones((shape[0] + top + bottom, shape[1] + left + right), bool)
    mask[top : top + shape[0], left : left + shape[1]] = False
    return mask


def draw_valid_same_full(input_size: int = 5, kernel_size: int = 3):
    """Valid, same and full padding of one input: padded grid, first window, output size in the title."""
    x = np.arange(1, input_size * input_size + 1).reshape(input_size, input_size)
    fig, axes = new_figure(3, width=3.4, height=3.9)
    for ax, kind in zip(axes[0], ("valid", "same", "full")):
        before, after = padding_for(kind, kernel_size)
        pads = (before, after, before, after)
        padded = pad2d(x, pads)
        o = conv_output_size(input_size + before + after, kernel_size)
        draw_grid(
            ax,
            padded,
            cmap=None,
            padding_mask=_pad_mask(x.shape, pads),
            axis_labels=False,
            windows=[(0, 0, kernel_size, kernel_size)],
        )
        pad_txt = (
            f"P = {before}"
            if before == after
            else _("P = {before} before, {after} after").format(before=before, after=after)
        )
        ax.set_title(
            _("{kind}: {pad_txt}\ninput {input_size}×{input_size} → output {o}×{o}").format(
                kind=kind, pad_txt=pad_txt, input_size=input_size, o=o
            ),
            fontsize=10,
        )
    fig.suptitle(
        _("kernel {kernel_size}×{kernel_size}, stride 1 (thick outline = first window, hatched = padding)").format(
            kernel_size=kernel_size
        ),
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def draw_even_same(kernel_size: int = 4, input_size: int = 5):
    """'Same' padding for an even kernel: one more cell after (bottom/right) than before (top/left)."""
    before, after = same_padding(kernel_size)
    pads = (before, after, before, after)
    x = np.arange(1, input_size * input_size + 1).reshape(input_size, input_size)
    padded = pad2d(x, pads)
    o = conv_output_size(padded.shape[0], kernel_size)
    last = padded.shape[0] - kernel_size
    fig, axes = new_figure(2, width=3.8, height=4.0)
    draw_grid(
        axes[0, 0],
        padded,
        cmap=None,
        padding_mask=_pad_mask(x.shape, pads),
        axis_labels=False,
        windows=[(0, 0, kernel_size, kernel_size), (last, last, kernel_size, kernel_size)],
    )
    axes[0, 0].set_title(
        _(
            "input {input_size}×{input_size}, padding {before} top/left, {after} bottom/right\n(outlined: first and last window)"
        ).format(input_size=input_size, before=before, after=after),
        fontsize=10,
    )
    draw_grid(axes[0, 1], np.zeros((o, o)), cmap=None, show_values=False, windows=[(0, 0, 1, 1), (o - 1, o - 1, 1, 1)])
    axes[0, 1].set_title(_("output {o}×{o}\n(same size as the input)").format(o=o), fontsize=10)
    fig.suptitle(
        _("kernel {kernel_size}×{kernel_size}: {kernel_size_1} padding cells per axis cannot split evenly").format(
            kernel_size=kernel_size, kernel_size_1=kernel_size - 1
        ),
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig
