"""helpers: the numpy core behind the CNN notebooks.

Shapes at the bottom, array operations above them; the numerical core never
imports matplotlib or ipywidgets.
"""

from .conv import col2im, conv2d, conv2d_naive, conv_transpose2d, im2col
from .i18n import get_language, set_language
from .images import load_uploaded_image, sample_image
from .padding import pad2d
from .pooling import avg_pool2d, max_pool2d
from .shapes import (
    conv_output_size,
    conv_param_count,
    conv_transpose_output_size,
    effective_kernel_size,
    pool_output_size,
    receptive_field,
    same_padding,
    tf_same_padding,
)

__version__ = "0.1.0"

__all__ = [
    "conv_output_size",
    "conv_transpose_output_size",
    "pool_output_size",
    "same_padding",
    "tf_same_padding",
    "conv_param_count",
    "effective_kernel_size",
    "receptive_field",
    "pad2d",
    "conv2d_naive",
    "conv2d",
    "im2col",
    "col2im",
    "conv_transpose2d",
    "max_pool2d",
    "avg_pool2d",
    "sample_image",
    "load_uploaded_image",
    "set_language",
    "get_language",
]
