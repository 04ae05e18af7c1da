"""Exam questions: numpy code with a blank (空欄), asked as the exam does (which of four snippets fills it) or
as practice (type the expression; it runs on hidden cases with the exercises' time limit, no traceback).

Each code type is a short function written for this course, with several blank sites; a variant blanks one
site. Every site has the right snippet and three distractors that run but give a wrong shape or value
(tests/test_exam.py executes each one on the hidden cases). The machinery (``CodeTask``, ``_code_type``)
is in ``code_tasks``.
"""

from __future__ import annotations

import numpy as np

from ..exercises.core import Case
from .code_tasks import _EXPLAIN, BLANK, CodeTask, _code_type, _compare, code_sites, code_task  # noqa: F401  (re-exported)
from .registry import T

# ----- im2col

_code_type(
    "code_im2col",
    "06_fast_convolution.ipynb",
    "im2col without a loop over the windows: one strided slice per kernel offset",
    """def my_im2col(img, kh, kw, stride=1, pad=0):
    N, C, H, W = img.shape
    out_h = {out_h}
    out_w = (W + 2*pad - kw) // stride + 1
    img = np.pad(img, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, kh, kw, out_h, out_w))
    for y in range(kh):
        y_max = y + stride * out_h
        for x in range(kw):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = {window}
    return {rows}
""",
    "my_im2col",
    {
        "out_h": (
            "(H + 2*pad - kh) // stride + 1",
            ["(H + 2*pad - kh) // stride", "(H + pad - kh) // stride + 1", "(H + 2*pad - kh + 1) // stride"],
        ),
        "window": (
            "img[:, :, y:y_max:stride, x:x_max:stride]",
            [
                "img[:, :, x:x_max:stride, y:y_max:stride]",
                "img[:, :, y:y + out_h, x:x + out_w]",
                "img[:, :, y:y_max:stride, x:x_max:stride].swapaxes(2, 3)",
            ],
        ),
        "rows": (
            "col.transpose(0, 4, 5, 1, 2, 3).reshape(N*out_h*out_w, -1)",
            [
                "col.reshape(N*out_h*out_w, -1)",
                "col.transpose(0, 4, 5, 2, 3, 1).reshape(N*out_h*out_w, -1)",
                "col.transpose(4, 5, 0, 1, 2, 3).reshape(N*out_h*out_w, -1)",
            ],
        ),
    },
    lambda: [
        Case(
            (np.random.default_rng(1).normal(size=(2, 3, 5, 5)), 3, 3, 2, 1),
            description="x (2, 3, 5, 5), 3×3, stride 2, pad 1",
        ),
        Case(
            (np.random.default_rng(2).normal(size=(2, 2, 6, 6)), 3, 3, 1, 0),
            description="x (2, 2, 6, 6), 3×3, stride 1",
        ),
    ],
)


# ----- convolution forward with im2col: the weight matrix, the bias, the output reshape

_code_type(
    "code_conv_forward",
    "06_fast_convolution.ipynb",
    "2. Convolution as one matrix product",
    """def conv_forward(x, W, b, stride=1, pad=0):
    FN, C, FH, FW = W.shape
    N, C, H, Wd = x.shape
    out_h = (H + 2*pad - FH) // stride + 1
    out_w = (Wd + 2*pad - FW) // stride + 1
    col = im2col(x, FH, FW, stride, pad)        # (N*out_h*out_w, C*FH*FW)
    col_W = {weights}
    out = {product}
    return {output}
""",
    "conv_forward",
    {
        "weights": (
            "W.reshape(FN, -1).T",
            ["W.reshape(-1, FN)", "W.T.reshape(-1, FN)", "W.transpose(1, 2, 3, 0).reshape(FN, -1).T"],
        ),
        "product": ("col @ col_W + b", ["col @ col_W", "col @ col_W * b", "col @ col_W + b.mean()"]),
        "output": (
            "out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)",
            [
                "out.reshape(N, -1, out_h, out_w)",
                "out.reshape(N, out_h, out_w, -1)",
                "out.reshape(N, out_h, out_w, -1).transpose(0, 3, 2, 1)",
            ],
        ),
    },
    lambda: [
        Case(
            (
                np.random.default_rng(3).normal(size=(2, 3, 6, 5)),
                np.random.default_rng(4).normal(size=(4, 3, 3, 3)),
                np.random.default_rng(5).normal(size=4),
                1,
                1,
            ),
            description="x (2, 3, 6, 5), W (4, 3, 3, 3), stride 1, pad 1",
        ),
        Case(
            (
                np.random.default_rng(6).normal(size=(3, 2, 7, 7)),
                np.random.default_rng(7).normal(size=(3, 2, 3, 2)),
                np.random.default_rng(8).normal(size=3),
                2,
                0,
            ),
            description="x (3, 2, 7, 7), W (3, 2, 3, 2), stride 2",
        ),
    ],
)


# ----- max pooling forward with im2col

_code_type(
    "code_pool_forward",
    "07_pooling.ipynb",
    "1. Max and average pooling",
    """def max_pool_forward(x, pool_h, pool_w, stride):
    N, C, H, W = x.shape
    out_h = (H - pool_h) // stride + 1
    out_w = (W - pool_w) // stride + 1
    col = im2col(x, pool_h, pool_w, stride, 0)  # (N*out_h*out_w, C*pool_h*pool_w)
    col = {windows}
    out = {reduce}
    return {output}
""",
    "max_pool_forward",
    {
        "windows": (
            "col.reshape(-1, pool_h * pool_w)",
            [
                "col.T.reshape(-1, pool_h * pool_w)",
                "col.reshape(pool_h * pool_w, -1).T",
                'col.reshape(-1, pool_h * pool_w, order="F")',
            ],
        ),
        "reduce": ("np.max(col, axis=1)", ["np.mean(col, axis=1)", "np.argmax(col, axis=1)", "col[:, 0]"]),
        "output": (
            "out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)",
            [
                "out.reshape(N, C, out_h, out_w)",
                "out.reshape(N, out_h, out_w, C)",
                "out.reshape(N, out_h, out_w, C).transpose(0, 3, 2, 1)",
            ],
        ),
    },
    lambda: [
        Case(
            (np.random.default_rng(9).normal(size=(2, 3, 4, 6)), 2, 2, 2), description="x (2, 3, 4, 6), 2×2, stride 2"
        ),
        Case(
            (np.random.default_rng(10).normal(size=(1, 2, 5, 5)), 3, 3, 1), description="x (1, 2, 5, 5), 3×3, stride 1"
        ),
    ],
)


# ----- average pooling backward

_code_type(
    "code_avgpool_backward",
    "07_pooling.ipynb",
    "6. Backward: max pooling routes the gradient to the maximum",
    """def avg_pool_backward(dout, pool, x_shape):   # stride = pool, no padding
    N, C, H, W = x_shape
    dx = {init}
    for i in range(H // pool):
        for j in range(W // pool):
            {target} = {share}
    return dx
""",
    "avg_pool_backward",
    {
        "init": (
            "np.zeros(x_shape)",
            ["np.zeros_like(dout)", "np.ones(x_shape)", "np.full(x_shape, 1 / (pool * pool))"],
        ),
        "target": (
            "dx[:, :, i*pool:(i+1)*pool, j*pool:(j+1)*pool]",
            [
                "dx[:, :, i:i+pool, j:j+pool]",
                "dx[:, :, i*pool:(i+1)*pool, j:j+pool]",
                "dx[:, :, j*pool:(j+1)*pool, i*pool:(i+1)*pool]",
            ],
        ),
        "share": (
            "dout[:, :, i:i+1, j:j+1] / (pool * pool)",
            [
                "dout[:, :, i:i+1, j:j+1]",
                "dout[:, :, i:i+1, j:j+1] / pool",
                "dout[:, :, j:j+1, i:i+1] / (pool * pool)",
            ],
        ),
    },
    lambda: [
        Case(
            (np.random.default_rng(11).normal(size=(2, 3, 3, 3)), 2, (2, 3, 6, 6)),
            description="dout (2, 3, 3, 3), pool 2",
        ),
        Case(
            (np.random.default_rng(12).normal(size=(1, 2, 2, 2)), 3, (1, 2, 7, 7)),
            description="dout (1, 2, 2, 2), pool 3, x 7×7",
        ),
    ],
)


# ----- dropout forward (inverted)

_code_type(
    "code_dropout",
    "08_building_a_cnn.ipynb",
    "6. Dropout (ドロップアウト): training mode vs. evaluation mode",
    """def dropout_forward(x, p, train, seed=0):   # p: the probability of dropping
    if not train:
        return {test}
    rng = np.random.default_rng(seed)
    mask = {mask}
    return {train}
""",
    "dropout_forward",
    {
        "test": ("x", ["x * (1 - p)", "x / (1 - p)", "x * p"]),
        "mask": (
            "rng.random(x.shape) >= p",
            ["rng.random(x.shape) < p", "rng.random(x.shape) >= 1 - p", "rng.random(x.shape) * p"],
        ),
        "train": ("x * mask / (1 - p)", ["x * mask", "x * mask * (1 - p)", "x * mask / p"]),
    },
    lambda: [
        Case((np.random.default_rng(13).normal(size=(4, 6)), 0.2, True, 1), description="x (4, 6), p 0.2, training"),
        Case((np.random.default_rng(14).normal(size=(3, 5)), 0.3, False, 2), description="x (3, 5), p 0.3, test time"),
    ],
)


# ----- affine backward

_code_type(
    "code_affine_backward",
    "08_building_a_cnn.ipynb",
    "Exercise 1: the backward pass of a Linear layer",
    """def affine_backward(dout, x, W):   # y = x @ W + b;  x (N, D), W (D, M), dout (N, M)
    dx = {dx}
    dW = {dW}
    db = {db}
    return dx, dW, db
""",
    "affine_backward",
    {
        "dx": ("dout @ W.T", ["W @ dout.T", "(dout @ W.T).T", "dout @ W.T / len(x)"]),
        "dW": ("x.T @ dout", ["dout.T @ x", "x.T @ dout / len(x)", "(x.T @ dout).T"]),
        "db": ("dout.sum(axis=0)", ["dout.sum(axis=1)", "dout.mean(axis=0)", "dout.sum()"]),
    },
    lambda: [
        Case(
            (
                np.random.default_rng(15).normal(size=(4, 3)),
                np.random.default_rng(16).normal(size=(4, 5)),
                np.random.default_rng(17).normal(size=(5, 3)),
            ),
            description="dout (4, 3), x (4, 5), W (5, 3)",
        ),
    ],
)


_EXPLAIN.update(
    {
        "code_im2col": {
            "out_h": T(
                "The output size formula, floor((H + 2P − KH)/S) + 1, with the padding on both sides and the +1.",
                "出力サイズの式 floor((H + 2P − KH)/S) + 1（パディングは両側、+1 を忘れない）。",
            ),
            "window": T(
                "For kernel offset (y, x) the cells it meets in every window are rows y, y+S, … < y_max and columns "
                "x, x+S, … < x_max: one strided slice per offset, shape (N, C, out_h, out_w).",
                "カーネル内の位置 (y, x) が各ウィンドウで出会うセルは行 y, y+S, … < y_max、列 x, x+S, … < x_max："
                "位置ごとにストライド付きスライス 1 つ、形状 (N, C, out_h, out_w)。",
            ),
            "rows": T(
                "col is (N, C, KH, KW, OH, OW); each row must be one window, so move (N, OH, OW) to the front and "
                "keep (C, KH, KW) in W's order: transpose(0, 4, 5, 1, 2, 3), then reshape to (N·OH·OW, C·KH·KW).",
                "col の形状は (N, C, KH, KW, OH, OW)。1 行を 1 つのウィンドウにするため (N, OH, OW) を前に出し、(C, KH, KW) は W と"
                "同じ順に残す：transpose(0, 4, 5, 1, 2, 3) の後 (N·OH·OW, C·KH·KW) に reshape。",
            ),
        },
        "code_conv_forward": {
            "weights": T(
                "W (FN, C, FH, FW) becomes one column per filter with rows in col's (C, FH, FW) order: "
                "W.reshape(FN, -1).T, shape (C·FH·FW, FN).",
                "W (FN, C, FH, FW) をフィルターごとに 1 列、行は col と同じ (C, FH, FW) の順にする："
                "W.reshape(FN, -1).T、形状 (C·FH·FW, FN)。",
            ),
            "product": T(
                "One matrix product, (N·OH·OW, C·FH·FW) @ (C·FH·FW, FN), and the bias (FN,) broadcast over the rows.",
                "行列積 1 回 (N·OH·OW, C·FH·FW) @ (C·FH·FW, FN) に、バイアス (FN,) を各行にブロードキャストして足す。",
            ),
            "output": T(
                "The rows are ordered (N, OH, OW) and the columns are the filters: reshape to (N, OH, OW, FN), then "
                "move the filters to axis 1 with transpose(0, 3, 1, 2).",
                "行は (N, OH, OW) の順、列はフィルター：(N, OH, OW, FN) に reshape してから transpose(0, 3, 1, 2) で"
                "フィルターを軸 1 に移す。",
            ),
        },
        "code_pool_forward": {
            "windows": T(
                "Each im2col row holds C windows of pool_h·pool_w values one after the other: reshape(-1, pool_h·pool_w) "
                "gives one (image, position, channel) window per row.",
                "im2col の各行には pool_h·pool_w 個ずつのウィンドウが C 個並ぶ：reshape(-1, pool_h·pool_w) で 1 行 1 ウィンドウ"
                "（画像、位置、チャンネル）になる。",
            ),
            "reduce": T(
                "Max pooling keeps each window's largest value: the maximum along axis 1 (along a row).",
                "最大値プーリングは各ウィンドウの最大値を残す：軸 1（行方向）の最大値。",
            ),
            "output": T(
                "The values are ordered (N, OH, OW, C): reshape to that, then transpose(0, 3, 1, 2) to (N, C, OH, OW).",
                "値の順は (N, OH, OW, C)：その形状に reshape して transpose(0, 3, 1, 2) で (N, C, OH, OW) にする。",
            ),
        },
        "code_avgpool_backward": {
            "init": T("dx has x's shape and starts at zero.", "dx は x と同じ形状で 0 から始める。"),
            "target": T(
                "Output cell (i, j) came from rows i·pool … (i+1)·pool − 1 and columns j·pool … (j+1)·pool − 1.",
                "出力セル (i, j) は行 i·pool 〜 (i+1)·pool − 1、列 j·pool 〜 (j+1)·pool − 1 から来た。",
            ),
            "share": T(
                "The mean of pool² cells passes dout/pool² to each of them (broadcast from a 1×1 slice).",
                "pool² セルの平均なので、各セルに dout/pool² を渡す（1×1 のスライスからブロードキャスト）。",
            ),
        },
        "code_dropout": {
            "test": T(
                "Inverted dropout already scaled by 1/(1 − p) in training, so test time is the identity.",
                "逆ドロップアウト (inverted dropout) は訓練時に 1/(1 − p) 倍しているので、テスト時は恒等写像。",
            ),
            "mask": T(
                "Keep a value with probability 1 − p: u ≥ p for u uniform in [0, 1).",
                "確率 1 − p で値を残す：[0, 1) の一様乱数 u に対して u ≥ p。",
            ),
            "train": T(
                "Zero the dropped values and scale the kept ones by 1/(1 − p) so that E[out] = x.",
                "消した値を 0 にし、残した値を 1/(1 − p) 倍して E[out] = x にする。",
            ),
        },
        "code_affine_backward": {
            "dx": T(
                "dx = dout @ W.T: (N, M) @ (M, D) = (N, D), x's shape.",
                "dx = dout @ W.T：(N, M) @ (M, D) = (N, D) で x と同じ形状。",
            ),
            "dW": T(
                "dW = x.T @ dout: (D, N) @ (N, M) = (D, M), W's shape.",
                "dW = x.T @ dout：(D, N) @ (N, M) = (D, M) で W と同じ形状。",
            ),
            "db": T(
                "b was added to every row, so db sums dout over the batch: shape (M,).",
                "b は全ての行に足されたので、db は dout のバッチ方向の和：形状 (M,)。",
            ),
        },
    }
)
