"""nbgrader configuration for a course built with tools/make_nbgrader.py (docs/teaching.md).

Copied into the course directory by make_nbgrader.py; nbgrader reads it from there.
"""

from helpers._nbclient import short_polls  # jupyter/nbclient#312 (helpers is installed where nbgrader runs)

c = get_config()  # noqa: F821 - nbgrader provides get_config() when it loads this file

# A solution region becomes this stub: `pass` keeps "Run All" going to the end (nbgrader's default,
# `raise NotImplementedError()`, stops a top-level value exercise's cell and every cell after it).
c.ClearSolutions.code_stub = {"python": "pass  # YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's default is 30 s per cell; notebook 08 trains a CNN for one to two minutes.
c.Execute.timeout = 600
c.Execute.startup_timeout = 120
c.Execute.interrupt_on_timeout = True


def _patch_nbclient():
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient

    if getattr(NotebookClient, "_cnn_short_polls", False):
        return
    start = NotebookClient.async_start_new_kernel_client

    async def async_start_new_kernel_client(self):
        kc = await start(self)
        short_polls(kc.shell_channel)
        short_polls(kc.iopub_channel)
        return kc

    NotebookClient.async_start_new_kernel_client = async_start_new_kernel_client
    # nbgrader's Execute runs nbconvert's ExecutePreprocessor.preprocess, the *sync* path: setup_kernel()
    # calls start_new_kernel_client, which nbclient made with run_sync(<the original coroutine>) when the
    # class was created, so replacing the coroutine alone never reaches nbgrader (tests/test_nbgrader.py).
    NotebookClient.start_new_kernel_client = run_sync(async_start_new_kernel_client)
    NotebookClient._cnn_short_polls = True


_patch_nbclient()
