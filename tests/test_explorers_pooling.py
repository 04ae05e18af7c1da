"""Notebook 07: max_pool_backward_2d against a numerical gradient and a loop oracle; every explorer setting draws."""

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import max_pool2d, pool_output_size  # noqa: E402
from helpers.explorers import pooling as ex  # noqa: E402
from helpers.plotting import figure_texts as _texts  # noqa: E402


def _loop_backward(x, dout, k, s):
    """Oracle: loops over every window; ties go to the first maximum in row-major order."""
    dx = np.zeros_like(x, dtype=float)
    oh, ow = dout.shape[-2:]
    for idx in np.ndindex(x.shape[:-2]):
        for i in range(oh):
            for j in range(ow):
                window = x[idx][i * s : i * s + k, j * s : j * s + k]
                best, where = -np.inf, None
                for u in range(k):
                    for v in range(k):
                        if window[u, v] > best:
                            best, where = window[u, v], (u, v)
                dx[idx][i * s + where[0], j * s + where[1]] += dout[idx][i, j]
    return dx


@pytest.mark.parametrize("k,s", [(2, 2), (3, 1), (2, 1), (3, 2), (1, 1), (4, 3)])
def test_backward_matches_numerical_gradient(k, s):
    rng = np.random.default_rng(k * 10 + s)
    x = rng.standard_normal((2, 3, 7, 8))  # continuous values: no ties, max is differentiable
    out = max_pool2d(x, k, s)
    dout = rng.standard_normal(out.shape)
    dx = ex.max_pool_backward_2d(x, dout, k, s)
    eps = 1e-6
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        plus = np.sum(max_pool2d(x, k, s) * dout)
        x[idx] = old - eps
        minus = np.sum(max_pool2d(x, k, s) * dout)
        x[idx] = old
        num[idx] = (plus - minus) / (2 * eps)
    rel = np.abs(dx - num).max() / max(np.abs(dx).max() + np.abs(num).max(), 1e-12)
    assert rel < 1e-6


@pytest.mark.parametrize("k,s", [(2, 2), (3, 1), (2, 1), (3, 3)])
def test_backward_matches_loops_with_many_ties(k, s):
    rng = np.random.default_rng(3)
    x = rng.integers(0, 3, size=(2, 6, 7)).astype(float)  # lots of ties
    oh, ow = pool_output_size((6, 7), k, s)
    dout = rng.integers(1, 9, size=(2, oh, ow)).astype(float)
    np.testing.assert_array_equal(ex.max_pool_backward_2d(x, dout, k, s), _loop_backward(x, dout, k, s))


def test_ties_go_to_the_first_maximum_in_row_major_order():
    dx = ex.max_pool_backward_2d(np.zeros((4, 4)), np.ones((2, 2)), 2)
    expected = np.zeros((4, 4))
    expected[::2, ::2] = 1
    np.testing.assert_array_equal(dx, expected)
    # overlapping windows that share their maximum send it the sum of their gradients
    x = np.array([[0, 0, 0], [0, 9, 0], [0, 0, 0]], dtype=float)
    dx = ex.max_pool_backward_2d(x, np.array([[1, 2], [3, 4]], dtype=float), 2, 1)
    assert dx[1, 1] == 10 and dx.sum() == 10


def test_backward_gradient_total_is_preserved_and_stride_defaults_to_kernel():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 6))
    dout = rng.standard_normal((3, 3))
    dx = ex.max_pool_backward_2d(x, dout, 2)
    assert dx.sum() == pytest.approx(dout.sum())
    assert np.count_nonzero(dx) == 9


@pytest.mark.parametrize("dout_shape", [(2, 2), (3, 4), (1, 3, 3)])
def test_backward_bad_dout_shape_is_explained(dout_shape):
    with pytest.raises(ValueError, match="dout must have the shape"):
        ex.max_pool_backward_2d(np.zeros((6, 6)), np.zeros(dout_shape), 2)


def test_backward_bad_settings_are_explained():
    with pytest.raises(ValueError, match="kernel_size"):
        ex.max_pool_backward_2d(np.zeros((3, 3)), np.zeros((1, 1)), 4)
    with pytest.raises(ValueError, match="stride"):
        ex.max_pool_backward_2d(np.zeros((4, 4)), np.zeros((1, 1)), 2, 0)


def _span(ranges, name):
    lo, hi, _ = ranges[name]
    return range(lo, hi + 1)


POOL_COMBOS = list(
    itertools.product(
        _span(ex.POOLING_RANGES, "kernel_size"),
        _span(ex.POOLING_RANGES, "stride"),
        ex.POOLING_OPTIONS["mode"][0],
        ex.POOLING_OPTIONS["source"][0],
    )
)


@pytest.mark.parametrize("source", ex.SOURCES)
def test_pooling_explorer_every_setting(source):
    x = ex.pool_grid() if source == "grid" else ex.feature_map()
    for k, s, mode, src in POOL_COMBOS:
        if src != source:
            continue
        fig = ex.draw_pooling(k, s, mode, source)
        titles = _texts(fig)
        plt.close(fig)
        caption = ex.pooling_caption(k, s, mode, source)
        oh, ow = (1, 1) if mode == "global average" else pool_output_size(x.shape, k, s)
        assert f"output {oh}×{ow}" in titles and f"output {oh}×{ow}" in caption


def test_pooling_values_and_no_parameters():
    x = ex.pool_grid()
    np.testing.assert_allclose(ex.pool(x, 2, 2, "average"), x.reshape(3, 2, 3, 2).mean(axis=(1, 3)))
    np.testing.assert_allclose(ex.pool(x, 2, 2, "max"), x.reshape(3, 2, 3, 2).max(axis=(1, 3)))
    assert ex.pool(x, 3, 1, "global average").item() == pytest.approx(x.mean())
    assert "no parameters" in ex.pooling_caption()
    with pytest.raises(ValueError, match="mode"):
        ex.draw_pooling(mode="median")
    with pytest.raises(ValueError, match="source"):
        ex.draw_pooling(source="photo")


def test_routing_explorer_every_setting():
    x = ex.pool_grid()
    for k, s in itertools.product(_span(ex.ROUTING_RANGES, "kernel_size"), _span(ex.ROUTING_RANGES, "stride")):
        fig = ex.draw_max_pool_backward(k, s)
        titles = _texts(fig)
        plt.close(fig)
        oh, ow = pool_output_size(x.shape, k, s)
        assert f"{oh}×{ow}" in titles and f"output {oh}×{ow}" in ex.routing_caption(k, s)


def test_shift_explorer_every_setting():
    for shift, k in itertools.product(_span(ex.SHIFT_RANGES, "shift"), _span(ex.SHIFT_RANGES, "kernel_size")):
        fig = ex.draw_shift_demo(shift, k)
        plt.close(fig)
        o = pool_output_size(8, k)
        caption = ex.shift_caption(shift, k)
        assert f"output {o}×{o}" in caption
        if shift == 0:
            assert "changed 0 of" in caption
    # what notebook 07 says of the demo: by cell counts a 1-pixel shift changes about the same fraction
    # before and after pooling (14/64 vs 3/16), a 2-pixel shift a larger fraction after pooling
    x = ex.shift_input()
    for shift, same in ((1, True), (2, False)):
        xs = np.zeros_like(x)
        xs[:, shift:] = x[:, :-shift]
        changed_in = (x != xs).mean()
        changed_out = (max_pool2d(x, 2) != max_pool2d(xs, 2)).mean()
        assert (abs(changed_out - changed_in) < 0.05) if same else (changed_out > 2 * changed_in)


def test_shift_change_is_the_phase_averaged_relative_l2_change():
    rng = np.random.default_rng(3)
    x = rng.random((9, 20))
    for shift, k in [(1, 2), (2, 2), (1, 3)]:
        c_in, c_out, per_phase = ex.shift_change(x, shift, k, "max")
        # oracle: explicit crops for every phase, pooled by loops
        h, w = 9 - 9 % k, 20 - (2 * k + shift)
        w -= w % k
        ins, outs = [], []
        for p in range(k):
            s0 = k + shift + p
            base, moved = x[:h, s0 : s0 + w], x[:h, s0 - shift : s0 - shift + w]
            assert np.array_equal(moved[:, shift:], base[:, :-shift])  # the content really moved right
            pb = np.array([[base[i : i + k, j : j + k].max() for j in range(0, w, k)] for i in range(0, h, k)])
            pm = np.array([[moved[i : i + k, j : j + k].max() for j in range(0, w, k)] for i in range(0, h, k)])
            ins.append(np.linalg.norm(moved - base) / np.linalg.norm(base))
            outs.append(np.linalg.norm(pm - pb) / np.linalg.norm(pb))
        assert np.isclose(c_in, np.mean(ins)) and np.isclose(c_out, np.mean(outs))
        np.testing.assert_allclose(per_phase, outs)
    assert ex.shift_change(x, 0, 2)[:2] == (0.0, 0.0)
    with pytest.raises(ValueError, match="mode"):
        ex.shift_change(x, 1, 2, "min")


def test_blur_pool_and_max_blur_pool_against_loops():
    rng = np.random.default_rng(4)
    x = rng.random((9, 12))
    weights = np.array([1.0, 2.0, 1.0])
    for stride in (1, 2, 3):
        # oracle: the binomial weighted mean of every 3×3 window, kept at rows and columns 0, stride, 2·stride, …
        blurred = np.array(
            [
                [np.sum(np.outer(weights, weights) * x[i : i + 3, j : j + 3]) / 16 for j in range(0, 10, stride)]
                for i in range(0, 7, stride)
            ]
        )
        np.testing.assert_allclose(ex.blur_pool2d(x, stride), blurred)
        maxed = np.array([[x[i : i + 2, j : j + 2].max() for j in range(11)] for i in range(8)])
        np.testing.assert_allclose(ex.max_blur_pool2d(x, 2, stride), ex.blur_pool2d(maxed, stride))
    assert np.isclose(ex.BINOMIAL_3.sum(), 1.0)
    # on the notebook's feature map, a 1-px shift changes the max-blur-pooled map least, the average-pooled most
    fmap = ex.feature_map()
    change = {mode: ex.shift_change(fmap, 1, 2, mode)[1] for mode in ("max", "average", "blur", "maxblur")}
    assert change["maxblur"] < change["blur"] < change["max"] < change["average"]


@pytest.mark.parametrize("k", [2, 3, 4])
def test_alignment_demo_absorbs_exactly_the_moves_inside_a_window(k):
    for col, p0, p1, same in ex.alignment_demo(k, 3 * k):
        assert same == (col % k < k - 1)
        assert same == np.array_equal(p0, p1)
    fig = ex.draw_shift_alignment(k)
    texts = _texts(fig)
    assert texts.count("pooled: unchanged") == k - 1 and texts.count("pooled: CHANGED") == 1
    plt.close(fig)


def test_aliased_fraction_is_the_energy_above_the_new_nyquist():
    from helpers.explorers.pool_shift import aliased_fraction, shift_change

    cols = np.arange(64)
    slow = np.tile(np.cos(2 * np.pi * cols / 16), (8, 1))  # 1/16 cycle per pixel: below 1/4, nothing aliases
    fast = np.tile(np.cos(2 * np.pi * cols * 3 / 8), (8, 1))  # 3/8 cycle per pixel: above 1/4, all of it aliases
    assert aliased_fraction(slow, 1, "average") < 1e-6
    assert aliased_fraction(fast, 1, "average") > 0.99
    # a 2×2 average at stride 1 damps the fast wave, the 3×3 binomial blur damps it more
    assert aliased_fraction(slow + fast, 2, "blur") < aliased_fraction(slow + fast, 2, "average")
    # the stride-2 change under a 1-px shift compares the stride-1 map's neighbouring columns: close to stride 1's
    x = np.random.default_rng(3).random((8, 200))
    c2, c1 = shift_change(x, 1, 2, "max")[1], shift_change(x, 1, 2, "max", stride=1)[1]
    assert abs(c2 - c1) < 0.05 * c1
