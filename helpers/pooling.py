"""Pooling (プーリング): summarise each window by its maximum or its mean.

x : (H, W), (C, H, W) or (N, C, H, W)  ->  (OH, OW), (C, OH, OW) or (N, C, OH, OW)

    OH = floor((H + 2P - K) / S) + 1,   S defaults to K (windows do not overlap)

Pooling has no parameters and works on every channel separately, so the
number of channels never changes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import Size, check_array, check_rank, check_size
from .shapes import pool_geometry  # noqa: F401  (lives in shapes; re-exported here)

__all__ = ["max_pool2d", "avg_pool2d", "pool_geometry"]


def _pool(x, kernel_size, stride, padding, func, reduce):
    x = check_array(x, "x", func)
    check_rank(x, "x", func, (2, 3, 4), "(H, W), (C, H, W) or (N, C, H, W)")
    (kh, kw), (sh, sw), (ph, pw), (oh, ow) = pool_geometry(x.shape[-2:], kernel_size, stride, padding, func)
    check_size(x.shape[:-2] + (x.shape[-2] + 2 * ph, x.shape[-1] + 2 * pw), "the padded input", func, "padding")
    if reduce == "max":
        if np.issubdtype(x.dtype, np.floating):
            fill = -np.inf  # padding never wins a max
        else:
            fill = np.iinfo(x.dtype).min
        work = x
    else:
        fill = 0  # counted in the mean, as PyTorch's default count_include_pad=True
        work = x.astype(x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64)
    if ph or pw:
        widths = [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)]
        work = np.pad(work, widths, mode="constant", constant_values=fill)
    # One strided slice per kernel offset: each slice holds that offset of every window.
    out = None
    for u in range(kh):
        for v in range(kw):
            part = work[..., u : u + sh * (oh - 1) + 1 : sh, v : v + sw * (ow - 1) + 1 : sw]
            if out is None:
                out = part.copy()
            elif reduce == "max":
                np.maximum(out, part, out=out)
            else:
                out += part
    if reduce == "avg":
        out /= kh * kw
    return out


def max_pool2d(x: ArrayLike, kernel_size: Size = 2, stride: Size | None = None, padding: Size = 0) -> np.ndarray:
    """Max pooling: each output cell is the largest value in its window.

    x : (H, W), (C, H, W) or (N, C, H, W)
    kernel_size, stride, padding : int or (h, w); stride defaults to kernel_size
    returns (..., OH, OW) with OH = floor((H + 2P - K) / S) + 1; padding cells never win.
    A window holding NaN gives NaN (as PyTorch; the layer's backward sends that window's gradient to the NaN).
    """
    return _pool(x, kernel_size, stride, padding, "max_pool2d", "max")


def avg_pool2d(x: ArrayLike, kernel_size: Size = 2, stride: Size | None = None, padding: Size = 0) -> np.ndarray:
    """Average pooling: each output cell is the mean of its window.

    x : (H, W), (C, H, W) or (N, C, H, W)
    kernel_size, stride, padding : int or (h, w); stride defaults to kernel_size
    returns (..., OH, OW), float (integers are averaged in float64). Padding
    cells count as zeros in the mean (PyTorch's default, count_include_pad=True).
    """
    return _pool(x, kernel_size, stride, padding, "avg_pool2d", "avg")
