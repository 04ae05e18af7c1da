"""Exam questions: backward-pass shapes."""

from __future__ import annotations

from ..shapes import conv_output_size, pool_output_size
from .registry import PAIR, SHAPE, _conv_setting, _generator, _pick


@_generator("backward_dw", "backward")
def _backward_dw(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16, 32])
    return dict(
        text=f"A convolution layer with {f} filters of {k}×{k} takes x of shape ({n}, {c}, {h}, {h}). In the backward "
        f"pass, what is the shape of dW, the gradient of the weights?",
        answer=(f, c, k, k),
        expression=f"({f}, {c}, {k}, {k})",
        answer_format=SHAPE,
        solution=f"A gradient has the shape of what it is the gradient of: W is (F, C, KH, KW) = ({f}, {c}, {k}, {k}), "
        f"summed over the batch, so dW is ({f}, {c}, {k}, {k}) too; db is ({f},).",
        hints=(((n, f, c, k, k), "dW sums the contributions of every image: no batch axis."),),
    )


@_generator("backward_dcol", "backward")
def _backward_dcol(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16])
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, c * k * k)
    return dict(
        text=f"im2col-based convolution backward: x ({n}, {c}, {h}, {h}), {f} filters {k}×{k}, stride {s}, "
        f"padding {p}. dcol = dout_col @ W_col.T, where dout_col is ({n * o * o}, {f}). What is dcol's shape "
        f"(before col2im folds it back into dx)?",
        answer=shape,
        expression=f"({n * o * o}, {c} * {k} * {k})",
        answer_format=PAIR,
        solution=f"W_col is (C×K×K, F) = ({c * k * k}, {f}), so W_col.T is ({f}, {c * k * k}) and "
        f"({n * o * o}, {f}) @ ({f}, {c * k * k}) = {shape}: the shape of col. col2im then sums it into "
        f"dx of shape ({n}, {c}, {h}, {h}).",
        hints=(((n, c, h, h), "that is dx after col2im; dcol has the im2col matrix's shape."),),
    )


@_generator("backward_fc", "backward")
def _backward_fc(rng):
    n = _pick(rng, [32, 64, 100])
    d = _pick(rng, [256, 400, 784, 800])
    m = _pick(rng, [10, 50, 100])
    which = _pick(rng, ["dW", "dx"])
    ans = (d, m) if which == "dW" else (n, d)
    formula = "x.T @ dout" if which == "dW" else "dout @ W.T"
    return dict(
        text=f"A fully-connected (Affine) layer computes y = x @ W + b with x ({n}, {d}) and W ({d}, {m}). "
        f"In the backward pass {which} = {formula}. What is the shape of {which}?",
        answer=ans,
        expression=repr(ans),
        answer_format=PAIR,
        solution=f"x.T is ({d}, {n}), dout is ({n}, {m}); dW = x.T @ dout is ({d}, {m}), the shape of W. "
        f"dx = dout @ W.T = ({n}, {m}) @ ({m}, {d}) = ({n}, {d}), the shape of x.",
        hints=((ans[::-1], "check the order: a gradient has exactly the shape of its variable."),),
    )


@_generator("backward_pool_dx", "backward")
def _backward_pool_dx(rng):
    n = _pick(rng, [1, 8, 32])
    c = _pick(rng, [6, 16])
    h = _pick(rng, [5, 7, 9, 11, 13])
    o = pool_output_size(h, 2)
    return dict(
        text=f"2×2 max pooling, stride 2, on x of shape ({n}, {c}, {h}, {h}); the output is ({n}, {c}, {o}, {o}). "
        f"What is the shape of dx returned by the backward pass?",
        answer=(n, c, h, h),
        expression=f"({n}, {c}, {h}, {h})",
        answer_format=SHAPE,
        solution=f"dx always has x's shape, ({n}, {c}, {h}, {h}), even though the floor dropped the last row and "
        f"column (they never won a window, so their gradient is 0).",
        hints=(
            ((n, c, 2 * o, 2 * o), "the last row/column that no window reached still exists in x; its gradient is 0."),
        ),
    )
