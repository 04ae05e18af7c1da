"""Notebook 01, part 2: kernels on a photo — the gallery, a kernel menu, your own 3×3 kernel, an upload.

Drawing functions return a matplotlib Figure; ``*_explorer()`` wrap them in widgets. The computations
(:func:`filter_image`, :data:`KERNELS`) are in :mod:`helpers.explorers.conv_examples`; the names here
are re-exported by :mod:`helpers.explorers.convolution`, which notebook 01 imports.
"""

from __future__ import annotations

import html

import numpy as np

from ..i18n import N_, _, translated
from ..plotting import draw_grid, format_number, new_figure
from ..shapes import conv_output_size, same_padding
from .conv_examples import KERNELS, OPERATIONS, filter_image, flip_kernel

__all__ = [
    "draw_gallery",
    "draw_kernel_on_image",
    "kernel_explorer",
    "draw_custom_kernel",
    "custom_kernel_explorer",
    "draw_upload",
    "upload_explorer",
    "CUSTOM_NAMES",
    "draw_filtered",
    "kernel_label",
    "size_caption",
    "kernel_caption",
    "custom_kernel_caption",
    "upload_caption",
]


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
        title += "\n" + _("(mid-grey = 0)")
    else:
        ax.imshow(np.clip(result, 0, 1), cmap="gray", vmin=0, vmax=1)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


GALLERY_SIZE = 192  # the gallery's photo: large enough to tell a box blur from a Gaussian blur


def _default_image(image, size: int | None = None):
    if image is None:
        from ..images import sample_image

        return sample_image() if size is None else sample_image(size=size)
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(_("the image must be 2-D (grey), got shape {image_shape}").format(image_shape=image.shape))
    return image


def draw_gallery(image=None, names=None):
    """Every kernel of KERNELS applied to the photo, in a 2×4 grid, each titled with its name and rows."""
    image = _default_image(image, GALLERY_SIZE)
    names = list(KERNELS) if names is None else list(names)
    ncols = 4
    nrows = -(-len(names) // ncols)
    fig, axes = new_figure(ncols, nrows, width=2.5, height=3.0)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, name in zip(axes.ravel(), names):
        ax.axis("on")
        kernel = KERNELS[name]
        _show_filtered(ax, filter_image(image, kernel), kernel, f"{translated(name)}\n{kernel_label(kernel)}")
    fig.suptitle(
        _("input: photo {image_shape_0}×{image_shape_1} (grey); each panel: output of one 3×3 kernel").format(
            image_shape_0=image.shape[0], image_shape_1=image.shape[1]
        ),
        fontsize=11,
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


INPUT_PHOTO = N_("input photo")  # the default title of draw_filtered's input (shown translated)


def draw_filtered(image, kernel, operation="cross-correlation", title_input=INPUT_PHOTO):
    """Three panels: the input photo, the kernel with its values, the output photo (same size)."""
    image = _default_image(image)
    kernel = np.asarray(kernel, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # huge kernels (1e308): a clear message, no warnings
        result = filter_image(image, kernel, operation)
    if not np.all(np.isfinite(result)):
        raise ValueError(
            _(
                "kernel values up to {largest} make the output overflow "
                "(float64 stops near 1.8e308); use smaller values, e.g. between -10 and 10"
            ).format(largest=format_number(np.abs(kernel).max()))
        )
    fig, axes = new_figure(3, width=2.9, height=3.2)
    ax_in, ax_k, ax_out = axes[0]
    ax_in.imshow(image, cmap="gray", vmin=0, vmax=1)
    ax_in.set_title(f"{translated(title_input)} {image.shape[0]}×{image.shape[1]}", fontsize=10)
    ax_in.set_xticks([])
    ax_in.set_yticks([])
    shown = flip_kernel(kernel) if operation == "true convolution" else kernel
    draw_grid(
        ax_k,
        shown,
        title=_("kernel (flipped)") if operation == "true convolution" else _("kernel"),
        cmap="RdBu_r",
        vmin=-_colour_limit(shown),
        vmax=_colour_limit(shown),
        axis_labels=False,
    )
    _show_filtered(ax_out, result, kernel, _("output {oh}×{ow}").format(oh=result.shape[0], ow=result.shape[1]))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.03, top=0.85, wspace=0.12)
    return fig


def draw_kernel_on_image(kernel_name: str = "Sobel x", operation: str = "cross-correlation", image=None):
    if kernel_name not in KERNELS:
        raise ValueError(
            _("draw_kernel_on_image: kernel_name must be one of {list_kernels}, got {kernel_name!r}").format(
                list_kernels=list(KERNELS), kernel_name=kernel_name
            )
        )
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
            raise ValueError(_("kernel cell {name} must be a finite number, got {v!r}").format(name=name, v=v))
        values.append(float(v))
    return np.array(values).reshape(3, 3)


def draw_custom_kernel(image=None, **cells):
    """``k00`` .. ``k22``: the nine cells of a 3×3 kernel (row, column)."""
    missing = [n for n in CUSTOM_NAMES if n not in cells]
    if missing:
        raise ValueError(_("draw_custom_kernel: missing kernel cells {missing}").format(missing=missing))
    return draw_filtered(image, _kernel_from_cells(cells))


def size_caption(image=None) -> str:
    """'input 96×82 → output 96×82 (...)': the sizes the photo explorers show (edge padding keeps the size)."""
    h, w = _default_image(image).shape
    (t, b), (l, r) = same_padding((3, 3))
    oh, ow = conv_output_size((h + t + b, w + l + r), 3)
    return _("input {h}×{w} → output {oh}×{ow} (3×3 kernel, the photo's border repeated so the size is kept)").format(
        h=h, w=w, oh=oh, ow=ow
    )


def kernel_caption(kernel_name="Sobel x", operation="cross-correlation", image=None) -> str:
    return f"<b>{translated(kernel_name)}</b> {kernel_label(KERNELS[kernel_name])}, {translated(operation)}; {size_caption(image)}"


def custom_kernel_caption(image=None, **cells) -> str:
    k = _kernel_from_cells(cells)
    with np.errstate(over="ignore", invalid="ignore"):
        total = k.sum()
    return _(
        "kernel sum = {format_number_total} (1 keeps the brightness; 0 keeps only changes, e.g. edges); {size_caption_image}"
    ).format(format_number_total=format_number(total), size_caption_image=size_caption(image))


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
    box.children = (widgets.HTML(_("<b>your 3×3 kernel</b> (type a number, press Enter)")), grid) + box.children[1:]
    return box


# ----------------------------------------------------------------------------- upload
def draw_upload(upload=(), kernel_name: str = "Laplacian"):
    """The learner's uploaded photo (an ipywidgets FileUpload value) or, when empty, the sample photo."""
    from ..images import image_from_upload

    image = image_from_upload(upload)
    # a file name is text, never mathtext: "$12_to_$15" would otherwise be typeset (or fail to render)
    label = (
        _("input photo")
        if image is None
        else _("your image {name!r}").format(name=_upload_name(upload)).replace("$", r"\$")
    )
    if kernel_name not in KERNELS:
        raise ValueError(
            _("draw_upload: kernel_name must be one of {list_kernels}, got {kernel_name!r}").format(
                list_kernels=list(KERNELS), kernel_name=kernel_name
            )
        )
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
        return (
            _("showing the sample photo: choose your own PNG, JPEG, GIF, BMP, WebP or TIFF with the upload button; ")
            + size_caption()
        )
    image = image_from_upload(upload)
    return _("showing your file {name}, resized so that its longer side is 96 pixels, in grey; ").format(
        name=html.escape(repr(_upload_name(upload)))
    ) + size_caption(image)


def upload_explorer():
    """A FileUpload button and a kernel menu; a bad file gives a red message, never a traceback."""
    import ipywidgets as widgets

    from ..widgets import dropdown, explorer

    controls = {
        "upload": widgets.FileUpload(accept="image/*", multiple=False, description=_("your image")),
        "kernel_name": dropdown("kernel", list(KERNELS), "Laplacian"),
    }
    return explorer(draw_upload, controls, text=upload_caption)
