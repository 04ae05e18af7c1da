"""Exam questions: the shapes of im2col (the matrix, the weight matrix, the product) and of the backward pass."""

from __future__ import annotations

from ..shapes import conv_output_size, pool_output_size
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
            f"形状 ({n}, {c}, {h}, {h}) の x を {k}×{k} カーネル、ストライド {s}、パディング {p} で im2col により展開する"
            f"（1 行に 1 つのウィンドウ）。得られる行列の形状を求めよ。",
        ),
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {c} * {k} * {k})",
        answer_format="pair",
        solution=T(
            f"OH = OW = {_formula(h, k, s, p)} = {o}. Rows: one per window, N×OH×OW = {n}×{o}×{o} = {shape[0]}. "
            f"Columns: one per kernel weight, C×KH×KW = {c}×{k}×{k} = {shape[1]}.",
            f"OH = OW = {_formula(h, k, s, p)} = {o}。行：ウィンドウごとに 1 行で N×OH×OW = {n}×{o}×{o} = {shape[0]}。"
            f"列：カーネルの重みごとに 1 列で C×KH×KW = {c}×{k}×{k} = {shape[1]}。",
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
            f"im2col を使うと、重み W（形状 ({f}, {c}, {k}, {k})）の畳み込みは col @ col_W と書ける。ここで "
            f"col_W = W.reshape({f}, -1).T である。col_W の形状を求めよ。",
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
            f"x の形状は ({n}, {c}, {h}, {w})、{k}×{k} のフィルター {f} 枚、ストライド {s}、パディング {p}。"
            f"reshape する前の行列積 col @ col_W (col_W = W.reshape(F, -1).T) の形状を求めよ。",
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
            f"形状 (C, H, W) = ({c}, {h}, {w}) の画像 1 枚を {k}×{k} カーネル、ストライド 1、パディング {p} で im2col 展開する。"
            f"col 行列の要素数を求めよ。",
        ),
        answer=n,
        expression=f"({h} * {w}) * ({c} * {k} * {k})",
        answer_format="whole",
        solution=T(
            f"Same padding keeps {oh}×{ow} = {oh * ow} windows; each row holds {c}×{k}×{k} = {c * k * k} values: "
            f"{n}, about {k * k}× the {c * h * w} input values.",
            f"same パディングなのでウィンドウは {oh}×{ow} = {oh * ow} 個、各行は {c}×{k}×{k} = {c * k * k} 個：{n}。"
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
            f"{k}×{k} のフィルター {f} 枚の畳み込み層に形状 ({n}, {c}, {h}, {h}) の x を入れる。逆伝播での重みの勾配 dW "
            f"の形状を求めよ。",
        ),
        answer=(f, c, k, k),
        expression=f"({f}, {c}, {k}, {k})",
        answer_format="shape",
        solution=T(
            f"A gradient has the shape of its variable: W is (F, C, KH, KW) = ({f}, {c}, {k}, {k}), summed over the "
            f"batch; db is ({f},).",
            f"勾配は対応する変数と同じ形状：W は (F, C, KH, KW) = ({f}, {c}, {k}, {k})（バッチ方向に和をとる）。"
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
            f"im2col による畳み込み：x ({n}, {c}, {h}, {h}), {k}×{k} のフィルター {f} 枚、ストライド {s}, "
            f"パディング {p}。逆伝播で dcol = dout_col @ col_W.T とする (col_W = W.reshape(F, -1).T)。col2im で戻す前の dcol の形状を求めよ。",
        ),
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {c} * {k} * {k})",
        answer_format="pair",
        solution=T(
            f"OH = OW = {o}; dout_col is (N×OH×OW, F) = ({n * o * o}, {f}); col_W.T is ({f}, {c * k * k}); the product "
            f"is {shape}, the shape of col. col2im sums it into dx ({n}, {c}, {h}, {h}).",
            f"OH = OW = {o}。dout_col は (N×OH×OW, F) = ({n * o * o}, {f})、col_W.T は ({f}, {c * k * k})。積は "
            f"{shape} で col と同じ形状。col2im で dx ({n}, {c}, {h}, {h}) に足し戻す。",
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
            f"全結合（Affine）層 y = x @ W + b（x は ({n}, {d})、W は ({d}, {m})）。逆伝播での {which} の形状を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="shape",
        solution=T(
            f"dW = x.T @ dout = ({d}, {n}) @ ({n}, {m}) = ({d}, {m}), W's shape; dx = dout @ W.T = ({n}, {d}), x's "
            f"shape; db = dout.sum(axis=0) = ({m},), b's shape.",
            f"dW = x.T @ dout = ({d}, {n}) @ ({n}, {m}) = ({d}, {m})（W と同じ形状）、dx = dout @ W.T = ({n}, {d})"
            f"（x と同じ形状）、db = dout.sum(axis=0) = ({m},)（b と同じ形状）。",
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
            f"形状 ({n}, {c}, {h}, {w}) の x に {k}×{k}、ストライド {k} の最大値プーリングを行う。逆伝播が返す dx の形状を求めよ。",
        ),
        answer=(n, c, h, w),
        expression=f"({n}, {c}, {h}, {w})",
        answer_format="shape",
        solution=T(
            f"dx always has x's shape, ({n}, {c}, {h}, {w}); the forward output was ({n}, {c}, {oh}, {ow}). Cells "
            f"no window reached get gradient 0.",
            f"dx は常に x と同じ形状 ({n}, {c}, {h}, {w})。順伝播の出力は ({n}, {c}, {oh}, {ow})。どのウィンドウにも入らなかった"
            f"セルの勾配は 0。",
        ),
        mistakes=(
            ("output_shape_for_input", (n, c, oh, ow)),
            ("floored_shape", (n, c, k * oh, k * ow)),
            ("transposed", (n, c, w, h)),
        ),
        params=dict(n=n, c=c, h=h, w=w, k=k),
    )
