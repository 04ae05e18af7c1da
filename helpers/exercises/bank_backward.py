"""Exercises where the learner builds the layers' passes: convolution forward/backward on im2col/col2im
(notebook 06) and max/average pooling forward/backward (notebook 07).

The references are written with the public helpers (``im2col``, ``col2im``, ``maxpool_forward`` ...);
each catalogue entry is a classic slip written out as code, with the hint it earns.

Shapes: x (N, C, H, W), W (F, C, K, K), b (F,), out and dout (N, F, OH, OW) for a convolution,
(N, C, OH, OW) for pooling; square kernels and strides (ints).
"""

from __future__ import annotations

import numpy as np

from ..conv import col2im, im2col
from ..i18n import N_, _, translated
from ..pool_kernels import avgpool_backward, avgpool_forward, maxpool_backward, maxpool_forward
from ..shapes import conv_output_size
from . import Case, Exercise, Mistake, register
from .core import _array_problem

# ------------------------------------------------------------------------------ shared pieces


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
                    "(N, OH, OW, F) first, then .transpose(0, 3, 1, 2) to (N, F, OH, OW)."
                ),
            ),
            Mistake(
                _conv_forward_w_reshaped,
                N_(
                    "W.reshape(-1, F) has the right shape but mixes up the weights: take W.reshape(F, -1) (one row "
                    "per filter, columns (c, u, v) like im2col) and transpose it, W.reshape(F, -1).T."
                ),
            ),
            Mistake(_conv_forward_no_bias, N_("add the bias b: one number per filter, broadcast over the rows.")),
        ],
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
                "dx": N_("dx = col2im(dout_col @ W.reshape(F, -1), x.shape, K, stride, padding), shape (N, C, H, W)."),
                "dW": N_("dW = (dout_col.T @ cols).reshape(W.shape): (F, N·OH·OW) @ (N·OH·OW, C·K·K)."),
                "db": N_(
                    "db has one entry per filter, summed over the batch AND the positions: dout.sum(axis=(0, 2, 3))."
                ),
            },
        ),
        mistakes=[
            Mistake(
                _conv_backward_dout_not_transposed,
                N_(
                    "dout.reshape(-1, F) does not give one row per output cell: move the filter axis last first, "
                    "dout_col = dout.transpose(0, 2, 3, 1).reshape(-1, F), the row order of im2col."
                ),
            ),
            Mistake(
                _conv_backward_dw_transposed,
                N_(
                    "cols.T @ dout_col is (C·K·K, F), the transpose of what W.reshape(F, -1) holds: use "
                    "dout_col.T @ cols, (F, C·K·K), then reshape to W.shape."
                ),
            ),
            Mistake(
                _conv_backward_db_first_image,
                N_("that is the first image's bias gradient only: sum over the whole batch too, axis=(0, 2, 3)."),
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
    )
)


# ---------------------------------------------------------------------- 07: pooling passes


def _pool_cases(seed, with_dout):
    rng = np.random.default_rng(seed)
    settings = [
        ((1, 1, 4, 4), 2, 2, N_("one 4×4 map, 2×2 windows")),
        ((2, 3, 6, 6), 2, 2, N_("2 images, 3 channels")),
        ((1, 2, 5, 5), 3, 2, N_("overlapping 3×3 windows, stride 2")),
        ((2, 1, 4, 6), 2, 1, N_("stride 1: every inner cell in 4 windows")),
        ((1, 2, 7, 7), 3, 3, N_("7 is not a multiple of 3: the last row and column are left out")),
        ((2, 2, 6, 6), 2, 2, N_("small integers: many ties")),
    ]
    cases = []
    for number, (shape, k, s, what) in enumerate(settings):
        if number == len(settings) - 1:
            x = rng.integers(0, 3, size=shape).astype(float)  # ties inside most windows
        elif number == 0:
            x = np.array([[[[1.0, 3, 2, 1], [4, 2, 0, 1], [5, 1, 3, 8], [0, 2, 4, 6]]]])
        else:
            x = rng.standard_normal(shape)
        n, c, h, w = shape
        out_shape = (n, c, (h - k) // s + 1, (w - k) // s + 1)
        if with_dout:
            dout = rng.standard_normal(out_shape)
            cases.append((dout, x, k, s, what))
        else:
            cases.append((x, k, s, what))
    return cases


def _per_channel_windows(x, k, s):
    """im2col rows cut per channel: (N·OH·OW·C, K·K), one window of one channel per row."""
    return im2col(x, k, s).reshape(-1, k * k)


def _maxpool_forward_ref(x, kernel_size=2, stride=2):
    """out (N, C, OH, OW): the largest value of each window, np.max over im2col's per-channel rows."""
    n, c = x.shape[:2]
    _, oh, ow = _geometry(x.shape, kernel_size, stride, 0)
    return np.max(_per_channel_windows(x, kernel_size, stride), axis=1).reshape(n, oh, ow, c).transpose(0, 3, 1, 2)


def _maxpool_forward_no_transpose(x, kernel_size=2, stride=2):
    n, c = x.shape[:2]
    _, oh, ow = _geometry(x.shape, kernel_size, stride, 0)
    return np.max(_per_channel_windows(x, kernel_size, stride), axis=1).reshape(n, c, oh, ow)


def _maxpool_forward_mean(x, kernel_size=2, stride=2):
    return avgpool_forward(x, kernel_size, stride)[0]


register(
    Exercise(
        id="maxpool_forward_im2col",
        kind="function",
        reference=_maxpool_forward_ref,
        cases=lambda: [Case((x, k), {"stride": s}, description=d) for x, k, s, d in _pool_cases(71, False)],
        title=N_("max-pool forward from im2col"),
        mistakes=[
            Mistake(
                _maxpool_forward_no_transpose,
                N_(
                    "the rows of im2col go (n, i, j) and then channel: reshape the maxima to (N, OH, OW, C) and "
                    ".transpose(0, 3, 1, 2)."
                ),
            ),
            Mistake(_maxpool_forward_mean, N_("that is the mean of each window: take np.max(col, axis=1).")),
        ],
        shape_hint=lambda got, exp: (
            N_(
                "cut im2col's rows per channel first, col = cols.reshape(-1, K*K), then np.max(col, axis=1) gives "
                "one maximum per window and channel, reshaped to (N, OH, OW, C) and transposed to {exp}.",
                exp=exp,
            )
            if got != exp
            else None
        ),
    )
)


def _maxpool_backward_ref(dout, x, kernel_size=2, stride=2):
    """dx (N, C, H, W): each dout value added to the FIRST maximum (row-major) of its window, as PyTorch."""
    _, cache = maxpool_forward(x, kernel_size, stride)
    return maxpool_backward(dout, cache)


def _maxpool_backward_all_ties(dout, x, kernel_size=2, stride=2):
    """Wrong: every cell equal to the maximum gets the whole gradient (a tie pays out twice)."""
    k, s = kernel_size, stride
    col = _per_channel_windows(x, k, s)
    mask = col == col.max(axis=1, keepdims=True)
    return _fold_pool(mask * _dout_rows(dout)[:, None], x.shape, k, s)


def _maxpool_backward_last_tie(dout, x, kernel_size=2, stride=2):
    """Wrong: among tied maxima the LAST one gets the gradient."""
    k, s = kernel_size, stride
    col = _per_channel_windows(x, k, s)
    last = k * k - 1 - np.argmax(col[:, ::-1], axis=1)
    routed = np.zeros_like(col)
    routed[np.arange(len(col)), last] = _dout_rows(dout)
    return _fold_pool(routed, x.shape, k, s)


def _maxpool_backward_overwrite(dout, x, kernel_size=2, stride=2):
    """Wrong: windows that share a maximum overwrite each other's gradient."""
    k, s = kernel_size, stride
    n, c = x.shape[:2]
    _, oh, ow = _geometry(x.shape, k, s, 0)
    col = _per_channel_windows(x, k, s).reshape(n, oh, ow, c, k * k)
    dx = np.zeros(x.shape)
    for i in range(oh):
        for j in range(ow):
            for nn in range(n):
                for cc in range(c):
                    u, v = divmod(int(np.argmax(col[nn, i, j, cc])), k)
                    dx[nn, cc, i * s + u, j * s + v] = dout[nn, cc, i, j]
    return dx


def _maxpool_backward_spread(dout, x, kernel_size=2, stride=2):
    _, cache = avgpool_forward(x, kernel_size, stride)
    return avgpool_backward(dout, cache)


def _dout_rows(dout):
    """(N, C, OH, OW) -> (N·OH·OW·C,), in the order of the per-channel im2col rows."""
    return dout.transpose(0, 2, 3, 1).reshape(-1)


def _fold_pool(routed, x_shape, k, s):
    """(N·OH·OW·C, K·K) per-channel rows back to (N, C, H, W), summing overlaps."""
    return col2im(routed.reshape(-1, x_shape[1] * k * k), x_shape, k, s)


register(
    Exercise(
        id="maxpool_backward",
        kind="function",
        reference=_maxpool_backward_ref,
        cases=lambda: [Case((dout, x, k), {"stride": s}, description=d) for dout, x, k, s, d in _pool_cases(72, True)],
        title=N_("max-pool backward"),
        mistakes=[
            Mistake(
                _maxpool_backward_all_ties,
                N_(
                    "when several cells tie for the maximum, only the FIRST one (np.argmax, row-major) gets the "
                    "gradient, as in PyTorch; a mask col == max pays the gradient out twice."
                ),
            ),
            Mistake(
                _maxpool_backward_last_tie,
                N_(
                    "when several cells tie for the maximum, the FIRST one in reading order gets the gradient "
                    "(np.argmax), not the last."
                ),
            ),
            Mistake(
                _maxpool_backward_overwrite,
                N_(
                    "a cell that is the maximum of two overlapping windows receives both gradients: add (+=), do not "
                    "overwrite (=)."
                ),
            ),
            Mistake(
                _maxpool_backward_spread,
                N_(
                    "that spreads each gradient evenly over its window (average pooling); max pooling sends all of "
                    "it to the window's maximum."
                ),
            ),
        ],
        shape_hint=N_("dx has the shape of the forward input x, (N, C, H, W)."),
    )
)


def _avgpool_backward_ref(dout, x_shape, kernel_size=2, stride=2):
    """dx (N, C, H, W) = Σ over the windows covering a cell of dout / (K·K)."""
    _, cache = avgpool_forward(np.zeros(x_shape), kernel_size, stride)
    return avgpool_backward(dout, cache)


def _avgpool_backward_not_divided(dout, x_shape, kernel_size=2, stride=2):
    return _avgpool_backward_ref(dout, x_shape, kernel_size, stride) * kernel_size**2


def _avgpool_backward_overwrite(dout, x_shape, kernel_size=2, stride=2):
    n, c, h, w = x_shape
    k, s = kernel_size, stride
    dx = np.zeros(x_shape)
    for i in range((h - k) // s + 1):
        for j in range((w - k) // s + 1):
            dx[:, :, i * s : i * s + k, j * s : j * s + k] = dout[:, :, i : i + 1, j : j + 1] / (k * k)
    return dx


def _avgpool_backward_by_side(dout, x_shape, kernel_size=2, stride=2):
    return _avgpool_backward_ref(dout, x_shape, kernel_size, stride) * kernel_size


def _cases_avgpool_backward():
    return [Case((dout, x.shape, k), {"stride": s}, description=d) for dout, x, k, s, d in _pool_cases(73, True)]


register(
    Exercise(
        id="avgpool_backward",
        kind="function",
        reference=_avgpool_backward_ref,
        cases=_cases_avgpool_backward,
        title=N_("average-pool backward"),
        mistakes=[
            Mistake(
                _avgpool_backward_not_divided,
                N_(
                    "each output is the mean of K·K cells, so each cell receives dout / (K·K): divide by the window size."
                ),
            ),
            Mistake(
                _avgpool_backward_by_side,
                N_("divide by the number of cells in the window, K·K (4 for a 2×2 window), not by K."),
            ),
            Mistake(
                _avgpool_backward_overwrite,
                N_("a cell inside two overlapping windows receives a share from each: add (+=), do not overwrite."),
            ),
        ],
        shape_hint=N_("dx has the shape of the forward input, x_shape = (N, C, H, W)."),
    )
)
