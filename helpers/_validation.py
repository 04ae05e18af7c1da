"""Argument checks shared by every public function.

Each check raises a ``TypeError`` or ``ValueError`` whose message names the
function, the argument, the value received, the rule and a fix, so a learner
never has to decode a numpy broadcasting error from deep inside.
"""

from __future__ import annotations

import numbers

import numpy as np

from .i18n import _

# Type hints of the public API: a size is an int or an (h, w) pair; padding may also be
# (top, bottom, left, right) or, for convolutions, 'same' / 'valid'.
Size = int | tuple[int, int]
Padding = int | tuple[int, int] | tuple[int, int, int, int] | str


def _is_int(value) -> bool:
    # bool is an int subclass, but `stride=True` is always a mistake.
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


# The largest array (in elements) a public function will allocate: 2**28 elements is 2 GiB of
# float64. Anything bigger comes from a typo (padding=10**4), and on a laptop it kills the kernel.
MAX_ELEMENTS = 2**28


def check_size(shape, what: str, func: str, blame: str) -> None:
    """Refuse to allocate an array of ``shape`` with more than MAX_ELEMENTS elements.

    ``what`` says which array it is, ``blame`` which arguments make it that big.
    """
    count = 1
    for n in shape:
        count *= int(n)
    if count > MAX_ELEMENTS:
        raise ValueError(
            _(
                "{func}: {what} would have shape {tuple_int_n_for_n_in_shape} = {count:,} elements, more than the limit of {MAX_ELEMENTS:,} (2**28, 2 GiB of float64); check {blame} (a padding or size of a few cells is usual) or work on a smaller input"
            ).format(
                func=func,
                what=what,
                tuple_int_n_for_n_in_shape=tuple(int(n) for n in shape),
                count=count,
                MAX_ELEMENTS=MAX_ELEMENTS,
                blame=blame,
            )
        )


def check_int(value, name: str, func: str, *, minimum: int | None = None, rule: str = "") -> int:
    """Return ``value`` as an int, or raise a message naming ``name``."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]  # np.array(1) counts as 1
    if not _is_int(value):
        if isinstance(value, (float, np.floating)) and not np.isfinite(value):
            raise ValueError(
                _(
                    "{func}: {name} must be a whole number, got {value!r}; a size or step cannot be NaN or infinite. Pass a whole number, e.g. {name}=1"
                ).format(func=func, name=name, value=value)
            )
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            fix = _("pass {name}={int_value} (an int, not a float)").format(name=name, int_value=int(value))
        elif isinstance(value, float):
            fix = _("sizes count whole pixels: round it, e.g. {name}={int_np_floor_value}").format(
                name=name, int_np_floor_value=int(np.floor(value))
            )
        else:
            fix = _("pass a whole number, e.g. {name}=1").format(name=name)
        raise TypeError(
            _("{func}: {name} must be an int, got {value!r} ({type_value___name}); {fix}").format(
                func=func, name=name, value=value, type_value___name=type(value).__name__, fix=fix
            )
        )
    value = int(value)
    if minimum is not None and value < minimum:
        what = rule or (f"{name} must be >= {minimum}")
        raise ValueError(
            _("{func}: {name} must be >= {minimum}, got {value}; {what}").format(
                func=func, name=name, minimum=minimum, value=value, what=what
            )
        )
    return value


def check_pair(value, name: str, func: str, *, minimum: int, rule: str = "") -> tuple[int, int]:
    """Return ``value`` as an ``(h, w)`` pair of ints (an int means both axes)."""
    if is_pair(value):
        items = list(np.asarray(value, dtype=object).ravel()) if isinstance(value, np.ndarray) else list(value)
        if len(items) != 2:
            raise ValueError(
                _(
                    "{func}: {name} must be an int or an (h, w) pair, got {value!r} with {len_items} entries; e.g. {name}=1 or {name}=(1, 2)"
                ).format(func=func, name=name, value=value, len_items=len(items))
            )
        return (
            check_int(items[0], f"{name}[0]", func, minimum=minimum, rule=rule),
            check_int(items[1], f"{name}[1]", func, minimum=minimum, rule=rule),
        )
    v = check_int(value, name, func, minimum=minimum, rule=rule)
    return (v, v)


def is_pair(value) -> bool:
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0)


def check_array(x, name: str, func: str) -> np.ndarray:
    """Return ``x`` as a numeric numpy array."""
    if isinstance(x, (str, bytes)):
        raise TypeError(
            _("{func}: {name} must be a numeric array, got the string {x!r}; pass e.g. np.array(...)").format(
                func=func, name=name, x=x
            )
        )
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged nested lists
        raise ValueError(
            _("{func}: {name} could not be turned into an array ({exc}); every row must have the same length").format(
                func=func, name=name, exc=exc
            )
        ) from None
    if arr.dtype == object and arr.ndim == 0:
        raise TypeError(
            _("{func}: {name} must be a numeric array, got {x!r} ({type_x___name}); pass e.g. np.array(...)").format(
                func=func, name=name, x=x, type_x___name=type(x).__name__
            )
        )
    if arr.dtype == object:
        raise ValueError(
            _(
                "{func}: {name} must be a rectangular numeric array, got an object array of shape {arr_shape}; check that every row has the same length"
            ).format(func=func, name=name, arr_shape=arr.shape)
        )
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(
            _("{func}: {name} must hold numbers, got dtype {arr_dtype}; convert it, e.g. {name}.astype(float)").format(
                func=func, name=name, arr_dtype=arr.dtype
            )
        )
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(
            _(
                "{func}: {name} must hold real numbers, got complex dtype {arr_dtype}; convolution and pooling compare and add real values. Pass {name}.real or np.abs({name})"
            ).format(func=func, name=name, arr_dtype=arr.dtype)
        )
    if arr.dtype == np.bool_:
        arr = arr.astype(np.int64)
    return arr


def check_rank(arr: np.ndarray, name: str, func: str, allowed: tuple[int, ...], layout: str) -> None:
    if arr.ndim not in allowed:
        ranks = (
            " or ".join(str(r) for r in allowed)
            if len(allowed) <= 2
            else ", ".join(str(r) for r in allowed[:-1]) + f" or {allowed[-1]}"
        )
        raise ValueError(
            f"{func}: {name} must have rank {ranks} ({layout}), got rank {arr.ndim} with shape {arr.shape}; "
            + _rank_fix(arr.ndim, allowed, name)
        )


def _rank_fix(ndim: int, allowed: tuple[int, ...], name: str) -> str:
    if ndim < min(allowed):
        missing = min(allowed) - ndim
        return _("add {missing} leading axis/axes, e.g. {name}[{nones}]").format(
            missing=missing, name=name, nones=", ".join(["None"] * missing)
        )
    if ndim > max(allowed):
        return _("remove extra axes, e.g. {name}.squeeze() or index one item of the batch").format(name=name)
    return _("reshape it to one of the ranks above")


def float_dtype_for(*arrays) -> np.dtype:
    """The float dtype a computation should use: float32 stays float32, everything else float64."""
    dt = np.result_type(*arrays)
    if np.issubdtype(dt, np.floating):
        return dt
    return np.dtype(np.float64)


def accumulate_dtype(*arrays) -> np.dtype:
    """The dtype a sum of products should use: floats keep theirs, every integer or bool kind is int64.

    A uint8 image convolved with a uint8 kernel would wrap around (200*2 + 200*2 = 800 -> 32);
    int64 holds every sum a learner can build exactly, so integer in, exact integer out.
    """
    dt = np.result_type(*arrays)
    if np.issubdtype(dt, np.floating):
        return dt
    return np.dtype(np.int64)


def number_array(a, name, func):
    """The layer kernels' quick check: an integer or float array (no copy), else a TypeError."""
    if not isinstance(a, np.ndarray):
        a = np.asarray(a)
    if not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise TypeError(
            _("{func}: {name} must hold numbers, got dtype {a_dtype}; pass a float array").format(
                func=func, name=name, a_dtype=a.dtype
            )
        )
    return a


def check_4d(x, name, func, layout="(N, C, H, W)"):
    if x.ndim != 4:
        raise ValueError(
            _(
                "{func}: {name} must be 4-D {layout}, got shape {x_shape}; for a single image use {name}[None] to add the batch axis"
            ).format(func=func, name=name, layout=layout, x_shape=x.shape)
        )
