"""Exam questions: output size: convolution."""

from __future__ import annotations

from ..shapes import conv_output_size
from .registry import SHAPE, WHOLE, _formula, _generator, _pick


@_generator("conv_basic", "conv_size")
def _conv_basic(rng):
    i = int(rng.integers(6, 33))
    k = _pick(rng, [3, 5, 7])
    p = int(rng.integers(0, 3))
    if k > i + 2 * p:
        i = k + 2
    o = conv_output_size(i, k, 1, p)
    return dict(
        text=f"An input feature map (特徴マップ) of {i}×{i} is convolved with a {k}×{k} kernel, stride 1, "
        f"padding {p}. What is the output height?",
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // 1 + 1",
        answer_format=WHOLE,
        solution=f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − {k})/1 + 1 = {o}.",
        hints=(
            (i - k + 1, "you left out the padding: it adds P cells on each side, 2P in total."),
            (i + p - k + 1, "padding is added on both sides: 2P, not P."),
            (i + 2 * p - k, "don't forget the +1: the first window position counts too."),
        ),
    )


@_generator("conv_stride_padding", "conv_size")
def _conv_stride_padding(rng):
    s = _pick(rng, [2, 3, 4])
    k = _pick(rng, [3, 5, 7])
    p = int(rng.integers(0, k // 2 + 1))
    o = int(rng.integers(5, 17))
    i = (o - 1) * s + k - 2 * p  # an exact division, as most exam questions use
    assert conv_output_size(i, k, s, p, strict=True) == o
    return dict(
        text=f"Input {i}×{i}, kernel {k}×{k}, stride {s}, padding {p} (パディング, per side). "
        f"What is the output width?",
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format=WHOLE,
        solution=f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − {k})/{s} + 1 = {i + 2 * p - k}/{s} + 1 = {o}.",
        hints=(
            ((i + 2 * p - k) // s, "add 1 after dividing by the stride."),
            ((i + 2 * p - k + 1) // s, "divide (I + 2P − K) by S first, then add 1."),
            ((i - k) // s + 1, "include the padding: 2P cells more."),
        ),
    )


@_generator("conv_dilation", "conv_size")
def _conv_dilation(rng):
    d = _pick(rng, [2, 3, 4])
    k = 3
    s = _pick(rng, [1, 1, 2])
    p = _pick(rng, [0, d])
    o = int(rng.integers(6, 20))
    keff = d * (k - 1) + 1
    i = (o - 1) * s + keff - 2 * p
    assert conv_output_size(i, k, s, p, d, strict=True) == o
    return dict(
        text=f"A dilated (atrous) 3×3 convolution with dilation {d} (ダイレーション), stride {s}, padding {p} "
        f"is applied to a {i}×{i} input. What is the output size along one side?",
        answer=o,
        expression=f"({i} + 2*{p} - {d}*({k} - 1) - 1) // {s} + 1",
        answer_format=WHOLE,
        solution=f"The dilated kernel spans K_eff = D(K−1) + 1 = {d}×2 + 1 = {keff} cells. "
        f"O = {_formula(i, k, s, p, d)} = {i + 2 * p - keff}/{s} + 1 = {o}.",
        hints=(((i + 2 * p - k) // s + 1, f"with dilation {d} the 3×3 kernel spans {keff} cells, not 3."),),
    )


@_generator("conv_batch_shape", "conv_size")
def _conv_batch_shape(rng):
    n = _pick(rng, [4, 8, 16, 32])
    c = _pick(rng, [1, 3])
    h = _pick(rng, [28, 32, 48, 64])
    w = _pick(rng, [32, 40, 64, 96])
    f = _pick(rng, [8, 16, 32, 64])
    k = _pick(rng, [3, 5])
    p = k // 2 if rng.random() < 0.5 else 0
    s = _pick(rng, [1, 2])
    oh, ow = conv_output_size((h, w), k, s, p)
    return dict(
        text=f"A batch x of shape (N, C, H, W) = ({n}, {c}, {h}, {w}) goes through a convolution layer "
        f"(畳み込み層) with {f} filters of {k}×{k}, stride {s}, padding {p}. What is the output shape?",
        answer=(n, f, oh, ow),
        expression=f"({n}, {f}, ({h} + 2*{p} - {k}) // {s} + 1, ({w} + 2*{p} - {k}) // {s} + 1)",
        answer_format=SHAPE,
        solution=f"N stays {n}; the channels become the number of filters, {f}; "
        f"OH = {_formula(h, k, s, p)} = {oh}, OW = {_formula(w, k, s, p)} = {ow}. "
        f"Output ({n}, {f}, {oh}, {ow}).",
        hints=(((n, c, oh, ow), f"the output has one channel per filter: {f}, not the input's {c}."),),
    )


@_generator("conv_floor", "conv_size")
def _conv_floor(rng):
    while True:
        i = int(rng.integers(20, 64))
        k = _pick(rng, [3, 5])
        s = _pick(rng, [2, 3])
        p = int(rng.integers(0, 2))
        if (i + 2 * p - k) % s:
            break
    o = conv_output_size(i, k, s, p)
    rem = (i + 2 * p - k) % s
    return dict(
        text=f"Input {i}×{i}, kernel {k}×{k}, stride {s}, padding {p}. The division does not come out even: "
        f"what output size do deep-learning frameworks (PyTorch, Keras) produce?",
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format=WHOLE,
        solution=f"({i} + 2×{p} − {k})/{s} = {i + 2 * p - k}/{s} is not a whole number; frameworks take the floor: "
        f"O = floor({(i + 2 * p - k) / s:.2f}) + 1 = {o}. The last {rem} row(s)/column(s) of the padded "
        f"input are never visited by the window.",
        hints=((o + 1, "frameworks round down (floor), not up."),),
    )


@_generator("conv_find_padding", "conv_size")
def _conv_find_padding(rng):
    k = _pick(rng, [3, 5, 7])
    s = _pick(rng, [1, 2])
    o = int(rng.integers(7, 33))
    p = int(rng.integers(1, k // 2 + 1))
    i = (o - 1) * s + k - 2 * p
    if s == 1:
        i = o  # "same" padding: keep the size
        p = (k - 1) // 2
    assert conv_output_size(i, k, s, p) == o
    return dict(
        text=f"A {k}×{k} convolution with stride {s} turns a {i}×{i} input into a {o}×{o} output. "
        f"How much padding P (per side) does it use?",
        answer=p,
        expression=f"(({o} - 1) * {s} + {k} - {i}) // 2",
        answer_format=WHOLE,
        solution=f"Solve O = (I + 2P − K)/S + 1 for P: P = ((O − 1)S + K − I)/2 = (({o} − 1)×{s} + {k} − {i})/2 = {p}.",
        hints=((2 * p, "P is per side: the total padding 2P is split between both sides."),),
    )
