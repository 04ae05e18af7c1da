"""Pooling and padding against loop oracles."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import avg_pool2d, max_pool2d, pad2d, pool_output_size


def loop_pool(x, k, s, p, reduce):
    fill = -np.inf if reduce is np.max else 0.0
    xp = np.pad(x.astype(float), [(0, 0)] * (x.ndim - 2) + [(p, p), (p, p)], constant_values=fill)
    oh, ow = pool_output_size(x.shape[-2:], k, s, p)
    out = np.empty(x.shape[:-2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[..., i, j] = reduce(xp[..., i * s : i * s + k, j * s : j * s + k], axis=(-2, -1))
    return out


@given(
    st.integers(2, 4),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 1),
    st.integers(0, 2**31),
    st.sampled_from([np.float32, np.float64, np.int32]),
)
def test_pooling_matches_loops(rank, k, s, p, seed, dtype):
    if 2 * p > k:
        p = 0
    rng = np.random.default_rng(seed)
    shape = (2, 3, 7, 6)[4 - rank :]
    x = (rng.normal(size=shape) * 10).astype(dtype)
    got = max_pool2d(x, k, s, p)
    assert got.dtype == x.dtype
    np.testing.assert_allclose(got, loop_pool(x, k, s, p, np.max), rtol=1e-6)
    np.testing.assert_allclose(avg_pool2d(x, k, s, p), loop_pool(x, k, s, p, np.mean), rtol=1e-5, atol=1e-5)


def test_max_pool_worked_example_and_channels_kept():
    x = np.arange(1, 17).reshape(4, 4)
    assert max_pool2d(x).tolist() == [[6, 8], [14, 16]]
    assert avg_pool2d(x).tolist() == [[3.5, 5.5], [11.5, 13.5]]
    assert max_pool2d(np.zeros((5, 3, 8, 8))).shape == (5, 3, 4, 4)


def test_max_pool_padding_never_wins():
    x = -np.ones((1, 3, 3))
    assert (max_pool2d(x, 3, 1, 1) == -1).all()
    assert max_pool2d(-np.ones((3, 3), dtype=np.int64), 2, 1, 1).min() == -1


@pytest.mark.parametrize(
    "mode,expected_row0",
    [
        ("zeros", [0, 0, 0, 0, 0]),
        ("constant", [9, 9, 9, 9, 9]),
        ("reflect", [5, 4, 5, 6, 5]),
        ("edge", [1, 1, 2, 3, 3]),
    ],
)
def test_pad2d_modes(mode, expected_row0):
    x = np.arange(1, 10).reshape(3, 3)
    out = pad2d(x, 1, mode=mode, value=9 if mode == "constant" else 0.0)
    assert out.shape == (5, 5)
    assert out[0].tolist() == expected_row0
    assert out[1:4, 1:4].tolist() == x.tolist()
    assert out.dtype == x.dtype


def test_pad2d_asymmetric_and_batched():
    out = pad2d(np.ones((2, 3, 4, 5), np.float32), (1, 2, 0, 3))
    assert out.shape == (2, 3, 7, 8) and out.dtype == np.float32
    assert out[:, :, 1:5, 0:5].sum() == 2 * 3 * 4 * 5
