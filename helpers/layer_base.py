"""The base class every layer shares: forward, backward, params, grads, train/eval.

out = layer.forward(x)          # remembers what backward needs
dx  = layer.backward(dout)      # dout = dL/d(out); returns dL/dx, fills layer.grads
layer.params, layer.grads       # dicts with the same keys ("W", "b"); empty without parameters
layer.training                  # True while training; Dropout behaves differently in eval mode
"""

from __future__ import annotations

import numpy as np

from .i18n import _

__all__ = ["Layer", "he_std"]


def he_std(fan_in: int) -> float:
    """He initialisation (Heの初期値): weights ~ N(0, 2 / fan_in), the right scale before a ReLU."""
    return float(np.sqrt(2.0 / fan_in))


def _float_dtype(dtype, owner: str):
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise TypeError(
            _("{owner}: dtype must be a float type (np.float64 or np.float32), got {dt}").format(owner=owner, dt=dt)
        )
    return dt


def _shape_text(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


class Layer:
    """The shared interface. Subclasses implement ``forward``, ``backward`` and ``output_shape``."""

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.training = True
        self._cache = None

    # --- interface
    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def output_shape(self, input_shape: tuple) -> tuple:
        """The output shape for an input of shape ``input_shape`` (with the batch axis first)."""
        return tuple(input_shape)

    def __call__(self, x):
        return self.forward(x)

    # --- conveniences
    def train(self):
        self.training = True
        return self

    def eval(self):
        self.training = False
        return self

    @property
    def param_count(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def param_formula(self) -> str:
        """How the parameters are counted, e.g. '30×1×5×5 + 30'; '' without parameters."""
        return ""

    def _need_cache(self):
        if self._cache is None:
            raise RuntimeError(
                _(
                    "{self!r}.backward was called before forward: run forward(x) first (backward needs what forward remembered), and call backward once per forward"
                ).format(self=self)
            )
        return self._cache

    def _check_dout(self, dout, expected_shape):
        dout = np.asarray(dout)
        if dout.shape != tuple(expected_shape):
            raise ValueError(
                _("{self!r}.backward: dout must have the shape of the forward output {expected}, got {got}").format(
                    self=self,
                    expected=_shape_text(expected_shape),
                    got=_shape_text(dout.shape),
                )
            )
        return dout

    def __repr__(self):
        return f"{type(self).__name__}()"
