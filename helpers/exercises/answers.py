"""Expected answers kept out of sight of the notebook's namespace.

A registered value exercise does not hold its answer as a plain attribute: ``register`` replaces
``Exercise.expected`` by a :class:`Sealed` object whose repr is ``<hidden>``, which cannot be called and
whose value is stored pickled, compressed and masked. This is not security (everything in a kernel
is reachable to a determined learner) but the answer is no longer one attribute or one call away
(``_REGISTRY[name].expected()`` used to print it). Tests and teachers use :func:`reveal`.
"""

from __future__ import annotations

import pickle
import zlib

__all__ = ["Sealed", "seal", "open_sealed", "reveal"]

_MASK = bytes(range(7, 256, 13))


def _mask(data: bytes) -> bytes:
    return bytes(b ^ _MASK[i % len(_MASK)] for i, b in enumerate(data))


class Sealed:
    """An expected answer, computed on first use and stored masked; prints as ``<hidden>``."""

    __slots__ = ("_blob", "_make")

    def __init__(self, make):
        self._make = make
        self._blob = None

    def __repr__(self) -> str:
        return "<hidden: check() compares your answer with it>"

    def _value(self):
        if self._blob is None:
            value = self._make() if callable(self._make) else self._make
            self._blob = _mask(zlib.compress(pickle.dumps(value)))
            self._make = None
        return pickle.loads(zlib.decompress(_mask(self._blob)))


def seal(value_or_factory) -> Sealed:
    """Wrap an answer (or a zero-argument function computing it) so that it does not print."""
    return value_or_factory if isinstance(value_or_factory, Sealed) else Sealed(value_or_factory)


def open_sealed(value):
    """The answer inside ``value`` (a :class:`Sealed`), or ``value`` itself."""
    return value._value() if isinstance(value, Sealed) else value


def reveal(exercise_id: str):
    """The expected answer of a registered value or array exercise (for tests and teachers)."""
    from . import _REGISTRY, _load_banks

    _load_banks()
    if exercise_id not in _REGISTRY:
        raise ValueError(f"reveal: no exercise called {exercise_id!r}; see helpers.exercises.exercise_ids()")
    return open_sealed(_REGISTRY[exercise_id].expected)
