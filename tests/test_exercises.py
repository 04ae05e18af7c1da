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
from helpers.exercises.forbid import trusting_the_grader


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
        with trusting_the_grader():  # the banks' own functions are forbidden to learners, not to this test
            assert check(exercise_id, ex.reference), capsys.readouterr().out
    else:
        expected = reveal(exercise_id)
        assert check(exercise_id, expected), capsys.readouterr().out
    assert not check(exercise_id, ...).attempted


# ------------------------------------------------------------ issue 13: each finding, impossible now


@pytest.mark.parametrize(
    "exercise_id, answer, says",
    [
        ("fc_params_28", 2712958, "You gave 2712958"),
        ("fc_params_28", 2712962, "You gave 2712962"),
        ("fc_params_28", 2712960.0, "give it as an int"),
        ("fc_params_28", True, "True/False"),
        ("fc_params_28", "2712960", "without quotes"),
        ("fc_params_28", None, "None"),
        ("fc_params_28", float("nan"), "NaN"),
        ("fc_params_28", 5j, "complex"),
        ("fc_params_28", len, "a function"),
        ("corner_visits", (1, 9, 9), "the answer has 2"),
        ("corner_visits", "(1, 9)", "without quotes"),
        ("stride_positions", [0.0, 3, 6], "whole number"),
    ],
)
def test_exact_checks_refuse_near_misses_and_wrong_types(exercise_id, answer, says, capsys):
    result = check(exercise_id, answer)
    out = capsys.readouterr().out
    assert not result.passed and result.attempted and says in out, out
    assert out.count("Hint:") <= 1 and ".." not in out.replace("...", "")


def test_range_equal_to_the_answer_passes(capsys):
    assert check("stride_positions", range(0, 9, 3))
    assert check("stride_window_starts", lambda n, k, s=1, d=1: range(0, n - d * (k - 1), s))


@pytest.mark.parametrize("wrong", [lambda *a, **k: [0.9, 2.9, 4.9], lambda *a, **k: "024", lambda *a, **k: [True]])
def test_window_starts_are_compared_exactly(wrong, capsys):
    assert not check("stride_window_starts", wrong)


def _model_without(kind):
    from helpers.exercises.bank_inside import _fixed_digit_net, _without

    return _without(_fixed_digit_net(), kind)


def test_fix_the_digit_net_checks_the_layers_not_only_shapes(capsys):
    # without its ReLU layers the network's shapes still fit: only the layer check can reject it
    assert _model_without("ReLU").summary((1, 28, 28)).error is None
    assert not check("fix_the_digit_net", lambda: _model_without("ReLU"))
    assert "the layers differ" in capsys.readouterr().out


def test_empty_model_and_broken_repr_and_huge_answers_are_one_line(capsys):
    from helpers.model import Sequential

    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

    assert not check("fix_the_digit_net", lambda: Sequential())
    assert not check("fc_params_28", Broken())
    assert not check("pool_by_hand", np.zeros(10**6))
    assert not check("stride_positions", list(range(10**6)))
    out = capsys.readouterr().out
    assert "Traceback" not in out and len(out) < 3000, len(out)


def test_endless_loop_and_system_exit_are_reported_and_keyboard_interrupt_propagates(capsys):
    from helpers.exercises.time_limit import get_time_limit, set_time_limit

    def endless(*args, **kwargs):
        while True:
            pass

    def leaves(*args, **kwargs):
        raise SystemExit(3)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    before = get_time_limit()
    set_time_limit(0.2)
    try:
        assert not check("output_size_function", endless)
        assert "took longer than 0.2 s: an endless loop?" in capsys.readouterr().out
    finally:
        set_time_limit(before)
    assert get_time_limit() == before == 10.0
    assert not check("output_size_function", leaves)
    assert "SystemExit" in capsys.readouterr().out
    with pytest.raises(KeyboardInterrupt):
        check("output_size_function", interrupted)
    with pytest.raises(ValueError, match="positive number"):
        set_time_limit(0)


def test_a_slow_but_right_function_says_once_that_the_check_is_still_running(capsys, monkeypatch):
    import time

    from helpers.exercises import _REGISTRY, functions

    monkeypatch.setattr(functions, "SLOW_SECONDS", 0.05)  # 5 s in class; shortened so the test is fast
    reference = _REGISTRY["output_size_function"].reference

    def slow(*args, **kwargs):
        time.sleep(0.03)
        return reference(*args, **kwargs)

    assert check("output_size_function", slow)
    out = capsys.readouterr().out
    assert out.count("still checking") == 1 and "your function is slow; the limit is 10 s per case" in out, out
    assert out.strip().splitlines()[-1].startswith("✓"), out
    assert check("output_size_function", reference)
    assert "still checking" not in capsys.readouterr().out


def test_a_function_that_changes_its_input_is_not_yet(capsys):
    def pads_in_place(x, p):
        x += 1
        return np.pad(x - 1, p)

    assert not check("pad_zeros", pads_in_place)
    assert "in place" in capsys.readouterr().out


def test_specific_hints_fit_the_mistake(capsys):
    import math

    from helpers.exercises.bank_cnn import _linear_backward

    check(
        "output_size_function",
        lambda i, k, stride=1, padding=0, dilation=1: (
            math.floor((i + 2 * padding - dilation * (k - 1) - 1) / stride) + 1.0
        ),
    )
    out = capsys.readouterr().out
    assert "round()" not in out and "float" in out

    def averaged(dout, x, W):
        dx, dW, db = _linear_backward(dout, x, W)
        return dx, dW / x.shape[0], db

    check("linear_backward", averaged)
    out = capsys.readouterr().out
    assert "do not average" in out and "transpose" not in out

    def pad_slice(x, p):
        out = np.zeros((x.shape[0] + 2 * p, x.shape[1] + 2 * p), dtype=x.dtype)
        out[p:-p, p:-p] = x
        return out

    check("pad_zeros", pad_slice)
    assert "out[p:p + H, p:p + W]" in capsys.readouterr().out
    check("channels_weights_to_tf", lambda w: w)
    out = capsys.readouterr().out
    assert "another order" in out and "row" not in out.split("Hint")[0]


def test_expected_answers_are_not_one_attribute_away():
    from helpers.exercises import _REGISTRY, exercise_ids

    for eid in exercise_ids():
        ex = _REGISTRY[eid]
        if ex.kind != "function":
            assert "hidden" in repr(ex.expected) and not callable(ex.expected)
            shown = repr(reveal(eid))
            assert len(shown) < 3 or (shown not in repr(ex) and shown not in str(ex.explanation)), eid


def test_nbgrader_test_cells_fail_on_a_wrong_answer_and_pass_on_the_right_one():
    """The assert of each autograded cell written by tools/make_nbgrader.py (no nbgrader needed)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / "make_nbgrader.py"
    spec = importlib.util.spec_from_file_location("make_nbgrader", path)
    mn = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mn)
    assert mn.checked_answers('for e, a in [("exam_alexnet", q1), ("exam_flatten", q6)]:\n    check(e, a)') == [
        ("exam_alexnet", "q1"),
        ("exam_flatten", "q6"),
    ]
    from helpers.exercises.bank_output_size import _out_size

    cases = [
        ("fc_params_28", "value", reveal("fc_params_28"), 2712958),
        ("output_size_function", "function", _out_size, lambda *a, **k: 0),
    ]
    for exercise_id, kind, right, wrong in cases:
        code = mn.test_source(exercise_id, "answer", kind)
        assert ("BEGIN HIDDEN TESTS" in code) == (kind == "function")
        exec(code, {"answer": right})  # noqa: S102 - our own generated test cell
        with pytest.raises(AssertionError):
            exec(code, {"answer": wrong})  # noqa: S102
        with pytest.raises(AssertionError):
            exec(code, {"answer": ...})  # noqa: S102 - a blank submission scores 0


def test_hidden_variant_cases_catch_a_function_that_knows_only_the_visible_cases():
    from helpers.exercises import _REGISTRY
    from helpers.exercises.bank_output_size import _out_size
    from helpers.exercises.grading import hidden_cases, passes, passes_hidden

    known = {
        (c.args, tuple(sorted(c.kwargs.items()))): _out_size(*c.args, **c.kwargs)
        for c in _REGISTRY["output_size_function"].cases()
    }

    def lookup(*args, **kwargs):
        return known.get((args, tuple(sorted(kwargs.items()))), 0)

    assert hidden_cases("output_size_function")
    assert passes("output_size_function", lookup) and not passes_hidden("output_size_function", lookup)


def test_wrong_type_sentences_use_the_right_article_and_a_plain_tuple_example():
    from helpers.exercises.compare import value_problem

    assert value_problem(0, (50, 8)) == "an int: give a tuple of 2 values, like (…, …)"
    assert value_problem(np.zeros(3), 5) == "an ndarray: give a whole number (an int)"
    assert value_problem([1], "relu") == "a list: give the text in quotes"
    assert value_problem(2, (7,)).endswith("like (…,)")
