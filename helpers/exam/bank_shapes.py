"""Exam questions: im2col shapes, backward-pass shapes, shapes through a network, receptive fields."""

from __future__ import annotations

from ..shapes import conv_output_size, pool_output_size, receptive_field
from .registry import T, _conv_setting, _formula, _generator, _pick

N06 = "06_fast_convolution.ipynb"
ROWS = "1. Windows become rows"
PRODUCT = "2. Convolution as one matrix product"


@_generator("im2col_shape", "im2col", N06, "Exercise 1: the shape of the im2col matrix")
def _im2col_shape(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, c * k * k)
    return dict(
        text=T(
            f"im2col unfolds x of shape ({n}, {c}, {h}, {h}) for a {k}×{k} kernel, stride {s}, padding {p}, one "
            f"window per row. What is the shape of the resulting matrix?",
            f"形 ({n}, {c}, {h}, {h}) の x を {k}×{k} カーネル, ストライド {s}, パディング {p} で im2col により展開する "
            f"(1 行に 1 つの窓)。得られる行列の形を求めよ。",
        ),
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {c} * {k} * {k})",
        answer_format="pair",
        solution=T(
            f"OH = OW = {_formula(h, k, s, p)} = {o}. Rows: one per window, N×OH×OW = {n}×{o}×{o} = {shape[0]}. "
            f"Columns: one per kernel weight, C×KH×KW = {c}×{k}×{k} = {shape[1]}.",
            f"OH = OW = {_formula(h, k, s, p)} = {o}。行: 窓ごとに 1 行で N×OH×OW = {n}×{o}×{o} = {shape[0]}。"
            f"列: カーネルの重みごとに 1 列で C×KH×KW = {c}×{k}×{k} = {shape[1]}。",
        ),
        mistakes=(
            ("transposed", shape[::-1]),
            ("kk_not_ckk", (shape[0], k * k)),
            ("forgot_plus_one", (n * (o - 1) ** 2, c * k * k)),
        ),
        params=dict(n=n, c=c, h=h, w=h, k=k, s=s, p=p),
    )


@_generator("im2col_weight_matrix", "im2col", N06, PRODUCT)
def _im2col_weight_matrix(rng):
    c = _pick(rng, [3, 8, 16, 32, 64])
    f = _pick(rng, [8, 16, 32, 64])
    k = _pick(rng, [1, 3, 5])
    shape = (c * k * k, f)
    return dict(
        text=T(
            f"With im2col a convolution with weights W of shape ({f}, {c}, {k}, {k}) becomes col @ col_W, where col "
            f"has C×KH×KW columns and col_W = W.reshape({f}, -1).T is the transposed weight matrix (ゼロから作る's "
            f"name; W_col = W.reshape({f}, -1) is the untransposed one). What is the shape of col_W?",
            f"im2col を使うと、重み W (形 ({f}, {c}, {k}, {k})) の畳み込みは col @ col_W になる (col の列数は "
            f"C×KH×KW、col_W = W.reshape({f}, -1).T は転置した重み行列。転置しない W_col = W.reshape({f}, -1) と"
            f"区別する)。col_W の形を求めよ。",
        ),
        answer=shape,
        expression=f"({c} * {k} * {k}, {f})",
        answer_format="pair",
        solution=T(
            f"W_col = W.reshape(F, -1) is ({f}, {c}×{k}×{k}) = ({f}, {c * k * k}); col_W, its transpose, is "
            f"({c * k * k}, {f}).",
            f"W_col = W.reshape(F, -1) は ({f}, {c}×{k}×{k}) = ({f}, {c * k * k})、転置した col_W は ({c * k * k}, {f})。",
        ),
        mistakes=(("before_transpose", (f, c * k * k)), ("kk_not_ckk", (k * k, f))),
        params=dict(c=c, f=f, k=k),
    )


@_generator("im2col_product", "im2col", N06, PRODUCT)
def _im2col_product(rng):
    n = _pick(rng, [1, 2, 4, 8])
    c = _pick(rng, [1, 3, 8])
    h = _pick(rng, [5, 6, 7, 8, 12])
    w = _pick(rng, [4, 6, 9, 10, 16])
    k = _pick(rng, [2, 3])
    s = _pick(rng, [1, 2])
    p = _pick(rng, [0, 1])
    f = _pick(rng, [4, 8, 16])
    oh, ow = conv_output_size((h, w), k, s, p)
    shape = (n * oh * ow, f)
    return dict(
        text=T(
            f"x has shape ({n}, {c}, {h}, {w}); {f} filters of {k}×{k}, stride {s}, padding {p}. What is the shape "
            f"of the matrix product col @ col_W (col_W = W.reshape(F, -1).T), before it is reshaped?",
            f"x の形は ({n}, {c}, {h}, {w})、{k}×{k} のフィルター {f} 枚、ストライド {s}、パディング {p}。"
            f"reshape する前の行列積 col @ col_W (col_W = W.reshape(F, -1).T) の形を求めよ。",
        ),
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) * (({w} + 2*{p} - {k}) // {s} + 1), {f})",
        answer_format="pair",
        solution=T(
            f"OH = {_formula(h, k, s, p)} = {oh}, OW = {_formula(w, k, s, p)} = {ow}. col is (N×OH×OW, C×K×K) = "
            f"({n * oh * ow}, {c * k * k}), col_W ({c * k * k}, {f}): the product is ({n * oh * ow}, {f}); "
            f"reshape to ({n}, {oh}, {ow}, {f}) and transpose to ({n}, {f}, {oh}, {ow}).",
            f"OH = {_formula(h, k, s, p)} = {oh}、OW = {_formula(w, k, s, p)} = {ow}。col は (N×OH×OW, C×K×K) = "
            f"({n * oh * ow}, {c * k * k})、col_W は ({c * k * k}, {f})。積は ({n * oh * ow}, {f})。"
            f"({n}, {oh}, {ow}, {f}) に reshape して ({n}, {f}, {oh}, {ow}) に転置する。",
        ),
        mistakes=(
            ("after_reshape", (n, f, oh, ow)),
            ("transposed", (f, n * oh * ow)),
            ("forgot_plus_one", (n * (oh - 1) * (ow - 1), f)),
        ),
        params=dict(n=n, c=c, h=h, w=w, k=k, s=s, p=p, f=f),
    )


@_generator("im2col_elements", "im2col", N06, ROWS)
def _im2col_elements(rng):
    h = _pick(rng, [6, 8, 10, 12, 16, 28])
    w = _pick(rng, [6, 8, 10, 12, 16, 28])
    k = _pick(rng, [3, 5])
    c = _pick(rng, [1, 2, 3])
    p = k // 2
    oh, ow = conv_output_size((h, w), k, 1, p)
    n = oh * ow * c * k * k
    return dict(
        text=T(
            f"One image ({c}, {h}, {w}) is unfolded by im2col for a {k}×{k} kernel, stride 1, padding {p}. How many "
            f"numbers does the col matrix hold?",
            f"画像 1 枚 ({c}, {h}, {w}) を {k}×{k} カーネル, ストライド 1, パディング {p} で im2col 展開する。"
            f"col 行列の要素数を求めよ。",
        ),
        answer=n,
        expression=f"({h} * {w}) * ({c} * {k} * {k})",
        answer_format="whole",
        solution=T(
            f"Same padding keeps {oh}×{ow} = {oh * ow} windows; each row holds {c}×{k}×{k} = {c * k * k} values: "
            f"{n}, about {k * k}× the {c * h * w} input values.",
            f"same パディングなので窓は {oh}×{ow} = {oh * ow} 個、各行は {c}×{k}×{k} = {c * k * k} 個: {n}。"
            f"入力 {c * h * w} 個の約 {k * k} 倍。",
        ),
        mistakes=(("input_count", c * h * w), ("kk_not_ckk", oh * ow * k * k)),
        params=dict(c=c, h=h, w=w, k=k, p=p),
    )


# ----- backward shapes


@_generator("backward_dw", "backward", N06, "3. col2im: the way back, with `+=`")
def _backward_dw(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16, 32])
    return dict(
        text=T(
            f"A convolution layer with {f} filters of {k}×{k} takes x of shape ({n}, {c}, {h}, {h}). In the backward "
            f"pass, what is the shape of dW, the gradient of the weights?",
            f"{k}×{k} のフィルター {f} 枚の畳み込み層に形 ({n}, {c}, {h}, {h}) の x を入れる。逆伝播での重みの勾配 dW "
            f"の形を求めよ。",
        ),
        answer=(f, c, k, k),
        expression=f"({f}, {c}, {k}, {k})",
        answer_format="shape",
        solution=T(
            f"A gradient has the shape of its variable: W is (F, C, KH, KW) = ({f}, {c}, {k}, {k}), summed over the "
            f"batch; db is ({f},).",
            f"勾配は対応する変数と同じ形: W は (F, C, KH, KW) = ({f}, {c}, {k}, {k}) (バッチ方向に和をとる)。"
            f"db は ({f},)。",
        ),
        mistakes=(
            ("batch_axis", (n, f, c, k)),
            ("transposed", (c, f, k, k)),
            ("kk_not_ckk", (f, 1, k, k)),
        ),
        params=dict(n=n, c=c, h=h, k=k, f=f),
    )


@_generator("backward_dcol", "backward", N06, "3. col2im: the way back, with `+=`")
def _backward_dcol(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16])
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, c * k * k)
    return dict(
        text=T(
            f"im2col-based convolution: x ({n}, {c}, {h}, {h}), {f} filters {k}×{k}, stride {s}, padding {p}. In the "
            f"backward pass dcol = dout_col @ col_W.T, where col_W = W.reshape(F, -1).T. What is dcol's shape (before col2im folds it back)?",
            f"im2col による畳み込み: x ({n}, {c}, {h}, {h}), {k}×{k} のフィルター {f} 枚, ストライド {s}, "
            f"パディング {p}。逆伝播で dcol = dout_col @ col_W.T とする (col_W = W.reshape(F, -1).T)。col2im で戻す前の dcol の形を求めよ。",
        ),
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {c} * {k} * {k})",
        answer_format="pair",
        solution=T(
            f"OH = OW = {o}; dout_col is (N×OH×OW, F) = ({n * o * o}, {f}); col_W.T is ({f}, {c * k * k}); the product "
            f"is {shape}, the shape of col. col2im sums it into dx ({n}, {c}, {h}, {h}).",
            f"OH = OW = {o}。dout_col は (N×OH×OW, F) = ({n * o * o}, {f})、col_W.T は ({f}, {c * k * k})。積は "
            f"{shape} で col と同じ形。col2im で dx ({n}, {c}, {h}, {h}) に足し戻す。",
        ),
        mistakes=(
            ("dx_for_dcol", (n, c, h, h)),
            ("transposed", shape[::-1]),
            ("output_shape_for_input", (n * o * o, f)),
        ),
        params=dict(n=n, c=c, h=h, w=h, k=k, s=s, p=p),
    )


@_generator("backward_fc", "backward", "08_building_a_cnn.ipynb", "Exercise 1: the backward pass of a Linear layer")
def _backward_fc(rng):
    n = _pick(rng, [16, 32, 64, 100])
    d = _pick(rng, [256, 400, 784, 800])
    m = _pick(rng, [10, 50, 100, 120])
    which = _pick(rng, ["dW", "dx", "db"])
    ans = {"dW": (d, m), "dx": (n, d), "db": (m,)}[which]
    return dict(
        text=T(
            f"A fully-connected (Affine) layer computes y = x @ W + b with x ({n}, {d}) and W ({d}, {m}). In the "
            f"backward pass, what is the shape of {which}?",
            f"全結合 (Affine) 層 y = x @ W + b (x は ({n}, {d}), W は ({d}, {m}))。逆伝播での {which} の形を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="shape",
        solution=T(
            f"dW = x.T @ dout = ({d}, {n}) @ ({n}, {m}) = ({d}, {m}), W's shape; dx = dout @ W.T = ({n}, {d}), x's "
            f"shape; db = dout.sum(axis=0) = ({m},), b's shape.",
            f"dW = x.T @ dout = ({d}, {n}) @ ({n}, {m}) = ({d}, {m}) (W と同じ形)、dx = dout @ W.T = ({n}, {d}) "
            f"(x と同じ形)、db = dout.sum(axis=0) = ({m},) (b と同じ形)。",
        ),
        mistakes=(
            ("transposed", ans[::-1]) if len(ans) == 2 else ("batch_axis", (n, m)),
            ("output_shape_for_input", (n, m)),
            ("batch_axis", (n,) + ans) if which != "dx" else ("transposed", (d, n)),
        ),
        params=dict(n=n, d=d, m=m, which=which),
    )


@_generator(
    "backward_pool_dx", "backward", "07_pooling.ipynb", "6. Backward: max pooling routes the gradient to the maximum"
)
def _backward_pool_dx(rng):
    n = _pick(rng, [1, 8, 32])
    c = _pick(rng, [6, 16, 32])
    h = _pick(rng, [5, 7, 9, 11, 13, 14, 28])
    w = _pick(rng, [5, 7, 9, 11, 13, 14, 28])
    k = _pick(rng, [2, 3])
    oh, ow = pool_output_size((h, w), k)
    return dict(
        text=T(
            f"{k}×{k} max pooling, stride {k}, on x of shape ({n}, {c}, {h}, {w}). What is the shape of dx returned "
            f"by the backward pass?",
            f"形 ({n}, {c}, {h}, {w}) の x に {k}×{k}, ストライド {k} の最大値プーリングを行う。逆伝播が返す dx の形を求めよ。",
        ),
        answer=(n, c, h, w),
        expression=f"({n}, {c}, {h}, {w})",
        answer_format="shape",
        solution=T(
            f"dx always has x's shape, ({n}, {c}, {h}, {w}); the forward output was ({n}, {c}, {oh}, {ow}). Cells "
            f"no window reached get gradient 0.",
            f"dx は常に x と同じ形 ({n}, {c}, {h}, {w})。順伝播の出力は ({n}, {c}, {oh}, {ow})。どの窓にも入らなかった"
            f"セルの勾配は 0。",
        ),
        mistakes=(
            ("output_shape_for_input", (n, c, oh, ow)),
            ("floored_shape", (n, c, k * oh, k * ow)),
            ("transposed", (n, c, w, h)),
        ),
        params=dict(n=n, c=c, h=h, w=w, k=k),
    )


# ----- shapes through a network


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
            f"→ MaxPool2d(2) → Flatten → Linear(?, 10)。? (全結合層の in_features) を求めよ。",
        ),
        answer=size,
        expression=f"{c2} * ((({i} - {k1} + 1) // 2 - {k2} + 1) // 2) ** 2",
        answer_format="whole",
        solution=T(
            f"{i} → conv {k1}: {i - k1 + 1} → pool: {(i - k1 + 1) // 2} → conv {k2}: {(i - k1 + 1) // 2 - k2 + 1} → "
            f"pool: {h}. Flatten {c2}×{h}×{h} = {size}.",
            f"{i} → 畳み込み {k1}: {i - k1 + 1} → プーリング: {(i - k1 + 1) // 2} → 畳み込み {k2}: "
            f"{(i - k1 + 1) // 2 - k2 + 1} → プーリング: {h}。平坦化 {c2}×{h}×{h} = {size}。",
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
            f"padding={k // 2} なので {k}×{k} 畳み込みではサイズが変わらず、プーリングごとに半分 (切り捨て): "
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
            f"3×{h0}×{h0} の入力に全畳み込みネットワーク: {chain} → Flatten。画像 1 枚あたりの特徴の数を求めよ。",
        ),
        answer=size,
        expression=f"{last} * {h} * {h}",
        answer_format="whole",
        solution=T(
            f"Each {k}×{k} stride-2 padding-{p} conv maps I to floor((I + {2 * p} − {k})/2) + 1: "
            + " → ".join(map(str, trail))
            + f". Flatten {last}×{h}×{h} = {size}.",
            f"{k}×{k}, ストライド 2, パディング {p} の畳み込みは I を floor((I + {2 * p} − {k})/2) + 1 にする: "
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
            f"x ({n}, 1, {h0}, {w0}) → Conv2d(1, {f1}, {k}, padding={p}) → ReLU → MaxPool2d(2)。出力の形を求めよ。",
        ),
        answer=(n, f1, h2, w2),
        expression=f"({n}, {f1}, ({h0} + 2*{p} - {k} + 1) // 2, ({w0} + 2*{p} - {k} + 1) // 2)",
        answer_format="shape",
        solution=T(
            f"Conv: ({h0} + 2×{p} − {k}) + 1 = {h1}, ({w0} + 2×{p} − {k}) + 1 = {w1}, channels {f1}; ReLU keeps the "
            f"shape; pool: {h2}, {w2}.",
            f"畳み込み: ({h0} + 2×{p} − {k}) + 1 = {h1}、({w0} + 2×{p} − {k}) + 1 = {w1}、チャンネル {f1}。ReLU は形を"
            f"変えない。プーリング: {h2}, {w2}。",
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
            (f"PyTorch の形 {src} (NCHW) のバッチ x を TensorFlow 用に x.transpose{axes} する。"),
        )
    else:
        src, ans, axes = (n, h, w, c), (n, c, h, w), "(0, 3, 1, 2)"
        en, ja = (
            f"A TensorFlow batch x of shape {src} (NHWC) is transposed with x.transpose{axes}.",
            (f"TensorFlow の形 {src} (NHWC) のバッチ x を x.transpose{axes} する。"),
        )
    return dict(
        text=T(en + " What is the new shape?", ja + "新しい形を求めよ。"),
        answer=ans,
        expression=repr(ans),
        answer_format="shape",
        solution=T(
            f"transpose{axes} puts old axis a[i] at position i: {src} → {ans}.",
            f"transpose{axes} は元の軸 a[i] を位置 i に置く: {src} → {ans}。",
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
            f"グローバル平均プーリング → Linear({c}, {m}) (バイアスあり) を使う。この全結合層のパラメータ数を求めよ。",
        ),
        answer=gap,
        expression=f"{c} * {m} + {m}",
        answer_format="whole",
        solution=T(
            f"Global average pooling leaves one value per channel, {c}; Linear: {c}×{m} + {m} = {gap} (the flatten "
            f"version would need {flat}).",
            f"グローバル平均プーリングでチャンネルごとに 1 つの値 ({c} 個) になる。全結合: {c}×{m} + {m} = {gap} "
            f"(平坦化版なら {flat})。",
        ),
        mistakes=(("flatten_only_channels", flat), ("forgot_bias", c * m)),
        params=dict(c=c, m=m),
    )


# ----- receptive fields

RF03 = ("03_stride_and_dilation.ipynb", "Exercise 6 · Receptive field of stacked dilated layers")
RF04 = ("04_output_size.ipynb", "5. Receptive field growth")


@_generator("rf_stack", "receptive_field", *RF04)
def _rf_stack(rng):
    depth = int(rng.integers(2, 9))
    ks = [_pick(rng, [3, 3, 5, 7]) for _ in range(depth)]
    r = receptive_field([(k, 1) for k in ks])
    desc = ", ".join(f"{k}×{k}" for k in ks)
    return dict(
        text=T(
            f"{depth} convolution layers, stride 1, are stacked with kernels (first to last) {desc}. How large is "
            f"the receptive field of one output cell of the last layer, along one side, in input pixels?",
            f"ストライド 1 の畳み込み層を {depth} 層重ねる (カーネルは入力側から {desc})。最後の層の出力 1 セルの受容野の"
            f"一辺 (入力の画素数) を求めよ。",
        ),
        answer=r,
        expression="1 + " + " + ".join(f"({k} - 1)" for k in ks),
        answer_format="whole",
        solution=T(
            "Each stride-1 layer adds K − 1: r = 1 + " + " + ".join(str(k - 1) for k in ks) + f" = {r}.",
            "ストライド 1 の各層は K − 1 を足す: r = 1 + " + " + ".join(str(k - 1) for k in ks) + f" = {r}。",
        ),
        mistakes=(("rf_no_overlap", sum(ks)), ("forgot_plus_one", r - 1)),
        params=dict(layers=[(k, 1) for k in ks]),
    )


@_generator(
    "rf_with_pool", "receptive_field", "04_output_size.ipynb", "Exercise 2 · Receptive field with a pooling in between"
)
def _rf_with_pool(rng):
    count = int(rng.integers(3, 6))
    layers, names_en, names_ja = [], [], []
    for j in range(count):
        if j % 2 == 1 and rng.random() < 0.8:
            k, s = _pick(rng, [(2, 2), (3, 2), (2, 2)])
            names_en.append(f"max pool {k}×{k} stride {s}")
            names_ja.append(f"最大値プーリング {k}×{k} ストライド {s}")
        else:
            k, s = _pick(rng, [3, 5, 7]), _pick(rng, [1, 1, 2])
            names_en.append(f"conv {k}×{k} stride {s}")
            names_ja.append(f"畳み込み {k}×{k} ストライド {s}")
        layers.append((k, s))
    r = receptive_field(layers)
    steps, terms, rr, jump = [], ["1"], 1, 1
    for (k, s), name in zip(layers, names_en):
        rr += (k - 1) * jump
        steps.append(f"{name}: +({k}−1)×{jump} → {rr}")
        terms.append(f"({k} - 1) * {jump}")
        jump *= s
    return dict(
        text=T(
            "Layers, first to last: " + " → ".join(names_en) + ". What is the receptive field of one cell of the "
            "last output, along one side, in input pixels?",
            "入力側から順に: " + " → ".join(names_ja) + "。最後の出力 1 セルの受容野の一辺 (入力の画素数) を求めよ。",
        ),
        answer=r,
        expression=" + ".join(terms),
        answer_format="whole",
        solution=T(
            "r starts at 1; each layer adds (K − 1) × (product of the strides before it). " + "; ".join(steps) + ".",
            "r = 1 から始め、各層で (K − 1) × (それより前のストライドの積) を足す。" + "; ".join(steps) + "。",
        ),
        mistakes=(("rf_forgot_jump", 1 + sum(k - 1 for k, _ in layers)), ("rf_no_overlap", sum(k for k, _ in layers))),
        params=dict(layers=layers),
    )


@_generator("rf_dilated", "receptive_field", *RF03)
def _rf_dilated(rng):
    depth = int(rng.integers(2, 7))
    k = _pick(rng, [2, 3, 3, 5, 7])
    growth = _pick(rng, ["double", "double", "linear", "same"])
    if growth == "double":
        ds = [2**j for j in range(depth)]
    elif growth == "linear":
        ds = [j + 1 for j in range(depth)]
    else:
        ds = [_pick(rng, [2, 3, 4])] * depth
    layers = [(k, 1, d) for d in ds]
    r = receptive_field(layers)
    return dict(
        text=T(
            f"{depth} stacked {k}×{k} convolutions, stride 1, with dilations " + ", ".join(map(str, ds)) + " (first "
            "to last). What is the receptive field along one side?",
            f"ストライド 1 の {k}×{k} 畳み込みを {depth} 層重ねる (ダイレーションは入力側から "
            + ", ".join(map(str, ds))
            + ")。受容野の一辺を求めよ。",
        ),
        answer=r,
        expression="1 + " + " + ".join(f"{d}*({k}-1)" for d in ds),
        answer_format="whole",
        solution=T(
            f"A dilated {k}×{k} kernel spans D(K−1) + 1 cells, so each layer adds D×{k - 1}: r = 1 + "
            + " + ".join(f"{d * (k - 1)}" for d in ds)
            + f" = {r}.",
            f"ダイレーション D の {k}×{k} カーネルは D(K−1) + 1 セルにまたがるので、各層は D×{k - 1} を足す: r = 1 + "
            + " + ".join(f"{d * (k - 1)}" for d in ds)
            + f" = {r}。",
        ),
        mistakes=(("rf_dilation_ignored", 1 + (k - 1) * len(ds)), ("rf_no_overlap", sum(d * (k - 1) + 1 for d in ds))),
        params=dict(layers=layers),
    )
