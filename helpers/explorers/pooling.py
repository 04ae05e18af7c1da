"""Notebook 07: pooling (プーリング) — max, average and global average; shifts; the max-pool backward pass.

    OH = floor((H - K) / S) + 1        (no padding here; S defaults to K in helpers.max_pool2d)

``max_pool_backward_2d`` is the backward pass of max pooling as a pure function:
each upstream gradient goes to the cell that won its window (the first maximum
in row-major order when there is a tie, as PyTorch does); every other cell gets 0,
and a cell that wins several overlapping windows receives the sum.

The shift demo of the same notebook (§5: what max pooling does to a moved input) is in
``helpers.explorers.pool_shift``; its names are re-exported here.
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
    "pooling_explorer",
    "routing_explorer",
    "POOLING_RANGES",
    "POOLING_OPTIONS",
    "ROUTING_RANGES",
    "MODES",
    "SOURCES",
]

MODES = ("max", "average", "global average")
SOURCES = ("grid", "feature map")
# slider name -> (min, max, default); dropdown name -> (options, default)
POOLING_RANGES = {"kernel_size": (1, 4, 2), "stride": (1, 4, 2)}
POOLING_OPTIONS = {"mode": (MODES, "max"), "source": (SOURCES, "grid")}
ROUTING_RANGES = {"kernel_size": (2, 3, 2), "stride": (1, 3, 2)}


def _window_geometry(shape_hw, kernel_size, stride, func):
    for name, v in (("kernel_size", kernel_size), ("stride", stride)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(_("{func}: {name} must be a positive int, got {v!r}").format(func=func, name=name, v=v))
    h, w = shape_hw
    if kernel_size > min(h, w):
        raise ValueError(
            _(
                "{func}: kernel_size={kernel_size} is larger than the input {h}×{w}; use kernel_size <= {min_h_w}"
            ).format(func=func, kernel_size=kernel_size, h=h, w=w, min_h_w=min(h, w))
        )
    return pool_output_size((h, w), kernel_size, stride)


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
        raise ValueError(
            _("{func}: x must have at least 2 axes (..., H, W), got shape {x_shape}").format(func=func, x_shape=x.shape)
        )
    stride = kernel_size if stride is None else stride
    oh, ow = _window_geometry(x.shape[-2:], kernel_size, stride, func)
    if dout.shape != x.shape[:-2] + (oh, ow):
        raise ValueError(
            _(
                "{func}: dout must have the shape of the pooled output {x_shape_2_oh_ow} (x {x_shape}, kernel_size={kernel_size}, stride={stride}), got {dout_shape}"
            ).format(
                func=func,
                x_shape_2_oh_ow=x.shape[:-2] + (oh, ow),
                x_shape=x.shape,
                kernel_size=kernel_size,
                stride=stride,
                dout_shape=dout.shape,
            )
        )
    # the same kernel the MaxPool2D layer uses (helpers.kernels), on a (B, 1, H, W) view of x
    from ..kernels import maxpool_backward, maxpool_forward

    lead = x.shape[:-2]
    _pooled, cache = maxpool_forward(x.reshape((-1, 1) + x.shape[-2:]), kernel_size, stride)
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
        raise ValueError(_("pool: mode={mode!r} is not one of {MODES}").format(mode=mode, MODES=MODES))
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
        raise ValueError(
            _("draw_pooling: source={source!r} is not one of {SOURCES}").format(source=source, SOURCES=SOURCES)
        )
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
        "max": _("ring = the largest value of a window (ties: the first in reading order)"),
        "average": _("each output = mean of its window"),
        "global average": _("one mean over all cells, whatever the window settings"),
    }[mode]
    if (~visited).any():
        note += _("\nfaded cells: no window visits them")
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
        _("max-pool backward: dout[i, j] goes to the maximum of window (i, j)")
        + (_("\na cell that wins overlapping windows gets the sum") if shared else "")
    )


def pooling_explorer():
    from ..widgets import dropdown, explorer, int_sliders

    controls = int_sliders(POOLING_RANGES)
    for name, (options, default) in POOLING_OPTIONS.items():
        controls[name] = dropdown(name, list(options), default)
    return explorer(draw_pooling, controls, text=pooling_caption)


def routing_explorer():
    from ..widgets import explorer, int_sliders

    return explorer(draw_max_pool_backward, int_sliders(ROUTING_RANGES), text=routing_caption)


# the shift demo (notebook 07 §5) lives in its own module; re-exported so that the notebook's imports stay
from .pool_shift import (  # noqa: E402
    BINOMIAL_3,
    SHIFT_RANGES,
    alignment_demo,
    blur_pool2d,
    draw_shift_alignment,
    draw_shift_demo,
    max_blur_pool2d,
    shift_caption,
    shift_change,
    shift_explorer,
    shift_input,
)

__all__ += [
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
