"""Layers (レイヤ) with a forward and a backward pass: the pieces a CNN is built from.

Every layer has the same small interface (as in *Deep Learning from Scratch*):

    out = layer.forward(x)          # remembers what backward needs
    dx  = layer.backward(dout)      # dout = dL/d(out); returns dL/dx, fills layer.grads
    layer.params, layer.grads       # dicts with the same keys ("W", "b"); empty without parameters
    layer.training                  # True while training; Dropout behaves differently in eval mode

Shapes use N (batch), C (channels), H, W (height, width), F (filters), K (kernel size).
Layers with parameters take ``dtype=`` (float64 by default; float32 is about twice
as fast) and their optimizer updates the arrays in ``params`` in place.

The numerics of convolution come from ``helpers.kernels`` (the fast kernels); the
formulas are written in the docstrings below. This module holds the core layers (Conv2D, Flatten,
Linear, Dropout); the base class is in ``helpers.layer_base``, the activations (ReLU, Sigmoid, Tanh) in
``helpers.activations``, the transposed convolution in ``helpers.conv_transpose_layer``, the pooling
layers in ``helpers.pool_layers``, the loss in ``helpers.losses`` (all re-exported here).
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_int, check_pair
from .activations import ReLU, Sigmoid, Tanh
from .conv_transpose_layer import ConvTranspose2D
from .i18n import _
from .kernels import conv_backward, conv_forward
from .layer_base import Layer, _float_dtype, _shape_text, he_std
from .losses import SoftmaxCrossEntropy, softmax
from .pool_layers import AvgPool2D, MaxPool2D
from .shapes import check_groups, window_count

__all__ = [
    "Layer",
    "Conv2D",
    "ConvTranspose2D",
    "MaxPool2D",
    "AvgPool2D",
    "ReLU",
    "Sigmoid",
    "Tanh",
    "Flatten",
    "Linear",
    "Dropout",
    "SoftmaxCrossEntropy",
    "softmax",
    "he_std",
]


# =========================================================================== convolution


class Conv2D(Layer):
    """Convolution layer (畳み込み層): F learned filters slid over the input.

    Conv2D(in_channels C, out_channels F, kernel_size K, stride S=1, padding P=0, *, bias=True, groups=1)

    params:  W (F, C, KH, KW), b (F,)         -- F*C*KH*KW + F parameters
             (``bias=False``: W only, F*C*KH*KW parameters, no "b" in params or grads)
             (``groups=G``, G dividing C and F: W (F, C/G, KH, KW), F*(C/G)*KH*KW (+ F) parameters;
             filter f sees only the input channels of its group g = f // (F/G), as in PyTorch;
             G = C = F is the depthwise convolution, each channel filtered by its own kernel)
    forward:  x (N, C, H, W) -> out (N, F, OH, OW)

        out[n, f, i, j] = b[f] + sum_{c, u, v} x_pad[n, c, i*S + u, j*S + v] * W[f, c, u, v]
        OH = floor((H + 2P - KH) / S) + 1,  OW = floor((W + 2P - KW) / S) + 1

    backward: dout (N, F, OH, OW) -> dx (N, C, H, W); fills grads W, b:

        db[f]          = sum_{n, i, j} dout[n, f, i, j]
        dW[f, c, u, v] = sum_{n, i, j} dout[n, f, i, j] * x_pad[n, c, i*S + u, j*S + v]
        dx_pad[n, c, i*S + u, j*S + v] += dout[n, f, i, j] * W[f, c, u, v]     (then crop the padding)

    With groups, the formulas hold per group (c ranges over the group's C/G channels, and the
    forward and backward passes run group by group).

    He initialisation: W ~ N(0, 2 / (C/G*KH*KW)), b = 0. ``input_grad=False`` skips
    dx (backward returns None): the first layer's input is the data, which needs
    no gradient, and skipping it saves a col2im.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        *,
        rng=None,
        dtype=np.float64,
        input_grad=True,
        bias=True,
        groups=1,
    ):
        super().__init__()
        name = "Conv2D"
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(
                _(
                    "{name}: bias must be True or False, got {bias!r} ({type_name}); bias=False builds the layer without a bias term (as before a BatchNorm), bias=True (the default) with one per filter"
                ).format(name=name, bias=bias, type_name=type(bias).__name__)
            )
        self.bias = bool(bias)
        self.in_channels = check_int(in_channels, "in_channels", name, minimum=1)
        self.out_channels = check_int(out_channels, "out_channels", name, minimum=1)
        self.kernel_size = check_pair(kernel_size, "kernel_size", name, minimum=1)
        self.stride = check_pair(stride, "stride", name, minimum=1)
        self.padding = check_pair(
            padding, "padding", name, minimum=0, rule="padding adds cells around the border; it cannot remove them"
        )
        self.dtype = _float_dtype(dtype, name)
        self.input_grad = bool(input_grad)
        self.groups = check_groups(groups, self.in_channels, self.out_channels, name, ("in_channels", "out_channels"))
        rng = np.random.default_rng() if rng is None else rng
        KH, KW = self.kernel_size
        fan_in = self.in_channels // self.groups * KH * KW
        W = rng.standard_normal((self.out_channels, self.in_channels // self.groups, KH, KW)) * he_std(fan_in)
        self.params = {"W": W.astype(self.dtype)}
        if self.bias:
            self.params["b"] = np.zeros(self.out_channels, dtype=self.dtype)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def __repr__(self):
        extra = ""
        if self.stride != (1, 1):
            extra += f", stride={self.stride[0] if self.stride[0] == self.stride[1] else self.stride}"
        if self.padding != (0, 0):
            extra += f", padding={self.padding[0] if self.padding[0] == self.padding[1] else self.padding}"
        if not self.bias:
            extra += ", bias=False"
        if self.groups != 1:
            extra += f", groups={self.groups}"
        k = self.kernel_size[0] if self.kernel_size[0] == self.kernel_size[1] else self.kernel_size
        return f"Conv2D({self.in_channels}, {self.out_channels}, {k}{extra})"

    def param_formula(self):
        KH, KW = self.kernel_size
        weights = f"{self.out_channels}×{self.in_channels // self.groups}×{KH}×{KW}"
        return f"{weights} + {self.out_channels}" if self.bias else weights

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 4:
            hint = (
                _(
                    " (a 3-D array is either one image (C, H, W): add the batch axis, x[None]; or a batch of grey "
                    "images (N, H, W) without their channel axis: add it, x[:, None])"
                )
                if len(shape) == 3
                else _(
                    " (a 2-D array is either flat rows of pixels: reshape them to images, e.g. "
                    "x.reshape(-1, 1, 28, 28); or the output of a Flatten that came too early; a model's "
                    "input_shape is (C, H, W), e.g. (1, 28, 28))"
                )
                if len(shape) == 2
                else ""
            )
            raise ValueError(
                _("{self!r}: input must be (N, C, H, W), got shape {shape_text_shape}{hint}").format(
                    self=self, shape_text_shape=_shape_text(shape), hint=hint
                )
            )
        N, C, H, W = shape
        if C != self.in_channels:
            raise ValueError(
                _(
                    "{self!r}: input has {C} channels but the layer expects in_channels={self_in_channels}; the previous layer's out_channels (or the image's channels) must equal this layer's in_channels, e.g. Conv2D({C}, {self_out_channels}, ...)"
                ).format(self=self, C=C, self_in_channels=self.in_channels, self_out_channels=self.out_channels)
                + (
                    _(" (is the input channels-last, NHWC? use x.transpose(0, 3, 1, 2))")
                    if W == self.in_channels
                    else ""
                )
            )
        (KH, KW), (S_h, S_w), (P_h, P_w) = self.kernel_size, self.stride, self.padding
        for axis, size, k, p in (("height", H, KH, P_h), ("width", W, KW, P_w)):
            if size + 2 * p < k:
                raise ValueError(
                    _(
                        "{self!r}: the {k}-wide kernel does not fit the input {axis} {size} + 2*{p} padding = {size_2_p}; use a smaller kernel, more padding, or fewer pooling layers before this one"
                    ).format(self=self, k=k, axis=axis, size=size, p=p, size_2_p=size + 2 * p)
                )
        name = repr(self)
        return (
            N,
            self.out_channels,
            window_count(name, "H", H, KH, S_h, P_h, P_h, 1),
            window_count(name, "W", W, KW, S_w, P_w, P_w, 1),
        )

    def forward(self, x):
        x = check_array(x, "x", f"{self!r}.forward")
        self.output_shape(x.shape)
        x = x.astype(self.dtype, copy=False)
        if self.groups == 1:
            out, cache = conv_forward(x, self.params["W"], self.params.get("b"), self.stride, self.padding)
        else:  # one ordinary convolution per group: channels c0:c0+C/G with filters f0:f0+F/G
            G, W, b = self.groups, self.params["W"], self.params.get("b")
            Cg, Fg = self.in_channels // G, self.out_channels // G
            parts = [
                conv_forward(
                    x[:, g * Cg : (g + 1) * Cg],
                    W[g * Fg : (g + 1) * Fg],
                    None if b is None else b[g * Fg : (g + 1) * Fg],
                    self.stride,
                    self.padding,
                )
                for g in range(G)
            ]
            out = np.concatenate([p[0] for p in parts], axis=1)
            cache = [p[1] for p in parts]
        self._cache = cache
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        cache = self._need_cache()
        dout = self._check_dout(dout, self._out_shape).astype(self.dtype, copy=False)
        if self.groups == 1:
            dx, dW, db = conv_backward(dout, cache, need_dx=self.input_grad)
        else:  # each group's gradients from its own slice of dout, then side by side
            Fg = self.out_channels // self.groups
            parts = [conv_backward(dout[:, g * Fg : (g + 1) * Fg], c, self.input_grad) for g, c in enumerate(cache)]
            dx = np.concatenate([p[0] for p in parts], axis=1) if self.input_grad else None
            dW = np.concatenate([p[1] for p in parts], axis=0)
            db = np.concatenate([p[2] for p in parts]) if self.bias else None
        self.grads["W"][...] = dW
        if self.bias:
            self.grads["b"][...] = db
        return dx


# =========================================================================== shape, fully connected, dropout


class Flatten(Layer):
    """Flatten (平坦化): x (N, C, H, W) -> out (N, C*H*W), ready for a Linear layer.

    The order is C, then H, then W (row-major), as ``x.reshape(N, -1)``.
    backward: dx = dout.reshape(N, C, H, W) -- flattening moves no numbers, so neither does its gradient.
    """

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) < 2:
            raise ValueError(
                _("Flatten: input needs a batch axis, got shape {shape_text_shape}").format(
                    shape_text_shape=_shape_text(shape)
                )
            )
        return (shape[0], int(np.prod(shape[1:])))

    def forward(self, x):
        x = check_array(x, "x", f"{self!r}.forward")
        self.output_shape(x.shape)
        self._cache = x.shape
        return x.reshape(self.output_shape(x.shape))  # (N, -1) cannot be worked out when N = 0

    def backward(self, dout):
        shape = self._need_cache()
        return self._check_dout(dout, self.output_shape(shape)).reshape(shape)


class Linear(Layer):
    """Fully-connected (affine) layer (全結合層 / Affine レイヤ).

    Linear(in_features D, out_features M)
    params:  W (M, D) (as in PyTorch: one row of weights per output), b (M,)   -- M*D + M parameters
    forward:  x (N, D) -> out (N, M),    out = x @ W.T + b
    backward: dout (N, M) -> dx (N, D):  dx = dout @ W,  dW = dout.T @ x,  db = dout.sum(axis=0)

    He initialisation: W ~ N(0, 2 / D), b = 0. A feature map (N, C, H, W) must be
    flattened first (``Flatten()``) -- the error message says so.
    """

    def __init__(self, in_features, out_features, *, rng=None, dtype=np.float64):
        super().__init__()
        self.in_features = check_int(in_features, "in_features", "Linear", minimum=1)
        self.out_features = check_int(out_features, "out_features", "Linear", minimum=1)
        self.dtype = _float_dtype(dtype, "Linear")
        rng = np.random.default_rng() if rng is None else rng
        W = rng.standard_normal((self.out_features, self.in_features)) * he_std(self.in_features)
        self.params = {"W": W.astype(self.dtype), "b": np.zeros(self.out_features, dtype=self.dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def __repr__(self):
        return f"Linear({self.in_features}, {self.out_features})"

    def param_formula(self):
        return f"{self.in_features}×{self.out_features} + {self.out_features}"

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) > 2:
            features = int(np.prod(shape[1:]))
            raise ValueError(
                _(
                    "{self!r}: got a feature map of shape {shape_text_shape}, but a Linear layer needs a batch of vectors (N, in_features). Add Flatten() before it: it turns {shape_text_shape} into ({shape_0}, {product}) = ({shape_0}, {features})"
                ).format(
                    self=self,
                    shape_text_shape=_shape_text(shape),
                    shape_0=shape[0],
                    product="*".join(str(s) for s in shape[1:]),
                    features=features,
                )
                + (
                    ""
                    if features == self.in_features
                    else _(", and then in_features must be {features}, not {self_in_features}").format(
                        features=features, self_in_features=self.in_features
                    )
                )
            )
        if len(shape) != 2:
            raise ValueError(
                _("{self!r}: input must be (N, in_features), got shape {shape_text_shape}").format(
                    self=self, shape_text_shape=_shape_text(shape)
                )
                + (_(" (one vector: add the batch axis, x[None])") if len(shape) == 1 else "")
            )
        if shape[1] != self.in_features:
            raise ValueError(
                _(
                    "{self!r}: input has {shape_1} features but in_features={self_in_features}; use Linear({shape_1}, {self_out_features}) or fix the layer before (the flattened size is C*H*W of the last feature map)"
                ).format(
                    self=self, shape_1=shape[1], self_in_features=self.in_features, self_out_features=self.out_features
                )
            )
        return (shape[0], self.out_features)

    def forward(self, x):
        x = check_array(x, "x", f"{self!r}.forward")
        self.output_shape(x.shape)
        x = x.astype(self.dtype, copy=False)
        self._cache = x
        out = x @ self.params["W"].T
        out += self.params["b"]
        return out

    def backward(self, dout):
        x = self._need_cache()
        dout = self._check_dout(dout, (x.shape[0], self.out_features)).astype(self.dtype, copy=False)
        np.matmul(dout.T, x, out=self.grads["W"])
        np.sum(dout, axis=0, out=self.grads["b"])
        return dout @ self.params["W"]


class Dropout(Layer):
    """Inverted dropout (ドロップアウト): in training, zero each value with probability p and scale the rest.

    Dropout(p=0.5), any shape.
    training:  mask = (u >= p) / (1 - p) with u ~ Uniform[0, 1);   out = x * mask,   dx = dout * mask
    eval:      out = x,  dx = dout   (identity: the 1/(1-p) scaling during training already keeps
               the expected value E[out] = x, so nothing has to change at test time)
    """

    def __init__(self, p=0.5, *, rng=None):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0 <= float(p) < 1:
            raise ValueError(
                _("Dropout: p is the probability of dropping a value and must be in [0, 1), got {p!r}").format(p=p)
            )
        self.p = float(p)
        self.rng = np.random.default_rng() if rng is None else rng

    def __repr__(self):
        return f"Dropout({self.p:g})"

    def forward(self, x):
        x = check_array(x, "x", f"{self!r}.forward")
        if not self.training or self.p == 0.0:
            self._cache = ("identity", x.shape)
            return x
        keep = self.rng.random(x.shape) >= self.p
        mask = keep.astype(x.dtype) / x.dtype.type(1.0 - self.p) if x.dtype.kind == "f" else keep / (1.0 - self.p)
        self._cache = ("mask", mask)
        return x * mask

    def backward(self, dout):
        kind, value = self._need_cache()
        if kind == "identity":
            return self._check_dout(dout, value)
        return self._check_dout(dout, value.shape) * value
