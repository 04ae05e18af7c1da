"""Exam questions: the output size of a convolution (stride, padding, dilation, batches, rectangles, the floor)."""

from __future__ import annotations

from ..shapes import conv_output_size
from .mistakes import size_mistakes
from .registry import T, _formula, _generator, _pick

N04 = "04_output_size.ipynb"
DERIVE = "1. Deriving the formula by counting window positions"
NOT_EXACT = "3. When the division is not exact"


@_generator("conv_basic", "conv_size", N04, DERIVE)
def _conv_basic(rng):
    i = int(rng.integers(6, 33))
    k = _pick(rng, [3, 5, 7])
    p = int(rng.integers(0, 3))
    if k > i + 2 * p:
        i = k + 2
    o = conv_output_size(i, k, 1, p)
    return dict(
        text=T(
            f"An input feature map of {i}×{i} is convolved with a {k}×{k} kernel, stride 1, padding {p}. "
            f"What is the output height?",
            f"{i}×{i} の特徴マップに {k}×{k} のカーネルで畳み込みを行う（ストライド 1、パディング {p}）。"
            f"出力の高さを求めよ。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // 1 + 1",
        answer_format="whole",
        solution=T(
            f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − {k})/1 + 1 = {o}.",
            f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − {k})/1 + 1 = {o}。",
        ),
        mistakes=size_mistakes(i, k, 1, p, names=["no_padding", "padding_one_side", "forgot_plus_one"]),
        params=dict(i=i, k=k, s=1, p=p),
    )


@_generator("conv_stride_padding", "conv_size", N04, DERIVE)
def _conv_stride_padding(rng):
    s = _pick(rng, [2, 3, 4])
    k = _pick(rng, [3, 5, 7])
    p = int(rng.integers(0, k // 2 + 1))
    o = int(rng.integers(5, 17))
    i = (o - 1) * s + k - 2 * p  # an exact division, as most exam questions use
    assert conv_output_size(i, k, s, p, strict=True) == o
    return dict(
        text=T(
            f"Input {i}×{i}, kernel {k}×{k}, stride {s}, padding {p} (per side). What is the output width?",
            f"入力 {i}×{i}、カーネル {k}×{k}、ストライド {s}、パディング {p}（片側）。出力の幅を求めよ。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − {k})/{s} + 1 = {i + 2 * p - k}/{s} + 1 = {o}.",
            f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − {k})/{s} + 1 = {i + 2 * p - k}/{s} + 1 = {o}。",
        ),
        mistakes=size_mistakes(
            i,
            k,
            s,
            p,
            names=["forgot_plus_one", "add_before_divide", "no_padding", "padding_one_side", "stride_ignored"],
        ),
        params=dict(i=i, k=k, s=s, p=p),
    )


@_generator("conv_dilation", "conv_size", "03_stride_and_dilation.ipynb", "5. Dilation: the same weights, spread out")
def _conv_dilation(rng):
    d = _pick(rng, [2, 3, 4])
    k = 3
    s = _pick(rng, [1, 1, 2])
    p = _pick(rng, [0, d])
    o = int(rng.integers(6, 20))
    keff = d * (k - 1) + 1
    i = (o - 1) * s + keff - 2 * p
    assert conv_output_size(i, k, s, p, d, strict=True) == o
    return dict(
        text=T(
            f"A dilated (atrous) 3×3 convolution with dilation {d}, stride {s}, padding {p} is applied to a "
            f"{i}×{i} input. What is the output size along one side?",
            f"{i}×{i} の入力に、ダイレーション {d} の 3×3 畳み込み（ストライド {s}、パディング {p}）を適用する。"
            f"出力の一辺のサイズを求めよ。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {d}*({k} - 1) - 1) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"The dilated kernel spans K_eff = D(K−1) + 1 = {d}×2 + 1 = {keff} cells. "
            f"O = {_formula(i, k, s, p, d)} = {i + 2 * p - keff}/{s} + 1 = {o}.",
            f"ダイレーションしたカーネルの幅は K_eff = D(K−1) + 1 = {d}×2 + 1 = {keff}。"
            f"O = {_formula(i, k, s, p, d)} = {i + 2 * p - keff}/{s} + 1 = {o}。",
        ),
        mistakes=size_mistakes(i, k, s, p, d, names=["dilation_ignored", "forgot_plus_one", "padding_one_side"]),
        params=dict(i=i, k=k, s=s, p=p, d=d),
    )


@_generator(
    "conv_batch_shape", "conv_size", "05_channels_and_batches.ipynb", "4. Batches: (N, C, H, W) → (N, F, OH, OW)"
)
def _conv_batch_shape(rng):
    n = _pick(rng, [4, 8, 16, 32])
    c = _pick(rng, [1, 3])
    h = _pick(rng, [28, 32, 48, 64])
    w = _pick(rng, [32, 40, 64, 96])
    f = _pick(rng, [8, 16, 32, 64])
    k = _pick(rng, [3, 5])
    p = k // 2 if rng.random() < 0.5 else 0
    s = _pick(rng, [1, 2])
    oh, ow = conv_output_size((h, w), k, s, p)
    return dict(
        text=T(
            f"A batch x of shape (N, C, H, W) = ({n}, {c}, {h}, {w}) goes through a convolution layer with {f} "
            f"filters of {k}×{k}, stride {s}, padding {p}. What is the output shape?",
            f"形状が (N, C, H, W) = ({n}, {c}, {h}, {w}) のバッチ x を、{k}×{k} のフィルター {f} 枚の畳み込み層"
            f"（ストライド {s}、パディング {p}）に通す。出力の形状を求めよ。",
        ),
        answer=(n, f, oh, ow),
        expression=f"({n}, {f}, ({h} + 2*{p} - {k}) // {s} + 1, ({w} + 2*{p} - {k}) // {s} + 1)",
        answer_format="shape",
        solution=T(
            f"N stays {n}; the channels become the number of filters, {f}; OH = {_formula(h, k, s, p)} = {oh}, "
            f"OW = {_formula(w, k, s, p)} = {ow}.",
            f"N は {n} のまま、チャンネル数はフィルター数 {f} になる。OH = {_formula(h, k, s, p)} = {oh}、"
            f"OW = {_formula(w, k, s, p)} = {ow}。",
        ),
        mistakes=(
            ("kept_in_channels", (n, c, oh, ow)),
            ("transposed", (n, f, ow, oh)),
            ("forgot_plus_one", (n, f, oh - 1, ow - 1)),
        ),
        params=dict(n=n, c=c, h=h, w=w, f=f, k=k, s=s, p=p),
    )


@_generator("conv_rect", "conv_size", N04, "6. Exam-style size questions")
def _conv_rect(rng):
    h = int(rng.integers(10, 40))
    w = int(rng.integers(10, 40))
    while w == h:
        w = int(rng.integers(10, 40))
    kh, kw = _pick(rng, [(3, 5), (5, 3), (1, 3), (3, 1), (3, 3), (7, 3)])
    s = _pick(rng, [1, 2])
    ph, pw = kh // 2, kw // 2 if rng.random() < 0.5 else 0
    oh, ow = conv_output_size((h, w), (kh, kw), s, (ph, pw))
    return dict(
        text=T(
            f"An input of height {h} and width {w} is convolved with a kernel of height {kh} and width {kw}, "
            f"stride {s}, padding (top/bottom {ph}, left/right {pw}). What is (OH, OW)?",
            f"高さ {h}、幅 {w} の入力を、高さ {kh}、幅 {kw} のカーネルで畳み込む（ストライド {s}、パディング "
            f"上下 {ph}、左右 {pw}）。出力の（高さ OH、幅 OW）を求めよ。",
        ),
        answer=(oh, ow),
        expression=f"(({h} + 2*{ph} - {kh}) // {s} + 1, ({w} + 2*{pw} - {kw}) // {s} + 1)",
        answer_format="pair",
        solution=T(
            f"Each axis has its own numbers: OH = {_formula(h, kh, s, ph)} = {oh}, OW = {_formula(w, kw, s, pw)} = {ow}.",
            f"軸ごとに別々に計算する：OH = {_formula(h, kh, s, ph)} = {oh}、OW = {_formula(w, kw, s, pw)} = {ow}。",
        ),
        mistakes=(
            ("transposed", (ow, oh)),
            ("transposed", conv_output_size((h, w), (kw, kh), s, (pw, ph))),
            ("forgot_plus_one", (oh - 1, ow - 1)),
            ("no_padding", conv_output_size((h, w), (kh, kw), s, 0)),
        ),
        params=dict(h=h, w=w, kh=kh, kw=kw, s=s, ph=ph, pw=pw),
    )


@_generator("conv_floor", "conv_size", N04, NOT_EXACT)
def _conv_floor(rng):
    while True:
        i = int(rng.integers(20, 64))
        k = _pick(rng, [3, 5])
        s = _pick(rng, [2, 3])
        p = int(rng.integers(0, 2))
        if (i + 2 * p - k) % s:
            break
    o = conv_output_size(i, k, s, p)
    rem = (i + 2 * p - k) % s
    return dict(
        text=T(
            f"Input {i}×{i}, kernel {k}×{k}, stride {s}, padding {p}. The division does not come out even: what "
            f"output size do deep-learning frameworks (PyTorch, for example) produce?",
            f"入力 {i}×{i}、カーネル {k}×{k}、ストライド {s}、パディング {p}。割り切れない場合に深層学習フレーム"
            f"ワーク（PyTorch など）が出力するサイズを求めよ。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"({i} + 2×{p} − {k})/{s} = {i + 2 * p - k}/{s} is not a whole number; frameworks take the floor: "
            f"O = floor({(i + 2 * p - k) / s:.2f}) + 1 = {o}. The last {rem} row(s)/column(s) of the padded input "
            f"are never visited.",
            f"({i} + 2×{p} − {k})/{s} = {i + 2 * p - k}/{s} は割り切れないので切り捨てる："
            f"O = floor({(i + 2 * p - k) / s:.2f}) + 1 = {o}。最後の {rem} 行・列はウィンドウに入らない。",
        ),
        mistakes=size_mistakes(i, k, s, p, names=["ceil_for_floor", "forgot_plus_one", "padding_one_side"]),
        params=dict(i=i, k=k, s=s, p=p),
    )


@_generator("conv_find_padding", "conv_size", "02_padding.ipynb", "8. Exercise: choose the padding that keeps the size")
def _conv_find_padding(rng):
    k = _pick(rng, [3, 5, 7, 9])
    s = _pick(rng, [1, 2])  # with S = 1 or 2 exactly one P gives the output size
    p = int(rng.integers(0, k // 2 + 1))
    o = int(rng.integers(7, 33))
    i = (o - 1) * s + k - 2 * p
    assert conv_output_size(i, k, s, p) == o
    return dict(
        text=T(
            f"A {k}×{k} convolution with stride {s} turns a {i}×{i} input into a {o}×{o} output. "
            f"How much padding P (per side) does it use?",
            f"ストライド {s} の {k}×{k} 畳み込みが {i}×{i} の入力を {o}×{o} の出力にする。"
            f"片側のパディング P を求めよ。",
        ),
        answer=p,
        expression=f"(({o} - 1) * {s} + {k} - {i}) // 2",
        answer_format="whole",
        solution=T(
            f"Solve O = (I + 2P − K)/S + 1 for P: P = ((O − 1)S + K − I)/2 = (({o} − 1)×{s} + {k} − {i})/2 = {p}.",
            f"O = (I + 2P − K)/S + 1 を P について解く：P = ((O − 1)S + K − I)/2 = (({o} − 1)×{s} + {k} − {i})/2 = {p}。",
        ),
        mistakes=(
            ("padding_total", 2 * p),
            ("padding_one_side", (o - 1) * s + k - i),
            ("assumed_same_padding", (k - 1) // 2),
        ),
        params=dict(i=i, k=k, s=s, o=o),
    )
