"""Fast forward and backward kernels for convolution and pooling layers.

These are the numerical engines behind ``helpers.layers`` (Conv2D, MaxPool2D,
AvgPool2D).  Every function works on 4-D, channels-first batches and keeps the
dtype of its inputs: float32 in, float32 out, with no float64 temporaries.

Notation (N batch, C input channels, F filters, KH x KW kernel, S stride,
P padding, K = C*KH*KW, L = OH*OW):

    x_pad = x with P zeros added on each side of H and W
    OH = floor((H + 2P_h - KH) / S_h) + 1,   OW likewise

Convolution (cross-correlation, as deep-learning frameworks compute it)::

    out[n, f, i, j] = b[f] + sum_{c,u,v} x_pad[n, c, i*S_h + u, j*S_w + v] * W[f, c, u, v]

computed as one matrix product per image on an im2col matrix laid out
(N, K, L), so the product ``W.reshape(F, K) @ cols[n]`` is already (F, L),
i.e. NCHW, without any transpose.  The backward pass::

    dW[f, c, u, v] = sum_{n,i,j} dout[n, f, i, j] * x_pad[n, c, i*S_h + u, j*S_w + v]
    db[f]          = sum_{n,i,j} dout[n, f, i, j]
    dx_pad[n, c, i*S_h + u, j*S_w + v] += sum_f dout[n, f, i, j] * W[f, c, u, v]

``dx`` is assembled col2im-style: one matrix product gives the gradient of
every column, then one strided ``+=`` per kernel offset (u, v) adds it back
into the padded image, and the padding border is cut off.

Pooling is done with one strided slice per kernel offset (no im2col copy).
"""
from __future__ import annotations

import numpy as np

from .conv import geometry
from .pooling import pool_geometry

__all__ = [
    "conv_forward",
    "conv_backward",
    "maxpool_forward",
    "maxpool_backward",
    "avgpool_forward",
    "avgpool_backward",
]


# --------------------------------------------------------------------------- helpers

def _as_float_array(a, name, func):
    if not isinstance(a, np.ndarray):
        a = np.asarray(a)
    if not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise TypeError(f"{func}: {name} must hold numbers, got dtype {a.dtype}; pass a float array")
    return a


def _check_4d(x, name, func, layout="(N, C, H, W)"):
    if x.ndim != 4:
        raise ValueError(
            f"{func}: {name} must be 4-D {layout}, got shape {x.shape}; "
            f"for a single image use {name}[None] to add the batch axis"
        )


def _float_dtype(*arrays):
    dtype = np.result_type(*arrays)
    if not np.issubdtype(dtype, np.floating):
        dtype = np.dtype(np.float64)
    return dtype


def _pad_hw(x, top, bottom, left, right, fill=0):
    """x (N, C, H, W) -> a new (N, C, H+top+bottom, W+left+right) array, border = fill, same dtype."""
    if not (top or bottom or left or right):
        return x
    N, C, H, W = x.shape
    out = np.empty((N, C, H + top + bottom, W + left + right), dtype=x.dtype)
    if top:
        out[:, :, :top] = fill
    if bottom:
        out[:, :, H + top:] = fill
    if left:
        out[:, :, top:top + H, :left] = fill
    if right:
        out[:, :, top:top + H, W + left:] = fill
    out[:, :, top:top + H, left:left + W] = x
    return out


def _offset_slices(u, v, stride, out_hw):
    """The strided slice of a padded map holding kernel offset (u, v) of every window."""
    (sh, sw), (oh, ow) = stride, out_hw
    return (slice(u, u + sh * (oh - 1) + 1, sh), slice(v, v + sw * (ow - 1) + 1, sw))


def _im2col_nkl(x_pad, N, C, KH, KW, OH, OW, stride):
    """cols (N, C*KH*KW, OH*OW): cols[n, (c*KH + u)*KW + v, i*OW + j] = x_pad[n, c, i*S_h + u, j*S_w + v]."""
    cols = np.empty((N, C, KH, KW, OH, OW), dtype=x_pad.dtype)
    for u in range(KH):
        for v in range(KW):
            rows, columns = _offset_slices(u, v, stride, (OH, OW))
            cols[:, :, u, v] = x_pad[:, :, rows, columns]
    return cols.reshape(N, C * KH * KW, OH * OW)


# --------------------------------------------------------------------------- convolution

def conv_forward(x, W, b=None, stride=1, padding=0):
    """Convolution layer forward pass.

    x : (N, C, H, W)            W : (F, C, KH, KW)          b : (F,) or None
    stride, padding : int or (h, w)
    returns out : (N, F, OH, OW) and a cache for :func:`conv_backward`

        out[n, f, i, j] = b[f] + sum_{c,u,v} x_pad[n, c, i*S_h + u, j*S_w + v] * W[f, c, u, v]
        OH = floor((H + 2P_h - KH) / S_h) + 1,  OW likewise

    The dtype follows x, W and b (all float32 -> float32, with no float64
    temporaries); the numbers equal ``helpers.conv2d(x, W, b, stride, padding)``.
    """
    func = "conv_forward"
    x = _as_float_array(x, "x", func)
    W = _as_float_array(W, "W", func)
    _check_4d(x, "x", func)
    _check_4d(W, "W", func, "(F, C, KH, KW)")
    N, C, H, Wd = x.shape
    F, Cw, KH, KW = W.shape
    if C != Cw:
        raise ValueError(
            f"{func}: x has {C} channels but W expects {Cw} (W.shape[1]); weights are "
            f"(out_channels, in_channels, KH, KW), so W must have shape ({F}, {C}, {KH}, {KW})"
        )
    if b is not None:
        b = _as_float_array(b, "b", func)
        if b.shape != (F,):
            raise ValueError(f"{func}: b must have one bias per filter, shape ({F},), got shape {b.shape}")
        dtype = _float_dtype(x, W, b)
    else:
        dtype = _float_dtype(x, W)
    geo = geometry(x.shape, (KH, KW), stride, padding, 1, func)
    x = x.astype(dtype, copy=False)
    W = W.astype(dtype, copy=False)
    top, bottom, left, right = geo.padding
    x_pad = _pad_hw(x, top, bottom, left, right)
    OH, OW = geo.OH, geo.OW
    K, L = C * KH * KW, OH * OW
    if KH == 1 and KW == 1 and geo.stride == (1, 1):
        cols = np.ascontiguousarray(x_pad).reshape(N, K, L)
    else:
        cols = _im2col_nkl(x_pad, N, C, KH, KW, OH, OW, geo.stride)
    W2 = np.ascontiguousarray(W).reshape(F, K)
    out = np.matmul(W2, cols)                          # (N, F, L): already NCHW
    if b is not None:
        out += b.astype(dtype, copy=False)[:, None]
    cache = (cols, W2, b is not None, x.shape, W.shape, geo, dtype)
    return out.reshape(N, F, OH, OW), cache


def conv_backward(dout, cache, need_dx=True):
    """Convolution layer backward pass.

    dout : (N, F, OH, OW), the gradient of the loss with respect to ``out``
    cache : what :func:`conv_forward` returned
    need_dx : False skips the input gradient (a first layer does not need it)
    returns (dx or None, dW, db): dx (N, C, H, W), dW (F, C, KH, KW), db (F,) or
    None when the forward pass had no bias

        dW[f, c, u, v] = sum_{n,i,j} dout[n, f, i, j] * x_pad[n, c, i*S_h + u, j*S_w + v]
        db[f]          = sum_{n,i,j} dout[n, f, i, j]
        dx = dx_pad without its border, where
        dx_pad[n, c, i*S_h + u, j*S_w + v] += sum_f dout[n, f, i, j] * W[f, c, u, v]
    """
    func = "conv_backward"
    cols, W2, has_bias, x_shape, W_shape, geo, dtype = cache
    N, C, H, Wd = x_shape
    F, _, KH, KW = W_shape
    OH, OW = geo.OH, geo.OW
    dout = _as_float_array(dout, "dout", func)
    if dout.shape != (N, F, OH, OW):
        raise ValueError(
            f"{func}: dout must have the shape of the forward output (N, F, OH, OW) = {(N, F, OH, OW)}, "
            f"got {dout.shape}"
        )
    d3 = np.ascontiguousarray(dout, dtype=dtype).reshape(N, F, OH * OW)
    # dW: one (F, L) @ (L, K) product per image, summed over the batch.
    dW = np.matmul(d3, cols.transpose(0, 2, 1)).sum(axis=0).reshape(W_shape)
    db = d3.sum(axis=2).sum(axis=0) if has_bias else None
    if not need_dx:
        return None, dW, db
    dcols = np.matmul(W2.T, d3)                        # (N, K, L)
    if KH == 1 and KW == 1 and geo.stride == (1, 1) and not any(geo.padding):
        return dcols.reshape(x_shape), dW, db
    top, bottom, left, right = geo.padding
    ph, pw = H + top + bottom, Wd + left + right
    dx_pad = np.zeros((N, C, ph, pw), dtype=dtype)
    d6 = dcols.reshape(N, C, KH, KW, OH, OW)
    for u in range(KH):
        for v in range(KW):
            rows, columns = _offset_slices(u, v, geo.stride, (OH, OW))
            dx_pad[:, :, rows, columns] += d6[:, :, u, v]
    if top or bottom or left or right:
        dx = np.ascontiguousarray(dx_pad[:, :, top:top + H, left:left + Wd])
    else:
        dx = dx_pad
    return dx, dW, db


# --------------------------------------------------------------------------- pooling

def _pool_setup(x, kernel_size, stride, padding, func):
    x = _as_float_array(x, "x", func)
    _check_4d(x, "x", func)
    k, s, p, o = pool_geometry(x.shape[-2:], kernel_size, stride, padding, func)
    return x, k, s, p, o


def maxpool_forward(x, kernel_size, stride=None, padding=0):
    """Max pooling forward pass.

    x : (N, C, H, W);  kernel_size, stride, padding : int or (h, w); stride None means kernel_size
    returns out : (N, C, OH, OW) and a cache for :func:`maxpool_backward`

        out[n, c, i, j] = max_{u,v} x_pad[n, c, i*S_h + u, j*S_w + v]
        OH = floor((H + 2P_h - KH) / S_h) + 1,  padding cells are -inf and never win

    The numbers equal ``helpers.max_pool2d``.  The cache records which offset
    (u, v) won each window: the first maximum in row-major order, as PyTorch.
    """
    func = "maxpool_forward"
    x, (kh, kw), s, (ph, pw), (oh, ow) = _pool_setup(x, kernel_size, stride, padding, func)
    if np.issubdtype(x.dtype, np.floating):
        fill = -np.inf
    else:
        fill = np.iinfo(x.dtype).min
    xp = _pad_hw(x, ph, ph, pw, pw, fill)
    out = None
    arg = np.zeros(x.shape[:2] + (oh, ow), dtype=np.uint8 if kh * kw < 256 else np.int32)
    k = 0
    for u in range(kh):
        for v in range(kw):
            part = xp[(..., *_offset_slices(u, v, s, (oh, ow)))]
            if out is None:
                out = part.copy()
            else:
                better = part > out                    # strict: the first maximum keeps the window
                np.copyto(arg, k, where=better)
                np.maximum(out, part, out=out)
            k += 1
    cache = (arg, x.shape, (kh, kw), s, (ph, pw), (oh, ow))
    return out, cache


def maxpool_backward(dout, cache):
    """Max pooling backward pass: each window's gradient goes to its (first) maximum.

    dout : (N, C, OH, OW);  cache : from :func:`maxpool_forward`
    returns dx : (N, C, H, W)

        dx_pad[n, c, i*S_h + u*, j*S_w + v*] += dout[n, c, i, j]
        where (u*, v*) is the first offset (row-major) holding the window's maximum
    """
    func = "maxpool_backward"
    arg, x_shape, (kh, kw), s, (ph, pw), (oh, ow) = cache
    dout = _as_float_array(dout, "dout", func)
    if dout.shape != arg.shape:
        raise ValueError(f"{func}: dout must have the shape of the forward output {arg.shape}, got {dout.shape}")
    N, C, H, W = x_shape
    dtype = dout.dtype if np.issubdtype(dout.dtype, np.floating) else np.float64
    dx_pad = np.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=dtype)
    k = 0
    for u in range(kh):
        for v in range(kw):
            rows, columns = _offset_slices(u, v, s, (oh, ow))
            dx_pad[:, :, rows, columns] += np.where(arg == k, dout, 0).astype(dtype, copy=False)
            k += 1
    if ph or pw:
        return np.ascontiguousarray(dx_pad[:, :, ph:ph + H, pw:pw + W])
    return dx_pad


def avgpool_forward(x, kernel_size, stride=None, padding=0):
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
    xp = _pad_hw(x.astype(dtype, copy=False), ph, ph, pw, pw, 0)
    out = None
    for u in range(kh):
        for v in range(kw):
            part = xp[(..., *_offset_slices(u, v, s, (oh, ow)))]
            if out is None:
                out = part.copy()
            else:
                out += part
    out /= kh * kw
    cache = (x.shape, (kh, kw), s, (ph, pw), (oh, ow), dtype)
    return out, cache


def avgpool_backward(dout, cache):
    """Average pooling backward pass: each window's gradient is shared equally.

    dout : (N, C, OH, OW);  cache : from :func:`avgpool_forward`
    returns dx : (N, C, H, W)

        dx_pad[n, c, i*S_h + u, j*S_w + v] += dout[n, c, i, j] / (KH*KW)   for every offset (u, v)
    """
    func = "avgpool_backward"
    x_shape, (kh, kw), s, (ph, pw), (oh, ow), dtype = cache
    N, C, H, W = x_shape
    dout = _as_float_array(dout, "dout", func)
    if dout.shape != (N, C, oh, ow):
        raise ValueError(
            f"{func}: dout must have the shape of the forward output {(N, C, oh, ow)}, got {dout.shape}"
        )
    share = (dout / (kh * kw)).astype(dtype, copy=False)
    dx_pad = np.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=dtype)
    for u in range(kh):
        for v in range(kw):
            rows, columns = _offset_slices(u, v, s, (oh, ow))
            dx_pad[:, :, rows, columns] += share
    if ph or pw:
        return np.ascontiguousarray(dx_pad[:, :, ph:ph + H, pw:pw + W])
    return dx_pad
