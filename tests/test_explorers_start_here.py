"""Notebook 00's explorer over its whole slider range."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers import conv_output_size  # noqa: E402
from helpers.explorers.start_here import WINDOW_COUNT_RANGES, draw_window_count, window_count_caption  # noqa: E402

SETTINGS = list(itertools.product(*[range(lo, hi + 1) for lo, hi, _ in WINDOW_COUNT_RANGES.values()]))


@pytest.mark.parametrize("input_size,kernel_size", SETTINGS)
def test_draw_and_caption_agree_with_conv_output_size(input_size, kernel_size):
    o = conv_output_size(input_size, kernel_size)
    assert window_count_caption(input_size, kernel_size).endswith(f"output {o}×{o}")
    fig = draw_window_count(input_size, kernel_size)
    try:
        titles = [ax.get_title() for ax in fig.axes]
        assert f"output {o}×{o}" in titles and f"input {input_size}×{input_size}" in titles
        assert fig._suptitle.get_text().endswith(f"= {o}")
    finally:
        plt.close(fig)
