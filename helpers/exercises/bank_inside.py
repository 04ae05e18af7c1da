"""Exercises of notebooks 07-09 that ask for something the page does not print (issue 11, item 13)."""

import numpy as np

from ..i18n import N_, _
from ..shapes import pool_output_size
from . import Case, Exercise, register

# ----------------------------------------------------------------------------------- notebook 07

# overlapping 3×3 windows with stride 2 on a 14×14 map (AlexNet's pooling; notebook 04's exam question 5 asks
# the 2×2 / 9×9 case): (14 - 3) / 2 = 5.5 is floored, so the last row and column are dropped (ceil_mode keeps them)
FLOOR_QUESTION = {"shape": (32, 14, 14), "kernel_size": 3, "stride": 2}


def _floor_answer():
    c, h, w = FLOOR_QUESTION["shape"]
    oh, ow = pool_output_size((h, w), FLOOR_QUESTION["kernel_size"], FLOOR_QUESTION["stride"])
    return (c, oh, ow)


def _ceil_answer():
    c, h, w = FLOOR_QUESTION["shape"]
    oh, ow = pool_output_size((h, w), FLOOR_QUESTION["kernel_size"], FLOOR_QUESTION["stride"], ceil_mode=True)
    return (c, oh, ow)


register(
    Exercise(
        id="pool_output_shape_floor",
        kind="value",
        expected=_floor_answer,
        hints={
            _ceil_answer(): N_(
                "(14 - 3)/2 = 5.5: the formula FLOORS it (rounds down) before the + 1. Rounding up is what "
                "ceil_mode=True does (it keeps the last partial window); 7 is also what a 2×2 window would give."
            ),
            (32, 6.5, 6.5): N_("sizes are whole numbers: the formula rounds (I - K)/S down before the + 1."),
            (32, 12, 12): N_("(14 - 3) + 1 = 12 is for stride 1: divide by the stride 2 before the + 1."),
            (32, 5, 5): N_("do not forget the + 1 after the division (the first window)."),
            (32, 4, 4): N_("that is stride 3 (windows side by side); here the 3×3 windows overlap, stride 2."),
            (6, 6): N_("pooling keeps the channels: give (C, OH, OW)."),
            (1, 6, 6): N_("pooling works on each channel separately: 32 channels in, 32 out."),
            (6, 6, 32): N_(
                "the right sizes, channels last: the question asks for (C, OH, OW), channels first as "
                "in PyTorch and this course."
            ),
        },
        explanation=N_(
            "OH = OW = (14 - 3)//2 + 1 = 5 + 1 = 6: the windows start at rows 0, 2, …, 10 and end at row 12, so "
            "row 13 and column 13 of the 14×14 map are in no window (ceil_mode=True would give 7); the 32 "
            "channels stay: (32, 6, 6)."
        ),
    )
)

# ----------------------------------------------------------------------------------- notebook 08

# the CIFAR-sized network with 12 instead of 8 filters in its first convolution
register(
    Exercise(
        id="cifar_conv2_params_12",
        kind="value",
        expected=16 * 12 * 5 * 5 + 16,
        hints={
            16 * 8 * 5 * 5 + 16: N_(
                "that is the network as printed (8 input channels); with 12 filters in the first "
                "layer the second one's kernels are 12 channels deep."
            ),
            16 * 12 * 5 * 5: N_("one bias per filter: add 16."),
            16 * 12 * 5 * 5 + 12: N_(
                "the biases: one per filter (16 output channels), not one per input channel (12)."
            ),
            12 * 5 * 5 + 16: N_("each of the 16 filters has its own 12×5×5 kernel: multiply by 16."),
            12 * 3 * 5 * 5 + 12: N_(
                "that is the first convolution; the question is about the second, Conv2d(12, 16, 5)."
            ),
        },
        explanation=N_(
            "Conv2d(12, 16, 5): 16 filters × 12 channels × 5 × 5 weights + 16 biases = 4,816 (3,216 with 8 "
            "input channels): a kernel is as deep as its input has channels."
        ),
    )
)


def _fixed_digit_net():
    """The notebook's buggy digit network with Flatten added and Linear given its true input size."""
    from ..layers import Conv2D, Flatten, Linear, MaxPool2D, ReLU
    from ..model import Sequential

    r = np.random.default_rng(0)
    return Sequential(
        Conv2D(1, 8, 3, rng=r),
        ReLU(),
        MaxPool2D(2),
        Conv2D(8, 12, 3, rng=r),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Linear(12 * 5 * 5, 10, rng=r),
    )


def _without(model, layer_type: str):
    """A wrong answer for the catalogues: ``model`` with every layer of ``layer_type`` removed."""
    from ..model import Sequential

    return Sequential(*[layer for layer in model.layers if type(layer).__name__ != layer_type])


def _swapped(model, i: int, j: int):
    """A wrong answer for the catalogues: ``model`` with layers ``i`` and ``j`` swapped."""
    from ..model import Sequential

    layers = list(model.layers)
    layers[i], layers[j] = layers[j], layers[i]
    return Sequential(*layers)


def _compare_digit_models(got, expected):
    from ..model import Sequential

    if not isinstance(got, Sequential):
        return _("return the fixed Sequential model, got {type}").format(type=type(got).__name__)
    s, ref = got.summary((1, 28, 28)), expected.summary((1, 28, 28))
    if s.error:
        if "Flatten" in s.error:
            return _(
                "a Linear layer still receives a feature map: put Flatten() between the last MaxPool2D and "
                "the Linear layer"
            )
        if "in_features" in s.error or "features" in s.error:
            return _(
                "Flatten is there, but Linear's in_features does not match: trace 28 through the layers "
                "(a 3×3 convolution takes 2 off, pooling halves, rounding down) and multiply by the 12 "
                "channels. The summary says: {error}"
            ).format(error=s.error)
        return _("the shapes still do not fit: {error}").format(error=s.error)
    if s.output_shapes[-1] != (10,):
        return _("the model should end with 10 scores, it ends with shape {shape}").format(shape=s.output_shapes[-1])
    if [type(layer).__name__ for layer in got.layers] != [type(layer).__name__ for layer in expected.layers]:
        return _(
            "the shapes fit, but the layers differ from the buggy model plus one Flatten: keep the layers as "
            "they were and only add what is missing"
        )
    if s.total != ref.total:
        return _(
            "the shapes fit, but the model has {total:,} parameters instead of {expected:,}: keep the "
            "convolutions as they were"
        ).format(total=s.total, expected=ref.total)
    return None


register(
    Exercise(
        id="fix_the_digit_net",
        kind="function",
        reference=_fixed_digit_net,
        cases=lambda: [Case((), description=N_("the 1×28×28 digit network"))],
        compare=_compare_digit_models,
        title="fix_the_digit_net",
        wrong_answers=[
            (lambda: _without(_fixed_digit_net(), "ReLU"), "the layers differ"),
            (lambda: _without(_fixed_digit_net(), "Flatten"), "put Flatten()"),
            (lambda: _swapped(_fixed_digit_net(), 1, 2), "the layers differ"),
        ],
    )
)

# ----------------------------------------------------------------------------------- notebook 09 (LeNet)

register(
    Exercise(
        id="lenet_pool2_shape_36",
        kind="value",
        expected=(16, 6, 6),
        hints={
            (16, 4, 4): N_("that is for 28×28 digits (printed in the summary); start from 36."),
            (16, 5, 5): N_("that is for 32×32 inputs; start from 36."),
            (16, 12, 12): N_("that is after the second convolution; its max pooling halves it again."),
            (6, 16, 16): N_("that is after the FIRST max pooling (layer 2); layer 5 is the second one."),
            (16, 9, 9): N_("the 5×5 convolutions have no padding: each takes 4 off (36 → 32, 16 → 12)."),
            (6, 6): N_("give (C, H, W): the second convolution has 16 filters."),
        },
        explanation=N_(
            "36 → 32 (5×5, no padding) → 16 (pool) → 12 (5×5) → 6 (pool), 16 channels: (16, 6, 6), so the "
            "first Linear layer would need 16·6·6 = 576 inputs instead of 256."
        ),
    )
)

register(
    Exercise(
        id="lenet_nonnegative_layers",
        kind="value",
        expected=(1, 2, 4, 5),
        hints={
            (1, 4): N_("max pooling picks one of its input values; after ReLU they are all >= 0, so is the max."),
            (2, 5): N_("ReLU's output max(0, x) is never negative."),
            (0, 1, 2, 3, 4, 5): N_("the convolutions have negative weights, so their maps can be negative (blue)."),
            (1, 2, 3, 4, 5): N_("layer 3 is the second convolution: negative weights, negative values possible."),
            (1, 2): N_("there are two ReLU + pooling pairs: layers 4 and 5 are the second pair."),
            (0, 3): N_("those are the layers whose maps CAN be negative: give the others."),
        },
        explanation=N_(
            "ReLU (layers 1, 4) outputs max(0, x) >= 0, and max pooling (2, 5) of non-negative values stays "
            "non-negative; only the convolutions (0, 3) can be negative."
        ),
    )
)

register(
    Exercise(
        id="pool3_max_gradient_cells",
        kind="value",
        expected=(24 // 3) ** 2,
        hints={
            24 * 24 // 4: N_("that is for 2×2 windows; 3×3 windows with stride 3 make an 8×8 output."),
            24 * 24 // 3: N_("a 3×3 window has 9 cells, not 3."),
            576 - 64: N_("that is the number of cells that receive nothing."),
            1 / 9: N_("give the number of cells (out of 576), not the fraction."),
        },
        explanation=N_(
            "MaxPool2D(3) on 24×24 gives 8×8 = 64 windows; each sends its gradient to ONE cell, so at most 64 "
            "of the 576 cells (1/9) receive a gradient, fewer non-zero ones when ReLU left windows all zero."
        ),
    )
)
