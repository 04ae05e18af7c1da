"""nbgrader configuration for a course built with tools/make_nbgrader.py (docs/teaching.md).

Copied into the course directory by make_nbgrader.py; nbgrader reads it from there.
"""

import time
from queue import Empty

c = get_config()  # noqa: F821 - nbgrader provides get_config() when it loads this file

# A solution region becomes this stub: `pass` keeps "Run All" going to the end (nbgrader's default,
# `raise NotImplementedError()`, stops a top-level value exercise's cell and every cell after it).
c.ClearSolutions.code_stub = {"python": "pass  # YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's default is 30 s per cell; notebook 08 trains a CNN for one to two minutes.
c.Execute.timeout = 600
c.Execute.startup_timeout = 120
c.Execute.interrupt_on_timeout = True


def _short_polls(channel, step=1.0):
    """jupyter/nbclient#312: a reply already waiting on the socket is sometimes not noticed until the
    poll's timeout expires (whole cell timeouts with an idle kernel, in widget notebooks). Polling in
    short steps bounds such a stall to ``step`` seconds (the same workaround as tests/test_student.py)."""
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


def _patch_nbclient():
    from nbclient import NotebookClient

    if getattr(NotebookClient, "_cnn_short_polls", False):
        return
    start = NotebookClient.async_start_new_kernel_client

    async def async_start_new_kernel_client(self):
        kc = await start(self)
        _short_polls(kc.shell_channel)
        _short_polls(kc.iopub_channel)
        return kc

    NotebookClient.async_start_new_kernel_client = async_start_new_kernel_client
    NotebookClient._cnn_short_polls = True


_patch_nbclient()
