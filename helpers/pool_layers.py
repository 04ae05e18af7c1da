"""Pooling layers (プーリング層): MaxPool2D and AvgPool2D, with forward and backward passes.

The same small interface as every layer in ``helpers.layers`` (which re-exports these two):
``out = layer.forward(x)``, ``dx = layer.backward(dout)``; no parameters. The numerics
come from ``helpers.pool_kernels``; the output size from ``helpers.shapes``.
"""

from __future__ import annotations

from ._validation import check_array, check_pair
from .i18n import _
from .layer_base import Layer, _shape_text
from .pool_kernels import avgpool_backward, avgpool_forward, maxpool_backward, maxpool_forward
from .shapes import check_pool_padding, window_count

__all__ = ["MaxPool2D", "AvgPool2D"]


class _Pool(Layer):
    _name = "Pool"

    def __init__(self, kernel_size=2, stride=None, padding=0):
        super().__init__()
        self.kernel_size = check_pair(kernel_size, "kernel_size", self._name, minimum=1)
        self.stride = self.kernel_size if stride is None else check_pair(stride, "stride", self._name, minimum=1)
        self.padding = check_pair(padding, "padding", self._name, minimum=0)
        for k, p in zip(self.kernel_size, self.padding):
            check_pool_padding(p, k, self._name)

    def __repr__(self):
        k = self.kernel_size[0] if self.kernel_size[0] == self.kernel_size[1] else self.kernel_size
        extra = "" if self.stride == self.kernel_size else f", stride={self.stride}"
        extra += "" if self.padding == (0, 0) else f", padding={self.padding}"
        return f"{self._name}({k}{extra})"

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) != 4:
            raise ValueError(
                _("{self!r}: input must be (N, C, H, W), got shape {shape_text_shape}").format(
                    self=self, shape_text_shape=_shape_text(shape)
                )
                + (_(" (pooling after Flatten? pool first, then flatten)") if len(shape) == 2 else "")
            )
        N, C, H, W = shape
        out = []
        for axis, size, k, s, p in zip(("height", "width"), (H, W), self.kernel_size, self.stride, self.padding):
            if size + 2 * p < k:
                raise ValueError(
                    _(
                        "{self!r}: the {k}-wide window does not fit the input {axis} {size}{padding_text}; the map is already too small to pool"
                    ).format(self=self, k=k, axis=axis, size=size, padding_text=f" + 2*{p}" if p else "")
                )
            out.append(window_count(repr(self), axis, size, k, s, p, p, 1))
        return (N, C, out[0], out[1])

    def _forward(self, x, kernel):
        x = check_array(x, "x", f"{self!r}.forward")
        self.output_shape(x.shape)
        out, self._cache = kernel(x, self.kernel_size, self.stride, self.padding)
        self._out_shape = out.shape
        return out


class MaxPool2D(_Pool):
    """Max pooling (最大値プーリング): keep the largest value of each window. No parameters.

    MaxPool2D(kernel_size K=2, stride S=K, padding P=0)
    forward:  x (N, C, H, W) -> out (N, C, OH, OW),  OH = floor((H + 2P - K) / S) + 1

        out[n, c, i, j] = max_{u, v} x_pad[n, c, i*S + u, j*S + v]

    backward: dout (N, C, OH, OW) -> dx (N, C, H, W): each dout[n, c, i, j] goes to the
    one input cell that was the maximum of its window (the first one, in row-major
    order, if several tie); every other cell gets 0. Overlapping windows add up.
    """

    _name = "MaxPool2D"

    def forward(self, x):
        return self._forward(x, maxpool_forward)

    def backward(self, dout):
        cache = self._need_cache()
        return maxpool_backward(self._check_dout(dout, self._out_shape), cache)


class AvgPool2D(_Pool):
    """Average pooling (平均値プーリング): keep the mean of each window. No parameters.

    AvgPool2D(kernel_size K=2, stride S=K, padding P=0)
    forward:  x (N, C, H, W) -> out (N, C, OH, OW)

        out[n, c, i, j] = (1 / (KH*KW)) * sum_{u, v} x_pad[n, c, i*S + u, j*S + v]   (padding counts as 0)

    backward: dout (N, C, OH, OW) -> dx (N, C, H, W): each dout cell is shared equally,
    dout / (KH*KW), among the cells of its window.
    """

    _name = "AvgPool2D"

    def forward(self, x):
        return self._forward(x, avgpool_forward)

    def backward(self, dout):
        cache = self._need_cache()
        return avgpool_backward(self._check_dout(dout, self._out_shape), cache)
