"""Exam questions: im2col."""

from __future__ import annotations

from ..shapes import conv_output_size
from .registry import PAIR, WHOLE, _conv_setting, _formula, _generator, _pick


@_generator("im2col_shape", "im2col")
def _im2col_shape(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, c * k * k)
    return dict(
        text=f"im2col unfolds x of shape ({n}, {c}, {h}, {h}) for a {k}×{k} kernel, stride {s}, padding {p}, one "
        f"window per row. What is the shape of the resulting matrix?",
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {c} * {k} * {k})",
        answer_format=PAIR,
        solution=f"OH = OW = {_formula(h, k, s, p)} = {o}. Rows: one per window, N×OH×OW = {n}×{o}×{o} = "
        f"{shape[0]}. Columns: one per kernel weight, C×KH×KW = {c}×{k}×{k} = {shape[1]}.",
        hints=(((shape[1], shape[0]), "rows are windows, columns the C×K×K values in each window."),),
    )


@_generator("im2col_weight_matrix", "im2col")
def _im2col_weight_matrix(rng):
    c = _pick(rng, [3, 16, 32])
    f = _pick(rng, [8, 16, 64])
    k = _pick(rng, [3, 5])
    shape = (c * k * k, f)
    return dict(
        text=f"With im2col, a convolution with weights W of shape ({f}, {c}, {k}, {k}) becomes col @ W_col, where "
        f"col has C×KH×KW columns. What is the shape of W_col (= W.reshape({f}, -1).T)?",
        answer=shape,
        expression=f"({c} * {k} * {k}, {f})",
        answer_format=PAIR,
        solution=f"W.reshape(F, -1) is ({f}, {c}×{k}×{k}) = ({f}, {c * k * k}); transposed it is ({c * k * k}, {f}), "
        f"so col (rows, {c * k * k}) @ W_col gives (rows, {f}): one column per filter.",
        hints=(((f, c * k * k), "that is before the transpose (.T)."),),
    )


@_generator("im2col_product", "im2col")
def _im2col_product(rng):
    n, c, h, k, s, p = _conv_setting(rng)
    f = _pick(rng, [4, 8, 16])
    o = conv_output_size(h, k, s, p)
    shape = (n * o * o, f)
    return dict(
        text=f"x has shape ({n}, {c}, {h}, {h}); {f} filters of {k}×{k}, stride {s}, padding {p}. "
        f"What is the shape of the product col @ W_col, before it is reshaped to (N, F, OH, OW)?",
        answer=shape,
        expression=f"({n} * (({h} + 2*{p} - {k}) // {s} + 1) ** 2, {f})",
        answer_format=PAIR,
        solution=f"col is (N×OH×OW, C×K×K) = ({n * o * o}, {c * k * k}) with OH = OW = {o}; W_col is "
        f"({c * k * k}, {f}). The product is ({n * o * o}, {f}); reshape to ({n}, {o}, {o}, {f}) and "
        f"transpose to ({n}, {f}, {o}, {o}).",
        hints=(((n, f, o, o), "that is after the reshape; the matrix product itself is 2-D."),),
    )


@_generator("im2col_elements", "im2col")
def _im2col_elements(rng):
    h = _pick(rng, [6, 8, 10, 12])
    k = 3
    c = _pick(rng, [1, 2, 3])
    o = conv_output_size(h, k, 1, 1)
    n = o * o * c * k * k
    return dict(
        text=f"One image ({c}, {h}, {h}) is unfolded by im2col for a 3×3 kernel, stride 1, padding 1. "
        f"How many numbers does the col matrix hold (its memory cost)?",
        answer=n,
        expression=f"({h} * {h}) * ({c} * 3 * 3)",
        answer_format=WHOLE,
        solution=f"Same padding keeps {h}×{h} = {o * o} windows; each row holds {c}×3×3 = {c * 9} values: "
        f"{o * o}×{c * 9} = {n}, about 9× the {c * h * h} input values (each pixel is copied up to 9 times).",
        hints=((c * h * h, "every input value is copied into several rows: one per window that covers it."),),
    )
