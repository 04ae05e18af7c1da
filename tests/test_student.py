"""The student versions (tools/make_student.py): solutions gone, outputs cleared, "Run All" reaches the end.

The slow part (executing every student notebook) is marked ``student``; deselect it with
``pytest -m "not student"``. It runs in ``make test``.
"""

import matplotlib

matplotlib.use("Agg")

import importlib.util  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import nbformat  # noqa: E402
import pytest  # noqa: E402

from helpers._nbclient import short_polls  # noqa: E402  (jupyter/nbclient#312)

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
ms = importlib.util.module_from_spec(_spec)
sys.modules["make_student"] = ms
_spec.loader.exec_module(ms)

SOURCES = ms.source_notebooks()
NAMES = [p.name for p in SOURCES]
TIMEOUT = 600  # per cell; notebook 08 trains for ~1-2 minutes in total


# ---------------------------------------------------------------- the transformation, cell by cell


def test_function_region_becomes_raise_not_implemented():
    src = 'def my_pad(x, p):\n    """Pad x."""\n    ### BEGIN SOLUTION\n    out = x + p\n    return out\n    ### END SOLUTION'
    out, report = ms.strip_solutions(src)
    assert out == 'def my_pad(x, p):\n    """Pad x."""\n    raise NotImplementedError'
    assert report.solution_lines == ["    out = x + p", "    return out"]
    compile(out, "<cell>", "exec")


def test_region_in_a_loop_inside_a_function_still_raises():
    src = "def f(x):\n    total = 0\n    for v in x:\n        ### BEGIN SOLUTION\n        total += v\n        ### END SOLUTION\n    return total"
    out, _ = ms.strip_solutions(src)
    assert "        raise NotImplementedError" in out.split("\n")
    ns = {}
    exec(out, ns)
    with pytest.raises(NotImplementedError):
        ns["f"]([1, 2])


def test_value_region_keeps_placeholder_and_drops_solution():
    src = "side = ...\n### BEGIN SOLUTION\nside = 7 - 3 + 1\n### END SOLUTION"
    out, report = ms.strip_solutions(src)
    assert out == "side = ..."
    assert report.warnings == []
    ns = {}
    exec(out, ns)
    assert ns["side"] is Ellipsis


def _nb(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_value_region_without_placeholder_is_reported_when_read_later():
    _, _, warnings = ms.student_notebook(_nb("### BEGIN SOLUTION\nanswer = 5\n### END SOLUTION\nprint(answer)"))
    assert len(warnings) == 1 and "answer = ..." in warnings[0] and "cell 0" in warnings[0]
    _, _, warnings = ms.student_notebook(_nb("### BEGIN SOLUTION\nanswer = 5\n### END SOLUTION", "check(answer)"))
    assert len(warnings) == 1
    # a scratch variable of the solution that nothing else reads is fine
    _, _, warnings = ms.student_notebook(
        _nb("shape = ...\n### BEGIN SOLUTION\noh = 3\nshape = (oh, oh)\n### END SOLUTION", "check(shape)")
    )
    assert warnings == []


def test_top_level_block_region_becomes_pass():
    src = "total = 0\nfor i in range(3):\n    ### BEGIN SOLUTION\n    total += i\n    ### END SOLUTION"
    out, _ = ms.strip_solutions(src)
    exec(out, {})  # valid Python, runs


def test_markdown_region_becomes_text_stub_and_hidden_tests_vanish():
    out, _ = ms.strip_solutions("Why?\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION", "markdown")
    assert out == "Why?\n\nYOUR ANSWER HERE"
    out, report = ms.strip_solutions("check(x)\n### BEGIN HIDDEN TESTS\nassert x == 3\n### END HIDDEN TESTS")
    assert out == "check(x)" and report.solution_lines == ["assert x == 3"]


@pytest.mark.parametrize(
    "bad",
    [
        "### BEGIN SOLUTION\nx = 1",
        "x = 1\n### END SOLUTION",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n### END SOLUTION",
    ],
)
def test_malformed_regions_are_errors(bad):
    with pytest.raises(ms.SolutionMarkupError):
        ms.strip_solutions(bad)


def test_outputs_cleared_and_source_untouched(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = ...\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION\nprint(x)")
    cell.outputs = [nbformat.v4.new_output("stream", text="42\n")]
    cell.execution_count = 3
    cell.metadata["scrolled"] = True
    nb.cells = [cell]
    nb.metadata["widgets"] = {"state": {}}
    (tmp_path / "notebooks").mkdir()
    src = tmp_path / "notebooks" / "01_demo.ipynb"
    nbformat.write(nb, src)
    (tmp_path / "notebooks" / "digits.npz").write_bytes(b"data")
    before = src.read_bytes()
    ms.make_student(tmp_path / "student", root=tmp_path, quiet=True)
    assert src.read_bytes() == before
    out = nbformat.read(tmp_path / "student" / "01_demo.ipynb", as_version=4)
    assert out.cells[0].source == "x = ...\nprint(x)"
    assert out.cells[0].outputs == [] and out.cells[0].execution_count is None
    assert "scrolled" not in out.cells[0].metadata and "widgets" not in out.metadata
    assert (tmp_path / "student" / "digits.npz").read_bytes() == b"data"
    with pytest.raises(SystemExit):  # never writes over the sources
        ms.make_student(tmp_path / "notebooks", root=tmp_path, quiet=True)


# ---------------------------------------------------------------- the real notebooks


def _solution_and_other_lines(nb):
    """(lines inside solution regions, lines outside them) over the whole notebook, stripped."""
    solution, other = set(), set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.split("\n"):
            s = line.strip()
            if s in (ms.BEGIN, ms.BEGIN_HIDDEN):
                inside = True
            elif s in (ms.END, ms.END_HIDDEN):
                inside = False
            elif s:
                (solution if inside else other).add(s)
    return solution, other


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    warnings = ms.make_student(out, quiet=True)
    return out, warnings


def test_every_notebook_has_a_student_version_without_solution_text(student_dir):
    out, warnings = student_dir
    assert SOURCES, "no notebooks found"
    problems = []
    for src in SOURCES:
        student_path = out / src.name
        assert student_path.exists(), f"{src.name}: no student version written"
        text = student_path.read_text(encoding="utf-8")
        student = nbformat.read(student_path, as_version=4)
        solution, other = _solution_and_other_lines(nbformat.read(src, as_version=4))
        # A solution line that never appears outside a solution region must not survive anywhere
        # (sources, outputs, metadata). Very short lines like "return out" are checked per cell below.
        for line in sorted(solution - other):
            if len(line) >= 12 and line in text:
                problems.append(f"{src.name}: solution line survives: {line!r}")
        for i, cell in enumerate(student.cells):
            if ms.BEGIN in cell.source or ms.END in cell.source:
                problems.append(f"{src.name} cell {i}: solution markers survive")
            if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
                problems.append(f"{src.name} cell {i}: outputs not cleared")
    assert not problems, "\n".join(problems)
    placeholder_warnings = [f"{name} {w}" for name, ws in warnings.items() for w in ws]
    assert not placeholder_warnings, "\n".join(placeholder_warnings)


def test_student_cells_equal_sources_minus_solutions(student_dir):
    """Cell by cell: the student source is the original with only the solution regions changed."""
    out, _ = student_dir
    for src in SOURCES:
        original = nbformat.read(src, as_version=4)
        student = nbformat.read(out / src.name, as_version=4)
        assert len(student.cells) == len(original.cells), src.name
        for i, (a, b) in enumerate(zip(original.cells, student.cells)):
            assert a.cell_type == b.cell_type
            expected, _ = ms.strip_solutions(a.source, a.cell_type)
            assert b.source == expected, f"{src.name} cell {i}"
            if ms.BEGIN not in a.source:
                assert b.source == a.source, f"{src.name} cell {i} changed without a solution region"


def _client(nb, path):
    from nbclient import NotebookClient

    class Client(NotebookClient):
        async def async_start_new_kernel_client(self):
            kc = await super().async_start_new_kernel_client()
            short_polls(kc.shell_channel)
            short_polls(kc.iopub_channel)
            return kc

    return Client(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )


def _execute(path_str):
    """Run one notebook in its folder; return (name, seconds, [errors]) without raising."""
    os.environ.setdefault("PYTHONHASHSEED", "0")
    path = Path(path_str)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    errors = []
    try:
        _client(nb, path).execute()
    except Exception as exc:  # a timeout or a dead kernel
        errors.append(f"execution stopped: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = cell.source.strip().split("\n")[0][:80]
                errors.append(
                    f"cell {i} ({cell.get('id', '?')}, starts {first!r}): {output.get('ename')}: {output.get('evalue')}"
                )
    return path.name, time.perf_counter() - start, errors


@pytest.fixture(scope="module")
def executed(student_dir):
    out, _ = student_dir
    paths = [str(out / name) for name in NAMES]
    # Longest first (08 trains a network) so two workers finish together.
    paths.sort(key=lambda p: 0 if "08_" in p else 1)
    workers = max(1, min(2, len(paths), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_execute, paths))
    return {name: (seconds, errors) for name, seconds, errors in results}


@pytest.mark.student
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_student_version_runs_to_the_end(executed, name):
    seconds, errors = executed[name]
    assert not errors, f"student version of {name} ({seconds:.0f} s) has errors:\n" + "\n".join(errors)
