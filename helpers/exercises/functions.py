"""``check_function``: a learner's function tried on hidden cases, with a time limit and one-line errors.

Each hidden case runs under :func:`~.time_limit.call_with_time_limit` (10 s by default); an
exception, ``SystemExit`` included, becomes one line naming the case and the learner's line
(``KeyboardInterrupt`` propagates); a function that changes its input array is "not yet"; a wrong
output is compared with the exercise's known mistakes to pick the hint that explains it.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..i18n import _, translated
from .compare import join_hint, safe_repr
from .core import Case, CheckResult, Mistake, _array_problem, _emit, _not_attempted
from .forbid import CalledLibrary, forbidding
from .time_limit import TimeUp, call_with_time_limit, get_time_limit

__all__ = ["check_function"]

SLOW_SECONDS = 5.0  # a check that has run this long says so once, so a slow function does not look frozen


def _learner_line(exc: BaseException) -> str:
    """' (line 4 of your code)' from the innermost frame that is not in helpers."""
    tb = traceback.extract_tb(exc.__traceback__)
    helpers_dir = __file__.rsplit("/exercises/", 1)[0]
    mine = [f for f in tb if not f.filename.startswith(helpers_dir) and "site-packages/numpy" not in f.filename]
    if not mine:
        return ""
    frame = mine[-1]
    code = f": `{frame.line.strip()}`" if frame.line else ""
    return _(" (at line {line} of your code{code})").format(line=frame.lineno, code=code)


def _error_hint(error_hints, exc, case) -> str | None:
    if error_hints is None:
        return None
    try:
        return error_hints(exc, case)
    except Exception:
        return None


def _exception_text(exc: BaseException) -> str:
    """'ValueError: the message' (the message cut to 200 characters; never raises)."""
    try:
        message = str(exc)
    except Exception:
        message = ""
    if len(message) > 200:
        message = message[:180] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _changed_input(args, kwargs, case: Case) -> str | None:
    """The name of the first array argument the learner's code modified in place, else None."""
    pairs = [(_("argument {i}").format(i=i + 1), a, b) for i, (a, b) in enumerate(zip(args, case.args))]
    pairs += [(f"`{k}`", kwargs[k], case.kwargs[k]) for k in case.kwargs]
    for label, after, before in pairs:
        if isinstance(before, np.ndarray):
            try:
                same = after.shape == before.shape and (
                    np.array_equal(after, before)
                    or (np.issubdtype(before.dtype, np.floating) and np.array_equal(after, before, equal_nan=True))
                )
            except Exception:
                same = False
            if not same:
                return label
    return None


def _call(func, args, kwargs, limit, forbidden):
    """``func(*args, **kwargs)`` under the time limit, with the library functions in ``forbidden`` disabled.

    Raises CalledLibrary when the answer called one of them, even if it caught the stub's exception. The
    functions are disabled and restored here, in the caller's thread, so that an answer abandoned in a worker
    thread after its time limit cannot leave them disabled.
    """
    if not forbidden:
        return call_with_time_limit(func, args, kwargs, limit)
    got, error = None, None
    with forbidding(forbidden) as called:
        try:
            got = call_with_time_limit(func, args, kwargs, limit)
        except KeyboardInterrupt:
            raise
        except CalledLibrary:
            pass
        except BaseException as exc:  # reported below, unless the answer called the library
            error = exc
    if called:
        raise CalledLibrary(called[0])
    if error is not None:
        raise error
    return got


def _copy_args(case: Case):
    copy = lambda v: v.copy() if isinstance(v, np.ndarray) else v  # noqa: E731 - learners may modify inputs
    return tuple(copy(a) for a in case.args), {k: copy(v) for k, v in case.kwargs.items()}


def check_function(
    func,
    reference,
    cases: Sequence[Case],
    *,
    name="your function",
    mistakes: Sequence[Mistake] = (),
    shape_hint=None,
    rtol=1e-6,
    atol=1e-9,
    compare: Callable[[Any, Any], str | None] | None = None,
    time_limit: float | None = None,
    error_hints: Callable | None = None,
    forbidden: Sequence[str] = (),
    forbidden_hint: str | None = None,
) -> CheckResult:
    """Try the learner's ``func`` on hidden ``cases`` against ``reference``.

    error_hints : optional ``(exception, case) -> hint or None`` for errors learners often meet.
    time_limit : seconds per hidden case (default :func:`~.time_limit.get_time_limit`, 10 s).

    mistakes : known wrong implementations with the hint to give when the
        learner's output matches one of them (e.g. a flipped kernel).
    compare : optional ``(got, expected) -> problem or None`` for non-array outputs.
    forbidden : dotted names of library functions the answer must not call (``"helpers.conv.im2col"``): an
        answer that delegates the exercise to them is "not yet", with ``forbidden_hint``.
    """
    if func is Ellipsis or func is None:
        return _not_attempted(name, _("write the function in the cell above and run it"))
    if not callable(func):
        return _emit(name, False, True, _("not yet: expected a function, got {type}.").format(type=type(func).__name__))
    limit = get_time_limit() if time_limit is None else time_limit
    start, said_slow = time.monotonic(), False
    for number, case in enumerate(cases, start=1):
        elapsed = time.monotonic() - start
        if not said_slow and elapsed >= SLOW_SECONDS:
            said_slow = True
            each = "" if limit is None else _("; the limit is {limit:g} s per case").format(limit=limit)
            print(
                _(
                    "… {name}: still checking, {done} of {total} hidden cases done in {elapsed:.0f} s "
                    "(your function is slow{each})"
                ).format(name=name, done=number - 1, total=len(cases), elapsed=elapsed, each=each),
                flush=True,
            )
        where = _("hidden case {number} of {total}").format(number=number, total=len(cases)) + (
            f" ({translated(case.description)})" if case.description else ""
        )
        args, kwargs = _copy_args(case)
        try:
            got = _call(func, args, kwargs, limit, forbidden)
        except NotImplementedError:
            return _not_attempted(name, _("replace `raise NotImplementedError` with your code"))
        except KeyboardInterrupt:
            raise
        except CalledLibrary as called:
            if called.label.startswith("helpers"):
                message = _(
                    "not yet: your function calls {library}, the library's own version, so the check cannot "
                    "tell whether you can write it. Write it yourself with numpy."
                ).format(library=called.label)
            else:  # a worked alternative the page shows after the exercise (forbid_also)
                message = _(
                    "not yet: your function calls {name}, the version this page shows after the exercise, so the "
                    "check cannot tell whether you can write it. Write it yourself with numpy."
                ).format(name=called.label)
            return _emit(
                name,
                False,
                True,
                join_hint(
                    message,
                    translated(forbidden_hint) if forbidden_hint else None,
                ),
            )
        except TimeUp:
            return _emit(
                name,
                False,
                True,
                _("not yet: on {where} your code took longer than {limit:g} s: an endless loop?").format(
                    where=where, limit=limit
                ),
            )
        except BaseException as exc:  # SystemExit too: the learner sees one line, never a traceback
            return _emit(
                name,
                False,
                True,
                join_hint(
                    _("not yet: on {where} your code raised {error}{line}").format(
                        where=where, error=_exception_text(exc), line=_learner_line(exc)
                    ),
                    _error_hint(error_hints, exc, case),
                ),
            )
        if got is Ellipsis:
            return _not_attempted(name, _("replace the `...` in your function with code"))
        changed = _changed_input(args, kwargs, case)
        if changed:
            return _emit(
                name,
                False,
                True,
                _(
                    "not yet: on {where} your code changed its input {changed} in place. Hint: work on a copy "
                    "(x = x.copy() or np.pad(...), which returns a new array); the caller's array must stay as it was."
                ).format(where=where, changed=changed),
            )
        expected = reference(*case.args, **case.kwargs)
        try:
            problem = compare(got, expected) if compare else _array_problem(got, expected, rtol, atol, shape_hint)
        except Exception as exc:
            problem = _("your result ({value}) could not be compared: {error}").format(
                value=safe_repr(got, 80), error=type(exc).__name__
            )
        if problem is None:
            continue
        hint = _mistake_hint(mistakes, func, got, number, cases, reference, rtol, atol, limit, forbidden)
        if hint is not None and shape_hint is not None and not compare:
            # a known mistake explains the output: its hint alone, not joined to the general shape hint
            problem = _array_problem(got, expected, rtol, atol, None) or problem
        return _emit(
            name, False, True, join_hint(_("not yet: on {where}, {problem}").format(where=where, problem=problem), hint)
        )
    return _emit(
        name,
        True,
        True,
        _("correct on all {n} hidden cases.").format(n=len(cases))
        if len(cases) != 1
        else _("correct on its hidden case."),
    )


def _mistake_hint(mistakes, func, got, number, cases, reference, rtol, atol, limit, forbidden=()) -> str | None:
    """The hint of the known mistake that explains the learner's output.

    A mistake explains it when it gives ``got`` on the failing case ``number`` and the right result on the
    cases passed before it; when several do, the learner's function is tried on the later cases too.
    """

    def same(a, b):
        if isinstance(b, tuple):  # several outputs, e.g. (dx, dW, db): each must match
            return isinstance(a, (tuple, list)) and len(a) == len(b) and all(same(p, q) for p, q in zip(a, b))
        return _array_problem(a, b, rtol, atol, None) is None

    def fits(mistake, c, out):
        try:
            return same(out, mistake.wrong(*c.args, **c.kwargs))
        except Exception:
            return False

    case, passed = cases[number - 1], cases[: number - 1]
    candidates = [
        m
        for m in mistakes
        if fits(m, case, got)
        and not fits(m, case, reference(*case.args, **case.kwargs))  # right here, so not the learner's slip
        and all(fits(m, c, reference(*c.args, **c.kwargs)) for c in passed)
    ]
    for later in cases[number:]:
        if len(candidates) < 2:
            break
        try:
            args, kwargs = _copy_args(later)
            out = _call(func, args, kwargs, limit, forbidden)
        except KeyboardInterrupt:
            raise
        except BaseException:  # TimeUp and SystemExit too: keep the hint of the failing case
            break
        narrowed = [m for m in candidates if fits(m, later, out)]
        candidates = narrowed or candidates
    return candidates[0].hint if candidates else None
