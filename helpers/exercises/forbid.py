"""Catch a learner's answer that hands the exercise to the library's own implementation.

``check("fast_im2col", lambda *a, **k: helpers.im2col(*a, **k))`` would otherwise pass: the answer is
right because helpers computed it. While a check runs the learner's function, :func:`forbidding`
swaps the code of the library functions the answer could delegate to (``helpers.conv.im2col`` ...)
for a stub that records the call and raises :class:`CalledLibrary`. Swapping the function's code,
not a module attribute, catches every way to reach it: ``helpers.im2col``, ``from helpers.conv import
im2col`` inside the answer, a name bound in the notebook before, or another helper that calls it.
The code is restored as soon as the check stops waiting for the learner's call (in the check's thread,
so an answer abandoned after its time limit cannot keep it disabled); the references and the known
mistakes, which may use the library, run outside and are unaffected.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Sequence
from typing import Any

__all__ = ["CalledLibrary", "forbid_also", "forbidden_for", "forbidding", "library_label", "trusting_the_grader"]

_CALLED: list[str] = []  # the labels of forbidden functions called during the current learner call
_ALSO: dict[str, dict[str, object]] = {}  # exercise id -> {name: function a notebook defined}
_GRADER = "helpers.exercises."  # the banks' own references and helpers: forbidden to learners too
_TRUST_GRADER: list[bool] = []  # non-empty inside trusting_the_grader()


class CalledLibrary(BaseException):
    """Raised when the learner's function calls a forbidden library function (a BaseException, so
    ``except Exception`` in the answer cannot hide it; the call is recorded anyway)."""

    def __init__(self, label: str):
        super().__init__(label)
        self.label = label


def _called(label: str):
    _CALLED.append(label)
    raise CalledLibrary(label)


def _resolve(path: str):
    module_name, _, attr = path.rpartition(".")
    obj = importlib.import_module(module_name)
    return getattr(obj, attr)


def library_label(path: str) -> str:
    """``'helpers.im2col'`` for ``'helpers.conv.im2col'`` when helpers exports it, else the full path."""
    name = path.rpartition(".")[2]
    try:
        import helpers

        if getattr(helpers, name, None) is _resolve(path):
            return f"helpers.{name}"
    except Exception:
        pass
    return path


def forbid_also(exercise_id: str, *funcs) -> None:
    """Forbid functions a notebook defines itself in the check of ``exercise_id``.

    A page that shows a worked alternative after an exercise (notebook 06's ``im2col_by_offsets``
    after Exercise 3) registers it, so that ``lambda x, k, stride=1, padding=0: im2col_by_offsets(...)``
    does not pass the exercise. Registered by name: running the cell again replaces the function.
    """
    table = _ALSO.setdefault(exercise_id, {})
    for func in funcs:
        if callable(func) and hasattr(func, "__code__"):
            table[func.__name__] = func


def forbidden_for(exercise_id: str, paths: Sequence) -> tuple:
    """The library paths of an exercise plus the notebook functions registered with :func:`forbid_also`."""
    return tuple(paths) + tuple(_ALSO.get(exercise_id, {}).values())


def _stub_code(label: str):
    source = (
        "def _forbidden(*args, **kwargs):\n"
        f"    __import__('helpers.exercises.forbid', fromlist=['_called'])._called({label!r})\n"
    )
    namespace: dict = {}
    exec(compile(source, "<forbidden library call>", "exec"), namespace)
    return namespace["_forbidden"].__code__


@contextlib.contextmanager
def trusting_the_grader():
    """Within the block the banks' own functions (``helpers.exercises.*``) are not forbidden: for tests that
    check a registered reference against its own exercise (``check(id, ex.reference)`` must pass)."""
    _TRUST_GRADER.append(True)
    try:
        yield
    finally:
        _TRUST_GRADER.pop()


@contextlib.contextmanager
def forbidding(paths: Sequence[str]):
    """Within the block, calling any function named in ``paths`` (dotted names, or function objects a
    notebook defined) records it and raises CalledLibrary.

    Yields the list of the labels called (empty when the answer wrote its own code).
    """
    swapped = []
    called: list[str] = []
    func: Any  # a function object whose __code__ is swapped
    _CALLED.clear()
    try:
        for path in paths:
            if callable(path):  # a function the notebook defined (forbid_also): labelled by its bare name
                func = path
                label = func.__name__
                if func.__code__.co_freevars:  # a closure cannot take the stub's code: let it run
                    continue
            else:
                if _TRUST_GRADER and path.startswith(_GRADER):
                    continue
                func, label = _resolve(path), library_label(path)
                if func.__code__.co_freevars:  # a closure cannot take the stub's code; none of ours is one
                    raise TypeError(f"forbidding: {path} is a closure")
            swapped.append((func, func.__code__))
            func.__code__ = _stub_code(label)
        yield called
    finally:
        for func, code in swapped:
            func.__code__ = code
        called.extend(_CALLED)
        _CALLED.clear()
