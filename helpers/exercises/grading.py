"""Autograder-side checks: a bool that an ``assert`` can fail on, for nbgrader's test cells.

``check()`` prints feedback and never raises, so a cell that only calls it can never fail; nbgrader
marks a test cell wrong only when it raises. The test cells written by ``tools/make_nbgrader.py`` say::

    assert passes("conv2d_loops", my_conv2d)            # the hidden cases of helpers.exercises
    ### BEGIN HIDDEN TESTS
    assert passes_hidden("conv2d_loops", my_conv2d)     # variants of them the release never shows
    ### END HIDDEN TESTS
"""

from __future__ import annotations

import contextlib
import io

import numpy as np

from . import _REGISTRY, _load_banks, check
from .core import Case
from .forbid import forbidden_for
from .functions import check_function

__all__ = ["passes", "passes_hidden", "hidden_cases"]


def passes(exercise_id: str, answer) -> bool:
    """True when ``check(exercise_id, answer)`` says correct (its printout is suppressed)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return bool(check(exercise_id, answer).passed)


def _variant(value, position: int, has_arrays: bool):
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating):
        return value * -1.5 + 0.25
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.integer):
        return value * 2 - 1
    if not has_arrays and position == 0 and isinstance(value, int) and not isinstance(value, bool):
        return value + 3
    return value


def hidden_cases(exercise_id: str) -> list[Case]:
    """New cases derived from a function exercise's cases (other numbers, the same shapes)."""
    _load_banks()
    ex = _REGISTRY[exercise_id]
    if ex.kind != "function":
        return []
    assert ex.reference is not None and ex.cases is not None  # every function exercise has both
    out = []
    for case in ex.cases():
        has_arrays = any(isinstance(a, np.ndarray) for a in case.args)
        args = tuple(_variant(a, i, has_arrays) for i, a in enumerate(case.args))
        new = Case(args, dict(case.kwargs), description=f"a variant of: {case.description}".rstrip(": "))
        if not args:
            continue
        try:
            ex.reference(*new.args, **new.kwargs)
        except Exception:
            continue
        out.append(new)
    return out


def passes_hidden(exercise_id: str, answer) -> bool:
    """True when ``answer`` passes the exercise and the variants of :func:`hidden_cases` too."""
    if not passes(exercise_id, answer):
        return False
    cases = hidden_cases(exercise_id)
    if not cases:
        return True
    ex = _REGISTRY[exercise_id]
    with contextlib.redirect_stdout(io.StringIO()):
        result = check_function(
            answer,
            ex.reference,
            cases,
            name=exercise_id,
            mistakes=(),
            rtol=ex.rtol,
            atol=ex.atol,
            compare=ex.compare,
            forbidden=forbidden_for(ex.id, ex.forbidden),
            forbidden_hint=ex.forbidden_hint,
        )
    return bool(result.passed)
