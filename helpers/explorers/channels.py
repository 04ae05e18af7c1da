"""Notebook 05: channels and batches.

A multi-channel convolution, channel by channel: filter f has one 2-D kernel
per input channel; each channel is correlated with its own kernel, the C
results are summed and one bias b[f] is added:

    out[f] = b[f] + sum_c  x[c] ⋆ w[f, c]          x: (C, H, W), w: (F, C, KH, KW) -> out: (F, OH, OW)

Pure drawing functions (``draw_*``) return a matplotlib Figure; ``channels_explorer()``
wraps :func:`draw_channel_contributions` with sliders.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..conv import conv2d
from ..i18n import _, monospace_family
from ..plotting import GridCanvas, draw_grid, format_number, new_figure
from ..shapes import conv_output_size, same_padding

__all__ = [
    "GridCanvas",
    "channel_example",
    "sample_rgb",
    "draw_rgb_channels",
    "draw_channel_contributions",
    "draw_photo_channel_contributions",
    "draw_odd_even_kernels",
    "channels_caption",
    "channels_explorer",
    "CHANNELS_RANGES",
    "CHANNEL_NAMES",
    "PHOTO_KERNELS",
]

CHANNEL_NAMES = ("R", "G", "B")
_EX_C, _EX_H, _EX_K, _EX_F = 3, 5, 3, 2
_EX_O = conv_output_size(_EX_H, _EX_K)

# slider name -> (min, max, default)
CHANNELS_RANGES = {
    "filter_index": (0, _EX_F - 1, 0),
    "out_row": (0, _EX_O - 1, 0),
    "out_col": (0, _EX_O - 1, 0),
}


def channel_example():
    """The small worked example of notebook 05 (fixed seed).

    returns x (3, 5, 5) small integers, w (2, 3, 3, 3) in {-1, 0, 1}, b (2,) = [1, -2]
    """
    rng = np.random.default_rng(5)
    x = rng.integers(0, 4, size=(_EX_C, _EX_H, _EX_H)).astype(float)
    w = rng.integers(-1, 2, size=(_EX_F, _EX_C, _EX_K, _EX_K)).astype(float)
    b = np.array([1.0, -2.0])
    return x, w, b


@lru_cache(maxsize=4)
def _rgb(step: int) -> np.ndarray:
    from ..images import photo_pixels

    img = photo_pixels().astype(np.float64) / 255.0  # (600, 512, 3)
    h, w = (img.shape[0] // step) * step, (img.shape[1] // step) * step
    small = img[:h, :w].reshape(h // step, step, w // step, step, 3).mean(axis=(1, 3))
    small.setflags(write=False)
    return small


def sample_rgb(step: int = 8) -> np.ndarray:
    """Grace Hopper's portrait (ships with matplotlib) as (C, H, W) = (3, 75, 64) floats in [0, 1].

    step : block size of the downscaling (8 -> 75×64 pixels). Channels first (NCHW without N).
    """
    return np.ascontiguousarray(_rgb(int(step)).transpose(2, 0, 1))


def draw_rgb_channels(image=None):
    """The photo and its three channels, each drawn as a grey-level picture and labelled in words."""
    x = sample_rgb() if image is None else np.asarray(image, dtype=float)
    fig, axes = new_figure(4, width=2.4, height=2.9)
    axes[0, 0].imshow(np.clip(x.transpose(1, 2, 0), 0, 1))
    axes[0, 0].set_title(_("photo (C, H, W) = {x_shape}").format(x_shape=x.shape), fontsize=9)
    for c, name in enumerate(CHANNEL_NAMES):
        ax = axes[0, c + 1]
        ax.imshow(x[c], cmap="gray", vmin=0, vmax=1)
        ax.set_title(
            _("channel {c} = {name}\nx[{c}] shape {x_c_shape}").format(c=c, name=name, x_c_shape=x[c].shape), fontsize=9
        )
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(_("one colour photo = three grey-level channels (bright = much of that colour)"), fontsize=11)
    fig.tight_layout()
    return fig


def channels_caption(filter_index: int = 0, out_row: int = 0, out_col: int = 0) -> str:
    x, w, b = channel_example()
    oh, ow = conv_output_size(x.shape[1:], w.shape[2:])
    return _(
        "x (C, H, W) = {x_shape}, w (F, C, KH, KW) = {w_shape}: filter {filter_index} of {w_shape_0}, output {oh}×{ow} per filter, all filters (F, OH, OW) = ({w_shape_0}, {oh}, {ow})"
    ).format(x_shape=x.shape, w_shape=w.shape, filter_index=filter_index, w_shape_0=w.shape[0], oh=oh, ow=ow)


def _check_position(filter_index, out_row, out_col, F, oh, ow):
    for name, value, top in (
        ("filter_index", filter_index, F - 1),
        ("out_row", out_row, oh - 1),
        ("out_col", out_col, ow - 1),
    ):
        if not 0 <= int(value) <= top:
            raise ValueError(
                _("draw_channel_contributions: {name}={value} is outside 0..{top}").format(
                    name=name, value=value, top=top
                )
            )


def draw_channel_contributions(filter_index: int = 0, out_row: int = 0, out_col: int = 0):
    """One filter of a 3-channel convolution, channel by channel.

    Row c shows input channel c with the window for output cell (out_row, out_col), the
    kernel w[f, c], and that channel's contribution map x[c] ⋆ w[f, c]; the right column
    shows the sum of the three contributions plus the bias: output map f.
    """
    x, w, b = channel_example()
    F, C, KH, KW = w.shape
    oh, ow = conv_output_size(x.shape[1:], (KH, KW))
    _check_position(filter_index, out_row, out_col, F, oh, ow)
    f, i, j = int(filter_index), int(out_row), int(out_col)
    parts = np.stack([conv2d(x[c], w[f, c]) for c in range(C)])  # (C, OH, OW)
    out = parts.sum(axis=0) + b[f]

    lim = 1.5 * max(float(np.abs(parts).max()), float(np.abs(out).max())) + 1  # light colours: black text readable
    lo, hi = float(x.min()), float(x.max())
    cv = GridCanvas(cell=0.38)
    H, W = x.shape[1:]
    row_gap = H + 2.0
    for c in range(C):
        name, y = CHANNEL_NAMES[c], c * row_gap
        cv.grid(
            x[c],
            0,
            y,
            title=_("input channel {name}  x[{c}]").format(name=name, c=c),
            vmin=lo,
            vmax=hi,
            windows=[(i, j, KH, KW)],
        )
        cv.grid(
            w[f, c], W + 1.5, y, title=_("kernel w[{f}, {c}]").format(f=f, c=c), cmap="coolwarm", vmin=-1.6, vmax=1.6
        )
        cv.grid(
            parts[c],
            W + KW + 3,
            y,
            title=_("{name} part\nx[{c}] ⋆ w[{f}, {c}]").format(name=name, c=c, f=f),
            cmap="coolwarm",
            vmin=-lim,
            vmax=lim,
            windows=[(i, j, 1, 1)],
        )
    x_out = W + KW + oh + 5
    cv.grid(
        out,
        x_out,
        0,
        title=_("output map {f}\n(sum + bias)").format(f=f),
        cmap="coolwarm",
        vmin=-lim,
        vmax=lim,
        windows=[(i, j, 1, 1)],
        fontsize=11,
    )
    lines = [f"output[{f}][{i}, {j}] ="]
    for c in range(C):
        part = _("{name} part").format(name=CHANNEL_NAMES[c])
        lines.append(f"   {part}   {format_number(parts[c, i, j]):>4}")
    bias = _("bias b[{f}]").format(f=f)
    lines.append(f"+  {bias}  {format_number(b[f]):>4}")
    lines.append(f"=  {format_number(out[i, j])}")
    lines.append("")
    lines.append(_("{C} channels in,").format(C=C))
    lines.append(_("1 map out per filter:"))
    lines.append(_("{C}·{KH}·{KW} weights + 1 bias").format(C=C, KH=KH, KW=KW))
    cv.text(
        x_out - 0.5,
        oh + 0.8,
        "\n".join(lines),
        width=7.2,
        height=2 * row_gap - 1.5,
        fontsize=10,
        family=monospace_family(),
    )
    return cv.figure(
        _(
            "filter {f} of {F}: each input channel meets its own kernel; the {C} parts are summed and "
            "one bias is added\ninput {C}×{H}×{W}, filter {C}×{KH}×{KW}, output {oh}×{ow}; "
            "thick outline = window for output cell ({i}, {j})"
        ).format(f=f, F=F, C=C, H=H, W=W, KH=KH, KW=KW, oh=oh, ow=ow, i=i, j=j)
    )


# kernels applied to the photo: name -> (3, 3, 3) weights, one 3×3 per channel
PHOTO_KERNELS = {
    "vertical edges, all channels": np.stack([np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], float)] * 3) / 3,
    "red minus green": np.stack([np.full((3, 3), 1 / 9), np.full((3, 3), -1 / 9), np.zeros((3, 3))]),
    "edges in red only": np.stack(
        [np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], float), np.zeros((3, 3)), np.zeros((3, 3))]
    ),
}


def draw_photo_channel_contributions(kernel: str = "red minus green", image=None):
    """The photo through one 3-channel filter: each channel's part and their sum (the one output map)."""
    if kernel not in PHOTO_KERNELS:
        raise ValueError(
            _("draw_photo_channel_contributions: kernel={kernel!r} is not one of {list_photo_kernels}").format(
                kernel=kernel, list_photo_kernels=list(PHOTO_KERNELS)
            )
        )
    x = sample_rgb() if image is None else np.asarray(image, dtype=float)
    k = PHOTO_KERNELS[kernel]
    parts = np.stack([conv2d(x[c], k[c]) for c in range(3)])
    out = parts.sum(axis=0)
    lim = max(float(np.abs(parts).max()), 1e-9)
    lim_out = max(float(np.abs(out).max()), 1e-9)
    fig, axes = new_figure(5, width=2.3, height=2.9)
    axes[0, 0].imshow(np.clip(x.transpose(1, 2, 0), 0, 1))
    axes[0, 0].set_title(
        _("input photo\n3×{x_shape_1}×{x_shape_2}").format(x_shape_1=x.shape[1], x_shape_2=x.shape[2]), fontsize=9
    )
    for c in range(3):
        im_parts = axes[0, c + 1].imshow(parts[c], cmap="coolwarm", vmin=-lim, vmax=lim)
        axes[0, c + 1].set_title(
            _("{CHANNEL_NAMES_c} part\nx[{c}] ⋆ w[{c}]").format(CHANNEL_NAMES_c=CHANNEL_NAMES[c], c=c), fontsize=9
        )
    im_out = axes[0, 4].imshow(out, cmap="coolwarm", vmin=-lim_out, vmax=lim_out)
    axes[0, 4].set_title(
        _("output map (sum)\n{out_shape_0}×{out_shape_1}, own scale").format(
            out_shape_0=out.shape[0], out_shape_1=out.shape[1]
        ),
        fontsize=9,
    )
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(
        _(
            "filter '{kernel}': three parts + (bias 0) = one feature map  (⋆ = slide, multiply and sum; red = positive, blue = negative)"
        ).format(kernel=kernel),
        fontsize=10,
    )
    fig.tight_layout(rect=(0, 0.16, 1, 0.93))
    # one colour bar for the three parts (one shared scale), one for the output (its own scale)
    left, right = axes[0, 1].get_position(), axes[0, 3].get_position()
    bar = fig.add_axes((left.x0, 0.1, right.x1 - left.x0, 0.04))
    fig.colorbar(im_parts, cax=bar, orientation="horizontal").ax.tick_params(labelsize=7)
    last = axes[0, 4].get_position()
    bar_out = fig.add_axes((last.x0, 0.1, last.width, 0.04))
    fig.colorbar(im_out, cax=bar_out, orientation="horizontal").ax.tick_params(labelsize=7)
    return fig


def draw_odd_even_kernels():
    """A 3×3 kernel has a centre cell and same padding (1, 1); a 4×4 kernel has none and needs (1, 2)."""
    fig, axes = new_figure(2, width=3.4, height=3.8)
    for ax, k in zip(axes[0], (3, 4)):
        before, after = same_padding(k)
        values = np.zeros((k, k))
        draw_grid(ax, values, cmap=None, show_values=False)
        if k % 2:
            c = k // 2
            draw_grid(ax, values, cmap=None, show_values=False, windows=[(c, c, 1, 1)])
            ax.text(c, c, _("centre"), ha="center", va="center", fontsize=9, fontweight="bold")
            verdict = _("has a centre cell")
        else:
            ax.plot([k / 2 - 0.5], [k / 2 - 0.5], marker="x", markersize=14, color="black", mew=2)
            ax.text(k / 2 - 0.5, k / 2 - 0.1, _("middle falls\non a corner"), ha="center", va="top", fontsize=8)
            verdict = _("no centre cell")
        ax.set_title(
            _("{k}×{k} kernel: {verdict}\nsame padding (before, after) = ({before}, {after})").format(
                k=k, verdict=verdict, before=before, after=after
            ),
            fontsize=10,
        )
    fig.tight_layout()
    return fig


def channels_explorer():
    from ..widgets import explorer, int_sliders

    controls = int_sliders(CHANNELS_RANGES)
    return explorer(draw_channel_contributions, controls, text=channels_caption)
