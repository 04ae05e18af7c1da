"""Exercises where the learner builds a convolution layer's passes on im2col/col2im (notebook 06).

The references are written with the public helpers (``im2col``, ``col2im``);
each catalogue entry is a classic slip written out as code, with the hint it earns.
The pooling passes of notebook 07 are in ``bank_backward_pooling``.

Shapes: x (N, C, H, W), W (F, C, K, K), b (F,), out and dout (N, F, OH, OW); square kernels and strides (ints).
"""

from __future__ import annotations

import numpy as np

from ..conv import col2im, im2col
from ..i18n import N_, _, translated
from ..shapes import conv_output_size
from . import Case, Exercise, Mistake, register
from .core import _array_problem

# ------------------------------------------------------------------------------ shared pieces

# the grader's own implementations (the references and the known mistakes call them): forbidden while the
# learner's function runs, as the library's are; the check itself calls them outside that window
_GRADER_OWN = tuple(
    f"helpers.exercises.{module}.{name}"
    for module, names in {
        "bank_fast_convolution": ("_im2col_np", "_im2col_ref", "_col2im_np", "_col2im_ref"),
        "bank_backward": ("_conv_forward_ref", "_conv_backward_ref", "_backward_with"),
    }.items()
    for name in names
)


def _geometry(x_shape, k, stride, padding):
    n, _, h, w = x_shape
    return n, conv_output_size(h, k, stride, padding), conv_output_size(w, k, stride, padding)


def _col2im_overwrite(cols, x_shape, k, stride=1, padding=0):
    """Wrong col2im: ``=`` instead of ``+=``, so where windows overlap the last one wins."""
    n, c, h, w = x_shape
    _, oh, ow = _geometry(x_shape, k, stride, padding)
    xp = np.zeros((n, c, h + 2 * padding, w + 2 * padding))
    rows = cols.reshape(n, oh, ow, c, k, k)
    for i in range(oh):
        for j in range(ow):
            xp[:, :, i * stride : i * stride + k, j * stride : j * stride + k] = rows[:, i, j]
    return xp[:, :, padding : padding + h, padding : padding + w]


def compare_outputs(names: tuple[str, ...], hints: dict[str, str]):
    """A ``compare`` for a function returning several arrays (e.g. ``names = ("dx", "dW", "db")``).

    Says which output is wrong first, with the hint for that output; known mistakes add their own hint.
    """
    wanted = ", ".join(names)

    def compare(got, expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(names):
            what = (
                _("{n} values").format(n=len(got))
                if isinstance(got, (tuple, list))
                else _("a {type}").format(type=type(got).__name__)
            )
            return _("return {n} arrays, `return {wanted}` (you returned {what})").format(
                n=len(names), wanted=wanted, what=what
            )
        for name, g, e in zip(names, got, expected):
            problem = _array_problem(g, e, 1e-6, 1e-9, None)
            if problem is not None:
                return _("{name}: {problem}. Hint: {hint}").format(
                    name=name, problem=problem, hint=translated(hints[name])
                )
        return None

    return compare


# ------------------------------------------------------------------ 06: convolution forward


def _conv_forward_ref(x, W, b, stride=1, padding=0):
    """out (N, F, OH, OW) = reshape(cols @ W.reshape(F, -1).T + b), cols = im2col(x) (N·OH·OW, C·K·K)."""
    F, _, K, _ = W.shape
    n, oh, ow = _geometry(x.shape, K, stride, padding)
    cols = im2col(x, K, stride, padding)
    return (cols @ W.reshape(F, -1).T + b).reshape(n, oh, ow, F).transpose(0, 3, 1, 2)


def _conv_forward_no_transpose(x, W, b, stride=1, padding=0):
    """Wrong: the (N·OH·OW, F) product reshaped straight to (N, F, OH, OW), without the transpose."""
    F, _, K, _ = W.shape
    n, oh, ow = _geometry(x.shape, K, stride, padding)
    return (im2col(x, K, stride, padding) @ W.reshape(F, -1).T + b).reshape(n, F, oh, ow)


def _conv_forward_w_reshaped(x, W, b, stride=1, padding=0):
    """Wrong: W.reshape(-1, F) instead of W.reshape(F, -1).T (the same shape, scrambled weights)."""
    F, _, K, _ = W.shape
    n, oh, ow = _geometry(x.shape, K, stride, padding)
    return (im2col(x, K, stride, padding) @ W.reshape(-1, F) + b).reshape(n, oh, ow, F).transpose(0, 3, 1, 2)


def _conv_forward_no_bias(x, W, b, stride=1, padding=0):
    return _conv_forward_ref(x, W, np.zeros_like(b), stride, padding)


def _conv_cases(seed):
    rng = np.random.default_rng(seed)
    settings = [
        ((2, 3, 5, 5), 4, 3, 1, 0, N_("2 images, 3 channels, 4 filters")),
        ((1, 1, 4, 4), 1, 2, 1, 0, N_("one channel, one filter")),
        ((2, 2, 7, 7), 3, 3, 2, 1, N_("stride 2 and padding 1")),
        ((3, 2, 6, 5), 2, 2, 1, 1, N_("a non-square input, padding 1")),
        ((1, 3, 4, 4), 5, 1, 1, 0, N_("a 1×1 kernel")),
        ((2, 1, 6, 6), 2, 3, 3, 0, N_("stride = kernel, no overlap")),
    ]
    cases = []
    for shape, f, k, s, p, what in settings:
        x = rng.standard_normal(shape)
        W = rng.standard_normal((f, shape[1], k, k))
        b = rng.standard_normal(f)
        cases.append((x, W, b, s, p, what))
    return cases


def _cases_conv_forward():
    return [Case((x, W, b), {"stride": s, "padding": p}, description=d) for x, W, b, s, p, d in _conv_cases(63)]


register(
    Exercise(
        id="conv_forward_im2col",
        kind="function",
        reference=_conv_forward_ref,
        cases=_cases_conv_forward,
        title=N_("convolution forward from im2col"),
        mistakes=[
            Mistake(
                _conv_forward_no_transpose,
                N_(
                    "the product has one row per output cell (n, i, j) and one column per filter: reshape it to "
                    "(N, OH, OW, F) first, then move the filter axis to second place, (N, F, OH, OW)."
                ),
            ),
            Mistake(
                _conv_forward_w_reshaped,
                N_(
                    "W.reshape(-1, F) has the right shape but mixes up the weights: its columns are not the filters. "
                    "Each column of the matrix must hold one filter's C·K·K weights, in im2col's (c, u, v) order."
                ),
            ),
            Mistake(_conv_forward_no_bias, N_("add the bias b: one number per filter, broadcast over the rows.")),
        ],
        forbidden=(
            "helpers.kernels.conv_forward",
            "helpers.kernels._conv_core",
            "helpers.conv.conv2d",
            "helpers.conv.conv2d_naive",
            "helpers.conv.conv_transpose2d",
            *_GRADER_OWN,
        ),
        forbidden_hint=N_(
            "im2col is allowed here; do the rest yourself: one matrix product of the windows (N·OH·OW, C·K·K) with "
            "the flattened filters, plus the bias, brought to the shape (N, F, OH, OW)."
        ),
        shape_hint=lambda got, exp: (
            N_("expected (N, F, OH, OW) = {exp}: reshape the product to (N, OH, OW, F) and transpose.", exp=exp)
            if got != exp
            else None
        ),
    )
)


# ----------------------------------------------------------------- 06: convolution backward


def _dout_col(dout):
    """(N, F, OH, OW) -> (N·OH·OW, F): rows in the order of im2col's rows."""
    return dout.transpose(0, 2, 3, 1).reshape(-1, dout.shape[1])


def _conv_backward_ref(dout, x, W, stride=1, padding=0):
    """dx (N, C, H, W), dW (F, C, K, K), db (F,) of out = conv(x, W) + b.

    dW = (dout_colᵀ · cols).reshape(W.shape), db = Σ_{n,i,j} dout, dx = col2im(dout_col · W_col).
    """
    F, _, K, _ = W.shape
    cols = im2col(x, K, stride, padding)
    d = _dout_col(dout)
    dW = (d.T @ cols).reshape(W.shape)
    db = dout.sum(axis=(0, 2, 3))
    dx = col2im(d @ W.reshape(F, -1), x.shape, K, stride, padding)
    return dx, dW, db


def _backward_with(dout, x, W, stride, padding, *, d=None, dW=None, db=None, fold=col2im):
    F, _, K, _ = W.shape
    cols = im2col(x, K, stride, padding)
    d = _dout_col(dout) if d is None else d
    dW = (d.T @ cols).reshape(W.shape) if dW is None else dW
    db = dout.sum(axis=(0, 2, 3)) if db is None else db
    return fold(d @ W.reshape(F, -1), x.shape, K, stride, padding), dW, db


def _conv_backward_dout_not_transposed(dout, x, W, stride=1, padding=0):
    """Wrong: dout.reshape(-1, F) reads (N, F, OH, OW) in memory order, not row (n, i, j) by filter."""
    return _backward_with(dout, x, W, stride, padding, d=dout.reshape(-1, dout.shape[1]))


def _conv_backward_dw_transposed(dout, x, W, stride=1, padding=0):
    """Wrong: (colsᵀ · dout_col) is (C·K·K, F); reshaping it to (F, C, K, K) scrambles it."""
    cols = im2col(x, W.shape[2], stride, padding)
    return _backward_with(dout, x, W, stride, padding, dW=(cols.T @ _dout_col(dout)).reshape(W.shape))


def _conv_backward_db_first_image(dout, x, W, stride=1, padding=0):
    """Wrong: the bias gradient of the first image only."""
    return _backward_with(dout, x, W, stride, padding, db=dout[0].sum(axis=(1, 2)))


def _conv_backward_db_mean(dout, x, W, stride=1, padding=0):
    """Wrong: averaged over the batch instead of summed."""
    return _backward_with(dout, x, W, stride, padding, db=dout.sum(axis=(2, 3)).mean(axis=0))


def _conv_backward_dx_overwrite(dout, x, W, stride=1, padding=0):
    return _backward_with(dout, x, W, stride, padding, fold=_col2im_overwrite)


def _cases_conv_backward():
    rng = np.random.default_rng(64)
    cases = []
    for x, W, _b, s, p, d in _conv_cases(65):
        _, oh, ow = _geometry(x.shape, W.shape[2], s, p)
        dout = rng.standard_normal((x.shape[0], W.shape[0], oh, ow))
        cases.append(Case((dout, x, W), {"stride": s, "padding": p}, description=d))
    return cases


register(
    Exercise(
        id="conv_backward_col2im",
        kind="function",
        reference=_conv_backward_ref,
        cases=_cases_conv_backward,
        title=N_("convolution backward from col2im"),
        compare=compare_outputs(
            ("dx", "dW", "db"),
            {
                "dx": N_(
                    "dx (N, C, H, W): a product of dout_col (N·OH·OW, F) with the flattened filters (F, C·K·K), "
                    "one row per window, folded back into the image with col2im (overlaps add up)."
                ),
                "dW": N_(
                    "dW (F, C, K, K): a product over the windows of dout_col (N·OH·OW, F) and cols "
                    "(N·OH·OW, C·K·K), giving (F, C·K·K), reshaped to W's shape."
                ),
                "db": N_(
                    "db has one entry per filter (F,), summed over the batch AND the positions: think about which "
                    "axis to sum."
                ),
            },
        ),
        mistakes=[
            Mistake(
                _conv_backward_dout_not_transposed,
                N_(
                    "dout.reshape(-1, F) does not give one row per output cell: move the filter axis last before "
                    "you flatten, so that the rows of dout_col (N·OH·OW, F) follow im2col's order (n, i, j)."
                ),
            ),
            Mistake(
                _conv_backward_dw_transposed,
                N_(
                    "your product over the windows is (C·K·K, F), the transpose of W's layout (F, C·K·K): multiply "
                    "in the other order, then reshape to W's shape."
                ),
            ),
            Mistake(
                _conv_backward_db_first_image,
                N_(
                    "that is the first image's bias gradient only: sum over the whole batch too, not only the positions."
                ),
            ),
            Mistake(
                _conv_backward_db_mean,
                N_("sum over the batch, do not average: the 1/N of the mean loss is already inside dout."),
            ),
            Mistake(
                _conv_backward_dx_overwrite,
                N_(
                    "where windows overlap, dx must ADD every window's gradient (col2im with +=); yours keeps only "
                    "the last window's."
                ),
            ),
        ],
        forbidden=(
            "helpers.kernels.conv_backward",
            # answers with no backward pass: a numerical gradient of sum(conv(x, W) * dout), or dx as the
            # transposed convolution the page demonstrates
            "helpers.gradcheck.numerical_gradient",
            "helpers.gradcheck._central_difference",
            "helpers.conv.conv2d",
            "helpers.conv.conv2d_naive",
            "helpers.conv.conv_transpose2d",
            "helpers.kernels.conv_forward",
            "helpers.kernels._conv_core",
            *_GRADER_OWN,
        ),
        forbidden_hint=N_(
            "im2col and col2im are allowed here; the three gradients are yours to compute, as the hint table "
            "above Exercise 5 describes."
        ),
    )
)
