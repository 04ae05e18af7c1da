"""The set-up contract: one pinned requirements file, mirrored by environment.yml, and an importable helpers."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pip_pins():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


def conda_pins():
    """conda's name=version lines, and pip's name==version lines under ``- pip:`` (packages not on conda-forge)."""
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        line = line.split("#")[0]
        m = re.match(r"\s*-\s*([A-Za-z0-9_.\-]+)==?([^=\s]+)\s*$", line)
        if m and m.group(1) != "python":
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_environment_yml_mirrors_requirements():
    pip, conda = pip_pins(), conda_pins()
    assert pip, "requirements.txt has pins"
    missing = sorted(set(pip) - set(conda))
    extra = sorted(set(conda) - set(pip))
    differ = {n: (pip[n], conda[n]) for n in set(pip) & set(conda) if pip[n] != conda[n]}
    assert not missing and not extra and not differ, (
        f"environment.yml and requirements.txt drifted apart: only in requirements.txt {missing}, "
        f"only in environment.yml {extra}, different versions (pip, conda) {differ}"
    )


def test_installed_versions_are_the_pins():
    from importlib.metadata import version

    for name, pinned in pip_pins().items():
        assert version(name) == pinned, f"{name} {version(name)} is installed but requirements.txt pins {pinned}"


def test_helpers_importable_from_any_folder(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import helpers, sys; print(helpers.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()).parent == ROOT / "helpers"


def test_numerical_core_does_not_import_matplotlib_or_widgets():
    code = "import sys, helpers; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
