"""Argument checks for :func:`helpers.training.fit` and the optimizers (learning machinery only).

Each check raises a ``TypeError``/``ValueError`` naming the function, the argument, the
value, the rule and a fix, like ``helpers._validation`` does for the numerical core.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


class TrainingDiverged(FloatingPointError):
    """Training stopped because the loss stopped being a finite number; ``.history``: the epochs so far."""

    def __init__(self, message: str, history=None):
        super().__init__(message)
        self.history = history


class TrainingWarning(UserWarning):
    """Training goes on, but something looks wrong (e.g. the loss grows by orders of magnitude)."""


def whole(value, name: str, func: str, *, minimum: int, example: int) -> int:
    """``value`` as an int >= minimum, or a clear TypeError/ValueError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
            fix = f"pass {name}={int(value)} (an int, not a float)"
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
            fix = f"pass the number itself, {name}={int(value)}, not the text {value!r}"
        else:
            fix = f"pass a whole number, e.g. {name}={example}"
        raise TypeError(f"{func}: {name} must be a whole number, got {value!r} ({type(value).__name__}); {fix}")
    if int(value) < minimum:
        raise ValueError(f"{func}: {name} must be >= {minimum}, got {int(value)}; e.g. {name}={example}")
    return int(value)


def real(
    value, name: str, func: str, *, low=None, high=None, low_open=True, high_open=True, example, what: str = ""
) -> float:
    """``value`` as a finite float inside (low, high) (open or closed ends), or a clear error.

    what : a few words saying what the number is, shown after the name (e.g. "the learning rate").
    """
    label = f"{name} ({what})" if what else name
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(
            f"{func}: {label} must be a number, got {value!r} ({type(value).__name__}); e.g. {name}={example}"
        )
    v = float(value)
    lo_ok = low is None or (v > low if low_open else v >= low)
    hi_ok = high is None or (v < high if high_open else v <= high)
    if not (math.isfinite(v) and lo_ok and hi_ok):
        lo = "" if low is None else ("(" if low_open else "[") + f"{low:g}"
        hi = "" if high is None else f"{high:g}" + (")" if high_open else "]")
        rule = (
            f"in {lo}, {hi}" if low is not None and high is not None else (f"> {low:g}" if low_open else f">= {low:g}")
        )
        raise ValueError(f"{func}: {label} must be a finite number {rule}, got {value!r}; e.g. {name}={example}")
    return v


def check_optimizer(optimizer, func: str = "fit"):
    """An optimizer *instance* (anything with ``step`` and ``lr``)."""
    if optimizer is None:
        raise TypeError(f"{func}: optimizer is required, got None; e.g. optimizer=Adam(lr=1e-3) or SGD(lr=0.01)")
    if isinstance(optimizer, type):
        raise TypeError(
            f"{func}: optimizer must be an optimizer object, got the class {optimizer.__name__}; "
            f"call it: optimizer={optimizer.__name__}() or {optimizer.__name__}(lr=1e-3)"
        )
    if not callable(getattr(optimizer, "step", None)) or not hasattr(optimizer, "lr"):
        raise TypeError(
            f"{func}: optimizer must have a step(model) method and an lr, got {optimizer!r}; "
            f"e.g. optimizer=Adam(lr=1e-3) from helpers.optim"
        )
    return optimizer


def check_schedule(lr_schedule, func: str = "fit") -> dict:
    """{epoch (int >= 1): learning rate (finite > 0)}."""
    if lr_schedule is None:
        return {}
    if not isinstance(lr_schedule, dict):
        raise TypeError(
            f"{func}: lr_schedule must be a dict {{epoch: learning rate}}, got {type(lr_schedule).__name__}; "
            f"e.g. lr_schedule={{13: 1e-4}}"
        )
    out = {}
    for epoch, lr in lr_schedule.items():
        e = whole(epoch, "an lr_schedule epoch", func, minimum=1, example=13)
        out[e] = real(lr, f"lr_schedule[{epoch!r}]", func, low=0.0, example=1e-4)
    return out


def check_augment(augment, func: str = "fit"):
    """None/False/0, a whole number of pixels, or a callable (x_batch, rng) -> x_batch."""
    if augment is None or augment is False or callable(augment):
        return augment or None
    m = whole(augment, "augment", func, minimum=0, example=2)
    return m or None


def diverged_message(loss, epoch: int, batch: int, lr) -> str:
    lr_text = f"{lr:g}" if isinstance(lr, (int, float)) else repr(lr)
    return (
        f"fit: training diverged: the loss became {loss} at epoch {epoch}, batch {batch}; "
        f"the likely cause is a learning rate too high (lr={lr_text}): try 1e-3 for Adam or 0.01 for SGD "
        f"(or check the inputs for NaN/inf), rebuild the model and train again"
    )


def labels(y, name: str, func: str = "confusion_matrix") -> np.ndarray:
    """Class numbers as int64; floats only when they are whole (1.0 yes, 1.7 no)."""
    arr = np.asarray(y)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"{func}: {name} must hold class numbers 0, 1, 2, ..., got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.complexfloating):
        bad = ~np.isfinite(arr) | (arr != np.round(arr.real))
        if bad.any():
            raise ValueError(
                f"{func}: {name} must hold whole class numbers, got {arr[bad].ravel()[0]!r}; "
                f"pass the predicted classes (e.g. logits.argmax(axis=1)), not scores or probabilities"
            )
        arr = arr.real
    return arr.astype(np.int64)


def check_data(x, y, func, names=("x", "y")):
    if x is None or y is None or isinstance(x, (str, bytes)) or isinstance(y, (str, bytes)):
        which = names[0] if x is None or isinstance(x, (str, bytes)) else names[1]
        raise TypeError(f"{func}: {which} must be an array, got {x if which == names[0] else y!r:.40}")
    x = np.asarray(x)
    y = labels(y, names[1], func)
    if x.ndim == 0 or y.ndim != 1:
        raise ValueError(
            f"{func}: {names[0]} must be (N, ...) and {names[1]} (N,) class numbers, got shapes {x.shape} and {y.shape}"
        )
    if not (np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.integer)):
        raise TypeError(f"{func}: {names[0]} must hold numbers, got dtype {x.dtype}; e.g. x.astype(np.float32)")
    if len(x) != len(y):
        raise ValueError(
            f"{func}: {names[0]} has {len(x)} examples but {names[1]} has {len(y)} labels; they must match one to one"
        )
    if len(x) == 0:
        raise ValueError(f"{func}: {names[0]} is empty (0 examples); pass at least one example")
    if y.min() < 0:
        raise ValueError(f"{func}: {names[1]} must hold class numbers >= 0, got {int(y.min())}")
    return x, y


def check_model(model, func: str):
    if isinstance(model, type) or not all(callable(getattr(model, m, None)) for m in ("forward", "backward", "train")):
        hint = " (the class: call it, e.g. simple_convnet())" if isinstance(model, type) else ""
        raise TypeError(
            f"{func}: model must be a Sequential (with forward, backward, train and eval), got {model!r:.60}{hint}"
        )
