"""Execute notebooks in place, deterministically, and tidy what Jupyter stores.

    python tools/run_notebooks.py                 # every notebooks/*.ipynb
    python tools/run_notebooks.py notebooks/01_convolution.ipynb

After execution:
* widget state (new random ids every run) is dropped from the metadata;
* a widget's output is replaced by a short text saying to run the cell (each
  explorer is preceded by a static figure of its default view), so a notebook
  opened without a kernel shows no "Error displaying widget";
* execution timings are removed;
* consecutive print() chunks are merged into one stream output (stable diffs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers._nbclient import short_polls
from helpers.i18n import WIDGET_PLACEHOLDER, message_in

ROOT = Path(__file__).resolve().parents[1]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: the kernel splits prints at random, which churns git diffs."""
    merged = []
    for out in outputs:
        if (
            out.get("output_type") == "stream"
            and merged
            and merged[-1].get("output_type") == "stream"
            and merged[-1].get("name") == out.get("name")
        ):
            merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def tidy(nb) -> None:
    nb.metadata.pop("widgets", None)
    placeholder = message_in(nb.metadata.get("cnn_notebooks", {}).get("language", "en"), WIDGET_PLACEHOLDER)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell["outputs"] = merge_streams(cell.get("outputs", []))
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_MIME in data:
                out["data"] = {"text/plain": placeholder}


class _Client(NotebookClient):
    """NotebookClient with the jupyter/nbclient#312 workaround (helpers._nbclient): no stall on an idle kernel."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        short_polls(kc.shell_channel)
        short_polls(kc.iopub_channel)
        return kc


def run(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = _Client(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,  # nbclient needs it to route Output widgets; tidy() drops it,
    )
    client.execute()
    tidy(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        seconds = run(path, args.timeout)
        try:
            shown = path.resolve().relative_to(ROOT)
        except ValueError:  # a notebook outside the repository, e.g. a student copy
            shown = path
        print(f"executed {shown} in {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
