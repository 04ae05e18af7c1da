"""Exam questions: output size: pooling."""

from __future__ import annotations

from ..shapes import pool_output_size
from .registry import SHAPE, WHOLE, _generator, _pick


@_generator("pool_basic", "pool_size")
def _pool_basic(rng):
    k = _pick(rng, [2, 3])
    o = int(rng.integers(4, 17))
    i = o * k
    assert pool_output_size(i, k) == o
    return dict(
        text=f"Max pooling (プーリング) with a {k}×{k} window and stride {k} on a {i}×{i} feature map. "
        f"What is the output size along one side?",
        answer=o,
        expression=f"({i} - {k}) // {k} + 1",
        answer_format=WHOLE,
        solution=f"Pooling uses the same formula with no dilation: O = (I + 2P − K)/S + 1 = "
        f"({i} − {k})/{k} + 1 = {o}. Non-overlapping windows divide the size by {k}.",
        hints=((i - k + 1, f"the stride is {k}, not 1: the window jumps {k} cells."),),
    )


@_generator("pool_overlap", "pool_size")
def _pool_overlap(rng):
    k, s = 3, 2
    p = _pick(rng, [0, 1])
    o = int(rng.integers(5, 30))
    i = (o - 1) * s + k - 2 * p
    assert pool_output_size(i, k, s, p) == o
    return dict(
        text=f"Overlapping max pooling as in AlexNet: window 3×3, stride 2, padding {p}, input {i}×{i}. "
        f"What is the output size along one side?",
        answer=o,
        expression=f"({i} + 2*{p} - {k}) // {s} + 1",
        answer_format=WHOLE,
        solution=f"O = (I + 2P − K)/S + 1 = ({i} + 2×{p} − 3)/2 + 1 = {o}.",
        hints=((i // k, "the stride is 2, not the window size 3."),),
    )


@_generator("pool_shape", "pool_size")
def _pool_shape(rng):
    n = _pick(rng, [10, 20, 64, 100])
    c = _pick(rng, [6, 16, 30, 64])
    k = 2
    h = _pick(rng, [24, 28, 32, 56, 7, 13])
    oh = pool_output_size(h, k)
    return dict(
        text=f"A feature map batch of shape ({n}, {c}, {h}, {h}) goes through a 2×2 max pooling layer with "
        f"stride 2. What is the output shape?",
        answer=(n, c, oh, oh),
        expression=f"({n}, {c}, ({h} - 2) // 2 + 1, ({h} - 2) // 2 + 1)",
        answer_format=SHAPE,
        solution=f"Pooling acts on each channel separately: N and C are unchanged ({n}, {c}); "
        f"OH = OW = floor(({h} − 2)/2) + 1 = {oh}. Output ({n}, {c}, {oh}, {oh}).",
        hints=(((n, 1, oh, oh), "pooling keeps every channel; it has no filters that mix them."),),
    )
