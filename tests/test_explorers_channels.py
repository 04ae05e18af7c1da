"""Notebook 05's explorer and figures: every slider value draws, and the numbers shown are the convolution's."""

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import (  # noqa: E402
    cells,  # noqa: E402
    conv2d,
    conv2d_naive,
    conv_output_size,
)
from helpers.explorers import channels as ch  # noqa: E402
from helpers.plotting import figure_texts as _texts  # noqa: E402


def _values(name):
    lo, hi, _ = ch.CHANNELS_RANGES[name]
    return range(lo, hi + 1)


def test_ranges_match_the_example():
    x, w, b = ch.channel_example()
    oh, ow = conv_output_size(x.shape[1:], w.shape[2:])
    assert ch.CHANNELS_RANGES["filter_index"][:2] == (0, w.shape[0] - 1)
    assert ch.CHANNELS_RANGES["out_row"][:2] == (0, oh - 1)
    assert ch.CHANNELS_RANGES["out_col"][:2] == (0, ow - 1)
    assert b.shape == (w.shape[0],), "one bias per filter"


@pytest.mark.parametrize("f", _values("filter_index"))
def test_every_slider_value_draws_the_right_numbers(f):
    x, w, b = ch.channel_example()
    full = conv2d_naive(x, w, b)  # (F, OH, OW), an independent loop implementation
    oh, ow = full.shape[1:]
    for i, j in itertools.product(_values("out_row"), _values("out_col")):
        fig = ch.draw_channel_contributions(f, i, j)
        text = _texts(fig)
        assert f"output {oh}×{ow}" in text
        # the breakdown ends with "=  <value of output[f][i, j]>"
        assert f"output[{f}][{i}, {j}] =" in text
        last = [line for line in text.split("\n") if line.startswith("=  ")][-1]
        assert float(last[3:]) == pytest.approx(full[f, i, j])
        plt.close(fig)
        caption = ch.channels_caption(f, i, j)
        assert f"output {oh}×{ow}" in caption and f"({w.shape[0]}, {oh}, {ow})" in caption


def test_channel_parts_sum_to_the_multichannel_convolution():
    x, w, b = ch.channel_example()
    for f in range(w.shape[0]):
        parts = sum(conv2d(x[c], w[f, c]) for c in range(x.shape[0]))
        np.testing.assert_allclose(parts + b[f], conv2d(x, w, b)[f])


@pytest.mark.parametrize("bad", [dict(filter_index=2), dict(out_row=3), dict(out_col=-1)])
def test_out_of_range_positions_are_explained(bad):
    with pytest.raises(ValueError, match="outside"):
        ch.draw_channel_contributions(**bad)


def test_photo_is_channels_first_and_in_range():
    x = ch.sample_rgb()
    assert x.shape == (3, 75, 64)
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert not np.allclose(x[0], x[2]), "a colour photo: the channels differ"


@pytest.mark.parametrize("kernel", list(ch.PHOTO_KERNELS))
def test_static_figures_draw(kernel):
    for fig in (ch.draw_photo_channel_contributions(kernel), ch.draw_rgb_channels(), ch.draw_odd_even_kernels()):
        assert fig.axes
        plt.close(fig)
    with pytest.raises(ValueError, match="kernel"):
        ch.draw_photo_channel_contributions("no such kernel")


def test_odd_even_figure_reports_same_padding():
    fig = ch.draw_odd_even_kernels()
    text = _texts(fig)
    plt.close(fig)
    assert "(1, 1)" in text and "(1, 2)" in text


def test_grid_canvas_draws_one_label_per_cell_centred():
    from matplotlib.collections import PathCollection

    cv = ch.GridCanvas()
    values = np.arange(12.0).reshape(3, 4) - 5
    cv.grid(values, 0, 0, title="a grid")
    fig = cv.figure("suptitle")
    labels = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    plt.close(fig)
    assert len(labels) == 1 and len(labels[0].get_paths()) == values.size
    np.testing.assert_allclose(labels[0].get_offsets(), [(c, r) for r in range(3) for c in range(4)])
    for text in ("1", "-14", "4.89"):
        box = cells._label_path(text).get_extents()
        assert abs(box.x0 + box.x1) < 1e-9, f"{text!r} is centred horizontally"
