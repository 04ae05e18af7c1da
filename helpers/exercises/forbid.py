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

__all__ = ["CalledLibrary", "forbidding", "library_label"]

_CALLED: list[str] = []  # the labels of forbidden functions called during the current learner call


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


def _stub_code(label: str):
    source = (
        "def _forbidden(*args, **kwargs):\n"
        f"    __import__('helpers.exercises.forbid', fromlist=['_called'])._called({label!r})\n"
    )
    namespace: dict = {}
    exec(compile(source, "<forbidden library call>", "exec"), namespace)
    return namespace["_forbidden"].__code__


@contextlib.contextmanager
def forbidding(paths: Sequence[str]):
    """Within the block, calling any function named in ``paths`` records it and raises CalledLibrary.

    Yields the list of the labels called (empty when the answer wrote its own code).
    """
    swapped = []
    called: list[str] = []
    _CALLED.clear()
    try:
        for path in paths:
            func = _resolve(path)
            if func.__code__.co_freevars:  # a closure cannot take the stub's code; none of ours is one
                raise TypeError(f"forbidding: {path} is a closure")
            swapped.append((func, func.__code__))
            func.__code__ = _stub_code(library_label(path))
        yield called
    finally:
        for func, code in swapped:
            func.__code__ = code
        called.extend(_CALLED)
        _CALLED.clear()
