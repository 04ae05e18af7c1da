"""The one workaround for jupyter/nbclient#312, shared by everything that executes notebooks.

On this stack (nbclient 0.11, jupyter_client, pyzmq asyncio) a reply that is already waiting on a
kernel channel is sometimes not noticed until the poll's timeout expires: whole cell timeouts spent
with an idle kernel. A fresh poll notices a waiting message at once, so polling in short steps bounds
such a stall to ``step`` seconds. Used by tools/run_notebooks.py and tests/test_student.py (each wires it into its own client), and through
:func:`patch_nbclient` by nbgrader_config.py and tests/test_outside_repo.py (nbconvert's executor); this module
imports no Jupyter package at import time.
"""

from __future__ import annotations

import time
from queue import Empty

__all__ = ["patch_nbclient", "short_polls"]


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


def patch_nbclient() -> None:
    """Short polls for every nbclient NotebookClient in this process, on the async and on the sync path.

    nbconvert's ExecutePreprocessor (and so nbgrader's Execute) runs the *sync* path: setup_kernel() calls
    start_new_kernel_client, which nbclient built with run_sync(<the original coroutine>) when the class was
    created, so replacing the coroutine alone never reaches them (tests/test_nbgrader.py checks it does).
    """
    from nbclient import NotebookClient
    from nbclient.util import run_sync

    if getattr(NotebookClient, "_cnn_short_polls", False):
        return
    start = NotebookClient.async_start_new_kernel_client

    async def async_start_new_kernel_client(self):
        kc = await start(self)
        short_polls(kc.shell_channel)
        short_polls(kc.iopub_channel)
        return kc

    NotebookClient.async_start_new_kernel_client = async_start_new_kernel_client  # type: ignore[method-assign]
    NotebookClient.start_new_kernel_client = run_sync(async_start_new_kernel_client)  # type: ignore[method-assign]
    NotebookClient._cnn_short_polls = True  # type: ignore[attr-defined]
