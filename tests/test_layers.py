"""Layers: forward values against the helpers core, dtypes, modes, and the error messages."""

import numpy as np
import pytest
from reference_kernels import REFERENCE_KERNELS  # noqa: E402

from helpers import avg_pool2d, conv2d_naive, max_pool2d
from helpers import layers as L


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1), ((2, 1), (0, 2))])
def test_conv_forward_matches_conv2d_naive(stride, padding):
    layer = L.Conv2D(3, 4, 3, stride=stride, padding=padding, rng=rng(1))
    layer.params["b"][...] = rng(2).standard_normal(4)
    x = rng(3).standard_normal((2, 3, 7, 6))
    out = layer.forward(x)
    np.testing.assert_allclose(
        out, conv2d_naive(x, layer.params["W"], layer.params["b"], stride, padding), rtol=1e-10, atol=1e-12
    )
    assert out.shape == layer.output_shape(x.shape)


def test_pool_forward_matches_helpers():
    x = rng().standard_normal((2, 3, 7, 7))
    np.testing.assert_allclose(L.MaxPool2D(3, 2, 1).forward(x), max_pool2d(x, 3, 2, 1))
    np.testing.assert_allclose(L.AvgPool2D(2).forward(x), avg_pool2d(x, 2))


def test_maxpool_backward_routes_to_the_first_maximum_on_ties():
    x = np.array([[[[1.0, 3.0], [3.0, 0.0]]]])
    layer = L.MaxPool2D(2)
    assert layer.forward(x)[0, 0, 0, 0] == 3.0
    dx = layer.backward(np.array([[[[5.0]]]]))
    np.testing.assert_array_equal(dx[0, 0], [[0.0, 5.0], [0.0, 0.0]])  # first max in row-major order


@pytest.mark.parametrize("name", ["conv", "maxpool", "avgpool"])
def test_reference_kernels_agree_with_helpers_kernels(name):
    from helpers import kernels as K

    x = rng(1).standard_normal((2, 3, 9, 8))
    if name == "conv":
        W, b = rng(2).standard_normal((4, 3, 3, 3)), rng(3).standard_normal(4)
        out, cache = K.conv_forward(x, W, b, 2, 1)
        ref, ref_cache = REFERENCE_KERNELS["conv_forward"](x, W, b, 2, 1)
        dout = rng(4).standard_normal(out.shape)
        got, want = K.conv_backward(dout, cache), REFERENCE_KERNELS["conv_backward"](dout, ref_cache)
    else:
        out, cache = getattr(K, f"{name}_forward")(x, 3, 2, 1)
        ref, ref_cache = REFERENCE_KERNELS[f"{name}_forward"](x, 3, 2, 1)
        dout = rng(4).standard_normal(out.shape)
        got = (getattr(K, f"{name}_backward")(dout, cache),)
        want = (REFERENCE_KERNELS[f"{name}_backward"](dout, ref_cache),)
    np.testing.assert_allclose(out, ref, rtol=1e-10, atol=1e-12)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)


def test_float32_stays_float32_through_every_layer():
    r = rng()
    conv = L.Conv2D(1, 4, 3, padding=1, rng=r, dtype=np.float32)
    lin = L.Linear(4 * 4 * 4, 5, rng=r, dtype=np.float32)
    layers = [conv, L.ReLU(), L.MaxPool2D(2), L.Dropout(0.2, rng=r), L.Flatten(), lin]
    x = r.standard_normal((3, 1, 8, 8)).astype(np.float32)
    for layer in layers:
        x = layer.forward(x)
        assert x.dtype == np.float32, layer
    d = np.ones_like(x)
    for layer in reversed(layers):
        d = layer.backward(d)
        assert d.dtype == np.float32, layer
    assert conv.grads["W"].dtype == np.float32 and lin.params["W"].dtype == np.float32


def test_float64_input_is_cast_to_the_layer_dtype():
    conv = L.Conv2D(1, 2, 3, rng=rng(), dtype=np.float32)
    assert conv.forward(np.ones((1, 1, 5, 5))).dtype == np.float32


def test_he_initialisation_scale():
    conv = L.Conv2D(16, 64, 3, rng=rng())
    assert conv.params["W"].std() == pytest.approx(np.sqrt(2 / (16 * 9)), rel=0.05)
    lin = L.Linear(1000, 200, rng=rng())
    assert lin.params["W"].std() == pytest.approx(np.sqrt(2 / 1000), rel=0.05)
    assert not conv.params["b"].any() and not lin.params["b"].any()
    assert lin.params["W"].shape == (200, 1000)  # (out_features, in_features) as in PyTorch


def test_same_rng_gives_the_same_weights():
    a = L.Conv2D(1, 3, 5, rng=np.random.default_rng(5))
    b = L.Conv2D(1, 3, 5, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a.params["W"], b.params["W"])


def test_linear_forward_formula():
    lin = L.Linear(3, 2, rng=rng())
    lin.params["b"][...] = [1.0, -1.0]
    x = rng(1).standard_normal((4, 3))
    np.testing.assert_allclose(lin.forward(x), x @ lin.params["W"].T + lin.params["b"])


def test_dropout_is_inverted_and_identity_in_eval():
    d = L.Dropout(0.5, rng=rng())
    x = np.ones((200, 500))
    out = d.forward(x)
    assert set(np.unique(out)) == {0.0, 2.0}  # kept values are scaled by 1 / (1 - p)
    assert abs((out == 0).mean() - 0.5) < 0.01
    assert abs(out.mean() - 1.0) < 0.01  # the expected value is unchanged
    np.testing.assert_array_equal(d.backward(np.ones_like(x)), out)  # the same mask in backward
    d.eval()
    assert d.forward(x) is x or np.array_equal(d.forward(x), x)
    np.testing.assert_array_equal(d.backward(np.full_like(x, 3.0)), np.full_like(x, 3.0))


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, "0.5", True])
def test_dropout_rejects_bad_p(p):
    with pytest.raises(ValueError, match="probability"):
        L.Dropout(p)


def test_softmax_cross_entropy_values_and_stability():
    loss = L.SoftmaxCrossEntropy()
    z = np.log(np.array([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]]))
    assert loss.forward(z, np.array([0, 2])) == pytest.approx(-(np.log(0.7) + np.log(0.5)) / 2)
    big = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]])
    value = loss.forward(big, np.array([2, 1]))
    assert np.isfinite(value) and value == pytest.approx(1000.0)  # (2000 + 0) / 2, no overflow, no log(0)
    g = loss.backward()
    assert np.all(np.isfinite(g)) and np.allclose(g.sum(axis=1), 0.0)
    np.testing.assert_allclose(L.softmax(big).sum(axis=1), 1.0)
    # one-hot labels are accepted too
    assert loss.forward(z, np.eye(3)[[0, 2]]) == pytest.approx(-(np.log(0.7) + np.log(0.5)) / 2)


def test_relu_forward_backward():
    x = np.array([[-1.0, 0.0, 2.0]])
    r = L.ReLU()
    np.testing.assert_array_equal(r.forward(x), [[0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(r.backward(np.array([[5.0, 5.0, 5.0]])), [[0.0, 0.0, 5.0]])


def test_flatten_round_trip():
    x = rng().standard_normal((2, 3, 4, 5))
    f = L.Flatten()
    out = f.forward(x)
    np.testing.assert_array_equal(out, x.reshape(2, 60))
    np.testing.assert_array_equal(f.backward(out), x)


# ------------------------------------------------------------------ error messages


def test_linear_fed_a_feature_map_says_add_flatten():
    lin = L.Linear(400, 256)
    with pytest.raises(ValueError, match=r"Add Flatten\(\)") as info:
        lin.forward(np.zeros((2, 16, 5, 5)))
    assert "(2, 16*5*5) = (2, 400)" in str(info.value)
    with pytest.raises(ValueError, match="in_features must be 256, not 400"):
        L.Linear(400, 10).output_shape((2, 16, 4, 4))


def test_linear_feature_mismatch_is_named():
    with pytest.raises(ValueError, match=r"input has 300 features but in_features=400; use Linear\(300, 256\)"):
        L.Linear(400, 256).forward(np.zeros((2, 300)))


def test_conv_channel_mismatch_is_named():
    with pytest.raises(ValueError, match=r"input has 1 channels but the layer expects in_channels=3"):
        L.Conv2D(3, 8, 5).forward(np.zeros((2, 1, 32, 32)))
    with pytest.raises(ValueError, match=r"NHWC"):
        L.Conv2D(3, 8, 5).forward(np.zeros((2, 32, 32, 3)))


def test_conv_needs_a_batch_axis():
    with pytest.raises(ValueError, match=r"add the batch axis, x\[None\]"):
        L.Conv2D(1, 2, 3).forward(np.zeros((1, 8, 8)))


def test_conv_kernel_too_large():
    with pytest.raises(ValueError, match="does not fit the input height 4"):
        L.Conv2D(1, 2, 5).forward(np.zeros((1, 1, 4, 8)))
    with pytest.raises(ValueError, match="too small to pool"):
        L.MaxPool2D(2).forward(np.zeros((1, 1, 1, 1)))


@pytest.mark.parametrize(
    "labels,match",
    [
        (np.array([0, 10]), "label 10 is out of range: with 10 classes"),
        (np.array([-1, 0]), "label -1 is out of range"),
        (np.array([0, 1, 2]), r"labels must be \(N,\) = \(2,\)"),
        (np.array([0.5, 1.0]), "must be integers"),
    ],
)
def test_bad_labels(labels, match):
    with pytest.raises((ValueError, TypeError), match=match):
        L.SoftmaxCrossEntropy().forward(np.zeros((2, 10)), labels)


@pytest.mark.parametrize(
    "layer",
    [
        L.Conv2D(1, 2, 3),
        L.MaxPool2D(2),
        L.AvgPool2D(2),
        L.ReLU(),
        L.Flatten(),
        L.Linear(3, 2),
        L.Dropout(0.5),
        L.SoftmaxCrossEntropy(),
    ],
)
def test_backward_before_forward(layer):
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.zeros((1, 2)))


def test_dout_of_the_wrong_shape():
    lin = L.Linear(3, 2)
    lin.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"dout must have the shape of the forward output \(4, 2\)"):
        lin.backward(np.zeros((4, 3)))


def test_constructor_errors():
    with pytest.raises(TypeError, match="kernel_size must be an int"):
        L.Conv2D(1, 2, 2.5)
    with pytest.raises(ValueError, match="stride must be >= 1"):
        L.Conv2D(1, 2, 3, stride=0)
    with pytest.raises(TypeError, match="dtype must be a float type"):
        L.Linear(2, 2, dtype=np.int32)
    with pytest.raises(ValueError, match="more than half"):
        L.MaxPool2D(2, padding=2)


def test_reprs_and_parameter_formulas():
    conv = L.Conv2D(1, 30, 5)
    assert repr(conv) == "Conv2D(1, 30, 5)" and conv.param_formula() == "30×1×5×5 + 30" and conv.param_count == 780
    assert repr(L.Conv2D(3, 8, 3, stride=2, padding=1)) == "Conv2D(3, 8, 3, stride=2, padding=1)"
    assert repr(L.Linear(4320, 100)) == "Linear(4320, 100)" and L.Linear(4320, 100).param_count == 432_100
    assert repr(L.MaxPool2D(2)) == "MaxPool2D(2)" and repr(L.Dropout(0.5)) == "Dropout(0.5)"
