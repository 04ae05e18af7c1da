"""The one workaround for jupyter/nbclient#312, shared by everything that executes notebooks.

On this stack (nbclient 0.11, jupyter_client, pyzmq asyncio) a reply that is already waiting on a
kernel channel is sometimes not noticed until the poll's timeout expires: whole cell timeouts spent
with an idle kernel. A fresh poll notices a waiting message at once, so polling in short steps bounds
such a stall to ``step`` seconds. Used by tools/run_notebooks.py, tests/test_student.py and
nbgrader_config.py (each wires it into its own client; this module imports no Jupyter package).
"""

from __future__ import annotations

import time
from queue import Empty

__all__ = ["short_polls"]


def short_polls(channel, step: float = 1.0) -> None:
    """Make ``channel.get_msg`` poll in steps of ``step`` seconds up to its timeout (in place)."""
    original = channel.get_msg

    async def get_msg(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = step if deadline is None else max(0.0, min(step, deadline - time.monotonic()))
            try:
                return await original(timeout=wait)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg
