"""Notebook 07: pooling (プーリング) — max, average and global average; shifts; the max-pool backward pass.

    OH = floor((H - K) / S) + 1        (no padding here; S defaults to K in helpers.max_pool2d)

``max_pool_backward_2d`` is the backward pass of max pooling as a pure function:
each upstream gradient goes to the cell that won its window (the first maximum
in row-major order when there is a tie, as PyTorch does); every other cell gets 0,
and a cell that wins several overlapping windows receives the sum.
"""

from __future__ import annotations

import numpy as np

from ..conv import conv2d
from ..i18n import _
from ..plotting import GridCanvas, new_figure
from ..pooling import avg_pool2d, max_pool2d
from ..shapes import pool_output_size
from .channels import sample_rgb

__all__ = [
    "max_pool_backward_2d",
    "pool_grid",
    "feature_map",
    "pool",
    "draw_pooling",
    "pooling_caption",
    "draw_max_pool_backward",
    "routing_caption",
    "shift_input",
    "draw_shift_demo",
    "shift_caption",
    "shift_change",
    "alignment_demo",
    "draw_shift_alignment",
    "pooling_explorer",
    "routing_explorer",
    "shift_explorer",
    "POOLING_RANGES",
    "POOLING_OPTIONS",
    "ROUTING_RANGES",
    "SHIFT_RANGES",
    "MODES",
    "SOURCES",
]

MODES = ("max", "average", "global average")
SOURCES = ("grid", "feature map")
# slider name -> (min, max, default); dropdown name -> (options, default)
POOLING_RANGES = {"kernel_size": (1, 4, 2), "stride": (1, 4, 2)}
POOLING_OPTIONS = {"mode": (MODES, "max"), "source": (SOURCES, "grid")}
ROUTING_RANGES = {"kernel_size": (2, 3, 2), "stride": (1, 3, 2)}
SHIFT_RANGES = {"shift": (0, 3, 1), "kernel_size": (2, 4, 2)}


def _window_geometry(shape_hw, kernel_size, stride, func):
    for name, v in (("kernel_size", kernel_size), ("stride", stride)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{func}: {name} must be a positive int, got {v!r}")
    h, w = shape_hw
    if kernel_size > min(h, w):
        raise ValueError(
            f"{func}: kernel_size={kernel_size} is larger than the input {h}×{w}; use kernel_size <= {min(h, w)}"
        )
    return (h - kernel_size) // stride + 1, (w - kernel_size) // stride + 1


def max_pool_backward_2d(x, dout, kernel_size: int, stride: int | None = None):
    """Backward pass of max pooling (no padding).

    x : (..., H, W) the forward input;  dout : (..., OH, OW) the upstream gradient
    kernel_size, stride : ints (square windows); stride defaults to kernel_size
    returns dx : (..., H, W), dx[cell] = sum of dout over the windows whose (first) maximum is that cell.

        OH = (H - K) // S + 1;   ties go to the first maximum in row-major order (as PyTorch).
    """
    func = "max_pool_backward_2d"
    x = np.asarray(x, dtype=float)
    dout = np.asarray(dout, dtype=float)
    if x.ndim < 2:
        raise ValueError(f"{func}: x must have at least 2 axes (..., H, W), got shape {x.shape}")
    stride = kernel_size if stride is None else stride
    oh, ow = _window_geometry(x.shape[-2:], kernel_size, stride, func)
    if dout.shape != x.shape[:-2] + (oh, ow):
        raise ValueError(
            f"{func}: dout must have the shape of the pooled output {x.shape[:-2] + (oh, ow)} "
            f"(x {x.shape}, kernel_size={kernel_size}, stride={stride}), got {dout.shape}"
        )
    # the same kernel the MaxPool2D layer uses (helpers.kernels), on a (B, 1, H, W) view of x
    from ..kernels import maxpool_backward, maxpool_forward

    lead = x.shape[:-2]
    _, cache = maxpool_forward(x.reshape((-1, 1) + x.shape[-2:]), kernel_size, stride)
    dx = maxpool_backward(dout.reshape((-1, 1, oh, ow)), cache)
    return np.asarray(dx).reshape(lead + x.shape[-2:])


def pool_grid() -> np.ndarray:
    """The 6×6 grid of small integers the pooling figures use (fixed seed; it has ties)."""
    return np.random.default_rng(7).integers(0, 10, size=(6, 6)).astype(float)


def feature_map() -> np.ndarray:
    """A real feature map: |vertical edges| of the photo (grey), 73×62, values in [0, 1]."""
    grey = sample_rgb().mean(axis=0)
    sobel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float) / 4
    fmap = np.abs(conv2d(grey, sobel))
    return fmap / fmap.max()


def pool(x, kernel_size=2, stride=2, mode="max"):
    """Max / average / global average pooling of an (H, W) map (global ignores kernel_size and stride)."""
    if mode not in MODES:
        raise ValueError(f"pool: mode={mode!r} is not one of {MODES}")
    if mode == "global average":
        return np.asarray(x, dtype=float).mean(axis=(-2, -1), keepdims=True)
    if mode == "max":
        return max_pool2d(x, kernel_size, stride)
    return avg_pool2d(x, kernel_size, stride)


def pooling_caption(kernel_size=2, stride=2, mode="max", source="grid") -> str:
    x = pool_grid() if source == "grid" else feature_map()
    h, w = x.shape
    if mode == "global average":
        return _("{mode} pooling of the {source} {h}×{w}: one mean over the whole map, output 1×1").format(
            mode=mode, source=source, h=h, w=w
        )
    oh, ow = pool_output_size((h, w), kernel_size, stride)
    return _(
        "{mode} pooling of the {source} {h}×{w}, window {kernel_size}×{kernel_size}, stride {stride}: output {oh}×{ow} (OH = ({h} - {kernel_size}) // {stride} + 1 = {oh}); no parameters"
    ).format(mode=mode, source=source, h=h, w=w, kernel_size=kernel_size, stride=stride, oh=oh, ow=ow)


def _winners(x, k, s, oh, ow):
    """(row, col) of the first maximum of every window."""
    dx = max_pool_backward_2d(x, np.ones((oh, ow)), k, s)
    return np.argwhere(dx > 0)


def draw_pooling(kernel_size: int = 2, stride: int = 2, mode: str = "max", source: str = "grid"):
    """Input (grid with numbers, or a real feature map) next to its pooled output.

    Grid: the window of output cell (0, 0) has a thick outline; in max mode each window's
    winning cell is ringed; cells no window visits are faded.
    """
    if source not in SOURCES:
        raise ValueError(f"draw_pooling: source={source!r} is not one of {SOURCES}")
    x = pool_grid() if source == "grid" else feature_map()
    out = pool(x, kernel_size, stride, mode)
    h, w = x.shape
    oh, ow = out.shape
    name = {"max": "max pooling", "average": "average pooling", "global average": "global average pooling"}[mode]
    if source == "feature map":
        fig, axes = new_figure(2, width=3.6, height=4.0)
        axes[0, 0].imshow(x, cmap="gray", vmin=0, vmax=1)
        axes[0, 0].set_title(
            _("input feature map {h}×{w}\n(|vertical edges| of the photo)").format(h=h, w=w), fontsize=10
        )
        axes[0, 1].imshow(out, cmap="gray", vmin=0, vmax=1)
        axes[0, 1].set_title(_("output {oh}×{ow}\n{name}").format(oh=oh, ow=ow, name=name), fontsize=10)
        if out.size == 1:
            axes[0, 1].text(
                0,
                0,
                _("mean = {out_0_0:.3f}").format(out_0_0=out[0, 0]),
                ha="center",
                va="center",
                color="white",
                fontsize=12,
            )
        for ax in axes.ravel():
            ax.set_xticks([])
            ax.set_yticks([])
        fig.tight_layout()
        return fig

    if mode == "global average":
        visited = np.ones((h, w), bool)
        windows = [(0, 0, h, w)]
    else:
        visited = np.zeros((h, w), bool)
        visited[: stride * (oh - 1) + kernel_size, : stride * (ow - 1) + kernel_size] = True
        windows = [(0, 0, kernel_size, kernel_size)]
    cv = GridCanvas()
    rings = _winners(x, kernel_size, stride, oh, ow) if mode == "max" else ()
    cv.grid(
        x,
        0,
        0,
        title=_("input {h}×{w}\n(outline: window of output (0, 0))").format(h=h, w=w),
        windows=windows,
        dim_mask=~visited,
        rings=rings,
        fontsize=11,
    )
    cv.grid(
        out,
        w + 1.5,
        0,
        title=_("output {oh}×{ow}\n{name}").format(oh=oh, ow=ow, name=name),
        windows=[(0, 0, 1, 1)],
        vmin=x.min(),
        vmax=x.max(),
        fontsize=11 if mode == "max" or oh * ow == 1 else (9 if ow <= 4 else 8),
        decimals=2,
    )
    note = {
        "max": "ring = the largest value of a window (ties: the first in reading order)",
        "average": "each output = mean of its window",
        "global average": "one mean over all cells, whatever the window settings",
    }[mode]
    if (~visited).any():
        note += "\nfaded cells: no window visits them"
    return cv.figure(note)


def routing_caption(kernel_size=2, stride=2) -> str:
    x = pool_grid()
    oh, ow = pool_output_size(x.shape, kernel_size, stride)
    return _(
        "max pooling {x_shape_0}×{x_shape_1} → output {oh}×{ow} (window {kernel_size}, stride {stride}); backward: each gradient goes to its window's maximum, every other cell gets 0"
    ).format(x_shape_0=x.shape[0], x_shape_1=x.shape[1], oh=oh, ow=ow, kernel_size=kernel_size, stride=stride)


def draw_max_pool_backward(kernel_size: int = 2, stride: int = 2):
    """Forward input with winners ringed | upstream gradient dout | dx: the gradient routed to the winners."""
    x = pool_grid()
    oh, ow = _window_geometry(x.shape, kernel_size, stride, "draw_max_pool_backward")
    dout = np.arange(1, oh * ow + 1, dtype=float).reshape(oh, ow)
    dx = max_pool_backward_2d(x, dout, kernel_size, stride)
    cv = GridCanvas()
    h, w = x.shape
    cv.grid(
        x,
        0,
        0,
        title=_("forward input x {h}×{w}\n(ring = window maximum)").format(h=h, w=w),
        windows=[(0, 0, kernel_size, kernel_size)],
        rings=_winners(x, kernel_size, stride, oh, ow),
    )
    cv.grid(
        dout,
        w + 1.5,
        0,
        title=_("upstream gradient dout\n= output shape {oh}×{ow}").format(oh=oh, ow=ow),
        cmap="Blues",
        vmin=0,
        vmax=dout.max() * 2,
        windows=[(0, 0, 1, 1)],
    )
    nonzero = np.argwhere(dx != 0)
    cv.grid(
        dx,
        w + ow + 3,
        0,
        title=_("dx = gradient of the input {h}×{w}\nzero except at the maxima (outlined)").format(h=h, w=w),
        cmap="Blues",
        vmin=0,
        vmax=max(dx.max(), 1) * 2,
        dim_mask=dx == 0,
        windows=[(r, c, 1, 1) for r, c in nonzero],
    )
    shared = int((dx > 0).sum()) < oh * ow
    return cv.figure(
        "max-pool backward: dout[i, j] goes to the maximum of window (i, j)"
        + ("\na cell that wins overlapping windows gets the sum" if shared else "")
    )


def shift_input() -> np.ndarray:
    """An 8×8 feature map with a bright 'T' stroke on a faint background (the shift demo's input)."""
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
        "shift {shift} px right: input cells changed {changed_in} of {x_size}; after {kernel_size}×{kernel_size} max pooling (output {oh}×{ow}) changed {changed_out} of {oh_ow}"
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
        raise ValueError(f"draw_shift_demo: shift={shift} must be between 0 and 7")
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
    return cv.figure("the input moved right and both max-pooled: outlined = a cell that changed with the shift")


def shift_change(x, shift: int, kernel_size: int = 2, mode: str = "max"):
    """How much a map and its pooled map change when the content moves ``shift`` pixels to the right.

    x : (H, W) map, larger than the crops by 2K + shift columns. For each window phase p = 0..K-1
    (where the K×K window grid starts relative to the content) a crop ``base`` and the same crop of
    the content moved right by ``shift`` are pooled; the change is the relative L2 distance

        change = ||y(shifted) - y(base)|| / ||y(base)||

    for y = the map itself (``input``) and y = its pooled map. Returns
    ``(input_change, pooled_change, pooled_per_phase)``: the first two averaged over the K phases.
    """
    x = np.asarray(x, dtype=float)
    k = int(kernel_size)
    if mode not in ("max", "average"):
        raise ValueError(f"shift_change: mode must be 'max' or 'average', got {mode!r}")
    if not 0 <= shift or x.shape[1] <= 2 * k + shift + k:
        raise ValueError(f"shift_change: shift={shift} must be >= 0 and leave room in a map {x.shape[1]} wide")
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
        pb, pm = pool(base, k, k, mode), pool(moved, k, k, mode)
        outs.append(norm(pm - pb) / norm(pb))
    return float(np.mean(ins)), float(np.mean(outs)), np.array(outs)


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
        raise ValueError(f"draw_shift_alignment: kernel_size must be 2, 3 or 4, got {kernel_size!r}")
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
    return cv.figure(f"{k}×{k} max pooling absorbs a 1-px move only while the dot stays inside its window")


def _int_controls(ranges):
    from ..widgets import int_slider

    return {name: int_slider(name, default, lo, hi) for name, (lo, hi, default) in ranges.items()}


def pooling_explorer():
    from ..widgets import dropdown, explorer

    controls = _int_controls(POOLING_RANGES)
    for name, (options, default) in POOLING_OPTIONS.items():
        controls[name] = dropdown(name, list(options), default)
    return explorer(draw_pooling, controls, text=pooling_caption)


def routing_explorer():
    from ..widgets import explorer

    return explorer(draw_max_pool_backward, _int_controls(ROUTING_RANGES), text=routing_caption)


def shift_explorer():
    from ..widgets import explorer

    return explorer(draw_shift_demo, _int_controls(SHIFT_RANGES), text=shift_caption)
