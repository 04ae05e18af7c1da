"""The map in CONTRIBUTING.md (notebook -> modules, explorer, exercise bank, tests), built from the tree.

    python tools/contributing_map.py            # check: exit 1 if CONTRIBUTING.md's table is stale
    python tools/contributing_map.py --write    # rewrite the table between the map markers
    python tools/contributing_map.py --print    # print the table

Nothing in the table is typed by hand, so it cannot go stale silently: tests/test_contributing_map.py
runs the check, which also fails when a path the document names in backticks does not exist.
For each notebooks/NN_*.ipynb it reads the code cells (ast, no execution):

    modules    helpers modules it imports from (``from helpers import conv2d`` counts as
               helpers/conv.py, where conv2d is defined), except the explorer and exercise packages
               and the glossary, which every notebook uses
    explorer   helpers/explorers/ modules it imports
    bank       the helpers/exercises/bank_*.py modules that register the ids it passes to check("...")
    tests      tests/test_<module>.py, tests/test_explorers_<explorer>.py and tests/test_exercises.py
               where they exist (every notebook is also tested by nbval: make test-notebooks)
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "CONTRIBUTING.md"
BEGIN = "<!-- map:begin (tools/contributing_map.py --write) -->"
END = "<!-- map:end -->"
SKIP = {"explorers", "exercises", "glossary"}


def code_cells(path: Path):
    """The parsed code cells of a notebook (cells with IPython magics or syntax errors are skipped)."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        src = "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            yield ast.parse(src)
        except SyntaxError:
            continue


def module_path(dotted: str) -> str | None:
    """helpers.a.b -> 'helpers/a/b.py' (or 'helpers/a/b/' for a package), if it exists."""
    base = ROOT.joinpath(*dotted.split("."))
    if base.with_suffix(".py").exists():
        return base.with_suffix(".py").relative_to(ROOT).as_posix()
    if (base / "__init__.py").exists():
        return base.relative_to(ROOT).as_posix() + "/"
    return None


def exercise_banks() -> dict[str, str]:
    """Exercise id -> bank module path, from the Exercise(id=...) calls in helpers/exercises/bank_*.py."""
    banks = {}
    for bank in sorted((ROOT / "helpers" / "exercises").glob("bank_*.py")):
        for node in ast.walk(ast.parse(bank.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Exercise":
                ids = [k.value for k in node.keywords if k.arg == "id"] + node.args[:1]
                for value in ids:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        banks[value.value] = bank.relative_to(ROOT).as_posix()
    return banks


def defining_module(name: str) -> str | None:
    """Where ``helpers.<name>`` is defined, as a dotted module name (None for constants)."""
    helpers = importlib.import_module("helpers")
    obj = getattr(helpers, name, None)
    if obj is None:
        return f"helpers.{name}" if module_path(f"helpers.{name}") else None
    mod = getattr(obj, "__module__", None) or getattr(obj, "__name__", None)
    return mod if isinstance(mod, str) and mod.startswith("helpers") else None


def notebook_row(path: Path, banks: dict[str, str]) -> dict:
    modules, explorers, used_banks = set(), set(), set()
    for tree in code_cells(path):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "helpers":
                parts = node.module.split(".")
                if parts == ["helpers"]:
                    modules.update(filter(None, (defining_module(a.name) for a in node.names)))
                elif parts == ["helpers", "explorers"]:
                    explorers.update(f"helpers.explorers.{a.name}" for a in node.names)
                elif parts[:2] == ["helpers", "explorers"]:
                    explorers.add(".".join(parts[:3]))
                elif parts[:2] == ["helpers", "exercises"] and len(parts) > 2 and parts[2].startswith("bank_"):
                    used_banks.add(module_path(".".join(parts[:3])))
                else:
                    modules.add(".".join(parts[:2]))
            elif isinstance(node, ast.Import):
                for a in node.names:
                    parts = a.name.split(".")
                    if parts[:2] == ["helpers", "explorers"] and len(parts) > 2:
                        explorers.add(".".join(parts[:3]))
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "check"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in banks
            ):
                used_banks.add(banks[node.args[0].value])
    modules = {m for m in modules if m.split(".")[1] not in SKIP}
    tests = []
    for m in sorted(modules):
        tests.append(f"tests/test_{m.split('.')[1]}.py")
    for e in sorted(explorers):
        short = e.split(".")[2]
        tests += [f"tests/test_explorers_{short}.py", f"tests/test_{short}.py"]
    if used_banks:
        tests.append("tests/test_exercises.py")
    return {
        "notebook": path.relative_to(ROOT).as_posix(),
        "modules": [p for p in map(module_path, sorted(modules)) if p],
        "explorers": [p for p in map(module_path, sorted(explorers)) if p],
        "banks": sorted(b for b in used_banks if b),
        "tests": list(dict.fromkeys(t for t in tests if (ROOT / t).exists())),
    }


def table() -> str:
    banks = exercise_banks()
    rows = [notebook_row(p, banks) for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]

    def cell(paths):
        return "<br>".join(f"`{p}`" for p in paths) or "—"

    lines = ["| notebook | helpers modules | explorer | exercise bank | tests |", "|---|---|---|---|---|"]
    for r in rows:
        name = Path(r["notebook"]).name
        lines.append(
            f"| [{name}]({r['notebook']}) | {cell(r['modules'])} | {cell(r['explorers'])} | "
            f"{cell(r['banks'])} | {cell(r['tests'])} |"
        )
    return "\n".join(lines)


def missing_paths(text: str) -> list[str]:
    """Repository paths named in backticks anywhere in the text that do not exist."""
    tops = ("helpers", "tests", "tools", "notebooks", "benchmarks", "docs")
    named = re.findall(r"`((?:" + "|".join(tops) + r")/[\w./-]*)`", text)
    return sorted({p for p in named if not (ROOT / p.rstrip("/")).exists()})


def current_block(text: str) -> str | None:
    if BEGIN not in text or END not in text:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the table in CONTRIBUTING.md")
    mode.add_argument("--print", action="store_true", help="print the table")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    fresh = table()
    if args.print:
        print(fresh)
        return 0
    text = DOC.read_text(encoding="utf-8")
    old = current_block(text)
    if old is None:
        print(f"{DOC.name} has no map markers ({BEGIN} ... {END})", file=sys.stderr)
        return 1
    if args.write:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        DOC.write_text(f"{before}{BEGIN}\n{fresh}\n{END}{after}", encoding="utf-8")
        print(f"wrote the map in {DOC.name}")
        return 0
    stale = old != fresh
    if stale:
        print(f"{DOC.name}: the notebook map is stale; run: python tools/contributing_map.py --write", file=sys.stderr)
    missing = missing_paths(text)
    if missing:
        print(f"{DOC.name} names files that do not exist: {', '.join(missing)}", file=sys.stderr)
    if stale or missing:
        return 1
    print(f"{DOC.name}: the notebook map matches the tree and every path it names exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
