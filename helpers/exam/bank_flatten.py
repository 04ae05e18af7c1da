"""Exam questions: flatten / whole networks."""

from __future__ import annotations

from ..shapes import conv_output_size, pool_output_size
from .registry import SHAPE, WHOLE, _generator, _pick


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
