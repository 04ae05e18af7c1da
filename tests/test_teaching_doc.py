"""docs/teaching.md agrees with the notebooks it describes."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ROWS = {
    m.group(1): m.group(2)
    for m in re.finditer(r"^\| (\d\d) \| \[\w+\]\(\.\./notebooks/\d\d_\w+\.ipynb\) \| ([\d-]+) \|", GUIDE, re.M)
}


def _header_minutes(path):
    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    text = "".join(first["source"])
    m = re.search(r"\*\*Time\*\*\s*\|[^|\n]*?(\d+)", text)
    return m.group(1) if m else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_minutes_table_matches_notebook_header(path):
    number = path.name[:2]
    assert number in ROWS, f"docs/teaching.md has no row for {path.name} in its minutes table"
    assert f"../notebooks/{path.name}" in GUIDE, f"the row for {number} should link {path.name}"
    header = _header_minutes(path)
    assert header is not None, f"{path.name}: the header has no **Time** row"
    assert ROWS[number].split("-")[0] == header, (
        f"{path.name}: its header says {header} minutes, docs/teaching.md says {ROWS[number]}; make them agree"
    )


def test_guide_covers_the_classroom_topics():
    for needle in (
        "make student",
        "pip download",
        "--no-index",
        "make present",
        "environment.yml",
        "make_nbgrader.py",
        "BEGIN HIDDEN TESTS",
        "90-minute",
        "glossary.md",
    ):
        assert needle in GUIDE, needle


def test_exam_question_count_in_guide():
    nb = ROOT / "notebooks" / "10_exam_practice.ipynb"
    asked = sum(
        "".join(c["source"]).lstrip().startswith("q") and "exam.ask(" in "".join(c["source"])
        for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
        if c["cell_type"] == "code"
    )
    assert f"{asked} exam-style questions" in GUIDE
