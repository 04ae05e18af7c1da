"""Write the "Open in Colab" and Binder links, and the set-up cell, from the one repository setting.

    python tools/badges.py --check    # exit 1 and list what is out of date (CI, tests)
    python tools/badges.py --write    # refresh the notebooks and README.md

The repository address lives in one place, ``[tool.cnn-notebooks]`` in pyproject.toml
(``repository`` and ``branch``); a fork changes it there and runs ``--write``. The tool edits cell
*sources* only: it never touches outputs, execution counts or existing cell ids, and running it twice
changes nothing the second time. In each notebook it

* refreshes a badge line at the end of the header (first markdown) cell, between the
  ``<!-- badges -->`` and ``<!-- /badges -->`` markers;
* inserts (or refreshes) a set-up code cell with the id ``setup-helpers`` before the first code
  cell: it installs the package when ``helpers`` cannot be imported (Colab, Binder without the
  package, a hub), and does nothing in a clone.

In README.md it refreshes the block between ``<!-- badges:start -->`` and ``<!-- badges:end -->``:
the install line and a table with the two links per notebook.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
BADGE_START, BADGE_END = "<!-- badges -->", "<!-- /badges -->"
README_START, README_END = "<!-- badges:start -->", "<!-- badges:end -->"
SETUP_ID = "setup-helpers"
COLAB_SVG = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_SVG = "https://mybinder.org/badge_logo.svg"


def settings(root: Path, allow_placeholder: bool = False) -> tuple[str, str, str]:
    """(owner/name, branch, package name) from pyproject.toml; ValueError if the address is not on GitHub."""
    data = tomllib.loads((root / "pyproject.toml").read_text())
    site = data.get("tool", {}).get("cnn-notebooks", {})
    url, branch = site.get("repository", ""), site.get("branch", "main")
    m = re.fullmatch(r"https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?", url)
    if not m:
        raise ValueError(
            f"pyproject.toml [tool.cnn-notebooks] repository = {url!r}: it must be a GitHub address "
            "https://github.com/OWNER/NAME (Colab and Binder open notebooks from GitHub); set it and run again"
        )
    if m.group(1).split("/")[0] == "OWNER" and not allow_placeholder:
        raise ValueError(
            f"pyproject.toml [tool.cnn-notebooks] repository = {url!r} is still the placeholder: set the real "
            "GitHub address of this repository first, so that no notebook links to a page that does not exist"
        )
    return m.group(1), branch, data["project"]["name"]


def install_line(root: Path, allow_placeholder: bool = False) -> str:
    """The one pip command that installs the package on a hosted service."""
    slug, branch, package = settings(root, allow_placeholder)
    return f'pip install "{package} @ git+https://github.com/{slug}@{branch}"'


def links(root: Path, notebook: str) -> tuple[str, str]:
    """(Colab URL, Binder URL) of ``notebooks/<notebook>`` on the configured branch."""
    slug, branch, _ = settings(root)
    colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/notebooks/{notebook}"
    binder = f"https://mybinder.org/v2/gh/{slug}/{branch}?labpath={quote('notebooks/' + notebook, safe='')}"
    return colab, binder


def badge_line(root: Path, notebook: str) -> str:
    colab, binder = links(root, notebook)
    return f"{BADGE_START}[![Open In Colab]({COLAB_SVG})]({colab}) [![Binder]({BINDER_SVG})]({binder}){BADGE_END}"


def setup_source(root: Path, allow_placeholder: bool = False) -> str:
    return (
        '# Set-up for Colab, Binder or a hub: installs the helpers package if it is missing (README "Run it elsewhere").\n'
        "try:\n"
        "    import helpers\n"
        "except ImportError:\n"
        f"    %{install_line(root, allow_placeholder).replace('pip install', 'pip install -q', 1)}"
    )


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _with_block(text: str, start: str, end: str, block: str) -> str:
    """``text`` with the marked block replaced by ``block``, or ``block`` appended after a blank line."""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text.rstrip("\n") + "\n\n" + block


def refresh_notebook(root: Path, path: Path) -> str:
    """The notebook's JSON text with the badge line and the set-up cell refreshed (sources only)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    header = next(c for c in cells if c["cell_type"] == "markdown")
    text = "".join(header["source"])
    header["source"] = _lines(_with_block(text, BADGE_START, BADGE_END, badge_line(root, path.name)))
    setup = next((c for c in cells if c.get("id") == SETUP_ID), None)
    if setup is None:
        first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
        setup = {"cell_type": "code", "execution_count": None, "id": SETUP_ID, "metadata": {}, "outputs": []}
        cells.insert(first_code, setup)
    setup["source"] = _lines(setup_source(root))
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def readme_block(root: Path, notebooks: list[Path]) -> str:
    rows = ["| notebook | Colab | Binder |", "|---|---|---|"]
    for nb in notebooks:
        colab, binder = links(root, nb.name)
        rows.append(f"| `{nb.name}` | [![Open In Colab]({COLAB_SVG})]({colab}) | [![Binder]({BINDER_SVG})]({binder}) |")
    body = "\n".join(
        [
            README_START,
            "<!-- written by tools/badges.py from pyproject.toml [tool.cnn-notebooks]; do not edit by hand -->",
            "",
            "    " + install_line(root),
            "",
            *rows,
            README_END,
        ]
    )
    return body


def refresh_readme(root: Path, notebooks: list[Path]) -> str:
    text = (root / "README.md").read_text(encoding="utf-8")
    return _with_block(text, README_START, README_END, readme_block(root, notebooks)).rstrip("\n") + "\n"


def plan(root: Path) -> dict[Path, str]:
    """{path: new text} for every file whose text would change."""
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    new = {p: refresh_notebook(root, p) for p in notebooks}
    new[root / "README.md"] = refresh_readme(root, notebooks)
    return {p: t for p, t in new.items() if p.read_text(encoding="utf-8") != t}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    mode.add_argument("--write", action="store_true", help="refresh the files")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    try:
        changes = plan(args.root)
    except ValueError as exc:
        print(f"badges: {exc}", file=sys.stderr)
        return 2
    for path in changes:
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(args.root)}")
        if args.write:
            path.write_text(changes[path], encoding="utf-8")
    if args.check and changes:
        print("run: python tools/badges.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
