"""Notebook 06's im2col explorer: every slider combination draws or is explained; the picture is im2col's."""

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import col2im, conv_output_size, im2col  # noqa: E402
from helpers.explorers import im2col as ex  # noqa: E402
from helpers.plotting import figure_texts as _texts  # noqa: E402

R = ex.IM2COL_RANGES


def _span(name):
    lo, hi, _ = R[name]
    return range(lo, hi + 1)


def _combos():
    return list(itertools.product(_span("input_size"), _span("kernel_size"), _span("stride"), _span("padding")))


def _valid(i, k, s, p):
    try:
        return conv_output_size(i, k, s, p)
    except ValueError:
        return None


def test_defaults_are_in_range_and_valid():
    for lo, hi, default in R.values():
        assert lo <= default <= hi
    o = _valid(R["input_size"][2], R["kernel_size"][2], R["stride"][2], R["padding"][2])
    assert o is not None and R["out_row"][1] >= o - 1, "the position sliders reach every output cell"
    assert R["out_row"][1] >= max(o for c in _combos() if (o := _valid(*c))) - 1


@pytest.mark.parametrize("input_size,kernel_size,stride,padding", _combos())
def test_every_combination_draws_or_is_explained(input_size, kernel_size, stride, padding):
    o = _valid(input_size, kernel_size, stride, padding)
    settings = dict(input_size=input_size, kernel_size=kernel_size, stride=stride, padding=padding)
    if o is None:
        with pytest.raises(ValueError):
            ex.draw_im2col(**settings)
        with pytest.raises(ValueError):
            ex.im2col_caption(**settings)
        return
    for row, col in {(0, 0), (o - 1, o - 1)}:
        fig = ex.draw_im2col(**settings, out_row=row, out_col=col)
        titles = _texts(fig).split("\n")
        plt.close(fig)
        assert any(f"output {o}×{o}" in t for t in titles)
        assert any(f"im2col matrix {o * o}×{kernel_size**2}" in t for t in titles)
        caption = ex.im2col_caption(**settings, out_row=row, out_col=col)
        assert f"output {o}×{o}" in caption and f"row {row}·{o} + {col} = {row * o + col}" in caption
    with pytest.raises(ValueError, match="does not exist"):
        ex.draw_im2col(**settings, out_row=o, out_col=0)


def test_the_highlighted_row_holds_the_window():
    # independent of helpers.im2col: read the window straight from the padded input
    x = ex.numbered_input(5)
    xp = np.pad(x, 1)
    cols = im2col(x, 3, 2, 1)
    o = conv_output_size(5, 3, 2, 1)
    for i, j in itertools.product(range(o), range(o)):
        np.testing.assert_array_equal(cols[i * o + j], xp[2 * i : 2 * i + 3, 2 * j : 2 * j + 3].ravel())


def test_col2im_counts_are_window_coverage():
    fig = ex.draw_col2im_counts(5, 3, 1)
    plt.close(fig)
    counts = col2im(np.ones((9, 9)), (5, 5), 3)
    expected = np.outer([1, 2, 3, 2, 1], [1, 2, 3, 2, 1])
    np.testing.assert_array_equal(counts, expected)


def test_explorer_constrains_the_position_sliders():
    w = ex.im2col_explorer()
    panel = w.children[0]
    controls = {c.description: c for c in panel.children}
    controls["out_row"].value = 2
    controls["kernel_size"].value = 4  # 5×5 input, 4×4 kernel -> output 2×2
    assert controls["out_row"].max == 1 and controls["out_row"].value == 1
    assert "output 2×2" in w.children[1].value
    plt.close("all")
