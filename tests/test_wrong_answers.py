"""Every registered exercise against the generic wrong answers and its own catalogue of mistakes.

For each exercise: the expected answer passes; every generic wrong answer (off by one, ± 2 when the
answer is >= 1000, a float / str / None / NaN / complex / bool / function in place of a value, a
transposed, reshaped or shortened array, a tuple of the wrong length; for functions: one that raises,
returns None, mutates its input, loops forever or hard-codes the visible example) is "not yet" without a
traceback; and every entry of the exercise's catalogue (``hints`` of a value exercise, ``mistakes`` of a
function exercise, ``wrong_answers`` of a structure exercise) earns its own hint.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.exercises import _REGISTRY, check, exercise_ids
from helpers.exercises.answers import reveal
from helpers.exercises.time_limit import get_time_limit, set_time_limit

TALLY = {"exercises": 0, "wrong": 0, "accepted": 0, "tracebacks": 0}


@pytest.fixture(autouse=True)
def short_time_limit():
    before = get_time_limit()
    set_time_limit(0.3)
    yield
    set_time_limit(before)


def _run(exercise_id, answer, capsys):
    """check(...) must return a CheckResult, print one line and never raise."""
    try:
        result = check(exercise_id, answer)
    except Exception as exc:  # pragma: no cover - this is the failure being tested for
        TALLY["tracebacks"] += 1
        raise AssertionError(f"{exercise_id}: check raised {type(exc).__name__}: {exc}") from exc
    out = capsys.readouterr().out
    assert "Traceback" not in out
    return result, out


def _generic_value_wrongs(expected):
    """(label, wrong answer) pairs for a value expected answer."""
    wrongs = [
        ("None", None),
        ("a string", str(expected)),
        ("a function", lambda: expected),
        ("complex", 1 + 2j),
        ("NaN", math.nan),
        ("True", True),
        ("False", False),
    ]
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        wrongs += [("plus one", expected + 1), ("minus one", expected - 1), ("as float", float(expected))]
        wrongs += [("digits string", f"{expected}")]
        if abs(expected) >= 1000:
            wrongs += [("plus two", expected + 2), ("minus two", expected - 2)]
    elif isinstance(expected, float):
        wrongs += [("ten percent off", expected * 1.1 + 0.1), ("negated", -expected - 1)]
    elif isinstance(expected, (tuple, list)):
        items = list(expected)
        wrongs += [
            ("one item short", tuple(items[:-1])),
            ("one item too many", tuple(items + [1])),
            ("first item off by one", tuple([items[0] + 1] + items[1:])),
            ("as floats with fractions", tuple(v + 0.9 for v in items)),
            ("as a string of digits", "".join(str(v) for v in items)),
            ("as a string tuple", str(tuple(items))),
            ("a list of None", [None] * len(items)),
        ]
        if items != items[::-1]:
            wrongs.append(("reversed", tuple(items[::-1])))
    elif isinstance(expected, np.ndarray):
        wrongs += [
            ("plus one", expected + 1),
            ("reshaped flat", expected.ravel()),
            ("one row short", expected[:-1]),
            ("complex", expected + 1j),
            ("a list of strings", [[str(v) for v in row] for row in expected.tolist()]),
        ]
        if not np.array_equal(expected, expected.T):
            wrongs.append(("transposed", expected.T))
    return wrongs


def _function_wrongs(ex):
    cases = ex.cases()
    first = cases[0]
    visible = ex.reference(*first.args, **first.kwargs)

    def raises(*args, **kwargs):
        raise ValueError("boom")

    def returns_none(*args, **kwargs):
        return None

    def loops(*args, **kwargs):
        while True:
            pass

    def exits(*args, **kwargs):
        raise SystemExit(1)

    def hard_coded(*args, **kwargs):
        return visible

    def mutates(*args, **kwargs):
        result = ex.reference(*args, **kwargs)
        for a in args:
            if isinstance(a, np.ndarray):
                a += 1
                break
        return result

    wrongs = [
        ("raises", raises, "raised ValueError"),
        ("returns None", returns_none, None),
        ("loops forever", loops, "endless loop?"),
        ("SystemExit", exits, "raised SystemExit"),
        ("returns a string", lambda *a, **k: "42", None),
        ("a value instead of a function", 5, "expected a function"),
    ]
    if len(cases) > 1 and any(not _same(ex.reference(*c.args, **c.kwargs), visible) for c in cases[1:]):
        wrongs.append(("hard-codes the visible example", hard_coded, None))
    if any(isinstance(a, np.ndarray) for a in first.args):
        wrongs.append(("mutates its input", mutates, "in place"))
    return wrongs


def _same(a, b) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except Exception:
        return False


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_exercise_rejects_every_wrong_answer(exercise_id, capsys):
    ex = _REGISTRY[exercise_id]
    TALLY["exercises"] += 1
    if ex.kind == "function":
        result, out = _run(exercise_id, ex.reference, capsys)
        assert result.passed, out
        tried = [(label, wrong, hint) for label, wrong, hint in _function_wrongs(ex)]
        tried += [(f"mistake {i}", m.wrong, m.hint) for i, m in enumerate(ex.mistakes)]
        tried += [(f"catalogue {i}", factory, hint) for i, (factory, hint) in enumerate(ex.wrong_answers)]
    else:
        expected = reveal(exercise_id)
        result, out = _run(exercise_id, expected, capsys)
        assert result.passed, out
        tried = [(label, wrong, None) for label, wrong in _generic_value_wrongs(expected)]
        hints = ex.hints.items() if isinstance(ex.hints, dict) else ()
        tried += [(f"catalogue {wrong!r}", wrong, hint) for wrong, hint in hints]
    for label, wrong, hint in tried:
        TALLY["wrong"] += 1
        result, out = _run(exercise_id, wrong, capsys)
        if result.passed:
            TALLY["accepted"] += 1
        assert not result.passed, f"{exercise_id}: the wrong answer '{label}' was accepted: {out}"
        assert result.attempted, f"{exercise_id}: '{label}' was reported as not attempted: {out}"
        assert out.count("Hint:") <= 1 and ".." not in out.replace("...", "").replace("..", "", 0), out
        assert len(out) < 1200, f"{exercise_id}: '{label}' printed {len(out)} characters"
        if hint:
            assert hint.strip().rstrip(".").lower() in out.lower(), f"{exercise_id}: '{label}' lacks its hint: {out}"


def test_report_counts():
    """Runs last (file order): the counts the issue asks for, printed with -s."""
    print(f"\nwrong-answer test: {TALLY}")
    assert TALLY["accepted"] == 0 and TALLY["tracebacks"] == 0
