"""Notebook 04's transposed-convolution explorer: stamp counts against loops, captions against the formula,
and a figure for every slider setting (invalid ones say why instead of raising)."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import conv_transpose_output_size  # noqa: E402
from helpers.explorers import transposed as tr  # noqa: E402
from helpers.plotting import figure_texts  # noqa: E402


def loop_counts(i, k, s):
    full = np.zeros(((i - 1) * s + k,) * 2, dtype=int)
    for r in range(i):
        for c in range(i):
            full[r * s : r * s + k, c * s : c * s + k] += 1
    return full


def settings():
    names = list(tr.TRANSPOSE_RANGES)
    ranges = [range(lo, hi + 1) for lo, hi, _ in tr.TRANSPOSE_RANGES.values()]
    for values in itertools.product(*ranges):
        yield dict(zip(names, values))


@pytest.mark.parametrize("i,k,s", [(1, 1, 1), (3, 3, 2), (4, 4, 2), (2, 5, 3), (6, 2, 3)])
def test_stamp_counts_match_the_loops(i, k, s):
    np.testing.assert_array_equal(tr.stamp_counts(i, k, s), loop_counts(i, k, s))
    assert tr.stamp_counts(i, k, s).sum() == i * i * k * k  # every stamp puts K² ones somewhere


def test_caption_for_every_setting_states_the_formula_or_the_reason():
    for kw in settings():
        text = tr.transpose_caption(**kw)
        try:
            o = conv_transpose_output_size(*kw.values())
        except ValueError as err:
            assert "color:#b00020" in text and "must be" in text or "crops" in text, (kw, text)
            assert str(err).split(":")[0] in text
            continue
        assert f"= {o}</b>" in text, (kw, text)
        i, k, s = kw["input_size"], kw["kernel_size"], kw["stride"]
        counts = loop_counts(i, k, s)
        inner = counts[k - 1 : counts.shape[0] - k + 1, k - 1 : counts.shape[1] - k + 1] if i > 2 else counts
        uneven = inner.size > 0 and inner.min() != inner.max()
        assert ("checkerboard" in text) == (uneven and k >= s), (kw, text)
        assert ("gaps" in text) == (uneven and k < s), (kw, text)
        assert f"covered by {counts.min()} to {counts.max()} stamps" in text


def test_checkerboard_caption_and_round_trip():
    text = tr.transpose_caption(3, 3, 2, 0, 0)
    assert "1 to 4 stamps" in text and "checkerboard" in text and "takes 7 back to 3 = I" in text
    assert "the same number" in tr.transpose_caption(4, 4, 2, 1, 0)


def test_a_figure_for_a_sample_of_settings_including_invalid_ones():
    defaults = {name: d for name, (_, _, d) in tr.TRANSPOSE_RANGES.items()}
    sample = [{**defaults, name: v} for name, (lo, hi, _) in tr.TRANSPOSE_RANGES.items() for v in range(lo, hi + 1)]
    sample.append(dict(input_size=1, kernel_size=1, stride=1, padding=2, output_padding=0))  # crops everything
    for kw in sample:
        fig = tr.draw_transpose_stamps(**kw)
        texts = figure_texts(fig)
        assert "stamps per cell" in texts
        try:
            conv_transpose_output_size(*kw.values())
            assert "not allowed" not in texts
        except ValueError:
            assert "not allowed" in texts
        plt.close(fig)


def test_the_explorer_builds():
    pytest.importorskip("ipywidgets", reason="the widget wrapper needs ipywidgets")
    assert tr.transpose_explorer() is not None
