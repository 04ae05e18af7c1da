"""The installable package: its wheel carries the weights and the pins, and nothing else of the repository,
and pyproject.toml declares a distribution for every third-party module that helpers/ imports."""

from __future__ import annotations

import ast
import re
import sys
import zipfile
from importlib.metadata import packages_distributions

import pytest
from wheel_build import ROOT, build_wheel

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {canonical(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0]) for dep in project["dependencies"]}


def pins(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            out[canonical(name)] = version
    return out


def third_party_imports() -> dict[str, list[str]]:
    """Top-level modules imported anywhere in helpers/ (also inside functions), minus stdlib and helpers."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "helpers":
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_import_in_helpers_is_a_declared_dependency():
    imports = third_party_imports()
    assert {"numpy", "matplotlib", "ipywidgets"} <= set(imports), f"the scan found too little: {sorted(imports)}"
    dists = packages_distributions()
    declared = declared_dependencies()
    missing = {}
    for module, files in imports.items():
        provided_by = {canonical(d) for d in dists.get(module, [])}
        assert provided_by, f"{module} (imported in {files[0]}) is not installed in this venv"
        if not provided_by & declared:
            missing[module] = (sorted(provided_by), files[0])
    assert not missing, f"pyproject.toml [project] dependencies lack (module: (distribution, first use)): {missing}"


def test_declared_dependencies_are_pinned_in_requirements():
    pinned = pins((ROOT / "requirements.txt").read_text())
    # Pillow and ipython come with matplotlib and ipywidgets; their pins are those packages' choice.
    unpinned = sorted(declared_dependencies() - set(pinned) - {"pillow", "ipython"})
    assert not unpinned, f"declared in pyproject.toml but not pinned in requirements.txt: {unpinned}"


def test_shipped_pins_match_requirements():
    shipped = pins((ROOT / "helpers" / "assets" / "_pins.txt").read_text())
    assert shipped == pins((ROOT / "requirements.txt").read_text()), (
        "helpers/assets/_pins.txt (the pins helpers.environment.report() compares with on a hosted install) "
        "differs from requirements.txt: copy the pins over (keep its two comment lines)"
    )


@pytest.mark.slow
def test_wheel_contents(tmp_path):
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for asset in sorted(p.name for p in (ROOT / "helpers" / "assets").glob("*.npz")):
        assert f"helpers/assets/{asset}" in names, f"{asset} is missing from {wheel.name}"
    assert "helpers/assets/_pins.txt" in names
    assert "helpers/locale/ja/LC_MESSAGES/helpers.mo" in names, (
        "the Japanese messages (helpers.mo) are not in the wheel"
    )
    assert "helpers/exercises/__init__.py" in names and "helpers/explorers/__init__.py" in names
    stray = [n for n in names if n.split("/")[0] in ("tests", "notebooks", "tools", "docs", "benchmarks")]
    assert not stray, f"the wheel carries repository files: {stray[:5]}"
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = {
        canonical(re.split(r"[\s<>=!~;\[(]", line.split(":", 1)[1].strip(), maxsplit=1)[0])
        for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
        if line.startswith("Requires-Dist:")
    }
    assert requires == declared_dependencies()
    size_mb = wheel.stat().st_size / 1e6
    assert size_mb < 10, f"the wheel is {size_mb:.1f} MB"
    print(f"\nwheel {wheel.name}: {wheel.stat().st_size} bytes ({size_mb:.2f} MB), {len(names)} files")
