"""Window arithmetic along one axis and on a grid: where windows start, which cells a kernel reads,
how often each cell is read, and how many multiply-adds a convolution does.

Pure numpy (no drawing): the explorers of notebooks 02 and 03 and the exercise banks call these and
only draw the results. Notation (cs231n's): input size I, kernel size K, stride S, padding P per side,
dilation D; effective kernel K_eff = D(K-1)+1; output size O = floor((I + 2P - K_eff) / S) + 1.
Positions are counted in the padded input, so the padded input's first cell is 0.
"""

from __future__ import annotations

import numpy as np

from .shapes import conv_output_size, effective_kernel_size

__all__ = ["window_starts", "kernel_taps", "visit_counts", "multiply_adds"]


def _whole(v, name: str, func: str, minimum: int) -> int:
    """``v`` as a Python int >= minimum, or a clear TypeError/ValueError naming the argument."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"{func}: {name} must be a whole number >= {minimum}, got {v!r}; e.g. {name}={max(minimum, 1)}")
    if v < minimum:
        raise ValueError(f"{func}: {name} must be >= {minimum}, got {v}; e.g. {name}={max(minimum, 1)}")
    return int(v)


def _pair(v, name: str, func: str, minimum: int) -> tuple[int, int]:
    """An int or an (h, w) pair -> (h, w)."""
    if isinstance(v, (tuple, list, np.ndarray)):
        if len(v) != 2:
            raise ValueError(f"{func}: {name} must be an int or an (h, w) pair, got {v!r}")
        return _whole(v[0], f"{name}[0]", func, minimum), _whole(v[1], f"{name}[1]", func, minimum)
    n = _whole(v, name, func, minimum)
    return n, n


def _padding4(padding, func: str) -> tuple[int, int, int, int]:
    """An int, (ph, pw) or (top, bottom, left, right) -> (top, bottom, left, right)."""
    if isinstance(padding, (tuple, list, np.ndarray)):
        items = list(padding)
        if len(items) == 2:
            items = [items[0], items[0], items[1], items[1]]
        elif len(items) != 4:
            raise ValueError(
                f"{func}: padding must be an int, (ph, pw) or (top, bottom, left, right), got {padding!r}; "
                f"e.g. padding=1 or padding=(0, 1, 0, 1)"
            )
        return tuple(_whole(v, f"padding[{i}]", func, 0) for i, v in enumerate(items))
    p = _whole(padding, "padding", func, 0)
    return p, p, p, p


def window_starts(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> list[int]:
    """Where each window's first cell lands along one axis, in padded coordinates.

    starts = [0, S, 2S, ..., (O-1)S]  with O = conv_output_size(I, K, S, P, D)  (O entries).

    >>> window_starts(7, 3, stride=2)
    [0, 2, 4]
    """
    n = conv_output_size(size, kernel_size, stride, padding, dilation)  # validates, raises on bad input
    return [int(s) for s in np.arange(n) * int(stride)]


def kernel_taps(kernel_size: int, dilation: int = 1) -> list[int]:
    """Offsets of the kernel's K cells from the window start: [0, D, 2D, ..., D(K-1)].

    >>> kernel_taps(3, dilation=2)
    [0, 2, 4]
    """
    effective_kernel_size(kernel_size, dilation)  # validates
    return [int(t) for t in np.arange(int(kernel_size)) * int(dilation)]


def _axis_visits(n: int, k: int, s: int, before: int, after: int, d: int) -> np.ndarray:
    """(n + before + after,) ints: how many window positions read each cell of one padded axis."""
    span = n + before + after
    k_eff = effective_kernel_size(k, d)
    if k_eff > span:
        dilated = f" dilated to D(K-1)+1 = {k_eff}" if d > 1 else ""
        raise ValueError(
            f"visit_counts: the kernel ({k}{dilated}) is larger than the padded input "
            f"({n} + {before} + {after} = {span}); use a smaller kernel_size or more padding"
        )
    starts = np.arange((span - k_eff) // s + 1) * s
    taps = np.arange(k) * d
    return np.bincount((starts[:, None] + taps[None, :]).ravel(), minlength=span)


def visit_counts(size, kernel_size, stride=1, padding=0, dilation=1, *, include_padding: bool = False) -> np.ndarray:
    """How many window positions read each cell: an (H, W) int array (or the padded grid).

    size, kernel_size, stride, dilation : int or (h, w);  padding : int, (ph, pw) or (top, bottom, left, right).
    Returns (H, W) for the input cells, or (H + top + bottom, W + left + right) with include_padding=True.
    The count factorises: visits[r, c] = rows[r] * cols[c], where rows[r] is the number of pairs
    (window o, tap u) with o*S + u*D = r along the rows (likewise cols); 0 = never read.

    >>> visit_counts(4, 3).tolist()
    [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]
    """
    func = "visit_counts"
    h, w = _pair(size, "size", func, 1)
    kh, kw = _pair(kernel_size, "kernel_size", func, 1)
    sh, sw = _pair(stride, "stride", func, 1)
    dh, dw = _pair(dilation, "dilation", func, 1)
    top, bottom, left, right = _padding4(padding, func)
    rows = _axis_visits(h, kh, sh, top, bottom, dh)
    cols = _axis_visits(w, kw, sw, left, right, dw)
    if not include_padding:
        rows, cols = rows[top : top + h], cols[left : left + w]
    return np.outer(rows, cols)


def multiply_adds(
    size: int,
    kernel_size: int,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
    channels: int = 1,
    filters: int = 1,
) -> int:
    """Multiply-adds of one convolution on a size×size input with C channels and F filters:

    O*O windows × K*K*C products × F filters,  O = conv_output_size(I, K, S, P, D).

    >>> multiply_adds(9, 3, stride=2)
    144
    """
    func = "multiply_adds"
    c = _whole(channels, "channels", func, 1)
    f = _whole(filters, "filters", func, 1)
    o = conv_output_size(size, kernel_size, stride, padding, dilation)
    return int(o * o * int(kernel_size) ** 2 * c * f)
