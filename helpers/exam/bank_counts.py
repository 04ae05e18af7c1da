"""Exam questions: parameter counts (convolution, fully connected, with and without bias) and multiply-adds."""

from __future__ import annotations

from ..shapes import conv_output_size, conv_param_count
from .registry import T, _generator, _pick

N05 = "05_channels_and_batches.ipynb"
COUNTING = "6. Counting parameters"


@_generator("params_conv", "params", N05, COUNTING)
def _params_conv(rng):
    c = _pick(rng, [1, 3, 16, 32, 64])
    f = _pick(rng, [8, 16, 32, 64, 128])
    k = _pick(rng, [3, 5, 7])
    n = conv_param_count(c, f, k)
    return dict(
        text=T(
            f"A convolution layer takes {c} input channel{'s' if c > 1 else ''} and has {f} filters of {k}×{k} with "
            f"a bias. How many learnable parameters does it have?",
            f"入力チャンネル数 {c}, {k}×{k} のフィルター {f} 枚、バイアスありの畳み込み層の学習パラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{f} * {c} * {k} * {k} + {f}",
        answer_format="whole",
        solution=T(
            f"Weights F×C×K×K = {f}×{c}×{k}×{k} = {f * c * k * k}; one bias per filter: {f}. Total {n}.",
            f"重み F×C×K×K = {f}×{c}×{k}×{k} = {f * c * k * k}、バイアスはフィルターごとに 1 つで {f}。合計 {n}。",
        ),
        mistakes=(
            ("forgot_bias", f * c * k * k),
            ("kk_not_ckk", f * k * k + f),
            ("bias_per_weight", f * c * k * k * 2),
        ),
        params=dict(c=c, f=f, k=k, bias=True),
    )


@_generator("params_conv_nobias", "params", N05, COUNTING)
def _params_conv_nobias(rng):
    c = _pick(rng, [8, 16, 24, 32, 64, 96, 128])
    f = _pick(rng, [32, 64, 128, 256])
    k = _pick(rng, [1, 3, 5])
    n = conv_param_count(c, f, k, bias=False)
    return dict(
        text=T(
            f"A {k}×{k} convolution from {c} to {f} channels is followed by batch normalisation, so it has no bias "
            f"(bias=False). How many weights does the convolution have?",
            f"{c} チャンネルから {f} チャンネルへの {k}×{k} 畳み込みの後にバッチ正規化があるため、バイアスはない "
            f"(bias=False)。この畳み込みの重みの数を求めよ。",
        ),
        answer=n,
        expression=f"{f} * {c} * {k} * {k}",
        answer_format="whole",
        solution=T(f"F×C×K×K = {f}×{c}×{k}×{k} = {n} (no bias).", f"F×C×K×K = {f}×{c}×{k}×{k} = {n}（バイアスなし）。"),
        mistakes=(("bias_included", n + f), ("kk_not_ckk", f * k * k)),
        params=dict(c=c, f=f, k=k, bias=False),
    )


@_generator("params_fc", "params", "08_building_a_cnn.ipynb", "Flatten (平坦化) and Linear (全結合層)")
def _params_fc(rng):
    c = _pick(rng, [16, 32, 64])
    h = _pick(rng, [4, 5, 7])
    w = _pick(rng, [4, 5, 7])
    m = _pick(rng, [10, 64, 100, 120])
    d = c * h * w
    n = d * m + m
    return dict(
        text=T(
            f"A feature map of shape ({c}, {h}, {w}) per image is flattened and fed to a fully-connected layer with "
            f"{m} outputs and a bias. How many parameters does that layer have?",
            f"1 枚あたり形状 ({c}, {h}, {w}) の特徴マップを平坦化し、出力 {m}、バイアスありの全結合層に入れる。"
            f"この層のパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * {h} * {w} * {m} + {m}",
        answer_format="whole",
        solution=T(
            f"Flattened size C×H×W = {c}×{h}×{w} = {d}. Weights {d}×{m} = {d * m}, biases {m}: total {n}.",
            f"平坦化後のサイズ C×H×W = {c}×{h}×{w} = {d}。重み {d}×{m} = {d * m}、バイアス {m}：合計 {n}。",
        ),
        mistakes=(("forgot_bias", d * m), ("flatten_only_channels", c * m + m), ("bias_per_weight", 2 * d * m)),
        params=dict(d=d, m=m),
    )


@_generator("params_network", "params", "08_building_a_cnn.ipynb", "4. A network for 3×32×32 colour images")
def _params_network(rng):
    c0 = _pick(rng, [1, 3])
    c1 = _pick(rng, [6, 8, 16, 20])
    c2 = _pick(rng, [16, 32, 50])
    k1 = _pick(rng, [3, 5])
    k2 = _pick(rng, [3, 5])
    a = conv_param_count(c0, c1, k1)
    b = conv_param_count(c1, c2, k2)
    n = a + b
    return dict(
        text=T(
            f"Conv2d({c0}, {c1}, {k1}) → ReLU → MaxPool(2) → Conv2d({c1}, {c2}, {k2}) → ReLU → MaxPool(2), both "
            f"convolutions with bias. How many learnable parameters do these layers have in total?",
            f"Conv2d({c0}, {c1}, {k1}) → ReLU → MaxPool(2) → Conv2d({c1}, {c2}, {k2}) → ReLU → MaxPool(2)"
            f"（畳み込みはバイアスあり）。これらの層の学習パラメータ数の合計を求めよ。",
        ),
        answer=n,
        expression=f"({c1} * {c0} * {k1} * {k1} + {c1}) + ({c2} * {c1} * {k2} * {k2} + {c2})",
        answer_format="whole",
        solution=T(
            f"Conv 1: {c1}×{c0}×{k1}×{k1} + {c1} = {a}. ReLU and pooling have no parameters. "
            f"Conv 2: {c2}×{c1}×{k2}×{k2} + {c2} = {b}. Total {n}.",
            f"畳み込み 1：{c1}×{c0}×{k1}×{k1} + {c1} = {a}。ReLU とプーリングにパラメータはない。"
            f"畳み込み 2：{c2}×{c1}×{k2}×{k2} + {c2} = {b}。合計 {n}。",
        ),
        mistakes=(
            ("forgot_bias", n - c1 - c2),
            ("kk_not_ckk", c1 * k1 * k1 + c1 + c2 * k2 * k2 + c2),
        ),
        params=dict(layers=[(c0, c1, k1, True), (c1, c2, k2, True)]),
    )


@_generator("params_fc_vs_conv", "params", "01_convolution.ipynb", "7. Why not a fully-connected layer?")
def _params_fc_vs_conv(rng):
    h = _pick(rng, [6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64])
    k = _pick(rng, [3, 5, 7])
    c = _pick(rng, [1, 3])
    fc = (c * h * h) * (h * h)
    conv = c * k * k
    return dict(
        text=T(
            f"A {c}×{h}×{h} image must become one {h}×{h} map. A fully-connected layer without bias connects every "
            f"input value to every output cell. How many more weights does it have than one {k}×{k} convolution "
            f"filter without bias (padding keeps the size)?",
            f"{c}×{h}×{h} の画像を {h}×{h} のマップ 1 枚に変換する。バイアスなしの全結合層（全ての入力値と全ての出力セルを"
            f"結ぶ）の重みは、バイアスなしの {k}×{k} 畳み込みフィルター 1 枚（パディングでサイズを保つ）より何個多いか求めよ。",
        ),
        answer=fc - conv,
        expression=f"({c}*{h}*{h}) * ({h}*{h}) - {c}*{k}*{k}",
        answer_format="whole",
        solution=T(
            f"Fully connected: ({c}×{h}×{h}) × ({h}×{h}) = {fc}. Convolution: one {c}×{k}×{k} filter shared by every "
            f"position = {conv}. Difference {fc - conv}.",
            f"全結合：({c}×{h}×{h}) × ({h}×{h}) = {fc}。畳み込み：全位置で共有する {c}×{k}×{k} のフィルター 1 枚 = "
            f"{conv}。差は {fc - conv}。",
        ),
        mistakes=(("difference_not_asked", fc), ("kk_not_ckk", fc - k * k)),
        params=dict(c=c, h=h, k=k),
    )


# ----- multiply-adds

FLOPS_SECTION = ("06_fast_convolution.ipynb", "Its FLOP count")


@_generator("flops_conv", "flops", *FLOPS_SECTION)
def _flops_conv(rng):
    c = _pick(rng, [1, 3, 16, 32, 64])
    f = _pick(rng, [8, 16, 32, 64])
    k = _pick(rng, [1, 3, 5])
    h = _pick(rng, [8, 14, 16, 28, 32, 56])
    s = _pick(rng, [1, 2])
    p = k // 2
    o = conv_output_size(h, k, s, p)
    madds = o * o * f * c * k * k
    return dict(
        text=T(
            f"A convolution with {f} filters of {k}×{k}, stride {s}, padding {p}, on one {c}×{h}×{h} input. How "
            f"many multiply-adds (multiply-accumulate operations) does it take, ignoring the bias?",
            f"{c}×{h}×{h} の入力 1 枚に {k}×{k} のフィルター {f} 枚（ストライド {s}、パディング {p}）の畳み込みを行う。"
            f"積和演算の回数を求めよ（バイアスは無視する）。",
        ),
        answer=madds,
        expression=f"(({h} + 2*{p} - {k}) // {s} + 1) ** 2 * {f} * {c} * {k} * {k}",
        answer_format="whole",
        solution=T(
            f"Each of the OH×OW×F = {o}×{o}×{f} outputs needs C×K×K = {c * k * k} multiply-adds: "
            f"{o * o * f}×{c * k * k} = {madds} (FLOPs ≈ 2× that).",
            f"出力 OH×OW×F = {o}×{o}×{f} 個のそれぞれに C×K×K = {c * k * k} 回の積和演算："
            f"{o * o * f}×{c * k * k} = {madds}（FLOPs はその約 2 倍）。",
        ),
        mistakes=(
            ("flops_no_outputs", f * c * k * k),
            ("flops_input_size", h * h * f * c * k * k),
            ("kk_not_ckk", o * o * f * k * k),
            ("flops_times_two", 2 * madds),
        ),
        params=dict(c=c, f=f, k=k, h=h, s=s, p=p),
    )


@_generator("flops_fc", "flops", *FLOPS_SECTION)
def _flops_fc(rng):
    n = _pick(rng, [1, 8, 32, 64, 100])
    d = _pick(rng, [256, 400, 784, 800, 1024])
    m = _pick(rng, [10, 50, 100, 500])
    madds = n * d * m
    return dict(
        text=T(
            f"A fully-connected layer maps {d} inputs to {m} outputs; a batch of {n} goes through it. How many "
            f"multiply-adds does x @ W take?",
            f"入力 {d}、出力 {m} の全結合層に"
            + (f" {n} 個のデータからなるミニバッチ（バッチサイズ {n}）を通す。" if n > 1 else "データ 1 個を通す。")
            + "x @ W の積和演算の回数を求めよ。",
        ),
        answer=madds,
        expression=f"{n} * {d} * {m}",
        answer_format="whole",
        solution=T(
            f"(N, D) @ (D, M): each of the N×M = {n * m} outputs is a sum of D = {d} products: {madds}.",
            f"(N, D) @ (D, M)：N×M = {n * m} 個の出力それぞれが D = {d} 個の積の和：{madds}。",
        ),
        mistakes=(
            ("flops_no_outputs", d * m) if n > 1 else ("flops_times_two", 2 * madds),
            ("flops_times_two", 2 * madds),
        ),
        params=dict(n=n, d=d, m=m),
    )


@_generator("flops_stride_saving", "flops", "03_stride_and_dilation.ipynb", "4. The compute a stride saves")
def _flops_stride_saving(rng):
    h = _pick(rng, [16, 24, 32, 48, 64, 96, 128])
    k = _pick(rng, [3, 5, 7])
    s = _pick(rng, [2, 3, 4])
    p = k // 2
    o1, os_ = conv_output_size(h, k, 1, p), conv_output_size(h, k, s, p)
    saved = o1 * o1 - os_ * os_
    return dict(
        text=T(
            f"A {k}×{k} convolution with padding {p} on a {h}×{h} input: how many output positions (and so "
            f"multiply-add groups per filter) does stride {s} save compared with stride 1?",
            f"{h}×{h} の入力にパディング {p} の {k}×{k} 畳み込みを行う。ストライド 1 と比べてストライド {s} では出力の位置"
            f"（フィルターあたりの積和演算のまとまり）がいくつ減るか求めよ。",
        ),
        answer=saved,
        expression=f"(({h} + 2*{p} - {k}) // 1 + 1) ** 2 - (({h} + 2*{p} - {k}) // {s} + 1) ** 2",
        answer_format="whole",
        solution=T(
            f"Stride 1: {o1}×{o1} = {o1 * o1} positions; stride {s}: {os_}×{os_} = {os_ * os_}. Saved "
            f"{saved}: {o1 * o1}/{os_ * os_} ≈ {o1 * o1 / (os_ * os_):.1f}× fewer positions (S² = {s * s} only when "
            f"the sizes divide evenly).",
            f"ストライド 1：{o1}×{o1} = {o1 * o1} 位置、ストライド {s}：{os_}×{os_} = {os_ * os_}。"
            f"{saved} 減る（{o1 * o1}/{os_ * os_} ≈ {o1 * o1 / (os_ * os_):.1f} 分の 1。S² = {s * s} 分の 1 になるのは割り切れる"
            f"ときだけ）。",
        ),
        mistakes=(("difference_not_asked", os_ * os_), ("stride_ignored", o1 - os_)),
        params=dict(h=h, k=k, s=s, p=p),
    )
