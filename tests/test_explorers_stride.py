"""Notebook 03's explorer: pure functions, every slider setting drawn, slider ranges follow validity."""

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import conv2d, conv_output_size, effective_kernel_size, receptive_field  # noqa: E402
from helpers.exercises import bank_stride  # noqa: E402
from helpers.explorers import stride as st  # noqa: E402


def _titles(fig):
    return [ax.get_title() for ax in fig.axes]


def test_window_starts_match_an_actual_convolution():
    # the output cell (0, j) of a convolution with a one-hot input is non-zero exactly where window j reads it
    for size, k, s, d in [(7, 3, 2, 1), (10, 3, 3, 1), (9, 3, 1, 2), (12, 2, 5, 3), (5, 5, 1, 1)]:
        starts = st.window_starts(size, k, s, 0, d)
        assert len(starts) == conv_output_size(size, k, s, 0, d)
        assert starts[-1] + effective_kernel_size(k, d) <= size < starts[-1] + s + effective_kernel_size(k, d)
        counts = st.visit_counts(size, k, s, 0, d)
        for col in range(size):
            x = np.zeros((1, size))
            x[0, col] = 1.0
            out = conv2d(
                np.repeat(x, effective_kernel_size(k, d), axis=0), np.ones((1, k)), stride=(1, s), dilation=(1, d)
            )
            assert int(out[0].sum()) == counts[0, col]  # windows reading column col


def test_visit_counts_and_multiply_adds():
    counts = st.visit_counts(7, 3, 2)
    assert counts.shape == (7, 7)
    assert counts.sum() == 9 * 9  # 9 windows × 9 taps
    assert counts[0, 0] == 1 and counts[2, 2] == 4
    assert st.multiply_adds(9, 3, 2) == 16 * 9
    assert st.multiply_adds(9, 3, 1) == 49 * 9
    assert st.multiply_adds(28, 5, channels=3, filters=8) == 24 * 24 * 75 * 8
    assert (st.visit_counts(9, 2, 3, 0, 2) == 0).any()  # stride 3 with dilation 2 skips cells


def test_kernel_taps():
    assert st.kernel_taps(3, 1) == [0, 1, 2]
    assert st.kernel_taps(3, 4) == [0, 4, 8]
    with pytest.raises(ValueError):
        st.kernel_taps(0, 1)


def test_limits_keep_every_reachable_setting_valid():
    (i0, i1, _), (k0, k1, _), (s0, s1, _), (d0, d1, _) = st.STRIDE_RANGES.values()
    for i, k, d in itertools.product(range(i0, i1 + 1), range(k0, k1 + 1), range(d0, d1 + 1)):
        # what the constrain hook does: clamp the kernel, then the dilation
        k2 = min(k, st.stride_limits(i, k, d)["kernel_size"])
        d2 = min(d, st.stride_limits(i, k2, d)["dilation"])
        assert st.stride_is_valid(i, k2, 1, d2), (i, k, d, k2, d2)
        lim = st.stride_limits(i, k2, d2)
        assert st.stride_is_valid(i, lim["kernel_size"], 1, d2)  # the slider maxima themselves are valid
        assert st.stride_is_valid(i, k2, 1, lim["dilation"])
        if lim["kernel_size"] < k1:
            assert not st.stride_is_valid(i, lim["kernel_size"] + 1, 1, d2)  # and maximal
        if lim["dilation"] < d1:
            assert not st.stride_is_valid(i, k2, 1, lim["dilation"] + 1)


def _draw_sample(settings):
    """Every (input, kernel, dilation) combination, each with a stride that cycles through the whole range,
    plus the full stride range at the defaults: every slider value is drawn many times."""
    s0, s1, _ = st.STRIDE_RANGES["stride"]
    seen, sample = set(), []
    for p in settings:
        key = (p["input_size"], p["kernel_size"], p["dilation"])
        want = s0 + (p["input_size"] + p["kernel_size"] + p["dilation"]) % (s1 - s0 + 1)
        if key not in seen and p["stride"] == want:
            seen.add(key)
            sample.append(p)
    defaults = {name: default for name, (_, _, default) in st.STRIDE_RANGES.items()}
    sample += [{**defaults, "stride": s} for s in range(s0, s1 + 1)]
    return sample


def test_every_setting_has_the_right_caption():
    settings = list(st.valid_stride_settings())
    assert len(settings) > 250
    for p in settings:
        o = conv_output_size(p["input_size"], p["kernel_size"], p["stride"], 0, p["dilation"])
        assert f"output {o}×{o}" in st.stride_caption(**p)


def test_draw_over_the_slider_ranges_shows_the_right_output_size():
    sample = _draw_sample(st.valid_stride_settings())
    for name, (lo, hi, _) in st.STRIDE_RANGES.items():
        assert {p[name] for p in sample} == set(range(lo, hi + 1)), name
    sizes = {conv_output_size(p["input_size"], p["kernel_size"], p["stride"], 0, p["dilation"]) for p in sample}
    assert min(sizes) <= st.CELL_LABEL_MAX < max(sizes)  # both ways of labelling the output are drawn
    for p in sample:
        o = conv_output_size(p["input_size"], p["kernel_size"], p["stride"], 0, p["dilation"])
        fig = st.draw_stride(**p)
        try:
            titles = _titles(fig)
            assert f"output {o}×{o}" in titles
            assert f"input {p['input_size']}×{p['input_size']}" in titles
        finally:
            plt.close(fig)


def test_invalid_setting_raises_the_helpers_reason():
    with pytest.raises(ValueError, match="larger than the padded input"):
        st.draw_stride(5, 5, 1, 2)
    assert not st.stride_is_valid(5, 5, 1, 2)


def test_dilation_figure_over_its_ranges():
    (k0, k1, _), (m0, m1, _) = st.DILATION_RANGES.values()
    for k, m in itertools.product(range(k0, k1 + 1), range(m0, m1 + 1)):
        fig = st.draw_dilation(k, m)
        try:
            titles = _titles(fig)
            for d in range(1, m + 1):
                span = effective_kernel_size(k, d)
                assert f"dilation {d}: span {span}×{span}" in titles
        finally:
            plt.close(fig)


def test_explorer_constrains_sliders():
    ex = st.stride_explorer()
    panel, caption, _ = ex.children
    sliders = {w.description: w for w in panel.children}
    assert "output 3×3" in caption.value
    sliders["dilation"].value = 3
    assert sliders["kernel_size"].max == 3  # 3*(K-1)+1 <= 7
    sliders["input_size"].value = 5
    assert st.stride_is_valid(5, sliders["kernel_size"].value, 1, sliders["dilation"].value)
    o = conv_output_size(5, sliders["kernel_size"].value, sliders["stride"].value, 0, sliders["dilation"].value)
    assert f"output {o}×{o}" in caption.value


def test_bank_reference_matches_the_explorer():
    for size, k, s, d in itertools.product(range(1, 12), range(1, 5), range(1, 5), range(1, 4)):
        if effective_kernel_size(k, d) <= size:
            assert bank_stride._window_starts(size, k, s, d) == st.window_starts(size, k, s, 0, d)
    assert receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)]) == 15
