"""Exam questions: the output size and shape of pooling (non-overlapping, overlapping, ceil_mode)."""

from __future__ import annotations

from ..shapes import pool_output_size
from .mistakes import size_mistakes
from .registry import T, _generator, _pick

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
            f"{i}×{i} の特徴マップに {k}×{k} のウィンドウ、ストライド {k} の最大値プーリングを行う。出力の一辺のサイズを求めよ。",
        ),
        answer=o,
        expression=f"({i} - {k}) // {k} + 1",
        answer_format="whole",
        solution=T(
            f"Pooling uses the same formula: O = floor((I − K)/S) + 1 = floor(({i} − {k})/{k}) + 1 = {o}.",
            f"プーリングも同じ式：O = floor((I − K)/S) + 1 = floor(({i} − {k})/{k}) + 1 = {o}。",
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
            f"重なりのある最大値プーリング：ウィンドウ {k}×{k}、ストライド {s}、パディング {p}、入力 {i}×{i}。出力の一辺を求めよ。",
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
            f"ceil_mode=True では切り上げる（はみ出す最後のウィンドウも残す）：O = ceil(({i} − {k})/{s}) + 1 = {o}。",
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
            f"形状 ({n}, {c}, {h}, {w}) の特徴マップのバッチに 2×2、ストライド 2 の最大値プーリングを行う。出力の形状を求めよ。",
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
