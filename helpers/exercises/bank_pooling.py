"""Exercises of notebook 07 (pooling)."""

import numpy as np

from ..i18n import N_
from ..pooling import avg_pool2d, max_pool2d
from . import Exercise, register

# the 4×4 grid pooled by hand (2×2 windows, stride 2) and the upstream gradient of its output
HAND_GRID = np.array([[1, 3, 2, 1], [4, 2, 0, 1], [5, 1, 3, 8], [0, 2, 4, 6]], dtype=float)
HAND_DOUT = np.array([[1, 2], [3, 4]], dtype=float)


def _hand_backward(dout=HAND_DOUT):
    """dx (4, 4) for HAND_GRID and dout (2, 2): each dout value goes to the maximum of its window (computed)."""
    dx = np.zeros_like(HAND_GRID)
    for i in range(2):
        for j in range(2):
            window = HAND_GRID[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
            u, v = np.unravel_index(np.argmax(window), window.shape)
            dx[2 * i + u, 2 * j + v] += dout[i, j]
    return dx


register(
    Exercise(
        id="pool_by_hand",
        kind="array",
        expected=lambda: max_pool2d(HAND_GRID, 2),
        hints={
            tuple(map(tuple, avg_pool2d(HAND_GRID, 2))): N_(
                "that is average pooling; take the LARGEST value of each window."
            ),
            tuple(map(tuple, max_pool2d(HAND_GRID, 2, 1))): N_(
                "stride 2: the windows do not overlap, so the output is 2×2."
            ),
            tuple(map(tuple, max_pool2d(HAND_GRID, 2).T)): N_(
                "you transposed the output: windows are read row by row, "
                "so the top-right window (rows 0-1, columns 2-3) gives out[0, 1], the top row's second value, and the "
                "bottom-left window gives out[1, 0]."
            ),
        },
        shape_hint=N_("a 4×4 grid with 2×2 windows and stride 2 gives a 2×2 output."),
        explanation=N_("windows: [[1,3],[4,2]] → 4, [[2,1],[0,1]] → 2, [[5,1],[0,2]] → 5, [[3,8],[4,6]] → 8."),
    )
)

register(
    Exercise(
        id="pool_backward_by_hand",
        kind="array",
        expected=_hand_backward,
        hints={
            tuple(map(tuple, np.kron(HAND_DOUT, np.ones((2, 2))) / 4)): N_(
                "that spreads each gradient evenly over its window: average pooling's backward. Max pooling sends "
                "all of it to the window's maximum and 0 to the other cells."
            ),
            tuple(map(tuple, np.kron(HAND_DOUT, np.ones((2, 2))))): N_(
                "only the cell that won the window gets the gradient; the other three get 0."
            ),
            tuple(map(tuple, _hand_backward(HAND_DOUT.T))): N_(
                "two gradients are swapped: dout is read row by row like "
                "the windows, so dout[0, 1] = 2 belongs to the top-right window and dout[1, 0] = 3 to the bottom-left "
                "one (you transposed dout)."
            ),
        },
        shape_hint=N_("dx has the shape of the forward INPUT (4×4), not of the output."),
        explanation=N_(
            "dx is 0 except at the four maxima: 4 at (1, 0) gets 1, 2 at (0, 2) gets 2, 5 at (2, 0) gets 3, "
            "8 at (2, 3) gets 4."
        ),
    )
)
