"""The tests and the notebooks they execute leave the checkout as it was (issue 15).

tests/conftest.py compares ``git status`` (and the diff of tracked files) at the start and the end of
every session and fails the run when they differ. The tests here check its parts.
"""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _conftest():
    # tests/conftest.py by path: a plain `import conftest` may find tests/browser/conftest.py first
    spec = importlib.util.spec_from_file_location("cnn_tests_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


git_state = _conftest().git_state


def _in_git():
    return git_state(ROOT) is not None


pytestmark = pytest.mark.skipif(not _in_git(), reason="not a git checkout (e.g. an unpacked wheel or sdist)")


def test_git_state_sees_a_change_to_a_tracked_file(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    run = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    (repo / "weights.npz").write_bytes(b"v1")
    run("add", "weights.npz")
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    clean = git_state(repo)
    (repo / "weights.npz").write_bytes(b"v2")  # what re-executing notebook 08 used to do
    assert git_state(repo) != clean
    (repo / "weights.npz").write_bytes(b"v1")
    assert git_state(repo) == clean
    (repo / "new.txt").write_text("x")
    assert git_state(repo) != clean


def _saved_paths():
    """Every literal path a notebook code cell saves to: model.save("..."), np.save("..."), savefig("...")."""
    pattern = re.compile(r"""\b(?:save|savez|savez_compressed|savefig)\(\s*["']([^"']+)["']""")
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] == "code":
                for path in pattern.findall("".join(cell["source"])):
                    yield nb.name, path


def test_notebooks_save_only_to_ignored_paths():
    found = list(_saved_paths())
    assert found, "expected notebook 08 to save its weights"
    for nb, path in found:
        target = ROOT / "notebooks" / (path if path.endswith(".npz") or "." in Path(path).name else path + ".npz")
        ignored = subprocess.run(["git", "check-ignore", "-q", str(target)], cwd=ROOT).returncode == 0
        assert ignored, f"{nb} saves {path!r}, a path git tracks; write to an ignored name (notebooks/my_*.npz)"
