"""Grouped and depthwise convolution: ``groups=`` in conv2d, conv2d_naive and Conv2D (PyTorch semantics).

Oracles: scipy.signal.correlate group by group (written here, independent of helpers), a loop over
channels for the depthwise case, float64 gradient checks (relative error < 1e-6), and PyTorch's
``torch.nn.functional.conv2d(groups=...)`` when torch is installed (optional).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.signal import correlate

from helpers import conv2d, conv2d_naive, conv_output_size, conv_param_count
from helpers import layers as L
from helpers.gradcheck import check_layer

TOL = 1e-6


def grouped_oracle(x, w, b, stride, padding, dilation, groups):
    """scipy.signal.correlate of each filter with its group's channels, dilated kernel, then subsampled."""
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    N, C, H, W = x.shape
    F, Cg, KH, KW = w.shape
    Fg = F // groups
    wd = np.zeros((F, Cg, dh * (KH - 1) + 1, dw * (KW - 1) + 1))
    wd[:, :, ::dh, ::dw] = w
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.stack(
        [
            np.stack([correlate(xp[n, (f // Fg) * Cg : (f // Fg + 1) * Cg], wd[f], mode="valid")[0] for f in range(F)])
            for n in range(N)
        ]
    )[:, :, ::sh, ::sw]
    if b is not None:
        out = out + np.asarray(b, dtype=np.float64)[None, :, None, None]
    return out


@st.composite
def grouped_problems(draw):
    G = draw(st.integers(1, 4))
    Cg, Fg = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    N = draw(st.integers(1, 2))
    KH, KW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    H = draw(st.integers(max(1, dilation[0] * (KH - 1) + 1 - 2 * padding[0]), 9))
    W = draw(st.integers(max(1, dilation[1] * (KW - 1) + 1 - 2 * padding[1]), 9))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype is np.int64:
        x = rng.integers(-5, 6, size=(N, G * Cg, H, W))
        w = rng.integers(-3, 4, size=(G * Fg, Cg, KH, KW))
    else:
        x = rng.normal(size=(N, G * Cg, H, W)).astype(dtype)
        w = rng.normal(size=(G * Fg, Cg, KH, KW)).astype(dtype)
    b = rng.normal(size=G * Fg).astype(np.float64 if dtype is np.int64 else dtype) if draw(st.booleans()) else None
    return x, w, b, stride, padding, dilation, G


@given(grouped_problems())
def test_grouped_conv2d_and_naive_match_scipy(problem):
    x, w, b, stride, padding, dilation, G = problem
    expected = grouped_oracle(x, w, b, stride, padding, dilation, G)
    tol = 1e-4 if x.dtype == np.float32 else 1e-10
    for conv in (conv2d, conv2d_naive):
        out = conv(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=G)
        assert out.shape[:2] == (x.shape[0], w.shape[0])
        assert out.shape[2:] == conv_output_size(x.shape[2:], w.shape[2:], stride, padding, dilation)
        np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)


@given(grouped_problems())
def test_groups_is_separate_convolutions_side_by_side(problem):
    # the definition read another way: split x's channels and w's filters into G blocks, convolve each block
    x, w, b, stride, padding, dilation, G = problem
    Cg, Fg = x.shape[1] // G, w.shape[0] // G
    blocks = [
        conv2d(
            x[:, g * Cg : (g + 1) * Cg],
            w[g * Fg : (g + 1) * Fg],
            None if b is None else b[g * Fg : (g + 1) * Fg],
            stride,
            padding,
            dilation,
        )
        for g in range(G)
    ]
    got = conv2d(x, w, b, stride, padding, dilation, groups=G)
    np.testing.assert_array_equal(got, np.concatenate(blocks, axis=1))
    assert got.dtype == blocks[0].dtype


def test_depthwise_is_a_loop_over_channels():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 8, 7))
    w = rng.normal(size=(5, 1, 3, 3))  # one 3x3 kernel per channel
    loop = np.stack([np.stack([conv2d(x[n, c], w[c, 0], padding=1) for c in range(5)]) for n in range(2)])
    np.testing.assert_allclose(conv2d(x, w, padding=1, groups=5), loop, atol=1e-12)
    # channel multiplier 2: filters 2c and 2c+1 both read channel c
    w2 = rng.normal(size=(10, 1, 3, 3))
    out = conv2d(x, w2, groups=5)
    np.testing.assert_allclose(out[:, 7], conv2d(x[:, 3:4], w2[7:8])[:, 0], atol=1e-12)


def test_a_filter_never_sees_another_groups_channels():
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(1, 6, 5, 5)), rng.normal(size=(4, 3, 3, 3))
    before = conv2d(x, w, groups=2)
    x[:, 3:] += 100.0  # change only the second group's channels
    after = conv2d(x, w, groups=2)
    np.testing.assert_array_equal(after[:, :2], before[:, :2])
    assert not np.allclose(after[:, 2:], before[:, 2:])


GROUP_CASES = [
    # (C, F, G, K, stride, padding, H, W, bias)
    (4, 6, 2, 3, 1, 1, 5, 6, True),
    (3, 3, 3, 3, 2, 1, 7, 6, True),  # depthwise, stride 2
    (6, 12, 3, (2, 3), (2, 1), (1, 0), 6, 5, False),  # rectangular kernel, per-axis settings
    (4, 4, 4, 1, 1, 0, 4, 4, True),  # depthwise 1x1 (a per-channel scale)
    (2, 4, 2, 5, 1, 2, 6, 6, False),
]


@pytest.mark.parametrize("C,F,G,K,stride,padding,H,W,bias", GROUP_CASES)
def test_grouped_conv_layer_gradients_and_forward(C, F, G, K, stride, padding, H, W, bias):
    rng = np.random.default_rng(2)
    layer = L.Conv2D(C, F, K, stride=stride, padding=padding, groups=G, bias=bias, rng=rng)
    kh, kw = (K, K) if isinstance(K, int) else K
    assert layer.params["W"].shape == (F, C // G, kh, kw)
    if bias:
        layer.params["b"][...] = rng.standard_normal(F)
    x = rng.standard_normal((2, C, H, W))
    np.testing.assert_allclose(
        layer.forward(x), conv2d(x, layer.params["W"], layer.params.get("b"), stride, padding, groups=G), atol=1e-12
    )
    errors = check_layer(layer, x)
    assert set(errors) == ({"x", "W", "b"} if bias else {"x", "W"})
    assert max(errors.values()) < TOL, errors


def test_grouped_layer_without_input_gradient_and_float32():
    layer = L.Conv2D(4, 4, 3, groups=2, input_grad=False, rng=np.random.default_rng(3), dtype=np.float32)
    x = np.random.default_rng(4).standard_normal((2, 4, 5, 5)).astype(np.float32)
    out = layer.forward(x)
    assert out.dtype == np.float32
    assert layer.backward(np.ones(out.shape, np.float32)) is None
    assert layer.grads["W"].dtype == np.float32 and layer.grads["W"].shape == (4, 2, 3, 3)


def test_parameter_counts_shrink_by_groups():
    assert conv_param_count(32, 64, 3, groups=1) == 64 * 32 * 9 + 64
    assert conv_param_count(32, 64, 3, groups=4) == 64 * 8 * 9 + 64
    assert conv_param_count(32, 32, 3, bias=False, groups=32) == 32 * 9
    for C, F, G in [(32, 64, 4), (32, 32, 32), (6, 12, 3)]:
        layer = L.Conv2D(C, F, 3, groups=G)
        assert layer.param_count == conv_param_count(C, F, 3, groups=G)
        assert layer.param_formula() == f"{F}×{C // G}×3×3 + {F}"
    assert repr(L.Conv2D(32, 32, 3, padding=1, groups=32)) == "Conv2D(32, 32, 3, padding=1, groups=32)"


def test_he_scale_uses_the_group_fan_in():
    layer = L.Conv2D(64, 64, 3, groups=64, rng=np.random.default_rng(5))
    std = layer.params["W"].std()
    assert abs(std - np.sqrt(2 / 9)) < 0.1 * np.sqrt(2 / 9)  # fan_in = 1*3*3, not 64*3*3


@pytest.mark.parametrize("func", [conv2d, conv2d_naive])
def test_groups_errors_name_the_argument_the_rule_and_a_fix(func):
    x = np.zeros((1, 6, 5, 5))
    with pytest.raises(ValueError, match=r"groups=4 must divide the input channels C=6 \(6 % 4 = 2\).*use groups in"):
        func(x, np.zeros((4, 1, 3, 3)), groups=4)
    with pytest.raises(ValueError, match=r"groups=3 must divide the output channels F=4.*\(1, 2\)"):
        func(x, np.zeros((4, 2, 3, 3)), groups=3)
    with pytest.raises(ValueError, match=r"with groups=2 each filter reads C/groups = 6/2 = 3.*\(4, 3, 3, 3\)"):
        func(x, np.zeros((4, 6, 3, 3)), groups=2)
    with pytest.raises(ValueError, match=r"groups must be >= 1, got 0"):
        func(x, np.zeros((4, 6, 3, 3)), groups=0)
    with pytest.raises(TypeError, match=r"groups must be an int, got 2.0"):
        func(x, np.zeros((4, 3, 3, 3)), groups=2.0)
    with pytest.raises(ValueError, match=r"pass groups=2"):  # a grouped weight without groups=
        func(x, np.zeros((4, 3, 3, 3)))
    with pytest.raises(ValueError, match=r"groups=2 must divide the input channels C=1"):
        func(np.zeros((5, 5)), np.zeros((3, 3)), groups=2)


def test_layer_groups_errors():
    with pytest.raises(ValueError, match=r"Conv2D: groups=4 must divide the output channels out_channels=6"):
        L.Conv2D(4, 6, 3, groups=4)
    with pytest.raises(ValueError, match=r"Conv2D: groups=3 must divide the input channels in_channels=4"):
        L.Conv2D(4, 6, 3, groups=3)
    with pytest.raises(TypeError, match=r"Conv2D: groups must be an int"):
        L.Conv2D(4, 4, 3, groups="2")
    with pytest.raises(ValueError, match=r"conv_param_count: groups=5 must divide"):
        conv_param_count(4, 10, 3, groups=5)


def test_matches_pytorch_when_installed():
    torch = pytest.importorskip("torch", reason="PyTorch is an optional extra oracle; scipy and loops are the tests")
    rng = np.random.default_rng(6)
    for C, F, G, stride, padding, dilation in [(4, 6, 2, 1, 1, 1), (6, 6, 6, 2, 1, 1), (6, 9, 3, (2, 1), (0, 2), 2)]:
        x, w, b = rng.normal(size=(2, C, 9, 8)), rng.normal(size=(F, C // G, 3, 3)), rng.normal(size=F)
        ref = torch.nn.functional.conv2d(
            torch.tensor(x),
            torch.tensor(w),
            torch.tensor(b),
            stride=stride,
            padding=padding,
            dilation=dilation,
            groups=G,
        ).numpy()
        np.testing.assert_allclose(conv2d(x, w, b, stride, padding, dilation, groups=G), ref, atol=1e-10)
        layer = L.Conv2D(C, F, 3, stride=stride, padding=padding, groups=G) if dilation == 1 else None
        if layer is not None:
            layer.params["W"][...] = w
            layer.params["b"][...] = b
            np.testing.assert_allclose(layer.forward(x), ref, atol=1e-10)
