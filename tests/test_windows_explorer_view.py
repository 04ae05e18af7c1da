"""The explorers' view of helpers.windows (written beside the explorers split; tests/test_windows.py is the core's).

helpers.windows against plain loops over window positions (an independent oracle)."""

import itertools

import numpy as np
import pytest

from helpers import conv_output_size
from helpers import windows as W


def loop_starts(i, k, s, p, d):
    """Every start o (padded coordinates) whose last tap o + d(k-1) still lies inside i + 2p."""
    return [o for o in range(0, i + 2 * p) if o % s == 0 and o + d * (k - 1) < i + 2 * p]


def loop_visits(h, w, kh, kw, s, d, top, bottom, left, right):
    """Padded grid: one +1 per (window, tap) pair, by brute force over all four indices."""
    hp, wp = h + top + bottom, w + left + right
    counts = np.zeros((hp, wp), int)
    for r0 in range(0, hp, s):
        for c0 in range(0, wp, s):
            if r0 + d * (kh - 1) >= hp or c0 + d * (kw - 1) >= wp:
                continue
            for u in range(kh):
                for v in range(kw):
                    counts[r0 + d * u, c0 + d * v] += 1
    return counts


CASES = [
    (i, k, s, p, d)
    for i, k, s, p, d in itertools.product(range(1, 9), range(1, 5), range(1, 4), range(0, 3), range(1, 4))
    if d * (k - 1) + 1 <= i + 2 * p
]


@pytest.mark.parametrize(("i", "k", "s", "p", "d"), CASES[::7])
def test_starts_taps_visits_and_multiply_adds_match_loops(i, k, s, p, d):
    assert W.window_starts(i, k, s, p, d) == loop_starts(i, k, s, p, d)
    assert W.kernel_taps(k, d) == [d * u for u in range(k)]
    full = W.visit_counts(i, k, s, p, d, include_padding=True)
    np.testing.assert_array_equal(full, loop_visits(i, i, k, k, s, d, p, p, p, p))
    np.testing.assert_array_equal(W.visit_counts(i, k, s, p, d), full[p : p + i, p : p + i])
    n = len(loop_starts(i, k, s, p, d))
    assert W.multiply_adds(i, k, s, p, d, channels=3, filters=2) == n * n * k * k * 3 * 2
    assert full.sum() == n * n * k * k  # every window reads k*k cells


def test_rectangular_sizes_and_asymmetric_padding():
    got = W.visit_counts((3, 5), (2, 3), 2, (0, 1, 2, 0), include_padding=True)
    np.testing.assert_array_equal(got, loop_visits(3, 5, 2, 3, 2, 1, 0, 1, 2, 0))


def test_window_count_agrees_with_conv_output_size():
    for i, k, s, p, d in CASES:
        assert len(W.window_starts(i, k, s, p, d)) == conv_output_size(i, k, s, p, d)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: W.visit_counts(3, 5), ValueError, "larger than the padded input"),
        (lambda: W.visit_counts(5, 3, dilation=3), ValueError, "with dilation 3"),
        (lambda: W.visit_counts(5, 3, stride=0), ValueError, "stride"),
        (lambda: W.visit_counts(5, 2.5), TypeError, "kernel_size"),
        (lambda: W.visit_counts(5, 3, padding=(1, 2, 3)), ValueError, "padding"),
        (lambda: W.visit_counts(5, 3, padding=-1), ValueError, "padding"),
        (lambda: W.visit_counts(float("nan"), 3), ValueError, "size"),
        (lambda: W.multiply_adds(5, 3, channels=0), ValueError, "channels"),
        (lambda: W.kernel_taps(0), ValueError, "kernel_size"),
    ],
)
def test_bad_arguments_get_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_explorers_keep_their_names():
    from helpers.explorers import padding, stride

    assert stride.window_starts is W.window_starts and stride.multiply_adds is W.multiply_adds
    assert padding.visit_counts is W.visit_counts
    assert stride.visit_counts(4, 3, 1, 1).shape == (6, 6)  # notebook 03's view: the padded grid


def test_window_arithmetic_imports_no_drawing_library():
    import subprocess
    import sys

    code = "import sys, helpers.windows; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
