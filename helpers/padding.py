"""Padding (パディング): add a border of cells around the last two axes."""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from ._validation import Padding, check_array, check_size
from .shapes import normalize_padding  # noqa: F401  (lives in shapes; re-exported here)

__all__ = ["pad2d", "PADDING_MODES", "normalize_padding"]

# mode name -> numpy's name
PADDING_MODES = {"zeros": "constant", "constant": "constant", "reflect": "reflect", "edge": "edge", "circular": "wrap"}


def _check_value(value, dtype: np.dtype, func: str):
    """The border value must be a real number that ``dtype`` holds exactly (no silent wrap or rounding)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        raise TypeError(
            f"{func}: value must be a real number, got {value!r} ({type(value).__name__}); e.g. value=0 "
            f"(value is the number written into the border when mode='constant')"
        )
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        if not np.isfinite(float(value)) or float(value) != int(value):  # type: ignore[arg-type]
            raise ValueError(
                f"{func}: value={value!r} cannot be stored in x of integer dtype {dtype} (it would be cut to "
                f"a whole number); pass a whole number, or x.astype(float) to pad with {value!r}"
            )
        if not info.min <= int(value) <= info.max:  # type: ignore[arg-type]  # value is Real here
            raise ValueError(
                f"{func}: value={value!r} is out of range for x of dtype {dtype} ({info.min}..{info.max}); it "
                f"would wrap around. Pass a value in that range, or convert x first, e.g. x.astype(np.int64)"
            )
    return value


def pad2d(x: ArrayLike, padding: Padding, mode: str = "zeros", value: float = 0.0) -> np.ndarray:
    """Pad the last two axes (H, W) of ``x``.

    x : (..., H, W)  ->  (..., H + top + bottom, W + left + right)

    padding : int, (ph, pw) or (top, bottom, left, right), cells per side.
    mode :
        ``"zeros"``    0 everywhere in the border (what convolution layers use)
        ``"constant"`` ``value`` everywhere in the border
        ``"reflect"``  mirror without repeating the edge: [1 2 3] -> 3 2 [1 2 3] 2 1
        ``"edge"``     repeat the edge cell:              [1 2 3] -> 1 1 [1 2 3] 3 3
        ``"circular"`` wrap around (the other side):       [1 2 3] -> 2 3 [1 2 3] 1 2
    value : a real number ``x``'s dtype holds exactly (an int in range for integer x; NaN and inf
        only for float x), else a clear error instead of a silently wrapped or rounded border.
    The dtype of ``x`` is kept. A result above 2**28 elements is refused (padding typo guard).

    >>> pad2d(np.array([[1, 2], [3, 4]]), 1).tolist()
    [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]]
    """
    func = "pad2d"
    x = check_array(x, "x", func)
    if x.ndim < 2:
        raise ValueError(
            f"{func}: x must have at least 2 axes (..., H, W), got shape {x.shape}; for a 1-D signal use x[None, :]"
        )
    if not isinstance(mode, str) or mode not in PADDING_MODES:
        raise ValueError(f"{func}: mode must be one of {sorted(PADDING_MODES)}, got {mode!r}; e.g. mode='zeros'")
    top, bottom, left, right = normalize_padding(padding, func)
    value = _check_value(value, x.dtype, func)
    if mode == "zeros" and value != 0:
        raise ValueError(
            f"{func}: value={value!r} is ignored by mode='zeros'; use mode='constant' to pad with {value!r}"
        )
    if mode == "reflect":
        h, w = x.shape[-2:]
        for side, p, n, axis in (
            ("top", top, h, "H"),
            ("bottom", bottom, h, "H"),
            ("left", left, w, "W"),
            ("right", right, w, "W"),
        ):
            if p >= n:
                raise ValueError(
                    f"{func}: reflect padding must be smaller than the input along {axis}: padding ({side}) = {p} "
                    f"but {axis} = {n}; reflect mirrors the input without repeating its edge, so at most "
                    f"{n - 1} cells exist to mirror. Use padding <= {n - 1} or mode='edge'"
                )
    if mode in ("edge", "circular") and x.shape[-1] * x.shape[-2] == 0:
        raise ValueError(f"{func}: cannot {mode}-pad an empty input of shape {x.shape}")
    check_size(x.shape[:-2] + (x.shape[-2] + top + bottom, x.shape[-1] + left + right), "the result", func, "padding")
    widths = [(0, 0)] * (x.ndim - 2) + [(top, bottom), (left, right)]
    np_mode = PADDING_MODES[mode]
    if np_mode == "constant":
        return np.pad(x, widths, mode="constant", constant_values=value)
    return np.pad(x, widths, mode=np_mode)  # type: ignore[call-overload]  # np_mode is one of numpy's names


# --------------------------------------------------------------------------- for the layer kernels


def fill_border(out: np.ndarray, x: np.ndarray, top: int, bottom: int, left: int, right: int, fill: float = 0) -> None:
    """Write x (..., H, W) into the middle of out (..., H+top+bottom, W+left+right) and ``fill`` around it.

    The fast pad the layer kernels use: no np.pad, no checks, every cell written once.
    """
    H, W = x.shape[-2:]
    if top:
        out[..., :top, :] = fill
    if bottom:
        out[..., top + H :, :] = fill
    if left:
        out[..., top : top + H, :left] = fill
    if right:
        out[..., top : top + H, left + W :] = fill
    out[..., top : top + H, left : left + W] = x


def pad_hw(x: np.ndarray, top: int, bottom: int, left: int, right: int, fill: float = 0) -> np.ndarray:
    """x (N, C, H, W) -> a new (N, C, H+top+bottom, W+left+right) array, border = fill, same dtype."""
    if not (top or bottom or left or right):
        return x
    N, C, H, W = x.shape
    out = np.empty((N, C, H + top + bottom, W + left + right), dtype=x.dtype)
    fill_border(out, x, top, bottom, left, right, fill)
    return out
