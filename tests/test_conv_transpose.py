"""Transposed convolution: conv_transpose_output_size, conv_transpose2d and the ConvTranspose2D layer.

Oracles: the size formula brute-forced against conv_output_size (which input sizes a convolution
maps onto I), a scatter loop written here, the adjoint identity <conv2d(y), x> = <y, conv_transpose2d(x)>,
float64 gradient checks (relative error < 1e-6), and torch's conv_transpose2d when installed (optional).
"""

import doctest

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import helpers
from helpers import conv2d, conv_output_size, conv_transpose2d, conv_transpose_output_size
from helpers import layers as L
from helpers.gradcheck import check_layer

TOL = 1e-6


def scatter_oracle(x, w, b, stride, padding, output_padding, dilation):
    """Each input cell adds x[n, c, i, j] * w[c] at (i*S, j*S) of a zero canvas (loops), then crop."""
    (sh, sw), (ph, pw), (ah, aw), (dh, dw) = stride, padding, output_padding, dilation
    N, C, H, W = x.shape
    _, F, KH, KW = w.shape
    full = np.zeros((N, F, (H - 1) * sh + dh * (KH - 1) + 1 + ah, (W - 1) * sw + dw * (KW - 1) + 1 + aw))
    for n in range(N):
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    for u in range(KH):
                        for v in range(KW):
                            full[n, :, i * sh + u * dh, j * sw + v * dw] += float(x[n, c, i, j]) * w[c, :, u, v]
    OH = (H - 1) * sh - 2 * ph + dh * (KH - 1) + ah + 1
    OW = (W - 1) * sw - 2 * pw + dw * (KW - 1) + aw + 1
    out = full[:, :, ph : ph + OH, pw : pw + OW]
    return out if b is None else out + np.asarray(b, dtype=np.float64)[None, :, None, None]


@st.composite
def transpose_problems(draw):
    N, C, F = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    KH, KW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    H, W = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    out_pad = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    full = ((H - 1) * stride[0] + dilation[0] * (KH - 1) + 1, (W - 1) * stride[1] + dilation[1] * (KW - 1) + 1)
    padding = tuple(draw(st.integers(0, (f + a - 1) // 2)) for f, a in zip(full, out_pad))  # output >= 1
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype is np.int64:
        x, w = rng.integers(-5, 6, size=(N, C, H, W)), rng.integers(-3, 4, size=(C, F, KH, KW))
        b = rng.integers(-3, 4, size=F) if draw(st.booleans()) else None
    else:
        x, w = rng.normal(size=(N, C, H, W)).astype(dtype), rng.normal(size=(C, F, KH, KW)).astype(dtype)
        b = rng.normal(size=F).astype(dtype) if draw(st.booleans()) else None
    return x, w, b, stride, padding, out_pad, dilation


@given(transpose_problems())
def test_conv_transpose2d_matches_the_scatter_loops(problem):
    x, w, b, stride, padding, out_pad, dilation = problem
    out = conv_transpose2d(x, w, b, stride, padding, out_pad, dilation)
    assert out.dtype == (np.int64 if x.dtype == np.int64 else x.dtype)
    assert out.shape[2:] == conv_transpose_output_size(x.shape[2:], w.shape[2:], stride, padding, out_pad, dilation)
    tol = 1e-4 if x.dtype == np.float32 else 1e-10
    np.testing.assert_allclose(out, scatter_oracle(x, w, b, stride, padding, out_pad, dilation), rtol=tol, atol=tol)


@given(transpose_problems())
def test_conv_transpose2d_is_the_adjoint_of_conv2d(problem):
    # <conv2d(y, w), x> == <y, conv_transpose2d(x, w)> for every x and y (same w, stride, padding, dilation)
    x, w, _, stride, padding, out_pad, dilation = problem
    x, w = x.astype(np.float64), w.astype(np.float64)
    t = conv_transpose2d(x, w, None, stride, padding, out_pad, dilation)
    y = np.random.default_rng(1).normal(size=t.shape)
    c = conv2d(y, w, None, stride, padding, dilation)  # w (C_in, C_out, ...) read as conv2d's (F, C, ...)
    H, W = x.shape[2:]
    assert c.shape[2] >= H and c.shape[3] >= W  # more windows only when output_padding >= stride (dilation)
    np.testing.assert_allclose(np.sum(c[:, :, :H, :W] * x), np.sum(y * t), rtol=1e-9, atol=1e-9)


@given(
    st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3), st.integers(0, 3)
)
def test_output_size_formula_and_its_brute_force_inverse(i, k, s, p, d, a):
    a = a % max(s, d)
    full = (i - 1) * s + d * (k - 1) + 1
    if full - 2 * p + a < 1:
        with pytest.raises(ValueError, match=r"crops .* use padding <="):
            conv_transpose_output_size(i, k, s, p, a, d)
        return
    o = conv_transpose_output_size(i, k, s, p, a, d)
    assert o == (i - 1) * s - 2 * p + d * (k - 1) + a + 1
    assert conv_transpose_output_size((i, i), k, s, p, a, d) == (o, o)
    if a < s:  # output_padding picks one of the sizes a stride-s convolution maps back onto i
        assert conv_output_size(o, k, s, p, d) == i


@pytest.mark.parametrize("k,s,p", [(3, 2, 1), (4, 2, 1), (5, 3, 2), (2, 2, 0), (3, 1, 1)])
def test_output_padding_reaches_every_size_a_convolution_sends_to_i(k, s, p):
    # brute force: every O with conv_output_size(O) == I is conv_transpose_output_size(I, ..., a) for one a < s
    for i in range(2, 9):
        sizes = {o for o in range(1, 60) if o + 2 * p >= k and conv_output_size(o, k, s, p) == i}
        assert sizes == {conv_transpose_output_size(i, k, s, p, a) for a in range(s)}


def test_doctests_of_the_new_size_functions():
    from helpers import shapes

    for f in (shapes.conv_transpose_output_size,):
        finder = doctest.DocTestFinder().find(f, globs=vars(shapes))
        runner = doctest.DocTestRunner()
        for t in finder:
            runner.run(t)
        assert runner.failures == 0 and runner.tries >= 2


def test_one_pixel_short_decoder_and_the_fix():
    # an encoder conv (K=3, S=2, P=1) maps 7 and 8 both to 4; the decoder returns 7 unless output_padding=1
    assert conv_output_size(7, 3, 2, 1) == conv_output_size(8, 3, 2, 1) == 4
    assert conv_transpose_output_size(4, 3, 2, 1) == 7
    assert conv_transpose_output_size(4, 3, 2, 1, output_padding=1) == 8


def test_stride_2_kernel_3_overlaps_like_a_checkerboard():
    counts = conv_transpose2d(np.ones((3, 3)), np.ones((3, 3)), stride=2)  # how many stamps cover each cell
    assert counts.shape == (7, 7)
    expected_row = np.array([1, 1, 2, 1, 2, 1, 1])
    np.testing.assert_array_equal(counts, np.outer(expected_row, expected_row))
    assert set(np.unique(counts)) == {1, 2, 4}  # uneven overlap: the checkerboard artefact
    even = conv_transpose2d(np.ones((3, 3)), np.ones((4, 4)), stride=2, padding=1)
    assert set(np.unique(even[1:-1, 1:-1])) == {4}  # K divisible by S overlaps evenly (away from the border)


def test_ranks_bias_and_dtypes():
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=(3, 4, 5)), rng.normal(size=(3, 2, 3, 3))
    full = conv_transpose2d(x[None], w, 0.5, stride=2)
    np.testing.assert_array_equal(conv_transpose2d(x, w, 0.5, stride=2), full[0])
    np.testing.assert_allclose(conv_transpose2d(x, w, np.full(2, 0.5), 2), full[0])
    assert conv_transpose2d(x.astype(np.float32), w.astype(np.float32), 0.5).dtype == np.float32
    u8 = conv_transpose2d(np.full((2, 2), 200, np.uint8), np.full((2, 2), 2, np.uint8), stride=1)
    assert u8.dtype == np.int64 and u8[1, 1] == 1600  # integer sums never wrap around
    assert conv_transpose2d(np.ones((2, 2)), np.ones((1, 1))).shape == (2, 2)


def test_errors_name_the_argument_and_a_fix():
    x = np.zeros((1, 3, 4, 4))
    with pytest.raises(ValueError, match=r"output_padding=2 along H must be smaller than stride=2 or dilation=1"):
        conv_transpose2d(x, np.zeros((3, 2, 3, 3)), stride=2, output_padding=2)
    with pytest.raises(ValueError, match=r"w.shape\[0\] = 2.*looks like a conv2d weight.*transpose\(1, 0, 2, 3\)"):
        conv_transpose2d(x, np.zeros((2, 3, 3, 3)))
    with pytest.raises(ValueError, match=r"padding=5 along H crops"):
        conv_transpose2d(x, np.zeros((3, 2, 3, 3)), padding=5)
    with pytest.raises(ValueError, match=r"one bias per output channel, shape \(2,\)"):
        conv_transpose2d(x, np.zeros((3, 2, 3, 3)), b=np.zeros(3))
    with pytest.raises(ValueError, match=r"w must be \(in_channels, out_channels, KH, KW\)"):
        conv_transpose2d(x, np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"must be one 2-D kernel"):
        conv_transpose2d(np.zeros((4, 4)), np.zeros((1, 1, 3, 3)))
    with pytest.raises(TypeError, match=r"stride must be an int"):
        conv_transpose2d(x, np.zeros((3, 2, 3, 3)), stride=1.5)
    with pytest.raises(ValueError, match=r"output_padding must be >= 0"):
        conv_transpose_output_size(4, 3, 2, output_padding=-1)
    with pytest.raises(ValueError, match=r"output_padding=1 must be smaller than stride=1 or dilation=1.*0\.\.0"):
        conv_transpose_output_size(4, 3, output_padding=1)
    assert conv_transpose_output_size(4, 3, 1, 0, output_padding=1, dilation=2) == 9  # allowed: < dilation


LAYER_CASES = [
    # (C, F, K, stride, padding, output_padding, H, W, bias)
    (3, 2, 3, 2, 1, 1, 4, 3, True),  # the usual decoder block: doubles 4 -> 8
    (2, 3, (2, 3), (2, 1), (1, 0), (1, 0), 3, 4, True),
    (2, 2, 4, 2, 1, 0, 3, 3, False),  # K = 4, S = 2: even overlap
    (1, 2, 3, 1, 2, 0, 4, 3, True),  # padding crops more than the stamps add
    (2, 2, 3, 3, 0, 2, 3, 2, True),  # output_padding beyond the stamps (zeros there)
]


@pytest.mark.parametrize("C,F,K,stride,padding,out_pad,H,W,bias", LAYER_CASES)
def test_conv_transpose_layer_gradients_and_forward(C, F, K, stride, padding, out_pad, H, W, bias):
    rng = np.random.default_rng(3)
    layer = L.ConvTranspose2D(C, F, K, stride, padding, out_pad, bias=bias, rng=rng)
    if bias:
        layer.params["b"][...] = rng.standard_normal(F)
    x = rng.standard_normal((2, C, H, W))
    out = layer.forward(x)
    assert out.shape == layer.output_shape(x.shape)
    np.testing.assert_allclose(
        out, conv_transpose2d(x, layer.params["W"], layer.params.get("b"), stride, padding, out_pad)
    )
    errors = check_layer(layer, x)
    assert set(errors) == ({"x", "W", "b"} if bias else {"x", "W"})
    assert max(errors.values()) < TOL, errors


def test_conv_transpose_layer_repr_counts_and_errors():
    layer = L.ConvTranspose2D(16, 8, 3, stride=2, padding=1, output_padding=1)
    assert repr(layer) == "ConvTranspose2D(16, 8, 3, stride=2, padding=1, output_padding=1)"
    assert layer.param_formula() == "16×8×3×3 + 8" and layer.param_count == 16 * 8 * 9 + 8
    assert layer.params["W"].shape == (16, 8, 3, 3)
    assert L.ConvTranspose2D(2, 3, 2, bias=False).param_formula() == "2×3×2×2"
    with pytest.raises(ValueError, match=r"output_padding=2 along H must be smaller than stride=2"):
        L.ConvTranspose2D(2, 3, 3, stride=2, output_padding=2)
    with pytest.raises(ValueError, match=r"input has 3 channels but the layer expects in_channels=2"):
        L.ConvTranspose2D(2, 3, 3).forward(np.zeros((1, 3, 4, 4)))
    with pytest.raises(ValueError, match=r"input must be \(N, C, H, W\).*x\[None\]"):
        L.ConvTranspose2D(2, 3, 3).forward(np.zeros((2, 4, 4)))
    with pytest.raises(RuntimeError, match="backward was called before forward"):
        L.ConvTranspose2D(2, 3, 3).backward(np.zeros((1, 3, 6, 6)))


def test_public_api_exports_the_new_functions():
    for name in ("conv_transpose2d", "conv_transpose_output_size"):
        assert name in helpers.__all__ and callable(getattr(helpers, name))
    assert "ConvTranspose2D" in L.__all__ and "Sigmoid" in L.__all__ and "Tanh" in L.__all__


def test_matches_pytorch_when_installed():
    torch = pytest.importorskip(
        "torch", reason="PyTorch is an optional extra oracle; loops and the adjoint are the tests"
    )
    rng = np.random.default_rng(4)
    for stride, padding, out_pad, dilation in [(1, 0, 0, 1), (2, 1, 1, 1), ((2, 3), (0, 1), (1, 2), 1), (1, 1, 1, 2)]:
        x, w, b = rng.normal(size=(2, 3, 4, 5)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=2)
        ref = torch.nn.functional.conv_transpose2d(
            torch.tensor(x),
            torch.tensor(w),
            torch.tensor(b),
            stride=stride,
            padding=padding,
            output_padding=out_pad,
            dilation=dilation,
        ).numpy()
        np.testing.assert_allclose(conv_transpose2d(x, w, b, stride, padding, out_pad, dilation), ref, atol=1e-10)
