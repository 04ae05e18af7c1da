"""Exam questions: the numbers of classic architectures (AlexNet's first layer, VGG-16, LeNet-5)."""

from __future__ import annotations

from ..shapes import conv_output_size, pool_output_size
from .registry import T, _generator, _pick

N05 = "05_channels_and_batches.ipynb"


@_generator("alexnet_conv1", "architectures", "04_output_size.ipynb", "6. Exam-style size questions")
def _alexnet_conv1(rng):
    i = _pick(rng, [227, 227, 224, 231, 235, 239, 243])
    k, s, p = _pick(rng, [(11, 4, 0), (11, 4, 2), (7, 2, 3), (5, 2, 2)])
    f = _pick(rng, [64, 96, 48])
    o = conv_output_size(i, k, s, p)
    exact = (i + 2 * p - k) % s == 0
    return dict(
        text=T(
            f"AlexNet-style first layer: {f} filters {k}×{k}, stride {s}, padding {p} on a 3×{i}×{i} image. What is "
            f"the output size along one side (floor as in the frameworks)?",
            f"AlexNet 型の第 1 層：3×{i}×{i} の画像に {k}×{k} のフィルター {f} 枚（ストライド {s}、パディング {p}）。"
            f"出力の一辺のサイズを求めよ（フレームワーク同様に切り捨て）。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"O = floor(({i} + 2×{p} − {k})/{s}) + 1 = {o}"
            + ("." if exact else f": ({i + 2 * p - k})/{s} is not exact (the paper's 224 is why people use 227)."),
            f"O = floor(({i} + 2×{p} − {k})/{s}) + 1 = {o}"
            + (
                "。" if exact else f": ({i + 2 * p - k})/{s} は割り切れない（論文の 224 ではなく 227 が使われる理由）。"
            ),
        ),
        mistakes=(
            ("ceil_for_floor", -(-(i + 2 * p - k) // s) + 1),
            ("forgot_plus_one", (i + 2 * p - k) // s),
            ("padding_one_side", (i + p - k) // s + 1),
            ("stride_ignored", i + 2 * p - k + 1),
            ("no_padding", (i - k) // s + 1),
        ),
        params=dict(i=i, k=k, s=s, p=p),
    )


@_generator("vgg_flatten", "architectures", N05, "Exercise 4: the first layer of VGG-16")
def _vgg_flatten(rng):
    i = _pick(rng, [224, 192, 256, 160, 128, 288, 320, 96, 64, 32, 384, 448, 512])
    c = _pick(rng, [512, 512, 256, 128, 64])
    h = i
    for _ in range(5):
        h = pool_output_size(h, 2)  # 3×3 'same' convolutions keep the size; five 2×2 pools halve it
    n = c * h * h
    return dict(
        text=T(
            f"VGG-16 with {c} channels in its last block (3×3 convolutions with padding 1, five 2×2 max pools "
            f"stride 2) on a 3×{i}×{i} image. How many features does the flatten before the first "
            f"fully-connected layer give?",
            f"最後のブロックのチャンネル数が {c} の VGG-16（パディング 1 の 3×3 畳み込み、2×2 ストライド 2 の最大値"
            f"プーリング 5 回）に 3×{i}×{i} の画像を入れる。最初の全結合層の前の平坦化で得られる特徴の数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * ({i} // 32) ** 2",
        answer_format="whole",
        solution=T(
            f"The convolutions keep the size; the five pools divide it by 2⁵ = 32: {i} → {h}. Flatten "
            f"{h}×{h}×{c} = {n} (224 gives the famous 7×7×512 = 25,088).",
            f"畳み込みはサイズを保ち、5 回のプーリングで 2⁵ = 32 分の 1：{i} → {h}。平坦化 {h}×{h}×{c} = {n}"
            f"（224 なら有名な 7×7×512 = 25,088）。",
        ),
        mistakes=(
            ("vgg_pool_count", c * (i // 16) ** 2),
            ("vgg_pool_count", c * (i // 64) ** 2),
            ("flatten_only_channels", c),
        ),
        params=dict(i=i, c=c),
    )


@_generator("vgg_fc_params", "architectures", N05, "Exercise 4: the first layer of VGG-16")
def _vgg_fc_params(rng):
    i = _pick(rng, [224, 192, 256, 160, 128, 96, 64, 32, 288, 320, 384])
    m = _pick(rng, [4096, 1024, 512, 2048, 256])
    d = 512 * (i // 32) ** 2
    n = d * m + m
    return dict(
        text=T(
            f"VGG-16 on 3×{i}×{i} images ends its convolutions with 512 channels at {i // 32}×{i // 32}. The first "
            f"fully-connected layer has {m} outputs and a bias. How many parameters does it have?",
            f"3×{i}×{i} の画像に対する VGG-16 の畳み込み部の出力は 512 チャンネル、{i // 32}×{i // 32}。最初の全結合層"
            f"（出力 {m}、バイアスあり）のパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"512 * {i // 32} * {i // 32} * {m} + {m}",
        answer_format="whole",
        solution=T(
            f"Flatten 512×{i // 32}×{i // 32} = {d}; weights {d}×{m} = {d * m}; biases {m}: {n}. This one layer holds "
            f"most of VGG-16's parameters.",
            f"平坦化 512×{i // 32}×{i // 32} = {d}、重み {d}×{m} = {d * m}、バイアス {m}：{n}。この 1 層が VGG-16 の"
            f"パラメータの大半を占める。",
        ),
        mistakes=(("forgot_bias", d * m), ("flatten_only_channels", 512 * m + m)),
        params=dict(i=i, m=m),
    )


@_generator("vgg_3x3_stack", "architectures", "03_stride_and_dilation.ipynb", "Receptive field")
def _vgg_3x3_stack(rng):
    n = _pick(rng, [2, 3, 4])
    c = _pick(rng, [8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512])
    bias = bool(rng.random() < 0.5)
    k_big = 1 + 2 * n
    stack = n * (c * c * 9 + (c if bias else 0))
    big = c * c * k_big * k_big + (c if bias else 0)
    en_b, ja_b = ("with bias", "バイアスあり") if bias else ("no bias", "バイアスなし")
    return dict(
        text=T(
            f"{n} stacked 3×3 convolutions {c}→{c} ({en_b}) see a {k_big}×{k_big} receptive field, like one "
            f"{k_big}×{k_big} convolution {c}→{c} ({en_b}). How many parameters does the stack save compared with "
            f"the single large convolution?",
            f"3×3 畳み込み {c}→{c}（{ja_b}）を {n} 層重ねると受容野は {k_big}×{k_big} で、{k_big}×{k_big} の畳み込み "
            f"{c}→{c}（{ja_b}）1 層と同じになる。この積み重ねは 1 層の大きな畳み込みに比べてパラメータがいくつ少ないか"
            f"求めよ。",
        ),
        answer=big - stack,
        expression=f"({c}*{c}*{k_big}*{k_big} + {c if bias else 0}) - {n}*({c}*{c}*3*3 + {c if bias else 0})",
        answer_format="whole",
        solution=T(
            f"Large: {c}×{c}×{k_big}²{f' + {c}' if bias else ''} = {big}; stack: {n}×({c}×{c}×9"
            f"{f' + {c}' if bias else ''}) = {stack}; saved {big - stack} (and {n} ReLUs instead of one).",
            f"大きい畳み込み：{c}×{c}×{k_big}²{f' + {c}' if bias else ''} = {big}、積み重ね：{n}×({c}×{c}×9"
            f"{f' + {c}' if bias else ''}) = {stack}、差は {big - stack}（しかも ReLU が 1 つでなく {n} つ）。",
        ),
        mistakes=(
            ("difference_not_asked", stack),
            ("difference_not_asked", big),
            ("forgot_bias", c * c * (k_big * k_big - 9 * n)) if bias else ("bias_included", big - stack - (n - 1) * c),
        ),
        params=dict(n=n, c=c, bias=bias),
    )


@_generator("lenet_sizes", "architectures", "09_inside_a_cnn.ipynb", "Exercise 1: shapes inside")
def _lenet_sizes(rng):
    i = _pick(rng, [28, 32, 36, 40])
    p1 = _pick(rng, [0, 2])
    c1, c2 = _pick(rng, [(6, 16), (8, 16), (6, 12), (10, 20)])
    stage = _pick(rng, ["conv1", "pool1", "conv2", "pool2"])
    h = conv_output_size(i, 5, 1, p1)
    shapes = {"conv1": (c1, h, h)}
    h = pool_output_size(h, 2)
    shapes["pool1"] = (c1, h, h)
    h = conv_output_size(h, 5)
    shapes["conv2"] = (c2, h, h)
    h = pool_output_size(h, 2)
    shapes["pool2"] = (c2, h, h)
    ans = shapes[stage]
    names = list(shapes)
    prev = shapes[names[names.index(stage) - 1]] if stage != "conv1" else (1, i, i)
    return dict(
        text=T(
            f"LeNet-style on 1×{i}×{i} digits: conv1 = Conv2d(1, {c1}, 5, padding={p1}) → ReLU → pool1 = "
            f"MaxPool2d(2) → conv2 = Conv2d({c1}, {c2}, 5) → ReLU → pool2 = MaxPool2d(2). What is the (C, H, W) "
            f"shape of one image's output of {stage}?",
            f"1×{i}×{i} の数字画像に LeNet 型：conv1 = Conv2d(1, {c1}, 5, padding={p1}) → ReLU → pool1 = MaxPool2d(2) "
            f"→ conv2 = Conv2d({c1}, {c2}, 5) → ReLU → pool2 = MaxPool2d(2)。画像 1 枚の {stage} の出力の形状 "
            f"(C, H, W) を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="shape",
        solution=T(
            "Layer by layer: " + "; ".join(f"{k}: {v}" for k, v in shapes.items()) + ".",
            "層ごとに：" + "、".join(f"{k}：{v}" for k, v in shapes.items()) + "。",
        ),
        mistakes=(
            ("conv_removes_two", (ans[0], ans[1] + 2, ans[2] + 2) if stage in ("conv1", "conv2") else prev),
            ("forgot_pool", prev if stage.startswith("pool") else (ans[0], ans[1] * 2, ans[2] * 2)),
            ("kept_in_channels", (prev[0],) + ans[1:]),
        ),
        params=dict(i=i, p1=p1, c1=c1, c2=c2, stage=stage),
    )
