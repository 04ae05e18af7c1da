"""The transposed-convolution layer (転置畳み込み層): a learned upsampling, as PyTorch's ConvTranspose2d.

The numerics are ``helpers.conv.conv_transpose2d`` forward and ``conv2d`` / ``im2col`` backward; the output size is
``helpers.shapes.conv_transpose_output_size``. Re-exported by ``helpers.layers``, so
``from helpers.layers import ConvTranspose2D`` works as before.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_int, check_pair
from .conv import conv2d, conv_transpose2d, im2col
from .i18n import _
from .layer_base import Layer, _float_dtype, _shape_text, he_std
from .shapes import conv_transpose_output_size

__all__ = ["ConvTranspose2D"]


class ConvTranspose2D(Layer):
    """Transposed convolution layer (転置畳み込み層), as PyTorch's ConvTranspose2d: upsamples in a decoder.

    ConvTranspose2D(in_channels C, out_channels F, kernel_size K, stride S=1, padding P=0,
                    output_padding A=0, *, bias=True)

    params:  W (C, F, KH, KW) (in_channels first, PyTorch's layout), b (F,)   -- C*F*KH*KW + F parameters
    forward:  x (N, C, H, W) -> out (N, F, OH, OW) = helpers.conv_transpose2d(x, W, b, S, P, A)

        full[n, f, i*S + u, j*S + v] += x[n, c, i, j] * W[c, f, u, v]      (each input cell stamps the kernel)
        out = full cropped by P on each side (+ A extra rows/columns at the end) + b
        OH = (H - 1)*S - 2P + KH + A,  OW likewise            (conv_transpose_output_size)

    backward: dout (N, F, OH, OW) -> dx (N, C, H, W); with dfull = dout placed back on the uncropped canvas,

        dx[n, c, i, j] = sum_{f, u, v} dfull[n, f, i*S + u, j*S + v] * W[c, f, u, v]   = conv2d(dfull, W, stride=S)
        dW[c, f, u, v] = sum_{n, i, j} x[n, c, i, j] * dfull[n, f, i*S + u, j*S + v]    (im2col of dfull)
        db[f]          = sum_{n, i, j} dout[n, f, i, j]

    (a convolution's backward is a transposed convolution, and a transposed convolution's backward is a
    convolution). He initialisation with fan_in = C*KH*KW / (S_h*S_w), the products one output cell sums
    on average. Computed with helpers.conv2d / im2col / col2im (vectorised numpy, not the threaded kernels).
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        *,
        rng=None,
        dtype=np.float64,
        bias=True,
    ):
        super().__init__()
        name = "ConvTranspose2D"
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(
                _("{name}: bias must be True or False, got {bias!r} ({type_name})").format(
                    name=name, bias=bias, type_name=type(bias).__name__
                )
            )
        self.bias = bool(bias)
        self.in_channels = check_int(in_channels, "in_channels", name, minimum=1)
        self.out_channels = check_int(out_channels, "out_channels", name, minimum=1)
        self.kernel_size = check_pair(kernel_size, "kernel_size", name, minimum=1)
        self.stride = check_pair(stride, "stride", name, minimum=1)
        self.padding = check_pair(padding, "padding", name, minimum=0)
        self.output_padding = check_pair(output_padding, "output_padding", name, minimum=0)
        for axis, a, s in zip("HW", self.output_padding, self.stride):
            if a >= s:
                raise ValueError(
                    _(
                        "{name}: output_padding={a} along {axis} must be smaller than stride={s} (PyTorch's rule); use output_padding in 0..{s_1}"
                    ).format(name=name, a=a, axis=axis, s=s, s_1=s - 1)
                )
        self.dtype = _float_dtype(dtype, name)
        rng = np.random.default_rng() if rng is None else rng
        KH, KW = self.kernel_size
        fan_in = max(1, self.in_channels * KH * KW // (self.stride[0] * self.stride[1]))
        W = rng.standard_normal((self.in_channels, self.out_channels, KH, KW)) * he_std(fan_in)
        self.params = {"W": W.astype(self.dtype)}
        if self.bias:
            self.params["b"] = np.zeros(self.out_channels, dtype=self.dtype)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def __repr__(self):
        def one(v):
            return v[0] if v[0] == v[1] else v

        extra = "" if self.stride == (1, 1) else f", stride={one(self.stride)}"
        extra += "" if self.padding == (0, 0) else f", padding={one(self.padding)}"
        extra += "" if self.output_padding == (0, 0) else f", output_padding={one(self.output_padding)}"
        extra += "" if self.bias else ", bias=False"
        return f"ConvTranspose2D({self.in_channels}, {self.out_channels}, {one(self.kernel_size)}{extra})"

    def param_formula(self):
        KH, KW = self.kernel_size
        weights = f"{self.in_channels}×{self.out_channels}×{KH}×{KW}"
        return f"{weights} + {self.out_channels}" if self.bias else weights

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 4:
            raise ValueError(
                _("{self!r}: input must be (N, C, H, W), got shape {shape_text_shape}").format(
                    self=self, shape_text_shape=_shape_text(shape)
                )
                + (_(" (one image: add the batch axis, x[None])") if len(shape) == 3 else "")
            )
        N, C, H, W = shape
        if C != self.in_channels:
            raise ValueError(
                _(
                    "{self!r}: input has {C} channels but the layer expects in_channels={self_in_channels}; use ConvTranspose2D({C}, {self_out_channels}, ...) or fix the layer before"
                ).format(self=self, C=C, self_in_channels=self.in_channels, self_out_channels=self.out_channels)
            )
        oh, ow = conv_transpose_output_size((H, W), self.kernel_size, self.stride, self.padding, self.output_padding, 1)
        return (N, self.out_channels, oh, ow)

    def forward(self, x):
        x = check_array(x, "x", f"{self!r}.forward")
        self.output_shape(x.shape)
        x = x.astype(self.dtype, copy=False)
        out = conv_transpose2d(
            x, self.params["W"], self.params.get("b"), self.stride, self.padding, self.output_padding
        )
        self._cache = x
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        x = self._need_cache()
        dout = self._check_dout(dout, self._out_shape).astype(self.dtype, copy=False)
        N, C, H, W = x.shape
        (KH, KW), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        full_h, full_w = (H - 1) * sh + KH, (W - 1) * sw + KW
        dfull = np.zeros((N, self.out_channels, full_h, full_w), dtype=self.dtype)
        rows, columns = min(dout.shape[2], full_h - ph), min(dout.shape[3], full_w - pw)
        dfull[:, :, ph : ph + rows, pw : pw + columns] = dout[:, :, :rows, :columns]  # undo the crop
        cols = im2col(dfull, (KH, KW), (sh, sw))  # (N*H*W, F*KH*KW): the cells each input cell stamped
        x_rows = x.transpose(0, 2, 3, 1).reshape(N * H * W, C)
        self.grads["W"][...] = (x_rows.T @ cols).reshape(self.params["W"].shape)
        if self.bias:
            np.sum(dout, axis=(0, 2, 3), out=self.grads["b"])
        return conv2d(dfull, self.params["W"], stride=(sh, sw))
