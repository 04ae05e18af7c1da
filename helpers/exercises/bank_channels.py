"""Exercises of notebook 05 (channels and batches)."""

import numpy as np

from ..i18n import N_
from ..shapes import conv_param_count
from . import Case, Exercise, Mistake, register

# ResNet-50's bottleneck block 2 or 3 of conv2_x (He et al. 2016, Fig. 5 and Table 1): 1×1 256 → 64, 3×3 64 → 64,
# 1×1 64 → 256 (block 1 starts from 64 channels and has a projection shortcut)
BOTTLENECK = {"channels": 256, "reduced": 64, "kernel_size": 3}


def _bottleneck_total():
    c, r, k = BOTTLENECK["channels"], BOTTLENECK["reduced"], BOTTLENECK["kernel_size"]
    return conv_param_count(c, r, 1) + conv_param_count(r, r, k) + conv_param_count(r, c, 1)


register(
    Exercise(
        id="channels_params_16_32",
        kind="value",
        expected=conv_param_count(16, 32, 3),
        hints={
            16 * 3 * 3 * 32: N_("that is the weights only: every filter also has one bias (32 filters, 32 biases)."),
            16 * 3 * 3 * 32 + 16: N_("one bias per filter, i.e. per OUTPUT channel: 32 biases, not 16."),
            3 * 3 * 32 + 32: N_("each filter is 16×3×3: it spans all 16 input channels."),
            16 * 3 * 3 + 1: N_("that is one filter; the layer has 32 of them."),
        },
        explanation=N_("weights 16·3·3·32 = 4608, biases 32: 4640. The input's height and width do not matter."),
    )
)

register(
    Exercise(
        id="channels_vgg_first",
        kind="value",
        expected=conv_param_count(3, 64, 3),
        hints={
            3 * 3 * 3 * 64: N_("add one bias per filter (64)."),
            3 * 3 * 64 + 64: N_("each filter spans the 3 colour channels: 3·3·3 weights."),
            224 * 224 * 3 * 64: N_(
                "parameters do not depend on the image size: the kernel is shared (parameter sharing)."
            ),
        },
        explanation=N_(
            "3·3·3·64 + 64 = 1792, about 0.001% of VGG-16's 138,357,544 parameters. The cell after the next counts "
            "all 16 layers: the 13 convolution layers hold 10.6% of them, the three fully-connected layers 89.4%."
        ),
    )
)

register(
    Exercise(
        id="channels_bottleneck",
        kind="value",
        expected=_bottleneck_total,
        hints={
            256 * 64 + 64 * 9 * 64 + 64 * 256: N_("a layer's parameters include its biases: one per filter."),
            conv_param_count(64, 64, 3): N_("that is the 3×3 layer only; add the two 1×1 layers around it."),
            conv_param_count(256, 64, 1) + conv_param_count(64, 64, 3): N_("add the last 1×1 layer (64 → 256) too."),
            2 * conv_param_count(256, 64, 1) + conv_param_count(64, 64, 3): N_(
                "the two 1×1 layers differ in their biases: 64 for 256 → 64, 256 for 64 → 256."
            ),
            2 * conv_param_count(256, 256, 3): N_(
                "that is two 3×3 layers at 256 channels, the block WITHOUT the bottleneck."
            ),
        },
        explanation=N_(
            "1×1 256 → 64: 16,448; 3×3 64 → 64: 36,928; 1×1 64 → 256: 16,640; together 70,016 instead of "
            "1,180,160 for two 3×3 layers at 256 channels (94% fewer)."
        ),
    )
)

register(
    Exercise(
        id="channels_batch_shape",
        kind="value",
        expected=(8, 16, 32, 32),
        hints={
            (8, 3, 32, 32): N_("the layer has 16 filters: the output has 16 channels."),
            (8, 16, 28, 28): N_(
                "the layer pads 2 cells on each side: add 2·P to the input size before subtracting the kernel."
            ),
            (16, 8, 32, 32): N_("the batch axis N stays first: (N, F, OH, OW)."),
            (8, 32, 32, 16): N_("that is NHWC; the layer here works in NCHW: (N, F, OH, OW)."),
            (16, 32, 32): N_("keep the batch axis: 8 images in, 8 feature-map stacks out."),
        },
        explanation=N_("N stays 8, channels become F = 16, and 'same' padding 2 for a 5×5 kernel keeps 32×32."),
    )
)


def library_to_tf_weights(w):
    """Exercise 2's reference in notebook 05: (F, C, KH, KW) -> (KH, KW, C, F); the fallback of its check cell."""
    return np.transpose(w, (2, 3, 1, 0))


def _cases_tf_weights():
    # (F, C, KH, KW) with F != C and, in most cases, KH != KW, so that every wrong axis order shows
    rng = np.random.default_rng(52)
    shapes = [(4, 3, 3, 3), (8, 3, 5, 5), (2, 5, 3, 1), (6, 2, 1, 3), (5, 4, 2, 3)]
    return [Case((rng.integers(0, 100, size=s).astype(float),), description=N_("w of shape {s}", s=s)) for s in shapes]


register(
    Exercise(
        id="channels_weights_to_tf",
        kind="function",
        reference=library_to_tf_weights,
        cases=_cases_tf_weights,
        mistakes=[
            Mistake(
                lambda w: w.reshape(w.shape[2], w.shape[3], w.shape[1], w.shape[0]),
                N_(
                    "reshape keeps the numbers in memory order and only relabels the axes; to move axes "
                    "use np.transpose (or np.moveaxis)."
                ),
            ),
            Mistake(
                lambda w: w.T,
                N_(
                    "w.T reverses all four axes, so KW comes out before KH: every kernel is transposed. "
                    "Only the two kernel axes are out of place."
                ),
            ),
            Mistake(
                lambda w: np.transpose(w, (2, 3, 0, 1)),
                N_("the last two axes are swapped: yours ends with the filters, then the input channels."),
            ),
            Mistake(
                lambda w: np.transpose(w, (0, 2, 3, 1)),
                N_("your result still starts with the filter axis F, as in PyTorch's layout; F goes last."),
            ),
            Mistake(
                lambda w: np.moveaxis(w, 0, -1),
                N_(
                    "F is in place, but your result starts with the input channels C; C must come after the kernel axes."
                ),
            ),
        ],
        shape_hint=N_("TensorFlow's kernels are (KH, KW, C, F): the kernel axes first, the filters last."),
    )
)


def _separable_total():
    # depthwise 5×5 on 96 channels (one kernel each) + pointwise 1×1 96 → 160, no biases
    return conv_param_count(96, 96, 5, bias=False, groups=96) + conv_param_count(96, 160, 1, bias=False)


register(
    Exercise(
        id="channels_separable_params",
        kind="value",
        expected=_separable_total,
        hints={
            conv_param_count(96, 160, 5, bias=False): N_(
                "that is the standard 5×5 layer 96 → 160; the question asks "
                "for its depthwise-separable replacement (depthwise 5×5, then pointwise 1×1)."
            ),
            96 * 25: N_(
                "that is the depthwise part only (one 5×5 kernel per channel); add the pointwise 1×1 layer 96 → 160."
            ),
            96 * 160: N_("that is the pointwise part only; add the depthwise 5×5 kernels, one per channel."),
            96 * 96 * 25 + 96 * 160: N_(
                "a depthwise kernel sees ONE channel (groups = 96): 96 kernels of 5×5, not 96 × 96."
            ),
            96 * 25 + 96 * 160 + 96 + 160: N_(
                "the question counts no biases (MobileNet's convolutions are built without them)."
            ),
            160 * 25 + 96 * 160: N_(
                "the depthwise layer works on the 96 INPUT channels; only the pointwise layer goes to 160."
            ),
            96 * 9 + 96 * 160: N_("the kernels here are 5×5: 25 weights each, not 9."),
            96 * 25 + 96 * 160 + 160: N_(
                "the question counts no biases: leave out the pointwise layer's 160 biases as well."
            ),
            (96 + 160) * 25: N_(
                "the pointwise layer is 1×1, not 5×5: it has one weight per pair of input channel and filter."
            ),
        },
        explanation=N_(
            "depthwise: 96·5·5 = 2,400; pointwise: 96·160 = 15,360; together 17,760 instead of "
            "384,000 for a standard 5×5 layer: 4.6% = 1/160 + 1/25."
        ),
    )
)
