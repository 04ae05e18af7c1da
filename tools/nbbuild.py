"""Tiny helpers for writing a notebook from Python (used when authoring; the .ipynb is the source).

    from nbbuild import md, code, write
    write("notebooks/00_start_here.ipynb", [md("# Title"), code("1 + 1")])

Then execute it with `make notebooks` (tools/run_notebooks.py).
"""

from __future__ import annotations

import textwrap

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def md(text: str):
    return nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip("\n"))


def code(src: str, *, ignore_output: bool = False, tags=()):
    src = textwrap.dedent(src).strip("\n")
    if ignore_output and not src.startswith("# NBVAL_IGNORE_OUTPUT"):
        src = "# NBVAL_IGNORE_OUTPUT\n" + src
    cell = nbformat.v4.new_code_cell(src)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def write(path: str, cells) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):  # stable ids keep diffs small
        cell["id"] = f"cell-{i:03d}"
    nbformat.write(nb, path)
