"""Gradient checks (勾配確認): compare backpropagation with numerical differentiation.

    from helpers.gradcheck import check_layer
    errors = check_layer(Conv2D(2, 3, 3, stride=2, padding=1, rng=rng), x)
    errors            # {'x': 3e-11, 'W': 2e-11, 'b': 1e-12}: relative errors, all far below 1e-6

The scalar checked is L = sum(out * R) for a fixed random R, so dL/d(out) = R is
what ``backward`` receives. Each number is compared with the centred difference

    dL/dv ≈ (L(v + h) - L(v - h)) / (2h)          (error ~ h², h = 1e-5)

and the two are compared by the relative error

    rel_error(a, b) = max |a - b| / max(|a|, |b|, tiny)   over all entries

which is about 1e-10 or smaller for a correct backward in float64, and around
1e-2 to 1 for a wrong one. Use float64: float32 rounding alone gives ~1e-3.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .i18n import _

__all__ = ["numerical_gradient", "rel_error", "check_layer", "check_model", "check_function_gradient"]


def rel_error(a, b) -> float:
    """Largest difference relative to the size of the gradients: max|a - b| / max(max|a|, max|b|, 1e-12)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(_("rel_error: shapes differ, {a_shape} vs {b_shape}").format(a_shape=a.shape, b_shape=b.shape))
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-12)
    return float(np.max(np.abs(a - b)) / scale)


def _central_difference(f: Callable[[], float], arr: np.ndarray, index, h: float) -> float:
    """(f(arr[index] + h) - f(arr[index] - h)) / 2h, with arr modified in place and restored."""
    old = arr[index]
    arr[index] = old + h
    plus = f()
    arr[index] = old - h
    minus = f()
    arr[index] = old
    return (plus - minus) / (2 * h)


def numerical_gradient(f: Callable[[], float], v: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """dF/dv by centred differences, changing ``v`` in place one entry at a time (and restoring it).

    f : a function of no arguments that reads ``v`` and returns a float
    v : a float64 array; returns an array of its shape
    """
    if not isinstance(v, np.ndarray) or v.dtype != np.float64:
        raise TypeError(
            _(
                "numerical_gradient: v must be a float64 numpy array (float32 is too coarse for a gradient check), got {got}"
            ).format(got=getattr(v, "dtype", type(v).__name__))
        )
    grad = np.zeros_like(v)
    it = np.nditer(v, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        grad[it.multi_index] = _central_difference(f, v, it.multi_index, h)
        it.iternext()
    return grad


def check_layer(
    layer, x, *, seed: int = 0, h: float = 1e-5, before_forward: Callable | None = None, check_input: bool = True
) -> dict[str, float]:
    """Relative errors between backward and numerical gradients, for the input and every parameter.

    layer : any layer from ``helpers.layers`` (float64 parameters)
    x : a float64 input
    before_forward : called before every forward (e.g. to re-seed a Dropout so its mask stays fixed)
    returns {"x": error, "W": error, "b": error, ...} ("x" left out when the layer skips dx)
    """
    x = np.array(x, dtype=np.float64)
    hook = before_forward or (lambda: None)
    hook()
    out = layer.forward(x)
    R = np.random.default_rng(seed).standard_normal(out.shape)

    def loss() -> float:
        hook()
        return float(np.sum(layer.forward(x) * R))

    hook()
    layer.forward(x)
    dx = layer.backward(R.copy())
    analytic = {key: g.copy() for key, g in layer.grads.items()}
    errors = {}
    if check_input and dx is not None:
        errors["x"] = rel_error(dx, numerical_gradient(loss, x, h))
    for key, p in layer.params.items():
        errors[key] = rel_error(analytic[key], numerical_gradient(loss, p, h))
    return errors


def check_model(
    model, loss_fn, x, y, *, h: float = 1e-5, max_entries: int | None = 30, seed: int = 0
) -> dict[str, float]:
    """Gradient check of a whole model's loss for every parameter (``name -> relative error``).

    max_entries : check at most this many randomly chosen entries per parameter (None: all of them),
        so a check of a real network stays quick.
    """
    rng = np.random.default_rng(seed)
    x = np.asarray(x, dtype=np.float64)

    def loss() -> float:
        return loss_fn.forward(model.forward(x), y)

    loss()
    model.backward(loss_fn.backward())
    errors = {}
    for name, p, g in model.named_params():
        analytic = g.copy()
        flat = p.reshape(-1)
        idx = (
            np.arange(flat.size)
            if max_entries is None or flat.size <= max_entries
            else rng.choice(flat.size, max_entries, replace=False)
        )
        num = np.empty(len(idx))
        for n, i in enumerate(idx):
            num[n] = _central_difference(loss, flat, i, h)
        errors[name] = rel_error(analytic.reshape(-1)[idx], num)
    return errors


def check_function_gradient(
    forward: Callable, backward: Callable, *inputs, seed: int = 0, h: float = 1e-5
) -> list[float]:
    """Check a pair of plain functions: ``forward(*inputs) -> out`` and ``backward(dout, *inputs) -> grads``.

    ``backward`` returns one gradient per input (a tuple, or a single array for one input).
    returns the relative error for each input.
    """
    inputs = [np.array(v, dtype=np.float64) for v in inputs]
    R = np.random.default_rng(seed).standard_normal(np.shape(forward(*inputs)))
    grads = backward(R.copy(), *inputs)
    if not isinstance(grads, (tuple, list)):
        grads = (grads,)
    if len(grads) != len(inputs):
        raise ValueError(
            _("check_function_gradient: backward returned {len_grads} gradients for {len_inputs} inputs").format(
                len_grads=len(grads), len_inputs=len(inputs)
            )
        )

    def loss() -> float:
        return float(np.sum(forward(*inputs) * R))

    return [rel_error(g, numerical_gradient(loss, v, h)) for g, v in zip(grads, inputs)]
