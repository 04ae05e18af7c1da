"""Convolution (畳み込み) as deep-learning frameworks compute it: cross-correlation.

Shapes (N batch, C input channels, F filters, KH x KW kernel):

    x : (H, W)          with  w : (KH, KW)         ->  (OH, OW)
    x : (C, H, W)       with  w : (F, C, KH, KW)   ->  (F, OH, OW)
    x : (N, C, H, W)    with  w : (F, C, KH, KW)   ->  (N, F, OH, OW)

    out[n, f, i, j] = b[f] + sum_{c, u, v} x_pad[n, c, i*S_h + u*D_h, j*S_w + v*D_w] * w[f, c, u, v]
    OH = floor((H + 2P_h - D_h(KH-1) - 1) / S_h) + 1   (the same for OW)

``conv2d_naive`` spells the formula out with loops, to be read; ``conv2d``
computes the same numbers with a window view and one matrix product (the
im2col trick), also short enough to read. Shapes are worked out in shapes.py.

dtypes: float32 stays float32, float64 stays float64; integer and bool inputs
are summed in int64 (a uint8 image with a uint8 kernel would otherwise wrap
around: 200*2 + 200*2 + ... = 1600, not 64). Complex input is refused.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import ArrayLike

from ._validation import Padding, Size, accumulate_dtype, check_array, check_int, check_pair, check_rank, check_size
from .padding import pad2d
from .shapes import (  # noqa: F401  (geometry lives in shapes; re-exported here)
    ConvGeometry,
    check_groups,
    geometry,
)
from .shapes_conventions import transpose_axis_size

__all__ = ["conv2d_naive", "conv2d", "im2col", "col2im", "conv_transpose2d", "ConvGeometry"]


def _prepare(x, w, b, stride, padding, dilation, func, groups=1):
    """Bring x to (N, C, H, W), w to (F, C/groups, KH, KW), b to (F,) or None; check groups."""
    x = check_array(x, "x", func)
    w = check_array(w, "w", func)
    check_rank(x, "x", func, (2, 3, 4), "(H, W), (C, H, W) or (N, C, H, W)")
    squeeze = x.ndim
    if x.ndim == 2:
        if w.ndim != 2:
            raise ValueError(
                f"{func}: x is a single 2-D image (H, W), so w must be one 2-D kernel (KH, KW), "
                f"got w with shape {w.shape}; for several filters give x a channel axis: x[None] has shape "
                f"(1, H, W) and w must then be (F, 1, KH, KW)"
            )
        x4, w4 = x[None, None], w[None, None]
    else:
        if w.ndim != 4:
            raise ValueError(
                f"{func}: w must be (out_channels, in_channels, KH, KW) when x has channels, got w with "
                f"shape {w.shape}; for one 2-D kernel k use k[None, None]"
            )
        x4 = x[None] if x.ndim == 3 else x
        w4 = w
    groups = check_int(groups, "groups", func, minimum=1, rule="groups=1 is an ordinary convolution")
    if groups != 1 and x4.shape[1] != w4.shape[1] * groups:
        C, F, Cg = x4.shape[1], w4.shape[0], w4.shape[1]
        check_groups(groups, C, F, func)
        raise ValueError(
            f"{func}: with groups={groups} each filter reads C/groups = {C}/{groups} = {C // groups} input "
            f"channels, so w must have shape (F, C/groups, KH, KW) = ({F}, {C // groups}, {w4.shape[2]}, "
            f"{w4.shape[3]}); got w with shape {w4.shape} (w.shape[1] = {Cg}, which fits {Cg * groups} input channels)"
        )
    if groups == 1 and x4.shape[1] != w4.shape[1]:
        C, F, Cg = x4.shape[1], w4.shape[0], w4.shape[1]
        g = C // Cg if C % Cg == 0 else 0
        grouped = f"; or, for a grouped convolution, pass groups={g}" if g > 1 and F % g == 0 else ""
        raise ValueError(
            f"{func}: input has {C} channels but w expects {Cg} (w.shape[1]); "
            f"weights are (out_channels, in_channels, KH, KW), so use w with shape "
            f"({F}, {C}, {w4.shape[2]}, {w4.shape[3]}) or transpose x to channels-first "
            f"(NHWC -> NCHW: x.transpose(0, 3, 1, 2)){grouped}"
        )
    if min(w4.shape) == 0 or min(x4.shape) == 0:
        raise ValueError(f"{func}: x {x.shape} and w {w.shape} must not have empty axes")
    F = w4.shape[0]
    if groups != 1:
        check_groups(groups, x4.shape[1], F, func)
    # A Python number as bias is "weak" (NEP 50): it must not turn float32 into float64.
    # Integer inputs are summed in int64 (accumulate_dtype), so uint8 200*2 + ... never wraps around.
    dtype = accumulate_dtype(x4, w4)
    if b is not None:
        b_raw, b = b, check_array(b, "b", func)
        weak = isinstance(b_raw, (int, float)) and not isinstance(b_raw, bool)
        dtype = accumulate_dtype(x4, w4, b_raw if weak else b)
        if b.ndim == 0:
            b = np.full(F, b[()], dtype=b.dtype)
        elif b.shape != (F,):
            raise ValueError(
                f"{func}: b must be a scalar or have one bias per filter, shape ({F},), got shape {b.shape}; "
                f"there are {F} filters (w.shape[0])"
            )
    geo = geometry(x4.shape, w4.shape[2:], stride, padding, dilation, func)
    check_size((geo.N, F, geo.OH, geo.OW), "the output", func, "the input size, padding and dilation")
    if b is not None:
        b = b.astype(dtype, copy=False)
    return x4, w4, b, geo, squeeze, dtype, groups


def _finish(out, squeeze):
    if squeeze == 2:
        return out[0, 0]
    if squeeze == 3:
        return out[0]
    return out


def _pad4(x4, geo: ConvGeometry):
    if any(geo.padding):
        return pad2d(x4, geo.padding)
    return x4


def conv2d_naive(
    x: ArrayLike,
    w: ArrayLike,
    b: ArrayLike | None = None,
    stride: Size = 1,
    padding: Padding = 0,
    dilation: Size = 1,
    groups: int = 1,
) -> np.ndarray:
    """Convolution written as plain loops, to be read next to the formula.

    x : (H, W), (C, H, W) or (N, C, H, W)
    w : (KH, KW) for a 2-D x, else (F, C/groups, KH, KW)
    b : None, a scalar or (F,)
    stride, dilation : int or (h, w);  padding : int, (h, w), (top, bottom, left, right) or 'same'/'valid'
    groups : int dividing C and F (grouped convolution, 1 = ordinary); see :func:`conv2d`
    returns (OH, OW), (F, OH, OW) or (N, F, OH, OW)

        out[n, f, i, j] = b[f] + sum(x_pad[n, channels of f's group, i*S : i*S + D*(KH-1) + 1 : D,
                                             j*S : j*S + D*(KW-1) + 1 : D] * w[f])

    f's group is g = f // (F/groups); it reads channels g*C/groups ... (g+1)*C/groups - 1.
    """
    x4, w4, b, geo, squeeze, dtype, groups = _prepare(x, w, b, stride, padding, dilation, "conv2d_naive", groups)
    x_pad = _pad4(x4, geo)
    S_h, S_w = geo.stride
    D_h, D_w = geo.dilation
    N, F = geo.N, w4.shape[0]
    Cg, Fg = geo.C // groups, F // groups  # channels read and filters per group
    out = np.zeros((N, F, geo.OH, geo.OW), dtype=dtype)
    for n in range(N):  # every image in the batch
        for f in range(F):  # every filter
            c0 = (f // Fg) * Cg  # the first input channel of this filter's group
            for i in range(geo.OH):  # every output row
                for j in range(geo.OW):  # every output column
                    top, left = i * S_h, j * S_w
                    window = x_pad[
                        n,
                        c0 : c0 + Cg,
                        top : top + D_h * (geo.KH - 1) + 1 : D_h,
                        left : left + D_w * (geo.KW - 1) + 1 : D_w,
                    ]  # (C/groups, KH, KW)
                    out[n, f, i, j] = np.sum(window * w4[f])  # multiply and sum
                    if b is not None:
                        out[n, f, i, j] += b[f]
    return _finish(out, squeeze)


def _window_view(x_pad, geo: ConvGeometry):
    """A zero-copy (N, C, KH, KW, OH, OW) view: view[n, c, u, v, i, j] = x_pad[n, c, i*S + u*D, j*S + v*D]."""
    sN, sC, sH, sW = x_pad.strides
    (S_h, S_w), (D_h, D_w) = geo.stride, geo.dilation
    return as_strided(
        x_pad,
        shape=(geo.N, geo.C, geo.KH, geo.KW, geo.OH, geo.OW),
        strides=(sN, sC, sH * D_h, sW * D_w, sH * S_h, sW * S_w),
        writeable=False,
    )


def conv2d(
    x: ArrayLike,
    w: ArrayLike,
    b: ArrayLike | None = None,
    stride: Size = 1,
    padding: Padding = 0,
    dilation: Size = 1,
    groups: int = 1,
) -> np.ndarray:
    """Vectorized convolution: the same numbers as :func:`conv2d_naive`, one matrix product.

    x : (H, W), (C, H, W) or (N, C, H, W)
    w : (KH, KW) for a 2-D x, else (F, C/groups, KH, KW)
    b : None, a scalar or (F,)
    stride, dilation : int or (h, w);  padding : int, (h, w), (top, bottom, left, right) or 'same'/'valid'
    groups : int dividing both C and F (PyTorch's ``groups``). The channels are split into ``groups``
        blocks; filter f belongs to block g = f // (F/groups) and sees only input channels
        g*C/groups ... (g+1)*C/groups - 1. groups=1 is the ordinary convolution; groups=C with F = C
        (or F = m*C) is the depthwise convolution of MobileNet, one kernel per channel. Parameters:
        F * (C/groups) * KH * KW (+ F), i.e. 1/groups of the ordinary layer's weights.
    returns (OH, OW), (F, OH, OW) or (N, F, OH, OW); dtype follows x and w (float32 stays float32;
    integer inputs are summed exactly in int64, so a uint8 image never wraps around)

    The trick: a strided *view* lists every window without copying (``_window_view``),

        view[n, c, u, v, i, j] = x_pad[n, c, i*S + u*D, j*S + v*D]      (N, C, KH, KW, OH, OW)

    read as cols (N, C*KH*KW, OH*OW) -- the im2col matrix, one column per window --
    it turns the six loops of conv2d_naive into one matrix product:

        out[n] = w.reshape(F, C*KH*KW) @ cols[n] + b[:, None]        -> (N, F, OH*OW) -> (N, F, OH, OW)

    With groups, the same product per block, batched: cols (N, G, C/G*KH*KW, OH*OW) and weights
    (G, F/G, C/G*KH*KW) give (N, G, F/G, OH*OW), read as (N, F, OH*OW).

    (The layers use the chunked, threaded engine in helpers.kernels; it computes the same numbers.)
    """
    func = "conv2d"
    x4, w4, b, geo, squeeze, dtype, groups = _prepare(x, w, b, stride, padding, dilation, func, groups)
    F, K = w4.shape[0], geo.C * geo.KH * geo.KW
    check_size((geo.N, K, geo.OH * geo.OW), "the im2col matrix", func, "the input size and kernel_size")
    view = _window_view(_pad4(x4.astype(dtype, copy=False), geo), geo)  # (N, C, KH, KW, OH, OW), no copy
    G, L = groups, geo.OH * geo.OW
    cols = view.reshape(geo.N, G, K // G, L)  # im2col per group: the one copy
    out = (w4.astype(dtype, copy=False).reshape(G, F // G, K // G) @ cols).reshape(geo.N, F, L)  # (N, F, OH*OW)
    if b is not None:
        out += b[:, None]
    return _finish(out.reshape(geo.N, F, geo.OH, geo.OW), squeeze)


def _as_4d(x, func, name="x"):
    x = check_array(x, name, func)
    check_rank(x, name, func, (2, 3, 4), "(H, W), (C, H, W) or (N, C, H, W)")
    return x.reshape((1,) * (4 - x.ndim) + x.shape)


def im2col(x: ArrayLike, kernel_size: Size, stride: Size = 1, padding: Padding = 0, dilation: Size = 1) -> np.ndarray:
    """Unfold every window of ``x`` into one row of a matrix.

    x : (N, C, H, W); (C, H, W) and (H, W) are read as N = 1 (and C = 1)
    returns cols : (N*OH*OW, C*KH*KW)

    Row ``(n*OH + i)*OW + j`` holds the window that produces output cell
    (n, i, j); its columns are ordered (c, u, v), the same order as
    ``w.reshape(F, -1)``, so the convolution is ``cols @ w.reshape(F, -1).T``.
    """
    func = "im2col"
    x4 = _as_4d(x, func)
    kh, kw = check_pair(kernel_size, "kernel_size", func, minimum=1)
    geo = geometry(x4.shape, (kh, kw), stride, padding, dilation, func)
    check_size((geo.N * geo.OH * geo.OW, geo.C * kh * kw), "the im2col matrix", func, "kernel_size and padding")
    view = _window_view(_pad4(x4, geo), geo)  # (N, C, KH, KW, OH, OW)
    return view.transpose(0, 4, 5, 1, 2, 3).reshape(geo.N * geo.OH * geo.OW, geo.C * kh * kw)


def col2im(
    cols: ArrayLike,
    x_shape: tuple[int, ...],
    kernel_size: Size,
    stride: Size = 1,
    padding: Padding = 0,
    dilation: Size = 1,
) -> np.ndarray:
    """Fold rows back into an image, *summing* where windows overlap (the adjoint of im2col).

    cols : (N*OH*OW, C*KH*KW) as produced by :func:`im2col`
    x_shape : the shape of the original x ((H, W), (C, H, W) or (N, C, H, W))
    returns an array of shape ``x_shape``

    A cell covered by several windows receives the sum of all their values
    (``+=``, not ``=``): in the backward pass each window contributed to the
    output, so each sends its gradient back.
    """
    func = "col2im"
    cols = check_array(cols, "cols", func)
    if not isinstance(x_shape, (tuple, list)) or len(x_shape) not in (2, 3, 4):
        raise ValueError(
            f"{func}: x_shape must be the shape of the original input, (H, W), (C, H, W) or (N, C, H, W), "
            f"got {x_shape!r}"
        )
    x_shape = tuple(check_int(v, f"x_shape[{i}]", func, minimum=1) for i, v in enumerate(x_shape))
    n, c, h, w = (1,) * (4 - len(x_shape)) + x_shape
    kh, kw = check_pair(kernel_size, "kernel_size", func, minimum=1)
    geo = geometry((n, c, h, w), (kh, kw), stride, padding, dilation, func)
    expected = (geo.N * geo.OH * geo.OW, geo.C * kh * kw)
    if cols.shape != expected:
        raise ValueError(
            f"{func}: cols must have shape (N*OH*OW, C*KH*KW) = {expected} for x_shape={x_shape}, "
            f"kernel_size={kernel_size}, stride={stride}, padding={padding}, dilation={dilation}; "
            f"got {cols.shape}. Pass the same settings that im2col used"
        )
    c6 = cols.reshape(geo.N, geo.OH, geo.OW, geo.C, kh, kw)
    ph, pw = geo.padded_shape
    dtype = cols.dtype if np.issubdtype(cols.dtype, np.floating) else np.result_type(cols.dtype, np.int64)
    padded = np.zeros((geo.N, geo.C, ph, pw), dtype=dtype)
    (S_h, S_w), (D_h, D_w) = geo.stride, geo.dilation
    for u in range(kh):
        for v in range(kw):
            rows = slice(u * D_h, u * D_h + S_h * (geo.OH - 1) + 1, S_h)
            columns = slice(v * D_w, v * D_w + S_w * (geo.OW - 1) + 1, S_w)
            padded[:, :, rows, columns] += c6[:, :, :, :, u, v].transpose(0, 3, 1, 2)  # += : overlaps add up
    top, _, left, _ = geo.padding
    return padded[:, :, top : top + geo.H, left : left + geo.W].reshape(x_shape)


def conv_transpose2d(
    x: ArrayLike,
    w: ArrayLike,
    b: ArrayLike | None = None,
    stride: Size = 1,
    padding: Size = 0,
    output_padding: Size = 0,
    dilation: Size = 1,
) -> np.ndarray:
    """Transposed convolution (転置畳み込み, "deconvolution"): every input cell stamps the kernel onto the output.

    x : (C_in, H, W) or (N, C_in, H, W); an (H, W) x takes one (KH, KW) kernel
    w : (C_in, C_out, KH, KW) -- PyTorch's ConvTranspose2d layout (in_channels first)
    b : None, a scalar or (C_out,)
    stride, padding, output_padding, dilation : int or (h, w)
    returns (C_out, OH, OW) or (N, C_out, OH, OW) (or (OH, OW)), with

        OH = (H - 1)*S - 2P + D(KH - 1) + output_padding + 1        (conv_transpose_output_size)

        full[n, o, i*S + u*D, j*S + v*D] += x[n, c, i, j] * w[c, o, u, v]      (for all c, i, j, u, v)
        out[n, o] = full[n, o, P : P + OH, P : P + OW] + b[o]          (zeros where full ends early)

    Input cell (i, j) adds a copy of the kernel, scaled by its value, at (i*S, j*S); where copies
    overlap they add up. It is the adjoint (transpose) of :func:`conv2d` with the same w, stride,
    padding and dilation: <conv2d(y, w), x> = <y, conv_transpose2d(x, w)> for all x, y, which is why
    the backward pass of a convolution is a transposed convolution of dout. It is computed the same
    way: cols = x_rows @ w.reshape(C_in, C_out*KH*KW), with x_rows (N*H*W, C_in) one row per input cell
    (the stamp it makes), then :func:`col2im` sums the rows into the (N, C_out, full_H, full_W) canvas.

    dtypes as in conv2d (float32 stays float32; integers are summed exactly in int64).
    """
    func = "conv_transpose2d"
    x = check_array(x, "x", func)
    w = check_array(w, "w", func)
    check_rank(x, "x", func, (2, 3, 4), "(H, W), (C_in, H, W) or (N, C_in, H, W)")
    squeeze = x.ndim
    if x.ndim == 2:
        if w.ndim != 2:
            raise ValueError(
                f"{func}: x is a single 2-D map (H, W), so w must be one 2-D kernel (KH, KW), got w with shape "
                f"{w.shape}; for several channels give x a channel axis, x[None], and w the shape (1, C_out, KH, KW)"
            )
        x4, w4 = x[None, None], w[None, None]
    else:
        if w.ndim != 4:
            raise ValueError(
                f"{func}: w must be (in_channels, out_channels, KH, KW) (PyTorch's ConvTranspose2d layout) when x "
                f"has channels, got w with shape {w.shape}; for one 2-D kernel k use k[None, None]"
            )
        x4 = x[None] if x.ndim == 3 else x
        w4 = w
    N, C_in, H, W = x4.shape
    if w4.shape[0] != C_in:
        swapped = (
            "; w looks like a conv2d weight (out_channels, in_channels, KH, KW): use w.transpose(1, 0, 2, 3)"
            if w4.shape[1] == C_in
            else ""
        )
        raise ValueError(
            f"{func}: x has {C_in} channels but w.shape[0] = {w4.shape[0]}; a transposed convolution's weights are "
            f"(in_channels, out_channels, KH, KW), so w must have shape ({C_in}, C_out, {w4.shape[2]}, "
            f"{w4.shape[3]}){swapped}"
        )
    if min(w4.shape) == 0 or min(x4.shape) == 0:
        raise ValueError(f"{func}: x {x.shape} and w {w.shape} must not have empty axes")
    C_out, KH, KW = w4.shape[1:]
    s = check_pair(stride, "stride", func, minimum=1, rule="the stamps must move forward by at least one cell")
    p = check_pair(padding, "padding", func, minimum=0, rule="padding crops the output; it cannot be negative")
    op = check_pair(
        output_padding, "output_padding", func, minimum=0, rule="output_padding adds cells; it cannot remove them"
    )
    d = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    OH = transpose_axis_size(func, "H", H, KH, s[0], p[0], op[0], d[0])
    OW = transpose_axis_size(func, "W", W, KW, s[1], p[1], op[1], d[1])
    full_h, full_w = (H - 1) * s[0] + d[0] * (KH - 1) + 1, (W - 1) * s[1] + d[1] * (KW - 1) + 1
    check_size((N, C_out, full_h + op[0], full_w + op[1]), "the output", func, "stride, dilation and the input size")
    dtype = accumulate_dtype(x4, w4)
    if b is not None:
        b_raw, b = b, check_array(b, "b", func)
        weak = isinstance(b_raw, (int, float)) and not isinstance(b_raw, bool)
        dtype = accumulate_dtype(x4, w4, b_raw if weak else b)
        if b.ndim == 0:
            b = np.full(C_out, b[()], dtype=b.dtype)
        elif b.shape != (C_out,):
            raise ValueError(
                f"{func}: b must be a scalar or have one bias per output channel, shape ({C_out},), got shape "
                f"{b.shape}; there are {C_out} output channels (w.shape[1])"
            )
    K = C_out * KH * KW
    x_rows = x4.astype(dtype, copy=False).transpose(0, 2, 3, 1).reshape(N * H * W, C_in)  # one row per input cell
    cols = x_rows @ w4.astype(dtype, copy=False).reshape(C_in, K)  # (N*H*W, C_out*KH*KW): im2col's layout
    full = col2im(cols, (N, C_out, full_h, full_w), (KH, KW), s, 0, d)  # (N, C_out, full_h, full_w), overlaps summed
    out = np.zeros((N, C_out, OH, OW), dtype=full.dtype)
    rows, columns = min(OH, full_h - p[0]), min(OW, full_w - p[1])  # output_padding beyond the stamps stays 0
    out[:, :, :rows, :columns] = full[:, :, p[0] : p[0] + rows, p[1] : p[1] + columns]
    if b is not None:
        out += b.astype(dtype, copy=False)[:, None, None]
    return _finish(out, squeeze)
