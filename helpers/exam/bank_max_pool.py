"""Exam questions: max pooling."""

from __future__ import annotations

import numpy as np

from ..pooling import max_pool2d
from .registry import _generator


def _matrix_text(m) -> str:
    m = np.asarray(m)
    width = max(len(str(v)) for v in m.ravel())
    return "\n".join("    " + " ".join(str(v).rjust(width) for v in row) for row in m)


@_generator("maxpool_values", "max_pool")
def _maxpool_values(rng):
    x = rng.permutation(16).reshape(4, 4) + 1
    out = max_pool2d(x.astype(float), 2).astype(int)
    return dict(
        text="2×2 max pooling with stride 2 (最大値プーリング) on this 4×4 input:\n"
        + _matrix_text(x)
        + "\nWhat is the 2×2 output?",
        answer=out.tolist(),
        expression=repr(out.tolist()),
        answer_format="a 2-D list, e.g. [[1, 2], [3, 4]]",
        solution="Split into four 2×2 windows and keep each window's largest value: "
        + "; ".join(
            f"window rows {2 * i}-{2 * i + 1}, columns {2 * j}-{2 * j + 1}: max of "
            f"{x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].ravel().tolist()} = {out[i, j]}"
            for i in range(2)
            for j in range(2)
        )
        + f". Output {out.tolist()}.",
        hints=((np.asarray(x[::2, ::2]).tolist(), "take each window's maximum, not its top-left value."),),
    )


@_generator("maxpool_overlap_values", "max_pool")
def _maxpool_overlap_values(rng):
    x = rng.integers(0, 10, size=(4, 4))
    out = max_pool2d(x.astype(float), 3, stride=1).astype(int)
    return dict(
        text="3×3 max pooling with stride 1 (overlapping windows) on this 4×4 input:\n"
        + _matrix_text(x)
        + "\nWhat is the 2×2 output?",
        answer=out.tolist(),
        expression=repr(out.tolist()),
        answer_format="a 2-D list, e.g. [[1, 2], [3, 4]]",
        solution="Output size (4 − 3)/1 + 1 = 2. The windows start at rows/columns 0 and 1 and overlap: "
        + "; ".join(f"window at ({i}, {j}): max = {out[i, j]}" for i in range(2) for j in range(2))
        + f". Output {out.tolist()}. A large value can win several overlapping windows.",
    )


@_generator("maxpool_backward_values", "max_pool")
def _maxpool_backward_values(rng):
    from ..kernels import maxpool_backward, maxpool_forward

    x = rng.permutation(16).reshape(4, 4) + 1
    dout = rng.integers(1, 10, size=(2, 2))
    _, cache = maxpool_forward(x.astype(float)[None, None], 2)
    dx = maxpool_backward(dout.astype(float)[None, None], cache)[0, 0].astype(int)
    return dict(
        text="2×2 max pooling, stride 2, on this input x:\n"
        + _matrix_text(x)
        + "\nThe gradient arriving from above (dout) is:\n"
        + _matrix_text(dout)
        + "\nWhat is dx (4×4)?",
        answer=dx.tolist(),
        expression=repr(dx.tolist()),
        answer_format="a 4×4 nested list",
        solution="Backward through max pooling (逆伝播) routes each window's gradient to the position of its maximum; "
        "every other cell gets 0. "
        + "; ".join(
            f"window ({i}, {j}): max {x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max()} gets {dout[i, j]}"
            for i in range(2)
            for j in range(2)
        )
        + f". dx = {dx.tolist()}.",
        hints=(
            (
                np.kron(dout, np.ones((2, 2), dtype=int)).tolist(),
                "that is average-pooling-like spreading (without the 1/4); max pooling sends the whole gradient to "
                "the maximum only.",
            ),
        ),
    )
