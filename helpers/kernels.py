"""Fast forward and backward kernels for the convolution layer.

This is the numerical engine behind ``helpers.layers.Conv2D`` (the pooling
layers' engine is ``helpers.pool_kernels``).  Every function works on 4-D, channels-first batches and keeps the
dtype of its inputs: float32 in, float32 out, with no float64 temporaries.

Notation (N batch, C input channels, F filters, KH x KW kernel, S stride,
P padding, K = C*KH*KW, L = OH*OW):

    x_pad = x with P zeros added on each side of H and W
    OH = floor((H + 2P_h - KH) / S_h) + 1,   OW likewise

Convolution (cross-correlation, as deep-learning frameworks compute it)::

    out[n, f, i, j] = b[f] + sum_{c,u,v} x_pad[n, c, i*S_h + u, j*S_w + v] * W[f, c, u, v]

computed as one matrix product per image on an im2col matrix laid out
(K, L) per image, so ``[W.reshape(F, K) | b] @ [cols[n]; 1]`` is already
(F, L), i.e. NCHW, without any transpose (the row of ones adds the bias).
The batch is processed in chunks of about 1 MB of im2col, so the matrix is
still in cache when the product reads it.  The backward pass::

    dW[f, c, u, v] = sum_{n,i,j} dout[n, f, i, j] * x_pad[n, c, i*S_h + u, j*S_w + v]
    db[f]          = sum_{n,i,j} dout[n, f, i, j]
    dx_pad[n, c, i*S_h + u, j*S_w + v] += sum_f dout[n, f, i, j] * W[f, c, u, v]

rebuilds each chunk's im2col matrix, and assembles ``dx`` col2im-style: one
matrix product gives the gradient of every column, then one ``+=`` per
kernel offset (u, v) adds it back into the padded image, and the border is
cut off.  For stride 1 a "flat" layout (see ``_flat_pad``) makes every im2col
copy and every col2im ``+=`` a single contiguous slice.

The pooling kernels are in helpers.pool_kernels (re-exported here); the thread
pool is helpers.threads; shapes are worked out by helpers.shapes.geometry.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import ArrayLike

from ._validation import Size, check_4d, float_dtype_for, number_array
from .padding import fill_border, pad_hw
from .pool_kernels import avgpool_backward, avgpool_forward, maxpool_backward, maxpool_forward  # noqa: F401
from .shapes import geometry, window_count
from .threads import _CONV_PARALLEL_MIN_BYTES, _parallel, _workers

__all__ = [
    "conv_forward",
    "conv_backward",
    "maxpool_forward",
    "maxpool_backward",
    "avgpool_forward",
    "avgpool_backward",
]


# --------------------------------------------------------------------------- convolution


def conv_forward(
    x: ArrayLike, W: ArrayLike, b: ArrayLike | None = None, stride: Size = 1, padding: Size = 0
) -> tuple[np.ndarray, tuple]:
    """Convolution layer forward pass.

    x : (N, C, H, W)            W : (F, C, KH, KW)          b : (F,) or None
    stride, padding : int or (h, w)
    returns out : (N, F, OH, OW) and a cache for :func:`conv_backward`

        out[n, f, i, j] = b[f] + sum_{c,u,v} x_pad[n, c, i*S_h + u, j*S_w + v] * W[f, c, u, v]
        OH = floor((H + 2P_h - KH) / S_h) + 1,  OW likewise

    The dtype follows x, W and b (all float32 -> float32, with no float64
    temporaries); the numbers equal ``helpers.conv2d(x, W, b, stride, padding)``.
    With stride 1, ``out`` is a strided view (it skips the padded grid's extra
    columns instead of copying); ``np.ascontiguousarray(out)`` if you need one block.
    The cache keeps the padded input, not the im2col matrix: the backward pass
    rebuilds that chunk by chunk while it is in cache.
    """
    func = "conv_forward"
    x = number_array(x, "x", func)
    W = number_array(W, "W", func)
    check_4d(x, "x", func)
    check_4d(W, "W", func, "(F, C, KH, KW)")
    N, C, H, Wd = x.shape
    F, Cw, KH, KW = W.shape
    if C != Cw:
        raise ValueError(
            f"{func}: x has {C} channels but W expects {Cw} (W.shape[1]); weights are "
            f"(out_channels, in_channels, KH, KW), so W must have shape ({F}, {C}, {KH}, {KW})"
        )
    if b is not None:
        b = number_array(b, "b", func)
        if b.shape != (F,):
            raise ValueError(f"{func}: b must have one bias per filter, shape ({F},), got shape {b.shape}")
        dtype = float_dtype_for(x, W, b)
    else:
        dtype = float_dtype_for(x, W)
    geo = geometry(x.shape, (KH, KW), stride, padding, 1, func)
    x = x.astype(dtype, copy=False)
    W = W.astype(dtype, copy=False)
    bias = None if b is None else b.astype(dtype, copy=False)
    out, plan, src = _conv_core(x, W, geo.padding, geo.stride, bias=bias)
    cache = (src, W, b is not None, x.shape, geo, dtype)
    return out, cache


def conv_backward(
    dout: ArrayLike, cache: tuple, need_dx: bool = True
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray | None]:
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

    Computed chunk by chunk over the batch: the chunk's im2col matrix is
    rebuilt, [dW | db].T += [cols_n; 1] @ dout_n.T, and dcols_n = W.T @ dout_n is
    added back into dx_pad with one slice ``+=`` per kernel offset (col2im).
    """
    func = "conv_backward"
    src, W, has_bias, x_shape, geo, dtype = cache
    N, C, H, Wd = x_shape
    F, _, KH, KW = W.shape
    OH, OW = geo.OH, geo.OW
    dout = number_array(dout, "dout", func)
    if dout.shape != (N, F, OH, OW):
        raise ValueError(
            f"{func}: dout must have the shape of the forward output (N, F, OH, OW) = {(N, F, OH, OW)}, "
            f"got {dout.shape}"
        )
    dout = dout.astype(dtype, copy=False)
    top, bottom, left, right = geo.padding
    Hp, Wp = H + top + bottom, Wd + left + right
    plan = _Plan(N, C, Hp, Wp, F, KH, KW, OH, OW, geo.stride, (1, 1), has_bias, dtype)
    nb, K, Lc = plan.nb, plan.K, plan.Lc
    W2T = plan.weights(W).T  # (K, F)
    if plan.flat:
        CM = C * plan.M
        dflat = np.zeros((N, CM + plan.tail), dtype=dtype) if need_dx else None
    else:
        dx_pad = np.zeros((N, C, Hp, Wp), dtype=dtype) if need_dx else None
        d3 = np.ascontiguousarray(dout).reshape(N, F, Lc)
        sh, sw = geo.stride

    chunks = _chunks(0, N, nb)
    workers = min(len(chunks), _workers(N, plan.cols[0].nbytes * N, _CONV_PARALLEL_MIN_BYTES))
    buffers = [None] * workers  # per thread, made by that thread

    def run(worker, c0, c1):
        """Images c0..c1-1 (one chunk): dx into dx_pad / dflat; returns the chunk's [dW | db] transposed."""
        if buffers[worker] is None:
            p = plan if worker == 0 else plan.another()
            dWn = np.empty((nb, K + has_bias, F), dtype=dtype)
            dcols = np.empty((nb, K, Lc), dtype=dtype) if need_dx else None
            dcv = dext = dgrid = None
            if p.flat:
                dcv = dcols.reshape(nb, KH * KW, CM) if need_dx else None
                dext = np.zeros((nb, F, Lc), dtype=dtype)  # the discarded columns stay 0
                dgrid = _grid(dext, OH, OW, Wp)
            buffers[worker] = (p, dWn, dcols, dcv, dext, dgrid)
        p, dWn, dcols, dcv, dext, dgrid = buffers[worker]
        m = c1 - c0
        cols = p.fill(src, c0, c1)  # (m, K [+1], Lc)
        if p.flat:
            dgrid[:m] = dout[c0:c1]
            dchunk = dext[:m]
        else:
            dchunk = d3[c0:c1]
        np.matmul(cols, dchunk.transpose(0, 2, 1), out=dWn[:m])  # (m, K [+1], F)
        if need_dx:
            np.matmul(W2T, dchunk, out=dcols[:m])  # (m, K, Lc)
            if p.flat:
                target = dflat[c0:c1]
                for k, off in enumerate(p.offsets):
                    target[:, off : off + CM] += dcv[:m, k]
            else:
                dc = dcols[:m].reshape(m, C, KH, KW, OH, OW)
                target = dx_pad[c0:c1]
                for u in range(KH):
                    for v in range(KW):
                        rows = slice(u, u + sh * (OH - 1) + 1, sh)
                        columns = slice(v, v + sw * (OW - 1) + 1, sw)
                        target[:, :, rows, columns] += dc[:, :, u, v]
        return dWn[:m].sum(axis=0)

    dWb = np.zeros((K + has_bias, F), dtype=dtype)  # [dW | db] transposed
    for part in _parallel(run, chunks, workers, blas=True):  # summed in chunk order
        dWb += part
    if plan.flat:
        dW = np.ascontiguousarray(dWb[:K].reshape(KH, KW, C, F).transpose(3, 2, 0, 1))
    else:
        dW = np.ascontiguousarray(dWb[:K].T).reshape(F, C, KH, KW)
    db = np.ascontiguousarray(dWb[K]) if has_bias else None
    if not need_dx:
        return None, dW, db
    if plan.flat:
        assert dflat is not None  # need_dx: the flat plan wrote dx into dflat
        dx_pad = dflat[:, :CM].reshape(N, C, Hp, Wp)
    assert dx_pad is not None  # need_dx
    if top or bottom or left or right or plan.flat:
        return np.ascontiguousarray(dx_pad[:, :, top : top + H, left : left + Wd]), dW, db
    return dx_pad, dW, db


# --------------------------------------------------------------------------- the engine


# Images are processed in chunks whose im2col matrix stays about this size, so the
# matrix is still in cache when the matrix product reads it (a whole-batch im2col
# can be tens of MB and then runs at memory speed).
_CHUNK_BYTES = 1 << 20
# The flat layout computes Hp*Wp columns per image for OH*OW outputs; above this
# ratio the plain strided im2col is used instead.
_FLAT_MAX_WASTE = 1.33


def _conv_core(x, W, padding, stride, dilation=(1, 1), bias=None, contiguous=False):
    """Forward convolution of x (N, C, H, W) with W (F, C, KH, KW); returns (out, plan, stored input).

    ``out`` is (N, F, OH, OW); with the flat layout it is a strided view of a
    (N, F, Hp*Wp) array (the discarded grid columns are skipped, not copied).
    ``contiguous=True`` asks for one C-contiguous block: the flat layout is then
    used only when the output (F*OH*OW per image) is small next to the im2col
    matrix (K*Hp*Wp); otherwise copying the view out costs more than it saves.
    """
    N, C, H, Wd = x.shape
    F, _, KH, KW = W.shape
    top, bottom, left, right = padding
    Hp, Wp = H + top + bottom, Wd + left + right
    (sh, sw), (dh, dw) = stride, dilation
    OH = window_count("conv", "H", H, KH, sh, top, bottom, dh)
    OW = window_count("conv", "W", Wd, KW, sw, left, right, dw)
    dtype = x.dtype
    flat_ok = not contiguous or 8 * F * OH * OW <= C * KH * KW * Hp * Wp
    plan = _Plan(N, C, Hp, Wp, F, KH, KW, OH, OW, stride, dilation, bias is not None, dtype, flat_ok)
    W2 = plan.weights(W)
    if bias is not None:
        W2 = np.concatenate([W2, bias.reshape(F, 1)], axis=1)  # [W | b]
    src = plan.prepare(x, padding)
    out3 = np.empty((N, F, plan.Lc), dtype=dtype)
    chunks = _chunks(0, N, plan.nb)
    workers = min(len(chunks), _workers(N, plan.cols[0].nbytes * N, _CONV_PARALLEL_MIN_BYTES))
    plans = [plan] + [plan.another() for _ in range(workers - 1)]  # one set of buffers per thread

    def run(worker, c0, c1):  # images c0..c1-1
        np.matmul(W2, plans[worker].fill(src, c0, c1), out=out3[c0:c1])

    _parallel(run, chunks, workers, blas=True)
    out = _grid(out3, OH, OW, Wp) if plan.flat else out3.reshape(N, F, OH, OW)
    return out, plan, src


def _chunks(n0, n1, nb):
    """Ranges of at most nb images covering n0..n1-1: (n0, n0+nb), (n0+nb, ...), ...

    The chunks do not depend on the number of threads, so neither do the numbers.
    """
    return [(c0, min(n1, c0 + nb)) for c0 in range(n0, n1, nb)]


class _Plan:
    """The layout of one convolution: flat (stride 1) or strided, chunk size, buffers.

    ``cols`` is (nb, K [+1], Lc): per image an im2col matrix, plus a row of ones
    when there is a bias, so ``[W | b] @ cols`` adds the bias inside the product
    and ``dout @ cols.T`` yields db as its last column.  Products are batched per
    image, so the output comes out (N, F, ...) with no transpose.
    """

    def __init__(self, N, C, Hp, Wp, F, KH, KW, OH, OW, stride, dilation, ones, dtype, flat_ok=True):
        self.args = (N, C, Hp, Wp, F, KH, KW, OH, OW, stride, dilation, ones, dtype, flat_ok)
        K = C * KH * KW
        self.flat = flat_ok and stride == (1, 1) and Hp * Wp <= _FLAT_MAX_WASTE * OH * OW
        self.C, self.K, self.ones, self.KH, self.KW = C, K, ones, KH, KW
        self.Hp, self.Wp, self.OH, self.OW = Hp, Wp, OH, OW
        self.stride, self.dilation = stride, dilation
        self.M = Hp * Wp
        self.Lc = self.M if self.flat else OH * OW
        per_image = (K + ones) * self.Lc * np.dtype(dtype).itemsize
        self.nb = nb = max(1, min(N, _CHUNK_BYTES // per_image))
        self.cols = np.empty((nb, K + ones, self.Lc), dtype=dtype)
        if ones:
            self.cols[:, K] = 1
        if self.flat:
            self.offsets = _flat_offsets(KH, KW, Wp, dilation)
            self.tail = self.offsets[-1]
            self.view = self.cols[:, :K].reshape(nb, KH * KW, C * self.M)
        else:
            self.view = self.cols[:, :K].reshape(nb, C, KH, KW, OH, OW)

    def another(self):
        """The same layout with its own buffers (for a second thread)."""
        return _Plan(*self.args)

    def weights(self, W):
        """W (F, C, KH, KW) -> (F, K) with columns in this layout's row order."""
        F = W.shape[0]
        if self.flat:
            return np.ascontiguousarray(W.transpose(0, 2, 3, 1)).reshape(F, self.K)
        return np.ascontiguousarray(W).reshape(F, self.K)

    def prepare(self, x, padding):
        """What the forward pass keeps: flat padded images, or the padded batch."""
        if self.flat:
            return _flat_pad(x, padding, self.tail)
        return pad_hw(x, *padding)

    def fill(self, src, n0, n1):
        """im2col of images n0..n1-1 -> the (m, K [+1], Lc) stack of matrices."""
        m = n1 - n0
        if self.flat:
            # all KH*KW shifted slices at once: windows[n, u, v, :] = src[n, off(u, v) : off(u, v) + C*M]
            s0, s1 = src.strides
            dh, dw = self.dilation
            windows = as_strided(
                src[n0:n1],
                shape=(m, self.KH, self.KW, self.C * self.M),
                strides=(s0, dh * self.Wp * s1, dw * s1, s1),
                writeable=False,
            )
            self.view[:m].reshape(m, self.KH, self.KW, -1)[...] = windows
        else:
            _im2col_into(self.view, src, n0, n1, self.stride, self.dilation)
        return self.cols[:m]


def _im2col_into(cols6, x_pad, n0, n1, stride, dilation=(1, 1)):
    """Fill cols6[:m] (m = n1 - n0; cols6 is (nb, C, KH, KW, OH, OW)) with the windows of images n0..n1-1:

        cols6[n - n0, c, u, v, i, j] = x_pad[n, c, i*S_h + u*D_h, j*S_w + v*D_w]

    One strided copy per kernel offset (u, v).  Read as (m, C*KH*KW, OH*OW) it
    is the im2col matrix whose product with W.reshape(F, -1) is NCHW.
    """
    m = n1 - n0
    _, _, KH, KW, OH, OW = cols6.shape
    (sh, sw), (dh, dw) = stride, dilation
    src = x_pad[n0:n1]
    for u in range(KH):
        for v in range(KW):
            rows = slice(u * dh, u * dh + sh * (OH - 1) + 1, sh)
            columns = slice(v * dw, v * dw + sw * (OW - 1) + 1, sw)
            cols6[:m, :, u, v] = src[:, :, rows, columns]


# ----- the "flat" layout, for stride 1 (when it wastes at most _FLAT_MAX_WASTE) --------
# Store each padded image as one flat row of C*M numbers (M = Hp*Wp), followed by T
# zeros.  Window cell (u, v) of output (i, j) in channel c is then at
#     c*M + (i*Wp + j) + off(u, v),      off(u, v) = u*D_h*Wp + v*D_w,
# so for one kernel offset the im2col rows of ALL channels are one contiguous slice
# flat[off : off + C*M].  The im2col matrix, rows ordered (u, v, c), is built with
# KH*KW plain copies, and col2im is KH*KW plain ``+=``.  The product W @ cols gives
# the output on the padded grid (M columns, output (i, j) at column i*Wp + j); the
# other columns are never read (the forward output is a strided view skipping
# them) and get zero gradient.  Cost: M / (OH*OW) times the arithmetic.


def _flat_offsets(KH, KW, Wp, dilation):
    dh, dw = dilation
    return [u * dh * Wp + v * dw for u in range(KH) for v in range(KW)]


def _flat_pad(x, padding, tail):
    """x (N, C, H, W) -> flat (N, C*Hp*Wp + tail): zero-padded images, one row each, zeros after."""
    N, C, H, W = x.shape
    top, bottom, left, right = padding
    Hp, Wp = H + top + bottom, W + left + right
    flat = np.empty((N, C * Hp * Wp + tail), dtype=x.dtype)
    fill_border(flat[:, : C * Hp * Wp].reshape(N, C, Hp, Wp), x, top, bottom, left, right, 0)
    flat[:, C * Hp * Wp :] = 0
    return flat


def _grid(ext, OH, OW, Wp):
    """(n, F, M) flat-layout array -> zero-copy (n, F, OH, OW) view of the real output cells."""
    s0, s1, s2 = ext.strides
    return as_strided(ext, shape=ext.shape[:2] + (OH, OW), strides=(s0, s1, Wp * s2, s2))
