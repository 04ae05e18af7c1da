"""A time limit for learner code run by a check, so that an endless loop does not freeze the notebook.

On the main thread (a notebook cell, a widget callback) the limit is a ``SIGALRM`` timer that raises
:class:`TimeUp` inside the learner's function: the loop stops, the kernel keeps running and the check
returns "took longer than 10 s: an endless loop?". Elsewhere (no ``setitimer``, another thread) the
function runs in a daemon thread that is abandoned after the limit.

The default is 10 s per hidden case; change it with :func:`set_time_limit` (``None`` for no limit).
"""

from __future__ import annotations

import signal
import threading

__all__ = ["TimeUp", "call_with_time_limit", "set_time_limit", "get_time_limit"]

_limit: list[float | None] = [10.0]


class TimeUp(BaseException):
    """Raised in learner code when its time is up (a BaseException, so ``except Exception`` cannot hide it)."""


def set_time_limit(seconds: float | None) -> None:
    """Set the time limit of every check, in seconds per hidden case (``None``: no limit)."""
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0):
        raise ValueError(
            f"set_time_limit: seconds must be a positive number or None, got {seconds!r}; e.g. set_time_limit(10)"
        )
    _limit[0] = None if seconds is None else float(seconds)


def get_time_limit() -> float | None:
    """The current time limit in seconds per hidden case (``None``: no limit)."""
    return _limit[0]


def call_with_time_limit(func, args=(), kwargs=None, seconds: float | None = None):
    """``func(*args, **kwargs)``, raising :class:`TimeUp` after ``seconds`` (None: no limit)."""
    kwargs = kwargs or {}
    if seconds is None:
        return func(*args, **kwargs)
    main = threading.current_thread() is threading.main_thread()
    if main and hasattr(signal, "setitimer"):

        def on_alarm(signum, frame):
            raise TimeUp()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return func(*args, **kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    box: dict = {}

    def run():
        try:
            box["value"] = func(*args, **kwargs)
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeUp()
    if "error" in box:
        raise box["error"]
    return box["value"]
