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
from helpers.exercises.forbid import trusting_the_grader
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
        with trusting_the_grader():  # the banks' own functions are forbidden to learners only
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
        with trusting_the_grader():  # the wrong answers are built on the banks' own functions
            result, out = _run(exercise_id, wrong, capsys)
        if result.passed:
            TALLY["accepted"] += 1
        assert not result.passed, f"{exercise_id}: the wrong answer '{label}' was accepted: {out}"
        assert result.attempted, f"{exercise_id}: '{label}' was reported as not attempted: {out}"
        assert out.count("Hint:") <= 1 and ".." not in out.replace("...", "").replace("..", "", 0), out
        assert len(out) < 1200, f"{exercise_id}: '{label}' printed {len(out)} characters"
        if hint:
            assert hint.strip().rstrip(".").lower() in out.lower(), f"{exercise_id}: '{label}' lacks its hint: {out}"


# ------------------------------------------------------- answers that hand the exercise to the library


def _own_im2col(x, kernel_size, stride=1, padding=0):
    """A learner's im2col in numpy (notebook 06's solution): one window per row."""
    n, c, h, w = x.shape
    k, s, p = kernel_size, stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    rows = [
        xp[i, :, a * s : a * s + k, b * s : b * s + k].ravel() for i in range(n) for a in range(oh) for b in range(ow)
    ]
    return np.array(rows)


def _own_col2im(cols, x_shape, kernel_size, stride=1, padding=0):
    n, c, h, w = x_shape
    k, s, p = kernel_size, stride, padding
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    out = np.zeros((n, c, h + 2 * p, w + 2 * p))
    row = 0
    for i in range(n):
        for a in range(oh):
            for b in range(ow):
                out[i, :, a * s : a * s + k, b * s : b * s + k] += cols[row].reshape(c, k, k)
                row += 1
    return out[:, :, p : p + h, p : p + w]


def _own_conv_forward(x, W, b, stride=1, padding=0):
    import helpers

    n, _, h, w = x.shape
    f, _, k, _ = W.shape
    oh, ow = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    cols = helpers.im2col(x, k, stride, padding)  # allowed: the exercise builds on im2col
    return (cols @ W.reshape(f, -1).T + b).reshape(n, oh, ow, f).transpose(0, 3, 1, 2)


def _own_maxpool_forward(x, kernel_size=2, stride=2):
    import helpers

    n, c, h, w = x.shape
    k = kernel_size
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    col = helpers.im2col(x, k, stride).reshape(-1, k * k)  # allowed
    return col.max(axis=1).reshape(n, oh, ow, c).transpose(0, 3, 1, 2)


def _imports_inside(x, kernel_size, stride=1, padding=0):
    from helpers.conv import im2col

    return im2col(x, kernel_size, stride=stride, padding=padding)


def _hides_the_call(x, kernel_size, stride=1, padding=0):
    import helpers

    try:
        return helpers.im2col(x, kernel_size, stride, padding)
    except BaseException:  # the stub's exception swallowed: the recorded call still counts
        return _own_im2col(x, kernel_size, stride, padding)


def _windows_im2col(x, kernel_size, stride=1, padding=0):
    """A learner's im2col with numpy's sliding_window_view (allowed: it is numpy's, not the library's)."""
    from numpy.lib.stride_tricks import sliding_window_view

    n, c, h, w = x.shape
    k, s, p = kernel_size, stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    v = sliding_window_view(xp, (k, k), axis=(2, 3))[:, :, ::s, ::s][:, :, :oh, :ow]
    return v.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * k * k)


def _add_at_col2im(cols, x_shape, kernel_size, stride=1, padding=0):
    """A learner's col2im: its own index arithmetic, then np.add.at (allowed)."""
    n, c, h, w = x_shape
    k, s, p = kernel_size, stride, padding
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    nn, i, j, cc, u, v = np.indices((n, oh, ow, c, k, k)).reshape(6, -1)
    out = np.zeros((n, c, h + 2 * p, w + 2 * p))
    np.add.at(out, (nn, cc, i * s + u, j * s + v), cols.ravel())
    return out[:, :, p : p + h, p : p + w]


def _col2im_by_index_im2col(cols, x_shape, kernel_size, stride=1, padding=0):
    """Bypass: im2col of an array of cell numbers says where each entry goes; np.add.at does the rest."""
    import helpers

    n, c, h, w = x_shape
    p = padding
    hp, wp = h + 2 * p, w + 2 * p
    index = np.arange(n * c * hp * wp, dtype=float).reshape(n, c, hp, wp)
    where = helpers.im2col(index, kernel_size, stride, 0).astype(int)
    out = np.zeros(n * c * hp * wp)
    np.add.at(out, where.ravel(), cols.ravel())
    return out.reshape(n, c, hp, wp)[:, :, p : p + h, p : p + w]


def _col2im_by_numerical_gradient(cols, x_shape, kernel_size, stride=1, padding=0):
    """Bypass: col2im is the gradient of <im2col(x), cols> with respect to x."""
    import helpers
    from helpers.gradcheck import numerical_gradient

    x = np.zeros(x_shape)
    return numerical_gradient(lambda: float(np.sum(helpers.im2col(x, kernel_size, stride, padding) * cols)), x)


def _col2im_by_index_im2col_of(im2col):
    """col2im by np.add.at at the positions ``im2col`` of an array of cell numbers gives."""

    def answer(cols, x_shape, kernel_size, stride=1, padding=0):
        n, c, h, w = x_shape
        p = padding
        hp, wp = h + 2 * p, w + 2 * p
        index = np.arange(n * c * hp * wp, dtype=float).reshape(n, c, hp, wp)
        where = im2col(index, kernel_size, stride, 0).astype(int)
        out = np.zeros(n * c * hp * wp)
        np.add.at(out, where.ravel(), cols.ravel())
        return out.reshape(n, c, hp, wp)[:, :, p : p + h, p : p + w]

    return answer


def _im2col_by_grader_col2im(x, kernel_size, stride=1, padding=0):
    """Bypass: im2col as the gradient of <x, col2im(cols)>, column by column of one-hot cols (grader's col2im)."""
    from helpers.exercises import bank_fast_convolution

    n, c, h, w = x.shape
    oh, ow = (h + 2 * padding - kernel_size) // stride + 1, (w + 2 * padding - kernel_size) // stride + 1
    eye = np.eye(n * oh * ow * c * kernel_size**2)
    rows = [
        np.sum(x * bank_fast_convolution._col2im_np(e.reshape(n * oh * ow, -1), x.shape, kernel_size, stride, padding))
        for e in eye
    ]
    return np.array(rows).reshape(n * oh * ow, -1)


def _own_conv_backward(dout, x, W, stride=1, padding=0):
    """A learner's backward: im2col and col2im (allowed), the three gradients written out."""
    import helpers

    f, _, k, _ = W.shape
    cols = helpers.im2col(x, k, stride, padding)
    d = dout.transpose(0, 2, 3, 1).reshape(-1, f)
    dx = helpers.col2im(d @ W.reshape(f, -1), x.shape, k, stride, padding)
    return dx, (d.T @ cols).reshape(W.shape), dout.sum(axis=(0, 2, 3))


def _im2col_by_one_hot_filters(x, kernel_size, stride=1, padding=0):
    """Bypass: conv2d_naive with one one-hot filter per window cell copies the windows."""
    import helpers

    n, c, _, _ = x.shape
    k = kernel_size
    eye = np.eye(c * k * k).reshape(c * k * k, c, k, k)
    out = helpers.conv2d_naive(x, eye, np.zeros(c * k * k), stride, padding)  # (N, C·K·K, OH, OW)
    return out.transpose(0, 2, 3, 1).reshape(-1, c * k * k)


def _backward_by_numerical_gradient(conv):
    """Bypass: no backward pass, the numerical gradient of sum(conv(x, W) * dout) for dx and dW."""

    def answer(dout, x, W, stride=1, padding=0):
        from helpers.gradcheck import numerical_gradient

        def loss():
            return float(np.sum(conv(x, W, np.zeros(len(W)), stride, padding) * dout))

        dx = numerical_gradient(loss, x)
        dW = numerical_gradient(loss, W)
        return dx, dW, dout.sum(axis=(0, 2, 3))

    return answer


def _backward_by_conv_transpose(dout, x, W, stride=1, padding=0):
    """Bypass: dx as the transposed convolution the page demonstrates (dW, db written out)."""
    import helpers

    f, _, k, _ = W.shape
    cols = helpers.im2col(x, k, stride, padding)
    d = dout.transpose(0, 2, 3, 1).reshape(-1, f)
    dW = (d.T @ cols).reshape(W.shape)
    dx = helpers.conv_transpose2d(dout, W, stride=stride, padding=padding)
    return dx, dW, dout.sum(axis=(0, 2, 3))


def _delegating_answers():
    import helpers
    from helpers import col2im, conv2d, im2col, kernels, max_pool2d
    from helpers.conv import conv2d_naive
    from helpers.exercises import bank_backward, bank_fast_convolution
    from helpers.pool_kernels import maxpool_forward
    from helpers.pool_layers import MaxPool2D

    return {
        "fast_im2col": [
            ("helpers.im2col lambda", lambda *a, **k: helpers.im2col(*a, **k)),
            ("the notebook's im2col name", lambda *a, **k: im2col(*a, **k)),
            ("helpers.im2col itself", helpers.im2col),
            ("an import inside", _imports_inside),
            ("a try/except around it", _hides_the_call),
            ("conv2d_naive with one-hot filters", _im2col_by_one_hot_filters),
            ("the grader's _im2col_np", lambda *a, **k: bank_fast_convolution._im2col_np(*a, **k)),
            ("the grader's reference", _REGISTRY["fast_im2col"].reference),
            ("the adjoint of the grader's _col2im_np", _im2col_by_grader_col2im),
        ],
        "fast_col2im": [
            ("helpers.col2im lambda", lambda *a, **k: helpers.col2im(*a, **k)),
            ("the notebook's col2im name", lambda *a, **k: col2im(*a, **k)),
            ("im2col of an index array + np.add.at", _col2im_by_index_im2col),
            ("numerical_gradient of <im2col(x), cols>", _col2im_by_numerical_gradient),
            ("the grader's _col2im_np", lambda *a, **k: bank_fast_convolution._col2im_np(*a, **k)),
            ("the grader's reference", _REGISTRY["fast_col2im"].reference),
            ("the grader's _im2col_np of an index array", _col2im_by_index_im2col_of(bank_fast_convolution._im2col_np)),
        ],
        "conv_forward_im2col": [
            (
                "kernels.conv_forward",
                lambda x, W, b, stride=1, padding=0: kernels.conv_forward(x, W, b, stride, padding)[0],
            ),
            ("helpers.conv2d", lambda x, W, b, stride=1, padding=0: conv2d(x, W, b, stride=stride, padding=padding)),
            ("conv2d_naive", lambda x, W, b, stride=1, padding=0: helpers.conv2d_naive(x, W, b, stride, padding)),
            ("the grader's _conv_forward_ref", lambda *a, **k: bank_backward._conv_forward_ref(*a, **k)),
            ("the grader's reference", _REGISTRY["conv_forward_im2col"].reference),
        ],
        "conv_backward_col2im": [
            (
                "kernels.conv_backward",
                lambda dout, x, W, stride=1, padding=0: kernels.conv_backward(
                    dout, kernels.conv_forward(x, W, np.zeros(len(W)), stride, padding)[1]
                ),
            ),
            ("numerical_gradient of conv2d", _backward_by_numerical_gradient(conv2d)),
            ("numerical_gradient of conv2d_naive", _backward_by_numerical_gradient(conv2d_naive)),
            ("dx = conv_transpose2d(dout, W)", _backward_by_conv_transpose),
            ("the grader's _conv_backward_ref", lambda *a, **k: bank_backward._conv_backward_ref(*a, **k)),
            ("the grader's reference", _REGISTRY["conv_backward_col2im"].reference),
            (
                "numerical_gradient of the grader's forward",
                _backward_by_numerical_gradient(bank_backward._conv_forward_ref),
            ),
        ],
        "maxpool_forward_im2col": [
            ("helpers.max_pool2d", lambda x, kernel_size=2, stride=2: max_pool2d(x, kernel_size, stride)),
            (
                "pool_kernels.maxpool_forward",
                lambda x, kernel_size=2, stride=2: maxpool_forward(x, kernel_size, stride)[0],
            ),
            ("the MaxPool2D layer", lambda x, kernel_size=2, stride=2: MaxPool2D(kernel_size, stride).forward(x)),
        ],
    }


DELEGATED = ["fast_im2col", "fast_col2im", "conv_forward_im2col", "conv_backward_col2im", "maxpool_forward_im2col"]


@pytest.mark.parametrize("exercise_id", DELEGATED)
def test_an_answer_that_calls_the_library_is_not_accepted(exercise_id, capsys):
    import helpers

    before = helpers.im2col(np.arange(16.0).reshape(1, 1, 4, 4), 2)
    answers = _delegating_answers()[exercise_id]
    for label, answer in answers:
        result, out = _run(exercise_id, answer, capsys)
        assert not result.passed and result.attempted, f"{exercise_id}: '{label}' was accepted: {out}"
        assert "the library's own version" in out and "Hint:" in out, out
        assert out.count("\n") == 1, out  # one line, no traceback
    # the library works again after each check
    assert np.array_equal(helpers.im2col(np.arange(16.0).reshape(1, 1, 4, 4), 2), before)


@pytest.mark.parametrize(
    "exercise_id, answer",
    [
        ("fast_im2col", _own_im2col),
        ("fast_im2col", _windows_im2col),
        ("fast_col2im", _own_col2im),
        ("fast_col2im", _add_at_col2im),
        ("fast_col2im", _col2im_by_index_im2col_of(_windows_im2col)),  # the learner's own im2col: numpy
        ("conv_backward_col2im", _own_conv_backward),
        ("conv_forward_im2col", _own_conv_forward),
        ("maxpool_forward_im2col", _own_maxpool_forward),
    ],
)
def test_an_answer_written_with_numpy_passes(exercise_id, answer, capsys):
    result, out = _run(exercise_id, answer, capsys)
    assert result.passed, out


def test_a_worked_alternative_the_page_shows_is_not_accepted(capsys):
    """Notebook 06 shows im2col_by_offsets after Exercise 3 and registers it with forbid_also."""
    from helpers.exercises import forbid_also
    from helpers.exercises.forbid import _ALSO

    def im2col_by_offsets(x, KH, KW, stride=1, padding=0):
        return _windows_im2col(x, KH, stride, padding)

    try:
        forbid_also("fast_im2col", im2col_by_offsets)
        result, out = _run(
            "fast_im2col", lambda x, k, stride=1, padding=0: im2col_by_offsets(x, k, k, stride, padding), capsys
        )
        assert not result.passed and result.attempted, out
        assert "im2col_by_offsets" in out and "Hint:" in out and out.count("\n") == 1, out
        assert im2col_by_offsets(np.ones((1, 1, 3, 3)), 2, 2).shape == (4, 4)  # restored after the check
        result, out = _run("fast_im2col", _windows_im2col, capsys)  # its own code still passes
        assert result.passed, out
    finally:
        _ALSO.pop("fast_im2col", None)


def test_the_pages_functions_are_not_accepted_in_later_exercises(capsys):
    """06 registers im2col_by_offsets for Exercise 4 (an index-array trick) and the learner's own
    my_conv_forward for Exercise 5 (a numerical gradient through it); the learner's own im2col stays allowed."""
    from helpers.exercises import forbid_also
    from helpers.exercises.forbid import _ALSO

    def im2col_by_offsets(x, KH, KW, stride=1, padding=0):
        return _windows_im2col(x, KH, stride, padding)

    def my_conv_forward(x, W, b, stride=1, padding=0):
        return _own_conv_forward(x, W, b, stride, padding)

    def by_central_difference(dout, x, W, stride=1, padding=0):
        """No backward pass: a hand-written central difference through the learner's forward."""

        def loss():
            return float(np.sum(my_conv_forward(x, W, np.zeros(len(W)), stride, padding) * dout))

        grads = []
        for a in (x, W):
            g = np.zeros_like(a)
            for i in np.ndindex(a.shape):
                keep = a[i]
                a[i] = keep + 1e-5
                up = loss()
                a[i] = keep - 1e-5
                g[i] = (up - loss()) / 2e-5
                a[i] = keep
            grads.append(g)
        return grads[0], grads[1], dout.sum(axis=(0, 2, 3))

    try:
        forbid_also("fast_col2im", im2col_by_offsets)
        forbid_also("conv_backward_col2im", my_conv_forward)
        offsets = _col2im_by_index_im2col_of(lambda x, k, s, p: im2col_by_offsets(x, k, k, s, p))
        for exercise_id, answer, name in [
            ("fast_col2im", offsets, "im2col_by_offsets"),
            ("conv_backward_col2im", by_central_difference, "my_conv_forward"),
        ]:
            result, out = _run(exercise_id, answer, capsys)
            assert not result.passed and result.attempted, out
            assert name in out and "Hint:" in out and out.count("\n") == 1, out
        assert im2col_by_offsets(np.ones((1, 1, 3, 3)), 2, 2).shape == (4, 4)  # restored after the checks
        assert my_conv_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.zeros(1)).shape == (1, 1, 2, 2)
        for exercise_id, answer in [
            ("fast_col2im", _col2im_by_index_im2col_of(_windows_im2col)),
            ("conv_backward_col2im", _own_conv_backward),
        ]:
            result, out = _run(exercise_id, answer, capsys)
            assert result.passed, out
        # without forbid_also the central difference would pass: the registration is what rejects it
        _ALSO.pop("conv_backward_col2im", None)
        set_time_limit(10)
        result, out = _run("conv_backward_col2im", by_central_difference, capsys)
        assert result.passed, out
    finally:
        _ALSO.pop("fast_col2im", None)
        _ALSO.pop("conv_backward_col2im", None)


def test_im2col_as_a_list_is_asked_for_an_array(capsys):
    result, out = _run("fast_im2col", lambda *a, **k: _windows_im2col(*a, **k).tolist(), capsys)
    assert not result.passed and "return a numpy array" in out, out


def test_a_hint_that_starts_with_code_keeps_its_case(capsys):
    from helpers.exercises.bank_backward import _conv_backward_dout_not_transposed

    with trusting_the_grader():  # the mistake is built on the bank's own functions
        result, out = _run("conv_backward_col2im", _conv_backward_dout_not_transposed, capsys)
    assert not result.passed and "dout.reshape(-1, F) does not give" in out, out
    assert "Dout.reshape" not in out, out


def test_the_library_works_while_an_abandoned_answer_still_runs(capsys):
    """Off the main thread a slow answer is abandoned after the time limit; the library must work at once."""
    import threading
    import time

    import helpers

    def slow(x, kernel_size, stride=1, padding=0):
        time.sleep(1.5)  # outlives the 0.3 s limit in its worker thread
        return helpers.im2col(x, kernel_size, stride, padding)

    box = {}
    worker = threading.Thread(target=lambda: box.update(result=check("fast_im2col", slow)))
    worker.start()
    worker.join(10)
    assert "result" in box and not box["result"].passed
    assert "longer than" in capsys.readouterr().out
    assert helpers.im2col(np.ones((1, 1, 3, 3)), 2).shape == (4, 4)  # the sleeping answer did not keep it disabled


def test_report_counts():
    """Runs last (file order): the counts the issue asks for, printed with -s."""
    print(f"\nwrong-answer test: {TALLY}")
    assert TALLY["accepted"] == 0 and TALLY["tracebacks"] == 0
