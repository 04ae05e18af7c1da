"""Exercises of notebook 03 (stride and dilation)."""

import numpy as np

from ..i18n import N_, _
from ..shapes import conv_output_size, receptive_field
from . import Case, Exercise, Mistake, register


def _window_starts(size, kernel_size, stride=1, dilation=1):
    """Reference: the first index of every window along one axis (no padding)."""
    span = dilation * (kernel_size - 1) + 1
    return list(range(0, size - span + 1, stride))


def _compare_lists(got, expected):
    from .compare import safe_repr, value_problem

    if isinstance(got, np.ndarray) and got.ndim == 1:
        got = got.tolist()
    if not isinstance(got, (list, tuple, range)):
        return _("your function returned {got} ({type}), expected a list of whole numbers").format(
            got=safe_repr(got, 80), type=type(got).__name__
        )
    got_list = list(got)
    if len(got_list) != len(expected):
        return _("you returned {n} start(s) {got}, expected {m}: {expected}").format(
            n=len(got_list), got=safe_repr(got_list), m=len(expected), expected=list(expected)
        )
    problem = value_problem(got_list, list(expected))
    if problem is None:
        return None
    return _("you returned {got}, expected {expected}").format(got=safe_repr(got_list), expected=list(expected)) + (
        f" ({problem})" if problem else ""
    )


register(
    Exercise(
        id="stride_positions",
        kind="value",
        expected=[0, 3, 6],
        hints={
            (0, 3, 6, 9): N_("a window starting at 9 would need columns 9, 10, 11, but the input ends at column 9."),
            (1, 4, 7): N_("counting starts at 0: the first window covers columns 0, 1, 2."),
            (0, 1, 2, 3, 4, 5, 6, 7): N_("that is stride 1; with stride 3 the window jumps 3 columns each step."),
            (0, 3, 6, 7): N_("the window jumps by exactly S each time; it never takes a shorter last step."),
        },
        explanation=N_("Starts 0, 3, 6; the next, 9, would need columns 9..11 but the input has columns 0..9 only."),
    )
)

register(
    Exercise(
        id="stride_window_starts",
        kind="function",
        reference=_window_starts,
        compare=_compare_lists,
        cases=lambda: [
            Case((7, 3, 2), description=N_("7 wide, kernel 3, stride 2")),
            Case((10, 3, 3), description=N_("the last window does not fit exactly")),
            Case((5, 5, 1), description=N_("kernel as wide as the input")),
            Case((9, 1, 4), description=N_("1-wide kernel")),
            Case((9, 3, 1, 2), description=N_("dilation 2")),
            Case((12, 2, 5, 3), description=N_("dilation 3, stride 5")),
            Case((4, 3, 10), description=N_("stride larger than the input")),
        ],
        mistakes=[
            Mistake(
                lambda size, k, s, d=1: list(range(0, size - k + 1, s)),
                N_("the window spans D*(K-1)+1 cells when dilated, not K."),
            ),
            Mistake(
                lambda size, k, s, d=1: list(range(0, size - (d * (k - 1) + 1), s)),
                N_("range() stops before its end: the last start I - span is allowed, so use I - span + 1."),
            ),
            Mistake(
                lambda size, k, s, d=1: list(range(0, size, s)),
                N_("the window must fit: stop where the last start leaves room for its span."),
            ),
        ],
    )
)

register(
    Exercise(
        id="stride_output_by_hand",
        kind="value",
        expected=conv_output_size(32, 5, stride=2),
        hints={
            14.5: N_("the formula floors: a half window does not count."),
            15: N_("(32 - 5)/2 = 13.5; the floor gives 13, then add 1."),
            13: N_("you floored correctly; now add the + 1 (the first window)."),
            28: N_("that is stride 1; with stride 2, divide (I - K) by 2."),
        },
        explanation=N_("O = ⌊(32 − 5)/2⌋ + 1 = ⌊13.5⌋ + 1 = 14."),
    )
)

register(
    Exercise(
        id="stride_multiply_adds",
        kind="value",
        expected=conv_output_size(9, 3, stride=2) ** 2 * 9,
        hints={
            441: N_("that is stride 1 (7×7 windows); count the windows at stride 2."),
            16: N_("that is the number of windows; each window costs K*K = 9 multiply-adds."),
            36: N_("each window does K*K = 9 multiplications, not K = 3."),
            12: N_("count the windows in two dimensions: O×O."),
        },
        explanation=N_("O = ⌊(9 − 3)/2⌋ + 1 = 4, so 4×4 = 16 windows × 9 products = 144 (stride 1: 441)."),
    )
)

register(
    Exercise(
        id="dilation_span",
        kind="value",
        expected=3 * (5 - 1) + 1,
        hints={
            15: N_("D*K overcounts: there are K - 1 gaps between the K taps, each D cells wide."),
            12: N_("D*(K-1) counts the distance from the first to the last tap; add 1 for the last cell itself."),
            5: N_("the number of weights stays 5, but they are spread out: how far apart are the outer taps?"),
            7: N_("the K - 1 gaps are D cells wide each: D*(K-1) + 1."),
        },
        explanation=N_("K_eff = D(K − 1) + 1 = 3·4 + 1 = 13: the 5 taps sit at offsets 0, 3, 6, 9, 12."),
    )
)

register(
    Exercise(
        id="dilation_stack_rf",
        kind="value",
        expected=receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)]),
        hints={
            17: N_(
                "the last layer's span is 8·(3 − 1) + 1 = 17 cells; each layer adds its span minus one to the field "
                "of the layers below, it does not replace it."
            ),
            15: N_(
                "that is the three-layer stack of the table; the fourth layer, dilation 8, adds 8·(3 − 1) = 16 more."
            ),
            9: N_("the layers add 2, 4, 8 and 16: 1 + 2 + 4 + 8 + 16."),
            81: N_("receptive fields add up at stride 1, they do not multiply."),
            35: N_("check the spans: 3, 5, 9 and 17 cells; each adds span − 1 to the field."),
        },
        explanation=N_(
            "r = 1 + 2 + 4 + 8 + 16 = 31: each stride-1 layer adds D(K − 1). Doubling the dilation per layer "
            "grows the field exponentially with the same 9 weights per layer (WaveNet's trick)."
        ),
    )
)
