"""Exam questions: parameter counts, multiply-adds, 1×1 / bottleneck / depthwise-separable, architectures, dropout."""

from __future__ import annotations

from ..shapes import conv_output_size, conv_param_count, pool_output_size
from .registry import T, _generator, _pick

N05 = "05_channels_and_batches.ipynb"
COUNTING = "6. Counting parameters"
ONE = "7. 1×1 convolution: mixing channels"


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
            f"入力チャンネル数 {c}, {k}×{k} のフィルター {f} 枚, バイアスありの畳み込み層の学習パラメータ数を求めよ。",
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
        solution=T(f"F×C×K×K = {f}×{c}×{k}×{k} = {n} (no bias).", f"F×C×K×K = {f}×{c}×{k}×{k} = {n} (バイアスなし)。"),
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
            f"1 枚あたり形 ({c}, {h}, {w}) の特徴マップを平坦化し、出力 {m}, バイアスありの全結合層に入れる。"
            f"この層のパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * {h} * {w} * {m} + {m}",
        answer_format="whole",
        solution=T(
            f"Flattened size C×H×W = {c}×{h}×{w} = {d}. Weights {d}×{m} = {d * m}, biases {m}: total {n}.",
            f"平坦化後のサイズ C×H×W = {c}×{h}×{w} = {d}。重み {d}×{m} = {d * m}、バイアス {m}: 合計 {n}。",
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
            f"Conv2d({c0}, {c1}, {k1}) → ReLU → MaxPool(2) → Conv2d({c1}, {c2}, {k2}) → ReLU → MaxPool(2) "
            f"(畳み込みはバイアスあり)。これらの層の学習パラメータ数の合計を求めよ。",
        ),
        answer=n,
        expression=f"({c1} * {c0} * {k1} * {k1} + {c1}) + ({c2} * {c1} * {k2} * {k2} + {c2})",
        answer_format="whole",
        solution=T(
            f"Conv 1: {c1}×{c0}×{k1}×{k1} + {c1} = {a}. ReLU and pooling have no parameters. "
            f"Conv 2: {c2}×{c1}×{k2}×{k2} + {c2} = {b}. Total {n}.",
            f"畳み込み 1: {c1}×{c0}×{k1}×{k1} + {c1} = {a}。ReLU とプーリングにパラメータはない。"
            f"畳み込み 2: {c2}×{c1}×{k2}×{k2} + {c2} = {b}。合計 {n}。",
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
            f"{c}×{h}×{h} の画像を {h}×{h} のマップ 1 枚に変換する。バイアスなしの全結合層 (全ての入力値と全ての出力セルを"
            f"結ぶ) の重みは、バイアスなしの {k}×{k} 畳み込みフィルター 1 枚 (パディングでサイズを保つ) より何個多いか求めよ。",
        ),
        answer=fc - conv,
        expression=f"({c}*{h}*{h}) * ({h}*{h}) - {c}*{k}*{k}",
        answer_format="whole",
        solution=T(
            f"Fully connected: ({c}×{h}×{h}) × ({h}×{h}) = {fc}. Convolution: one {c}×{k}×{k} filter shared by every "
            f"position = {conv}. Difference {fc - conv}.",
            f"全結合: ({c}×{h}×{h}) × ({h}×{h}) = {fc}。畳み込み: 全位置で共有する {c}×{k}×{k} のフィルター 1 枚 = "
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
            f"{c}×{h}×{h} の入力 1 枚に {k}×{k} のフィルター {f} 枚 (ストライド {s}, パディング {p}) の畳み込みを行う。"
            f"積和演算の回数を求めよ (バイアスは無視する)。",
        ),
        answer=madds,
        expression=f"(({h} + 2*{p} - {k}) // {s} + 1) ** 2 * {f} * {c} * {k} * {k}",
        answer_format="whole",
        solution=T(
            f"Each of the OH×OW×F = {o}×{o}×{f} outputs needs C×K×K = {c * k * k} multiply-adds: "
            f"{o * o * f}×{c * k * k} = {madds} (FLOPs ≈ 2× that).",
            f"出力 OH×OW×F = {o}×{o}×{f} 個のそれぞれに C×K×K = {c * k * k} 回の積和演算: "
            f"{o * o * f}×{c * k * k} = {madds} (FLOPs はその約 2 倍)。",
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
            f"入力 {d}, 出力 {m} の全結合層にバッチ {n} 個を通す。x @ W の積和演算の回数を求めよ。",
        ),
        answer=madds,
        expression=f"{n} * {d} * {m}",
        answer_format="whole",
        solution=T(
            f"(N, D) @ (D, M): each of the N×M = {n * m} outputs is a sum of D = {d} products: {madds}.",
            f"(N, D) @ (D, M): N×M = {n * m} 個の出力それぞれが D = {d} 個の積の和: {madds}。",
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
            f"{h}×{h} の入力にパディング {p} の {k}×{k} 畳み込みを行う。ストライド 1 と比べてストライド {s} では出力の位置 "
            f"(フィルターあたりの積和演算のまとまり) がいくつ減るか求めよ。",
        ),
        answer=saved,
        expression=f"(({h} + 2*{p} - {k}) // 1 + 1) ** 2 - (({h} + 2*{p} - {k}) // {s} + 1) ** 2",
        answer_format="whole",
        solution=T(
            f"Stride 1: {o1}×{o1} = {o1 * o1} positions; stride {s}: {os_}×{os_} = {os_ * os_}. Saved "
            f"{saved}: {o1 * o1}/{os_ * os_} ≈ {o1 * o1 / (os_ * os_):.1f}× fewer positions (S² = {s * s} only when "
            f"the sizes divide evenly).",
            f"ストライド 1: {o1}×{o1} = {o1 * o1} 位置、ストライド {s}: {os_}×{os_} = {os_ * os_}。"
            f"{saved} 減る ({o1 * o1}/{os_ * os_} ≈ {o1 * o1 / (os_ * os_):.1f} 分の 1。S² = {s * s} 分の 1 になるのは割り切れる"
            f"ときだけ)。",
        ),
        mistakes=(("difference_not_asked", os_ * os_), ("stride_ignored", o1 - os_)),
        params=dict(h=h, k=k, s=s, p=p),
    )


# ----- 1×1, bottleneck, depthwise-separable


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
            f"1×1 カーネルも入力の全 {c} チャンネルにまたがる: {f}×{c}×1×1 + {f} = {n}。",
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
            f"ボトルネックブロックが {c} チャンネルを 1×1 ({c}→{m}), {k}×{k} ({m}→{m}), 1×1 ({m}→{c}) の畳み込み "
            f"(全てバイアスなし) で処理する。ブロックの重みの数を求めよ。",
        ),
        answer=n,
        expression=f"{c}*{m}*1*1 + {m}*{m}*{k}*{k} + {m}*{c}*1*1",
        answer_format="whole",
        solution=T(
            f"1×1: {m}×{c} = {a}; {k}×{k}: {m}×{m}×{k * k} = {b}; 1×1: {c}×{m} = {e}. Total {n} (a plain {k}×{k} "
            f"layer {c}→{c} would have {c * c * k * k}).",
            f"1×1: {m}×{c} = {a}、{k}×{k}: {m}×{m}×{k * k} = {b}、1×1: {c}×{m} = {e}。合計 {n} (通常の {k}×{k} 層 "
            f"{c}→{c} なら {c * c * k * k})。",
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
            f"GoogLeNet 方式: {h}×{h}×{c} の特徴マップに {k}×{k} 畳み込み {c}→{f} ('same' パディング) を直接行う代わりに、"
            f"1×1 畳み込みで {m} チャンネルに減らしてから {k}×{k} 畳み込み {m}→{f} を行う。削減される積和演算の回数を求めよ。",
        ),
        answer=saved,
        expression=f"{h}*{h} * ({f}*{c}*{k}*{k} - ({m}*{c} + {f}*{m}*{k}*{k}))",
        answer_format="whole",
        solution=T(
            f"Per output position: direct {f}×{c}×{k}×{k} = {direct}; with the 1×1 reduction {m}×{c} + {f}×{m}×{k}×{k} "
            f"= {via}. Saved ({direct} − {via}) × {h}×{h} = {saved} ({direct / via:.1f}× fewer).",
            f"出力の 1 位置あたり: 直接 {f}×{c}×{k}×{k} = {direct}、1×1 で削減すると {m}×{c} + {f}×{m}×{k}×{k} = {via}。"
            f"削減量 ({direct} − {via}) × {h}×{h} = {saved} ({direct / via:.1f} 分の 1)。",
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
            f"深さ方向の畳み込み (depthwise) Conv2d({c}, {c}, {k}, groups={c}) (バイアス{'あり' if bias else 'なし'}) "
            f"のパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * {k} * {k}" + (f" + {c}" if bias else ""),
        answer_format="whole",
        solution=T(
            f"groups = C: each channel has its own single {k}×{k} filter, C×K×K = {c * k * k}"
            + (f", plus {c} biases" if bias else "")
            + f": {n}.",
            f"groups = C なのでチャンネルごとに {k}×{k} のフィルターが 1 つ: C×K×K = {c * k * k}"
            + (f"、バイアス {c}" if bias else "")
            + f": {n}。",
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
            f"深さ方向分離畳み込み (MobileNet): {c} チャンネルへの {k}×{k} の depthwise 畳み込みの後に 1×1 の pointwise "
            f"畳み込み {c}→{f} (バイアスなし)。重みの総数を求めよ。",
        ),
        answer=dw + pw,
        expression=f"{c}*{k}*{k} + {c}*{f}",
        answer_format="whole",
        solution=T(
            f"Depthwise C×K×K = {c}×{k * k} = {dw}; pointwise C×F = {c}×{f} = {pw}; total {dw + pw}, against "
            f"{c * f * k * k} for a standard {k}×{k} convolution.",
            f"depthwise C×K×K = {c}×{k * k} = {dw}、pointwise C×F = {c}×{f} = {pw}、合計 {dw + pw} "
            f"(通常の {k}×{k} 畳み込みなら {c * f * k * k})。",
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
            f"深さ方向分離畳み込み ({k}×{k} depthwise + 1×1 pointwise, {c}→{f} チャンネル) の積和演算数の、通常の "
            f"{k}×{k} 畳み込み {c}→{f} (出力サイズは同じ) に対する比を求めよ (小数 4 桁まで)。",
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


# ----- classic architectures


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
            f"AlexNet 型の第 1 層: 3×{i}×{i} の画像に {k}×{k} のフィルター {f} 枚 (ストライド {s}, パディング {p})。"
            f"出力の一辺のサイズを求めよ (フレームワーク同様に切り捨て)。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"O = floor(({i} + 2×{p} − {k})/{s}) + 1 = {o}"
            + ("." if exact else f": ({i + 2 * p - k})/{s} is not exact (the paper's 224 is why people use 227)."),
            f"O = floor(({i} + 2×{p} − {k})/{s}) + 1 = {o}"
            + ("。" if exact else f": ({i + 2 * p - k})/{s} は割り切れない (論文の 224 ではなく 227 が使われる理由)。"),
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
            f"最後のブロックのチャンネル数が {c} の VGG-16 (パディング 1 の 3×3 畳み込み, 2×2 ストライド 2 の最大値"
            f"プーリング 5 回) に 3×{i}×{i} の画像を入れる。最初の全結合層の前の平坦化で得られる特徴の数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * ({i} // 32) ** 2",
        answer_format="whole",
        solution=T(
            f"The convolutions keep the size; the five pools divide it by 2⁵ = 32: {i} → {h}. Flatten "
            f"{h}×{h}×{c} = {n} (224 gives the famous 7×7×512 = 25,088).",
            f"畳み込みはサイズを保ち、5 回のプーリングで 2⁵ = 32 分の 1: {i} → {h}。平坦化 {h}×{h}×{c} = {n} "
            f"(224 なら有名な 7×7×512 = 25,088)。",
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
            f"3×{i}×{i} の画像に対する VGG-16 の畳み込み部の出力は 512 チャンネル, {i // 32}×{i // 32}。最初の全結合層 "
            f"(出力 {m}, バイアスあり) のパラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"512 * {i // 32} * {i // 32} * {m} + {m}",
        answer_format="whole",
        solution=T(
            f"Flatten 512×{i // 32}×{i // 32} = {d}; weights {d}×{m} = {d * m}; biases {m}: {n}. This one layer holds "
            f"most of VGG-16's parameters.",
            f"平坦化 512×{i // 32}×{i // 32} = {d}、重み {d}×{m} = {d * m}、バイアス {m}: {n}。この 1 層が VGG-16 の"
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
            f"3×3 畳み込み {c}→{c} ({ja_b}) を {n} 層重ねると受容野は {k_big}×{k_big} で、{k_big}×{k_big} の畳み込み "
            f"{c}→{c} ({ja_b}) 1 層と同じになる。この積み重ねは 1 層の大きな畳み込みに比べてパラメータがいくつ少ないか"
            f"求めよ。",
        ),
        answer=big - stack,
        expression=f"({c}*{c}*{k_big}*{k_big} + {c if bias else 0}) - {n}*({c}*{c}*3*3 + {c if bias else 0})",
        answer_format="whole",
        solution=T(
            f"Large: {c}×{c}×{k_big}²{f' + {c}' if bias else ''} = {big}; stack: {n}×({c}×{c}×9"
            f"{f' + {c}' if bias else ''}) = {stack}; saved {big - stack} (and {n} ReLUs instead of one).",
            f"大きい畳み込み: {c}×{c}×{k_big}²{f' + {c}' if bias else ''} = {big}、積み重ね: {n}×({c}×{c}×9"
            f"{f' + {c}' if bias else ''}) = {stack}、差は {big - stack} (しかも ReLU が 1 つでなく {n} つ)。",
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
            f"1×{i}×{i} の数字画像に LeNet 型: conv1 = Conv2d(1, {c1}, 5, padding={p1}) → ReLU → pool1 = MaxPool2d(2) "
            f"→ conv2 = Conv2d({c1}, {c2}, 5) → ReLU → pool2 = MaxPool2d(2)。画像 1 枚の {stage} の出力の形 "
            f"(C, H, W) を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="shape",
        solution=T(
            "Layer by layer: " + "; ".join(f"{k}: {v}" for k, v in shapes.items()) + ".",
            "層ごとに: " + "; ".join(f"{k}: {v}" for k, v in shapes.items()) + "。",
        ),
        mistakes=(
            ("conv_removes_two", (ans[0], ans[1] + 2, ans[2] + 2) if stage in ("conv1", "conv2") else prev),
            ("forgot_pool", prev if stage.startswith("pool") else (ans[0], ans[1] * 2, ans[2] * 2)),
            ("kept_in_channels", (prev[0],) + ans[1:]),
        ),
        params=dict(i=i, p1=p1, c1=c1, c2=c2, stage=stage),
    )


# ----- dropout

DROP = ("08_building_a_cnn.ipynb", "6. Dropout (ドロップアウト): training mode vs. evaluation mode")


@_generator("dropout_train_value", "dropout", *DROP)
def _dropout_train_value(rng):
    p = _pick(rng, [0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 0.9])
    x = _pick(rng, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 9.0, 10.0, 12.0])
    out = round(x / (1 - p), 6)
    return dict(
        text=T(
            f"Inverted dropout with p = {p} (the probability of dropping) in training mode. A unit with value {x:g} "
            f"is kept. What value does it output?",
            f"逆ドロップアウト (inverted dropout, p = {p} は消す確率) の学習時。値 {x:g} のユニットが残った。出力される値を求めよ。",
        ),
        answer=out,
        expression=f"{x} / (1 - {p})",
        answer_format="decimal",
        solution=T(
            f"Kept values are scaled by 1/(1 − p) = 1/{1 - p:g} so that E[out] = x: {x:g}/{1 - p:g} = {out:g}.",
            f"残った値は E[out] = x となるよう 1/(1 − p) = 1/{1 - p:g} 倍される: {x:g}/{1 - p:g} = {out:g}。",
        ),
        mistakes=(
            ("dropout_scale_inverted", x),
            ("dropout_keep_vs_drop", round(x / p, 6)),
            ("dropout_test_scaling", round(x * (1 - p), 6)),
        ),
        params=dict(p=p, x=x),
    )


@_generator("dropout_test_value", "dropout", *DROP)
def _dropout_test_value(rng):
    p = _pick(rng, [0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8])
    x = _pick(rng, [1.0, 2.0, 4.0, 5.0, 8.0, 10.0])
    style = _pick(rng, ["inverted", "test_scaling"])
    out = x if style == "inverted" else round(x * (1 - p), 6)
    en = (
        "inverted dropout (scaling by 1/(1 − p) during training, as PyTorch and helpers.Dropout do)"
        if style == "inverted"
        else "dropout that does not scale during training and instead multiplies by the keep probability at test time"
    )
    ja = (
        "学習時に 1/(1 − p) 倍する逆ドロップアウト (inverted dropout、PyTorch や helpers.Dropout と同じ)"
        if style == "inverted"
        else "学習時はスケールせず、テスト時に残す確率を掛ける方式のドロップアウト"
    )
    return dict(
        text=T(
            f"A layer uses {en}, with drop probability p = {p}. At test time a unit's input is {x:g}. What does the "
            f"dropout layer output?",
            f"ある層は{ja}を使う (消す確率 p = {p})。テスト時にユニットへの入力が {x:g} のとき、ドロップアウト層の"
            f"出力を求めよ。",
        ),
        answer=out,
        expression=f"{x}" if style == "inverted" else f"{x} * (1 - {p})",
        answer_format="decimal",
        solution=T(
            (
                f"Inverted dropout already kept E[out] = x during training, so at test time it is the identity: {x:g}."
                if style == "inverted"
                else f"Without training-time scaling the test output is multiplied by 1 − p = {1 - p:g}: "
                f"{x:g}×{1 - p:g} = {out:g}."
            ),
            (
                f"逆ドロップアウト (inverted dropout) は学習時に E[out] = x としているので、テスト時は恒等写像: {x:g}。"
                if style == "inverted"
                else f"学習時にスケールしない方式では、テスト時に 1 − p = {1 - p:g} を掛ける: {x:g}×{1 - p:g} = {out:g}。"
            ),
        ),
        mistakes=(
            ("dropout_test_scaling", round(x * (1 - p), 6)),
            ("dropout_scale_inverted", round(x / (1 - p), 6)),
            ("dropout_keep_vs_drop", round(x * p, 6)),
            ("dropout_test_scaling", x),
        ),
        params=dict(p=p, x=x, style=style),
    )


@_generator("dropout_kept_count", "dropout", *DROP)
def _dropout_kept_count(rng):
    n = _pick(rng, [100, 200, 256, 400, 500, 1000, 1024, 4096])
    p = _pick(rng, [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8])
    kept = round(n * (1 - p))
    return dict(
        text=T(
            f"Dropout with p = {p} on a layer of {n} units during training: how many units are kept on average?",
            f"学習時、{n} ユニットの層に p = {p} のドロップアウトを適用する。平均して何ユニット残るか求めよ。",
        ),
        answer=int(kept),
        expression=f"round({n} * (1 - {p}))",
        answer_format="whole",
        solution=T(
            f"p is the probability of dropping a unit: {n}×(1 − {p}) = {kept} are kept on average.",
            f"p はユニットを消す確率: 平均 {n}×(1 − {p}) = {kept} 個が残る。",
        ),
        mistakes=(("dropout_keep_vs_drop", round(n * p)), ("dropout_all_kept", n)),
        params=dict(n=n, p=p),
    )
