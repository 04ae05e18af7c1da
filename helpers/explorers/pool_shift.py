"""Notebook 07 §5: what max pooling does to an input that moves by a few pixels.

Max pooling absorbs a move only while the maximum stays inside its window, so the answer depends
on where the window grid lies (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again").
``shift_change`` measures it as a relative L2 change averaged over the window phases; the figures
show a stroke moved right and a dot at each position of one window.
"""

from __future__ import annotations

import numpy as np

from ..conv import conv2d
from ..i18n import _
from ..plotting import GridCanvas
from ..pooling import avg_pool2d, max_pool2d
from ..shapes import pool_output_size

__all__ = [
    "shift_input",
    "draw_shift_demo",
    "shift_caption",
    "shift_change",
    "BINOMIAL_3",
    "blur_pool2d",
    "max_blur_pool2d",
    "alignment_demo",
    "draw_shift_alignment",
    "shift_explorer",
    "SHIFT_RANGES",
]

# slider name -> (min, max, default)
SHIFT_RANGES = {"shift": (0, 3, 1), "kernel_size": (2, 4, 2)}


def shift_input() -> np.ndarray:
    """An 8×8 feature map with a bright 'Γ' of 9s (a vertical and a horizontal bar) and one 5 on zeros (the shift
    demo's input)."""
    x = np.zeros((8, 8))
    x[1:7, 2] = 9  # vertical bar
    x[1, 2:6] = 9  # horizontal bar
    x[4, 5] = 5  # a dot
    return x


def _shifted(x, shift):
    out = np.zeros_like(x)
    out[:, shift:] = x[:, : x.shape[1] - shift]
    return out


def shift_caption(shift=1, kernel_size=2) -> str:
    x = shift_input()
    oh, ow = pool_output_size(x.shape, kernel_size)
    p0, p1 = max_pool2d(x, kernel_size), max_pool2d(_shifted(x, shift), kernel_size)
    changed_in = int((x != _shifted(x, shift)).sum())
    changed_out = int((p0 != p1).sum())
    return _(
        "shift {shift} px right: input cells changed {changed_in} of {x_size}; after {kernel_size}×{kernel_size} "
        "max pooling (output {oh}×{ow}) changed {changed_out} of {oh_ow}"
    ).format(
        shift=shift,
        changed_in=changed_in,
        x_size=x.size,
        kernel_size=kernel_size,
        oh=oh,
        ow=ow,
        changed_out=changed_out,
        oh_ow=oh * ow,
    )


def draw_shift_demo(shift: int = 1, kernel_size: int = 2):
    """The input and the input shifted right by ``shift`` pixels, each with its max-pooled output."""
    if not 0 <= shift < 8:
        raise ValueError(_("draw_shift_demo: shift={shift} must be between 0 and 7").format(shift=shift))
    x = shift_input()
    xs = _shifted(x, shift)
    p0, p1 = max_pool2d(x, kernel_size), max_pool2d(xs, kernel_size)
    oh, ow = p0.shape
    cv = GridCanvas()
    cv.grid(x, 0, 0, title=_("input 8×8\n"), vmin=0, vmax=9, fontsize=9)
    moved = np.argwhere(xs != x)
    cv.grid(
        xs,
        9,
        0,
        title=_("input shifted {shift} px right\n{len_moved} of {x_size} cells changed").format(
            shift=shift, len_moved=len(moved), x_size=x.size
        ),
        vmin=0,
        vmax=9,
        fontsize=9,
        windows=[(r, c, 1, 1) for r, c in moved],
    )
    changed = np.argwhere(p0 != p1)
    cv.grid(p0, 18, 0, title=_("max-pooled input\noutput {oh}×{ow}").format(oh=oh, ow=ow), vmin=0, vmax=9)
    cv.grid(
        p1,
        19.5 + ow,
        0,
        title=_("max-pooled shifted input\n{len_changed} of {oh_ow} cells changed").format(
            len_changed=len(changed), oh_ow=oh * ow
        ),
        vmin=0,
        vmax=9,
        windows=[(r, c, 1, 1) for r, c in changed],
    )
    return cv.figure(_("the input moved right and both max-pooled: outlined = a cell that changed with the shift"))


# Zhang (2019)'s 3×3 low-pass filter: the binomial [1, 2, 1] / 4 in both directions
BINOMIAL_3 = np.outer([1.0, 2.0, 1.0], [1.0, 2.0, 1.0]) / 16


def blur_pool2d(x, stride: int = 2):
    """BlurPool (Zhang 2019): blur with the 3×3 binomial filter (no padding), then keep every ``stride``-th cell.

    x : (H, W);  returns (ceil((H - 2) / stride), ceil((W - 2) / stride)).
    """
    return conv2d(np.asarray(x, dtype=float), BINOMIAL_3)[::stride, ::stride]


def max_blur_pool2d(x, kernel_size: int = 2, stride: int = 2):
    """MaxBlurPool (Zhang 2019): max pooling with stride 1, then ``blur_pool2d`` subsamples by ``stride``."""
    return blur_pool2d(max_pool2d(x, kernel_size, 1), stride)


def shift_change(x, shift: int, kernel_size: int = 2, mode: str = "max", stride: int | None = None):
    """How much a map and its pooled map change when the content moves ``shift`` pixels to the right.

    x : (H, W) map, larger than the crops by 2K + shift columns. For each window phase p = 0..K-1
    (where the K×K window grid starts relative to the content) a crop ``base`` and the same crop of
    the content moved right by ``shift`` are pooled; the change is the relative L2 distance

        change = ||y(shifted) - y(base)|| / ||y(base)||

    for y = the map itself (``input``) and y = its pooled map. ``mode``: "max" or "average" pooling with
    a K×K window and stride K, "blur" (``blur_pool2d`` with stride K) or "maxblur" (``max_blur_pool2d``). Returns
    ``(input_change, pooled_change, pooled_per_phase)``: the first two averaged over the K phases.
    ``stride`` (default K): 1 pools without subsampling, so the change measures only how much the filter smooths.
    """
    x = np.asarray(x, dtype=float)
    k = int(kernel_size)
    st = k if stride is None else int(stride)
    if mode not in ("max", "average", "blur", "maxblur"):
        raise ValueError(
            _("shift_change: mode must be 'max', 'average', 'blur' or 'maxblur', got {mode!r}").format(mode=mode)
        )
    if not 0 <= shift or x.shape[1] <= 2 * k + shift + k:
        raise ValueError(
            _("shift_change: shift={shift} must be >= 0 and leave room in a map {width} wide").format(
                shift=shift, width=x.shape[1]
            )
        )
    h = x.shape[0] - x.shape[0] % k
    w = x.shape[1] - (2 * k + shift)
    w -= w % k
    norm = lambda a: float(np.linalg.norm(a))  # noqa: E731
    ins, outs = [], []
    for p in range(k):
        start = k + shift + p
        base = x[:h, start : start + w]
        moved = x[:h, start - shift : start - shift + w]  # the content moved right by `shift`
        ins.append(norm(moved - base) / norm(base))
        pool = {
            "max": lambda a: max_pool2d(a, k, st),
            "average": lambda a: avg_pool2d(a, k, st),
            "blur": lambda a: blur_pool2d(a, st),
            "maxblur": lambda a: max_blur_pool2d(a, k, st),
        }[mode]
        pb, pm = pool(base), pool(moved)
        outs.append(norm(pm - pb) / norm(pb))
    return float(np.mean(ins)), float(np.mean(outs)), np.array(outs)


def aliased_fraction(x, kernel_size: int = 2, mode: str = "max", stride: int = 2) -> float:
    """The share of a pooled map's detail that subsampling by ``stride`` aliases (the sampling argument behind Zhang 2019's low-pass filter).

    The map is pooled with stride 1 (no subsampling; ``mode`` as in :func:`shift_change`); keeping every
    ``stride``-th column then folds every horizontal frequency above 1 / (2·stride) cycles per pixel onto a
    lower one. Returns that part of the rows' energy (each row's mean removed) over the whole: 0 = nothing aliases.
    """
    y = shift_change_pool(np.asarray(x, dtype=float), int(kernel_size), mode, 1)
    rows = y - y.mean(axis=1, keepdims=True)
    energy = np.abs(np.fft.rfft(rows, axis=1)) ** 2
    freq = np.fft.rfftfreq(rows.shape[1])
    return float(energy[:, freq > 1 / (2 * stride)].sum() / energy[:, 1:].sum())


def shift_change_pool(a, k: int, mode: str, stride: int):
    """``a`` pooled by ``mode`` ("max", "average", "blur" or "maxblur") with window k and ``stride``."""
    if mode not in ("max", "average", "blur", "maxblur"):
        raise ValueError(
            _("shift_change: mode must be 'max', 'average', 'blur' or 'maxblur', got {mode!r}").format(mode=mode)
        )
    if mode == "max":
        return max_pool2d(a, k, stride)
    if mode == "average":
        return avg_pool2d(a, k, stride)
    if mode == "blur":
        return blur_pool2d(a, stride)
    return max_blur_pool2d(a, k, stride)


def alignment_demo(kernel_size: int = 2, width: int = 8):
    """One bright dot at every column of a (kernel_size, width) map, moved 1 pixel to the right.

    Returns a list of (column, pooled before, pooled after, unchanged?) for the columns 0..width-2:
    max pooling absorbs the move exactly when the dot stays inside its K×K window
    (column % K < K - 1).
    """
    k = int(kernel_size)
    rows = []
    for col in range(width - 1):
        x = np.zeros((k, width))
        x[0, col] = 1.0
        xs = _shifted(x, 1)
        p0, p1 = max_pool2d(x, k), max_pool2d(xs, k)
        rows.append((col, p0, p1, bool(np.array_equal(p0, p1))))
    return rows


def draw_shift_alignment(kernel_size: int = 2):
    """A dot at each position of one window, moved 1 px right: when max pooling absorbs the move.

    One row per position of the dot inside its window (0..K-1): the input, the moved input (window
    borders outlined) and the two pooled maps; the changed pooled cells are outlined.
    """
    k = int(kernel_size)
    if not 2 <= k <= 4:
        raise ValueError(
            _("draw_shift_alignment: kernel_size must be 2, 3 or 4, got {kernel_size!r}").format(
                kernel_size=kernel_size
            )
        )
    width = 2 * k
    cv = GridCanvas()
    for row, (col, p0, p1, same) in enumerate(alignment_demo(k, width)[:k]):
        x = np.zeros((k, width))
        x[0, col] = 1.0
        xs = _shifted(x, 1)
        y = row * (k + 2.6)
        wins = [(0, c, k, k) for c in range(0, width, k)]
        cv.grid(
            x,
            0,
            y,
            title=_("dot in column {col} of its window").format(col=col),
            vmin=0,
            vmax=1,
            windows=wins,
            show_values=False,
            fontsize=8,
        )
        cv.grid(
            xs, width + 1, y, title=_("moved 1 px right"), vmin=0, vmax=1, windows=wins, show_values=False, fontsize=8
        )
        cv.grid(p0, 2 * width + 2, y, title=_("pooled"), vmin=0, vmax=1, decimals=0, fontsize=8)
        changed = [(0, c, 1, 1) for c in np.flatnonzero(p0[0] != p1[0])]
        cv.grid(
            p1,
            2 * width + 3 + p0.shape[1],
            y,
            title=_("pooled: unchanged") if same else _("pooled: CHANGED"),
            vmin=0,
            vmax=1,
            decimals=0,
            windows=changed,
            fontsize=8,
        )
    return cv.figure(
        _("{k}×{k} max pooling absorbs a 1-px move only while the dot stays inside its window").format(k=k)
    )


def shift_explorer():
    from ..widgets import explorer, int_sliders

    return explorer(draw_shift_demo, int_sliders(SHIFT_RANGES), text=shift_caption)
