"""conv2d / conv2d_naive / im2col / col2im: worked examples and properties against independent oracles."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.signal import convolve2d, correlate, correlate2d

from helpers import col2im, conv2d, conv2d_naive, conv_output_size, im2col, pad2d

KERNEL = np.array([[1, 0, -1], [0, 1, 0], [-1, 0, 1]])
X16 = np.arange(1, 17).reshape(4, 4)


@pytest.mark.parametrize("conv", [conv2d, conv2d_naive])
def test_worked_example_4x4(conv):
    out = conv(X16, KERNEL)
    assert out.tolist() == [[6, 7], [10, 11]]
    assert np.issubdtype(out.dtype, np.integer)  # integer worked examples stay integers


@pytest.mark.parametrize("conv", [conv2d, conv2d_naive])
def test_worked_example_bias_stride_padding(conv):
    # padding 1 and stride 2 on the same 4x4 input: windows start at rows/cols 0 and 2 of the padded 6x6
    out = conv(X16, KERNEL, b=3, stride=2, padding=1)
    manual = np.array(
        [[sum(pad2d(X16, 1)[i : i + 3, j : j + 3].ravel() * KERNEL.ravel()) + 3 for j in (0, 2)] for i in (0, 2)]
    )
    assert out.tolist() == manual.tolist()


def test_cross_correlation_not_convolution():
    rng = np.random.default_rng(0)
    x, k = rng.normal(size=(6, 7)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(conv2d(x, k), correlate2d(x, k, mode="valid"), atol=1e-12)
    # true convolution = correlation with the kernel flipped in both axes
    np.testing.assert_allclose(conv2d(x, k[::-1, ::-1]), convolve2d(x, k, mode="valid"), atol=1e-12)


def test_same_padding_string_keeps_size_even_kernel():
    x = np.arange(30.0).reshape(5, 6)
    out = conv2d(x, np.ones((2, 4)), padding="same")
    assert out.shape == x.shape
    np.testing.assert_allclose(out, conv2d_naive(x, np.ones((2, 4)), padding=(0, 1, 1, 2)))


def oracle(x, w, b, stride, padding, dilation):
    """Independent oracle: scipy.signal.correlate on a dilated kernel, then subsample by the stride."""
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    wd = np.zeros((F, C, dh * (KH - 1) + 1, dw * (KW - 1) + 1), dtype=np.float64)
    wd[:, :, ::dh, ::dw] = w
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.stack([np.stack([correlate(xp[n], wd[f], mode="valid")[0] for f in range(F)]) for n in range(N)])
    out = out[:, :, ::sh, ::sw]
    if b is not None:
        out = out + np.asarray(b, dtype=np.float64)[None, :, None, None]
    return out


@st.composite
def conv_problems(draw):
    N = draw(st.integers(1, 3))
    C = draw(st.integers(1, 3))
    F = draw(st.integers(1, 3))
    KH, KW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    min_h = max(1, dh * (KH - 1) + 1 - 2 * ph)  # the padded input must hold the dilated kernel
    min_w = max(1, dw * (KW - 1) + 1 - 2 * pw)
    H = draw(st.integers(min_h, min_h + 6))
    W = draw(st.integers(min_w, min_w + 6))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if dtype is np.int64:
        x = rng.integers(-5, 6, size=(N, C, H, W))
        w = rng.integers(-3, 4, size=(F, C, KH, KW))
        b = rng.integers(-3, 4, size=F) if draw(st.booleans()) else None
    else:
        x = rng.normal(size=(N, C, H, W)).astype(dtype)
        w = rng.normal(size=(F, C, KH, KW)).astype(dtype)
        b = rng.normal(size=F).astype(dtype) if draw(st.booleans()) else None
    return x, w, b, (sh, sw), (ph, pw), (dh, dw)


@given(conv_problems())
def test_conv2d_and_naive_match_scipy(problem):
    x, w, b, stride, padding, dilation = problem
    expected = oracle(x, w, b, stride, padding, dilation)
    tol = 1e-4 if x.dtype == np.float32 else 1e-10
    for conv in (conv2d, conv2d_naive):
        out = conv(x, w, b, stride=stride, padding=padding, dilation=dilation)
        assert out.dtype == x.dtype, "dtype is preserved"
        assert out.shape[2:] == conv_output_size(x.shape[2:], w.shape[2:], stride, padding, dilation)
        np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)


@given(conv_problems())
def test_rank3_input_is_rank4_with_n1(problem):
    x, w, b, stride, padding, dilation = problem
    full = conv2d(x[:1], w, b, stride, padding, dilation)
    np.testing.assert_array_equal(conv2d(x[0], w, b, stride, padding, dilation), full[0])


@given(conv_problems())
def test_im2col_matmul_is_convolution(problem):
    x, w, b, stride, padding, dilation = problem
    N, F = x.shape[0], w.shape[0]
    oh, ow = conv_output_size(x.shape[2:], w.shape[2:], stride, padding, dilation)
    cols = im2col(x, w.shape[2:], stride, padding, dilation)
    assert cols.shape == (N * oh * ow, x.shape[1] * w.shape[2] * w.shape[3])
    out = (cols @ w.reshape(F, -1).T).reshape(N, oh, ow, F).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(out, conv2d(x, w, None, stride, padding, dilation), rtol=1e-4, atol=1e-4)


@given(conv_problems())
def test_col2im_is_adjoint_of_im2col(problem):
    # <im2col(x), y> == <x, col2im(y)> for every x and y: col2im is im2col's transpose
    x, w, _, stride, padding, dilation = problem
    x = x.astype(np.float64)
    cols = im2col(x, w.shape[2:], stride, padding, dilation)
    y = np.random.default_rng(1).normal(size=cols.shape)
    back = col2im(y, x.shape, w.shape[2:], stride, padding, dilation)
    assert back.shape == x.shape
    np.testing.assert_allclose(np.sum(cols * y), np.sum(x * back), rtol=1e-10, atol=1e-10)


def test_col2im_counts_overlaps():
    # folding a matrix of ones counts how many windows cover each cell
    x = np.zeros((1, 1, 4, 4))
    counts = col2im(np.ones_like(im2col(x, 3)), x.shape, 3)
    assert counts[0, 0].tolist() == [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]


def test_float32_stays_float32_and_mixed_promotes():
    x32 = np.ones((1, 2, 5, 5), np.float32)
    w32 = np.ones((3, 2, 3, 3), np.float32)
    assert conv2d(x32, w32, b=0.5).dtype == np.float32  # a Python float bias does not upcast
    assert conv2d(x32, w32.astype(np.float64)).dtype == np.float64
    assert im2col(x32, 3).dtype == np.float32
