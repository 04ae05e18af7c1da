"""Window arithmetic: where the sliding window lands, which cells it reads, how often, at what cost.

Pure numpy, shared by the explorers and exercises (they only draw). Along one axis
(I input size, K kernel size, S stride, P padding before/after, D dilation):

    starts  = 0, S, 2S, ..., (O - 1) S         O = floor((I + P_before + P_after - D(K-1) - 1) / S) + 1
    taps    = 0, D, 2D, ..., D(K - 1)          offsets of the kernel's cells from a window's start
    visits[r] = #{(o, u) : o*S + u*D = r}      how many (window, kernel cell) pairs read padded cell r

and in 2-D the visit count factorises: visits[r, c] = visits_H[r] * visits_W[c].
"""

from __future__ import annotations

import numpy as np

from ._validation import check_int, check_pair
from .shapes import normalize_padding, window_count

__all__ = ["window_starts", "kernel_taps", "visit_counts", "multiply_adds"]


def window_starts(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> list[int]:
    """Where the window's first cell lands along one axis (padded coordinates): 0, S, 2S, ...

    >>> window_starts(7, 3, stride=2)
    [0, 2, 4]
    """
    func = "window_starts"
    i = check_int(size, "size", func, minimum=1)
    k = check_int(kernel_size, "kernel_size", func, minimum=1)
    s = check_int(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    p = check_int(padding, "padding", func, minimum=0, rule="padding adds cells; it cannot remove them")
    d = check_int(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    return [o * s for o in range(window_count(func, "", i, k, s, p, p, d))]


def kernel_taps(kernel_size: int, dilation: int = 1) -> list[int]:
    """Offsets of the kernel's cells from the window start: 0, D, 2D, ..., D(K-1).

    >>> kernel_taps(3, dilation=2)
    [0, 2, 4]
    """
    k = check_int(kernel_size, "kernel_size", "kernel_taps", minimum=1)
    d = check_int(dilation, "dilation", "kernel_taps", minimum=1, rule="dilation 1 means an ordinary kernel")
    return [u * d for u in range(k)]


def _visits_1d(func, axis, n, k, s, before, after, d):
    count = window_count(func, axis, n, k, s, before, after, d)
    visits = np.zeros(n + before + after, dtype=np.int64)
    for u in range(k):  # kernel cell u of every window at once
        visits[u * d : u * d + s * (count - 1) + 1 : s] += 1
    return visits


def visit_counts(size, kernel_size, stride=1, padding=0, dilation=1, *, include_padding=False) -> np.ndarray:
    """How many (window, kernel cell) pairs read each cell: an int64 array.

    size, kernel_size, stride, dilation : int or (h, w);  padding : int, (ph, pw) or (top, bottom, left, right)
    returns (H, W) for the input cells, or with include_padding=True (H + top + bottom, W + left + right)
    for the whole padded grid (0 = a cell no window reads).

        visits[r, c] = visits_H[r] * visits_W[c],  visits_H[r] = #{(o, u): o*S_h + u*D_h = r}

    >>> visit_counts(4, 3).tolist()
    [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]
    """
    func = "visit_counts"
    h, w = check_pair(size, "size", func, minimum=1)
    kh, kw = check_pair(kernel_size, "kernel_size", func, minimum=1)
    sh, sw = check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    dh, dw = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    top, bottom, left, right = normalize_padding(padding, func)
    if not isinstance(include_padding, bool):
        raise TypeError(f"{func}: include_padding must be True or False, got {include_padding!r}")
    rows = _visits_1d(func, "H", h, kh, sh, top, bottom, dh)
    cols = _visits_1d(func, "W", w, kw, sw, left, right, dw)
    if not include_padding:
        rows, cols = rows[top : top + h], cols[left : left + w]
    return np.outer(rows, cols)


def multiply_adds(size, kernel_size, stride=1, padding=0, dilation=1, channels=1, filters=1) -> int:
    """Multiply-adds of one convolution: OH*OW windows x KH*KW*C products x F filters.

    >>> multiply_adds(28, 5, channels=1, filters=6)
    86400
    """
    func = "multiply_adds"
    h, w = check_pair(size, "size", func, minimum=1)
    kh, kw = check_pair(kernel_size, "kernel_size", func, minimum=1)
    sh, sw = check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    dh, dw = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    top, bottom, left, right = normalize_padding(padding, func)
    c = check_int(channels, "channels", func, minimum=1)
    f = check_int(filters, "filters", func, minimum=1)
    oh = window_count(func, "H", h, kh, sh, top, bottom, dh)
    ow = window_count(func, "W", w, kw, sw, left, right, dw)
    return oh * ow * kh * kw * c * f
