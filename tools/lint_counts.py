"""Print how far the tree is from a clean `make lint`: counts, not the findings themselves.

    make lint-counts                  (= .venv/bin/python tools/lint_counts.py)

Lines printed:
    ruff check, project config        findings under [tool.ruff] in pyproject.toml, by rule
    ruff check, ruff's defaults       the same tree with no configuration (--isolated)
    ruff check, E4/E7/E9/F            pyflakes and the error-class pycodestyle rules only (--isolated)
    ruff format, project config       files that `ruff format` would change, of all it would look at
    mypy                              errors under [tool.mypy]

`make lint` passes when the first, fourth and fifth are zero. The tools are the ones pinned in
requirements-dev.txt, looked up next to this Python first (the .venv), then on PATH.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(
            f"{name} not found: run `make lint-counts` (it installs requirements-dev.txt) or pip install it"
        )
    return found


def ruff_findings(*args: str) -> list[dict]:
    out = subprocess.run(
        [tool("ruff"), "check", "--output-format", "json", "--exit-zero", *args, "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"ruff check failed: {out.stderr.strip()}")
    return json.loads(out.stdout or "[]")


def by_rule(findings: list[dict]) -> str:
    counts = collections.Counter(f.get("code") or "syntax" for f in findings)
    return ", ".join(f"{code} {n}" for code, n in counts.most_common())


def format_counts() -> tuple[int, int]:
    out = subprocess.run([tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    text = out.stdout + out.stderr
    would = re.search(r"(\d+) files? would be reformatted", text)
    already = re.search(r"(\d+) files? already formatted", text)
    n_would = int(would.group(1)) if would else 0
    return n_would, n_would + (int(already.group(1)) if already else 0)


def mypy_counts() -> str:
    out = subprocess.run([tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    last = (out.stdout.strip().splitlines() or ["(no output)"])[-1]
    return last


def main() -> int:
    project = ruff_findings()
    print(f"ruff check, project config:  {len(project):4d}  {by_rule(project)}")
    print(f"ruff check, ruff's defaults: {len(ruff_findings('--isolated')):4d}")
    print(f"ruff check, E4/E7/E9/F:      {len(ruff_findings('--isolated', '--select', 'E4,E7,E9,F')):4d}")
    would, total = format_counts()
    print(f"ruff format, project config: {would:4d} of {total} files would be reformatted")
    print(f"mypy (helpers/):             {mypy_counts()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
