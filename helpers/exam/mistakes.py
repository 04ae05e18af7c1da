"""The named mistakes of the exam: what a wrong answer probably means, one home for every hint.

``MISTAKES`` maps a mistake's name to its hint in both languages; a generator lists ``(name, the wrong answer
that mistake gives)`` pairs, which give the hints of a wrong answer and the distractors of the multiple-choice
format (``NEAR_MISS`` marks a distractor that no named mistake produced). The mistakes of the output-size
formula are also functions (``SIZE_MISTAKES``), so a generator computes their wrong answers with
:func:`size_mistakes` instead of typing them in. Re-exported by ``helpers.exam.registry``.
"""

from __future__ import annotations

# The named mistakes: what a wrong answer probably means. One home for every hint of the exam.
MISTAKES: dict[str, dict[str, str]] = {
    "forgot_plus_one": {
        "en": "don't forget the +1: the first window position counts too.",
        "ja": "+1 を忘れていませんか：最初のウィンドウの位置も数えます。",
    },
    "ceil_for_floor": {
        "en": "frameworks round the division down (floor), not up.",
        "ja": "割り算は切り捨て (floor) です。切り上げではありません。",
    },
    "padding_one_side": {
        "en": "padding P is added on both sides: 2P in total, not P.",
        "ja": "パディング P は両側に付きます。合計は P ではなく 2P です。",
    },
    "padding_total": {
        "en": "P is per side: the total padding 2P is split between the two sides.",
        "ja": "P は片側の量です。合計 2P を両側に分けます。",
    },
    "no_padding": {
        "en": "include the padding: 2P more cells.",
        "ja": "パディング（2P セル）を含めてください。",
    },
    "add_before_divide": {
        "en": "divide (I + 2P − K) by S first, then add 1.",
        "ja": "(I + 2P − K) を先に S で割り、その後で 1 を足します。",
    },
    "stride_ignored": {
        "en": "the stride divides the number of window positions: the window jumps S cells.",
        "ja": "ストライドを忘れていませんか：ウィンドウは S セルずつ動きます。",
    },
    "dilation_ignored": {
        "en": "a dilated kernel spans D(K−1) + 1 cells, not K.",
        "ja": "ダイレーション D のカーネルは K ではなく D(K−1) + 1 セルにまたがります。",
    },
    "forgot_bias": {
        "en": "add one bias per filter (per output).",
        "ja": "バイアス（フィルター・出力ごとに 1 つ）を足してください。",
    },
    "bias_included": {
        "en": "this layer has no bias: count the weights only.",
        "ja": "この層にはバイアスがありません。重みだけを数えます。",
    },
    "kk_not_ckk": {
        "en": "each filter has a K×K kernel for every input channel: C·K·K weights, not K·K.",
        "ja": "各フィルターは入力チャンネルごとに K×K の重みを持ちます：K·K ではなく C·K·K です。",
    },
    "bias_per_weight": {
        "en": "there is one bias per filter, not one per weight.",
        "ja": "バイアスは重みごとではなく、フィルターごとに 1 つです。",
    },
    "transposed": {
        "en": "check the order of the axes: rows and columns (or H and W) are swapped.",
        "ja": "軸の順序を確認してください：行と列（または H と W）が入れ替わっています。",
    },
    "kept_in_channels": {
        "en": "the output has one channel per filter, not the input's channel count.",
        "ja": "出力のチャンネル数はフィルター数です。入力のチャンネル数ではありません。",
    },
    "dropped_channels": {
        "en": "pooling keeps every channel; it has no filters that mix them.",
        "ja": "プーリングはチャンネル数を変えません（チャンネルを混ぜるフィルターはありません）。",
    },
    "forgot_pool": {
        "en": "a pooling layer halves H and W: don't skip it.",
        "ja": "プーリング層で H と W が半分になります。見落としていませんか。",
    },
    "pool_stride_one": {
        "en": "the pooling stride equals the window size here, not 1.",
        "ja": "ここでのプーリングのストライドは 1 ではなくウィンドウの大きさです。",
    },
    "stride_is_window": {
        "en": "the stride is not the window size here.",
        "ja": "ここではストライドとウィンドウの大きさが違います。",
    },
    "conv_removes_two": {
        "en": "a K×K convolution without padding removes K − 1 cells, not 2.",
        "ja": "パディングなしの K×K 畳み込みで減るのは 2 ではなく K − 1 セルです。",
    },
    "tf_same_stride_ignored": {
        "en": "with a stride S, TensorFlow's 'same' does not keep the size: O = ceil(I/S), and the total padding per "
        "axis is max((O − 1)S + D(K − 1) + 1 − I, 0), the odd cell going after (bottom/right).",
        "ja": "ストライド S があると TensorFlow の 'same' はサイズを保ちません：O = ceil(I/S) で、各軸の合計パディングは "
        "max((O − 1)S + D(K − 1) + 1 − I, 0)、奇数のときの余り 1 は後ろ（下・右）に入ります。",
    },
    "tf_same_even_kernel": {
        "en": "with an even K the total padding K − 1 is odd: TensorFlow puts the odd cell after (bottom/right).",
        "ja": "K が偶数だと合計パディング K − 1 は奇数です：TensorFlow は余りの 1 を後ろ（下・右）に入れます。",
    },
    "assumed_same_padding": {
        "en": "P = (K − 1)/2 is the padding that keeps the size; here the size changes: solve O = (I + 2P − K)/S + 1 "
        "for P.",
        "ja": "P = (K − 1)/2 はサイズを保つパディングです。ここではサイズが変わるので O = (I + 2P − K)/S + 1 を P について"
        "解きます。",
    },
    "dropout_all_kept": {
        "en": "during training a fraction p of the units is dropped; all of them are used only at test time.",
        "ja": "訓練時には割合 p のユニットが消されます。全ユニットを使うのはテスト時だけです。",
    },
    "gradient_to_min": {
        "en": "the gradient goes to the position of each window's maximum (the value max pooling kept), not the "
        "minimum.",
        "ja": "勾配は各ウィンドウの最大値（最大値プーリングが残した値）の位置に流れます。最小値ではありません。",
    },
    "padding_kept_size_ignored": {
        "en": "'same' padding keeps the size through the convolution.",
        "ja": "'same' パディングでは畳み込みの前後でサイズが変わりません。",
    },
    "rf_no_overlap": {
        "en": "the layers overlap: each adds K − 1, and the first cell counts once.",
        "ja": "層は重なります：各層が K − 1 を足し、最初のセルは 1 回だけ数えます。",
    },
    "rf_forgot_jump": {
        "en": "after a stride-S layer each step of a later kernel covers S input pixels: multiply by the "
        "product of the earlier strides.",
        "ja": "ストライド S の層の後では、カーネルの 1 歩が入力の S ピクセルに当たります：それまでのストライドの積を掛けます。",
    },
    "rf_dilation_ignored": {
        "en": "dilation D makes a layer add D×(K−1), not K−1.",
        "ja": "ダイレーション D の層は K−1 ではなく D×(K−1) を足します。",
    },
    "top_left": {
        "en": "take each window's maximum, not its top-left value.",
        "ja": "各ウィンドウの左上の値ではなく最大値をとります。",
    },
    "window_min": {
        "en": "max pooling keeps the largest value of each window, not the smallest.",
        "ja": "最大値プーリングは各ウィンドウの最小値ではなく最大値を残します。",
    },
    "no_overlap": {
        "en": "with stride 1 the windows overlap: each starts one cell after the previous one.",
        "ja": "ストライド 1 ではウィンドウが重なります：1 セルずつずれて始まります。",
    },
    "spread_gradient": {
        "en": "max pooling sends the whole gradient to each window's maximum only.",
        "ja": "最大値プーリングの勾配は各ウィンドウの最大値の位置にだけ全部流れます。",
    },
    "avg_no_divide": {
        "en": "average pooling shares the gradient equally: divide by the window's K×K cells.",
        "ja": "平均値プーリングの勾配はウィンドウの K×K セルに等分されます：K×K で割ります。",
    },
    "avg_as_max": {
        "en": "that is max pooling's routing; average pooling spreads the gradient over the whole window.",
        "ja": "それは最大値プーリングの流し方です。平均値プーリングはウィンドウ全体に勾配を配ります。",
    },
    "batch_axis": {
        "en": "a parameter's gradient sums over the batch: it has no batch axis.",
        "ja": "パラメータの勾配はバッチ方向に和をとるので、バッチの軸はありません。",
    },
    "dx_for_dcol": {
        "en": "that is dx after col2im; dcol has the im2col matrix's shape.",
        "ja": "それは col2im の後の dx です。dcol は im2col の行列と同じ形状です。",
    },
    "floored_shape": {
        "en": "dx has x's shape: the rows and columns no window reached still exist (their gradient is 0).",
        "ja": "dx は x と同じ形状です。どのウィンドウにも入らなかった行・列も残ります（勾配は 0）。",
    },
    "output_shape_for_input": {
        "en": "a gradient has the shape of its variable: dx is shaped like x, not like the output.",
        "ja": "勾配は対応する変数と同じ形状です：dx は出力ではなく x の形状です。",
    },
    "after_reshape": {
        "en": "that is after the reshape; the matrix product itself is 2-D.",
        "ja": "それは reshape の後の形状です。行列積そのものは 2 次元です。",
    },
    "before_transpose": {
        "en": "that is before the transpose (.T): W_col = W.reshape(F, -1), not col_W = W.reshape(F, -1).T.",
        "ja": "それは転置 (.T) の前の形状です：col_W = W.reshape(F, -1).T ではなく W_col = W.reshape(F, -1) の形状です。",
    },
    "input_count": {
        "en": "every input value is copied into several rows: one per window that covers it.",
        "ja": "各入力値は、それを含むウィンドウの数だけ複数の行にコピーされます。",
    },
    "difference_not_asked": {
        "en": "the question asks for the difference (the saving), not one of the two counts.",
        "ja": "問われているのは差（削減量）で、片方の数ではありません。",
    },
    "plain_conv": {
        "en": "that is a plain K×K convolution over all channels; count the layers of the block.",
        "ja": "それは全チャンネルに対する通常の K×K 畳み込みです。ブロックの各層を数えてください。",
    },
    "one_by_one_one_weight": {
        "en": "a 1×1 filter has one weight per input channel, C of them.",
        "ja": "1×1 フィルターは入力チャンネルごとに 1 つ、計 C 個の重みを持ちます。",
    },
    "flatten_only_channels": {
        "en": "flatten all of C×H×W, not only C.",
        "ja": "平坦化するのは C だけでなく C×H×W 全部です。",
    },
    "last_channels": {
        "en": "use the channel count of the last layer.",
        "ja": "最後の層のチャンネル数を使ってください。",
    },
    "flops_no_outputs": {
        "en": "every output cell needs its own multiply-adds: multiply by OH×OW.",
        "ja": "出力の各セルごとに積和演算が必要です：OH×OW を掛けます。",
    },
    "flops_input_size": {
        "en": "the multiply-adds happen at the output positions (OH×OW), not at every input pixel.",
        "ja": "積和演算は入力のピクセル数ではなく出力の位置 (OH×OW) ごとに行われます。",
    },
    "flops_times_two": {
        "en": "the question counts multiply-adds (one multiply and one add = 1), not FLOPs (= 2).",
        "ja": "問われているのは積和演算の回数（乗算と加算の組で 1）で、FLOPs（2 と数える）ではありません。",
    },
    "depthwise_full": {
        "en": "a depthwise convolution has one K×K filter per channel; it does not mix channels.",
        "ja": "深さ方向の畳み込みはチャンネルごとに K×K のフィルター 1 つで、チャンネルを混ぜません。",
    },
    "forgot_pointwise": {
        "en": "a depthwise-separable convolution is depthwise and then pointwise (1×1): count both.",
        "ja": "深さ方向分離可能畳み込みは depthwise の後に pointwise (1×1) が続きます。両方を数えます。",
    },
    "ratio_inverted": {
        "en": "the ratio is separable / standard (a number below 1).",
        "ja": "比は 分離型 / 通常 です（1 より小さい値）。",
    },
    "transpose_as_conv": {
        "en": "a transposed convolution enlarges: O = (I−1)S − 2P + D(K−1) + output_padding + 1.",
        "ja": "転置畳み込みは拡大します：O = (I−1)S − 2P + D(K−1) + output_padding + 1。",
    },
    "transpose_padding_plus": {
        "en": "in a transposed convolution padding removes 2P cells from the output.",
        "ja": "転置畳み込みではパディングは出力から 2P セルを取り除きます。",
    },
    "forgot_output_padding": {
        "en": "add the output_padding (it is added on one side only).",
        "ja": "output_padding を足してください（片側にだけ付きます）。",
    },
    "transpose_forgot_minus_one": {
        "en": "the strides are between the I inputs: (I − 1)·S, not I·S.",
        "ja": "ストライドが入るのは I 個の入力の間です：I·S ではなく (I − 1)·S です。",
    },
    "tf_valid": {
        "en": "that is 'valid' (no padding); TensorFlow's 'same' gives ceil(I / S).",
        "ja": "それは 'valid'（パディングなし）です。TensorFlow の 'same' は ceil(I / S) です。",
    },
    "tf_floor": {
        "en": "TensorFlow's 'same' rounds up: O = ceil(I / S).",
        "ja": "TensorFlow の 'same' は切り上げです：O = ceil(I / S)。",
    },
    "tf_extra_before": {
        "en": "TensorFlow puts the odd extra cell of padding after (bottom/right), not before.",
        "ja": "TensorFlow では奇数のときに余る 1 セルのパディングは後ろ（下・右）に付きます。",
    },
    "tf_total_pad": {
        "en": "the question asks for one side, not the total padding.",
        "ja": "問われているのは片側の量で、合計のパディングではありません。",
    },
    "dropout_scale_inverted": {
        "en": "inverted dropout scales the kept values by 1 / (1 − p) at training time.",
        "ja": "逆ドロップアウト (inverted dropout) では訓練時に残った値を 1 / (1 − p) 倍します。",
    },
    "dropout_keep_vs_drop": {
        "en": "p is the probability of dropping; the kept fraction is 1 − p.",
        "ja": "p は消す確率です。残る割合は 1 − p です。",
    },
    "dropout_test_scaling": {
        "en": "with inverted dropout nothing changes at test time; multiplying by (1 − p) at test time is the "
        "other convention (ゼロから作る's), which does not scale during training.",
        "ja": "逆ドロップアウト (inverted dropout) ではテスト時には何もしません。テスト時に (1 − p) 倍するのは訓練時に"
        "スケールしないもう一方の流儀です。",
    },
    "dw_no_sum": {
        "en": "dW sums dout × input over every output position (and image).",
        "ja": "dW は全ての出力位置（と画像）について dout × 入力 の和をとります。",
    },
    "dw_flipped": {
        "en": "no flipping: dW[u, v] pairs dout[i, j] with x[i + u, j + v].",
        "ja": "反転はしません：dW[u, v] は dout[i, j] と x[i + u, j + v] の積の和です。",
    },
    "kernel_flipped": {
        "en": "kernel flipped: that is true convolution; the frameworks (and this question) use cross-correlation, "
        "out[i, j] = Σ x[i + u, j + v] W[u, v] + b with W as printed.",
        "ja": "カーネルを反転しています（それは本来の畳み込みです）。フレームワーク（とこの問題）は相互相関で、"
        "W をそのまま使い out[i, j] = Σ x[i + u, j + v] W[u, v] + b です。",
    },
    "alexnet_224": {
        "en": "with a 224×224 input the arithmetic does not come out even; AlexNet's numbers work with 227.",
        "ja": "224×224 では割り切れません。AlexNet の数値は 227 で成り立ちます。",
    },
    "vgg_pool_count": {
        "en": "VGG-16 has five 2×2 max-pooling layers: the size is divided by 2⁵ = 32.",
        "ja": "VGG-16 には 2×2 の最大値プーリングが 5 つあります：サイズは 2⁵ = 32 で割られます。",
    },
}

NEAR_MISS = "near_miss"  # an option of the multiple-choice format that no named mistake produced


# ----- the named mistakes of the output-size formula, one function each


def forgot_plus_one(i, k, s, p, d=1):
    return (i + 2 * p - d * (k - 1) - 1) // s


def ceil_for_floor(i, k, s, p, d=1):
    return -(-(i + 2 * p - d * (k - 1) - 1) // s) + 1


def padding_one_side(i, k, s, p, d=1):
    return (i + p - d * (k - 1) - 1) // s + 1


def no_padding(i, k, s, p, d=1):
    return (i - d * (k - 1) - 1) // s + 1


def add_before_divide(i, k, s, p, d=1):
    return (i + 2 * p - d * (k - 1)) // s


def stride_ignored(i, k, s, p, d=1):
    return i + 2 * p - d * (k - 1)


def dilation_ignored(i, k, s, p, d=1):
    return (i + 2 * p - k) // s + 1


SIZE_MISTAKES = {
    "forgot_plus_one": forgot_plus_one,
    "ceil_for_floor": ceil_for_floor,
    "padding_one_side": padding_one_side,
    "no_padding": no_padding,
    "add_before_divide": add_before_divide,
    "stride_ignored": stride_ignored,
    "dilation_ignored": dilation_ignored,
}


def size_mistakes(i, k, s, p, d=1, names=None) -> tuple:
    """((name, the output size that mistake gives), ...) for one axis of a convolution or pooling."""
    names = names or list(SIZE_MISTAKES)
    return tuple((n, int(SIZE_MISTAKES[n](i, k, s, p, d))) for n in names)
