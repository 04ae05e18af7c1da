"""Exercises where the learner builds the pooling passes: max/average pooling forward and backward (notebook 07).

The references are written with the public helpers (``maxpool_forward``, ``avgpool_backward`` ...);
each catalogue entry is a classic slip written out as code, with the hint it earns.
The convolution passes of notebook 06 are in ``bank_backward``.

Shapes: x (N, C, H, W), out and dout (N, C, OH, OW); square kernels and strides (ints).
"""

from __future__ import annotations

import numpy as np

from ..conv import col2im, im2col
from ..i18n import N_
from ..pool_kernels import avgpool_backward, avgpool_forward, maxpool_backward, maxpool_forward
from . import Case, Exercise, Mistake, register
from .bank_backward import _geometry


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


def _maxpool_shape_hint(got, exp):
    if got == exp:
        return None
    if len(got) == len(exp) and sorted(got) == sorted(exp):
        return N_("the channel axis C must be the second one: (N, C, OH, OW).")
    return N_(
        "the output is (N, C, OH, OW) = {exp}, with OH = (H - K) // S + 1 and the same for OW: do your windows "
        "step by the stride?",
        exp=exp,
    )


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
                    "the maxima are right but in the wrong places: im2col's rows go image, output row, output "
                    "column and then channel, so in your result the channel axis is out of place."
                ),
            ),
            Mistake(_maxpool_forward_mean, N_("that is the mean of each window; max pooling keeps its largest value.")),
        ],
        forbidden=("helpers.pool_kernels.maxpool_forward", "helpers.pooling.max_pool2d", "helpers.pooling._pool"),
        forbidden_hint=N_("im2col is allowed here: build the windows with it and take their maxima yourself."),
        shape_hint=_maxpool_shape_hint,
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
