"""The layer-class exercises of notebook 08 (``convolution_layer``, ``pooling_layer``) and the pass exercises of
06/07 they build on: a layer written with loops (an oracle independent of im2col) passes; the ways a class can
fail (no methods, a stub, an endless loop, no gradients stored) each give one line and no traceback."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.exercises import check
from helpers.exercises.bank_layers import library_convolution, library_pooling
from helpers.exercises.time_limit import get_time_limit, set_time_limit
from helpers.layer_base import Layer


class LoopConvolution(Layer):
    """A convolution layer written with plain loops (no im2col, no col2im)."""

    def __init__(self, W, b, stride=1, padding=0):
        super().__init__()
        self.params = {"W": W, "b": b}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros_like(b)}
        self.s, self.p = stride, padding

    def forward(self, x):
        W, b, s, p = self.params["W"], self.params["b"], self.s, self.p
        F, _, K, _ = W.shape
        self.xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        self.x_shape = x.shape
        N, _, H, Wd = self.xp.shape
        oh, ow = (H - K) // s + 1, (Wd - K) // s + 1
        out = np.zeros((N, F, oh, ow))
        for n in range(N):
            for f in range(F):
                for i in range(oh):
                    for j in range(ow):
                        out[n, f, i, j] = np.sum(self.xp[n, :, i * s : i * s + K, j * s : j * s + K] * W[f]) + b[f]
        return out

    def backward(self, dout):
        W, s, p = self.params["W"], self.s, self.p
        F, _, K, _ = W.shape
        dxp = np.zeros_like(self.xp)
        dW = np.zeros_like(W)
        N, _, oh, ow = dout.shape
        for n in range(N):
            for f in range(F):
                for i in range(oh):
                    for j in range(ow):
                        window = (n, slice(None), slice(i * s, i * s + K), slice(j * s, j * s + K))
                        dW[f] += dout[n, f, i, j] * self.xp[window]
                        dxp[window] += dout[n, f, i, j] * W[f]
        self.grads["W"][...] = dW
        self.grads["b"][...] = dout.sum(axis=(0, 2, 3))
        H, Wd = self.x_shape[2:]
        return dxp[:, :, p : p + H, p : p + Wd]


class LoopPooling(Layer):
    """Max pooling with loops; ties go to the first maximum in reading order."""

    def __init__(self, kernel_size=2, stride=2):
        super().__init__()
        self.k, self.s = kernel_size, stride

    def forward(self, x):
        self.x = x
        k, s = self.k, self.s
        N, C, H, W = x.shape
        oh, ow = (H - k) // s + 1, (W - k) // s + 1
        out = np.zeros((N, C, oh, ow))
        for i in range(oh):
            for j in range(ow):
                out[:, :, i, j] = x[:, :, i * s : i * s + k, j * s : j * s + k].max(axis=(2, 3))
        return out

    def backward(self, dout):
        k, s = self.k, self.s
        dx = np.zeros_like(self.x)
        N, C, oh, ow = dout.shape
        for n in range(N):
            for c in range(C):
                for i in range(oh):
                    for j in range(ow):
                        u, v = divmod(int(np.argmax(self.x[n, c, i * s : i * s + k, j * s : j * s + k])), k)
                        dx[n, c, i * s + u, j * s + v] += dout[n, c, i, j]
        return dx


@pytest.fixture(autouse=True)
def short_time_limit():
    before = get_time_limit()
    set_time_limit(1.0)
    yield
    set_time_limit(before)


def _one_line(capsys):
    out = capsys.readouterr().out
    assert "Traceback" not in out and out.count("\n") == 1, out
    return out


def test_loop_layers_pass(capsys):
    assert check("convolution_layer", LoopConvolution).passed, capsys.readouterr().out
    assert check("pooling_layer", LoopPooling).passed, capsys.readouterr().out


def test_the_fallbacks_are_the_library_layers_with_the_given_weights():
    W = np.random.default_rng(0).standard_normal((3, 2, 3, 3)).astype(np.float32)
    b = np.arange(3, dtype=np.float32)
    layer = library_convolution(W, b, 2, 1)
    assert layer.params["W"].dtype == np.float32 and np.array_equal(layer.params["W"], W)
    assert np.array_equal(layer.params["b"], b) and (layer.stride, layer.padding) == ((2, 2), (1, 1))
    x = np.random.default_rng(1).standard_normal((2, 2, 6, 6)).astype(np.float32)
    mine = LoopConvolution(W.astype(float), b.astype(float), 2, 1)
    assert np.allclose(layer.forward(x), mine.forward(x.astype(float)), atol=1e-5)
    assert library_pooling(3, 2).kernel_size == (3, 3)


def test_a_class_without_methods_a_stub_and_a_loop_each_get_one_line(capsys):
    class Empty:
        def __init__(self, *args, **kwargs):
            pass

    check("convolution_layer", Empty)
    assert "must have the methods forward" in _one_line(capsys)

    class Stub(LoopPooling):
        def backward(self, dout):
            raise NotImplementedError

    check("pooling_layer", Stub)
    assert "backward(...) still raises NotImplementedError" in _one_line(capsys)

    class Forever(LoopPooling):
        def forward(self, x):
            while True:
                pass

    check("pooling_layer", Forever)
    assert "longer than 1 s" in _one_line(capsys)

    class Broken(LoopConvolution):
        def forward(self, x):
            return x @ x  # a shape error inside the learner's code

    check("convolution_layer", Broken)
    out = _one_line(capsys)
    assert "forward(...) raised ValueError" in out and "line" in out


def test_gradients_not_stored_and_the_bias_of_one_image_are_named(capsys):
    class NoGrads(LoopConvolution):
        def backward(self, dout):
            dx = super().backward(dout)
            self.grads["W"][...] = 0
            return dx

    check("convolution_layer", NoGrads)
    assert "grads['W'] is all zeros" in _one_line(capsys)

    class FirstImage(LoopConvolution):
        def backward(self, dout):
            dx = super().backward(dout)
            self.grads["b"][...] = dout[0].sum(axis=(1, 2))
            return dx

    check("convolution_layer", FirstImage)
    assert "first image's bias gradient" in _one_line(capsys)


def test_the_stub_of_the_student_version_is_not_attempted(capsys):
    class Student(Layer):
        def __init__(self, W, b, stride=1, padding=0):
            super().__init__()
            raise NotImplementedError

    result = check("convolution_layer", Student)
    assert not result.attempted and "not attempted" in _one_line(capsys)
