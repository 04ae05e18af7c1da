"""Exercises of notebook 02 (padding): implement pad, choose 'same' padding, count visits of a corner pixel."""

from __future__ import annotations

import numpy as np

from ..i18n import N_, _
from ..padding import pad2d
from ..shapes import conv_output_size, same_padding
from . import Case, Exercise, Mistake, register

# ----------------------------------------------------------------------------- implement pad


def _reference(x, p):
    """Zero padding of a 2-D array with p cells on every side."""
    return pad2d(np.asarray(x), p)


def _top_left_only(x, p):
    return np.pad(np.asarray(x), ((p, 0), (p, 0)))


def _bottom_right_only(x, p):
    return np.pad(np.asarray(x), ((0, p), (0, p)))


def _edge_instead(x, p):
    return np.pad(np.asarray(x), p, mode="edge")


def _ones_instead(x, p):
    return np.pad(np.asarray(x), p, mode="constant", constant_values=1)


def _cases():
    rng = np.random.default_rng(7)
    return [
        Case((np.arange(1, 10).reshape(3, 3), 1), {}, _("a 3×3 input, p = 1")),
        Case((np.arange(1, 9).reshape(2, 4), 2), {}, _("a non-square 2×4 input, p = 2")),
        Case((np.arange(1, 7).reshape(3, 2), 0), {}, _("p = 0: the input unchanged")),
        Case((np.array([[5]]), 3), {}, _("a 1×1 input, p = 3")),
        Case((rng.normal(size=(4, 3)), 1), {}, _("random floats with negative values, p = 1")),
    ]


def _pad_shape_hint(got, expected):
    if len(got) == 2 and len(expected) == 2:
        h, w = expected[0], expected[1]
        if got[0] < h and got[1] < w:
            return None  # too small: the known mistakes (one side only) or the row/column count say enough
        if got[0] > h:
            return _("p is the padding per side, so the result has H + 2p rows, not more")
    return _("a p-padded (H, W) array has shape (H + 2p, W + 2p)")


def _pad_compare(got, expected):
    """The padded array must keep x's dtype (the task says so), then equal the reference cell by cell."""
    from .core import _array_problem

    if isinstance(got, np.ndarray) and got.dtype != expected.dtype:
        return _(
            "your result has dtype {got} but x has dtype {expected}: the task asks for the same dtype "
            "as x; create the output with np.zeros(shape, dtype=x.dtype)"
        ).format(got=got.dtype, expected=expected.dtype)
    return _array_problem(got, expected, 1e-6, 1e-9, _pad_shape_hint)


def _pad_error_hint(exc: BaseException, case: Case) -> str | None:
    if isinstance(exc, ValueError) and "broadcast" in str(exc) and case.args[1] == 0:
        return _(
            "with p = 0, -p is 0 too, so out[p:-p] is the empty slice out[0:0]: write out[p:p + H, p:p + W] "
            "(H, W = x.shape), which also works for p = 0."
        )
    return None


register(
    Exercise(
        id="pad_zeros",
        title="my_pad",
        kind="function",
        reference=_reference,
        cases=_cases,
        mistakes=[
            Mistake(_top_left_only, N_("you padded only the top and the left; pad every side.")),
            Mistake(_bottom_right_only, N_("you padded only the bottom and the right; pad every side.")),
            Mistake(_edge_instead, N_("that is edge padding (the border repeated); here the border is zeros.")),
            Mistake(_ones_instead, N_("the border must be zeros, not ones.")),
        ],
        shape_hint=_pad_shape_hint,
        compare=_pad_compare,
        error_hints=_pad_error_hint,
    )
)

# ----------------------------------------------------------------------------- same padding
SAME_INPUT, SAME_KERNEL = 32, 7
_same = same_padding(SAME_KERNEL)[0]
assert conv_output_size(SAME_INPUT, SAME_KERNEL, padding=_same) == SAME_INPUT

register(
    Exercise(
        id="same_padding_odd",
        kind="value",
        expected=_same,
        hints={
            SAME_KERNEL - 1: N_("{n} is the total over both sides; the question asks per side.", n=SAME_KERNEL - 1),
            SAME_KERNEL: N_("too much: the output would grow."),
            (SAME_KERNEL - 1) // 2 - 1: N_(
                "the output would be {o}×{o}, still smaller.", o=conv_output_size(SAME_INPUT, SAME_KERNEL, padding=1)
            ),
            0: N_("with no padding the output is {o}×{o}.", o=conv_output_size(SAME_INPUT, SAME_KERNEL)),
        },
        explanation=N_(
            "O = I + 2P - K + 1 = I needs 2P = K - 1 = {k1}, so P = {p} per side: {i} + 2·{p} - {k} + 1 = {i}.",
            k1=SAME_KERNEL - 1,
            p=_same,
            i=SAME_INPUT,
            k=SAME_KERNEL,
        ),
    )
)

EVEN_KERNEL = 6
_even = same_padding(EVEN_KERNEL)
_total = EVEN_KERNEL - 1

register(
    Exercise(
        id="same_padding_even",
        kind="value",
        expected=_even,
        hints={
            _even[::-1]: N_(
                "right total, but this collection (like TensorFlow) puts the extra cell after: bottom / right."
            ),
            (_total / 2, _total / 2): N_(
                "padding counts whole cells: {total} cannot be split into two equal halves.", total=_total
            ),
            (_even[1], _even[1]): N_("{n} cells in total is one too many: the output would grow by 1.", n=2 * _even[1]),
            (_even[0], _even[0]): N_("{n} cells in total is one short: the output would shrink by 1.", n=2 * _even[0]),
        },
        explanation=N_(
            "A {k}×{k} kernel needs K - 1 = {k1} padding cells per axis; they split as {before} before and {after} after.",
            k=EVEN_KERNEL,
            k1=EVEN_KERNEL - 1,
            before=_even[0],
            after=_even[1],
        ),
    )
)

# ----------------------------------------------------------------------------- corner visits
CORNER_INPUT, CORNER_KERNEL, CORNER_PADDING = 9, 5, 2


def _corner(padding):
    from ..explorers.padding import visit_counts

    return int(visit_counts(CORNER_INPUT, CORNER_KERNEL, padding=padding)[0, 0])


_corner_answer = (_corner(0), _corner(CORNER_PADDING))

register(
    Exercise(
        id="corner_visits",
        kind="value",
        expected=_corner_answer,
        hints={
            (CORNER_KERNEL**2, CORNER_KERNEL**2): N_(
                "that is a pixel far from the border; the corner is only in windows that start at the very top-left."
            ),
            (1, 1): N_("with padding the window can also start in the padding, so the corner is in more windows."),
            _corner_answer[::-1]: N_("the order is (without padding, with padding {p}).", p=CORNER_PADDING),
            (1, CORNER_PADDING + 1): N_("padding adds window positions along both axes: count rows × columns."),
        },
        explanation=N_(
            "Without padding only the window at the top-left covers the corner: {a}. With padding {p} the window "
            "can start at rows {minus_p}..0 and columns {minus_p}..0: {p1} × {p1} = {b}.",
            a=_corner_answer[0],
            p=CORNER_PADDING,
            minus_p=-CORNER_PADDING,
            p1=CORNER_PADDING + 1,
            b=_corner_answer[1],
        ),
    )
)
