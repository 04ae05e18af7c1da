"""Self-checking exercises: the one way every notebook checks a learner's answer.

In a notebook::

    from helpers.exercises import check
    check("conv2d_loops", my_conv2d)      # a registered exercise, hidden cases inside helpers
    check("corner_visits", answer)

or, for a one-off question, the generic checks :func:`check_value`,
:func:`check_array` and :func:`check_function`.

Exercises are registered by the ``bank_*.py`` modules in this package (one per
notebook topic); they are imported the first time :func:`check` is called.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _, translated
from .answers import open_sealed, seal
from .core import (
    Case,
    CheckResult,
    Mistake,
    check_array,
    check_value,
    describe_shape_difference,
    is_unanswered,
)
from .forbid import forbid_also, forbidden_for
from .functions import check_function

__all__ = [
    "Case",
    "CheckResult",
    "Mistake",
    "Exercise",
    "check",
    "check_value",
    "check_array",
    "check_function",
    "forbid_also",
    "register",
    "exercise_ids",
    "describe_shape_difference",
    "is_unanswered",
]


@dataclass
class Exercise:
    """A registered exercise.

    kind : "value", "array" or "function"
    expected : the answer (value/array kinds), or a zero-argument callable returning it
    reference, cases : for "function": the correct implementation and a callable returning hidden Cases
    """

    id: str
    kind: str
    expected: Any = None
    reference: Callable | None = None
    cases: Callable[[], Sequence[Case]] | None = None
    mistakes: Sequence[Mistake] = ()
    hints: Any = field(default=None, repr=False)  # hints may name the answer
    shape_hint: Any = None
    explanation: Any = field(default=None, repr=False)  # sealed by register(): it states the answer
    rtol: float = 1e-6
    atol: float = 1e-9
    compare: Callable | None = None
    title: str = field(default="")
    error_hints: Callable | None = None  # (exception, case) -> hint for a known error, e.g. out[p:-p] at p = 0
    wrong_answers: Sequence[tuple[Any, str]] = ()  # (wrong answer, hint it earns) for structure exercises
    forbidden: Sequence[str] = ()  # library functions a function answer must not call ("helpers.conv.im2col")
    forbidden_hint: Any = None  # what to use instead, shown when the answer calls one of them


_REGISTRY: dict[str, Exercise] = {}
_loaded = False


def register(exercise: Exercise) -> Exercise:
    if exercise.kind not in ("value", "array", "function"):
        raise ValueError(f"register: kind must be 'value', 'array' or 'function', got {exercise.kind!r}")
    if exercise.id in _REGISTRY:
        raise ValueError(f"register: an exercise with id {exercise.id!r} exists already; ids must be unique")
    if exercise.kind != "function":
        exercise.expected = seal(exercise.expected)
    if exercise.explanation is not None:  # the worked solution states the answer
        exercise.explanation = seal(exercise.explanation)
    _REGISTRY[exercise.id] = exercise
    return exercise


def _load_banks():
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("bank_"):
            importlib.import_module(f"{__name__}.{module.name}")


def exercise_ids() -> list[str]:
    _load_banks()
    return sorted(_REGISTRY)


def check(exercise_id: str, answer) -> CheckResult:
    """Check ``answer`` for the registered exercise ``exercise_id`` and print ✓ / ✗ + hint / not attempted."""
    _load_banks()
    if exercise_id not in _REGISTRY:
        from difflib import get_close_matches

        close = get_close_matches(str(exercise_id), _REGISTRY, n=1)
        guess = _(" Did you mean {name!r}?").format(name=close[0]) if close else ""
        message = _("✗ check: there is no exercise called {exercise_id!r}.{guess}").format(
            exercise_id=exercise_id, guess=guess
        )
        print(message)
        return CheckResult(str(exercise_id), False, False, message)
    ex = _REGISTRY[exercise_id]
    name = translated(ex.title) if ex.title else ex.id
    try:
        return _check(ex, name, answer)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a last safety net: a learner never sees a traceback from a check
        message = _("✗ {name}: not yet: this answer could not be checked ({kind}). Check its type.").format(
            name=name, kind=type(exc).__name__
        )
        print(message)
        return CheckResult(name, False, True, message)


def _check(ex: Exercise, name: str, answer) -> CheckResult:
    if ex.kind == "function":
        assert ex.reference is not None and ex.cases is not None  # every function exercise has both
        return check_function(
            answer,
            ex.reference,
            ex.cases(),
            name=name,
            mistakes=ex.mistakes,
            shape_hint=ex.shape_hint,
            rtol=ex.rtol,
            atol=ex.atol,
            compare=ex.compare,
            error_hints=ex.error_hints,
            forbidden=forbidden_for(ex.id, ex.forbidden),
            forbidden_hint=ex.forbidden_hint,
        )
    expected = open_sealed(ex.expected)
    if ex.kind == "array":
        return check_array(
            answer,
            expected,
            name=name,
            hints=ex.hints,
            shape_hint=ex.shape_hint,
            rtol=ex.rtol,
            atol=ex.atol,
            explanation=open_sealed(ex.explanation),
        )
    return check_value(
        answer, expected, name=name, hints=ex.hints, rtol=ex.rtol, atol=ex.atol, explanation=open_sealed(ex.explanation)
    )
