"""Randomised exam-style questions (E資格 style) over the whole collection.

Every question comes from a generator ``gen(rng) -> Question``: the numbers are
drawn from the random generator, the answer is computed with ``helpers``
(``conv_output_size``, ``pool_output_size``, ``conv_param_count``,
``receptive_field``, ``max_pool2d``, the pooling kernels), and the worked
solution spells the calculation out with the same numbers.

    from helpers.exam import ExamSession
    exam = ExamSession(seed=2026)
    q = exam.ask("conv_stride_padding")     # prints the question
    exam.check(q, 16)                       # ✓ / ✗ + hint, then the worked solution
    exam.summary()                          # score per topic

    from helpers.exam import practice_widget
    practice_widget()                       # "New question" button, answer box, "Check" button

The same ``(kind, seed)`` always gives the same question, so a notebook with a
fixed seed is reproducible and its numbers are tested (tests/test_exam.py).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .exercises.core import CheckResult, check_array, check_value
from .pooling import max_pool2d
from .shapes import conv_output_size, conv_param_count, pool_output_size, receptive_field

__all__ = [
    "Question",
    "TOPICS",
    "GENERATORS",
    "generate",
    "ExamSession",
    "parse_answer",
    "practice_widget",
    "kinds_for_topic",
]

# topic key -> title shown in the score table
TOPICS: dict[str, str] = {
    "conv_size": "Output size: convolution (stride, padding, dilation)",
    "pool_size": "Output size: pooling",
    "params": "Parameter counts (with bias)",
    "bottleneck": "1×1 convolutions and bottlenecks",
    "im2col": "im2col matrix shapes",
    "receptive_field": "Receptive fields",
    "max_pool": "Max pooling: kept values and gradient routing",
    "backward": "Backward-pass shapes",
    "flatten": "Shapes through a network, flatten size",
}


@dataclass(frozen=True)
class Question:
    """One question. ``answer`` is an int, a tuple of ints or a nested list (a small matrix)."""

    kind: str
    topic: str
    seed: int
    text: str
    answer: Any
    solution: str
    expression: str  # Python code that computes the answer from the question's numbers
    answer_format: str  # "a whole number", "a shape tuple like (N, C, H, W)", ...
    hints: tuple = ()  # ((wrong answer, hint), ...) for common mistakes

    @property
    def is_array(self) -> bool:
        return isinstance(self.answer, list)

    def render(self, number: int | None = None) -> str:
        head = f"Q{number} · " if number is not None else ""
        return f"{head}{TOPICS[self.topic]}\n{self.text}\nAnswer with {self.answer_format}."

    def __str__(self) -> str:
        return self.render()


GENERATORS: dict[str, tuple[str, Callable[[np.random.Generator], dict]]] = {}


def _generator(kind: str, topic: str):
    def wrap(func):
        GENERATORS[kind] = (topic, func)
        return func

    return wrap


def kinds_for_topic(topic: str) -> list[str]:
    return [k for k, (t, _) in GENERATORS.items() if t == topic]


def _pick(rng, values):
    return values[int(rng.integers(len(values)))]


def _formula(i, k, s, p, d=1) -> str:
    dil = f"{d}×({k}−1)" if d != 1 else f"({k}−1)"
    return f"floor(({i} + 2×{p} − {dil} − 1) / {s}) + 1"


WHOLE = "a whole number"
SHAPE = "a shape tuple, e.g. (8, 16, 32, 32)"
PAIR = "a pair (rows, columns), e.g. (64, 27)"

# ------------------------------------------------------------------ output size: convolution


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


# ------------------------------------------------------------------ output size: pooling


@_generator("pool_basic", "pool_size")
def _pool_basic(rng):
    k = _pick(rng, [2, 3])
    o = int(rng.integers(4, 17))
    i = o * k
    assert pool_output_size(i, k) == o
    return dict(
        text=f"Max pooling (プーリング) with a {k}×{k} window and stride {k} on a {i}×{i} feature map. "
        f"What is the output size along one side?",
        answer=o,
        expression=f"({i} - {k}) // {k} + 1",
        answer_format=WHOLE,
        solution=f"Pooling uses the same formula with no dilation: O = (I + 2P − K)/S + 1 = "
        f"({i} − {k})/{k} + 1 = {o}. Non-overlapping windows divide the size by {k}.",
        hints=((i - k + 1, f"the stride is {k}, not 1: the window jumps {k} cells."),),
    )


@_generator("pool_overlap", "pool_size")
def _pool_overlap(rng):
    k, s = 3, 2
    p = _pick(rng, [0, 1])
    o = int(rng.integers(5, 30))
    i = (o - 1) * s + k - 2 * p
    assert pool_output_size(i, k, s, p) == o
    return dict(
        text=f"Overlapping max pooling as in AlexNet: window 3×3, stride 2, padding {p}, input {i}×{i}. "
        f"What is the output size along one side?",
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format=WHOLE,
        solution=f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − 3)/2 + 1 = {o}.",
        hints=((i // k, "the stride is 2, not the window size 3."),),
    )


@_generator("pool_shape", "pool_size")
def _pool_shape(rng):
    n = _pick(rng, [10, 20, 64, 100])
    c = _pick(rng, [6, 16, 30, 64])
    k = 2
    h = _pick(rng, [24, 28, 32, 56, 7, 13])
    oh = pool_output_size(h, k)
    return dict(
        text=f"A feature map batch of shape ({n}, {c}, {h}, {h}) goes through a 2×2 max pooling layer with "
        f"stride 2. What is the output shape?",
        answer=(n, c, oh, oh),
        expression=f"({n}, {c}, ({h} - 2) // 2 + 1, ({h} - 2) // 2 + 1)",
        answer_format=SHAPE,
        solution=f"Pooling acts on each channel separately: N and C are unchanged ({n}, {c}); "
        f"OH = OW = floor(({h} − 2)/2) + 1 = {oh}. Output ({n}, {c}, {oh}, {oh}).",
        hints=(((n, 1, oh, oh), "pooling keeps every channel; it has no filters that mix them."),),
    )


# ------------------------------------------------------------------ parameter counts


@_generator("params_conv", "params")
def _params_conv(rng):
    c = _pick(rng, [1, 3, 16, 32, 64])
    f = _pick(rng, [8, 16, 32, 64, 128])
    k = _pick(rng, [3, 5, 7])
    n = conv_param_count(c, f, k)
    return dict(
        text=f"A convolution layer takes {c} input channel{'s' if c > 1 else ''} and has {f} filters of {k}×{k} with a bias (バイアス). "
        f"How many learnable parameters does it have?",
        answer=n,
        expression=f"{f} * {c} * {k} * {k} + {f}",
        answer_format=WHOLE,
        solution=f"Weights F×C×K×K = {f}×{c}×{k}×{k} = {f * c * k * k}; one bias per filter: {f}. Total {n}.",
        hints=(
            (f * c * k * k, "add one bias per filter."),
            (f * k * k + f, f"each filter has a {k}×{k} kernel for every one of the {c} input channels."),
            (f * c * k * k * 2, "there is one bias per filter, not one per weight."),
        ),
    )


@_generator("params_conv_nobias", "params")
def _params_conv_nobias(rng):
    c = _pick(rng, [16, 32, 64, 128])
    f = _pick(rng, [32, 64, 128, 256])
    k = 3
    n = conv_param_count(c, f, k, bias=False)
    return dict(
        text=f"A 3×3 convolution from {c} to {f} channels is followed by batch normalisation, so it has no bias "
        f"(bias=False). How many weights does the convolution have?",
        answer=n,
        expression=f"{f} * {c} * 3 * 3",
        answer_format=WHOLE,
        solution=f"F×C×K×K = {f}×{c}×3×3 = {n} (no bias).",
        hints=((n + f, "this layer has bias=False: no bias terms."),),
    )


@_generator("params_fc", "params")
def _params_fc(rng):
    c = _pick(rng, [16, 32, 64])
    h = _pick(rng, [4, 5, 7])
    m = _pick(rng, [10, 64, 100, 120])
    d = c * h * h
    n = d * m + m
    return dict(
        text=f"A feature map of shape ({c}, {h}, {h}) per image is flattened (平坦化) and fed to a fully-connected "
        f"layer (全結合層) with {m} outputs and a bias. How many parameters does that layer have?",
        answer=n,
        expression=f"{c} * {h} * {h} * {m} + {m}",
        answer_format=WHOLE,
        solution=f"Flattened size C×H×W = {c}×{h}×{h} = {d}. Weights {d}×{m} = {d * m}, biases {m}: total {n}.",
        hints=((d * m, "add the biases: one per output."), (c * m + m, "flatten all of C×H×W, not only C.")),
    )


@_generator("params_network", "params")
def _params_network(rng):
    c1 = _pick(rng, [6, 8, 16])
    c2 = _pick(rng, [16, 32])
    k = _pick(rng, [3, 5])
    a = conv_param_count(1, c1, k)
    b = conv_param_count(c1, c2, k)
    n = a + b
    return dict(
        text=f"A network on grey images has Conv2d(1, {c1}, {k}) → ReLU → MaxPool(2) → Conv2d({c1}, {c2}, {k}) → "
        f"ReLU → MaxPool(2), all convolutions with bias. How many learnable parameters do these layers have "
        f"in total?",
        answer=n,
        expression=f"({c1} * 1 * {k} * {k} + {c1}) + ({c2} * {c1} * {k} * {k} + {c2})",
        answer_format=WHOLE,
        solution=f"Conv 1: {c1}×1×{k}×{k} + {c1} = {a}. ReLU and pooling have no parameters. "
        f"Conv 2: {c2}×{c1}×{k}×{k} + {c2} = {b}. Total {a} + {b} = {n}.",
        hints=((n - c1 - c2, "count the biases too (one per filter)."),),
    )


# ------------------------------------------------------------------ 1×1 convolutions and bottlenecks


@_generator("one_by_one_params", "bottleneck")
def _one_by_one_params(rng):
    c = _pick(rng, [64, 128, 192, 256, 512])
    f = _pick(rng, [16, 32, 64, 128])
    n = conv_param_count(c, f, 1)
    return dict(
        text=f"A 1×1 convolution (1×1 畳み込み) maps {c} channels to {f}, with bias. How many parameters does it have?",
        answer=n,
        expression=f"{f} * {c} * 1 * 1 + {f}",
        answer_format=WHOLE,
        solution=f"A 1×1 kernel still spans all {c} input channels: {f}×{c}×1×1 + {f} = {n}.",
        hints=((f + f, "a 1×1 filter has one weight per input channel, C of them."), (f * c, "add the biases.")),
    )


@_generator("bottleneck_total", "bottleneck")
def _bottleneck_total(rng):
    c = _pick(rng, [128, 256, 512])
    m = c // 4
    a = conv_param_count(c, m, 1, bias=False)
    b = conv_param_count(m, m, 3, bias=False)
    e = conv_param_count(m, c, 1, bias=False)
    n = a + b + e
    return dict(
        text=f"A ResNet bottleneck block (ボトルネック) maps {c} channels with 1×1 ({c}→{m}), 3×3 ({m}→{m}), "
        f"1×1 ({m}→{c}) convolutions, all without bias. How many weights does the block have?",
        answer=n,
        expression=f"{c}*{m}*1*1 + {m}*{m}*3*3 + {m}*{c}*1*1",
        answer_format=WHOLE,
        solution=f"1×1: {m}×{c} = {a}; 3×3: {m}×{m}×9 = {b}; 1×1: {c}×{m} = {e}. Total {n}.",
        hints=((c * c * 9, "that is a plain 3×3 layer on all channels; count the three layers of the block."),),
    )


@_generator("bottleneck_saving", "bottleneck")
def _bottleneck_saving(rng):
    c = _pick(rng, [64, 128, 192, 256])
    m = _pick(rng, [16, 32])
    f = _pick(rng, [32, 64])
    k = _pick(rng, [3, 5])
    direct = conv_param_count(c, f, k, bias=False)
    via = conv_param_count(c, m, 1, bias=False) + conv_param_count(m, f, k, bias=False)
    saved = direct - via
    return dict(
        text=f"Inception-style: instead of a {k}×{k} convolution {c}→{f}, first reduce to {m} channels with a 1×1 "
        f"convolution, then apply the {k}×{k} convolution {m}→{f}. Without biases, how many weights does this "
        f"save?",
        answer=saved,
        expression=f"{f}*{c}*{k}*{k} - ({m}*{c} + {f}*{m}*{k}*{k})",
        answer_format=WHOLE,
        solution=f"Direct: {f}×{c}×{k}×{k} = {direct}. With the bottleneck: {m}×{c} + {f}×{m}×{k}×{k} = "
        f"{c * m} + {f * m * k * k} = {via}. Saved {direct} − {via} = {saved} "
        f"({direct / via:.1f}× fewer).",
        hints=((via, "that is the bottleneck's count; the question asks for the difference."),),
    )


# ------------------------------------------------------------------ im2col


def _conv_setting(rng):
    n = _pick(rng, [1, 2, 4, 10])
    c = _pick(rng, [1, 3, 8])
    h = _pick(rng, [5, 6, 7, 8, 28, 32])
    k = _pick(rng, [2, 3])
    s = _pick(rng, [1, 1, 2])
    p = _pick(rng, [0, 1])
    return n, c, h, k, s, p


@_generator("im2col_shape", "im2col")
def _im2col_shape(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, c * k * k)
    return dict(
        text=f"im2col unfolds x of shape ({n}, {c}, {h}, {h}) for a {k}×{k} kernel, stride {s}, padding {p}, one "
        f"window per row. What is the shape of the resulting matrix?",
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {c} * {k} * {k})",
        answer_format=PAIR,
        solution=f"OH = OW = {_formula(h, k, s, p)} = {o}. Rows: one per window, N×OH×OW = {n}×{o}×{o} = "
        f"{shape[0]}. Columns: one per kernel weight, C×KH×KW = {c}×{k}×{k} = {shape[1]}.",
        hints=(((shape[1], shape[0]), "rows are windows, columns the C×K×K values in each window."),),
    )


@_generator("im2col_weight_matrix", "im2col")
def _im2col_weight_matrix(rng):
    c = _pick(rng, [3, 16, 32])
    f = _pick(rng, [8, 16, 64])
    k = _pick(rng, [3, 5])
    shape = (c * k * k, f)
    return dict(
        text=f"With im2col, a convolution with weights W of shape ({f}, {c}, {k}, {k}) becomes col @ W_col, where "
        f"col has C×KH×KW columns. What is the shape of W_col (= W.reshape({f}, -1).T)?",
        answer=shape,
        expression=f"({c} * {k} * {k}, {f})",
        answer_format=PAIR,
        solution=f"W.reshape(F, -1) is ({f}, {c}×{k}×{k}) = ({f}, {c * k * k}); transposed it is ({c * k * k}, {f}), "
        f"so col (rows, {c * k * k}) @ W_col gives (rows, {f}): one column per filter.",
        hints=(((f, c * k * k), "that is before the transpose (.T)."),),
    )


@_generator("im2col_product", "im2col")
def _im2col_product(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16])
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, f)
    return dict(
        text=f"x has shape ({n}, {c}, {h}, {h}); {f} filters of {k}×{k}, stride {s}, padding {p}. "
        f"What is the shape of the product col @ W_col, before it is reshaped to (N, F, OH, OW)?",
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {f})",
        answer_format=PAIR,
        solution=f"col is (N×OH×OW, C×K×K) = ({n * o * o}, {c * k * k}) with OH = OW = {o}; W_col is "
        f"({c * k * k}, {f}). The product is ({n * o * o}, {f}); reshape to ({n}, {o}, {o}, {f}) and "
        f"transpose to ({n}, {f}, {o}, {o}).",
        hints=(((n, f, o, o), "that is after the reshape; the matrix product itself is 2-D."),),
    )


@_generator("im2col_elements", "im2col")
def _im2col_elements(rng):
    h = _pick(rng, [6, 8, 10, 12])
    k = 3
    c = _pick(rng, [1, 2, 3])
    o = conv_output_size(h, k, 1, 1)
    n = o * o * c * k * k
    return dict(
        text=f"One image ({c}, {h}, {h}) is unfolded by im2col for a 3×3 kernel, stride 1, padding 1. "
        f"How many numbers does the col matrix hold (its memory cost)?",
        answer=n,
        expression=f"({h} * {h}) * ({c} * 3 * 3)",
        answer_format=WHOLE,
        solution=f"Same padding keeps {h}×{h} = {o * o} windows; each row holds {c}×3×3 = {c * 9} values: "
        f"{o * o}×{c * 9} = {n}, about 9× the {c * h * h} input values (each pixel is copied up to 9 times).",
        hints=((c * h * h, "every input value is copied into several rows: one per window that covers it."),),
    )


# ------------------------------------------------------------------ receptive fields


@_generator("rf_stack", "receptive_field")
def _rf_stack(rng):
    layers = int(rng.integers(2, 6))
    k = _pick(rng, [3, 5])
    r = receptive_field([(k, 1)] * layers)
    return dict(
        text=f"{layers} convolution layers of {k}×{k}, stride 1, are stacked. How large is the receptive field "
        f"(受容野) of one output cell of the last layer, along one side, in input pixels?",
        answer=r,
        expression=f"1 + {layers} * ({k} - 1)",
        answer_format=WHOLE,
        solution=f"Each stride-1 layer adds K − 1 = {k - 1}: r = 1 + {layers}×{k - 1} = {r}.",
        hints=((k * layers, "the layers overlap: each adds K − 1, and the first cell counts once."),),
    )


@_generator("rf_with_pool", "receptive_field")
def _rf_with_pool(rng):
    k1 = _pick(rng, [3, 5])
    k2 = _pick(rng, [3, 5])
    layers = [(k1, 1), (2, 2), (k2, 1)]
    names = [f"conv {k1}×{k1} stride 1", "max pool 2×2 stride 2", f"conv {k2}×{k2} stride 1"]
    if rng.random() < 0.5:
        layers.append((2, 2))
        names.append("max pool 2×2 stride 2")
    r = receptive_field(layers)
    steps, terms, rr, jump = [], ["1"], 1, 1
    for (k, s), name in zip(layers, names):
        rr += (k - 1) * jump
        steps.append(f"{name}: +({k}−1)×{jump} → {rr}")
        terms.append(f"({k} - 1) * {jump}")
        jump *= s
    return dict(
        text="Layers, first to last: " + " → ".join(names) + ". What is the receptive field of one cell of the "
        "last output, along one side, in input pixels?",
        answer=r,
        expression=" + ".join(terms),
        answer_format=WHOLE,
        solution="r starts at 1; each layer adds (K − 1) × (product of the strides before it). "
        + "; ".join(steps)
        + f". Receptive field {r}.",
        hints=(
            (
                1 + sum(k - 1 for k, _ in layers),
                "after a stride-2 layer each step of a later kernel covers 2 "
                "input pixels: multiply by the product of earlier strides.",
            ),
        ),
    )


@_generator("rf_dilated", "receptive_field")
def _rf_dilated(rng):
    ds = [1, 2, 4] if rng.random() < 0.5 else [1, 2, 4, 8]
    layers = [(3, 1, d) for d in ds]
    r = receptive_field(layers)
    return dict(
        text="Stacked 3×3 convolutions, stride 1, with dilations "
        + ", ".join(map(str, ds))
        + " (as in WaveNet / dilated networks). What is the receptive field along one side?",
        answer=r,
        expression="1 + " + " + ".join(f"{d}*(3-1)" for d in ds),
        answer_format=WHOLE,
        solution="A dilated 3×3 kernel spans D(K−1) + 1 cells, so each layer adds D×2: r = 1 + "
        + " + ".join(f"{2 * d}" for d in ds)
        + f" = {r}. It grows exponentially with the depth.",
        hints=((1 + 2 * len(ds), "dilation D makes each layer add D×(K−1), not K−1."),),
    )


# ------------------------------------------------------------------ max pooling


def _matrix_text(m) -> str:
    m = np.asarray(m)
    width = max(len(str(v)) for v in m.ravel())
    return "\n".join("    " + " ".join(str(v).rjust(width) for v in row) for row in m)


@_generator("maxpool_values", "max_pool")
def _maxpool_values(rng):
    x = rng.permutation(16).reshape(4, 4) + 1
    out = max_pool2d(x.astype(float), 2).astype(int)
    return dict(
        text="2×2 max pooling with stride 2 (最大値プーリング) on this 4×4 input:\n"
        + _matrix_text(x)
        + "\nWhat is the 2×2 output?",
        answer=out.tolist(),
        expression=repr(out.tolist()),
        answer_format="a 2-D list, e.g. [[1, 2], [3, 4]]",
        solution="Split into four 2×2 windows and keep each window's largest value: "
        + "; ".join(
            f"window rows {2 * i}-{2 * i + 1}, columns {2 * j}-{2 * j + 1}: max of "
            f"{x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].ravel().tolist()} = {out[i, j]}"
            for i in range(2)
            for j in range(2)
        )
        + f". Output {out.tolist()}.",
        hints=((np.asarray(x[::2, ::2]).tolist(), "take each window's maximum, not its top-left value."),),
    )


@_generator("maxpool_overlap_values", "max_pool")
def _maxpool_overlap_values(rng):
    x = rng.integers(0, 10, size=(4, 4))
    out = max_pool2d(x.astype(float), 3, stride=1).astype(int)
    return dict(
        text="3×3 max pooling with stride 1 (overlapping windows) on this 4×4 input:\n"
        + _matrix_text(x)
        + "\nWhat is the 2×2 output?",
        answer=out.tolist(),
        expression=repr(out.tolist()),
        answer_format="a 2-D list, e.g. [[1, 2], [3, 4]]",
        solution="Output size (4 − 3)/1 + 1 = 2. The windows start at rows/columns 0 and 1 and overlap: "
        + "; ".join(f"window at ({i}, {j}): max = {out[i, j]}" for i in range(2) for j in range(2))
        + f". Output {out.tolist()}. A large value can win several overlapping windows.",
    )


@_generator("maxpool_backward_values", "max_pool")
def _maxpool_backward_values(rng):
    from .kernels import maxpool_backward, maxpool_forward

    x = rng.permutation(16).reshape(4, 4) + 1
    dout = rng.integers(1, 10, size=(2, 2))
    _, cache = maxpool_forward(x.astype(float)[None, None], 2)
    dx = maxpool_backward(dout.astype(float)[None, None], cache)[0, 0].astype(int)
    return dict(
        text="2×2 max pooling, stride 2, on this input x:\n"
        + _matrix_text(x)
        + "\nThe gradient arriving from above (dout) is:\n"
        + _matrix_text(dout)
        + "\nWhat is dx (4×4)?",
        answer=dx.tolist(),
        expression=repr(dx.tolist()),
        answer_format="a 4×4 nested list",
        solution="Backward through max pooling (逆伝播) routes each window's gradient to the position of its maximum; "
        "every other cell gets 0. "
        + "; ".join(
            f"window ({i}, {j}): max {x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max()} gets {dout[i, j]}"
            for i in range(2)
            for j in range(2)
        )
        + f". dx = {dx.tolist()}.",
        hints=(
            (
                np.kron(dout, np.ones((2, 2), dtype=int)).tolist(),
                "that is average-pooling-like spreading (without the 1/4); max pooling sends the whole gradient to "
                "the maximum only.",
            ),
        ),
    )


# ------------------------------------------------------------------ backward-pass shapes


@_generator("backward_dw", "backward")
def _backward_dw(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16, 32])
    return dict(
        text=f"A convolution layer with {f} filters of {k}×{k} takes x of shape ({n}, {c}, {h}, {h}). In the backward "
        f"pass, what is the shape of dW, the gradient of the weights?",
        answer=(f, c, k, k),
        expression=f"({f}, {c}, {k}, {k})",
        answer_format=SHAPE,
        solution=f"A gradient has the shape of what it is the gradient of: W is (F, C, KH, KW) = ({f}, {c}, {k}, {k}), "
        f"summed over the batch, so dW is ({f}, {c}, {k}, {k}) too; db is ({f},).",
        hints=(((n, f, c, k, k), "dW sums the contributions of every image: no batch axis."),),
    )


@_generator("backward_dcol", "backward")
def _backward_dcol(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16])
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, c * k * k)
    return dict(
        text=f"im2col-based convolution backward: x ({n}, {c}, {h}, {h}), {f} filters {k}×{k}, stride {s}, "
        f"padding {p}. dcol = dout_col @ W_col.T, where dout_col is ({n * o * o}, {f}). What is dcol's shape "
        f"(before col2im folds it back into dx)?",
        answer=shape,
        expression=f"({n * o * o}, {c} * {k} * {k})",
        answer_format=PAIR,
        solution=f"W_col is (C×K×K, F) = ({c * k * k}, {f}), so W_col.T is ({f}, {c * k * k}) and "
        f"({n * o * o}, {f}) @ ({f}, {c * k * k}) = {shape}: the shape of col. col2im then sums it into "
        f"dx of shape ({n}, {c}, {h}, {h}).",
        hints=(((n, c, h, h), "that is dx after col2im; dcol has the im2col matrix's shape."),),
    )


@_generator("backward_fc", "backward")
def _backward_fc(rng):
    n = _pick(rng, [32, 64, 100])
    d = _pick(rng, [256, 400, 784, 800])
    m = _pick(rng, [10, 50, 100])
    which = _pick(rng, ["dW", "dx"])
    ans = (d, m) if which == "dW" else (n, d)
    formula = "x.T @ dout" if which == "dW" else "dout @ W.T"
    return dict(
        text=f"A fully-connected (Affine) layer computes y = x @ W + b with x ({n}, {d}) and W ({d}, {m}). "
        f"In the backward pass {which} = {formula}. What is the shape of {which}?",
        answer=ans,
        expression=repr(ans),
        answer_format=PAIR,
        solution=f"x.T is ({d}, {n}), dout is ({n}, {m}); dW = x.T @ dout is ({d}, {m}), the shape of W. "
        f"dx = dout @ W.T = ({n}, {m}) @ ({m}, {d}) = ({n}, {d}), the shape of x.",
        hints=((ans[::-1], "check the order: a gradient has exactly the shape of its variable."),),
    )


@_generator("backward_pool_dx", "backward")
def _backward_pool_dx(rng):
    n = _pick(rng, [1, 8, 32])
    c = _pick(rng, [6, 16])
    h = _pick(rng, [5, 7, 9, 11, 13])
    o = pool_output_size(h, 2)
    return dict(
        text=f"2×2 max pooling, stride 2, on x of shape ({n}, {c}, {h}, {h}); the output is ({n}, {c}, {o}, {o}). "
        f"What is the shape of dx returned by the backward pass?",
        answer=(n, c, h, h),
        expression=f"({n}, {c}, {h}, {h})",
        answer_format=SHAPE,
        solution=f"dx always has x's shape, ({n}, {c}, {h}, {h}), even though the floor dropped the last row and "
        f"column (they never won a window, so their gradient is 0).",
        hints=(
            ((n, c, 2 * o, 2 * o), "the last row/column that no window reached still exists in x; its gradient is 0."),
        ),
    )


# ------------------------------------------------------------------ flatten / whole networks


@_generator("flatten_lenet", "flatten")
def _flatten_lenet(rng):
    c1 = _pick(rng, [6, 8])
    c2 = _pick(rng, [16, 20])
    k = 5
    h = conv_output_size(32, k)
    h = pool_output_size(h, 2)
    h = conv_output_size(h, k)
    h = pool_output_size(h, 2)
    size = c2 * h * h
    return dict(
        text=f"PyTorch-style model on 3×32×32 images: Conv2d(3, {c1}, 5) → ReLU → MaxPool2d(2) → Conv2d({c1}, {c2}, 5) "
        f"→ ReLU → MaxPool2d(2) → Flatten → Linear(?, 10). What is the ? (in_features of the first Linear)?",
        answer=size,
        expression=f"{c2} * (((32 - 4) // 2 - 4) // 2) ** 2",
        answer_format=WHOLE,
        solution=f"32 → conv 5: 28 → pool: 14 → conv 5: 10 → pool: 5. Flatten {c2}×5×5 = {size}.",
        hints=((c2 * 8 * 8, "a 5×5 conv without padding removes 4, not 2."), (size * 4, "both pooling layers halve.")),
    )


@_generator("flatten_padded", "flatten")
def _flatten_padded(rng):
    c = _pick(rng, [32, 64])
    blocks = _pick(rng, [2, 3])
    h = nopad = 28
    sizes = [h]
    for _ in range(blocks):
        h = conv_output_size(h, 3, 1, 1)
        h = pool_output_size(h, 2)
        sizes.append(h)
        nopad = pool_output_size(conv_output_size(nopad, 3), 2)
    size = c * h * h
    return dict(
        text=f"On 1×28×28 digits: {blocks} blocks of [Conv2d(…, {c}, 3, padding=1) → ReLU → MaxPool2d(2)], then "
        f"Flatten → Linear. How many features does Flatten give per image?",
        answer=size,
        expression=f"{c} * ({sizes[-1]} * {sizes[-1]})",
        answer_format=WHOLE,
        solution="padding=1 keeps the size through each 3×3 conv; each pool halves (floor): "
        + " → ".join(map(str, sizes))
        + f". Flatten {c}×{h}×{h} = {size}.",
        hints=((c * nopad * nopad, "padding=1 keeps the size through a 3×3 conv (28 stays 28)."),),
    )


@_generator("flatten_strided", "flatten")
def _flatten_strided(rng):
    h0 = _pick(rng, [32, 64, 96])
    c = _pick(rng, [16, 32])
    layers = [(3, 2, 1), (3, 2, 1), (3, 2, 1)]
    h, trail = h0, [h0]
    for k, s, p in layers:
        h = conv_output_size(h, k, s, p)
        trail.append(h)
    size = 2 * c * h * h
    return dict(
        text=f"An all-convolutional net on 3×{h0}×{h0}: Conv2d(3, {c}, 3, stride=2, padding=1) → "
        f"Conv2d({c}, {c}, 3, stride=2, padding=1) → Conv2d({c}, {2 * c}, 3, stride=2, padding=1) → Flatten. "
        f"How many features per image?",
        answer=size,
        expression=f"{2 * c} * {h} * {h}",
        answer_format=WHOLE,
        solution="Each 3×3 stride-2 padding-1 conv maps I to floor((I + 2 − 3)/2) + 1: "
        + " → ".join(map(str, trail))
        + f". Flatten {2 * c}×{h}×{h} = {size}.",
        hints=((c * h * h, f"the last conv has {2 * c} output channels."),),
    )


@_generator("network_output_shape", "flatten")
def _network_output_shape(rng):
    n = _pick(rng, [16, 32, 64])
    h0 = _pick(rng, [28, 32])
    f1 = _pick(rng, [8, 16])
    k = _pick(rng, [3, 5])
    p = _pick(rng, [0, k // 2])
    h1 = conv_output_size(h0, k, 1, p)
    h2 = pool_output_size(h1, 2)
    return dict(
        text=f"x ({n}, 1, {h0}, {h0}) → Conv2d(1, {f1}, {k}, padding={p}) → ReLU → MaxPool2d(2). "
        f"What is the shape of the output?",
        answer=(n, f1, h2, h2),
        expression=f"({n}, {f1}, (({h0} + 2*{p} - {k}) + 1) // 2, (({h0} + 2*{p} - {k}) + 1) // 2)",
        answer_format=SHAPE,
        solution=f"Conv: ({h0} + 2×{p} − {k}) + 1 = {h1}, channels {f1}; ReLU keeps the shape; pool: "
        f"floor({h1}/2) = {h2}. Output ({n}, {f1}, {h2}, {h2}).",
        hints=(((n, f1, h1, h1), "don't forget the pooling layer halves H and W."),),
    )


# ------------------------------------------------------------------ generation and checking


def generate(kind: str, seed: int) -> Question:
    """The question of type ``kind`` for ``seed`` (the same pair always gives the same question)."""
    if kind not in GENERATORS:
        raise ValueError(f"generate: unknown question kind {kind!r}; choose one of {sorted(GENERATORS)}")
    topic, func = GENERATORS[kind]
    rng = np.random.default_rng([int(seed), sorted(GENERATORS).index(kind)])
    parts = func(rng)
    answer = parts.pop("answer")
    if isinstance(answer, (np.integer,)):
        answer = int(answer)
    if isinstance(answer, tuple):
        answer = tuple(int(v) for v in answer)
    # a "common mistake" that happens to give the right answer for these numbers is no mistake
    hints = tuple(
        (wrong, text)
        for wrong, text in parts.pop("hints", ())
        if not np.array_equal(np.asarray(wrong), np.asarray(answer))
    )
    parts["solution"] = parts["solution"].rstrip() + f" Answer: {answer}."
    return Question(kind=kind, topic=topic, seed=int(seed), answer=answer, hints=hints, **parts)


def _say(text: str) -> None:
    """Print ``text`` in one write, so a notebook stores it as one stream output (stable diffs)."""
    sys.stdout.write(text + "\n")


_DIGIT_X = re.compile(r"(?<=\d)\s*[x×*]\s*(?=\d)")


def parse_answer(text: str):
    """Read a typed answer: ``13``, ``(8, 16, 32, 32)``, ``8, 16, 32, 32``, ``64x27``, ``[[1, 2], [3, 4]]``.

    Returns the value, or raises ValueError with a message for the learner.
    """
    if not isinstance(text, str):
        return text
    s = text.strip()
    if not s:
        return ...
    s = _DIGIT_X.sub(", ", s) if not s.startswith("[") else s
    try:
        value = ast.literal_eval(s)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ValueError(
            f"could not read {text!r}: type a whole number like 13, a shape like (8, 16, 32, 32) "
            f"or a matrix like [[1, 2], [3, 4]]"
        ) from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _hint_callable(question: Question):
    def hint(answer, expected):
        for wrong, text in question.hints:
            try:
                if np.array_equal(np.asarray(answer), np.asarray(wrong)):
                    return text
            except Exception:
                continue
        return None

    return hint


def check_answer(question: Question, answer, *, name: str = "answer") -> CheckResult:
    """✓ / ✗ + hint / not attempted, then (after any attempt) the worked solution."""
    if question.is_array:
        result = check_array(answer, np.asarray(question.answer), name=name, hints=_hint_callable(question))
    else:
        expected = question.answer
        if isinstance(expected, tuple) and isinstance(answer, list):
            answer = tuple(answer)
        result = check_value(answer, expected, name=name, hints=_hint_callable(question))
    if result.attempted:
        _say(f"   Worked solution: {question.solution}")
    return result


@dataclass
class ExamSession:
    """A numbered set of questions from one seed, with a score table.

    ``ask(kind)`` prints question Q1, Q2, ...; ``check(question, answer)`` checks it and records the result
    (the first attempt counts, later ones are shown as attempts); ``summary()`` prints the score per topic.
    """

    seed: int = 2026
    questions: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    attempts: dict = field(default_factory=dict)

    def ask(self, kind: str, *, show: bool = True) -> Question:
        count = sum(q.kind == kind for q in self.questions)
        q = generate(kind, self.seed + 1000 * count)
        self.questions.append(q)
        if show:
            _say(q.render(len(self.questions)))
        return q

    def number(self, question: Question) -> int:
        """Q-number of ``question``; a question from an earlier session (a re-run cell) is adopted."""
        for i, q in enumerate(self.questions, 1):
            if q is question:
                return i
        for i, q in enumerate(self.questions, 1):
            try:
                if q.kind == question.kind and q.text == question.text:
                    return i
            except Exception:
                continue
        self.questions.append(question)
        return len(self.questions)

    def check(self, question: Question, answer) -> CheckResult:
        """Check and record: the first attempt counts; later attempts are shown but do not change the score."""
        if not isinstance(question, Question):
            message = (
                f"✗ check: the first argument should be a question from exam.ask(...), got {type(question).__name__}."
            )
            print(message)
            return CheckResult("check", False, False, message)
        number = self.number(question)
        try:
            result = check_answer(question, answer, name=f"Q{number}")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            message = f"✗ Q{number}: not yet: this answer could not be checked ({type(exc).__name__})."
            print(message)
            result = CheckResult(f"Q{number}", False, True, message)
        if result.attempted:
            self.attempts[number] = self.attempts.get(number, 0) + 1
            if number not in self.results or not self.results[number].attempted:
                self.results[number] = result
            elif self.attempts[number] > 1:
                first = "correct" if self.results[number].passed else "not correct"
                _say(f"   (attempt {self.attempts[number]}: the score keeps your first attempt, which was {first})")
        elif number not in self.results:
            self.results[number] = result
        return result

    def score(self) -> dict:
        """{topic: (correct, attempted, asked)} over the questions asked so far."""
        table = {}
        for i, q in enumerate(self.questions, 1):
            correct, attempted, asked = table.get(q.topic, (0, 0, 0))
            r = self.results.get(i)
            table[q.topic] = (
                correct + bool(r is not None and r.passed),
                attempted + bool(r is not None and r.attempted),
                asked + 1,
            )
        return table

    def summary(self) -> dict:
        table = self.score()
        width = max(len(TOPICS[t]) for t in table) if table else 10
        lines = [f"{'topic'.ljust(width)}  correct / asked"]
        for topic in TOPICS:
            if topic in table:
                correct, _, asked = table[topic]
                lines.append(f"{TOPICS[topic].ljust(width)}  {correct:>3} / {asked}")
        correct = sum(v[0] for v in table.values())
        attempted = sum(v[1] for v in table.values())
        asked = sum(v[2] for v in table.values())
        lines.append(f"{'total'.ljust(width)}  {correct:>3} / {asked}")
        if asked - attempted:
            lines.append(
                f"{asked - attempted} question(s) not attempted yet: replace their `...` and run the cells again."
            )
        elif correct == asked:
            lines.append("All correct: well done. Try the practice widget for fresh variants.")
        _say("\n".join(lines))
        return table


def practice_widget(seed: int = 0, topic: str | None = None):
    """Endless practice: pick a topic, "New question", type an answer, "Check" (worked solution shown after)."""
    import ipywidgets as widgets

    kinds = sorted(GENERATORS)
    state = {"seed": int(seed), "question": None, "correct": 0, "answered": 0}
    options = [("any topic", None)] + [(title, key) for key, title in TOPICS.items()]
    topic_box = widgets.Dropdown(
        options=options, value=topic, description="topic", style={"description_width": "initial"}
    )
    new_button = widgets.Button(description="New question", button_style="primary", icon="refresh")
    answer_box = widgets.Text(placeholder="your answer, e.g. 13 or (8, 16, 32, 32)", description="answer")
    check_button = widgets.Button(description="Check", icon="check")
    score = widgets.HTML()
    question_out = widgets.Output()
    feedback_out = widgets.Output()

    def update_score():
        score.value = f"<b>score</b>: {state['correct']} / {state['answered']}"

    def new_question(_=None):
        rng = np.random.default_rng(state["seed"])
        state["seed"] += 1
        pool = kinds if topic_box.value is None else kinds_for_topic(topic_box.value)
        kind = pool[int(rng.integers(len(pool)))]
        state["question"] = generate(kind, int(rng.integers(1_000_000)))
        state["checked"] = False
        answer_box.value = ""
        question_out.clear_output()
        feedback_out.clear_output()
        with question_out:
            print(state["question"].render())

    def check(_=None):
        q = state["question"]
        feedback_out.clear_output()
        with feedback_out:
            try:
                value = parse_answer(answer_box.value)
                result = check_answer(q, value, name="your answer")
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # a widget callback never shows a traceback
                print(
                    f"✗ {exc}"
                    if isinstance(exc, ValueError)
                    else f"✗ could not check this answer ({type(exc).__name__})"
                )
                return
            if result.attempted and not state.get("checked"):
                state["checked"] = True
                state["answered"] += 1
                state["correct"] += bool(result.passed)
                update_score()

    new_button.on_click(new_question)
    check_button.on_click(check)
    topic_box.observe(lambda change: new_question(), names="value")
    update_score()
    new_question()
    box = widgets.VBox(
        [
            widgets.HBox([topic_box, new_button, score]),
            question_out,
            widgets.HBox([answer_box, check_button]),
            feedback_out,
        ]
    )
    box._exam_state = state  # for tests
    box._exam_controls = dict(
        topic=topic_box,
        new=new_button,
        answer=answer_box,
        check=check_button,
        question=question_out,
        feedback=feedback_out,
        score=score,
    )
    return box
