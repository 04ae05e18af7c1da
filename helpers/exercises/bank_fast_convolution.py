"""Exercises of notebook 06 (fast convolution: im2col and col2im)."""

import numpy as np

from ..i18n import N_, _
from ..shapes import conv_output_size
from . import Case, Exercise, Mistake, register
from .bank_backward import _GRADER_OWN, _col2im_overwrite
from .compare import a_type
from .core import _array_problem

# the shape question: x (N, C, H, W), kernel, stride, padding
SHAPE_QUESTION = {"x_shape": (2, 3, 7, 7), "kernel_size": 3, "stride": 2, "padding": 1}


def _shape_answer():
    n, c, h, _ = SHAPE_QUESTION["x_shape"]
    k = SHAPE_QUESTION["kernel_size"]
    o = conv_output_size(h, k, SHAPE_QUESTION["stride"], SHAPE_QUESTION["padding"])
    return (n * o * o, c * k * k)


register(
    Exercise(
        id="fast_im2col_shape",
        kind="value",
        expected=_shape_answer,
        hints={
            (27, 32): N_("rows are windows (one per output cell and image), columns are the C·KH·KW kernel offsets."),
            (16, 27): N_("the batch has 2 images: N·OH·OW rows."),
            (98, 27): N_("OH = 7 keeps the input's size, as stride 1 with padding 1 would: this layer has stride 2."),
            (2 * 5 * 5, 27): N_(
                "OH = 5 is what stride 1 without padding gives: this layer has padding 1 on each side and stride 2; "
                "use both."
            ),
            (2 * 3 * 3, 27): N_(
                "OH = 3 leaves out either the padding or the + 1 of the output-size formula: use both."
            ),
            (32, 9): N_("9 columns is one channel's 3×3 window: each row holds the window of every channel."),
        },
        explanation=N_("OH = OW = (7 + 2 - 3)//2 + 1 = 4, so N·OH·OW = 2·4·4 = 32 rows and C·KH·KW = 27 columns."),
    )
)


def _im2col_np(x, kernel_size, stride=1, padding=0):
    """im2col in plain numpy (the learner's answer may not call helpers.im2col, so neither may the
    reference nor the mistakes the check feeds it): rows (n, i, j), columns (c, u, v)."""
    n, c, h, w = x.shape
    k, s, p = kernel_size, stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    windows = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(2, 3))[:, :, ::s, ::s][:, :, :oh, :ow]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * k * k)


def _im2col_ref(x, kernel_size, stride=1, padding=0):
    return _im2col_np(x, kernel_size, stride, padding)


def _im2col_uvc(x, kernel_size, stride=1, padding=0):
    """Wrong: columns ordered (u, v, c) instead of (c, u, v)."""
    cols = _im2col_np(x, kernel_size, stride, padding)
    c = x.shape[1]
    k = kernel_size
    return cols.reshape(-1, c, k, k).transpose(0, 2, 3, 1).reshape(cols.shape)


def _im2col_no_pad(x, kernel_size, stride=1, padding=0):
    return _im2col_np(x, kernel_size, stride, 0)


def _im2col_cols_first(x, kernel_size, stride=1, padding=0):
    """Wrong: windows enumerated column by column (j before i)."""
    n = x.shape[0]
    o_h = conv_output_size(x.shape[2], kernel_size, stride, padding)
    o_w = conv_output_size(x.shape[3], kernel_size, stride, padding)
    cols = _im2col_np(x, kernel_size, stride, padding)
    return cols.reshape(n, o_h, o_w, -1).transpose(0, 2, 1, 3).reshape(cols.shape)


def _cases_im2col():
    rng = np.random.default_rng(61)
    settings = [
        ((1, 1, 4, 4), 2, 1, 0, N_("one 4×4 channel, 2×2 kernel")),
        ((2, 3, 5, 5), 3, 1, 0, N_("a batch of 2 RGB images")),
        ((1, 2, 7, 7), 3, 2, 1, N_("stride 2 and padding 1")),
        ((2, 1, 6, 5), 2, 2, 0, N_("a non-square input")),
        ((1, 3, 4, 4), 1, 1, 0, N_("a 1×1 kernel")),
        ((1, 1, 3, 3), 3, 1, 0, N_("one single window")),
        ((1, 2, 5, 5), 2, 3, 1, N_("stride larger than the kernel")),
    ]
    return [
        Case((rng.integers(-9, 10, size=shape).astype(float), k), {"stride": s, "padding": p}, description=d)
        for shape, k, s, p, d in settings
    ]


def _im2col_shape_hint(got, exp):
    if got != exp:
        return N_("expected (N·OH·OW, C·KH·KW) = {exp}; compute OH with (H + 2P - K)//S + 1.", exp=exp)
    return None


def _compare_im2col(got, expected):
    """An array problem, and a list (``cols.tolist()``) is "return a numpy array": im2col feeds a matrix product."""
    if got is not None and not isinstance(got, np.ndarray):
        return _("return a numpy array, the matrix itself (you returned {what})").format(what=a_type(got))
    return _array_problem(got, expected, 1e-6, 1e-9, _im2col_shape_hint)


register(
    Exercise(
        id="fast_im2col",
        kind="function",
        reference=_im2col_ref,
        cases=_cases_im2col,
        mistakes=[
            Mistake(
                _im2col_uvc,
                N_(
                    "the columns must be ordered (c, u, v): all of channel 0's window first, then channel "
                    "1's ... (the order of W.reshape(F, -1)): flatten each window as a (C, K, K) block, channel by "
                    "channel."
                ),
            ),
            Mistake(_im2col_no_pad, N_("pad x first (np.pad on the last two axes only) when padding > 0.")),
            Mistake(
                _im2col_cols_first,
                N_(
                    "rows go in reading order of the output: row = (n·OH + i)·OW + j, i.e. loop i "
                    "(rows) outside and j (columns) inside."
                ),
            ),
        ],
        forbidden=(
            "helpers.conv.im2col",
            "helpers.conv._window_view",
            "helpers.kernels._im2col_into",
            "helpers.conv.conv2d",
            "helpers.conv.conv2d_naive",  # a convolution with one-hot filters copies the windows too
            "helpers.conv.col2im",  # im2col is col2im's adjoint: a numerical gradient of <col2im(cols), x>
            "helpers.gradcheck.numerical_gradient",
            "helpers.gradcheck._central_difference",
            *_GRADER_OWN,
        ),
        forbidden_hint=N_(
            "pad with np.pad, then copy each output cell's window, all channels, into its row, flattened."
        ),
        shape_hint=_im2col_shape_hint,
        compare=_compare_im2col,
    )
)


def _col2im_np(cols, x_shape, kernel_size, stride=1, padding=0):
    """col2im in plain numpy: each row, read as (C, K, K), added (+=) into its window of a padded array."""
    n, c, h, w = x_shape
    k, s, p = kernel_size, stride, padding
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    out = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=np.result_type(cols.dtype, np.float64))
    rows = cols.reshape(n, oh, ow, c, k, k)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i * s : i * s + k, j * s : j * s + k] += rows[:, i, j]
    return out[:, :, p : p + h, p : p + w]


def _col2im_ref(cols, x_shape, kernel_size, stride=1, padding=0):
    return _col2im_np(cols, x_shape, kernel_size, stride, padding)


def _col2im_channels_last(cols, x_shape, kernel_size, stride=1, padding=0):
    """Wrong: each row read as (KH, KW, C) instead of (C, KH, KW)."""
    n, c, _, _ = x_shape
    k = kernel_size
    fixed = cols.reshape(-1, k, k, c).transpose(0, 3, 1, 2).reshape(cols.shape)
    return _col2im_np(fixed, x_shape, k, stride, padding)


def _cases_col2im():
    rng = np.random.default_rng(62)
    settings = [
        ((1, 1, 4, 4), 2, 1, 0, N_("one 4×4 channel, 2×2 windows overlapping by one cell")),
        ((1, 1, 5, 5), 3, 1, 0, N_("3×3 windows, the centre is covered 9 times")),
        ((2, 3, 5, 5), 3, 1, 0, N_("a batch of 2 images with 3 channels")),
        ((1, 2, 6, 6), 2, 2, 0, N_("no overlap: stride = kernel")),
        ((2, 2, 5, 7), 3, 2, 0, N_("a non-square input, stride 2")),
        ((1, 2, 5, 5), 3, 2, 1, N_("padding 1: the padded border is cut off again")),
        ((1, 1, 3, 3), 3, 1, 0, N_("one single window")),
    ]
    cases = []
    for shape, k, s, p, d in settings:
        oh = conv_output_size(shape[2], k, s, p)
        ow = conv_output_size(shape[3], k, s, p)
        cols = rng.integers(-5, 6, size=(shape[0] * oh * ow, shape[1] * k * k)).astype(float)
        cases.append(Case((cols, shape, k), {"stride": s, "padding": p}, description=d))
    return cases


register(
    Exercise(
        id="fast_col2im",
        kind="function",
        reference=_col2im_ref,
        cases=_cases_col2im,
        mistakes=[
            Mistake(
                _col2im_overwrite,
                N_(
                    "where windows overlap, their values must be ADDED (+=), not overwritten (=): in the "
                    "backward pass every window sends its own gradient to the cells it covered."
                ),
            ),
            Mistake(
                _col2im_channels_last,
                N_("each row is ordered (c, u, v), like im2col's: reshape it to (C, K, K), not (K, K, C)."),
            ),
        ],
        forbidden=(
            "helpers.conv.col2im",
            "helpers.conv.conv_transpose2d",
            "helpers.kernels.conv_backward",
            # col2im is im2col's adjoint: im2col of an index array + np.add.at, or a numerical gradient of
            # <im2col(x), cols>, would hand it over
            "helpers.conv.im2col",
            "helpers.conv._window_view",
            "helpers.kernels._im2col_into",
            "helpers.conv.conv2d",
            "helpers.conv.conv2d_naive",
            "helpers.gradcheck.numerical_gradient",
            "helpers.gradcheck._central_difference",
            *_GRADER_OWN,
        ),
        forbidden_hint=N_(
            "start from np.zeros of the padded shape (N, C, H + 2P, W + 2P), add (+=) each row, reshaped to "
            "(C, K, K), into its window, then cut the padding off."
        ),
        shape_hint=lambda got, exp: (
            (
                N_(
                    "the result has the shape of the original input, x_shape: cut the P padded rows and columns off each side again."
                )
                if got[:2] == exp[:2]
                else N_("the result has the shape of the original input, x_shape.")
            )
            if got != exp
            else None
        ),
    )
)
