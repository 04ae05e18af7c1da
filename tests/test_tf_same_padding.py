"""TensorFlow/Keras padding="same" with a stride (tf_same_padding) beside PyTorch's convention.

Brute force: the output count is the number of strided positions range(0, I, S); the padding is the
smallest total that gives that many windows, split with the extra cell after; conv2d with it computes
what a 1-D loop of TensorFlow's definition computes.
"""

import doctest
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import conv2d, conv_output_size, same_padding, tf_same_padding


def windows(length, k_eff, s):
    """Brute force: how many windows of k_eff cells start at 0, s, 2s, ... inside `length` cells."""
    return len([t for t in range(0, length, s) if t + k_eff <= length])


@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 5), st.integers(1, 3))
def test_tf_same_is_the_smallest_padding_giving_ceil_i_over_s(i, k, s, d):
    o, before, after = tf_same_padding(i, k, s, d)
    k_eff = d * (k - 1) + 1
    assert o == len(range(0, i, s)) == math.ceil(i / s)
    total = before + after
    assert before <= after <= before + 1  # split evenly, the extra cell after
    assert windows(i + total, k_eff, s) == o
    if total > 0:
        assert windows(i + total - 1, k_eff, s) < o  # one cell less and the last window is lost
    # conv2d with this padding gives that size (a 1-column image)
    out = conv2d(np.zeros((i, 1)), np.zeros((k, 1)), stride=(s, 1), padding=(before, after, 0, 0), dilation=(d, 1))
    assert out.shape == (o, 1)


@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2**32 - 1))
def test_conv2d_with_tf_padding_computes_tensorflows_numbers(i, k, s, d, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=i), rng.normal(size=k)
    o, before, after = tf_same_padding(i, k, s, d)
    # TensorFlow's definition in 1-D: out[t] = sum_u x[t*S + u*D - before], zero outside the input
    expected = [
        sum(w[u] * (x[j] if 0 <= (j := t * s + u * d - before) < i else 0.0) for u in range(k)) for t in range(o)
    ]
    got = conv2d(x[:, None], w[:, None], stride=(s, 1), padding=(before, after, 0, 0), dilation=(d, 1))[:, 0]
    np.testing.assert_allclose(got, expected, atol=1e-12)


@pytest.mark.parametrize("k,d", [(1, 1), (3, 1), (4, 1), (5, 2), (2, 3)])
def test_stride_1_agrees_with_same_padding(k, d):
    for i in (1, 2, 5, 8):  # also inputs smaller than the kernel: TF pads D*(K-1) all the same
        o, before, after = tf_same_padding(i, k, 1, d)
        assert o == i and (before, after) == same_padding(k, d)


def test_pairs_examples_and_the_two_conventions():
    assert tf_same_padding((224, 225), 7, 2) == ((112, 2, 3), (113, 3, 3))
    assert tf_same_padding(224, 7, 2) == (112, 2, 3)
    assert conv_output_size(224, 7, 2, 3) == 112  # PyTorch padding=3 (both sides) gives the same size ...
    # ... but at I=6, K=3, S=2 the two put the windows at different cells: same size, different numbers
    x, w = np.arange(1.0, 7.0)[:, None], np.ones((3, 1))
    tf = conv2d(x, w, stride=(2, 1), padding=(0, 1, 0, 0))[:, 0]
    torch_style = conv2d(x, w, stride=(2, 1), padding=(1, 0))[:, 0]
    assert tf.shape == torch_style.shape == (3,)
    assert tf.tolist() == [6.0, 12.0, 11.0] and torch_style.tolist() == [3.0, 9.0, 15.0]


def test_doctests():
    from helpers import shapes

    runner = doctest.DocTestRunner()
    for t in doctest.DocTestFinder().find(shapes.tf_same_padding, globs=vars(shapes)):
        runner.run(t)
    assert runner.failures == 0 and runner.tries == 2


def test_errors_and_the_same_padding_hint():
    with pytest.raises(ValueError, match=r"tf_same_padding: stride must be >= 1, got 0"):
        tf_same_padding(5, 3, 0)
    with pytest.raises(TypeError, match=r"tf_same_padding: kernel_size must be an int, got 2.5"):
        tf_same_padding(5, 2.5, 1)
    with pytest.raises(ValueError, match=r"size must be >= 1"):
        tf_same_padding(0, 3, 1)
    with pytest.raises(ValueError, match=r"padding='same' needs stride=1.*helpers.tf_same_padding"):
        conv2d(np.zeros((6, 6)), np.ones((3, 3)), stride=2, padding="same")
