"""Shape arithmetic: the size formula, same padding, parameter counts, receptive fields."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import conv2d, conv_output_size, conv_param_count, pool_output_size, receptive_field, same_padding


@pytest.mark.parametrize(
    "args,kwargs,expected",
    [
        ((28, 5), {}, 24),  # LeNet / SimpleConvNet first layer
        ((32, 3), {"padding": 1}, 32),  # "same"
        ((32, 3), {"stride": 2, "padding": 1}, 16),
        ((7, 3), {"stride": 2}, 3),
        ((7, 3), {"dilation": 2}, 3),  # K_eff = 5
        ((224, 7), {"stride": 2, "padding": 3}, 112),  # ResNet stem
        ((227, 11), {"stride": 4}, 55),  # AlexNet conv1
        (((32, 28), (5, 3)), {}, (28, 26)),
    ],
)
def test_conv_output_size_examples(args, kwargs, expected):
    assert conv_output_size(*args, **kwargs) == expected


@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_conv_output_size_counts_window_starts(i, k, s, p, d):
    k_eff = d * (k - 1) + 1
    if k_eff > i + 2 * p:
        with pytest.raises(ValueError):
            conv_output_size(i, k, s, p, d)
        return
    starts = [t for t in range(0, i + 2 * p) if t % s == 0 and t + k_eff <= i + 2 * p]
    assert conv_output_size(i, k, s, p, d) == len(starts)
    exact = (i + 2 * p - k_eff) % s == 0
    if exact:
        assert conv_output_size(i, k, s, p, d, strict=True) == len(starts)
    else:
        with pytest.raises(ValueError, match="never visited"):
            conv_output_size(i, k, s, p, d, strict=True)


@given(st.integers(1, 30), st.integers(1, 5), st.integers(1, 4), st.integers(0, 2), st.booleans())
def test_pool_output_size_matches_pytorch_rule(i, k, s, p, ceil_mode):
    if 2 * p > k or k > i + 2 * p:
        with pytest.raises(ValueError):
            pool_output_size(i, k, s, p, ceil_mode=ceil_mode)
        return
    # PyTorch's pooling_output_shape: ceil/floor, then drop a window that starts in the right padding
    o = (math.ceil if ceil_mode else math.floor)((i + 2 * p - k) / s) + 1
    if ceil_mode and (o - 1) * s >= i + p:
        o -= 1
    assert pool_output_size(i, k, s, p, ceil_mode=ceil_mode) == o


def test_pool_stride_defaults_to_kernel():
    assert pool_output_size(24, 2) == 12
    assert pool_output_size((5, 7), 2, ceil_mode=True) == (3, 4)


@given(st.integers(1, 7), st.integers(1, 3), st.integers(1, 20))
def test_same_padding_keeps_size(k, d, size):
    before, after = same_padding(k, d)
    assert before + after == d * (k - 1)
    assert after - before in (0, 1)
    x = np.ones((size, size))
    if d * (k - 1) + 1 <= size + before + after:
        assert conv2d(x, np.ones((k, k)), padding=(before, after, before, after), dilation=d).shape == x.shape


def test_same_padding_even_kernel_is_asymmetric():
    assert same_padding(4) == (1, 2)
    assert same_padding((3, 2)) == ((1, 1), (0, 1))


def test_conv_param_count():
    assert conv_param_count(16, 32, 3) == 16 * 3 * 3 * 32 + 32 == 4640
    assert conv_param_count(3, 64, 3) == 1792  # VGG's first layer
    assert conv_param_count(1, 30, 5, bias=False) == 750
    assert conv_param_count(256, 64, 1) + conv_param_count(64, 256, 3) < conv_param_count(256, 256, 3)


def test_receptive_field():
    assert receptive_field([(3, 1)] * 3) == 7  # three 3x3 = one 7x7
    assert receptive_field([(3, 1, 2)]) == 5
    assert receptive_field([(5, 1), (2, 2), (5, 1), (2, 2)]) == 16  # LeNet-style stack
