"""Exam questions: values by hand: pooling forward/backward, a convolution's output cell and dW, window visits."""

from __future__ import annotations

import numpy as np

from ..conv import conv2d, im2col
from ..pooling import avg_pool2d, max_pool2d
from .registry import T, _generator, _pick

N07 = "07_pooling.ipynb"


def _matrix_text(m) -> str:
    m = np.asarray(m)
    width = max(len(str(v)) for v in m.ravel())
    return "\n".join("    " + " ".join(str(v).rjust(width) for v in row) for row in m)


@_generator("maxpool_values", "max_pool", N07, "Exercise 2: pool by hand")
def _maxpool_values(rng):
    x = rng.permutation(16).reshape(4, 4) + 1
    out = max_pool2d(x.astype(float), 2).astype(int)
    mat = _matrix_text(x)
    return dict(
        text=T(
            f"2×2 max pooling with stride 2 on this 4×4 input:\n{mat}\nWhat is the 2×2 output?",
            f"次の 4×4 の入力に 2×2、ストライド 2 の最大値プーリングを行う：\n{mat}\n2×2 の出力を求めよ。",
        ),
        answer=out.tolist(),
        expression=repr(out.tolist()),
        answer_format="matrix",
        solution=T(
            "Keep each 2×2 window's largest value: "
            + "; ".join(
                f"rows {2 * i}-{2 * i + 1}, columns {2 * j}-{2 * j + 1}: {out[i, j]}"
                for i in range(2)
                for j in range(2)
            )
            + ".",
            "各 2×2 のウィンドウの最大値を残す："
            + "、".join(
                f"{2 * i}-{2 * i + 1} 行、{2 * j}-{2 * j + 1} 列：{out[i, j]}" for i in range(2) for j in range(2)
            )
            + "。",
        ),
        mistakes=(
            ("top_left", x[::2, ::2].tolist()),
            ("window_min", (-max_pool2d(-x.astype(float), 2)).astype(int).tolist()),
            ("transposed", out.T.tolist()),
        ),
        params=dict(x=x.tolist(), k=2, s=2),
    )


@_generator("maxpool_overlap_values", "max_pool", N07, "Exercise 2: pool by hand")
def _maxpool_overlap_values(rng):
    while True:
        size = _pick(rng, [4, 5])
        k = _pick(rng, [2, 3])
        x = rng.integers(0, 20, size=(size, size))
        out = max_pool2d(x.astype(float), k, stride=1).astype(int)
        if len(np.unique(out)) >= max(3, out.size // 2):  # outputs that differ: the overlap shows
            break
    o = size - k + 1
    mat = _matrix_text(x)
    return dict(
        text=T(
            f"{k}×{k} max pooling with stride 1 (overlapping windows) on this {size}×{size} input:\n{mat}\n"
            f"What is the output?",
            f"次の {size}×{size} の入力に {k}×{k}、ストライド 1（ウィンドウが重なる）の最大値プーリングを行う：\n{mat}\n出力を求めよ。",
        ),
        answer=out.tolist(),
        expression=repr(out.tolist()),
        answer_format="matrix",
        solution=T(
            f"Output size ({size} − {k})/1 + 1 = {o}; windows start at every row/column 0..{o - 1}. "
            + "; ".join(f"({i}, {j}): {out[i, j]}" for i in range(o) for j in range(o))
            + ". A large value can win several overlapping windows.",
            f"出力サイズ ({size} − {k})/1 + 1 = {o}。ウィンドウは各行・列 0..{o - 1} から始まる。"
            + "、".join(f"({i}, {j})：{out[i, j]}" for i in range(o) for j in range(o))
            + "。大きな値は重なった複数のウィンドウで選ばれうる。",
        ),
        mistakes=(
            ("top_left", x[:o, :o].tolist()),
            ("window_min", (-max_pool2d(-x.astype(float), k, stride=1)).astype(int).tolist()),
            ("transposed", out.T.tolist()),
            ("no_overlap", max_pool2d(x.astype(float), k).astype(int).tolist()),
        ),
        params=dict(x=x.tolist(), k=k, s=1),
    )


@_generator("maxpool_backward_values", "max_pool", N07, "Exercise 3: max-pool backward by hand")
def _maxpool_backward_values(rng):
    from ..pool_kernels import maxpool_backward, maxpool_forward

    x = rng.permutation(16).reshape(4, 4) + 1
    dout = rng.integers(1, 10, size=(2, 2))
    _, cache = maxpool_forward(x.astype(float)[None, None], 2)
    dx = maxpool_backward(dout.astype(float)[None, None], cache)[0, 0].astype(int)
    top_left = np.zeros((4, 4), dtype=int)
    top_left[::2, ::2] = dout
    to_min = np.zeros((4, 4), dtype=int)  # the gradient routed to each window's minimum
    for wi in range(2):
        for wj in range(2):
            u, v = np.unravel_index(np.argmin(x[2 * wi : 2 * wi + 2, 2 * wj : 2 * wj + 2]), (2, 2))
            to_min[2 * wi + u, 2 * wj + v] = dout[wi, wj]
    mx, md = _matrix_text(x), _matrix_text(dout)
    return dict(
        text=T(
            f"2×2 max pooling, stride 2, on this input x:\n{mx}\nThe gradient arriving from above (dout) is:\n{md}\n"
            f"What is dx (4×4)?",
            f"次の入力 x に 2×2、ストライド 2 の最大値プーリングを行う：\n{mx}\n上流から来た勾配 dout は：\n{md}\n"
            f"dx (4×4) を求めよ。",
        ),
        answer=dx.tolist(),
        expression=repr(dx.tolist()),
        answer_format="matrix",
        solution=T(
            "Each window's gradient goes to the position of its maximum; every other cell gets 0. "
            + "; ".join(
                f"window ({i}, {j}): max {x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max()} gets {dout[i, j]}"
                for i in range(2)
                for j in range(2)
            )
            + ".",
            "各ウィンドウの勾配はその最大値の位置にだけ流れ、他のセルは 0。"
            + "、".join(
                f"ウィンドウ ({i}, {j})：最大値 {x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max()} に {dout[i, j]}"
                for i in range(2)
                for j in range(2)
            )
            + "。",
        ),
        mistakes=(
            ("spread_gradient", np.kron(dout, np.ones((2, 2), dtype=int)).tolist()),
            ("top_left", top_left.tolist()),
            ("gradient_to_min", to_min.tolist()),
        ),
        params=dict(x=x.tolist(), dout=dout.tolist()),
    )


@_generator("avgpool_values", "max_pool", N07, "1. Max and average pooling")
def _avgpool_values(rng):
    x = rng.integers(0, 12, size=(4, 4))
    for i in range(2):
        for j in range(2):  # make each window's sum a multiple of 4: whole-number averages
            x[2 * i + 1, 2 * j + 1] += (-x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].sum()) % 4
    out = avg_pool2d(x.astype(float), 2)
    ans = out.astype(int).tolist()
    mat = _matrix_text(x)
    return dict(
        text=T(
            f"2×2 average pooling with stride 2 on this 4×4 input:\n{mat}\nWhat is the 2×2 output?",
            f"次の 4×4 の入力に 2×2、ストライド 2 の平均値プーリングを行う：\n{mat}\n2×2 の出力を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="matrix",
        solution=T(
            "Average each window: "
            + "; ".join(
                f"({' + '.join(map(str, x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].ravel()))})/4 = {ans[i][j]}"
                for i in range(2)
                for j in range(2)
            )
            + ".",
            "各ウィンドウの平均："
            + "、".join(
                f"({' + '.join(map(str, x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].ravel()))})/4 = {ans[i][j]}"
                for i in range(2)
                for j in range(2)
            )
            + "。",
        ),
        mistakes=(
            ("avg_as_max", max_pool2d(x.astype(float), 2).astype(int).tolist()),
            ("avg_no_divide", (out * 4).astype(int).tolist()),
            ("top_left", x[::2, ::2].tolist()),
        ),
        params=dict(x=x.tolist()),
    )


@_generator("avgpool_backward_values", "max_pool", N07, "Exercise 6: average-pool backward")
def _avgpool_backward_values(rng):
    from ..pool_kernels import avgpool_backward, avgpool_forward

    k = _pick(rng, [2, 2, 3])
    o = 2
    dout = rng.integers(1, 10, size=(o, o)) * (k * k)
    _, cache = avgpool_forward(np.zeros((1, 1, o * k, o * k)), k)
    dx = avgpool_backward(dout.astype(float)[None, None], cache)[0, 0]
    ans = np.rint(dx).astype(int).tolist()
    top_left = np.zeros((o * k, o * k), dtype=int)
    top_left[::k, ::k] = dout
    md = _matrix_text(dout)
    return dict(
        text=T(
            f"{k}×{k} average pooling, stride {k}, on a {o * k}×{o * k} input. The gradient from above (dout) is:\n"
            f"{md}\nWhat is dx ({o * k}×{o * k})?",
            f"{o * k}×{o * k} の入力に {k}×{k}、ストライド {k} の平均値プーリングを行う。上流からの勾配 dout は：\n{md}\n"
            f"dx ({o * k}×{o * k}) を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="matrix",
        solution=T(
            f"out is the mean of K×K = {k * k} cells, so each cell of a window gets dout / {k * k}: "
            + "; ".join(f"{dout[i, j]}/{k * k} = {dout[i, j] // (k * k)}" for i in range(o) for j in range(o))
            + ", copied over its window.",
            f"出力は K×K = {k * k} セルの平均なので、ウィンドウの各セルに dout / {k * k} が流れる："
            + "、".join(f"{dout[i, j]}/{k * k} = {dout[i, j] // (k * k)}" for i in range(o) for j in range(o))
            + " をウィンドウ全体にコピーする。",
        ),
        mistakes=(
            ("avg_no_divide", np.kron(dout, np.ones((k, k), dtype=int)).tolist()),
            ("avg_as_max", top_left.tolist()),
        ),
        params=dict(dout=dout.tolist(), k=k),
    )


@_generator("conv_dw_values", "backward", "08_building_a_cnn.ipynb", "Conv2D: the convolution layer (畳み込み層)")
def _conv_dw_values(rng):
    from ..kernels import conv_backward, conv_forward

    size = _pick(rng, [3, 4])
    k = _pick(rng, [2, 2, 3]) if size == 4 else 2
    o = size - k + 1
    x = rng.integers(-2, 4, size=(size, size))
    dout = rng.integers(-1, 3, size=(o, o))
    while not dout.any():
        dout = rng.integers(-1, 3, size=(o, o))
    _, cache = conv_forward(x.astype(float)[None, None], np.zeros((1, 1, k, k)))
    _, dw, _ = conv_backward(dout.astype(float)[None, None], cache, need_dx=False)
    ans = np.rint(dw[0, 0]).astype(int).tolist()
    mx, md = _matrix_text(x), _matrix_text(dout)
    return dict(
        text=T(
            f"A convolution (cross-correlation as in the frameworks) of one {size}×{size} input x with one {k}×{k} "
            f"kernel W, stride 1, no padding:\n{mx}\nThe gradient of the loss with respect to the {o}×{o} output "
            f"(dout) is:\n{md}\nWhat is dW ({k}×{k})?",
            f"{size}×{size} の入力 x と {k}×{k} のカーネル W の畳み込み（フレームワークと同じ相互相関、ストライド 1、"
            f"パディングなし）：\n{mx}\n{o}×{o} の出力に対する損失の勾配 dout は：\n{md}\ndW ({k}×{k}) を求めよ。",
        ),
        answer=ans,
        expression=repr(ans),
        answer_format="matrix",
        solution=T(
            "dW[u, v] = Σ_ij dout[i, j] · x[i + u, j + v]: the correlation of x with dout. "
            + "; ".join(f"dW[{u}, {v}] = {ans[u][v]}" for u in range(k) for v in range(k))
            + ".",
            "dW[u, v] = Σ_ij dout[i, j] · x[i + u, j + v]（x と dout の相互相関）。"
            + "、".join(f"dW[{u}, {v}] = {ans[u][v]}" for u in range(k) for v in range(k))
            + "。",
        ),
        mistakes=(
            ("dw_flipped", np.asarray(ans)[::-1, ::-1].tolist()),
            ("transposed", np.asarray(ans).T.tolist()),
            ("dw_no_sum", (x[:k, :k] * dout[0, 0]).tolist()),
        ),
        params=dict(x=x.tolist(), dout=dout.tolist(), k=k),
    )


@_generator("conv_cell_value", "conv_size", "01_convolution.ipynb", "5. Exercise: predict an output cell")
def _conv_cell_value(rng):
    size = _pick(rng, [4, 5])
    x = rng.integers(0, 5, size=(size, size))
    w = rng.integers(-1, 3, size=(3, 3))
    b = int(rng.integers(-2, 3))
    o = size - 2
    i, j = int(rng.integers(0, o)), int(rng.integers(0, o))
    out = conv2d(x.astype(float), w.astype(float), np.array([float(b)]))
    ans = int(round(float(out[i, j]) if out.ndim == 2 else float(np.asarray(out).reshape(o, o)[i, j])))
    flipped = int(round(float((x[i : i + 3, j : j + 3] * w[::-1, ::-1]).sum() + b)))
    products = (
        " + ".join(
            f"{a}×{c if c > 0 else f'({c})'}"
            for a, c in zip(x[i : i + 3, j : j + 3].ravel().tolist(), w.ravel().tolist())
            if a and c
        )
        or "0"
    )
    mx, mw = _matrix_text(x), _matrix_text(w)
    return dict(
        text=T(
            f"Input x ({size}×{size}):\n{mx}\nKernel W (3×3, applied as cross-correlation like the frameworks), "
            f"bias b = {b}:\n{mw}\nStride 1, no padding. What is output cell out[{i}, {j}] (row {i}, column {j})?",
            f"入力 x ({size}×{size}):\n{mx}\nカーネル W（3×3、フレームワークと同じ相互相関）、バイアス b = {b}:\n{mw}\n"
            f"ストライド 1、パディングなし。出力のセル out[{i}, {j}]（{i} 行 {j} 列）の値を求めよ。",
        ),
        answer=ans,
        expression=" + ".join(f"{a}*{c}" for a, c in zip(x[i : i + 3, j : j + 3].ravel().tolist(), w.ravel().tolist()))
        + f" + {b}",
        answer_format="whole",
        solution=T(
            f"The window of x starting at row {i}, column {j} times W, summed, plus b: {products} = {ans - b}; "
            f"{ans - b} + ({b}) = {ans}.",
            f"x の {i} 行 {j} 列から始まるウィンドウと W の要素ごとの積の和にバイアスを足す：{products} = {ans - b}、"
            f"{ans - b} + ({b}) = {ans}。",
        ),
        mistakes=(
            ("forgot_bias", ans - b),
            ("kernel_flipped", flipped),
            ("transposed", int(round(float((x[j : j + 3, i : i + 3] * w).sum() + b)))),
        ),
        params=dict(x=x.tolist(), w=w.tolist(), b=b, i=i, j=j),
    )


@_generator("window_visits", "padding", "02_padding.ipynb", "9. Exercise: visits of a corner pixel")
def _window_visits(rng):
    size = int(rng.integers(5, 12))
    k = _pick(rng, [2, 3, 5])
    p = int(rng.integers(0, k))
    s = _pick(rng, [1, 1, 2])
    r, c = _pick(rng, [(0, 0), (0, 1), (1, 1), (0, 2), (size - 1, size - 1), (1, 2), (size // 2, size // 2)])
    one = np.zeros((1, 1, size, size))
    one[0, 0, r, c] = 1
    visits = int(im2col(one, k, stride=s, padding=p).sum())
    interior = min(k, size) ** 2
    return dict(
        text=T(
            f"A {k}×{k} window slides with stride {s} over a {size}×{size} input with zero padding {p}. How many "
            f"window positions include the input pixel at row {r}, column {c} (counting from 0)?",
            f"ゼロパディング {p} の {size}×{size} の入力上を {k}×{k} のウィンドウがストライド {s} で動く。入力の {r} 行 {c} 列"
            f"（0 から数える）のピクセルを含むウィンドウの位置の数を求めよ。",
        ),
        answer=visits,
        expression=" * ".join(
            f"sum(1 for t in range(0, {size} + 2*{p} - {k} + 1, {s}) if t <= {v} + {p} <= t + {k - 1})" for v in (r, c)
        ),
        answer_format="whole",
        solution=T(
            f"Count per axis the window starts t (in padded coordinates) with t ≤ pixel + {p} ≤ t + {k - 1}, t a "
            f"multiple of {s}; multiply the row and column counts: {visits}. An interior pixel with stride 1 is "
            f"visited K² = {k * k} times; padding brings border pixels closer to that.",
            f"軸ごとに、ウィンドウの開始位置 t（パディング後の座標、{s} の倍数）で t ≤ ピクセル + {p} ≤ t + {k - 1} となるものを数え、"
            f"行と列の数を掛ける：{visits}。ストライド 1 の内側のピクセルは K² = {k * k} 回。パディングで端のピクセルもそれに近づく。",
        ),
        mistakes=(("padding_one_side", interior), ("rf_no_overlap", 1)),
        params=dict(size=size, k=k, p=p, s=s, r=r, c=c),
    )
