"""Exam questions: padding (valid, same, full), TensorFlow's 'same' with a stride, and the transposed convolution."""

from __future__ import annotations

from ..shapes import conv_output_size, conv_param_count, conv_transpose_output_size, tf_same_padding
from .registry import T, _generator, _pick

N04 = "04_output_size.ipynb"
CONVENTIONS = "4. Conventions to watch for"


@_generator("conv_valid_same_full", "padding", "02_padding.ipynb", "3. Valid, same and full")
def _conv_valid_same_full(rng):
    k = _pick(rng, [3, 5, 7])
    i = int(rng.integers(k, 40))
    mode = _pick(rng, ["valid", "same", "full"])
    p = {"valid": 0, "same": (k - 1) // 2, "full": k - 1}[mode]
    o = conv_output_size(i, k, 1, p)
    ja = {"valid": "valid（パディングなし）", "same": "same（サイズを保つ）", "full": "full（全ての重なり）"}[mode]
    return dict(
        text=T(
            f"A {k}×{k} convolution, stride 1, in '{mode}' mode on a {i}×{i} input. What is the output size along "
            f"one side?",
            f"{i}×{i} の入力に {k}×{k} の畳み込み（ストライド 1）を '{ja}' モードで行う。出力の一辺を求めよ。",
        ),
        answer=o,
        expression=f"{i} + 2*{p} - {k} + 1",
        answer_format="whole",
        solution=T(
            f"'{mode}' pads P = {p} per side (valid 0, same (K−1)/2, full K−1): O = {i} + 2×{p} − {k} + 1 = {o}.",
            f"'{mode}' は片側 P = {p} (valid 0, same (K−1)/2, full K−1)：O = {i} + 2×{p} − {k} + 1 = {o}。",
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
            f"ダイレーション {d}、ストライド 1 の {k}×{k} 畳み込みで {i}×{i} の入力サイズを保ちたい。"
            f"片側に必要なパディング P を求めよ。",
        ),
        answer=p,
        expression=f"{d} * ({k} - 1) // 2",
        answer_format="whole",
        solution=T(
            f"O = I needs 2P = D(K − 1): P = {d}×({k} − 1)/2 = {p}.",
            f"O = I となるには 2P = D(K − 1)：P = {d}×({k} − 1)/2 = {p}。",
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
            f"TensorFlow の 'same' は S > 1 ではサイズを保たない：K に関係なく O = ceil(I / S) = ceil({i}/{s}) = {o}。"
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
            f"高さ {h}、幅 {w} の入力に TensorFlow の padding='same'（{k}×{k} カーネル、ストライド {s}）を使う。"
            f"追加されるゼロの行・列の数（上、下、左、右）を求めよ。",
        ),
        answer=(top, bottom, left, right),
        expression=f"({top}, {total_h} - {top}, {left}, {total_w} - {left})",
        answer_format="shape",
        solution=T(
            f"O = ceil(I/S): OH = {oh}, OW = {ow}. Total padding max((O − 1)S + K − I, 0): rows {total_h}, columns "
            f"{total_w}. TensorFlow puts half (rounded down) before and the rest after: ({top}, {bottom}, {left}, "
            f"{right}).",
            f"O = ceil(I/S)：OH = {oh}, OW = {ow}。合計パディング max((O − 1)S + K − I, 0)：行 {total_h}、列 "
            f"{total_w}。前（上・左）に半分（切り捨て）、残りを後ろ（下・右）に入れる：({top}, {bottom}, {left}, {right})。",
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
            f"転置畳み込みはサイズの式を逆にたどる：O = (I − 1)S − 2P + D(K − 1) + output_padding + 1 = "
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
            f"重みの形状は (C_in, C_out, K, K) = ({c}, {f}, {k}, {k}) で {c * f * k * k} 個。ストライドは数に影響しない。"
            f"バイアスは出力チャンネルごとに 1 つ：+ {f} = {n}。",
        ),
        mistakes=(
            ("forgot_bias", c * f * k * k),
            ("kk_not_ckk", f * k * k + f),
            ("bias_per_weight", c * f * k * k + c),
        ),
        params=dict(c=c, f=f, k=k),
    )
