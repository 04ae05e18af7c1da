"""Exam questions: receptive fields."""

from __future__ import annotations

from ..shapes import receptive_field
from .registry import WHOLE, _generator, _pick


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
