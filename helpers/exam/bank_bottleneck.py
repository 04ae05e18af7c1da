"""Exam questions: 1×1 convolutions, bottlenecks and depthwise-separable convolutions: what mixing channels costs."""

from __future__ import annotations

from ..shapes import conv_param_count
from .registry import T, _generator, _pick

N05 = "05_channels_and_batches.ipynb"
ONE = "7. 1×1 convolution: mixing channels"


@_generator("one_by_one_params", "bottleneck", N05, ONE)
def _one_by_one_params(rng):
    c = _pick(rng, [32, 48, 64, 96, 128, 192, 256, 384, 480, 512, 832])
    f = _pick(rng, [16, 24, 32, 48, 64, 96, 128, 192])
    n = conv_param_count(c, f, 1)
    return dict(
        text=T(
            f"A 1×1 convolution maps {c} channels to {f}, with bias. How many parameters does it have?",
            f"{c} チャンネルを {f} チャンネルにするバイアスありの 1×1 畳み込みのパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{f} * {c} * 1 * 1 + {f}",
        answer_format="whole",
        solution=T(
            f"A 1×1 kernel still spans all {c} input channels: {f}×{c}×1×1 + {f} = {n}.",
            f"1×1 カーネルも入力の全 {c} チャンネルにまたがる：{f}×{c}×1×1 + {f} = {n}。",
        ),
        mistakes=(("one_by_one_one_weight", f + f), ("forgot_bias", f * c)),
        params=dict(c=c, f=f, k=1, bias=True),
    )


@_generator("bottleneck_total", "bottleneck", N05, "Bottlenecks")
def _bottleneck_total(rng):
    c = _pick(rng, [64, 96, 128, 192, 256, 384, 512, 1024, 2048])
    r = _pick(rng, [2, 4, 8])
    k = _pick(rng, [3, 3, 5, 7])
    m = c // r
    a = conv_param_count(c, m, 1, bias=False)
    b = conv_param_count(m, m, k, bias=False)
    e = conv_param_count(m, c, 1, bias=False)
    n = a + b + e
    return dict(
        text=T(
            f"A bottleneck block maps {c} channels with 1×1 ({c}→{m}), {k}×{k} ({m}→{m}), 1×1 ({m}→{c}) "
            f"convolutions, all without bias. How many weights does the block have?",
            f"ボトルネックブロックが {c} チャンネルを 1×1 ({c}→{m}), {k}×{k} ({m}→{m}), 1×1 ({m}→{c}) の畳み込み"
            f"（全てバイアスなし）で処理する。ブロックの重みの数を求めよ。",
        ),
        answer=n,
        expression=f"{c}*{m}*1*1 + {m}*{m}*{k}*{k} + {m}*{c}*1*1",
        answer_format="whole",
        solution=T(
            f"1×1: {m}×{c} = {a}; {k}×{k}: {m}×{m}×{k * k} = {b}; 1×1: {c}×{m} = {e}. Total {n} (a plain {k}×{k} "
            f"layer {c}→{c} would have {c * c * k * k}).",
            f"1×1：{m}×{c} = {a}、{k}×{k}：{m}×{m}×{k * k} = {b}、1×1：{c}×{m} = {e}。合計 {n}（通常の {k}×{k} 層 "
            f"{c}→{c} なら {c * c * k * k}）。",
        ),
        mistakes=(("plain_conv", c * c * k * k), ("kk_not_ckk", a + m * k * k + e)),
        params=dict(layers=[(c, m, 1, False), (m, m, k, False), (m, c, 1, False)]),
    )


@_generator("bottleneck_saving", "bottleneck", "05_channels_and_batches.ipynb", "Bottlenecks")
def _bottleneck_saving(rng):
    c = _pick(rng, [64, 128, 192, 256, 480])
    m = _pick(rng, [16, 32, 48])
    f = _pick(rng, [32, 64, 96, 128])
    k = _pick(rng, [3, 5])
    h = _pick(rng, [7, 14, 28])
    direct = conv_param_count(c, f, k, bias=False)
    via = conv_param_count(c, m, 1, bias=False) + conv_param_count(m, f, k, bias=False)
    saved = (direct - via) * h * h
    return dict(
        text=T(
            f"GoogLeNet-style: on a {h}×{h}×{c} feature map, instead of a {k}×{k} convolution {c}→{f} ('same' "
            f"padding), first reduce to {m} channels with a 1×1 convolution, then apply the {k}×{k} convolution "
            f"{m}→{f}. How many multiply-adds does that save?",
            f"GoogLeNet 方式：{h}×{h}×{c} の特徴マップに {k}×{k} 畳み込み {c}→{f}（'same' パディング）を直接行う代わりに、"
            f"1×1 畳み込みで {m} チャンネルに減らしてから {k}×{k} 畳み込み {m}→{f} を行う。削減される積和演算の回数を求めよ。",
        ),
        answer=saved,
        expression=f"{h}*{h} * ({f}*{c}*{k}*{k} - ({m}*{c} + {f}*{m}*{k}*{k}))",
        answer_format="whole",
        solution=T(
            f"Per output position: direct {f}×{c}×{k}×{k} = {direct}; with the 1×1 reduction {m}×{c} + {f}×{m}×{k}×{k} "
            f"= {via}. Saved ({direct} − {via}) × {h}×{h} = {saved} ({direct / via:.1f}× fewer).",
            f"出力の 1 位置あたり：直接 {f}×{c}×{k}×{k} = {direct}、1×1 で削減すると {m}×{c} + {f}×{m}×{k}×{k} = {via}。"
            f"削減量 ({direct} − {via}) × {h}×{h} = {saved}（{direct / via:.1f} 分の 1）。",
        ),
        mistakes=(
            ("difference_not_asked", via * h * h),
            ("difference_not_asked", direct * h * h),
            ("flops_no_outputs", direct - via),
        ),
        params=dict(c=c, m=m, f=f, k=k, h=h),
    )


@_generator("depthwise_params", "bottleneck", N05, ONE)
def _depthwise_params(rng):
    c = _pick(rng, [8, 16, 24, 32, 48, 64, 96, 128, 256, 512])
    k = _pick(rng, [3, 5, 7])
    bias = bool(rng.random() < 0.5)
    n = conv_param_count(c, c, k, bias=bias, groups=c)
    with_b = "with" if bias else "without"
    return dict(
        text=T(
            f"A depthwise convolution Conv2d({c}, {c}, {k}, groups={c}) {with_b} bias. How many parameters does it have?",
            f"深さ方向の畳み込み (depthwise) Conv2d({c}, {c}, {k}, groups={c})（バイアス{'あり' if bias else 'なし'}） "
            f"のパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * {k} * {k}" + (f" + {c}" if bias else ""),
        answer_format="whole",
        solution=T(
            f"groups = C: each channel has its own single {k}×{k} filter, C×K×K = {c * k * k}"
            + (f", plus {c} biases" if bias else "")
            + f": {n}.",
            f"groups = C なのでチャンネルごとに {k}×{k} のフィルターが 1 つ：C×K×K = {c * k * k}"
            + (f"、バイアス {c}" if bias else "")
            + f"：{n}。",
        ),
        mistakes=(
            ("depthwise_full", c * c * k * k + (c if bias else 0)),
            ("forgot_bias" if bias else "bias_included", c * k * k + (0 if bias else c)),
        ),
        params=dict(c=c, k=k, bias=bias),
    )


@_generator("separable_params", "bottleneck", N05, ONE)
def _separable_params(rng):
    c = _pick(rng, [16, 32, 64, 128, 256])
    f = _pick(rng, [32, 64, 128, 256, 512])
    k = _pick(rng, [3, 5])
    dw, pw = conv_param_count(c, c, k, bias=False, groups=c), conv_param_count(c, f, 1, bias=False)
    return dict(
        text=T(
            f"A depthwise-separable convolution (MobileNet): a {k}×{k} depthwise convolution on {c} channels, then a "
            f"1×1 pointwise convolution {c}→{f}, no biases. How many weights in total?",
            f"深さ方向分離可能畳み込み (MobileNet)：{c} チャンネルへの {k}×{k} の depthwise 畳み込みの後に 1×1 の pointwise "
            f"畳み込み {c}→{f}（バイアスなし）。重みの総数を求めよ。",
        ),
        answer=dw + pw,
        expression=f"{c}*{k}*{k} + {c}*{f}",
        answer_format="whole",
        solution=T(
            f"Depthwise C×K×K = {c}×{k * k} = {dw}; pointwise C×F = {c}×{f} = {pw}; total {dw + pw}, against "
            f"{c * f * k * k} for a standard {k}×{k} convolution.",
            f"depthwise C×K×K = {c}×{k * k} = {dw}、pointwise C×F = {c}×{f} = {pw}、合計 {dw + pw}"
            f"（通常の {k}×{k} 畳み込みなら {c * f * k * k}）。",
        ),
        mistakes=(("forgot_pointwise", dw), ("plain_conv", c * f * k * k), ("depthwise_full", c * c * k * k + pw)),
        params=dict(c=c, f=f, k=k),
    )


@_generator("separable_ratio", "bottleneck", N05, ONE)
def _separable_ratio(rng):
    f = _pick(rng, [2, 4, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128])
    k = _pick(rng, [1, 2, 3, 5])
    c = _pick(rng, [16, 32, 64])
    ratio = round(1 / f + 1 / (k * k), 6)
    return dict(
        text=T(
            f"Cost of a depthwise-separable convolution ({k}×{k} depthwise + 1×1 pointwise, {c}→{f} channels) "
            f"divided by the cost of a standard {k}×{k} convolution {c}→{f} (multiply-adds, same output size). "
            f"Give the ratio (up to 4 decimals).",
            f"深さ方向分離可能畳み込み（{k}×{k} depthwise + 1×1 pointwise, {c}→{f} チャンネル）の積和演算数の、通常の "
            f"{k}×{k} 畳み込み {c}→{f}（出力サイズは同じ）に対する比を求めよ（小数 4 桁まで）。",
        ),
        answer=ratio,
        expression=f"1/{f} + 1/({k}*{k})",
        answer_format="decimal",
        solution=T(
            f"(C·K²·HW + C·F·HW) / (C·F·K²·HW) = 1/F + 1/K² = 1/{f} + 1/{k * k} = {ratio:.4f}.",
            f"(C·K²·HW + C·F·HW) / (C·F·K²·HW) = 1/F + 1/K² = 1/{f} + 1/{k * k} = {ratio:.4f}。",
        ),
        mistakes=(
            ("ratio_inverted", round(1 / ratio, 6)),
            ("forgot_pointwise", round(1 / f, 6)),
            ("depthwise_full", round(1 / (k * k), 6)),
        ),
        params=dict(c=c, f=f, k=k),
    )
