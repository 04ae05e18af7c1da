"""Write the student versions of the notebooks: solutions removed, outputs cleared.

    python tools/make_student.py                  # every notebooks/NN_*.ipynb -> student/,
                                                  # and the Japanese notebooks/ja/NN_*.ipynb -> student/ja/
    python tools/make_student.py --out /tmp/x     # somewhere else
    python tools/make_student.py notebooks/04_output_size.ipynb
    python tools/make_student.py --list           # each notebook's time and checked exercises

The sources are never modified. This is an equivalent of nbgrader's
``ClearSolutions`` + ``ClearOutput`` preprocessors, kept so that a teacher needs
no nbgrader for plain hand-outs (tools/make_nbgrader.py builds the graded version), with one
deliberate difference so that "Run All" in a
student version always runs to the end:

* A solution region (the lines from ``### BEGIN SOLUTION`` to
  ``### END SOLUTION``, matched after stripping whitespace, as nbgrader does)
  **inside a function body** becomes ``raise NotImplementedError``, indented
  like the ``### BEGIN SOLUTION`` line (nbgrader's stub). The check cell then
  reports "not attempted yet".
* A region **at the top level of a cell** (a value exercise:
  ``answer = ...`` followed by the solution) is simply dropped, so the
  ``answer = ...`` placeholder stays and the check reports "not attempted yet".
  (nbgrader would insert ``raise NotImplementedError()`` here, which stops
  "Run All".) A region in a top-level ``for``/``if``/``with`` block becomes
  ``pass``.
* In a Markdown cell the region becomes ``YOUR ANSWER HERE`` (nbgrader's text stub).
* ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` regions are dropped
  (nbgrader's ``ClearHiddenTests``).
* Outputs and execution counts are cleared, the ``collapsed``/``scrolled``
  cell metadata and stored widget state removed (nbconvert's ``ClearOutput``).

Nested or unterminated regions are errors (as in nbgrader). A top-level region
that assigns a name with no ``name = ...`` placeholder before it is reported as
a warning when later code reads that name (the student version would raise
NameError there).

Data files next to the notebooks (anything in notebooks/ that is not a
notebook, e.g. ``*.npz``) are copied too, so the student folder is complete.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
FUNCTION_STUB = "raise NotImplementedError"
BLOCK_STUB = "pass  # YOUR CODE HERE"
TEXT_STUB = "YOUR ANSWER HERE"
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", "locale"}  # locale/: the translation catalogues


class SolutionMarkupError(ValueError):
    """A malformed solution region (nested, unterminated or an END without BEGIN)."""


@dataclass
class CellReport:
    regions: int = 0
    solution_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (line index in the student source, names the dropped solution assigned with no `name = ...` placeholder)
    unplaced: list[tuple[int, list[str]]] = field(default_factory=list)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _inside_function(lines: list[str], index: int) -> bool:
    """Is lines[index] (a BEGIN line) inside a ``def``? Walk up the enclosing block headers."""
    level = len(_indent(lines[index]))
    for j in range(index - 1, -1, -1):
        line = lines[j]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ind = len(_indent(line))
        if ind < level:
            if re.match(r"^\s*(async\s+def|def)\b", line):
                return True
            level = ind
            if level == 0:
                return False
    return False


def _assigned_names(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
    return names


def _loaded_names(code: str) -> set[str]:
    """Names a piece of code reads (a word match when it is not plain Python, e.g. has %magics)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(re.findall(r"[A-Za-z_]\w*", code))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def strip_solutions(source: str, cell_type: str = "code") -> tuple[str, CellReport]:
    """Return the student version of one cell's source and what was removed."""
    lines = source.split("\n")
    out: list[str] = []
    report = CellReport()
    in_solution = in_hidden = False
    begin_index = -1
    region: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == BEGIN:
            if in_solution or in_hidden:
                raise SolutionMarkupError(f"nested {BEGIN} at line {i + 1}")
            in_solution, begin_index, region = True, i, []
            report.regions += 1
        elif stripped == END:
            if not in_solution:
                raise SolutionMarkupError(f"{END} without {BEGIN} at line {i + 1}")
            in_solution = False
            report.solution_lines += region
            indent = _indent(lines[begin_index])
            if cell_type != "code":
                out.append(indent + TEXT_STUB)
            elif _inside_function(lines, begin_index):
                out.append(indent + FUNCTION_STUB)
            elif indent:
                out.append(indent + BLOCK_STUB)
            else:  # a value exercise: keep the `answer = ...` placeholder above, drop the solution
                before = "\n".join(out)
                report.unplaced.append((len(out), sorted(_assigned_names("\n".join(region)) - _assigned_names(before))))
        elif stripped == BEGIN_HIDDEN:
            if in_solution or in_hidden:
                raise SolutionMarkupError(f"nested {BEGIN_HIDDEN} at line {i + 1}")
            in_hidden, region = True, []
        elif stripped == END_HIDDEN:
            if not in_hidden:
                raise SolutionMarkupError(f"{END_HIDDEN} without {BEGIN_HIDDEN} at line {i + 1}")
            in_hidden = False
            report.solution_lines += region
        elif in_solution or in_hidden:
            region.append(line)
        else:
            out.append(line)
    if in_solution or in_hidden:
        raise SolutionMarkupError(f"{BEGIN if in_solution else BEGIN_HIDDEN} without a matching end")
    return "\n".join(out), report


def student_notebook(nb) -> tuple[object, list[str], list[str]]:
    """Student copy of a notebook node: (notebook, solution lines removed, warnings)."""
    nb = nbformat.from_dict(nb)  # a deep copy; the source stays as it is
    removed, warnings, unplaced = [], [], []
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("celltoolbar", None)
    for index, cell in enumerate(nb.cells):
        try:
            cell.source, report = strip_solutions(cell.source, cell.cell_type)
        except SolutionMarkupError as exc:
            raise SolutionMarkupError(f"cell {index} ({cell.get('id', '?')}): {exc}") from None
        removed += report.solution_lines
        warnings += [f"cell {index} ({cell.get('id', '?')}): {w}" for w in report.warnings]
        unplaced += [(index, line, names) for line, names in report.unplaced if names]
    # A name only the dropped solution assigned is a problem when code after it reads the name
    # (in the student version that would be a NameError); scratch variables of the solution are fine.
    for index, line, names in unplaced:
        cell = nb.cells[index]
        pieces = ["\n".join(cell.source.split("\n")[line:])]
        pieces += [c.source for c in nb.cells[index + 1 :] if c.cell_type == "code"]
        read = sorted(n for n in names if _read_before_assigned(n, pieces))
        if read:
            warnings.append(
                f"cell {index} ({cell.get('id', '?')}): the solution assigns {', '.join(read)}, which later code "
                f"reads, but there is no placeholder such as `{read[0]} = ...` before ### BEGIN SOLUTION "
                f"(the student version would raise NameError)"
            )
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            for key in ("collapsed", "scrolled", "execution"):
                cell.metadata.pop(key, None)
    return nb, removed, warnings


def _read_before_assigned(name: str, pieces: list[str]) -> bool:
    """Does the first piece of code that mentions ``name`` read it (rather than assign it)?"""
    for code in pieces:
        if name in _assigned_names(code):
            return False
        if name in _loaded_names(code):
            return True
    return False


def source_notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def japanese_notebooks(root: Path = ROOT) -> list[Path]:
    """The Japanese edition (tools/i18n.py build): notebooks/ja/NN_*.ipynb, written to <out>/ja/."""
    return sorted((root / "notebooks" / "ja").glob("[0-9][0-9]_*.ipynb"))


def data_files(root: Path = ROOT) -> list[Path]:
    """Everything in notebooks/ that is not a notebook (data the notebooks load)."""
    base = root / "notebooks"
    files = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix != ".ipynb":
            files.append(path)
    return files


def make_student(out_dir: Path, notebooks=None, root: Path = ROOT, quiet: bool = False) -> dict:
    """Write student versions into ``out_dir``; return {notebook name: warnings}."""
    out_dir = Path(out_dir)
    jobs = [(Path(p), out_dir) for p in notebooks] if notebooks else []
    if not notebooks:
        jobs = [(p, out_dir) for p in source_notebooks(root)] + [(p, out_dir / "ja") for p in japanese_notebooks(root)]
    for path, target in jobs:
        if path.resolve().parent == target.resolve():
            raise SystemExit(f"make_student: refusing to overwrite the source {path}; choose another --out")
    out_dir.mkdir(parents=True, exist_ok=True)
    all_warnings = {}
    for path, target in jobs:
        nb = nbformat.read(path, as_version=4)
        student, removed, warnings = student_notebook(nb)
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(student, target / path.name)
        label = str((target / path.name).relative_to(out_dir))
        all_warnings[label] = warnings
        if not quiet:
            regions = sum(1 for c in nb.cells for line in c.source.split("\n") if line.strip() == BEGIN)
            print(f"{label}: {regions} solution region(s) removed ({len(removed)} lines), outputs cleared")
            for w in warnings:
                print(f"  warning: {w}")
    for src in data_files(root):
        dest = out_dir / src.relative_to(root / "notebooks")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        if not quiet:
            print(f"copied {src.relative_to(root)}")
    return all_warnings


_CHECK_ID = re.compile(r"""\bcheck\(\s*["']([\w-]+)["']""")
_TIME = re.compile(r"\*\*Time\*\*\s*\|\s*([^|\n]+)")


def exercise_index(path: Path) -> tuple[str, list[tuple[int, str]]]:
    """(the header's time, [(cell number, exercise id or kind), ...]) of one notebook, for a teacher's plan."""
    nb = nbformat.read(path, as_version=4)
    time_match = _TIME.search(nb.cells[0].source) if nb.cells else None
    items = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        ids = _CHECK_ID.findall(cell.source)
        exam = re.search(r"exam\.check\((q\d+)", cell.source)
        if exam:
            items.append((number, f"exam question {exam.group(1).upper()}"))
        elif ids:
            items += [(number, i) for i in ids]
        elif BEGIN in cell.source and "check" in cell.source:
            items.append((number, "self-checked question"))
    return (time_match.group(1).strip() if time_match else "?"), items


def print_index(notebooks) -> None:
    for path in notebooks:
        time_text, items = exercise_index(path)
        print(f"{path.name}  ({time_text}; {len(items)} checked exercise(s))")
        for number, name in items:
            print(f"    cell {number:>3}: {name}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "student", help="output folder (default: student/)")
    parser.add_argument(
        "--list",
        action="store_true",
        help="only list each notebook's time and checked exercises (for planning a class)",
    )
    args = parser.parse_args(argv)
    if args.list:
        print_index(args.notebooks or source_notebooks())
        return 0
    make_student(args.out, args.notebooks or None)
    where = args.out.resolve()
    try:
        where = where.relative_to(Path.cwd())
    except ValueError:
        pass
    print(f"Student versions written to {where}/ (sources untouched).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
