"""English / Japanese glossary: one source for every notebook's term list.

    from helpers.glossary import glossary_markdown
    glossary_markdown(["convolution", "padding"])   # a Markdown table for a summary cell

Japanese terms follow common usage in E資格 (JDLA Deep Learning for Engineer)
preparation material.
"""

from __future__ import annotations

from .i18n import N_, _, translated

__all__ = ["TAUGHT_IN", "TERMS", "glossary_markdown", "glossary_table", "term"]

# key -> (English, Japanese, reading, short definition)
TERMS: dict[str, tuple[str, str, str, str]] = {
    "convolution": (
        "convolution",
        "畳み込み",
        "たたみこみ",
        N_("slide a kernel over the input, multiply and sum at each position"),
    ),
    "convolution_layer": (
        "convolution layer",
        "畳み込み層",
        "たたみこみそう",
        N_("a layer of learned filters applied by convolution"),
    ),
    "cross_correlation": (
        "cross-correlation",
        "相互相関",
        "そうごそうかん",
        N_("convolution without flipping the kernel; what frameworks compute"),
    ),
    "kernel": (
        "kernel / filter",
        "カーネル / フィルター",
        "",
        N_("the small array of weights that slides over the input"),
    ),
    "weight": ("weight", "重み", "おもみ", N_("a learned multiplier")),
    "bias": ("bias", "バイアス", "", N_("a learned number added to each output map")),
    "feature_map": ("feature map", "特徴マップ", "とくちょうマップ", N_("the output of one filter")),
    "padding": ("padding", "パディング", "", N_("cells added around the border of the input")),
    "zero_padding": ("zero padding", "ゼロパディング", "", N_("padding with zeros")),
    "stride": ("stride", "ストライド", "", N_("how many cells the window moves per step")),
    "dilation": (
        "dilation",
        "ダイレーション (膨張)",
        "ぼうちょう",
        N_("gaps between kernel cells; a dilated (atrous) kernel"),
    ),
    "output_size": ("output size", "出力サイズ", "しゅつりょくサイズ", N_("O = floor((I + 2P - D(K-1) - 1)/S) + 1")),
    "receptive_field": (
        "receptive field",
        "受容野",
        "じゅようや",
        N_("the input region that influences one output cell"),
    ),
    "channel": ("channel", "チャンネル", "", N_("one 2-D slice of a multi-channel array (e.g. R, G, B)")),
    "batch": ("batch / mini-batch", "バッチ / ミニバッチ", "", N_("several inputs processed together (N)")),
    "pooling": ("pooling", "プーリング", "", N_("summarise each window by its max or mean")),
    "max_pooling": (
        "max pooling",
        "最大値プーリング (Maxプーリング)",
        "さいだいちプーリング",
        N_("keep the largest value of each window"),
    ),
    "average_pooling": (
        "average pooling",
        "平均値プーリング",
        "へいきんちプーリング",
        N_("keep the mean of each window"),
    ),
    "global_average_pooling": (
        "global average pooling",
        "グローバルアベレージプーリング",
        "",
        N_("one mean per channel over the whole map"),
    ),
    "fully_connected": (
        "fully-connected (affine) layer",
        "全結合層 (Affine レイヤ)",
        "ぜんけつごうそう",
        N_("every input connected to every output"),
    ),
    "flatten": (
        "flatten",
        "平坦化",
        "へいたんか",
        N_("reshape (N, C, H, W) to (N, C*H*W) before a fully-connected layer"),
    ),
    "parameter_sharing": (
        "parameter sharing",
        "パラメータ共有 (重み共有)",
        "パラメータきょうゆう",
        N_("one kernel reused at every position"),
    ),
    "translation_equivariance": (
        "translation equivariance",
        "平行移動同変性 (並進同変性)",
        "へいこういどうどうへんせい",
        N_("shift the input and the output shifts by the same amount"),
    ),
    "gradient_descent": (
        "gradient descent",
        "勾配降下法",
        "こうばいこうかほう",
        N_("repeat w ← w − η·∂L/∂w: step the weights against the gradient of the loss"),
    ),
    "locality": (
        "local connectivity",
        "局所結合 (局所性)",
        "きょくしょけつごう",
        N_("each output looks at a small neighbourhood"),
    ),
    "im2col": ("im2col", "im2col", "", N_("unfold windows into matrix rows so convolution becomes one matrix product")),
    "col2im": ("col2im", "col2im", "", N_("fold rows back into an image, summing overlaps")),
    "activation": (
        "activation function",
        "活性化関数",
        "かっせいかかんすう",
        N_("a non-linear function applied element-wise"),
    ),
    "relu": ("ReLU", "ReLU (正規化線形関数)", "", N_("max(0, x)")),
    "softmax": ("softmax", "ソフトマックス関数", "", N_("turns scores into probabilities")),
    "cross_entropy": (
        "cross-entropy loss",
        "交差エントロピー誤差",
        "こうさエントロピーごさ",
        N_("-log of the probability of the correct class"),
    ),
    "forward": ("forward pass", "順伝播", "じゅんでんぱ", N_("compute outputs from inputs")),
    "backward": (
        "backpropagation / backward pass",
        "誤差逆伝播法 (逆伝播)",
        "ごさぎゃくでんぱほう",
        N_("compute gradients from the output back to the inputs"),
    ),
    "gradient": (
        "gradient",
        "勾配",
        "こうばい",
        N_(
            "the vector of the partial derivatives of the loss with respect to each parameter (or input value): "
            "it points uphill, in the direction in which the loss grows fastest"
        ),
    ),
    "gradient_check": (
        "gradient check",
        "勾配確認",
        "こうばいかくにん",
        N_("compare backprop with numerical differentiation"),
    ),
    "dropout": ("dropout", "ドロップアウト", "", N_("randomly zero units during training")),
    "sgd": (
        "stochastic gradient descent",
        "確率的勾配降下法 (SGD)",
        "かくりつてきこうばいこうかほう",
        N_("step against the gradient of a mini-batch"),
    ),
    "momentum": ("momentum", "モーメンタム", "", N_("keep a running velocity of updates")),
    "adam": ("Adam", "Adam", "", N_("adaptive moment estimation optimizer")),
    "epoch": ("epoch", "エポック", "", N_("one pass over the training data")),
    "overfitting": ("overfitting", "過学習", "かがくしゅう", N_("fitting the training data but not new data")),
    "weight_init": (
        "weight initialisation",
        "重みの初期値",
        "おもみのしょきち",
        N_("how weights are set before training (e.g. He)"),
    ),
    "data_augmentation": (
        "data augmentation",
        "データ拡張",
        "データかくちょう",
        N_("train on shifted or altered copies of the data"),
    ),
    "ablation": (
        "ablation",
        "アブレーション (除去実験)",
        "じょきょじっけん",
        N_("retrain with one ingredient removed to measure what it adds"),
    ),
    "vanishing_gradient": (
        "vanishing gradient",
        "勾配消失",
        "こうばいしょうしつ",
        N_("gradients shrink layer by layer on the way back (e.g. sigmoid slopes ≤ 1/4)"),
    ),
    "confusion_matrix": (
        "confusion matrix",
        "混同行列",
        "こんどうぎょうれつ",
        N_("counts of true class vs. predicted class"),
    ),
    "hyperparameter": (
        "hyperparameter",
        "ハイパーパラメータ",
        "",
        N_("a setting chosen by hand (K, S, P, learning rate)"),
    ),
    "one_by_one": (
        "1×1 (pointwise) convolution",
        "1×1 畳み込み / 点単位畳み込み (ポイントワイズ畳み込み)",
        "てんたんいたたみこみ",
        N_("mixes channels at each pixel"),
    ),
    "bottleneck": ("bottleneck", "ボトルネック", "", N_("a 1×1 layer that reduces channels before an expensive layer")),
    "grouped_convolution": (
        "grouped convolution",
        "グループ畳み込み",
        "グループたたみこみ",
        N_("channels split into groups, each filter sees only its group's C/groups channels (groups=)"),
    ),
    "depthwise_convolution": (
        "depthwise convolution",
        "深さ方向畳み込み (デプスワイズ畳み込み)",
        "ふかさほうこうたたみこみ",
        N_("one K×K kernel per channel, no mixing of channels: groups = C"),
    ),
    "pointwise_convolution": (
        "pointwise convolution",
        "点単位畳み込み (ポイントワイズ畳み込み)",
        "てんたんいたたみこみ",
        N_("a 1×1 convolution after a depthwise one: it mixes the channels at each pixel"),
    ),
    "depthwise_separable": (
        "depthwise-separable convolution",
        "深さ方向分離可能畳み込み",
        "ふかさほうこうぶんりかのうたたみこみ",
        N_("depthwise then pointwise: cost 1/F + 1/K² of a standard layer, F output channels (MobileNet)"),
    ),
    "transposed_convolution": (
        "transposed convolution",
        "転置畳み込み",
        "てんちたたみこみ",
        N_("each input cell stamps the kernel onto a larger output; the adjoint of a convolution (upsampling)"),
    ),
    "output_padding": (
        "output padding",
        "出力パディング",
        "しゅつりょくパディング",
        N_(
            "extra rows/columns a transposed convolution adds to pick one of the sizes a strided convolution maps to one"
        ),
    ),
    "nchw": ("NCHW / NHWC", "NCHW / NHWC (データ形式)", "", N_("axis order: batch, channel, height, width")),
    "translation_invariance": (
        "translation invariance",
        "平行移動不変性 (並進不変性)",
        "へいこういどうふへんせい",
        N_("output unchanged by small shifts of the input"),
    ),
    "activation_maximization": (
        "activation maximisation",
        "活性化最大化",
        "かっせいかさいだいか",
        N_("find the input that excites a unit most"),
    ),
    "learning_rate": ("learning rate", "学習率", "がくしゅうりつ", N_("the step size of gradient descent")),
    "loss": ("loss function", "損失関数", "そんしつかんすう", N_("the number training makes small")),
    "batch_norm": (
        "batch normalisation",
        "バッチ正規化 (Batch Normalization)",
        "バッチせいきか",
        N_("normalise each channel over the mini-batch; the layer before it needs no bias"),
    ),
    "argmax": (
        "argmax",
        "最大値の位置 (argmax)",
        "さいだいちのいち",
        N_("the position of the largest value; where max pooling sends the gradient"),
    ),
    "edge_detection": (
        "edge detection",
        "エッジ検出",
        "エッジけんしゅつ",
        N_("a kernel that responds where brightness changes (e.g. Sobel)"),
    ),
    "smoothing": (
        "smoothing (blur)",
        "平滑化 (ぼかし)",
        "へいかつか",
        N_("a kernel that averages neighbours, e.g. the box or Gaussian filter"),
    ),
    "kernel_size": (
        "kernel size",
        "カーネルサイズ (フィルターサイズ)",
        "",
        N_("K (KH × KW): the height and width of the kernel"),
    ),
    "batch_size": ("batch size", "バッチサイズ", "", N_("N: how many inputs are processed together")),
    "he_init": (
        "He initialisation",
        "Heの初期値",
        "ヘーのしょきち",
        N_("random weights with variance 2 / fan-in, suited to ReLU"),
    ),
    "downsampling": (
        "downsampling",
        "ダウンサンプリング",
        "",
        N_("making a feature map smaller, e.g. with stride > 1 or pooling"),
    ),
    "multiply_add": (
        "multiply-add (MAC)",
        "積和演算",
        "せきわえんざん",
        N_("one multiplication and one addition: the unit of a convolution's cost"),
    ),
    "dilated_convolution": (
        "dilated (atrous) convolution",
        "膨張畳み込み / 拡張畳み込み (Dilated Convolution)",
        "ぼうちょうたたみこみ",
        N_("a convolution whose kernel cells are D cells apart"),
    ),
    "floor": (
        "floor (round down)",
        "床関数 (切り捨て)",
        "ゆかかんすう",
        N_("the largest whole number not above x, written ⌊x⌋"),
    ),
    "ceil_mode": (
        "ceil mode",
        "ceil_mode (出力サイズの切り上げ)",
        "きりあげ",
        N_("pooling option: round the size up, keeping a last partial window"),
    ),
    "shape_propagation": (
        "shape propagation",
        "テンソルの形状の変化",
        "テンソルのけいじょうのへんか",
        N_("following an array's shape through every layer of a network"),
    ),
    "valid_padding": ("valid padding", "パディングなし (valid)", "", N_("no padding: the output shrinks by K - 1")),
    "same_padding": ("same padding", "same パディング", "", N_("padding that keeps the output size at stride 1")),
    "full_padding": ("full padding", "full パディング", "", N_("padding K - 1 per side: every partial overlap counts")),
    "reflect_padding": (
        "reflect padding",
        "反射パディング (リフレクションパディング)",
        "はんしゃパディング",
        N_("mirror the input at its border without repeating the edge"),
    ),
    "edge_padding": (
        "edge (replicate) padding",
        "複製パディング (レプリケーションパディング)",
        "ふくせいパディング",
        N_("repeat the border pixel"),
    ),
    "sobel_filter": (
        "Sobel filter",
        "ソーベルフィルター",
        "",
        N_("a 3×3 kernel that responds to horizontal or vertical edges"),
    ),
    "gaussian_filter": ("Gaussian filter", "ガウシアンフィルター", "", N_("a smoothing kernel with Gaussian weights")),
}

# Where an idea is taught, and how a notebook's text shows that it uses it: term -> (notebook, regex).
# A notebook before that one may use the idea only after pointing to the notebook that teaches it
# (tests/test_notebook_order.py). Notebook 00 previews the notation and is exempt.
TAUGHT_IN: dict[str, tuple[int, str]] = {
    "channel": (5, r"\bchannels?\b|\bRGB\b|チャンネル"),
    "batch": (5, r"\bbatch(es)?\b|バッチ"),
    "nchw": (5, r"\bNCHW\b|\bNHWC\b"),
    "one_by_one": (5, r"1×1 convolution|1x1 convolution|pointwise"),
    "bottleneck": (5, r"\bbottleneck"),
    "depthwise_separable": (5, r"depthwise|深さ方向|MobileNet"),
    "flatten": (5, r"\bflatten"),
    "im2col": (6, r"\bim2col\b"),
    "backward": (6, r"\bbackward\b|逆伝播|backprop"),
    "pooling": (7, r"\bpool(s|ing|ed)?\b|プーリング|MaxPool"),
    "relu": (8, r"\bReLU\b"),
    "softmax": (8, r"\bsoftmax\b"),
    "dropout": (8, r"\bdropout\b"),
}


def term(key: str) -> str:
    """'English (Japanese)' for inline use on first mention."""
    en, ja, _, _ = TERMS[key]
    return f"{en} ({ja})"


def glossary_table(keys=None) -> list[tuple[str, str, str]]:
    """Rows (English, Japanese, meaning) for ``keys`` (all terms when None)."""
    keys = list(TERMS) if keys is None else list(keys)
    unknown = [k for k in keys if k not in TERMS]
    if unknown:
        raise KeyError(f"glossary: unknown term(s) {unknown}; known terms: {sorted(TERMS)}")
    return [(TERMS[k][0], TERMS[k][1], translated(TERMS[k][3])) for k in keys]


def glossary_markdown(keys=None) -> str:
    rows = ["| English | 日本語 | " + _("meaning") + " |", "|---|---|---|"]
    rows += [f"| {en} | {ja} | {meaning} |" for en, ja, meaning in glossary_table(keys)]
    return "\n".join(rows)
