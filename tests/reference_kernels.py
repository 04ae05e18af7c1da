"""Independent oracles for helpers.kernels: the same API (arguments, shapes, tie rule), written the
straightforward way on helpers.im2col / col2im and sliding windows. Only tests use them."""

import numpy as np

from helpers._validation import check_pair

# Straightforward versions of the helpers.kernels API (same arguments, shapes and tie rule), built on
# helpers.im2col / col2im. The layers use helpers.kernels; tests compare the two as independent oracles.


def _ref_conv_forward(x, W, b, stride, padding):
    """x (N, C, H, W), W (F, C, KH, KW), b (F,) or None -> out (N, F, OH, OW), cache."""
    from helpers.conv import im2col

    N, C, H, Wd = x.shape
    F, _, KH, KW = W.shape
    sh, sw = check_pair(stride, "stride", "conv_forward", minimum=1)
    ph, pw = check_pair(padding, "padding", "conv_forward", minimum=0)
    OH = (H + 2 * ph - KH) // sh + 1
    OW = (Wd + 2 * pw - KW) // sw + 1
    cols = im2col(x, (KH, KW), (sh, sw), (ph, pw))  # (N*OH*OW, C*KH*KW)
    out = cols @ W.reshape(F, -1).T  # (N*OH*OW, F)
    if b is not None:
        out += b
    out = out.reshape(N, OH, OW, F).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(out), (x.shape, W, b is not None, (sh, sw), (ph, pw), cols)


def _ref_conv_backward(dout, cache, need_dx=True):
    from helpers.conv import col2im

    x_shape, W, has_b, stride, padding, cols = cache
    F, _, KH, KW = W.shape
    d = dout.transpose(0, 2, 3, 1).reshape(-1, F)  # (N*OH*OW, F)
    dW = (d.T @ cols).reshape(W.shape)
    db = d.sum(axis=0) if has_b else None
    dx = col2im(d @ W.reshape(F, -1), x_shape, (KH, KW), stride, padding) if need_dx else None
    return dx, dW, db


def _pool_windows(x, kernel_size, stride, padding, fill):
    from numpy.lib.stride_tricks import sliding_window_view

    kh, kw = check_pair(kernel_size, "kernel_size", "pool", minimum=1)
    sh, sw = check_pair(stride, "stride", "pool", minimum=1)
    ph, pw = check_pair(padding, "padding", "pool", minimum=0)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=fill) if (ph or pw) else x
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]  # (N, C, OH, OW, kh, kw)
    return win, (kh, kw), (sh, sw), (ph, pw), xp.shape


def _ref_maxpool_forward(x, kernel_size, stride, padding=0):
    win, k, s, p, padded_shape = _pool_windows(x, kernel_size, stride, padding, -np.inf)
    N, C, OH, OW = win.shape[:4]
    flat = win.reshape(N, C, OH, OW, -1)
    arg = flat.argmax(axis=-1)  # first max in row-major order
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    return out, (x.shape, arg, k, s, p, padded_shape)


def _ref_maxpool_backward(dout, cache):
    x_shape, arg, (kh, kw), (sh, sw), (ph, pw), padded_shape = cache
    OH, OW = arg.shape[2:]
    dxp = np.zeros(padded_shape, dtype=dout.dtype)
    for u in range(kh):
        for v in range(kw):
            dxp[:, :, u : u + sh * (OH - 1) + 1 : sh, v : v + sw * (OW - 1) + 1 : sw] += dout * (arg == u * kw + v)
    return dxp[:, :, ph : ph + x_shape[2], pw : pw + x_shape[3]]


def _ref_avgpool_forward(x, kernel_size, stride, padding=0):
    win, k, s, p, padded_shape = _pool_windows(x, kernel_size, stride, padding, 0.0)
    return win.mean(axis=(-2, -1)).astype(x.dtype, copy=False), (x.shape, k, s, p, padded_shape)


def _ref_avgpool_backward(dout, cache):
    x_shape, (kh, kw), (sh, sw), (ph, pw), padded_shape = cache
    OH, OW = dout.shape[2:]
    dxp = np.zeros(padded_shape, dtype=dout.dtype)
    share = dout / (kh * kw)
    for u in range(kh):
        for v in range(kw):
            dxp[:, :, u : u + sh * (OH - 1) + 1 : sh, v : v + sw * (OW - 1) + 1 : sw] += share
    return dxp[:, :, ph : ph + x_shape[2], pw : pw + x_shape[3]]


REFERENCE_KERNELS = {
    "conv_forward": _ref_conv_forward,
    "conv_backward": _ref_conv_backward,
    "maxpool_forward": _ref_maxpool_forward,
    "maxpool_backward": _ref_maxpool_backward,
    "avgpool_forward": _ref_avgpool_forward,
    "avgpool_backward": _ref_avgpool_backward,
}
