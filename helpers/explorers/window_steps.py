"""Notebooks 03 and 04: the window one position at a time (conv_arithmetic's view).

A figure that draws every window at once becomes a mesh of overlapping outlines beyond the
smallest settings. Here each panel shows ONE window on the (padded) input and the ONE output
cell it produces, both in the same colour; a row of panels (small multiples) shows how the
window steps: along the first row by S cells, and where the last window ends.

Output cell (i, j) is computed from the window whose first cell is at padded row ``starts[i]``,
column ``starts[j]``, with ``starts = helpers.windows.window_starts(I, K, S, P, D)``; it reads the
K×K cells ``(starts[i] + D·u, starts[j] + D·v)``, u, v = 0..K-1. Cells that no window reads are
white and marked "–", or "×" where the floor drops them (past the last window, as in the output-size
explorer); padding is hatched. A window keeps its colour in every figure: the colour follows its index.
"""

from __future__ import annotations

import numpy as np

from ..grid_canvas import GridCanvas
from ..i18n import _
from ..shapes import conv_output_size, effective_kernel_size
from ..windows import kernel_taps, visit_counts, window_starts

__all__ = [
    "STEP_COLORS",
    "WINDOW_STEP_RANGES",
    "default_positions",
    "window_steps",
    "draw_window_steps",
    "draw_window_step",
    "window_step_caption",
    "window_steps_explorer",
]

# one colour per window index (colour-blind safe order first); each window also has a thick outline and its coordinates in words
STEP_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
# slider name -> (min, max, default); the position's maximum follows the output size (O·O - 1)
WINDOW_STEP_RANGES = {
    "input_size": (3, 10, 7),
    "kernel_size": (1, 5, 3),
    "stride": (1, 3, 2),
    "padding": (0, 2, 0),
    "dilation": (1, 2, 1),
    "position": (0, 8, 0),
}


def default_positions(output_size: int, panels: int = 4) -> list[int]:
    """Which windows (row-major index i·O + j) the panels show: the first ``panels - 1`` of the first row
    (fewer if the row is shorter), then the last window. All of them if there are at most ``panels``."""
    total = output_size * output_size
    if total <= panels:
        return list(range(total))
    first = list(range(min(panels - 1, output_size)))
    if len(first) < panels - 1:  # a short row: continue on the next row
        first = list(range(panels - 1))
    return first + [total - 1]


def window_steps(input_size, kernel_size, stride=1, padding=0, dilation=1, positions=None):
    """The panels of :func:`draw_window_steps` as data (for tests and captions).

    Returns a list of dicts, one per position: ``index`` (row-major), ``out`` = (i, j), ``start`` =
    (row, col) of the window's first cell in padded coordinates, ``cells`` = the K·K (row, col) it reads.
    """
    o = conv_output_size(input_size, kernel_size, stride, padding, dilation)
    starts = window_starts(input_size, kernel_size, stride, padding, dilation)
    taps = kernel_taps(kernel_size, dilation)
    positions = default_positions(o) if positions is None else list(positions)
    bad = [p for p in positions if not (isinstance(p, (int, np.integer)) and 0 <= p < o * o)]
    if bad:
        raise ValueError(
            _("window_steps: positions {bad} are not window indices; the output is {o}×{o}, so use 0..{last}").format(
                bad=bad, o=o, last=o * o - 1
            )
        )
    steps = []
    for p in positions:
        i, j = divmod(int(p), o)
        r0, c0 = starts[i], starts[j]
        steps.append(
            {"index": int(p), "out": (i, j), "start": (r0, c0), "cells": [(r0 + u, c0 + v) for u in taps for v in taps]}
        )
    return steps


def _tint(color: str, amount: float) -> tuple:
    """``color`` blended with white: amount 0 = white, 1 = the colour itself."""
    import matplotlib.colors as mcolors

    rgb = np.array(mcolors.to_rgb(color))
    return tuple(amount * rgb + (1 - amount))


def draw_window_steps(
    input_size: int = 7,
    kernel_size: int = 3,
    stride: int = 2,
    padding: int = 0,
    dilation: int = 1,
    positions=None,
):
    """A row of panels, one window each: the input (padding hatched, cells never read white with "–", "×" if the floor drops them) with the
    window's K×K cells filled and its span outlined, and below it the output with the window's cell filled
    in the same colour. ``positions``: row-major window indices (default :func:`default_positions`)."""
    steps = window_steps(input_size, kernel_size, stride, padding, dilation, positions)
    o = conv_output_size(input_size, kernel_size, stride, padding, dilation)
    k_eff = effective_kernel_size(kernel_size, dilation)
    n = input_size + 2 * padding
    pad = np.zeros((n, n), bool)
    if padding:
        pad[:padding, :] = pad[-padding:, :] = pad[:, :padding] = pad[:, -padding:] = True
    read = visit_counts(input_size, kernel_size, stride, padding, dilation, include_padding=True) > 0
    dropped = np.arange(n) >= window_starts(input_size, kernel_size, stride, padding, dilation)[-1] + k_eff
    dropped = (dropped[:, None] | dropped[None, :]) & ~read & ~pad  # past the last window: the floor drops them
    unread = [
        ["×" if dropped[r, c] else ("–" if not (read[r, c] or pad[r, c]) else "") for c in range(n)] for r in range(n)
    ]
    base, out_base = _tint("0.5", 0.22), _tint("0.5", 0.12)

    cv = GridCanvas(cell=0.36)
    gap = 1.6
    width = max(n, o)
    for k, step in enumerate(steps):
        color = STEP_COLORS[step["index"] % len(STEP_COLORS)]  # by window, not by panel
        x = k * (width + gap)
        face = [["white" if unread[r][c] else base for c in range(n)] for r in range(n)]
        for r, c in step["cells"]:
            face[r][c] = _tint(color, 0.55)
        (i, j), (r0, c0) = step["out"], step["start"]
        title = _("step {step} of {total}\ninput {n}×{n}").format(step=step["index"] + 1, total=o * o, n=n) + (
            _(" (padded)") if padding else ""
        )
        cv.grid(
            np.zeros((n, n)),
            x + (width - n) / 2,
            0,
            title=title,
            face=face,
            padding_mask=pad,
            texts=unread,
            text_color="0.25",
            fontsize=14,  # a thin dash vanishes at small sizes
            windows=[(r0, c0, k_eff, k_eff)],
            window_color=color,
        )
        out_face = [[out_base] * o for _ in range(o)]
        out_face[i][j] = _tint(color, 0.55)
        cv.grid(
            np.zeros((o, o)),
            x + (width - o) / 2,
            n + 2.4,
            title=_("output {o}×{o}: cell ({i}, {j})\n← window at row {r0}, col {c0}").format(
                o=o, i=i, j=j, r0=r0, c0=c0
            ),
            face=out_face,
            show_values=False,
            windows=[(i, j, 1, 1)],
            window_color=color,
        )
    never, n_dropped = int((~read & ~pad).sum()), int(dropped.sum())
    marks = "–" if n_dropped == 0 else ("×" if n_dropped == never else _("– or ×"))
    return cv.figure(
        _("I={i}, K={k}, S={s}, P={p}, D={d}: one window at a time, its output cell in the same colour").format(
            i=input_size, k=kernel_size, s=stride, p=padding, d=dilation
        )
        + (
            _("\nwhite with {marks}: the {never} input cells no window reads").format(marks=marks, never=never)
            if never
            else ""
        )
        + (_(" (×: {n_dropped} dropped by the floor)").format(n_dropped=n_dropped) if n_dropped else "")
    )


def window_step_caption(input_size=7, kernel_size=3, stride=2, padding=0, dilation=1, position=0) -> str:
    """One line for the explorer: which output cell this window gives and which cells it reads."""
    (step,) = window_steps(input_size, kernel_size, stride, padding, dilation, positions=[position])
    o = conv_output_size(input_size, kernel_size, stride, padding, dilation)
    i, j = step["out"]
    rows = sorted({r for r, _ in step["cells"]})
    cols = sorted({c for _, c in step["cells"]})
    return _(
        "window {number} of {total}: output cell ({i}, {j}) = the sum of {products} products, "
        "input rows {rows} × columns {cols}"
    ).format(number=position + 1, total=o * o, i=i, j=j, products=len(step["cells"]), rows=rows, cols=cols) + (
        _(" (padded coordinates)") if padding else ""
    )


def draw_window_step(input_size=7, kernel_size=3, stride=2, padding=0, dilation=1, position=0):
    """One panel of :func:`draw_window_steps`: window number ``position`` (row-major) and its output cell."""
    return draw_window_steps(input_size, kernel_size, stride, padding, dilation, positions=[position])


def _constrain(controls) -> None:
    """Keep the position slider inside 0..O·O - 1 for the current setting."""
    v = {name: w.value for name, w in controls.items() if name != "position"}
    o = conv_output_size(v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["dilation"])
    pos = controls["position"]
    pos.max = o * o - 1
    pos.value = min(pos.value, pos.max)


def window_steps_explorer(**start):
    """The window one position at a time, with a position slider (conv_arithmetic's animation, by hand).

    ``start`` sets the sliders' first values, e.g. ``window_steps_explorer(input_size=8)`` to match a static
    figure above it; each must be a slider of :data:`WINDOW_STEP_RANGES` and inside its range.
    """
    from ..widgets import explorer, int_sliders

    ranges = dict(WINDOW_STEP_RANGES)
    for name, value in start.items():
        if name not in ranges:
            raise TypeError(
                f"window_steps_explorer got an unknown slider {name}={value!r}; "
                f"the sliders are {', '.join(ranges)}: pass one of those."
            )
        lo, hi, _ = ranges[name]
        if not (isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi):
            raise ValueError(
                f"window_steps_explorer got {name}={value!r}; the {name} slider runs from {lo} to {hi}: "
                f"pass an integer in that range."
            )
        ranges[name] = (lo, hi, value)
    return explorer(draw_window_step, int_sliders(ranges), text=window_step_caption, constrain=_constrain)
