"""Notebook 01: the sliding window, multiply-and-sum, kernels on a photo.

Pure computations (tested in tests/test_explorers_convolution.py):

* :func:`step_products`   one output position: the window, the element-wise products, their sum
* :func:`flip_kernel`     the kernel rotated by 180°, what true convolution uses
* :func:`filter_image`    a kernel applied to a photo, keeping its size (edge padding)
* :func:`fc_vs_conv_params` parameter counts of a fully-connected layer vs. a convolution layer

Drawing functions return a matplotlib Figure; ``*_explorer()`` wrap them in widgets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from ..conv import conv2d
from ..padding import pad2d
from ..plotting import OUTPUT_COLOR, WINDOW_COLOR, draw_grid, format_number, grid_block, new_figure
from ..shapes import conv_output_size, conv_param_count, same_padding

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

# The small integer example used throughout notebook 01 (input 5×5, kernel 3×3 -> output 3×3).
STEP_INPUT = np.array([[1, 2, 0, 1, 3], [0, 1, 3, 2, 1], [2, 1, 0, 1, 0], [1, 3, 1, 0, 2], [0, 2, 1, 1, 1]])
STEP_KERNEL = np.array([[1, 0, -1], [1, 2, 0], [0, 1, 1]])

OPERATIONS = ("cross-correlation", "true convolution")

# slider name -> (min, max, default); "position" runs over the 3×3 output of the example
STEP_RANGES = {"position": (0, 8, 0), "bias": (-3, 3, 0)}

# The kernel gallery (all 3×3). Sobel x responds to changes along x (vertical edges).
KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    "box blur": np.full((3, 3), 1 / 9),
    "Gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=float) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
    "Sobel x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float),
    "Sobel y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float),
    "Laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=float),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=float),
}
KERNEL_RANGES = {"kernel_name": tuple(KERNELS), "operation": OPERATIONS}

_DPI = 100


# ----------------------------------------------------------------------------- computations
@dataclass(frozen=True)
class Step:
    """One output position of a convolution (stride 1, no padding)."""

    i: int  # output row
    j: int  # output column
    window: np.ndarray  # (KH, KW) input values under the window; its top-left is input[i, j]
    kernel: np.ndarray  # (KH, KW) the kernel as applied (flipped for true convolution)
    products: np.ndarray  # window * kernel, element-wise
    total: float  # sum of the products
    bias: float
    value: float  # total + bias = output[i, j]
    out_shape: tuple  # (OH, OW)


def flip_kernel(k) -> np.ndarray:
    """The kernel rotated by 180° (flipped up-down and left-right): true convolution = correlation with it."""
    k = np.asarray(k)
    if k.ndim != 2:
        raise ValueError(f"flip_kernel: k must be a 2-D kernel (KH, KW), got shape {k.shape}")
    return k[::-1, ::-1].copy()


def _check_operation(operation, func):
    if operation not in OPERATIONS:
        raise ValueError(f"{func}: operation must be one of {OPERATIONS}, got {operation!r}")
    return operation == "true convolution"


def conv_output(x=STEP_INPUT, k=STEP_KERNEL, bias=0.0, operation="cross-correlation") -> np.ndarray:
    """The whole (OH, OW) output: cross-correlation (what frameworks compute) or true convolution."""
    flip = _check_operation(operation, "conv_output")
    k_used = flip_kernel(k) if flip else np.asarray(k)
    return conv2d(np.asarray(x, dtype=float), np.asarray(k_used, dtype=float), b=float(bias))


def step_products(x, k, position: int, bias: float = 0.0, operation: str = "cross-correlation") -> Step:
    """The window, products and sum at output ``position`` (row-major: position = i * OW + j)."""
    func = "step_products"
    flip = _check_operation(operation, func)
    x, k = np.asarray(x, dtype=float), np.asarray(k, dtype=float)
    if x.ndim != 2 or k.ndim != 2:
        raise ValueError(f"{func}: x and k must be 2-D, got shapes {x.shape} and {k.shape}")
    oh, ow = conv_output_size(x.shape, k.shape)
    if isinstance(position, bool) or not isinstance(position, (int, np.integer)):
        raise TypeError(f"{func}: position must be an int, got {position!r}")
    if not 0 <= position < oh * ow:
        raise ValueError(f"{func}: position must be in 0..{oh * ow - 1} (the output is {oh}×{ow}), got {position}")
    i, j = divmod(int(position), ow)
    kh, kw = k.shape
    window = x[i : i + kh, j : j + kw].copy()
    k_used = flip_kernel(k) if flip else k.copy()
    products = window * k_used
    total = float(products.sum())
    return Step(i, j, window, k_used, products, total, float(bias), total + float(bias), (oh, ow))


def filter_image(image, kernel, operation: str = "cross-correlation") -> np.ndarray:
    """Apply ``kernel`` to a 2-D image keeping its size: edge padding (so borders do not darken), then conv."""
    flip = _check_operation(operation, "filter_image")
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"filter_image: image and kernel must be 2-D, got {image.shape} and {kernel.shape}")
    (t, b), (l, r) = same_padding(kernel.shape)
    padded = pad2d(image, (t, b, l, r), mode="edge")
    return conv2d(padded, flip_kernel(kernel) if flip else kernel)


def fc_vs_conv_params(input_size: int = 28, kernel_size: int = 3, out_channels: int = 1) -> dict:
    """Parameters needed to turn an input_size² grey image into out_channels feature maps.

    conv : out_channels filters of kernel_size² weights + 1 bias each (conv_param_count)
    fc   : a fully-connected layer producing the same number of outputs (OH·OW·F),
           each connected to every input pixel, plus one bias per output.
    """
    o = conv_output_size(input_size, kernel_size)
    n_in = input_size * input_size
    n_out = out_channels * o * o
    conv = conv_param_count(1, out_channels, kernel_size)
    fc = n_in * n_out + n_out
    return {
        "inputs": n_in,
        "outputs": n_out,
        "output_size": o,
        "conv": conv,
        "fc": fc,
        "ratio": fc / conv,
        "conv_inputs_per_output": kernel_size * kernel_size,
        "fc_inputs_per_output": n_in,
    }


# ----------------------------------------------------------------------------- step-through
def step_caption(position: int = 0, bias: int = 0, operation: str = "cross-correlation", x=None, k=None) -> str:
    x = STEP_INPUT if x is None else x
    k = STEP_KERNEL if k is None else k
    s = step_products(x, k, position, bias, operation)
    oh, ow = s.out_shape
    return (
        f"<b>{operation}</b>: input {x.shape[0]}×{x.shape[1]}, kernel {k.shape[0]}×{k.shape[1]}, "
        f"output {oh}×{ow}; position {position} = output[{s.i}, {s.j}] = {format_number(s.value)}"
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

    grid_block(ax, x, xs[0], ys[0], f"input {h}×{w}\n(thick outline: {kh}×{kw} window)", index=True, fontsize=fs)
    ax.add_patch(Rectangle((xs[0] + s.j, ys[0] + s.i), kw, kh, fill=False, edgecolor=WINDOW_COLOR, lw=3))
    k_title = "kernel, flipped 180°" if operation == "true convolution" else "kernel (as is)"
    grid_block(ax, s.kernel, xs[1], ys[1], k_title, fontsize=fs)
    grid_block(ax, s.products, xs[2], ys[2], "products:\nwindow × kernel", fontsize=fs)
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
        f"output {oh}×{ow}\n(thick outline: output[{s.i}, {s.j}])",
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
    ax.text(xs[1] - gap / 2, mid, "×", ha="center", va="center", fontsize=18)
    ax.text(xs[2] - gap / 2, mid, "=", ha="center", va="center", fontsize=18)
    ax.text(xs[3] - gap / 2, mid, "sum\n+ bias\n→", ha="center", va="center", fontsize=10)

    terms = " + ".join(format_number(v) if v >= 0 else f"({format_number(v)})" for v in s.products.ravel())
    bias_txt = f" + bias {format_number(s.bias)}" if s.bias >= 0 else f" + bias ({format_number(s.bias)})"
    ax.text(total_w / 2, tallest + 0.9, f"sum = {terms} = {format_number(s.total)}", ha="center", fontsize=10)
    ax.text(
        total_w / 2,
        tallest + 1.7,
        f"output[{s.i}, {s.j}] = {format_number(s.total)}{bias_txt} = {format_number(s.value)}",
        ha="center",
        fontsize=10,
        fontweight="bold",
    )
    ax.text(
        total_w / 2,
        -top + 0.15,
        f"{operation}: position {position} of 0..{oh * ow - 1}",
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
        "operation": widgets.ToggleButtons(options=OPERATIONS, value=OPERATIONS[0], description="operation"),
    }
    return explorer(lambda **v: draw_step(x=x, k=k, **v), controls, text=lambda **v: step_caption(x=x, k=k, **v))


# ----------------------------------------------------------------------------- kernels on a photo
def _colour_limit(values) -> float:
    """max |values| for a symmetric colour scale, kept in (1e-9, 1e300) so vmax - vmin cannot overflow."""
    return float(np.clip(np.max(np.abs(values)), 1e-9, 1e300))


def _show_filtered(ax, result, kernel, title):
    """Zero-sum kernels (edges) are shown with 0 as mid-grey; others clipped to [0, 1]."""
    with np.errstate(over="ignore", invalid="ignore"):
        zero_sum = abs(float(np.sum(kernel))) < 1e-9
    if zero_sum:
        m = _colour_limit(result)
        ax.imshow(result, cmap="gray", vmin=-m, vmax=m)
        title += "\n(mid-grey = 0)"
    else:
        ax.imshow(np.clip(result, 0, 1), cmap="gray", vmin=0, vmax=1)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def _default_image(image):
    if image is None:
        from ..images import sample_image

        return sample_image()
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"the image must be 2-D (grey), got shape {image.shape}")
    return image


def draw_gallery(image=None, names=None):
    """Every kernel of KERNELS applied to the photo, in a 2×4 grid, each titled with its name and rows."""
    image = _default_image(image)
    names = list(KERNELS) if names is None else list(names)
    ncols = 4
    nrows = -(-len(names) // ncols)
    fig, axes = new_figure(ncols, nrows, width=2.5, height=3.0)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, name in zip(axes.ravel(), names):
        ax.axis("on")
        kernel = KERNELS[name]
        _show_filtered(ax, filter_image(image, kernel), kernel, f"{name}\n{kernel_label(kernel)}")
    fig.suptitle(
        f"input: photo {image.shape[0]}×{image.shape[1]} (grey); each panel: output of one 3×3 kernel", fontsize=11
    )
    fig.tight_layout()
    return fig


def kernel_label(kernel) -> str:
    """'1/16 × [1 2 1 | 2 4 2 | 1 2 1]': a 3×3 kernel on one line, rows separated by |."""
    kernel = np.asarray(kernel, dtype=float)
    prefix = ""
    if not np.all(np.equal(np.round(kernel), kernel)):
        for den in (9, 16):
            if np.allclose(kernel * den, np.round(kernel * den)):
                kernel, prefix = np.round(kernel * den), f"1/{den} × "
                break
    rows = " | ".join(" ".join(format_number(v) for v in row) for row in kernel)
    return f"{prefix}[{rows}]"


def draw_filtered(image, kernel, operation="cross-correlation", title_input="input photo"):
    """Three panels: the input photo, the kernel with its values, the output photo (same size)."""
    image = _default_image(image)
    kernel = np.asarray(kernel, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # huge kernels (1e308): a clear message, no warnings
        result = filter_image(image, kernel, operation)
    if not np.all(np.isfinite(result)):
        raise ValueError(
            f"kernel values up to {format_number(np.abs(kernel).max())} make the output overflow "
            f"(float64 stops near 1.8e308); use smaller values, e.g. between -10 and 10"
        )
    fig, axes = new_figure(3, width=2.9, height=3.2)
    ax_in, ax_k, ax_out = axes[0]
    ax_in.imshow(image, cmap="gray", vmin=0, vmax=1)
    ax_in.set_title(f"{title_input} {image.shape[0]}×{image.shape[1]}", fontsize=10)
    ax_in.set_xticks([])
    ax_in.set_yticks([])
    shown = flip_kernel(kernel) if operation == "true convolution" else kernel
    draw_grid(
        ax_k,
        shown,
        title="kernel" + (" (flipped)" if operation == "true convolution" else ""),
        cmap="RdBu_r",
        vmin=-_colour_limit(shown),
        vmax=_colour_limit(shown),
        axis_labels=False,
    )
    _show_filtered(ax_out, result, kernel, f"output {result.shape[0]}×{result.shape[1]}")
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.03, top=0.85, wspace=0.12)
    return fig


def draw_kernel_on_image(kernel_name: str = "Sobel x", operation: str = "cross-correlation", image=None):
    if kernel_name not in KERNELS:
        raise ValueError(f"draw_kernel_on_image: kernel_name must be one of {list(KERNELS)}, got {kernel_name!r}")
    return draw_filtered(image, KERNELS[kernel_name], operation)


def kernel_explorer(image=None):
    """Pick a gallery kernel and see it on the photo."""
    from ..widgets import dropdown, explorer

    controls = {
        "kernel_name": dropdown("kernel", list(KERNELS), "Sobel x"),
        "operation": dropdown("operation", list(OPERATIONS), OPERATIONS[0]),
    }
    return explorer(
        lambda **v: draw_kernel_on_image(image=image, **v), controls, text=lambda **v: kernel_caption(image=image, **v)
    )


CUSTOM_NAMES = tuple(f"k{r}{c}" for r in range(3) for c in range(3))


def _kernel_from_cells(cells) -> np.ndarray:
    values = []
    for name in CUSTOM_NAMES:
        v = cells[name]
        if v is None or not np.isfinite(float(v)):
            raise ValueError(f"kernel cell {name} must be a finite number, got {v!r}")
        values.append(float(v))
    return np.array(values).reshape(3, 3)


def draw_custom_kernel(image=None, **cells):
    """``k00`` .. ``k22``: the nine cells of a 3×3 kernel (row, column)."""
    missing = [n for n in CUSTOM_NAMES if n not in cells]
    if missing:
        raise ValueError(f"draw_custom_kernel: missing kernel cells {missing}")
    return draw_filtered(image, _kernel_from_cells(cells))


def size_caption(image=None) -> str:
    """'input 96×82 → output 96×82 (...)': the sizes the photo explorers show (edge padding keeps the size)."""
    h, w = _default_image(image).shape
    (t, b), (l, r) = same_padding((3, 3))
    oh, ow = conv_output_size((h + t + b, w + l + r), 3)
    return f"input {h}×{w} → output {oh}×{ow} (3×3 kernel, the photo's border repeated so the size is kept)"


def kernel_caption(kernel_name="Sobel x", operation="cross-correlation", image=None) -> str:
    return f"<b>{kernel_name}</b> {kernel_label(KERNELS[kernel_name])}, {operation}; {size_caption(image)}"


def custom_kernel_caption(image=None, **cells) -> str:
    k = _kernel_from_cells(cells)
    with np.errstate(over="ignore", invalid="ignore"):
        total = k.sum()
    return (
        f"kernel sum = {format_number(total)} (1 keeps the brightness; 0 keeps only changes, e.g. edges); "
        f"{size_caption(image)}"
    )


def custom_kernel_explorer(image=None, start: str = "sharpen"):
    """Nine number boxes (a 3×3 grid) for your own kernel, starting from a gallery kernel."""
    import ipywidgets as widgets

    from ..widgets import explorer

    k0 = KERNELS[start]
    controls = {
        name: widgets.FloatText(
            value=round(float(k0[int(name[1]), int(name[2])]), 4), layout=widgets.Layout(width="5.5em")
        )
        for name in CUSTOM_NAMES
    }
    box = explorer(
        lambda **v: draw_custom_kernel(image=image, **v),
        controls,
        text=lambda **v: custom_kernel_caption(image=image, **v),
    )
    grid = widgets.GridBox(
        list(controls.values()), layout=widgets.Layout(grid_template_columns="repeat(3, 6em)", width="20em")
    )
    box.children = (widgets.HTML("<b>your 3×3 kernel</b> (type a number, press Enter)"), grid) + box.children[1:]
    return box


# ----------------------------------------------------------------------------- upload
def draw_upload(upload=(), kernel_name: str = "Laplacian"):
    """The learner's uploaded photo (an ipywidgets FileUpload value) or, when empty, the sample photo."""
    from ..images import image_from_upload

    image = image_from_upload(upload)
    # a file name is text, never mathtext: "$12_to_$15" would otherwise be typeset (or fail to render)
    label = "input photo" if image is None else f"your image {_upload_name(upload)!r}".replace("$", r"\$")
    if kernel_name not in KERNELS:
        raise ValueError(f"draw_upload: kernel_name must be one of {list(KERNELS)}, got {kernel_name!r}")
    return draw_filtered(image, KERNELS[kernel_name], title_input=label)


def _upload_name(upload) -> str:
    if not upload:
        return ""
    item = next(iter(upload.values())) if isinstance(upload, dict) else upload[0]
    name = str(item.get("name", "upload"))
    return name if len(name) <= 20 else name[:17] + "..."


def upload_caption(upload=(), kernel_name="Laplacian") -> str:
    from ..images import image_from_upload

    if not upload:
        return "showing the sample photo: choose your own PNG or JPEG with the upload button; " + size_caption()
    image = image_from_upload(upload)
    return (
        f"showing your file {html.escape(repr(_upload_name(upload)))}, shrunk to at most 96 pixels per side, in grey; "
        + size_caption(image)
    )


def upload_explorer():
    """A FileUpload button and a kernel menu; a bad file gives a red message, never a traceback."""
    import ipywidgets as widgets

    from ..widgets import dropdown, explorer

    controls = {
        "upload": widgets.FileUpload(accept="image/*", multiple=False, description="your image"),
        "kernel_name": dropdown("kernel", list(KERNELS), "Laplacian"),
    }
    return explorer(draw_upload, controls, text=upload_caption)


# ----------------------------------------------------------------------------- locality
def draw_locality(input_size: int = 28, kernel_size: int = 3, row: int = 10, col: int = 12):
    """Which inputs one output cell depends on: a K×K window (convolution) vs. every pixel (fully-connected)."""
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
        f"convolution: one output\nsees {counts['conv_inputs_per_output']} inputs (input {input_size}×{input_size})",
        fontsize=10,
    )
    draw_grid(ax_f, grid, show_values=False, cmap=None, axis_labels=False)
    ax_f.imshow(np.ones((input_size, input_size)), cmap="Reds", vmin=0, vmax=1.5, alpha=0.6)
    from matplotlib.patches import Rectangle

    ax_f.add_patch(Rectangle((-0.5, -0.5), input_size, input_size, fill=False, edgecolor=WINDOW_COLOR, lw=3))
    ax_f.set_xticks([])
    ax_f.set_yticks([])
    ax_f.set_title(f"fully-connected: one output\nsees all {counts['fc_inputs_per_output']} inputs", fontsize=10)
    labels = [f"conv {kernel_size}×{kernel_size}\n(1 filter)", "fully-\nconnected"]
    values = [counts["conv"], counts["fc"]]
    bars = ax_b.bar(labels, values, color=["0.35", "0.75"], edgecolor="black", hatch=["", "//"])
    ax_b.set_yscale("log")
    ax_b.set_ylim(1, values[1] * 30)
    for bar, v in zip(bars, values):
        ax_b.text(bar.get_x() + bar.get_width() / 2, v * 1.5, f"{v:,}", ha="center", va="bottom", fontsize=10)
    ax_b.set_ylabel("parameters (log scale)")
    ax_b.set_title(
        f"parameters for {counts['outputs']} outputs\n({counts['output_size']}×{counts['output_size']} map)",
        fontsize=10,
    )
    fig.tight_layout()
    return fig
