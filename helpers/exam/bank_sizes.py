"""Exam questions: output sizes of convolutions and pooling, padding, TensorFlow 'same', transposed convolution."""

from __future__ import annotations

from ..shapes import conv_output_size, conv_param_count, conv_transpose_output_size, pool_output_size, tf_same_padding
from .registry import T, _formula, _generator, _pick, size_mistakes

N04 = "04_output_size.ipynb"
DERIVE = "1. Deriving the formula by counting window positions"
NOT_EXACT = "3. When the division is not exact"
CONVENTIONS = "4. Conventions to watch for"


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
            f"{i}×{i} の特徴マップに {k}×{k} のカーネルで畳み込みを行う (ストライド 1, パディング {p})。"
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
            f"入力 {i}×{i}, カーネル {k}×{k}, ストライド {s}, パディング {p} (片側)。出力の幅を求めよ。",
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
            f"{i}×{i} の入力に、ダイレーション {d} の 3×3 畳み込み (ストライド {s}, パディング {p}) を適用する。"
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
            f"形が (N, C, H, W) = ({n}, {c}, {h}, {w}) のバッチ x を、{k}×{k} のフィルター {f} 枚の畳み込み層 "
            f"(ストライド {s}, パディング {p}) に通す。出力の形を求めよ。",
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
            f"高さ {h}, 幅 {w} の入力を、高さ {kh}, 幅 {kw} のカーネルで畳み込む (ストライド {s}, パディング "
            f"上下 {ph}, 左右 {pw})。出力の (高さ OH, 幅 OW) を求めよ。",
        ),
        answer=(oh, ow),
        expression=f"(({h} + 2*{ph} - {kh}) // {s} + 1, ({w} + 2*{pw} - {kw}) // {s} + 1)",
        answer_format="pair",
        solution=T(
            f"Each axis has its own numbers: OH = {_formula(h, kh, s, ph)} = {oh}, OW = {_formula(w, kw, s, pw)} = {ow}.",
            f"軸ごとに別々に計算する: OH = {_formula(h, kh, s, ph)} = {oh}、OW = {_formula(w, kw, s, pw)} = {ow}。",
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
            f"入力 {i}×{i}, カーネル {k}×{k}, ストライド {s}, パディング {p}。割り切れない場合に深層学習フレーム"
            f"ワーク (PyTorch など) が出力するサイズを求めよ。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"({i} + 2×{p} − {k})/{s} = {i + 2 * p - k}/{s} is not a whole number; frameworks take the floor: "
            f"O = floor({(i + 2 * p - k) / s:.2f}) + 1 = {o}. The last {rem} row(s)/column(s) of the padded input "
            f"are never visited.",
            f"({i} + 2×{p} − {k})/{s} = {i + 2 * p - k}/{s} は割り切れないので切り捨てる: "
            f"O = floor({(i + 2 * p - k) / s:.2f}) + 1 = {o}。最後の {rem} 行・列は窓に入らない。",
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
            f"O = (I + 2P − K)/S + 1 を P について解く: P = ((O − 1)S + K − I)/2 = (({o} − 1)×{s} + {k} − {i})/2 = {p}。",
        ),
        mistakes=(
            ("padding_total", 2 * p),
            ("padding_one_side", (o - 1) * s + k - i),
            ("assumed_same_padding", (k - 1) // 2),
        ),
        params=dict(i=i, k=k, s=s, o=o),
    )


@_generator("conv_valid_same_full", "padding", "02_padding.ipynb", "3. Valid, same and full")
def _conv_valid_same_full(rng):
    k = _pick(rng, [3, 5, 7])
    i = int(rng.integers(k, 40))
    mode = _pick(rng, ["valid", "same", "full"])
    p = {"valid": 0, "same": (k - 1) // 2, "full": k - 1}[mode]
    o = conv_output_size(i, k, 1, p)
    ja = {"valid": "valid (パディングなし)", "same": "same (サイズを保つ)", "full": "full (全ての重なり)"}[mode]
    return dict(
        text=T(
            f"A {k}×{k} convolution, stride 1, in '{mode}' mode on a {i}×{i} input. What is the output size along "
            f"one side?",
            f"{i}×{i} の入力に {k}×{k} の畳み込み (ストライド 1) を '{ja}' モードで行う。出力の一辺を求めよ。",
        ),
        answer=o,
        expression=f"{i} + 2*{p} - {k} + 1",
        answer_format="whole",
        solution=T(
            f"'{mode}' pads P = {p} per side (valid 0, same (K−1)/2, full K−1): O = {i} + 2×{p} − {k} + 1 = {o}.",
            f"'{mode}' は片側 P = {p} (valid 0, same (K−1)/2, full K−1): O = {i} + 2×{p} − {k} + 1 = {o}。",
        ),
        mistakes=(
            ("padding_one_side", i + p - k + 1),
            ("no_padding", i - k + 1),
            ("forgot_plus_one", i + 2 * p - k),
        ),
        params=dict(i=i, k=k, p=p),
    )


@_generator("same_padding", "padding", "02_padding.ipynb", "8. Exercise: choose the padding that keeps the size")
def _same_padding(rng):
    k = _pick(rng, [3, 5, 7, 9, 11])
    d = _pick(rng, [1, 1, 2, 3, 4])
    i = int(rng.integers(8, 65))
    p = d * (k - 1) // 2
    assert conv_output_size(i, k, 1, p, d) == i
    return dict(
        text=T(
            f"A {k}×{k} convolution with dilation {d}, stride 1, must keep a {i}×{i} input at {i}×{i}. "
            f"What padding P per side does it need?",
            f"ダイレーション {d}, ストライド 1 の {k}×{k} 畳み込みで {i}×{i} の入力サイズを保ちたい。"
            f"片側に必要なパディング P を求めよ。",
        ),
        answer=p,
        expression=f"{d} * ({k} - 1) // 2",
        answer_format="whole",
        solution=T(
            f"O = I needs 2P = D(K − 1): P = {d}×({k} − 1)/2 = {p}.",
            f"O = I となるには 2P = D(K − 1): P = {d}×({k} − 1)/2 = {p}。",
        ),
        mistakes=(("padding_total", 2 * p), ("dilation_ignored", (k - 1) // 2)),
        params=dict(i=i, k=k, d=d),
    )


@_generator("tf_same_output", "padding", N04, CONVENTIONS)
def _tf_same_output(rng):
    i = int(rng.integers(7, 100))
    k = _pick(rng, [2, 3, 5, 7])
    s = _pick(rng, [2, 3, 4])
    o, _, _ = tf_same_padding(i, k, s)
    return dict(
        text=T(
            f"TensorFlow/Keras: Conv2D(filters, {k}, strides={s}, padding='same') on a {i}×{i} input. "
            f"What is the output size along one side?",
            f"TensorFlow/Keras の Conv2D(filters, {k}, strides={s}, padding='same') を {i}×{i} の入力に適用する。"
            f"出力の一辺のサイズを求めよ。",
        ),
        answer=o,
        expression=f"-(-{i} // {s})",
        answer_format="whole",
        solution=T(
            f"TensorFlow's 'same' does not keep the size when S > 1: O = ceil(I / S) = ceil({i}/{s}) = {o}, "
            f"whatever K is; it pads max((O − 1)S + K − I, 0) cells in total to get there.",
            f"TensorFlow の 'same' は S > 1 ではサイズを保たない: K に関係なく O = ceil(I / S) = ceil({i}/{s}) = {o}。"
            f"そのためにパディングを合計 max((O − 1)S + K − I, 0) セル入れる。",
        ),
        mistakes=(("tf_floor", i // s), ("tf_valid", -(-(i - k + 1) // s)), ("tf_same_stride_ignored", i)),
        params=dict(i=i, k=k, s=s),
    )


@_generator("tf_same_pad", "padding", N04, CONVENTIONS)
def _tf_same_pad(rng):
    h = int(rng.integers(7, 64))
    w = int(rng.integers(7, 64))
    k = _pick(rng, [2, 3, 4, 5, 6])
    s = _pick(rng, [1, 2, 3])
    (oh, top, bottom), (ow, left, right) = tf_same_padding(h, k, s), tf_same_padding(w, k, s)
    total_h, total_w = top + bottom, left + right
    return dict(
        text=T(
            f"TensorFlow's padding='same' for a {k}×{k} kernel, stride {s}, on an input of height {h} and width "
            f"{w}. How many zero rows/columns are added (top, bottom, left, right)?",
            f"高さ {h}, 幅 {w} の入力に TensorFlow の padding='same' ({k}×{k} カーネル, ストライド {s}) を使う。"
            f"追加されるゼロの行・列の数 (上, 下, 左, 右) を求めよ。",
        ),
        answer=(top, bottom, left, right),
        expression=f"({top}, {total_h} - {top}, {left}, {total_w} - {left})",
        answer_format="shape",
        solution=T(
            f"O = ceil(I/S): OH = {oh}, OW = {ow}. Total padding max((O − 1)S + K − I, 0): rows {total_h}, columns "
            f"{total_w}. TensorFlow puts half (rounded down) before and the rest after: ({top}, {bottom}, {left}, "
            f"{right}).",
            f"O = ceil(I/S): OH = {oh}, OW = {ow}。合計パディング max((O − 1)S + K − I, 0): 行 {total_h}, 列 "
            f"{total_w}。前 (上・左) に半分 (切り捨て)、残りを後ろ (下・右) に入れる: ({top}, {bottom}, {left}, {right})。",
        ),
        mistakes=(
            ("tf_extra_before", (bottom, top, right, left)),
            ("tf_total_pad", (total_h, total_h, total_w, total_w)),
            ("tf_same_stride_ignored" if s > 1 else "tf_same_even_kernel", ((k - 1) // 2,) * 4),
        ),
        params=dict(h=h, w=w, k=k, s=s),
    )


@_generator("transposed_size", "padding", N04, CONVENTIONS)
def _transposed_size(rng):
    i = int(rng.integers(3, 17))
    s = _pick(rng, [1, 2, 2, 3])
    k = _pick(rng, [2, 3, 4, 5])
    p = int(rng.integers(0, min(3, k)))
    d = _pick(rng, [1, 1, 1, 2])
    op = int(rng.integers(0, max(s, d))) if rng.random() < 0.5 else 0
    o = conv_transpose_output_size(i, k, s, p, op, d)
    extra = f", output_padding={op}" if op else ""
    extra_d = f", dilation={d}" if d > 1 else ""
    return dict(
        text=T(
            f"PyTorch ConvTranspose2d(C_in, C_out, kernel_size={k}, stride={s}, padding={p}{extra}{extra_d}) on a "
            f"{i}×{i} input. What is the output size along one side?",
            f"PyTorch の転置畳み込み ConvTranspose2d(C_in, C_out, kernel_size={k}, stride={s}, padding={p}{extra}"
            f"{extra_d}) を {i}×{i} の入力に適用する。出力の一辺のサイズを求めよ。",
        ),
        answer=o,
        expression=f"({i} - 1)*{s} - 2*{p} + {d}*({k} - 1) + {op} + 1",
        answer_format="whole",
        solution=T(
            f"A transposed convolution runs the size formula backwards: O = (I − 1)S − 2P + D(K − 1) + output_padding "
            f"+ 1 = ({i} − 1)×{s} − 2×{p} + {d}×({k} − 1) + {op} + 1 = {o}.",
            f"転置畳み込みはサイズの式を逆にたどる: O = (I − 1)S − 2P + D(K − 1) + output_padding + 1 = "
            f"({i} − 1)×{s} − 2×{p} + {d}×({k} − 1) + {op} + 1 = {o}。",
        ),
        mistakes=(
            ("transpose_as_conv", max(1, (i + 2 * p - d * (k - 1) - 1) // s + 1)),
            ("transpose_padding_plus", o + 4 * p),
            ("forgot_output_padding", o - op),
            ("transpose_forgot_minus_one", o + s),
        ),
        params=dict(i=i, k=k, s=s, p=p, op=op, d=d),
    )


@_generator("transposed_params", "params", N04, CONVENTIONS)
def _transposed_params(rng):
    c = _pick(rng, [16, 32, 64, 128, 256])
    f = _pick(rng, [3, 8, 16, 32, 64])
    k = _pick(rng, [2, 3, 4, 5])
    n = conv_param_count(c, f, k)  # weight (C_in, C_out, K, K): the same count as a convolution f -> c ... + bias f
    return dict(
        text=T(
            f"ConvTranspose2d({c}, {f}, kernel_size={k}, stride=2) with bias. How many learnable parameters?",
            f"バイアスありの転置畳み込み ConvTranspose2d({c}, {f}, kernel_size={k}, stride=2) の学習パラメータ数を求めよ。",
        ),
        answer=n,
        expression=f"{c} * {f} * {k} * {k} + {f}",
        answer_format="whole",
        solution=T(
            f"The weight has shape (C_in, C_out, K, K) = ({c}, {f}, {k}, {k}): {c * f * k * k} values; the stride "
            f"does not change the count. One bias per output channel: + {f} = {n}.",
            f"重みの形は (C_in, C_out, K, K) = ({c}, {f}, {k}, {k}) で {c * f * k * k} 個。ストライドは数に影響しない。"
            f"バイアスは出力チャンネルごとに 1 つ: + {f} = {n}。",
        ),
        mistakes=(
            ("forgot_bias", c * f * k * k),
            ("kk_not_ckk", f * k * k + f),
            ("bias_per_weight", c * f * k * k + c),
        ),
        params=dict(c=c, f=f, k=k),
    )


N07 = "07_pooling.ipynb"


@_generator("pool_basic", "pool_size", N07, "2. Output size: the same formula")
def _pool_basic(rng):
    k = _pick(rng, [2, 3, 4])
    o = int(rng.integers(4, 17))
    i = o * k + int(rng.integers(0, k))
    assert pool_output_size(i, k) == o
    return dict(
        text=T(
            f"Max pooling with a {k}×{k} window and stride {k} on a {i}×{i} feature map. What is the output size "
            f"along one side?",
            f"{i}×{i} の特徴マップに {k}×{k} の窓, ストライド {k} の最大値プーリングを行う。出力の一辺のサイズを求めよ。",
        ),
        answer=o,
        expression=f"({i} - {k}) // {k} + 1",
        answer_format="whole",
        solution=T(
            f"Pooling uses the same formula: O = floor((I − K)/S) + 1 = floor(({i} − {k})/{k}) + 1 = {o}.",
            f"プーリングも同じ式: O = floor((I − K)/S) + 1 = floor(({i} − {k})/{k}) + 1 = {o}。",
        ),
        mistakes=size_mistakes(i, k, k, 0, names=["stride_ignored", "ceil_for_floor", "forgot_plus_one"]),
        params=dict(i=i, k=k, s=k, p=0),
    )


@_generator("pool_overlap", "pool_size", N07, "2. Output size: the same formula")
def _pool_overlap(rng):
    k, s = _pick(rng, [(3, 2), (3, 2), (2, 1), (3, 1), (4, 2)])
    p = _pick(rng, [0, 1]) if k > 2 else 0
    o = int(rng.integers(5, 30))
    i = (o - 1) * s + k - 2 * p + (int(rng.integers(0, s)) if s > 1 else 0)
    assert pool_output_size(i, k, s, p) == o
    return dict(
        text=T(
            f"Overlapping max pooling: window {k}×{k}, stride {s}, padding {p}, input {i}×{i}. What is the output "
            f"size along one side?",
            f"重なりのある最大値プーリング: 窓 {k}×{k}, ストライド {s}, パディング {p}, 入力 {i}×{i}。出力の一辺を求めよ。",
        ),
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format="whole",
        solution=T(
            f"O = floor((I + 2P − K)/S) + 1 = floor(({i} + 2×{p} − {k})/{s}) + 1 = {o}.",
            f"O = floor((I + 2P − K)/S) + 1 = floor(({i} + 2×{p} − {k})/{s}) + 1 = {o}。",
        ),
        mistakes=(("stride_is_window", pool_output_size(i, k, k, p)),)
        + size_mistakes(i, k, s, p, names=["forgot_plus_one", "padding_one_side"]),
        params=dict(i=i, k=k, s=s, p=p),
    )


@_generator("pool_ceil_mode", "pool_size", N07, "2. Output size: the same formula")
def _pool_ceil_mode(rng):
    k, s = _pick(rng, [(2, 2), (3, 2), (3, 3)])
    while True:
        i = int(rng.integers(7, 60))
        if (i - k) % s:
            break
    o = pool_output_size(i, k, s, ceil_mode=True)
    return dict(
        text=T(
            f"nn.MaxPool2d({k}, stride={s}, ceil_mode=True) on a {i}×{i} input. What is the output size along one side?",
            f"nn.MaxPool2d({k}, stride={s}, ceil_mode=True) を {i}×{i} の入力に適用する。出力の一辺を求めよ。",
        ),
        answer=o,
        expression=f"-(-({i} - {k}) // {s}) + 1",
        answer_format="whole",
        solution=T(
            f"ceil_mode=True rounds up (a last, partial window is kept): O = ceil(({i} − {k})/{s}) + 1 = {o}.",
            f"ceil_mode=True では切り上げる (はみ出す最後の窓も残す): O = ceil(({i} − {k})/{s}) + 1 = {o}。",
        ),
        mistakes=(("ceil_for_floor", pool_output_size(i, k, s)),)
        + size_mistakes(i, k, s, 0, names=["forgot_plus_one"]),
        params=dict(i=i, k=k, s=s),
    )


@_generator("pool_shape", "pool_size", N07, "3. No parameters, channels unchanged")
def _pool_shape(rng):
    n = _pick(rng, [10, 20, 64, 100])
    c = _pick(rng, [6, 16, 30, 64])
    h = _pick(rng, [24, 28, 32, 56, 7, 13])
    w = _pick(rng, [24, 28, 32, 56, 7, 13])
    oh, ow = pool_output_size((h, w), 2)
    return dict(
        text=T(
            f"A feature-map batch of shape ({n}, {c}, {h}, {w}) goes through 2×2 max pooling with stride 2. "
            f"What is the output shape?",
            f"形 ({n}, {c}, {h}, {w}) の特徴マップのバッチに 2×2, ストライド 2 の最大値プーリングを行う。出力の形を求めよ。",
        ),
        answer=(n, c, oh, ow),
        expression=f"({n}, {c}, ({h} - 2) // 2 + 1, ({w} - 2) // 2 + 1)",
        answer_format="shape",
        solution=T(
            f"Pooling acts on each channel separately: N and C are unchanged ({n}, {c}); OH = floor(({h} − 2)/2) + 1 "
            f"= {oh}, OW = floor(({w} − 2)/2) + 1 = {ow}.",
            f"プーリングはチャンネルごとに働くので N と C は変わらない ({n}, {c})。OH = floor(({h} − 2)/2) + 1 = {oh}、"
            f"OW = floor(({w} − 2)/2) + 1 = {ow}。",
        ),
        mistakes=(
            ("dropped_channels", (n, 1, oh, ow)),
            ("ceil_for_floor", (n, c, -(-h // 2), -(-w // 2))),
            ("transposed", (n, c, ow, oh)),
        ),
        params=dict(n=n, c=c, h=h, w=w),
    )
