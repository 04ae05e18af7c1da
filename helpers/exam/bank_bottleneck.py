"""Exam questions: 1×1 convolutions and bottlenecks."""

from __future__ import annotations

from ..shapes import conv_param_count
from .registry import WHOLE, _generator, _pick


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
