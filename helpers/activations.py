"""Activation layers (活性化関数): element-wise non-linearities with a forward and a backward pass.

ReLU (the CNN default), and the saturating Sigmoid and Tanh (the original LeNet-5's), all with the
``Layer`` interface of ``helpers.layer_base``. Re-exported by ``helpers.layers``, so
``from helpers.layers import ReLU`` works as before.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array
from .layer_base import Layer

__all__ = ["ReLU", "Sigmoid", "Tanh"]


class ReLU(Layer):
    """ReLU: out = max(0, x), element-wise, any shape.

    backward: dx = dout * (x > 0)      (the gradient passes where the input was positive)
    """

    def forward(self, x):
        x = check_array(x, "x", "ReLU.forward")
        self._cache = x > 0
        return np.maximum(x, 0)

    def backward(self, dout):
        mask = self._need_cache()
        return self._check_dout(dout, mask.shape) * mask


# =========================================================================== saturating activations


class Sigmoid(Layer):
    """Sigmoid (シグモイド関数): out = 1 / (1 + exp(-x)), element-wise, any shape; values in (0, 1).

    backward: dx = dout * out * (1 - out)      (the slope is at most 1/4, at x = 0; it vanishes
              for large |x|, which is why deep sigmoid networks such as the original LeNet-5 learn slowly)

    Computed without overflow: exp(-|x|) is at most 1, and
    out = 1 / (1 + e) for x >= 0,  out = e / (1 + e) for x < 0,  with e = exp(-|x|).
    Float input keeps its dtype; integer input is computed in float64.
    """

    def forward(self, x):
        x = check_array(x, "x", "Sigmoid.forward")
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        with np.errstate(under="ignore"):  # exp(-1000) = 0 is the right answer, not an error
            e = np.exp(-np.abs(x))
            out = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        self._cache = out
        return out

    def backward(self, dout):
        out = self._need_cache()
        return self._check_dout(dout, out.shape) * (out * (1 - out))


class Tanh(Layer):
    """Hyperbolic tangent (双曲線正接関数): out = tanh(x) = (e^x - e^-x) / (e^x + e^-x), element-wise; values in (-1, 1).

    backward: dx = dout * (1 - out**2)      (slope 1 at x = 0; tanh(x) = 2*sigmoid(2x) - 1)

    Float input keeps its dtype; integer input is computed in float64.
    """

    def forward(self, x):
        x = check_array(x, "x", "Tanh.forward")
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        out = np.tanh(x)
        self._cache = out
        return out

    def backward(self, dout):
        out = self._need_cache()
        return self._check_dout(dout, out.shape) * (1 - out * out)
