"""tools/badges.py: Colab/Binder links and the set-up cell from the one repository setting, sources only, idempotent."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("badges", ROOT / "tools" / "badges.py")
badges = importlib.util.module_from_spec(spec)
spec.loader.exec_module(badges)

NOTEBOOKS = ("00_start_here.ipynb", "09_inside_a_cnn.ipynb")


@pytest.fixture
def copy(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / name, tmp_path / "notebooks" / name)
    set_repository(tmp_path, "https://github.com/someone/fork")
    return tmp_path


def set_repository(root: Path, url: str) -> None:
    path = root / "pyproject.toml"
    text, n = re.subn(r'(?m)^repository = "[^"]*"', f'repository = "{url}"', path.read_text())
    assert n == 1
    path.write_text(text)


def test_write_then_check_is_clean_and_idempotent(copy):
    assert badges.main(["--check", "--root", str(copy)]) == 1
    assert badges.main(["--write", "--root", str(copy)]) == 0
    after = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert badges.main(["--check", "--root", str(copy)]) == 0
    assert badges.main(["--write", "--root", str(copy)]) == 0
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == after


def test_only_sources_change(copy):
    set_repository(copy, "https://github.com/someone/fork")
    badges.main(["--write", "--root", str(copy)])
    for name in NOTEBOOKS:
        old = json.loads((ROOT / "notebooks" / name).read_text())
        new = json.loads((copy / "notebooks" / name).read_text())
        assert new["metadata"] == old["metadata"]
        added = [c for c in new["cells"] if c["id"] == badges.SETUP_ID]
        assert len(added) == 1 and added[0]["outputs"] == [] and "import helpers" in "".join(added[0]["source"])
        kept = [c for c in new["cells"] if c["id"] != badges.SETUP_ID]
        assert [c["id"] for c in kept] == [c["id"] for c in old["cells"]]
        for a, b in zip(old["cells"], kept):
            assert {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}
        changed = [b["id"] for a, b in zip(old["cells"], kept) if a["source"] != b["source"]]
        assert changed == [old["cells"][0]["id"]], "only the header cell's source changes"
        first_code = next(c for c in new["cells"] if c["cell_type"] == "code")
        assert first_code["id"] == badges.SETUP_ID
        header = "".join(kept[0]["source"])
        assert f"colab.research.google.com/github/someone/fork/blob/main/notebooks/{name}" in header
        assert f"mybinder.org/v2/gh/someone/fork/main?labpath=notebooks%2F{name}" in header


def test_changing_the_one_setting_moves_every_link(copy):
    set_repository(copy, "https://github.com/first/original")
    badges.main(["--write", "--root", str(copy)])
    set_repository(copy, "https://github.com/someone/fork")
    assert badges.main(["--check", "--root", str(copy)]) == 1
    badges.main(["--write", "--root", str(copy)])
    texts = [p.read_text() for p in [copy / "README.md", *(copy / "notebooks").glob("*.ipynb")]]
    assert all("someone/fork" in t for t in texts)
    assert not any("first/original" in t for t in texts)
    readme = (copy / "README.md").read_text()
    assert readme.count("<!-- badges:start -->") == 1
    assert 'pip install "cnn-notebooks-helpers @ git+https://github.com/someone/fork@main"' in readme
    assert all(name in readme for name in NOTEBOOKS)


def test_setup_cell_is_valid_ipython():
    from IPython.core.inputtransformer2 import TransformerManager

    python = TransformerManager().transform_cell(badges.setup_source(ROOT, allow_placeholder=True))
    compile(python, "setup-cell", "exec")
    assert "run_line_magic('pip', 'install -q" in python


def test_a_non_github_address_is_refused(copy, capsys):
    set_repository(copy, "https://gitlab.com/a/b")
    assert badges.main(["--check", "--root", str(copy)]) == 2
    assert "must be a GitHub address" in capsys.readouterr().err


def test_the_placeholder_address_is_refused(copy, capsys):
    set_repository(copy, "https://github.com/OWNER/cnn-notebooks")
    assert badges.main(["--write", "--root", str(copy)]) == 2
    assert "placeholder" in capsys.readouterr().err
