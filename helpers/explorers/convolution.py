"""Notebook 01: the sliding window, multiply-and-sum, kernels on a photo.

This module draws the step-through (:func:`draw_step`) and the locality picture (:func:`draw_locality`).
The computations live in :mod:`helpers.explorers.conv_examples` and the photo explorers in
:mod:`helpers.explorers.photo_kernels`; both are re-exported here (notebook 01 uses ``ex.<name>``).
Drawing functions return a matplotlib Figure; ``*_explorer()`` wrap them in widgets.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _, translated
from ..plotting import OUTPUT_COLOR, WINDOW_COLOR, draw_grid, format_number, grid_block, new_figure
from ..shapes import conv_output_size
from .conv_examples import (
    KERNEL_RANGES,
    KERNELS,
    OPERATIONS,
    STEP_INPUT,
    STEP_KERNEL,
    STEP_RANGES,
    Step,
    conv_output,
    fc_vs_conv_params,
    filter_image,
    flip_kernel,
    step_products,
)
from .photo_kernels import (
    CUSTOM_NAMES,
    custom_kernel_caption,
    custom_kernel_explorer,
    draw_custom_kernel,
    draw_filtered,
    draw_gallery,
    draw_kernel_on_image,
    draw_upload,
    kernel_caption,
    kernel_explorer,
    kernel_label,
    size_caption,
    upload_caption,
    upload_explorer,
)

__all__ = [
    "STEP_INPUT",
    "STEP_KERNEL",
    "STEP_RANGES",
    "OPERATIONS",
    "KERNELS",
    "KERNEL_RANGES",
    "Step",
    "step_products",
    "flip_kernel",
    "conv_output",
    "filter_image",
    "fc_vs_conv_params",
    "draw_step",
    "step_caption",
    "step_explorer",
    "draw_gallery",
    "draw_kernel_on_image",
    "kernel_explorer",
    "draw_custom_kernel",
    "custom_kernel_explorer",
    "draw_upload",
    "upload_explorer",
    "draw_locality",
    "CUSTOM_NAMES",
    "draw_filtered",
    "kernel_label",
    "size_caption",
    "kernel_caption",
    "custom_kernel_caption",
    "upload_caption",
]


# ----------------------------------------------------------------------------- step-through
def step_caption(position: int = 0, bias: int = 0, operation: str = "cross-correlation", x=None, k=None) -> str:
    x = STEP_INPUT if x is None else x
    k = STEP_KERNEL if k is None else k
    s = step_products(x, k, position, bias, operation)
    oh, ow = s.out_shape
    return _(
        "<b>{operation}</b>: input {x_shape_0}×{x_shape_1}, kernel {k_shape_0}×{k_shape_1}, output {oh}×{ow}; position {position} = output[{s_i}, {s_j}] = {format_number_s_value}"
    ).format(
        operation=translated(operation),
        x_shape_0=x.shape[0],
        x_shape_1=x.shape[1],
        k_shape_0=k.shape[0],
        k_shape_1=k.shape[1],
        oh=oh,
        ow=ow,
        position=position,
        s_i=s.i,
        s_j=s.j,
        format_number_s_value=format_number(s.value),
    )


def draw_step(position: int = 0, bias: int = 0, operation: str = "cross-correlation", x=None, k=None):
    """Input with the window outlined, the kernel, the products, and the output filled up to ``position``.

    One axes (no ticks) holds the four labelled grids; the titles are texts of that axes.
    """
    from matplotlib.patches import Rectangle

    x = STEP_INPUT if x is None else np.asarray(x)
    k = STEP_KERNEL if k is None else np.asarray(k)
    s = step_products(x, k, position, bias, operation)
    oh, ow = s.out_shape
    kh, kw = k.shape
    h, w = x.shape
    out = conv_output(x, k, bias, operation)

    gap = 2.2
    tallest = max(h, kh, oh)
    xs = [0.0]
    for width in (w, kw, kw):
        xs.append(xs[-1] + width + gap)
    total_w = xs[-1] + ow
    ys = [(tallest - rows) / 2 for rows in (h, kh, kh, oh)]
    unit = 0.5  # inches per cell
    top, bottom = 1.9, 2.3  # room for titles and for the sum below
    fig, axes = new_figure(1, width=unit * (total_w + 1.0), height=unit * (tallest + top + bottom))
    ax = axes[0, 0]
    ax.set_position((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(-0.7, total_w + 0.3)
    ax.set_ylim(tallest + bottom, -top)
    ax.set_aspect("equal")
    fs = max(7.0, min(12.0, 80.0 / max(h, w)))

    grid_block(
        ax,
        x,
        xs[0],
        ys[0],
        _("input {h}×{w}\n(thick outline: {kh}×{kw} window)").format(h=h, w=w, kh=kh, kw=kw),
        index=True,
        fontsize=fs,
    )
    ax.add_patch(Rectangle((xs[0] + s.j, ys[0] + s.i), kw, kh, fill=False, edgecolor=WINDOW_COLOR, lw=3))
    k_title = _("kernel, flipped 180°") if operation == "true convolution" else _("kernel (as is)")
    grid_block(ax, s.kernel, xs[1], ys[1], k_title, fontsize=fs)
    grid_block(ax, s.products, xs[2], ys[2], _("products:\nwindow ⊙ kernel (cell by cell)"), fontsize=fs)
    done = np.arange(oh * ow).reshape(oh, ow) <= position
    current = np.zeros_like(done)
    current[s.i, s.j] = True
    texts = [[format_number(out[r, c]) if done[r, c] else "?" for c in range(ow)] for r in range(oh)]
    colors = [["black" if done[r, c] else "0.55" for c in range(ow)] for r in range(oh)]
    grid_block(
        ax,
        out,
        xs[3],
        ys[3],
        _("output {oh}×{ow}\n(thick outline: output[{i}, {j}])").format(oh=oh, ow=ow, i=s.i, j=s.j),
        texts=texts,
        text_colors=colors,
        bold=current,
        faded=~done,
        index=True,
        fontsize=fs,
    )
    ax.add_patch(Rectangle((xs[3] + s.j, ys[3] + s.i), 1, 1, fill=False, edgecolor=OUTPUT_COLOR, lw=3))
    # the operators between the grids
    mid = tallest / 2
    ax.text(xs[1] - gap / 2, mid, "⊙", ha="center", va="center", fontsize=18)  # element-wise, window by kernel
    ax.text(xs[2] - gap / 2, mid, "=", ha="center", va="center", fontsize=18)
    ax.text(xs[3] - gap / 2, mid, _("sum\n+ bias\n→"), ha="center", va="center", fontsize=10)

    terms = " + ".join(format_number(v) if v >= 0 else f"({format_number(v)})" for v in s.products.ravel())
    bias_value = format_number(s.bias) if s.bias >= 0 else f"({format_number(s.bias)})"
    bias_txt = _(" + bias {bias}").format(bias=bias_value)
    ax.text(
        total_w / 2,
        tallest + 0.9,
        _("sum = {terms} = {format_number_s_total}").format(terms=terms, format_number_s_total=format_number(s.total)),
        ha="center",
        fontsize=10,
    )
    ax.text(
        total_w / 2,
        tallest + 1.7,
        _("output[{s_i}, {s_j}] = {format_number_s_total}{bias_txt} = {format_number_s_value}").format(
            s_i=s.i,
            s_j=s.j,
            format_number_s_total=format_number(s.total),
            bias_txt=bias_txt,
            format_number_s_value=format_number(s.value),
        ),
        ha="center",
        fontsize=10,
        fontweight="bold",
    )
    ax.text(
        total_w / 2,
        -top + 0.15,
        _("{operation}: position {position} of 0..{oh_ow_1}").format(
            operation=translated(operation), position=position, oh_ow_1=oh * ow - 1
        ),
        ha="center",
        va="top",
        fontsize=11,
    )
    return fig


def step_explorer(x=None, k=None):
    """Slider over the output positions, a bias slider and a cross-correlation / true convolution toggle."""
    import ipywidgets as widgets

    from ..widgets import explorer, int_slider

    x = STEP_INPUT if x is None else np.asarray(x)
    k = STEP_KERNEL if k is None else np.asarray(k)
    oh, ow = conv_output_size(x.shape, k.shape)
    controls = {
        "position": int_slider("position", 0, 0, oh * ow - 1),
        "bias": int_slider("bias", STEP_RANGES["bias"][2], *STEP_RANGES["bias"][:2]),
        "operation": widgets.ToggleButtons(options=OPERATIONS, value=OPERATIONS[0], description=_("operation")),
    }
    return explorer(lambda **v: draw_step(x=x, k=k, **v), controls, text=lambda **v: step_caption(x=x, k=k, **v))


# ----------------------------------------------------------------------------- locality
def draw_locality(input_size: int = 28, kernel_size: int = 3, row: int = 10, col: int = 12):
    """Which inputs one output cell depends on: a K×K window (convolution) vs. every pixel (fully-connected).

    The third panel counts the parameters of fully-connected → locally connected → convolution
    (:func:`fc_vs_conv_params`), one bar each, the value printed on it.
    """
    counts = fc_vs_conv_params(input_size, kernel_size)
    fig, axes = new_figure(3, width=3.3, height=3.6)
    ax_c, ax_f, ax_b = axes[0]
    grid = np.zeros((input_size, input_size))
    draw_grid(
        ax_c, grid, show_values=False, cmap=None, windows=[(row, col, kernel_size, kernel_size)], axis_labels=False
    )
    dim = np.ones((input_size, input_size), bool)
    dim[row : row + kernel_size, col : col + kernel_size] = False
    ax_c.imshow(np.where(dim, np.nan, 1.0), cmap="Reds", vmin=0, vmax=1.5, alpha=0.8)
    ax_c.set_title(
        _(
            "convolution: one output\nsees {counts_conv_inputs_per_output} inputs (input {input_size}×{input_size})"
        ).format(counts_conv_inputs_per_output=counts["conv_inputs_per_output"], input_size=input_size),
        fontsize=10,
    )
    draw_grid(ax_f, grid, show_values=False, cmap=None, axis_labels=False)
    ax_f.imshow(np.ones((input_size, input_size)), cmap="Reds", vmin=0, vmax=1.5, alpha=0.6)
    from matplotlib.patches import Rectangle

    ax_f.add_patch(Rectangle((-0.5, -0.5), input_size, input_size, fill=False, edgecolor=WINDOW_COLOR, lw=3))
    ax_f.set_xticks([])
    ax_f.set_yticks([])
    ax_f.set_title(
        _("fully-connected: one output\nsees all {counts_fc_inputs_per_output} inputs").format(
            counts_fc_inputs_per_output=counts["fc_inputs_per_output"]
        ),
        fontsize=10,
    )
    # the order of notebook 01 §7: take away one idea at a time (locality, then sharing)
    labels = [
        _("fully-\nconnected"),
        _("locally\nconnected"),
        _("conv {k}×{k}\n(1 filter)").format(k=kernel_size),
    ]
    values = [counts["fc"], counts["local"], counts["conv"]]
    bars = ax_b.bar(labels, values, color=["0.75", "0.55", "0.35"], edgecolor="black", hatch=["//", "..", ""])
    ax_b.set_yscale("log")
    ax_b.set_ylim(1, max(values) * 30)
    for bar, v in zip(bars, values):
        ax_b.text(bar.get_x() + bar.get_width() / 2, v * 1.5, f"{v:,}", ha="center", va="bottom", fontsize=10)
    ax_b.set_ylabel(_("parameters (log scale)"))
    ax_b.set_title(
        _("parameters for {counts_outputs} outputs\n({counts_output_size}×{counts_output_size} map)").format(
            counts_outputs=counts["outputs"], counts_output_size=counts["output_size"]
        ),
        fontsize=10,
    )
    fig.tight_layout()
    return fig
