"""Binder builds from the repository as it is: repo2docker picks environment.yml (the pins) and its pip
section installs the package; nothing (binder/, .binder/) overrides that. With repo2docker installed
(CNN_REPO2DOCKER names its executable, or it is on PATH) its dry run (--no-build --debug) is checked too;
CI installs it (requirements-binder.txt, in .r2d-venv/) and sets CNN_REQUIRE_REPO2DOCKER=1, which turns the skip into a failure."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_the_package():
    text = (ROOT / "environment.yml").read_text()
    pip_block = text.split("- pip:", 1)[1]
    assert re.search(r"^\s*-\s*-e\s+\.\s*$", pip_block, re.M), (
        "environment.yml's pip section must install the package (-e .)"
    )
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), (
        "a binder/ folder would override environment.yml"
    )


@pytest.mark.slow
def test_repo2docker_dry_run(tmp_path):
    exe = os.environ.get("CNN_REPO2DOCKER") or shutil.which("repo2docker")
    if not exe:
        reason = "repo2docker is not installed (pip install -r requirements-binder.txt; only a dry run is made)"
        if os.environ.get("CNN_REQUIRE_REPO2DOCKER") == "1":
            pytest.fail(f"CNN_REQUIRE_REPO2DOCKER=1 but {reason}")
        pytest.skip(reason)
    src = tmp_path / "repo"
    archive = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in filter(None, archive.decode().split("\0")):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    out = subprocess.run(
        [exe, "--no-build", "--no-run", "--debug", str(src)], capture_output=True, text=True, timeout=300
    )
    log = out.stdout + out.stderr
    assert out.returncode == 0, log[-3000:]
    assert "Building conda environment for python=3.11" in log
    copy_repo, env_update = log.find("COPY --chown=0:0 src/"), log.find('--file "environment.yml"')
    assert 0 <= copy_repo < env_update, "repo2docker must copy the repository before installing environment.yml (-e .)"
