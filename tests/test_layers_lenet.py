"""The layers LeNet-5 needs beyond ReLU: Sigmoid, Tanh and Conv2D(..., bias=False).

Values against independent formulas (scipy.special.expit, math.tanh), gradients by central
differences in float64 (relative error < 1e-6), and the bias-free convolution against conv2d_naive.
"""

import math

import numpy as np
import pytest

from helpers import conv2d_naive, conv_param_count
from helpers import layers as L
from helpers.gradcheck import check_layer, check_model
from helpers.model import Sequential

TOL = 1e-6


def rng(seed=0):
    return np.random.default_rng(seed)


def test_sigmoid_matches_scipy_and_never_overflows():
    special = pytest.importorskip("scipy.special", reason="scipy is the independent oracle for the sigmoid")
    x = np.concatenate([rng().standard_normal(50) * 6, [-1000.0, -40.0, 0.0, 40.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # exp(1000) would overflow
        out = L.Sigmoid().forward(x)
    np.testing.assert_allclose(out, special.expit(x), rtol=1e-15, atol=0)
    assert out[-1] == 1.0 and out[-5] == 0.0 and out[-3] == 0.5
    assert np.all((out >= 0) & (out <= 1))


def test_tanh_matches_math_tanh():
    x = rng(1).standard_normal(40) * 4
    np.testing.assert_allclose(L.Tanh().forward(x), [math.tanh(v) for v in x], rtol=1e-15, atol=1e-300)


@pytest.mark.parametrize("cls", [L.Sigmoid, L.Tanh])
def test_activation_gradients(cls):
    x = rng(2).standard_normal((3, 2, 4, 4)) * 2
    errors = check_layer(cls(), x)
    assert set(errors) == {"x"} and errors["x"] < TOL, errors


@pytest.mark.parametrize("cls,slope0", [(L.Sigmoid, 0.25), (L.Tanh, 1.0)])
def test_activation_slopes_at_zero_and_saturation(cls, slope0):
    layer = cls()
    layer.forward(np.array([0.0, 30.0, -30.0]))
    dx = layer.backward(np.ones(3))
    assert dx[0] == slope0 and 0 <= dx[1] < 1e-12 and 0 <= dx[2] < 1e-12  # vanishing gradient when saturated


@pytest.mark.parametrize("cls", [L.Sigmoid, L.Tanh])
def test_activation_dtypes_and_integer_input(cls):
    x32 = rng(3).standard_normal((2, 3)).astype(np.float32)
    layer = cls()
    assert layer.forward(x32).dtype == np.float32
    assert layer.backward(np.ones((2, 3), np.float32)).dtype == np.float32
    out = cls().forward(np.array([[-2, 0, 3]]))
    assert out.dtype == np.float64 and out.shape == (1, 3)
    assert layer.params == {} and layer.grads == {} and layer.param_count == 0


@pytest.mark.parametrize("cls", [L.Sigmoid, L.Tanh])
def test_activation_errors(cls):
    with pytest.raises(RuntimeError, match="backward was called before forward"):
        cls().backward(np.ones(3))
    layer = cls()
    layer.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"dout must have the shape of the forward output \(2, 3\)"):
        layer.backward(np.zeros((3, 2)))
    with pytest.raises(TypeError, match="must be a numeric array"):
        cls().forward("abc")


@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1), ((1, 2), (2, 0))])
def test_conv_without_bias_matches_conv2d_naive_and_has_no_b(stride, padding):
    layer = L.Conv2D(3, 4, 3, stride=stride, padding=padding, bias=False, rng=rng(4))
    assert set(layer.params) == {"W"} and set(layer.grads) == {"W"}
    x = rng(5).standard_normal((2, 3, 7, 6))
    out = layer.forward(x)
    np.testing.assert_allclose(out, conv2d_naive(x, layer.params["W"], None, stride, padding), rtol=1e-12, atol=1e-12)
    dx = layer.backward(np.ones(out.shape))
    assert dx.shape == x.shape and set(layer.grads) == {"W"}
    errors = check_layer(layer, x)
    assert set(errors) == {"x", "W"} and max(errors.values()) < TOL, errors


def test_conv_without_bias_counts_and_repr():
    conv = L.Conv2D(6, 16, 5, bias=False)
    assert repr(conv) == "Conv2D(6, 16, 5, bias=False)"
    assert conv.param_formula() == "16×6×5×5" and conv.param_count == conv_param_count(6, 16, 5, bias=False) == 2400
    assert L.Conv2D(6, 16, 5).param_count == conv_param_count(6, 16, 5) == 2416
    assert L.Conv2D(2, 3, 3, bias=False, dtype=np.float32).forward(np.zeros((1, 2, 4, 4))).dtype == np.float32


@pytest.mark.parametrize("bad", [0, 1, "no", None])
def test_conv_bias_must_be_a_bool(bad):
    with pytest.raises(TypeError, match=rf"Conv2D: bias must be True or False, got {bad!r}.*bias=False builds"):
        L.Conv2D(1, 2, 3, bias=bad)


def test_lenet5_with_sigmoids_and_average_pooling_gradient():
    """The d2l LeNet-5 pattern in miniature: conv -> sigmoid -> avg pool, twice, then dense layers."""
    r = rng(6)
    model = Sequential(
        L.Conv2D(1, 2, 3, padding=1, rng=r),
        L.Sigmoid(),
        L.AvgPool2D(2),
        L.Conv2D(2, 3, 3, bias=False, rng=r),
        L.Tanh(),
        L.AvgPool2D(2),
        L.Flatten(),
        L.Linear(3, 4, rng=r),
        L.Sigmoid(),
        L.Linear(4, 3, rng=r),
    )
    x = rng(7).standard_normal((2, 1, 10, 10))
    errors = check_model(model, L.SoftmaxCrossEntropy(), x, np.array([0, 2]), max_entries=None)
    assert max(errors.values()) < TOL, errors
