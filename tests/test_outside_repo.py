"""The hosted-service path (Colab, a JupyterHub image, Binder): a fresh Python with only the pins of
requirements.txt, the package installed from its built wheel, and notebooks 00, 08 and 09 run top to
bottom from a temporary folder outside the repository (working directory not the repo, no PYTHONPATH).

Slow (1.5 to 2.5 minutes on 2 shared cores: 40 to 95 s to install the pins into a new venv from pip's
registries and cache, ~4 s to build the wheel, ~4 s for the set-up cell to install it, 25 to 50 s for
the three notebooks). Skipped unless CNN_REQUIRE_HOSTED=1
(set by .ci/run) or CNN_HOSTED=1 (to run it locally).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from wheel_build import ROOT, build_wheel

_spec = importlib.util.spec_from_file_location("badges", ROOT / "tools" / "badges.py")
badges = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(badges)

NOTEBOOKS = ("00_start_here", "08_building_a_cnn", "09_inside_a_cnn")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (os.environ.get("CNN_REQUIRE_HOSTED") == "1" or os.environ.get("CNN_HOSTED") == "1"),
        reason="the hosted-service test builds a fresh venv (~1.5 min): set CNN_HOSTED=1 to run it "
        "(CI sets CNN_REQUIRE_HOSTED=1)",
    ),
]


def run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, (
        f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    )
    return out


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a learner on a hosted service: no PYTHONPATH, Jupyter/IPython state in ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "IPYTHON"))}
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".matplotlib"),
        MPLBACKEND="Agg",
        PYTHONHASHSEED="0",
    )
    # Reuse the caller's pip cache (the test's HOME is temporary).
    env.setdefault("PIP_CACHE_DIR", str(Path(os.environ.get("HOME", "~")).expanduser() / ".cache" / "pip"))
    return env


def test_notebooks_run_outside_the_repository(tmp_path):
    timings: dict[str, float] = {}
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    venv = tmp_path / "venv"
    py = venv / "bin" / "python"

    t0 = time.perf_counter()
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", str(venv)], cwd=tmp_path, env=env, timeout=120)
    run(
        [str(py), "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements.txt")],
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    timings["venv with the pins"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    wheel = build_wheel(tmp_path / "build")
    timings["wheel built"] = time.perf_counter() - t0

    # The notebooks' set-up cell (tools/badges.py writes it) installs the package in a kernel that lacks
    # it; here it installs the wheel just built instead of the git URL, then the same kernel imports it.
    work = tmp_path / "content"  # like Colab's /content
    work.mkdir()
    cell = badges.setup_source(ROOT, allow_placeholder=True)  # the URL is swapped for the wheel below
    requirement = re.search(r'"[^"]+ @ git\+[^"]+"', cell)
    assert requirement, cell
    cell = cell.replace(requirement.group(0), f'--no-deps "{wheel}"')
    probe = 'import helpers.assets\nprint("FROM", helpers.__file__, helpers.assets.weights_path("lenet_digits.npz").is_file())'
    nb = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": i, "metadata": {}, "outputs": [], "source": src}
            for i, src in (("setup", cell), ("probe", probe))
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (work / "setup.ipynb").write_text(json.dumps(nb))
    # nbconvert executes headless here, where jupyter/nbclient#312 can leave an idle kernel's reply unnoticed
    # until the cell timeout (seen once: notebook 09 for minutes); the same workaround as nbgrader_config.py,
    # loaded by nbconvert from the learner's Jupyter config folder once the wheel is installed.
    (home / ".jupyter").mkdir(parents=True, exist_ok=True)
    (home / ".jupyter" / "jupyter_nbconvert_config.py").write_text(
        "try:\n    from helpers._nbclient import patch_nbclient\nexcept ImportError:  # before the set-up cell\n"
        "    pass\nelse:\n    patch_nbclient()\n"
    )
    t0 = time.perf_counter()
    run(
        [str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--output-dir", "executed"]
        + ["--ExecutePreprocessor.kernel_name=python3", "setup.ipynb"],
        cwd=work,
        env=env,
        timeout=300,
    )
    timings["set-up cell installs the wheel"] = time.perf_counter() - t0
    outputs = json.loads((work / "executed" / "setup.ipynb").read_text())["cells"][1]["outputs"]
    printed = "".join("".join(o.get("text", "")) for o in outputs)
    assert f"FROM {venv}" in printed and printed.strip().endswith("True"), printed

    # The venv resolves its dependencies from what is declared (pip check) and imports helpers from itself.
    run([str(py), "-m", "pip", "check"], cwd=tmp_path, env=env, timeout=120)
    where = run([str(py), "-c", "import helpers; print(helpers.__file__)"], cwd=work, env=env, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(venv), f"helpers came from {where.stdout.strip()}, not the venv"
    assert not work.resolve().is_relative_to(ROOT)

    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / f"{name}.ipynb", work / f"{name}.ipynb")
        t0 = time.perf_counter()
        run(
            [str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--output-dir", "executed"]
            + ["--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.kernel_name=python3", f"{name}.ipynb"],
            cwd=work,
            env=env,
            timeout=400,
        )
        timings[name] = time.perf_counter() - t0
        assert (work / "executed" / f"{name}.ipynb").is_file()

    print("\nhosted-service path timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
