"""Every notebook follows the collection's conventions (header table, executed outputs, widget cells marked, glossary and summary)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_notebooks_are_numbered_without_gaps():
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(len(numbers))), [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_conventions(path):
    nb = load(path)
    cells = nb["cells"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    first = source(cells[0])
    assert first.startswith("# "), "starts with a title"
    assert re.search(r"learn", first, re.I), "the header says what you will learn"
    code_cells = [c for c in cells if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in code_cells), "committed executed (make notebooks)"
    for c in code_cells:
        src = source(c)
        assert "sys.path" not in src, "import helpers works without sys.path hacks"
        assert src.count("### BEGIN SOLUTION") == src.count("### END SOLUTION"), "balanced nbgrader markup"
        for out in c.get("outputs", []):
            assert out.get("output_type") != "error", f"a committed error output in: {src[:80]}"
            assert "Traceback" not in "".join(out.get("text", "")), "no traceback in a committed output"
        if "explorer(" in src and src.rstrip().endswith(")"):
            assert src.startswith("# NBVAL_IGNORE_OUTPUT"), f"widget cell must be NBVAL_IGNORE_OUTPUT: {src[:60]}"
    markdown = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    index = NOTEBOOKS.index(path)
    if index + 1 < len(NOTEBOOKS):
        assert NOTEBOOKS[index + 1].name in markdown, "links to the next notebook"
    if index > 0:
        assert NOTEBOOKS[index - 1].name in markdown, "links to the previous notebook"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if 1 <= int(p.name[:2]) <= 9], ids=lambda p: p.name)
def test_lessons_have_three_checked_exercises_and_a_glossary(path):
    cells = load(path)["cells"]
    code = "\n".join(source(c) for c in cells if c["cell_type"] == "code")
    solutions = code.count("### BEGIN SOLUTION")
    checks = len(re.findall(r"\bcheck(_value|_array|_function)?\(", code))
    assert solutions >= 3 and checks >= 3, f"{solutions} solutions, {checks} checks"
    assert "glossary_markdown" in code, "the summary lists its glossary terms"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbval_markers_are_written_as_nbval_reads_them(path):
    # nbval only honours the bare comment line; "# NBVAL_IGNORE_OUTPUT (why)" is silently compared
    for cell in load(path)["cells"]:
        for line in source(cell).splitlines():
            if "NBVAL_" in line and line.lstrip().startswith("#"):
                assert line.strip() in {
                    "# NBVAL_IGNORE_OUTPUT",
                    "# NBVAL_SKIP",
                    "# NBVAL_RAISES_EXCEPTION",
                    "# NBVAL_CHECK_OUTPUT",
                }, f"{cell.get('id')}: {line!r}"
