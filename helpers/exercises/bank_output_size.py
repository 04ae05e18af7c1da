"""Exercises of notebook 04 (the output-size formula and shape propagation)."""

import math

from ..i18n import N_, _
from ..shapes import conv_output_size, conv_param_count, conv_transpose_output_size, pool_output_size, receptive_field
from . import Case, Exercise, Mistake, register
from .compare import safe_repr, value_problem


def _out_size(size, kernel_size, stride=1, padding=0, dilation=1):
    """Reference: O = floor((I + 2P - D(K-1) - 1)/S) + 1, from the one home of the formula."""
    return conv_output_size(size, kernel_size, stride, padding, dilation)


def _compare_ints(got, expected):
    if isinstance(got, float) and got.is_integer():
        return _("you returned a float; use // (floor division) so the result is a whole number")
    problem = value_problem(got, expected)
    if problem is None:
        return None
    if problem:
        return _("your function returned {got}, {problem}").format(got=safe_repr(got, 80), problem=problem)
    return _("you returned {got}, expected {expected}").format(got=safe_repr(got, 80), expected=expected)


register(
    Exercise(
        id="output_size_function",
        kind="function",
        reference=_out_size,
        compare=_compare_ints,
        cases=lambda: [
            Case((8, 3), {"stride": 2}, description=N_("I=8, K=3, S=2: division not exact")),
            Case((28, 5), description=N_("I=28, K=5")),
            Case((32, 3), {"stride": 1, "padding": 1}, description=N_("'same' padding")),
            Case((227, 11), {"stride": 4}, description=N_("AlexNet's first layer")),
            Case((10, 3), {"dilation": 2}, description=N_("dilation 2")),
            Case((7, 7), description=N_("kernel as large as the input")),
            Case((224, 7), {"stride": 2, "padding": 3}, description=N_("ResNet stem")),
            Case((9, 3), {"stride": 3, "padding": 2, "dilation": 2}, description=N_("everything at once")),
        ],
        mistakes=[
            Mistake(
                lambda size, kernel_size, stride=1, padding=0, dilation=1: (
                    math.ceil((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
                ),
                N_("frameworks round down (floor): a window that does not fit is dropped. Use //."),
            ),
            Mistake(
                lambda size, kernel_size, stride=1, padding=0, dilation=1: (
                    round((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
                ),
                N_("round() rounds half-way cases up or to even; the formula floors. Use //."),
            ),
            Mistake(
                lambda size, kernel_size, stride=1, padding=0, dilation=1: (
                    (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1
                ),
                N_("padding is per side: the padded input is I + 2P wide."),
            ),
            Mistake(
                lambda size, kernel_size, stride=1, padding=0, dilation=1: (
                    (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride
                ),
                N_("you forgot the + 1: the first window at position 0 counts too."),
            ),
            Mistake(
                lambda size, kernel_size, stride=1, padding=0, dilation=1: (
                    (size + 2 * padding - kernel_size) // stride + 1
                ),
                N_("a dilated kernel spans D*(K-1)+1 cells, not K."),
            ),
        ],
    )
)

register(
    Exercise(
        id="exam_alexnet",
        kind="value",
        expected=pool_output_size(conv_output_size(227, 11, stride=4), 3, stride=2),
        hints={
            55: N_("55 is the convolution's output; the 3×3 pooling with stride 2 comes after it."),
            28: N_("subtract the whole window, K = 3: ⌊(55 − 3)/2⌋ + 1, not (55 − 1)/2 + 1."),
            26: N_("(55 − 3)/2 = 26 positions after the first one: add 1."),
            18: N_("that is a 3×3 pooling with stride 3; AlexNet's windows overlap, stride 2."),
            54: N_("⌊(227 − 11)/4⌋ = 54 is not the end of the convolution: add 1 (55), then pool."),
        },
        explanation=N_(
            "conv: ⌊(227 − 11)/4⌋ + 1 = 55; max pool 3×3, stride 2: ⌊(55 − 3)/2⌋ + 1 = 27 (AlexNet's first block)."
        ),
    )
)

register(
    Exercise(
        id="exam_same_padding",
        kind="value",
        expected=2,
        hints={
            4: N_("that is the total; padding is counted per side, so half of it on each side."),
            1: N_(
                "that is (K − 1)/2 for an undilated 3×3 kernel; with dilation 2 the window spans D(K − 1) + 1 = 5 "
                "cells."
            ),
            5: N_(
                "that is the window's span; the output shrinks by span − 1 = 4 cells without padding: split them "
                "over two sides."
            ),
            3: N_("with P = 3 the output is 28 + 6 − 5 + 1 = 30: two too many."),
        },
        explanation=N_(
            "The dilated window spans D(K − 1) + 1 = 5 cells, so O = 28 + 2P − 5 + 1 = 28 needs 2P = 4: "
            "P = D(K − 1)/2 = 2 per side."
        ),
    )
)

register(
    Exercise(
        id="exam_resnet_stem",
        kind="value",
        expected=pool_output_size(conv_output_size(224, 7, stride=2, padding=3), 3, stride=2, padding=1),
        hints={
            112: N_("that is after the convolution; now apply the 3×3 max pooling with stride 2 and padding 1."),
            55: N_("the pooling has padding 1: (112 + 2 − 3)/2 = 55.5, floor 55, + 1."),
            109: N_("the convolution has stride 2 and padding 3: (224 + 6 − 7)/2 = 111.5, floor 111, + 1 = 112."),
        },
        explanation=N_("conv: ⌊(224 + 6 − 7)/2⌋ + 1 = 112; pool: ⌊(112 + 2 − 3)/2⌋ + 1 = 56."),
    )
)

register(
    Exercise(
        id="exam_dropped_columns",
        kind="value",
        expected=2,
        hints={
            0: N_("the windows start at 0, 3, 6 and span 3 cells: which columns does none of them reach?"),
            1: N_("the last window starts at 6 and covers 6, 7, 8; count the columns after 8 in an 11-wide input."),
            3: N_("the windows touch (stride = kernel size), so no column between them is skipped; only the end."),
        },
        explanation=N_(
            "(11 − 3)/3 = 2.67: windows start at 0, 3, 6; the last covers 6..8, so columns 9 and 10 are never "
            "visited (strict=True would refuse this setting)."
        ),
    )
)

register(
    Exercise(
        id="exam_ceil_mode",
        kind="value",
        expected=pool_output_size(9, 2, ceil_mode=True),
        hints={
            4: N_("that is the floor (the default); ceil_mode keeps the last partial window."),
            4.5: N_("sizes are whole numbers: ceil_mode rounds (9 − 2)/2 = 3.5 up before the + 1."),
            6: N_("ceil_mode rounds (9 − 2)/2 up, then adds 1: ⌈3.5⌉ + 1."),
        },
        explanation=N_("⌈(9 − 2)/2⌉ + 1 = 4 + 1 = 5; the fifth window holds only the last row/column."),
    )
)

register(
    Exercise(
        id="exam_flatten",
        kind="value",
        expected=16 * 6 * 6,
        hints={
            (16, 6, 6): N_("that is the shape; flatten multiplies its numbers into one length."),
            256: N_("that is the 28×28 input of the tracer above; this one is 36×36."),
            36: N_("flatten keeps every channel: multiply by the 16 channels too."),
            16 * 12 * 12: N_("each pooling halves H and W: 32 → 16 and 12 → 6."),
            16 * 7 * 7: N_("a 5×5 convolution without padding shrinks the map by 4, not 2: 16 → 12."),
            16 * 5 * 5: N_("that is the flatten size of a 32×32 input; this one starts at 36×36."),
        },
        explanation=N_("36 → conv5 → 32 → pool → 16 → conv5 → 12 → pool → 6, so 16 × 6 × 6 = 576."),
    )
)

register(
    Exercise(
        id="exam_conv_params",
        kind="value",
        expected=conv_param_count(64, 128, 3, groups=4),
        hints={
            128 * 16 * 9: N_("add one bias per filter (128)."),
            conv_param_count(64, 128, 3): N_(
                "that is the layer without groups; with groups=4 each filter reads only 64 / 4 = 16 channels."
            ),
            128 * 16 * 9 + 4: N_("one bias per filter, not one per group: 128 biases."),
            (128 // 4) * 16 * 9 + 128: N_(
                "the groups split the input channels a filter reads (64 / 4 = 16); all 128 filters remain."
            ),
            conv_param_count(64, 128, 3) // 4: N_("the biases are not divided by the groups: one per filter, 128."),
            conv_param_count(16, 32, 3): N_(
                "that is one group alone (16 channels in, 32 filters); the layer has 4 groups side by side."
            ),
        },
        explanation=N_("128 filters × (64 / 4 = 16 channels × 3 × 3) weights + 128 biases = 18,432 + 128 = 18,560."),
    )
)

register(
    Exercise(
        id="predict_stack_shape",
        kind="value",
        expected=(32, 8, 8),
        hints={
            (32, 16, 16): N_("that is before the last pooling; pool 2 halves H and W once more."),
            (32, 7, 7): N_("the second convolution has padding 1: ⌊(32 + 2 − 3)/2⌋ + 1 = 16."),
            (16, 8, 8): N_("the channels come from the last convolution's number of filters (32)."),
            (32, 4, 4): N_("the first convolution has stride 1 with padding 1, so it keeps 64×64."),
            (3, 8, 8): N_("a convolution's output has one channel per filter, not the input's channels."),
            (2048,): N_("that would be after a flatten; the question asks for (C, H, W)."),
        },
        explanation=N_(
            "64 → conv 3×3 p1 keeps 64 → pool 32 → ⌊(32 + 2 − 3)/2⌋ + 1 = 16 → pool 8, with 32 filters: (32, 8, 8)."
        ),
    )
)

register(
    Exercise(
        id="rf_conv_pool_conv",
        kind="value",
        expected=receptive_field([(3, 1), (3, 1), (2, 2), (3, 1), (5, 1)]),
        hints={
            12: N_(
                "after the 2×2 pooling with stride 2, one step of a later layer covers 2 input pixels: "
                "the 3×3 adds (3 − 1)·2 and the 5×5 adds (5 − 1)·2."
            ),
            16: N_("the 3×3 convolution after the pooling sees the jump of 2 too: it adds (3 − 1)·2 = 4, not 2."),
            14: N_("that leaves out the 3×3 convolution after the pooling: it adds (3 − 1)·2 = 4."),
            10: N_("the last 5×5 convolution widens the field too: add (5 − 1) times the jump of 2."),
            6: N_("the two convolutions after the pooling widen the field too, each by (K − 1) times the jump of 2."),
            17: N_("a pooling window widens the field like a kernel: it adds (2 − 1)·1."),
            23: N_("the jump multiplies only the layers after a stride: the first two convolutions add 2 each."),
        },
        explanation=N_(
            "r = 1 + 2 + 2 (two 3×3) + 1 (the 2×2 pool) = 6, then the jump is 2, so the 3×3 adds 2·2 = 4 "
            "and the 5×5 adds 4·2 = 8: r = 18."
        ),
    )
)


register(
    Exercise(
        id="exam_transpose_size",
        kind="value",
        expected=conv_transpose_output_size(6, 3, stride=2, padding=1),
        hints={
            13: N_("(6 − 1)·2 + 3 = 13 cells are covered by the stamps; padding 1 then crops one cell on EACH side."),
            12: N_(
                "not quite double: (6 − 1)·2 − 2·1 + 3. Cropping only one cell for padding 1 also gives 12; "
                "padding is per side, so it crops 2P = 2."
            ),
            10: N_(
                "no − 1 here: the transposed formula is (I − 1)·S − 2P + K (+ output_padding), the inverse of "
                "O = ⌊(I + 2P − K)/S⌋ + 1."
            ),
            3: N_(
                "that is the ordinary convolution formula, which shrinks; a transposed convolution grows: "
                "(I − 1)·S − 2P + K."
            ),
            8: N_("the kernel adds K = 3 cells: (6 − 1)·2 − 2·1 + 3."),
        },
        explanation=N_(
            "(6 − 1)·2 − 2·1 + 3 = 11, one short of doubling: a convolution K=3, S=2, P=1 takes both 11 and 12 "
            "to 6, and output_padding=1 picks 12."
        ),
    )
)
