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
        print(f"   (cells below use the reference version of {self.name} until yours passes)")
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


def _not_attempted(name, what="replace the `...` with your answer and run the cell again") -> CheckResult:
    return _emit(name, False, False, f"not attempted yet: {what}.")


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
        text = "correct."
        if explanation:
            text += f" {explanation}"
        return _emit(name, True, True, text)
    hint = _lookup_hint(hints, answer, expected)
    text = f"not yet. You gave {_fmt(answer)}"
    if problem:
        text += f", {problem}"
    return _emit(name, False, True, join_hint(text, hint))


def describe_shape_difference(got: tuple, expected: tuple) -> str:
    """'your output is 2 rows short and 1 column too many' for (…, H, W) shapes.

    The same sizes in another order are named as such (an axis in the wrong place, e.g. channels
    last instead of first), not as rows and columns.
    """
    if len(got) != len(expected):
        return f"your output has shape {got} (rank {len(got)}) but should have shape {expected} (rank {len(expected)})"
    head = f"your output has shape {got}, expected {expected}: "
    if sorted(got) == sorted(expected):
        return head + "the same sizes in another order, so an axis is in the wrong place (np.transpose / np.moveaxis)"
    parts = []
    if len(got) >= 2:
        for axis, unit in ((-2, "row"), (-1, "column")):
            diff = got[axis] - expected[axis]
            if diff:
                units = unit + ("s" if abs(diff) != 1 else "")
                parts.append(f"{abs(diff)} {units} {'short' if diff < 0 else 'too many'}")
        if got[:-2] != expected[:-2]:
            parts.append(f"leading axes {got[:-2]} instead of {expected[:-2]}")
    else:
        parts.append(f"length {got[0] if got else 0} instead of {expected[0] if expected else 0}")
    return head + " and ".join(parts)


def _array_problem(answer, expected, rtol, atol, shape_hint):
    """None when equal, else a sentence saying what differs."""
    if answer is None:
        return "your code returned None: did you forget the `return`?"
    try:
        got = np.asarray(answer)
    except Exception:
        return f"your answer {type(answer).__name__} could not be read as an array"
    exp = np.asarray(expected)
    if got.dtype == object or not (np.issubdtype(got.dtype, np.number) or got.dtype == np.bool_):
        return f"your answer is not a numeric array (dtype {got.dtype})"
    if got.shape != exp.shape:
        text = describe_shape_difference(got.shape, exp.shape)
        if shape_hint:
            extra = shape_hint(got.shape, exp.shape) if callable(shape_hint) else shape_hint
            if extra:
                extra = str(extra).strip()
                text = join_hint(text, extra)
        return text
    if np.iscomplexobj(got) and not np.iscomplexobj(exp):
        return "your output has complex values; the answer is real"
    if not np.all(np.isfinite(got.astype(float))) and np.all(np.isfinite(exp.astype(float))):
        return "your output contains nan or inf"
    if np.allclose(got, exp, rtol=rtol, atol=atol):
        return None
    wrong = np.argwhere(~np.isclose(got, exp, rtol=rtol, atol=atol))
    first = tuple(int(i) for i in wrong[0])
    text = (
        f"the shape {got.shape} is right, but {len(wrong)} of {exp.size} values differ; the first at "
        f"index {first}: yours {_fmt(got[first])}, expected {_fmt(exp[first])}"
    )
    if (
        got.ndim >= 2
        and got.shape[-1] == got.shape[-2]
        and np.allclose(np.swapaxes(got, -1, -2), exp, rtol=rtol, atol=atol)
    ):
        text += (
            ". Your array is the answer transposed (rows and columns swapped): the output is filled row by row, "
            "out[i, j] with i the row (down) and j the column (across)"
        )
    elif (
        np.issubdtype(got.dtype, np.integer)
        and np.issubdtype(exp.dtype, np.floating)
        and not np.array_equal(exp, np.round(exp))
    ):  # only when the answer has fractions an integer array could not hold
        text += (
            f". Your array has the integer dtype {got.dtype}, which cuts off fractions (5.5 becomes 5): "
            "create the output with dtype=float, e.g. np.zeros(shape)"
        )
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
    problem = _array_problem(answer, expected, rtol, atol, shape_hint)
    if problem is None:
        return _emit(name, True, True, "correct." + (f" {explanation}" if explanation else ""))
    hint = _lookup_hint(hints, answer, expected)
    return _emit(name, False, True, join_hint(f"not yet: {problem}", hint))
