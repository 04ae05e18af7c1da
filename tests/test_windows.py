"""helpers.windows against brute-force loops and the explorers' own versions (which may switch to it)."""

import itertools

import numpy as np
import pytest

from helpers import windows
from helpers.explorers import padding as explorer_padding
from helpers.explorers import stride as explorer_stride


def brute_visits(size, k, s, pad, d):
    """Every (window, kernel cell) pair, counted on the padded grid, by plain loops."""
    t, b, le, r = pad
    H, W = size[0] + t + b, size[1] + le + r
    counts = np.zeros((H, W), dtype=int)
    for i0 in range(0, H, s[0]):
        for j0 in range(0, W, s[1]):
            if i0 + d[0] * (k[0] - 1) >= H or j0 + d[1] * (k[1] - 1) >= W:
                continue
            for u, v in itertools.product(range(k[0]), range(k[1])):
                counts[i0 + u * d[0], j0 + v * d[1]] += 1
    return counts


CASES = [
    ((4, 4), (3, 3), (1, 1), (0, 0, 0, 0), (1, 1)),
    ((7, 5), (3, 2), (2, 1), (1, 1, 0, 2), (1, 1)),
    ((9, 9), (3, 3), (2, 3), (1, 1, 1, 1), (2, 1)),
    ((6, 8), (1, 4), (3, 2), (0, 2, 1, 0), (1, 2)),
]


@pytest.mark.parametrize("size,k,s,pad,d", CASES)
def test_visit_counts_match_the_loops(size, k, s, pad, d):
    full = windows.visit_counts(size, k, s, pad, d, include_padding=True)
    np.testing.assert_array_equal(full, brute_visits(size, k, s, pad, d))
    inner = windows.visit_counts(size, k, s, pad, d)
    np.testing.assert_array_equal(inner, full[pad[0] : pad[0] + size[0], pad[2] : pad[2] + size[1]])
    assert full.sum() == windows.multiply_adds(size, k, s, pad, d)  # every product reads one cell


@pytest.mark.parametrize("size,k,s,p", [(5, 3, 1, 1), (7, 3, 2, 0), (6, 2, 3, 2), (8, 5, 1, 2)])
def test_the_explorers_versions_agree(size, k, s, p):
    np.testing.assert_array_equal(windows.visit_counts(size, k, s, p), explorer_padding.visit_counts(size, k, s, p))
    np.testing.assert_array_equal(
        windows.visit_counts(size, k, s, p, include_padding=True), explorer_stride.visit_counts(size, k, s, p)
    )
    assert windows.window_starts(size, k, s, p) == explorer_stride.window_starts(size, k, s, p)
    assert windows.kernel_taps(k, 2) == explorer_stride.kernel_taps(k, 2)
    assert windows.multiply_adds(size, k, s, p, 1, 3, 4) == explorer_stride.multiply_adds(size, k, s, p, 1, 3, 4)


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda: windows.window_starts(5, float("nan")), "kernel_size"),
        (lambda: windows.window_starts(5, 3, stride=0), "stride"),
        (lambda: windows.window_starts(2, 3), "kernel"),
        (lambda: windows.kernel_taps("3"), "kernel_size"),
        (lambda: windows.visit_counts(4, 3, padding=-1), "padding"),
        (lambda: windows.visit_counts(4, 3, include_padding="yes"), "include_padding"),
        (lambda: windows.multiply_adds(28, 5, channels=0), "channels"),
        (lambda: windows.multiply_adds(28, 5, filters=2.5), "filters"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
