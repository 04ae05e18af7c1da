"""Notebook 02: padding (パディング) — modes, valid / same / full, and how often each pixel is visited.

Pure computations (tested in tests/test_explorers_padding.py):

* :func:`visit_counts`      how many windows cover each input pixel
* :func:`padding_for`       the per-side padding of "valid", "same" and "full"
                            (with :func:`draw_valid_same_full` and :func:`draw_even_same`
                            in :mod:`helpers.explorers.padding_sizes`, re-exported here)
* :func:`padding_problem`   why a padding/kernel/mode combination cannot work (or None)
* :func:`padded_output`     the padded input and the output of the explorer's kernel

Drawing functions return a matplotlib Figure; ``padding_explorer()`` wraps one in widgets.
"""

from __future__ import annotations

import numpy as np

from ..conv import conv2d
from ..i18n import _
from ..padding import normalize_padding, pad2d
from ..plotting import PAD_HATCH, draw_grid, grid_block, new_figure
from ..shapes import conv_output_size, same_padding  # noqa: F401 (same_padding: still importable from here)
from ..windows import visit_counts
from .padding_sizes import _pad_mask, draw_even_same, draw_valid_same_full, padding_for  # re-exported

__all__ = [
    "PAD_INPUT",
    "PADDING_RANGES",
    "MODES",
    "SOURCES",
    "PHOTO_SIZE",
    "visit_counts",
    "padding_for",
    "padding_problem",
    "padded_output",
    "padding_caption",
    "padding_mode_outputs",
    "draw_padding_modes",
    "draw_valid_same_full",
    "draw_visits",
    "draw_even_same",
    "draw_padding",
    "padding_explorer",
]

PAD_INPUT = np.arange(1, 26).reshape(5, 5)  # the 5×5 grid of notebook 02
MODES = ("zeros", "reflect", "edge", "circular")
SOURCES = ("grid", "photo")
PHOTO_SIZE = 64  # longer side of the photo in the explorer (keeps padding visible)

# slider name -> (min, max, default); dropdowns -> their options.
# The padding slider ends at the first padding that reflect refuses on the grid (padding >= the grid's side,
# see padding_problem), so that the learner can reach the limit and read the reason.
PADDING_RANGES = {
    "padding": (0, min(PAD_INPUT.shape), 1),
    "kernel_size": (1, 7, 3),
    "mode": MODES,
    "source": SOURCES,
}


# ----------------------------------------------------------------------------- computations
def _source_shape(source):
    if source == "grid":
        return PAD_INPUT.shape
    if source == "photo":
        from ..images import sample_image

        return sample_image(size=PHOTO_SIZE).shape
    raise ValueError(_("source must be one of {SOURCES}, got {source!r}").format(SOURCES=SOURCES, source=source))


def padding_problem(padding: int = 1, kernel_size: int = 3, mode: str = "zeros", source: str = "grid"):
    """None when the explorer's setting works, else the reason (shown in red)."""
    if mode not in MODES:
        return _("mode must be one of {MODES}, got {mode!r}").format(MODES=MODES, mode=mode)
    h, w = _source_shape(source)
    if mode == "reflect" and padding >= min(h, w):
        return _(
            "reflect padding {padding} needs an input larger than {padding} along each side "
            "(the input is {h}×{w}): it mirrors without repeating the edge"
        ).format(padding=padding, h=h, w=w)
    span = min(h, w) + 2 * padding
    if kernel_size > span:
        return _(
            "the {k}×{k} kernel does not fit: the padded input is only {span} cells "
            "wide ({side} + 2×{padding}); use padding >= {least} "
            "or a smaller kernel"
        ).format(k=kernel_size, span=span, side=min(h, w), padding=padding, least=-(-(kernel_size - min(h, w)) // 2))
    return None


def padded_output(padding: int = 1, kernel_size: int = 3, mode: str = "zeros", source: str = "grid"):
    """(input, padded input, output). Grid: kernel of ones (window sums). Photo: a K×K box blur."""
    problem = padding_problem(padding, kernel_size, mode, source)
    if problem:
        raise ValueError(problem)
    if source == "grid":
        x = PAD_INPUT.astype(float)
        kernel = np.ones((kernel_size, kernel_size))
    else:
        from ..images import sample_image

        x = sample_image(size=PHOTO_SIZE)
        kernel = np.full((kernel_size, kernel_size), 1.0 / kernel_size**2)
    padded = pad2d(x, padding, mode=mode)
    return x, padded, conv2d(padded, kernel)


def padding_caption(padding: int = 1, kernel_size: int = 3, mode: str = "zeros", source: str = "grid") -> str:
    problem = padding_problem(padding, kernel_size, mode, source)
    if problem:
        raise ValueError(problem)
    h, w = _source_shape(source)
    oh, ow = conv_output_size((h, w), kernel_size, padding=padding)
    same = _(" (same size as the input)") if (oh, ow) == (h, w) else ""
    return _(
        "input {h}×{w} + padding {padding} per side ({mode}) = {h_2_padding}×{w_2_padding}; kernel {kernel_size}×{kernel_size}, stride 1 → <b>output {oh}×{ow}</b>{same}"
    ).format(
        h=h,
        w=w,
        padding=padding,
        mode=mode,
        h_2_padding=h + 2 * padding,
        w_2_padding=w + 2 * padding,
        kernel_size=kernel_size,
        oh=oh,
        ow=ow,
        same=same,
    )


# ----------------------------------------------------------------------------- drawings
def _hatch_padding(ax, shape, padding, origin=(-0.5, -0.5)):
    """Hatch the padding as ONE frame-shaped patch (one hatched patch per cell makes redraws slow).

    origin : the data coordinates of the padded grid's top-left corner.
    """
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    top, bottom, left, right = normalize_padding(padding)
    if not (top or bottom or left or right):
        return
    H, W = shape[0] + top + bottom, shape[1] + left + right
    ox, oy = origin
    x0, y0, x1, y1 = ox, oy, ox + W, oy + H
    a0, b0, a1, b1 = ox + left, oy + top, ox + left + shape[1], oy + top + shape[0]
    verts = [
        (x0, y0),
        (x1, y0),
        (x1, y1),
        (x0, y1),
        (x0, y0),  # outer, one way round
        (a0, b0),
        (a0, b1),
        (a1, b1),
        (a1, b0),
        (a0, b0),
    ]  # inner, the other way: a hole
    codes = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY] * 2
    ax.add_patch(PathPatch(Path(verts, codes), fill=False, hatch=PAD_HATCH, edgecolor="0.55", lw=0))


def padding_mode_outputs(padding: int = 2, kernel_size: int = 5, x=None) -> dict:
    """mode -> (padded input, output) for every mode in :data:`MODES`.

    x : (H, W), default the top-left 4×4 of :data:`PAD_INPUT`
    padded : (H + 2P, W + 2P) = pad2d(x, P, mode)
    output : (H + 2P - K + 1, W + 2P - K + 1), the K×K mean: out[i, j] = mean(padded[i:i+K, j:j+K])
    The mean keeps every output value inside the range of its padded input, so inputs and outputs share
    one colour scale.
    """
    x = (PAD_INPUT[:4, :4] if x is None else np.asarray(x)).astype(float)
    kernel = np.full((kernel_size, kernel_size), 1.0 / kernel_size**2)
    out = {}
    for mode in MODES:
        padded = pad2d(x, padding, mode=mode)
        out[mode] = (padded, conv2d(padded, kernel))
    return out


def draw_padding_modes(padding: int = 2, kernel_size: int = 5, x=None):
    """Each padding mode in one column: the padded input on top, the K×K mean of it underneath.

    All panels share one colour scale (one colour bar), so a dark output border under zero padding is the
    same darkness as the zeros that caused it.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    x = PAD_INPUT[:4, :4] if x is None else np.asarray(x)
    results = padding_mode_outputs(padding, kernel_size, x)
    lo = min(float(a.min()) for pair in results.values() for a in pair)
    hi = max(float(a.max()) for pair in results.values() for a in pair)
    cmap = "Blues"
    fig, axes = new_figure(len(MODES), 2, width=3.0, height=3.3)
    for col, mode in enumerate(MODES):
        padded, output = results[mode]
        draw_grid(
            axes[0, col],
            padded,
            cmap=cmap,
            vmin=lo,
            vmax=hi,
            padding_mask=_pad_mask(x.shape, padding),
            axis_labels=False,
            windows=[(padding, padding, x.shape[0], x.shape[1])],
            decimals=0,
        )
        axes[0, col].set_title(
            _("{mode}: padded input {h}×{w}").format(mode=mode, h=padded.shape[0], w=padded.shape[1]), fontsize=10
        )
        size = 0.8 * max(6.0, min(12.0, 80.0 / max(padded.shape)))  # 0.8 × the panel above: "10.2" fits
        draw_grid(axes[1, col], output, cmap=cmap, vmin=lo, vmax=hi, axis_labels=False, decimals=1, fontsize=size)
        # same cell size as the panel above, the output centred under the input it belongs to
        dy, dx = ((np.array(padded.shape) - output.shape) / 2).tolist()
        axes[1, col].set_xlim(-0.5 - dx, output.shape[1] - 0.5 + dx)
        axes[1, col].set_ylim(output.shape[0] - 0.5 + dy, -0.5 - dy)
        axes[1, col].set_title(
            _("{mode}: output {h}×{w}, top-left {value:.1f}").format(
                mode=mode, h=output.shape[0], w=output.shape[1], value=output[0, 0]
            ),
            fontsize=10,
        )
    axes[0, 0].set_ylabel(_("input + padding"), fontsize=10)
    axes[1, 0].set_ylabel(_("output: {k}×{k} mean").format(k=kernel_size), fontsize=10)
    fig.suptitle(
        _(
            "padding {padding} per side (hatched), thick outline = the original {h}×{w} input; "
            "under each: the {k}×{k} mean of it (one colour scale for all panels)"
        ).format(padding=padding, h=x.shape[0], w=x.shape[1], k=kernel_size),
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0, 0.93, 0.94))
    bar = fig.add_axes((0.94, 0.15, 0.012, 0.7))
    cbar = fig.colorbar(ScalarMappable(Normalize(lo, hi), cmap=cmap), cax=bar)
    cbar.solids.set_alpha(0.55)  # the cells are drawn at alpha 0.55 (see draw_grid)
    cbar.ax.tick_params(labelsize=8)
    return fig


def draw_visits(input_size: int = 6, kernel_size: int = 3, padding: int = 1, stride: int = 1):
    """Heat maps of visit counts on the input pixels: without padding and with ``padding`` per side."""
    fig, axes = new_figure(2, width=3.6, height=3.9)
    both = [visit_counts(input_size, kernel_size, stride, p) for p in (0, padding)]
    vmax = max(int(v.max()) for v in both)
    for ax, p, counts in zip(axes[0], (0, padding), both):
        draw_grid(ax, counts, cmap="Blues", vmin=0, vmax=vmax)
        o = conv_output_size(input_size, kernel_size, stride, p)
        ax.set_title(
            _(
                "padding {p}: corner {counts_0_0}×, centre {counts_max}×\ninput {input_size}×{input_size} → output {o}×{o}"
            ).format(p=p, counts_0_0=counts[0, 0], counts_max=counts.max(), input_size=input_size, o=o),
            fontsize=10,
        )
    fig.suptitle(
        _("how many {kernel_size}×{kernel_size} windows visit each input pixel (numbers in the cells)").format(
            kernel_size=kernel_size
        ),
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def draw_padding(padding: int = 1, kernel_size: int = 3, mode: str = "zeros", source: str = "grid"):
    """Explorer view: the padded input (padding hatched or outlined) and the output, with their sizes."""
    x, padded, out = padded_output(padding, kernel_size, mode, source)
    h, w = x.shape
    oh, ow = out.shape
    if source == "grid":
        return _draw_padding_grid(x, padded, out, padding, kernel_size, mode)
    fig, axes = new_figure(2, width=3.7, height=4.2)
    ax_in, ax_out = axes[0]
    if True:
        from matplotlib.patches import Rectangle

        ax_in.imshow(padded, cmap="gray", vmin=0, vmax=1)
        ax_in.add_patch(Rectangle((padding - 0.5, padding - 0.5), w, h, fill=False, edgecolor="#d62728", lw=2, ls="--"))
        # the output drawn at the scale of the padded input, each pixel under its window's centre,
        # so that a smaller output looks smaller
        c = (kernel_size - 1) / 2
        ax_out.imshow(
            np.clip(out, 0, 1), cmap="gray", vmin=0, vmax=1, extent=(c - 0.5, c + ow - 0.5, c + oh - 0.5, c - 0.5)
        )
        ax_out.set_xlim(-0.5, padded.shape[1] - 0.5)
        ax_out.set_ylim(padded.shape[0] - 0.5, -0.5)
        for ax in (ax_in, ax_out):
            ax.set_xticks([])
            ax.set_yticks([])
        kernel_txt = _("{kernel_size}×{kernel_size} box blur; same scale as the input").format(kernel_size=kernel_size)
    ax_in.set_title(
        _(
            "input {h}×{w}, padded to {padded_shape_0}×{padded_shape_1}\n({mode}, {padding} per side; dashed = original)"
        ).format(h=h, w=w, padded_shape_0=padded.shape[0], padded_shape_1=padded.shape[1], mode=mode, padding=padding),
        fontsize=10,
    )
    ax_out.set_title(_("output {oh}×{ow}\n({kernel_txt})").format(oh=oh, ow=ow, kernel_txt=kernel_txt), fontsize=10)
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.03, top=0.86, wspace=0.1)  # fixed: fast redraws
    return fig


def _draw_padding_grid(x, padded, out, padding, kernel_size, mode):
    """The grid view in ONE tick-free axes (two axes with draw_grid take about twice as long to redraw)."""
    from matplotlib.patches import Rectangle

    h, w = x.shape
    hp, wp = padded.shape
    oh, ow = out.shape
    gap = 2.0
    total_w = wp + gap + ow
    unit = min(0.5, 7.4 / (total_w + 0.6))  # inches per cell: the figure stays ~7.4 in wide
    top, bottom = 1.6, 0.3
    fig, axes = new_figure(1, width=unit * (total_w + 0.6), height=unit * (hp + top + bottom) + 0.35)
    ax = axes[0, 0]
    ax.set_position((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(-0.3, total_w + 0.3)
    ax.set_ylim(hp + bottom + 0.35 / unit, -top)
    ax.set_aspect("equal")
    fs = min(12.0, unit * 26)
    grid_block(
        ax,
        padded,
        0,
        0,
        _("input {h}×{w}, padded to {hp}×{wp}\n({mode}, {padding} per side; hatched = padding)").format(
            h=h, w=w, hp=hp, wp=wp, mode=mode, padding=padding
        ),
        fontsize=fs,
    )
    _hatch_padding(ax, x.shape, padding, origin=(0, 0))
    ax.add_patch(Rectangle((0, 0), kernel_size, kernel_size, fill=False, edgecolor="#d62728", lw=3))
    oy = (hp - oh) / 2
    grid_block(
        ax,
        out,
        wp + gap,
        oy,
        _("output {oh}×{ow}\n(kernel {kernel_size}×{kernel_size} of ones:\nwindow sums)").format(
            oh=oh, ow=ow, kernel_size=kernel_size
        ),
        fontsize=fs,
    )
    ax.text(wp + gap / 2, hp / 2, "→", ha="center", va="center", fontsize=20)
    ax.text(
        wp / 2,
        hp + 0.25,
        _("thick outline: the first {kernel_size}×{kernel_size} window").format(kernel_size=kernel_size),
        ha="center",
        va="top",
        fontsize=9,
        color="0.25",
    )
    return fig


def _constrain(controls):
    """Keep the kernel slider within what fits the padded input (the grid is 5×5)."""
    h, w = _source_shape(controls["source"].value)
    fits = min(h, w) + 2 * controls["padding"].value
    controls["kernel_size"].max = min(PADDING_RANGES["kernel_size"][1], fits)


def padding_explorer():
    """Padding width, kernel size, mode (zeros / reflect / edge / circular) and source (grid / photo)."""
    from ..widgets import dropdown, explorer, int_slider

    (plo, phi, pdef), (klo, khi, kdef) = PADDING_RANGES["padding"], PADDING_RANGES["kernel_size"]
    controls = {
        "padding": int_slider("padding", pdef, plo, phi),
        "kernel_size": int_slider("kernel_size", kdef, klo, khi),
        "mode": dropdown("mode", list(MODES), "zeros"),
        "source": dropdown("source", list(SOURCES), "grid"),
    }
    return explorer(draw_padding, controls, text=padding_caption, constrain=_constrain)
