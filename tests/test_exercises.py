"""helpers.exercises: the checks learners see, and every registered exercise's own answer."""

import numpy as np
import pytest

from helpers import conv2d_naive
from helpers.exercises import (
    _REGISTRY,
    Case,
    Mistake,
    check,
    check_array,
    check_function,
    check_value,
    describe_shape_difference,
    exercise_ids,
)
from helpers.exercises.answers import reveal


def test_value_pass_fail_hint_and_unanswered(capsys):
    assert check_value(5, 5, name="q", explanation="O = 7 - 3 + 1.")
    assert "✓ q: correct. O = 7 - 3 + 1." in capsys.readouterr().out
    result = check_value(7, 5, name="q", hints={7: "that is the input size"})
    out = capsys.readouterr().out
    assert not result and result.attempted
    assert "✗ q: not yet. You gave 7. Hint: that is the input size" in out
    result = check_value(..., 5, name="q")
    assert not result and not result.attempted
    assert "… q: not attempted yet" in capsys.readouterr().out
    assert check_value((..., 3), (2, 3), name="pair").attempted is False


def test_value_tuples_and_tolerance(capsys):
    assert check_value((16, 16), (16, 16))
    assert check_value([16, 16], (16, 16))
    assert not check_value((16, 15), (16, 16))
    assert check_value(0.1 + 0.2, 0.3)
    assert not check_value(2.5, 3, name="n")
    assert "whole number" in capsys.readouterr().out


def test_array_shape_hint(capsys):
    result = check_array(np.zeros((3, 4)), np.zeros((5, 5)), name="out", shape_hint="did you forget the padding?")
    out = capsys.readouterr().out
    assert not result
    assert "2 rows short and 1 column short" in out and "did you forget the padding?" in out
    check_array(np.ones((2, 2)), np.zeros((2, 2)))
    assert "4 of 4 values differ" in capsys.readouterr().out
    assert check_array(np.eye(2), np.eye(2))


def test_describe_shape_difference():
    assert describe_shape_difference((1, 3, 6, 6), (1, 3, 4, 4)).endswith("2 rows too many and 2 columns too many")
    assert "rank 2" in describe_shape_difference((4, 4), (1, 4, 4))


def flipped(x, w):
    return conv2d_naive(x, w[::-1, ::-1])


CASES = [
    Case((np.arange(16.0).reshape(4, 4), np.array([[1.0, 2], [3, 4]])), description="4×4 input, 2×2 kernel"),
    Case((np.arange(30.0).reshape(5, 6), np.array([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]))),
]


def test_function_pass_and_mistake_hint(capsys):
    assert check_function(conv2d_naive, conv2d_naive, CASES, name="conv")
    assert "correct on all 2 hidden cases" in capsys.readouterr().out
    result = check_function(
        flipped, conv2d_naive, CASES, name="conv", mistakes=[Mistake(flipped, "you flipped the kernel")]
    )
    assert not result and "Hint: you flipped the kernel" in capsys.readouterr().out


def test_function_not_attempted_and_errors_without_traceback(capsys):
    def todo(x, w):
        raise NotImplementedError

    def broken(x, w):
        y = x[100, 100]
        return y

    def no_return(x, w):
        x * 2

    assert not check_function(todo, conv2d_naive, CASES).attempted
    assert "not attempted yet" in capsys.readouterr().out
    result = check_function(broken, conv2d_naive, CASES, name="conv")
    out = capsys.readouterr().out
    assert result.attempted and not result
    assert "IndexError" in out and "hidden case 1 of 2 (4×4 input, 2×2 kernel)" in out
    assert "y = x[100, 100]" in out, "names the learner's line"
    assert "Traceback" not in out
    check_function(no_return, conv2d_naive, CASES)
    assert "forget the `return`" in capsys.readouterr().out


def test_learner_cannot_corrupt_hidden_cases():
    def mutating(x, w):
        x[...] = 0
        return conv2d_naive(x, w)

    check_function(mutating, conv2d_naive, CASES)
    assert CASES[0].args[0].sum() == 120


def test_choose_falls_back_to_reference(capsys):
    failed = check_value(..., 1, name="q")
    assert failed.choose("mine", "reference") == "reference"
    assert "reference version of q" in capsys.readouterr().out
    assert check_value(1, 1).choose("mine", "reference") == "mine"


def test_unknown_exercise_suggests_close_name(capsys):
    result = check("start_output_sid", 5)
    assert not result and "Did you mean 'start_output_side'" in capsys.readouterr().out


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_every_registered_exercise_accepts_its_own_answer(exercise_id, capsys):
    """The reference passes its own hidden cases; the expected value passes; `...` is 'not attempted'."""
    ex = _REGISTRY[exercise_id]
    if ex.kind == "function":
        cases = ex.cases()
        if any(c.args or c.kwargs for c in cases):  # (a zero-argument builder has one natural case)
            assert len(cases) >= 3, "a function exercise is tried on several hidden cases"
        assert check(exercise_id, ex.reference), capsys.readouterr().out
    else:
        expected = reveal(exercise_id)
        assert check(exercise_id, expected), capsys.readouterr().out
    assert not check(exercise_id, ...).attempted
