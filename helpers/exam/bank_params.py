"""Exam questions: parameter counts."""

from __future__ import annotations

from ..shapes import conv_param_count
from .registry import WHOLE, _generator, _pick


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
