"""How every notebook checks a learner's answer.

Three checks, one output style:

* :func:`check_value`    a number, a tuple or a short list
* :func:`check_array`    an array, with shape diagnostics ("2 rows short")
* :func:`check_function` a function the learner wrote, tried on hidden cases (in ``functions.py``)

Each prints one of

    ✓ <name>: correct ...
    ✗ <name>: not yet. <what is wrong>  Hint: <a specific hint>
    … <name>: not attempted yet. <what to do>

and returns a :class:`CheckResult`. A learner never sees a traceback: any
exception raised by the learner's code is reported as one line naming the
exception, the hidden case and the line of the learner's code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..i18n import _, get_language, translated
from .compare import join_hint, safe_repr, value_problem

__all__ = [
    "CheckResult",
    "Case",
    "Mistake",
    "check_value",
    "check_array",
    "is_unanswered",
    "describe_shape_difference",
]

PASS, FAIL, TODO = "✓", "✗", "…"


@dataclass
class CheckResult:
    """The outcome of one check. Truthy when the answer is correct."""

    name: str
    passed: bool
    attempted: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def _ipython_display_(self):
        # The check already printed its message; showing the object again would repeat it.
        pass

    def __repr__(self) -> str:
        return self.message

    def choose(self, mine, reference):
        """``mine`` once the check passed, else ``reference``, so later cells still run.

        Use it where a later cell depends on an exercise:
        ``conv = result.choose(my_conv2d, helpers.conv2d_naive)``.
        """
        if self.passed:
            return mine
        print(_("   (cells below use the reference version of {name} until yours passes)").format(name=self.name))
        return reference


@dataclass
class Case:
    """One hidden input for :func:`check_function`."""

    args: tuple
    kwargs: dict = field(default_factory=dict)
    description: str = ""


@dataclass
class Mistake:
    """A known wrong way to do it: if the learner's output equals ``wrong(*args, **kwargs)``, show ``hint``."""

    wrong: Callable
    hint: str


def is_unanswered(value) -> bool:
    """``...`` (the placeholder in exercise cells) means the learner has not answered yet."""
    if value is Ellipsis:
        return True
    if isinstance(value, (tuple, list)):
        return any(v is Ellipsis for v in value)
    return False


def _emit(name, passed, attempted, text) -> CheckResult:
    symbol = PASS if passed else (FAIL if attempted else TODO)
    message = f"{symbol} {name}: {text}"
    print(message)
    return CheckResult(name, passed, attempted, message)


def _not_attempted(name, what: str | None = None) -> CheckResult:
    if what is None:
        what = _("replace the `...` with your answer and run the cell again")
    return _emit(name, False, False, _("not attempted yet: {what}.").format(what=what))


def _correct_text(explanation) -> str:
    """'correct.' followed by the worked solution, if any (no space after a full-width period)."""
    text = _("correct.")
    if explanation:
        text += ("" if text.endswith("。") else " ") + translated(explanation)
    return text


def _fmt(value) -> str:
    return safe_repr(value)


def _close(a, b, rtol, atol) -> bool:
    try:
        if isinstance(a, (bool, np.bool_)) != isinstance(b, (bool, np.bool_)):
            return False
        if isinstance(b, (tuple, list)):
            if not isinstance(a, (tuple, list, np.ndarray)) or len(a) != len(b):
                return False
            return all(_close(x, y, rtol, atol) for x, y in zip(a, b))
        if isinstance(b, str):
            return isinstance(a, str) and a.strip().lower() == b.strip().lower()
        if isinstance(b, (bool, np.bool_)):
            return isinstance(a, (bool, np.bool_)) and bool(a) == bool(b)
        a_arr, b_arr = np.asarray(a), np.asarray(b)
        if a_arr.shape != b_arr.shape:
            return False
        if not (np.issubdtype(a_arr.dtype, np.number) or a_arr.dtype == np.bool_):
            return False
        return bool(np.allclose(a_arr, b_arr, rtol=rtol, atol=atol))
    except Exception:
        return False


def _lookup_hint(hints, answer, expected):
    """``hints`` maps common wrong answers to hints, or is a callable (answer, expected) -> str | None."""
    if hints is None:
        return None
    if callable(hints):
        try:
            return hints(answer, expected)
        except Exception:
            return None
    for wrong, hint in hints.items() if isinstance(hints, dict) else hints:
        if _close(answer, wrong, 1e-9, 1e-12):
            return hint
    return None


def check_value(
    answer, expected, *, name="answer", hints=None, rtol=1e-6, atol=1e-9, explanation: str | None = None
) -> CheckResult:
    """Check a number, string, tuple or list against ``expected``.

    hints : {wrong_answer: hint} for common mistakes, or a callable
        ``(answer, expected) -> hint or None``.
    explanation : shown after a correct answer (the worked solution).
    """
    if is_unanswered(answer):
        return _not_attempted(name)
    problem = value_problem(answer, expected, rtol, atol)
    if problem is None:
        return _emit(name, True, True, _correct_text(explanation))
    hint = _lookup_hint(hints, answer, expected)
    text = _("not yet. You gave {answer}").format(answer=_fmt(answer))
    if problem:
        text += _(", {problem}").format(problem=problem)
    return _emit(name, False, True, join_hint(text, hint))


def describe_shape_difference(got: tuple, expected: tuple) -> str:
    """'your output is 2 rows short and 1 column too many' for (…, H, W) shapes.

    The same sizes in another order are named as such (an axis in the wrong place, e.g. channels
    last instead of first), not as rows and columns.
    """
    if len(got) != len(expected):
        return _(
            "your output has shape {got} (rank {rank}) but should have shape {expected} (rank {expected_rank})"
        ).format(got=got, rank=len(got), expected=expected, expected_rank=len(expected))
    head = _("your output has shape {got}, expected {expected}: ").format(got=got, expected=expected)
    if sorted(got) == sorted(expected):
        return head + _(
            "the same sizes in another order, so an axis is in the wrong place (np.transpose / np.moveaxis)"
        )
    parts = []
    if len(got) >= 2:
        for axis, (short, many) in (
            (-2, (_("{n} row(s) short"), _("{n} row(s) too many"))),
            (-1, (_("{n} column(s) short"), _("{n} column(s) too many"))),
        ):
            diff = got[axis] - expected[axis]
            if diff:
                if get_language() == "en":
                    unit = ("row" if axis == -2 else "column") + ("s" if abs(diff) != 1 else "")
                    parts.append(f"{abs(diff)} {unit} {'short' if diff < 0 else 'too many'}")
                else:
                    parts.append((short if diff < 0 else many).format(n=abs(diff)))
        if got[:-2] != expected[:-2]:
            parts.append(_("leading axes {got} instead of {expected}").format(got=got[:-2], expected=expected[:-2]))
    else:
        parts.append(
            _("length {got} instead of {expected}").format(
                got=got[0] if got else 0, expected=expected[0] if expected else 0
            )
        )
    return head + _(" and ").join(parts)


def _array_problem(answer, expected, rtol, atol, shape_hint, show_expected=True):
    """None when equal, else a sentence saying what differs.

    show_expected=False (an answer typed by hand): the wrong positions only, not the expected values.
    """
    if answer is None:
        return _("your code returned None: did you forget the `return`?")
    try:
        got = np.asarray(answer)
    except Exception:
        return _("your answer {type} could not be read as an array").format(type=type(answer).__name__)
    exp = np.asarray(expected)
    if got.dtype == object or not (np.issubdtype(got.dtype, np.number) or got.dtype == np.bool_):
        return _("your answer is not a numeric array (dtype {dtype})").format(dtype=got.dtype)
    if got.shape != exp.shape:
        text = describe_shape_difference(got.shape, exp.shape)
        if shape_hint:
            extra = shape_hint(got.shape, exp.shape) if callable(shape_hint) else shape_hint
            if extra:
                extra = translated(str(extra).strip())
                text = join_hint(text, extra)
        return text
    if np.iscomplexobj(got) and not np.iscomplexobj(exp):
        return _("your output has complex values; the answer is real")
    if not np.all(np.isfinite(got.astype(float))) and np.all(np.isfinite(exp.astype(float))):
        return _("your output contains nan or inf")
    if np.allclose(got, exp, rtol=rtol, atol=atol):
        return None
    wrong = np.argwhere(~np.isclose(got, exp, rtol=rtol, atol=atol))
    first = tuple(int(i) for i in wrong[0])
    if not show_expected:
        where = ", ".join(str(tuple(int(i) for i in w)) for w in wrong[:4]) + (", …" if len(wrong) > 4 else "")
        text = _("the shape {shape} is right, but {wrong} of {size} values differ, at index {where}").format(
            shape=got.shape, wrong=len(wrong), size=exp.size, where=where
        )
    else:
        text = _(
            "the shape {shape} is right, but {wrong} of {size} values differ; the first at "
            "index {first}: yours {yours}, expected {expected}"
        ).format(
            shape=got.shape,
            wrong=len(wrong),
            size=exp.size,
            first=first,
            yours=_fmt(got[first]),
            expected=_fmt(exp[first]),
        )
    if (
        got.ndim >= 2
        and got.shape[-1] == got.shape[-2]
        and np.allclose(np.swapaxes(got, -1, -2), exp, rtol=rtol, atol=atol)
    ):
        text += _(
            ". Your array is the answer transposed (rows and columns swapped): the output is filled row by row, "
            "out[i, j] with i the row (down) and j the column (across)"
        )
    elif (
        np.issubdtype(got.dtype, np.integer)
        and np.issubdtype(exp.dtype, np.floating)
        and not np.array_equal(exp, np.round(exp))
    ):  # only when the answer has fractions an integer array could not hold
        text += _(
            ". Your array has the integer dtype {dtype}, which cuts off fractions (5.5 becomes 5): "
            "create the output with dtype=float, e.g. np.zeros(shape)"
        ).format(dtype=got.dtype)
    return text


def check_array(
    answer,
    expected,
    *,
    name="answer",
    hints=None,
    shape_hint=None,
    rtol=1e-6,
    atol=1e-9,
    explanation: str | None = None,
) -> CheckResult:
    """Check an array; a wrong shape is explained in rows and columns.

    shape_hint : a string, or a callable (got_shape, expected_shape) -> str, added
        when the shape is wrong (e.g. "did you forget the padding?").
    """
    if is_unanswered(answer):
        return _not_attempted(name)
    problem = _array_problem(answer, expected, rtol, atol, shape_hint, show_expected=False)
    if problem is None:
        return _emit(name, True, True, _correct_text(explanation))
    hint = _lookup_hint(hints, answer, expected)
    return _emit(name, False, True, join_hint(_("not yet: {problem}").format(problem=problem), hint))
