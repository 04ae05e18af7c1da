"""Notebook 06: im2col pictured.

im2col copies every window of the (padded) input into one row of a matrix:
row ``r = i*OW + j`` holds the window of output cell (i, j), its columns the
kernel offsets (c, u, v). Convolution then is one matrix product

    out = im2col(x) @ w.reshape(F, -1).T          (OH*OW, C*KH*KW) @ (C*KH*KW, F)

Here the input cells are numbered 1, 2, ... so a number in the matrix says
which input cell it was copied from (0 = a padding cell, hatched).
"""

from __future__ import annotations

import numpy as np

from ..conv import col2im, im2col
from ..i18n import _
from ..padding import pad2d
from ..plotting import GridCanvas, draw_grid, new_figure
from ..shapes import conv_output_size

__all__ = [
    "draw_im2col",
    "im2col_caption",
    "im2col_limits",
    "draw_col2im_counts",
    "im2col_explorer",
    "IM2COL_RANGES",
    "numbered_input",
]

# slider name -> (min, max, default); out_row/out_col maxima follow the output size (constrain)
IM2COL_RANGES = {
    "input_size": (3, 5, 5),
    "kernel_size": (2, 4, 3),
    "stride": (1, 3, 1),
    "padding": (0, 1, 0),
    "out_row": (0, 5, 0),
    "out_col": (0, 5, 0),
}


def numbered_input(input_size: int) -> np.ndarray:
    """(I, I) with cells numbered 1 .. I*I in row-major order."""
    return np.arange(1, input_size * input_size + 1, dtype=float).reshape(input_size, input_size)


def _geometry(input_size, kernel_size, stride, padding, out_row, out_col, func):
    oh = conv_output_size(input_size, kernel_size, stride, padding)
    if not 0 <= out_row < oh or not 0 <= out_col < oh:
        raise ValueError(
            _(
                "{func}: output cell ({out_row}, {out_col}) does not exist; the output is {oh}×{oh}, so out_row and out_col go from 0 to {oh_1}"
            ).format(func=func, out_row=out_row, out_col=out_col, oh=oh, oh_1=oh - 1)
        )
    return oh


def im2col_limits(input_size: int, kernel_size: int, stride: int, padding: int) -> dict[str, int]:
    """Largest slider values that still work: the kernel fits the padded input (K <= I + 2P) and the
    output cell exists (out_row, out_col <= O - 1, O for the kernel after that clip)."""
    k_lo, k_hi, _ = IM2COL_RANGES["kernel_size"]
    k_max = max(k_lo, min(k_hi, input_size + 2 * padding))
    oh = conv_output_size(input_size, min(kernel_size, k_max), stride, padding)
    return {"kernel_size": k_max, "out_row": oh - 1, "out_col": oh - 1}


def im2col_caption(input_size=5, kernel_size=3, stride=1, padding=0, out_row=0, out_col=0) -> str:
    oh = _geometry(input_size, kernel_size, stride, padding, out_row, out_col, "im2col_caption")
    r = out_row * oh + out_col
    return _(
        "input {input_size}×{input_size}, kernel {kernel_size}×{kernel_size}, stride {stride}, padding {padding}: output {oh}×{oh}; im2col matrix {oh_oh}×{kernel_size_kernel_size} (one row per output cell); output cell ({out_row}, {out_col}) is row {out_row}·{oh} + {out_col} = {r}"
    ).format(
        input_size=input_size,
        kernel_size=kernel_size,
        stride=stride,
        padding=padding,
        oh=oh,
        oh_oh=oh * oh,
        kernel_size_kernel_size=kernel_size * kernel_size,
        out_row=out_row,
        out_col=out_col,
        r=r,
    )


def draw_im2col(
    input_size: int = 5, kernel_size: int = 3, stride: int = 1, padding: int = 0, out_row: int = 0, out_col: int = 0
):
    """Padded input with one window outlined | the im2col matrix with its row outlined | the output grid."""
    func = "draw_im2col"
    oh = _geometry(input_size, kernel_size, stride, padding, out_row, out_col, func)
    k, s, p = kernel_size, stride, padding
    x = numbered_input(input_size)
    xp = pad2d(x, p)
    pad_mask = pad2d(np.zeros_like(x), p, mode="constant", value=1.0) > 0
    cols = im2col(x, k, s, p)  # (OH*OW, K*K)
    cols_pad = im2col(np.ones_like(x), k, s, p) == 0  # True where a padding cell was copied
    rows, kk = cols.shape
    r = out_row * oh + out_col

    hp = xp.shape[0]
    cv = GridCanvas(max_height=9.0)
    top, left = out_row * s, out_col * s
    cv.grid(
        xp,
        0,
        0,
        cmap=None,
        padding_mask=pad_mask,
        windows=[(top, left, k, k)],
        title=_("input {input_size}×{input_size}").format(input_size=input_size)
        + (_(" + padding {p}").format(p=p) if p else "")
        + _("\nwindow of output cell ({out_row}, {out_col})").format(out_row=out_row, out_col=out_col),
    )
    labels = [f"({n // oh},{n % oh})" for n in range(rows)]
    labels[r] = _("row {r} = ({out_row},{out_col})").format(r=r, out_row=out_row, out_col=out_col)
    x_m = hp + 4.2
    cv.grid(
        cols,
        x_m,
        0,
        cmap=None,
        padding_mask=cols_pad,
        windows=[(r, 0, 1, kk)],
        title=_("im2col matrix {rows}×{kk}\nrow {r} = that window").format(rows=rows, kk=kk, r=r),
        row_labels=labels,
        bold_rows=(r,),
        col_labels=[f"{u},{v}" for u in range(k) for v in range(k)],
        label_fontsize=8,
    )
    cv.text(x_m - 1.0, rows + 0.7, _("columns: kernel offset (u, v)"), width=6, height=0.8, fontsize=8)
    cv.grid(
        np.arange(oh * oh, dtype=float).reshape(oh, oh),
        x_m + kk + 1.5,
        0,
        cmap=None,
        windows=[(out_row, out_col, 1, 1)],
        title=_("output {oh}×{oh}\n(number = its matrix row)").format(oh=oh),
    )
    return cv.figure(
        _(
            "each window of the input becomes one row of the matrix\n"
            "(numbers = which input cell was copied; 0 hatched = padding)"
        )
    )


def draw_col2im_counts(input_size: int = 5, kernel_size: int = 3, stride: int = 1):
    """col2im of a matrix of ones: how many windows cover each input cell (= how many gradients add up there).

    Left: writing with ``=`` (the last window wins, every covered cell gets 1). Right: with ``+=`` (the counts).
    Both panels share one grey scale (0 to 1.6 × the largest count), so a 1 is the same grey in both.
    """
    x = np.zeros((input_size, input_size))
    ones = np.ones_like(im2col(x, kernel_size, stride))
    counts = col2im(ones, x.shape, kernel_size, stride)
    overwrite = (counts > 0).astype(float)
    oh = conv_output_size(input_size, kernel_size, stride)
    fig, axes = new_figure(2, width=3.4, height=3.7)
    scale = {"cmap": "Greys", "vmin": 0, "vmax": counts.max() * 1.6}  # one colour scale: equal numbers, equal greys
    draw_grid(axes[0, 0], overwrite, title=_("col2im with  =  (wrong)\nevery covered cell gets 1"), **scale)
    draw_grid(axes[0, 1], counts, title=_("col2im with  +=  (right)\nwindows covering each cell"), **scale)
    fig.suptitle(
        _(
            "input {input_size}×{input_size}, kernel {kernel_size}, stride {stride}: output {oh}×{oh}, {oh_oh} windows"
        ).format(input_size=input_size, kernel_size=kernel_size, stride=stride, oh=oh, oh_oh=oh * oh),
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def im2col_explorer():
    from ..widgets import explorer, int_sliders

    controls = int_sliders(IM2COL_RANGES)

    def constrain(c):
        limits = im2col_limits(c["input_size"].value, c["kernel_size"].value, c["stride"].value, c["padding"].value)
        for name, hi in limits.items():  # lowering max also lowers a value above it
            c[name].max = hi

    return explorer(draw_im2col, controls, text=im2col_caption, constrain=constrain)
