"""The import graph of helpers: no circle, and the numerical core is free of display libraries.

Each check runs in a fresh interpreter, so a module is imported *first* (an import
circle only shows when the other side of it has not been loaded yet).
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "helpers"

# The numerical core: numpy only (threadpoolctl optional).
CORE = [
    "_validation",
    "shapes_conventions",
    "shapes",
    "padding",
    "conv",
    "pooling",
    "threads",
    "kernels",
    "pool_kernels",
    "layer_base",
    "losses",
    "pool_layers",
    "activations",
    "conv_transpose_layer",
    "layers",
    "gradcheck",
    "model_summary",
    "model",
    "optim",
    "windows",
]
DISPLAY = ("matplotlib", "ipywidgets", "IPython")


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=_env()
    )


def _env():
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _helpers_imports(path: Path) -> set[str]:
    """Sibling modules of helpers that ``path`` imports anywhere (top level or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers."):
            found.add(node.module.split(".")[1])
    return found


def test_core_modules_exist():
    missing = [m for m in CORE if not (HELPERS / f"{m}.py").exists()]
    assert not missing, f"core modules missing: {missing}"


def test_the_core_import_graph_has_no_circle():
    graph = {m: _helpers_imports(HELPERS / f"{m}.py") & set(CORE) for m in CORE}
    # depth-first search for a back edge
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m):
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                pytest.fail("import circle: " + " -> ".join(path[path.index(n) :] + [n]))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in CORE:
        if m not in state:
            visit(m)


@pytest.mark.parametrize("module", CORE + ["__init__"])
def test_each_module_imports_first_in_a_fresh_interpreter(module):
    name = "helpers" if module == "__init__" else f"helpers.{module}"
    result = _run(f"import {name}")
    assert result.returncode == 0, result.stderr


def test_the_numerical_core_imports_no_display_library():
    code = (
        "import sys\n"
        + "".join(f"import helpers.{m}\n" for m in CORE)
        + f"print([k for k in {DISPLAY!r} if k in sys.modules])"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"the core pulled in: {result.stdout.strip()}"


def test_the_check_sees_a_display_import():
    # the probe above could fail: with matplotlib imported it reports it
    code = f"import sys, helpers.shapes, matplotlib; print([k for k in {DISPLAY!r} if k in sys.modules])"
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert "matplotlib" in result.stdout


def test_old_import_locations_still_work():
    # explorers, exercises, benchmarks and tests import these from their old homes
    from helpers.conv import ConvGeometry, geometry  # noqa: F401
    from helpers.kernels import maxpool_backward, maxpool_forward  # noqa: F401
    from helpers.padding import normalize_padding  # noqa: F401
    from helpers.pooling import pool_geometry  # noqa: F401
    from helpers.shapes import geometry as g2

    assert g2 is geometry
