"""Gradient checks of every layer, for the input and every parameter: float64, relative error < 1e-6.

Layers are checked through helpers.kernels (what the layers use) and, for convolution and pooling,
the reference kernels in helpers.layers are checked the same way (two independent implementations).
"""

import numpy as np
import pytest
from reference_kernels import REFERENCE_KERNELS  # noqa: E402

from helpers import layers as L
from helpers.gradcheck import check_function_gradient, check_layer, check_model, numerical_gradient, rel_error
from helpers.model import Sequential

TOL = 1e-6


def rng(seed=0):
    return np.random.default_rng(seed)


def distinct(shape, seed=0):
    """Values spaced >= 0.01 apart (a random permutation), so no max-pool tie flips under h = 1e-5."""
    n = int(np.prod(shape))
    return (rng(seed).permutation(n).reshape(shape) - n / 2) * 0.01


CONV_CASES = [
    # (C, F, K, stride, padding, H, W)
    (1, 2, 3, 1, 0, 5, 5),
    (2, 3, 3, 2, 1, 7, 6),  # stride 2 with padding, non-square input
    (3, 2, 5, 1, 2, 6, 6),  # "same" padding for a 5x5 kernel
    (2, 2, (2, 3), (2, 1), (1, 0), 6, 5),  # rectangular kernel, per-axis stride and padding
    (2, 4, 1, 1, 0, 4, 4),  # 1x1 convolution
    (1, 1, 3, 3, 1, 7, 7),  # stride equal to the kernel
]


@pytest.mark.parametrize("C,F,K,stride,padding,H,W", CONV_CASES)
def test_conv2d_gradients(C, F, K, stride, padding, H, W):
    layer = L.Conv2D(C, F, K, stride=stride, padding=padding, rng=rng(1))
    layer.params["b"][...] = rng(2).standard_normal(F)
    errors = check_layer(layer, rng(3).standard_normal((2, C, H, W)))
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < TOL, errors


def test_conv2d_without_input_gradient_still_checks_params():
    layer = L.Conv2D(2, 3, 3, stride=2, padding=1, rng=rng(1), input_grad=False)
    x = rng(3).standard_normal((2, 2, 6, 6))
    layer.forward(x)
    assert layer.backward(np.ones(layer.output_shape(x.shape))) is None
    errors = check_layer(layer, x)
    assert set(errors) == {"W", "b"} and max(errors.values()) < TOL


@pytest.mark.parametrize("cls", [L.MaxPool2D, L.AvgPool2D])
@pytest.mark.parametrize(
    "K,stride,padding,H,W",
    [
        (2, None, 0, 6, 6),
        (2, None, 0, 7, 5),  # odd sizes: the floor drops the last row/column
        (3, 2, 0, 7, 7),  # overlapping windows (gradients add up)
        (3, 2, 1, 6, 6),  # stride 2 with padding
        (2, 1, 0, 4, 5),
    ],
)
def test_pool_gradients(cls, K, stride, padding, H, W):
    layer = cls(K, stride, padding)
    errors = check_layer(layer, distinct((2, 3, H, W)))
    assert set(errors) == {"x"} and errors["x"] < TOL, errors


def test_relu_gradient_away_from_the_kink():
    x = rng().standard_normal((3, 2, 4, 4))
    x[np.abs(x) < 1e-2] = 0.5  # the kink at 0 has no derivative
    assert check_layer(L.ReLU(), x)["x"] < TOL


def test_flatten_gradient():
    assert check_layer(L.Flatten(), rng().standard_normal((2, 3, 4, 5)))["x"] < TOL


@pytest.mark.parametrize("D,M", [(7, 3), (12, 1), (1, 4)])
def test_linear_gradients(D, M):
    layer = L.Linear(D, M, rng=rng(1))
    layer.params["b"][...] = rng(2).standard_normal(M)
    errors = check_layer(layer, rng(3).standard_normal((5, D)))
    assert set(errors) == {"x", "W", "b"} and max(errors.values()) < TOL, errors


def test_dropout_gradient_with_a_fixed_mask():
    layer = L.Dropout(0.4)

    def reseed():
        layer.rng = np.random.default_rng(7)  # the same mask at every forward

    x = rng().standard_normal((4, 10))
    assert check_layer(layer, x, before_forward=reseed)["x"] < TOL
    layer.eval()
    assert check_layer(layer, x)["x"] < TOL


def test_softmax_cross_entropy_gradient():
    z = rng().standard_normal((6, 5)) * 3
    y = np.array([0, 4, 2, 2, 1, 3])
    loss = L.SoftmaxCrossEntropy()

    def f():
        return loss.forward(z, y)

    f()
    analytic = loss.backward()
    assert rel_error(analytic, numerical_gradient(f, z)) < TOL
    f()
    assert rel_error(loss.backward(2.5), 2.5 * analytic) < 1e-12


@pytest.mark.parametrize("C,F,K,stride,padding,H,W", CONV_CASES[:3])
def test_reference_conv_kernel_gradients(C, F, K, stride, padding, H, W):
    fwd, bwd = REFERENCE_KERNELS["conv_forward"], REFERENCE_KERNELS["conv_backward"]
    x = rng(3).standard_normal((2, C, H, W))
    Wt = rng(4).standard_normal((F, C) + ((K, K) if isinstance(K, int) else K))
    b = rng(5).standard_normal(F)

    def forward(x, Wt, b):
        return fwd(x, Wt, b, stride, padding)[0]

    def backward(dout, x, Wt, b):
        return bwd(dout, fwd(x, Wt, b, stride, padding)[1])

    assert max(check_function_gradient(forward, backward, x, Wt, b)) < TOL


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_reference_pool_kernel_gradients(kind):
    fwd, bwd = REFERENCE_KERNELS[f"{kind}pool_forward"], REFERENCE_KERNELS[f"{kind}pool_backward"]
    x = distinct((2, 2, 7, 7))
    (err,) = check_function_gradient(lambda x: fwd(x, 3, 2, 1)[0], lambda d, x: bwd(d, fwd(x, 3, 2, 1)[1]), x)
    assert err < TOL


def test_whole_small_cnn_gradient():
    r = rng(0)
    model = Sequential(
        L.Conv2D(1, 3, 3, padding=1, rng=r),
        L.ReLU(),
        L.MaxPool2D(2),
        L.Conv2D(3, 4, 3, stride=2, padding=1, rng=r),
        L.ReLU(),
        L.AvgPool2D(2),
        L.Flatten(),
        L.Linear(4, 5, rng=r),
        L.ReLU(),
        L.Linear(5, 3, rng=r),
    )
    x = distinct((2, 1, 8, 8), seed=1)
    errors = check_model(model, L.SoftmaxCrossEntropy(), x, np.array([0, 2]), max_entries=None)
    assert max(errors.values()) < TOL, errors


def test_a_wrong_backward_is_caught():
    class WrongReLU(L.ReLU):
        def backward(self, dout):
            return dout  # forgot the mask

    x = rng().standard_normal((3, 4)) + 0.01
    assert check_layer(WrongReLU(), x)["x"] > 0.1


def test_rel_error_and_numerical_gradient_basics():
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 2.2)
    with pytest.raises(ValueError, match="shapes differ"):
        rel_error(np.zeros(2), np.zeros(3))
    v = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(v**3)), v), 3 * v**2, rtol=1e-8)
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(2, dtype=np.float32))
