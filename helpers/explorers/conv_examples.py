"""Notebook 01's numbers: the example arrays, the kernel gallery and the pure computations
(tested in tests/test_explorers_convolution.py against scipy).

* :func:`step_products`   one output position: the window, the element-wise products, their sum
* :func:`flip_kernel`     the kernel rotated by 180°, what true convolution uses
* :func:`filter_image`    a kernel applied to a photo, keeping its size (edge padding)
* :func:`fc_vs_conv_params` parameter counts of a fully-connected layer vs. a convolution layer

No drawing here: :mod:`helpers.explorers.convolution` (the step-through) and
:mod:`helpers.explorers.photo_kernels` (kernels on a photo) draw these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..conv import conv2d
from ..i18n import N_, _
from ..padding import pad2d
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
    "check_operation",
]

# The small integer example used throughout notebook 01 (input 5×5, kernel 3×3 -> output 3×3).
STEP_INPUT = np.array([[1, 2, 0, 1, 3], [0, 1, 3, 2, 1], [2, 1, 0, 1, 0], [1, 3, 1, 0, 2], [0, 2, 1, 1, 1]])
STEP_KERNEL = np.array([[1, 0, -1], [2, 2, 0], [0, 1, 1]])  # no symmetry: flip ≠ transpose ≠ itself

OPERATIONS = ("cross-correlation", "true convolution")
# The operations' and kernels' names as figures show them (translated(name)); the keys stay English.
DISPLAY_NAMES = (
    N_("cross-correlation"),
    N_("true convolution"),
    N_("identity"),
    N_("box blur"),
    N_("Gaussian blur"),
    N_("sharpen"),
    N_("Sobel x"),
    N_("Sobel y"),
    N_("Laplacian"),
    N_("emboss"),
)

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
        raise ValueError(_("flip_kernel: k must be a 2-D kernel (KH, KW), got shape {k_shape}").format(k_shape=k.shape))
    return k[::-1, ::-1].copy()


def check_operation(operation: str, func: str) -> bool:
    """True for "true convolution" (flip the kernel), False for "cross-correlation"; ValueError otherwise."""
    if operation not in OPERATIONS:
        raise ValueError(
            _("{func}: operation must be one of {OPERATIONS}, got {operation!r}").format(
                func=func, OPERATIONS=OPERATIONS, operation=operation
            )
        )
    return operation == "true convolution"


def conv_output(x=STEP_INPUT, k=STEP_KERNEL, bias=0.0, operation="cross-correlation") -> np.ndarray:
    """The whole (OH, OW) output: cross-correlation (what frameworks compute) or true convolution."""
    flip = check_operation(operation, "conv_output")
    k_used = flip_kernel(k) if flip else np.asarray(k)
    return conv2d(np.asarray(x, dtype=float), np.asarray(k_used, dtype=float), b=float(bias))


def step_products(x, k, position: int, bias: float = 0.0, operation: str = "cross-correlation") -> Step:
    """The window, products and sum at output ``position`` (row-major: position = i * OW + j)."""
    func = "step_products"
    flip = check_operation(operation, func)
    x, k = np.asarray(x, dtype=float), np.asarray(k, dtype=float)
    if x.ndim != 2 or k.ndim != 2:
        raise ValueError(
            _("{func}: x and k must be 2-D, got shapes {x_shape} and {k_shape}").format(
                func=func, x_shape=x.shape, k_shape=k.shape
            )
        )
    oh, ow = conv_output_size((x.shape[0], x.shape[1]), (k.shape[0], k.shape[1]))
    if isinstance(position, bool) or not isinstance(position, (int, np.integer)):
        raise TypeError(_("{func}: position must be an int, got {position!r}").format(func=func, position=position))
    if not 0 <= position < oh * ow:
        raise ValueError(
            _("{func}: position must be in 0..{oh_ow_1} (the output is {oh}×{ow}), got {position}").format(
                func=func, oh_ow_1=oh * ow - 1, oh=oh, ow=ow, position=position
            )
        )
    i, j = divmod(int(position), ow)
    kh, kw = k.shape
    window = x[i : i + kh, j : j + kw].copy()
    k_used = flip_kernel(k) if flip else k.copy()
    products = window * k_used
    total = float(products.sum())
    return Step(i, j, window, k_used, products, total, float(bias), total + float(bias), (oh, ow))


def filter_image(image, kernel, operation: str = "cross-correlation") -> np.ndarray:
    """Apply ``kernel`` to a 2-D image keeping its size: edge padding (so borders do not darken), then conv."""
    flip = check_operation(operation, "filter_image")
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(
            _("filter_image: image and kernel must be 2-D, got {image_shape} and {kernel_shape}").format(
                image_shape=image.shape, kernel_shape=kernel.shape
            )
        )
    (t, b), (l, r) = same_padding((kernel.shape[0], kernel.shape[1]))
    padded = pad2d(image, (t, b, l, r), mode="edge")
    return conv2d(padded, flip_kernel(kernel) if flip else kernel)


def fc_vs_conv_params(input_size: int = 28, kernel_size: int = 3, out_channels: int = 1) -> dict:
    """Parameters needed to turn an input_size² grey image into out_channels feature maps.

    conv  : out_channels filters of kernel_size² weights + 1 bias each (conv_param_count)
    local : a locally connected layer: each output looks at its own K×K window, like conv, but has its
            own K² weights + 1 bias (nothing shared): OH·OW·F·(K² + 1)
    fc    : a fully-connected layer producing the same number of outputs (OH·OW·F),
            each connected to every input pixel, plus one bias per output: I²·OH·OW·F + OH·OW·F
    fc → local is what locality saves, local → conv what sharing saves.
    """
    o = conv_output_size(input_size, kernel_size)
    n_in = input_size * input_size
    n_out = out_channels * o * o
    conv = conv_param_count(1, out_channels, kernel_size)
    fc = n_in * n_out + n_out
    local = n_out * (kernel_size * kernel_size + 1)
    return {
        "inputs": n_in,
        "outputs": n_out,
        "output_size": o,
        "conv": conv,
        "fc": fc,
        "local": local,
        "ratio": fc / conv,
        "conv_inputs_per_output": kernel_size * kernel_size,
        "fc_inputs_per_output": n_in,
    }
