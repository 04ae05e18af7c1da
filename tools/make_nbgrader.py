"""Build an nbgrader course source from the notebooks: solution cells, locked checks, graded tests.

    python tools/make_nbgrader.py --course ~/cnn-course                  # every notebook, assignment "cnn"
    python tools/make_nbgrader.py --course ~/cnn-course --assignment week1 \\
        notebooks/01_convolution.ipynb notebooks/04_output_size.ipynb

writes ``<course>/source/<assignment>/NN_*.ipynb`` (plus the data files beside the notebooks) and, if
there is none yet, ``<course>/nbgrader_config.py`` (a copy of the repository's). The notebooks are never
modified. What each cell becomes (nbgrader cell metadata, schema 3):

* a code or Markdown cell with a ``### BEGIN SOLUTION`` region (the markers ``tools/make_student.py``
  uses) is an nbgrader **solution cell**; ``generate_assignment`` replaces the region by the
  ``code_stub`` of nbgrader_config.py (``pass  # YOUR CODE HERE``, so that Run All reaches the end);
* a cell that calls ``check("id", answer)`` is **locked** (read-only) and is followed by one new
  **autograded test cell** per check, worth ``--points`` (1), whose ``assert passes("id", answer)``
  fails when the answer is wrong (``check`` itself never fails a cell) and whose
  ``### BEGIN HIDDEN TESTS`` region, for a function exercise, tries cases the release never shows
  (:func:`helpers.exercises.grading.passes_hidden`);
* every other cell is left as it is.

``check`` calls inside a ``for exercise, answer in [("id", q1), ...]`` loop are found as well.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "### BEGIN SOLUTION"
SCHEMA = 3


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA, "solution": solution}
    meta["task"] = False
    if grade:
        meta["points"] = points
    return meta


def checked_answers(source: str) -> list[tuple[str, str]]:
    """[(exercise id, answer expression)] for every ``check("id", answer)`` in a cell's code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.iter, (ast.List, ast.Tuple)):
            target = node.target
            if isinstance(target, ast.Tuple) and len(target.elts) == 2:
                for item in node.iter.elts:
                    if (
                        isinstance(item, ast.Tuple)
                        and len(item.elts) == 2
                        and isinstance(item.elts[0], ast.Constant)
                        and isinstance(item.elts[0].value, str)
                    ):
                        found.append((item.elts[0].value, ast.get_source_segment(source, item.elts[1])))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "check"
            and len(node.args) == 2
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, ast.get_source_segment(source, node.args[1])))
    return found


def test_source(exercise_id: str, answer: str, kind: str) -> str:
    """The code of the autograded test cell for one checked answer."""
    lines = [
        f"# Autograded test of {exercise_id!r}: it fails (and scores 0) while the answer above is not correct.",
        "from helpers.exercises.grading import passes, passes_hidden",
        f"assert passes({exercise_id!r}, {answer}), {exercise_id + ': not correct yet (see the check above)'!r}",
    ]
    if kind == "function":
        lines += [
            "### BEGIN HIDDEN TESTS",
            f"assert passes_hidden({exercise_id!r}, {answer}), {exercise_id + ': wrong on a hidden case'!r}",
            "### END HIDDEN TESTS",
        ]
    return "\n".join(lines)


def nbgrader_notebook(nb, stem: str, points: int = 1):
    """A copy of ``nb`` with nbgrader metadata and test cells; returns (notebook, number of test cells)."""
    from helpers.exercises import _REGISTRY, _load_banks

    _load_banks()
    nb = nbformat.from_dict(nb)
    cells, tests, used = [], 0, set()
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("nbgrader", None)
        cells.append(cell)
        cid = cell.get("id") or f"cell-{index:03d}"
        if BEGIN in cell.source:
            cell.metadata["nbgrader"] = _meta(f"{stem}-solution-{cid}", solution=True)
            continue
        if cell.cell_type != "code":
            continue
        checks = [(e, a) for e, a in checked_answers(cell.source) if e in _REGISTRY and a]
        if not checks:
            continue
        cell.metadata["nbgrader"] = _meta(f"{stem}-locked-{cid}", locked=True)
        for exercise_id, answer in checks:
            grade_id = f"{stem}-test-{exercise_id}"
            while grade_id in used:
                grade_id += "-again"
            used.add(grade_id)
            test = nbformat.v4.new_code_cell(test_source(exercise_id, answer, _REGISTRY[exercise_id].kind))
            test.id = f"test-{exercise_id}"[:64]
            while test.id in {c.get("id") for c in nb.cells} | {c.get("id") for c in cells}:
                test.id = (test.id + "x")[-64:]
            test.metadata["nbgrader"] = _meta(grade_id, grade=True, locked=True, points=points)
            cells.append(test)
            tests += 1
    nb.cells = cells
    return nb, tests


def build(course: Path, assignment: str, notebooks: list[Path], points: int = 1) -> dict[str, int]:
    """Write the course source; returns {notebook name: number of autograded test cells}."""
    target = course / "source" / assignment
    target.mkdir(parents=True, exist_ok=True)
    counts = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        out, tests = nbgrader_notebook(nb, path.stem[:2], points)
        for cell in out.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(out, target / path.name)
        counts[path.name] = tests
    for data in (ROOT / "notebooks").iterdir():
        if data.is_file() and data.suffix != ".ipynb":
            shutil.copy2(data, target / data.name)
    config = course / "nbgrader_config.py"
    if not config.exists():
        shutil.copy2(ROOT / "nbgrader_config.py", config)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--course", type=Path, required=True, help="the nbgrader course directory")
    parser.add_argument("--assignment", default="cnn", help="assignment name (default: cnn)")
    parser.add_argument("--points", type=int, default=1, help="points per checked answer (default: 1)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    counts = build(args.course, args.assignment, notebooks, args.points)
    total = sum(counts.values())
    for name, n in counts.items():
        print(f"{name}: {n} autograded test cell(s)")
    print(f"{total} test cells, {total * args.points} points: {args.course / 'source' / args.assignment}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
