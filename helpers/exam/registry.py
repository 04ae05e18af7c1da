"""The question registry of the exam: topics, the ``Question`` record, ``GENERATORS`` and their tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

# topic key -> title shown in the score table
TOPICS: dict[str, str] = {
    "conv_size": "Output size: convolution (stride, padding, dilation)",
    "pool_size": "Output size: pooling",
    "params": "Parameter counts (with bias)",
    "bottleneck": "1×1 convolutions and bottlenecks",
    "im2col": "im2col matrix shapes",
    "receptive_field": "Receptive fields",
    "max_pool": "Max pooling: kept values and gradient routing",
    "backward": "Backward-pass shapes",
    "flatten": "Shapes through a network, flatten size",
}


@dataclass(frozen=True)
class Question:
    """One question. ``answer`` is an int, a tuple of ints or a nested list (a small matrix)."""

    kind: str
    topic: str
    seed: int
    text: str
    answer: Any
    solution: str
    expression: str  # Python code that computes the answer from the question's numbers
    answer_format: str  # "a whole number", "a shape tuple like (N, C, H, W)", ...
    hints: tuple = ()  # ((wrong answer, hint), ...) for common mistakes

    @property
    def is_array(self) -> bool:
        return isinstance(self.answer, list)

    def render(self, number: int | None = None) -> str:
        head = f"Q{number} · " if number is not None else ""
        return f"{head}{TOPICS[self.topic]}\n{self.text}\nAnswer with {self.answer_format}."

    def __str__(self) -> str:
        return self.render()


GENERATORS: dict[str, tuple[str, Callable[[np.random.Generator], dict]]] = {}


def _generator(kind: str, topic: str):
    def wrap(func):
        GENERATORS[kind] = (topic, func)
        return func

    return wrap


def kinds_for_topic(topic: str) -> list[str]:
    return [k for k, (t, _) in GENERATORS.items() if t == topic]


def _pick(rng, values):
    return values[int(rng.integers(len(values)))]


def _formula(i, k, s, p, d=1) -> str:
    dil = f"{d}×({k}−1)" if d != 1 else f"({k}−1)"
    return f"floor(({i} + 2×{p} − {dil} − 1) / {s}) + 1"


WHOLE = "a whole number"
SHAPE = "a shape tuple, e.g. (8, 16, 32, 32)"
PAIR = "a pair (rows, columns), e.g. (64, 27)"


def _conv_setting(rng):
    n = _pick(rng, [1, 2, 4, 10])
    c = _pick(rng, [1, 3, 8])
    h = _pick(rng, [5, 6, 7, 8, 28, 32])
    k = _pick(rng, [2, 3])
    s = _pick(rng, [1, 1, 2])
    p = _pick(rng, [0, 1])
    return n, c, h, k, s, p
