"""Exam questions: shapes through a network: the flattened size, a network's output shape, NHWC, global average pooling."""

from __future__ import annotations

from ..shapes import conv_output_size, pool_output_size
from .registry import T, _generator, _pick


@_generator("flatten_lenet", "flatten", "05_channels_and_batches.ipynb", "9. Shapes through a whole CNN")
def _flatten_lenet(rng):
    i = _pick(rng, [28, 32, 36, 40, 48, 64])
    c0 = _pick(rng, [1, 3])
    c1 = _pick(rng, [6, 8, 10, 12])
    c2 = _pick(rng, [16, 20, 24, 32])
    k1 = _pick(rng, [3, 5])
    k2 = _pick(rng, [3, 5])
    h = pool_output_size(conv_output_size(i, k1), 2)
    h = pool_output_size(conv_output_size(h, k2), 2)
    size = c2 * h * h
    wrong_h = pool_output_size(pool_output_size(i - 2, 2) - 2, 2)
    return dict(
        text=T(
            f"On {c0}×{i}×{i} images: Conv2d({c0}, {c1}, {k1}) → ReLU → MaxPool2d(2) → Conv2d({c1}, {c2}, {k2}) → "
            f"ReLU → MaxPool2d(2) → Flatten → Linear(?, 10). What is the ? (in_features of the Linear layer)?",
            f"{c0}×{i}×{i} の画像に Conv2d({c0}, {c1}, {k1}) → ReLU → MaxPool2d(2) → Conv2d({c1}, {c2}, {k2}) → ReLU "
            f"→ MaxPool2d(2) → Flatten → Linear(?, 10)。?（全結合層の in_features）を求めよ。",
        ),
        answer=size,
        expression=f"{c2} * ((({i} - {k1} + 1) // 2 - {k2} + 1) // 2) ** 2",
        answer_format="whole",
        solution=T(
            f"{i} → conv {k1}: {i - k1 + 1} → pool: {(i - k1 + 1) // 2} → conv {k2}: {(i - k1 + 1) // 2 - k2 + 1} → "
            f"pool: {h}. Flatten {c2}×{h}×{h} = {size}.",
            f"{i} → 畳み込み {k1}：{i - k1 + 1} → プーリング：{(i - k1 + 1) // 2} → 畳み込み {k2}："
            f"{(i - k1 + 1) // 2 - k2 + 1} → プーリング：{h}。平坦化 {c2}×{h}×{h} = {size}。",
        ),
        mistakes=(
            ("conv_removes_two", c2 * wrong_h * wrong_h),
            ("forgot_pool", c2 * (2 * h) ** 2),
            ("flatten_only_channels", c2),
            ("last_channels", c1 * h * h),
        ),
        params=dict(i=i, layers=[("conv", c0, c1, k1, 1, 0), ("pool", 2), ("conv", c1, c2, k2, 1, 0), ("pool", 2)]),
    )


@_generator("flatten_padded", "flatten", "05_channels_and_batches.ipynb", "9. Shapes through a whole CNN")
def _flatten_padded(rng):
    i = _pick(rng, [28, 32, 48, 56, 64, 96])
    c = _pick(rng, [16, 32, 64, 128])
    k = _pick(rng, [3, 5])
    blocks = _pick(rng, [2, 3, 4])
    h = nopad = i
    sizes = [h]
    for _ in range(blocks):
        h = pool_output_size(conv_output_size(h, k, 1, k // 2), 2)
        sizes.append(h)
        nopad = nopad - k + 1 >= 2 and (nopad - k + 1) // 2 or 1  # what forgetting the padding gives
    size = c * h * h
    return dict(
        text=T(
            f"On 1×{i}×{i} images: {blocks} blocks of [Conv2d(…, {c}, {k}, padding={k // 2}) → ReLU → MaxPool2d(2)], "
            f"then Flatten. How many features does Flatten give per image?",
            f"1×{i}×{i} の画像に [Conv2d(…, {c}, {k}, padding={k // 2}) → ReLU → MaxPool2d(2)] のブロックを {blocks} 回"
            f"適用し、平坦化する。画像 1 枚あたりの特徴の数を求めよ。",
        ),
        answer=size,
        expression=f"{c} * {h} * {h}",
        answer_format="whole",
        solution=T(
            f"padding={k // 2} keeps the size through each {k}×{k} conv; each pool halves (floor): "
            + " → ".join(map(str, sizes))
            + f". Flatten {c}×{h}×{h} = {size}.",
            f"padding={k // 2} なので {k}×{k} 畳み込みではサイズが変わらず、プーリングごとに半分（切り捨て）："
            + " → ".join(map(str, sizes))
            + f"。平坦化 {c}×{h}×{h} = {size}。",
        ),
        mistakes=(
            ("padding_kept_size_ignored", c * nopad * nopad),
            ("forgot_pool", c * (2 * h) ** 2),
            ("flatten_only_channels", h * h),
        ),
        params=dict(i=i, layers=[("conv", None, c, k, 1, k // 2), ("pool", 2)] * blocks),
    )


@_generator("flatten_strided", "flatten", "03_stride_and_dilation.ipynb", "3. Stride downsamples")
def _flatten_strided(rng):
    h0 = _pick(rng, [28, 32, 48, 64, 96, 100, 128])
    c = _pick(rng, [8, 16, 32])
    k = _pick(rng, [3, 5])
    p = k // 2 if rng.random() < 0.7 else 0
    depth = _pick(rng, [2, 3])
    layers = [("conv", None, c * 2**j, k, 2, p) for j in range(depth)]
    h, trail = h0, [h0]
    for *_, kk, s, pp in layers:
        h = conv_output_size(h, kk, s, pp)
        trail.append(h)
    last = c * 2 ** (depth - 1)
    size = last * h * h
    chain = " → ".join(
        f"Conv2d({3 if j == 0 else c * 2 ** (j - 1)}, {c * 2**j}, {k}, stride=2, padding={p})" for j in range(depth)
    )
    return dict(
        text=T(
            f"An all-convolutional net on 3×{h0}×{h0}: {chain} → Flatten. How many features per image?",
            f"3×{h0}×{h0} の入力に全畳み込みネットワーク：{chain} → Flatten。画像 1 枚あたりの特徴の数を求めよ。",
        ),
        answer=size,
        expression=f"{last} * {h} * {h}",
        answer_format="whole",
        solution=T(
            f"Each {k}×{k} stride-2 padding-{p} conv maps I to floor((I + {2 * p} − {k})/2) + 1: "
            + " → ".join(map(str, trail))
            + f". Flatten {last}×{h}×{h} = {size}.",
            f"{k}×{k}、ストライド 2、パディング {p} の畳み込みは I を floor((I + {2 * p} − {k})/2) + 1 にする："
            + " → ".join(map(str, trail))
            + f"。平坦化 {last}×{h}×{h} = {size}。",
        ),
        mistakes=(
            ("last_channels", c * h * h),
            ("ceil_for_floor", last * (-(-h0 // 2**depth)) ** 2),
            ("stride_ignored", last * (h0 + depth * (2 * p - k + 1)) ** 2),
        ),
        params=dict(i=h0, layers=layers),
    )


@_generator(
    "network_output_shape",
    "flatten",
    "05_channels_and_batches.ipynb",
    "Exercise 7 · Predict the shape, then reveal the trace",
)
def _network_output_shape(rng):
    n = _pick(rng, [16, 32, 64])
    h0 = _pick(rng, [28, 32, 48])
    w0 = _pick(rng, [28, 32, 40, 64])
    f1 = _pick(rng, [8, 16, 32])
    k = _pick(rng, [3, 5])
    p = _pick(rng, [0, k // 2])
    h1, w1 = conv_output_size((h0, w0), k, 1, p)
    h2, w2 = pool_output_size((h1, w1), 2)
    return dict(
        text=T(
            f"x ({n}, 1, {h0}, {w0}) → Conv2d(1, {f1}, {k}, padding={p}) → ReLU → MaxPool2d(2). What is the output shape?",
            f"x ({n}, 1, {h0}, {w0}) → Conv2d(1, {f1}, {k}, padding={p}) → ReLU → MaxPool2d(2)。出力の形状を求めよ。",
        ),
        answer=(n, f1, h2, w2),
        expression=f"({n}, {f1}, ({h0} + 2*{p} - {k} + 1) // 2, ({w0} + 2*{p} - {k} + 1) // 2)",
        answer_format="shape",
        solution=T(
            f"Conv: ({h0} + 2×{p} − {k}) + 1 = {h1}, ({w0} + 2×{p} − {k}) + 1 = {w1}, channels {f1}; ReLU keeps the "
            f"shape; pool: {h2}, {w2}.",
            f"畳み込み：({h0} + 2×{p} − {k}) + 1 = {h1}、({w0} + 2×{p} − {k}) + 1 = {w1}、チャンネル {f1}。ReLU は形状を"
            f"変えない。プーリング：{h2}, {w2}。",
        ),
        mistakes=(
            ("forgot_pool", (n, f1, h1, w1)),
            ("kept_in_channels", (n, 1, h2, w2)),
            ("transposed", (n, f1, w2, h2)),
        ),
        params=dict(n=n, h=h0, w=w0, layers=[("conv", 1, f1, k, 1, p), ("pool", 2)]),
    )


@_generator("nhwc_shape", "flatten", "05_channels_and_batches.ipynb", "5. NCHW vs NHWC")
def _nhwc_shape(rng):
    n = _pick(rng, [1, 8, 16, 32, 64])
    c = _pick(rng, [1, 3, 16, 64])
    h = _pick(rng, [24, 28, 32, 64, 224])
    w = _pick(rng, [28, 32, 48, 64, 224])
    way = _pick(rng, ["to_nhwc", "to_nchw"])
    if way == "to_nhwc":
        src, ans, axes = (n, c, h, w), (n, h, w, c), "(0, 2, 3, 1)"
        en, ja = (
            f"A PyTorch batch x of shape {src} (NCHW) is transposed with x.transpose{axes} for TensorFlow.",
            (f"PyTorch の形状 {src} (NCHW) のバッチ x を TensorFlow 用に x.transpose{axes} する。"),
        )
    else:
        src, ans, axes = (n, h, w, c), (n, c, h, w), "(0, 3, 1, 2)"
        en, ja = (
            f"A TensorFlow batch x of shape {src} (NHWC) is transposed with x.transpose{axes}.",
            (f"TensorFlow の形状 {src} (NHWC) のバッチ x を x.transpose{axes} する。"),
        )
    return dict(
        text=T(en + " What is the new shape?", ja + "新しい形状を求めよ。"),
        answer=ans,
        expression=repr(ans),
        answer_format="shape",
        solution=T(
            f"transpose{axes} puts old axis a[i] at position i: {src} → {ans}.",
            f"transpose{axes} は元の軸 a[i] を位置 i に置く：{src} → {ans}。",
        ),
        mistakes=(
            ("transposed", src),
            ("transposed", (n, w, h, c) if way == "to_nhwc" else (n, c, w, h)),
            ("transposed", (n, c, w, h) if way == "to_nhwc" else (n, w, h, c)),
        ),
        params=dict(src=src, axes=axes),
    )


@_generator("gap_params", "flatten", "07_pooling.ipynb", "4. Global average pooling")
def _gap_params(rng):
    c = _pick(rng, [64, 128, 256, 512, 1024, 2048])
    h = _pick(rng, [4, 7, 8, 14])
    m = _pick(rng, [10, 100, 1000])
    gap = c * m + m
    flat = c * h * h * m + m
    return dict(
        text=T(
            f"The last feature map is ({c}, {h}, {h}) per image. Instead of Flatten → Linear({c * h * h}, {m}), a "
            f"network uses global average pooling → Linear({c}, {m}), with bias. How many parameters does the "
            f"global-average-pooling version's Linear layer have?",
            f"最後の特徴マップは画像 1 枚あたり ({c}, {h}, {h})。Flatten → Linear({c * h * h}, {m}) の代わりに"
            f"グローバル平均プーリング → Linear({c}, {m})（バイアスあり）を使う。この全結合層のパラメータ数を求めよ。",
        ),
        answer=gap,
        expression=f"{c} * {m} + {m}",
        answer_format="whole",
        solution=T(
            f"Global average pooling leaves one value per channel, {c}; Linear: {c}×{m} + {m} = {gap} (the flatten "
            f"version would need {flat}).",
            f"グローバル平均プーリングでチャンネルごとに 1 つの値（{c} 個）になる。全結合：{c}×{m} + {m} = {gap}"
            f"（平坦化版なら {flat}）。",
        ),
        mistakes=(("flatten_only_channels", flat), ("forgot_bias", c * m)),
        params=dict(c=c, m=m),
    )
