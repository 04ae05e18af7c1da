"""Build the package's wheel from a copy of the sources (shared by test_wheel.py and test_outside_repo.py).

The build runs in a temporary folder so that nothing (build/, *.egg-info) is written into the
repository. It uses pip's PEP 517 build with build isolation: pip installs the build backend
named in pyproject.toml (setuptools) from the registries pip is configured for, reusing its cache.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "helpers")


def build_wheel(workdir: Path) -> Path:
    """Copy the package sources into ``workdir/src``, build the wheel into ``workdir/dist``; return its path."""
    src, dist = workdir / "src", workdir / "dist"
    src.mkdir(parents=True)
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(src)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, f"building the wheel failed:\n{out.stdout}\n{out.stderr}"
    wheels = sorted(dist.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}, found {wheels}"
    return wheels[0]
