"""Fast forward and backward kernels for the pooling layers (MaxPool2D, AvgPool2D).

Every function works on 4-D, channels-first batches and keeps a float dtype:

    out[n, c, i, j] = max_{u,v}  x_pad[n, c, i*S_h + u, j*S_w + v]        (max pooling)
    out[n, c, i, j] = mean_{u,v} x_pad[n, c, i*S_h + u, j*S_w + v]        (average pooling)
    OH = floor((H + 2P_h - KH) / S_h) + 1,   OW likewise

Each is one strided slice per kernel offset (u, v) -- no im2col copy; large
batches are split over threads (helpers.threads).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import Size, check_4d, number_array
from .padding import pad_hw
from .shapes import offset_slices, pool_geometry
from .threads import _parallel, _pieces, _workers

__all__ = ["maxpool_forward", "maxpool_backward", "avgpool_forward", "avgpool_backward"]


def _pool_setup(x, kernel_size, stride, padding, func):
    x = number_array(x, "x", func)
    check_4d(x, "x", func)
    k, s, p, o = pool_geometry(x.shape[-2:], kernel_size, stride, padding, func)
    return x, k, s, p, o


def maxpool_forward(
    x: ArrayLike, kernel_size: Size, stride: Size | None = None, padding: Size = 0
) -> tuple[np.ndarray, tuple]:
    """Max pooling forward pass.

    x : (N, C, H, W);  kernel_size, stride, padding : int or (h, w); stride None means kernel_size
    returns out : (N, C, OH, OW) and a cache for :func:`maxpool_backward`

        out[n, c, i, j] = max_{u,v} x_pad[n, c, i*S_h + u, j*S_w + v]
        OH = floor((H + 2P_h - KH) / S_h) + 1,  padding cells are -inf and never win

    The numbers equal ``helpers.max_pool2d``.  The cache records which offset
    k = u*KW + v won each window (uint8): the first maximum in row-major order,
    as PyTorch; a window holding NaN outputs NaN and records its first NaN.  One strided slice per offset, no im2col copy.
    """
    func = "maxpool_forward"
    x, (kh, kw), s, (ph, pw), (oh, ow) = _pool_setup(x, kernel_size, stride, padding, func)
    if np.issubdtype(x.dtype, np.floating):
        fill = -np.inf
    else:
        fill = np.iinfo(x.dtype).min
    xp = pad_hw(x, ph, ph, pw, pw, fill)
    small = kh * kw < 256
    shape = x.shape[:2] + (oh, ow)
    out = np.empty(shape, dtype=x.dtype)
    arg = np.zeros(shape, dtype=np.uint8 if small else np.int32)
    better = np.empty(shape, dtype=bool)
    # A NaN wins its window (as in PyTorch): the output is NaN there, so the gradient goes to it.
    nan = np.issubdtype(x.dtype, np.floating) and x.size > 0 and bool(np.isnan(x.max()))

    def part(worker, n0, n1):  # images n0..n1-1
        o, a, b, src = out[n0:n1], arg[n0:n1], better[n0:n1], xp[n0:n1]
        for k in range(kh * kw):
            window = src[(..., *offset_slices(k // kw, k % kw, s, (oh, ow)))]
            if k == 0:
                o[...] = window
                continue
            np.greater(window, o, out=b)  # strict: an earlier maximum keeps the window
            if nan:
                b |= np.isnan(window) & ~np.isnan(o)  # the first NaN wins; later ones do not
            if small:
                # offsets come in increasing order, so "k where better, else keep" is a maximum
                np.maximum(a, b.view(np.uint8) * np.uint8(k), out=a)
            else:
                np.copyto(a, k, where=b)
            np.maximum(o, window, out=o)

    N = x.shape[0]
    workers = _workers(N, xp.nbytes)
    _parallel(part, _pieces(N, workers, xp.nbytes / max(N, 1)), workers)
    cache = (arg, x.shape, (kh, kw), s, (ph, pw), (oh, ow))
    return out, cache


def maxpool_backward(dout: ArrayLike, cache: tuple) -> np.ndarray:
    """Max pooling backward pass: each window's gradient goes to its (first) maximum.

    dout : (N, C, OH, OW);  cache : from :func:`maxpool_forward`
    returns dx : (N, C, H, W)

        dx_pad[n, c, i*S_h + u*, j*S_w + v*] += dout[n, c, i, j]
        where (u*, v*) is the first offset (row-major) holding the window's maximum
    """
    func = "maxpool_backward"
    arg, x_shape, (kh, kw), s, (ph, pw), (oh, ow) = cache
    dout = number_array(dout, "dout", func)
    if dout.shape != arg.shape:
        raise ValueError(f"{func}: dout must have the shape of the forward output {arg.shape}, got {dout.shape}")
    N, C, H, W = x_shape
    dtype = dout.dtype if np.issubdtype(dout.dtype, np.floating) else np.dtype(np.float64)
    dout = dout.astype(dtype, copy=False)
    Hp, Wp = H + 2 * ph, W + 2 * pw
    sh, sw = s
    # Windows that neither overlap nor leave gaps cover every cell once: each
    # offset's slice can be written (=) instead of accumulated (+=), no zeroing.
    tiles = (sh, sw) == (kh, kw) and (Hp, Wp) == (oh * kh, ow * kw)
    dx_pad = np.empty((N, C, Hp, Wp), dtype=dtype) if tiles else np.zeros((N, C, Hp, Wp), dtype=dtype)
    overlap = sh < kh or sw < kw
    mask = np.empty(arg.shape, dtype=dtype)
    tmp = np.empty(arg.shape, dtype=dtype) if overlap else None

    def part(worker, n0, n1):  # images n0..n1-1
        a, d, m, dx = arg[n0:n1], dout[n0:n1], mask[n0:n1], dx_pad[n0:n1]
        for k in range(kh * kw):
            target = dx[(..., *offset_slices(k // kw, k % kw, s, (oh, ow)))]
            np.equal(a, k, out=m, casting="unsafe")  # 1.0 where offset k won, else 0.0
            if overlap:
                target += np.multiply(d, m, out=tmp[n0:n1])
            else:
                np.multiply(d, m, out=target)

    workers = _workers(N, dx_pad.nbytes)
    _parallel(part, _pieces(N, workers, dx_pad.nbytes / max(N, 1)), workers)
    if ph or pw:
        return np.ascontiguousarray(dx_pad[:, :, ph : ph + H, pw : pw + W])
    return dx_pad


def avgpool_forward(
    x: ArrayLike, kernel_size: Size, stride: Size | None = None, padding: Size = 0
) -> tuple[np.ndarray, tuple]:
    """Average pooling forward pass.

    x : (N, C, H, W);  kernel_size, stride, padding : int or (h, w); stride None means kernel_size
    returns out : (N, C, OH, OW) and a cache for :func:`avgpool_backward`

        out[n, c, i, j] = (1 / (KH*KW)) * sum_{u,v} x_pad[n, c, i*S_h + u, j*S_w + v]

    Padding cells count as zeros (PyTorch's count_include_pad=True); the
    numbers equal ``helpers.avg_pool2d``.  Integer input is averaged in float64.
    """
    func = "avgpool_forward"
    x, (kh, kw), s, (ph, pw), (oh, ow) = _pool_setup(x, kernel_size, stride, padding, func)
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.dtype(np.float64)
    xp = pad_hw(x.astype(dtype, copy=False), ph, ph, pw, pw, 0)
    out = None
    for u in range(kh):
        for v in range(kw):
            part = xp[(..., *offset_slices(u, v, s, (oh, ow)))]
            if out is None:
                out = part.copy()
            else:
                out += part
    out /= kh * kw
    cache = (x.shape, (kh, kw), s, (ph, pw), (oh, ow), dtype)
    return out, cache


def avgpool_backward(dout: ArrayLike, cache: tuple) -> np.ndarray:
    """Average pooling backward pass: each window's gradient is shared equally.

    dout : (N, C, OH, OW);  cache : from :func:`avgpool_forward`
    returns dx : (N, C, H, W)

        dx_pad[n, c, i*S_h + u, j*S_w + v] += dout[n, c, i, j] / (KH*KW)   for every offset (u, v)
    """
    func = "avgpool_backward"
    x_shape, (kh, kw), s, (ph, pw), (oh, ow), dtype = cache
    N, C, H, W = x_shape
    dout = number_array(dout, "dout", func)
    if dout.shape != (N, C, oh, ow):
        raise ValueError(f"{func}: dout must have the shape of the forward output {(N, C, oh, ow)}, got {dout.shape}")
    share = (dout / (kh * kw)).astype(dtype, copy=False)
    dx_pad = np.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=dtype)
    for u in range(kh):
        for v in range(kw):
            rows, columns = offset_slices(u, v, s, (oh, ow))
            dx_pad[:, :, rows, columns] += share
    if ph or pw:
        return np.ascontiguousarray(dx_pad[:, :, ph : ph + H, pw : pw + W])
    return dx_pad
