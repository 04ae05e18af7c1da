"""make lab and make present: a fresh token, handed over in a private file, never on the command line (issue 15)."""

import json
import stat
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import lab  # noqa: E402
import present  # noqa: E402
from private_token import private_token_config  # noqa: E402


def test_the_token_file_is_private_and_removed_afterwards():
    with private_token_config("x", {"A": {"token": "{token}", "n": 1}}) as (token, folder, path):
        assert len(token) >= 32
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert json.loads(path.read_text()) == {"A": {"token": token, "n": 1}}
    assert not folder.exists()
    with private_token_config("x", {}) as (other, _, _):
        assert other != token  # a new token every start


def test_voila_gets_no_token_on_its_command_line(tmp_path):
    nb = ROOT / "notebooks" / "00_start_here.ipynb"
    settings = {"Voila": {"token": "{token}", "auto_token": False}}
    with private_token_config("voila", settings) as (token, folder, path):
        cmd = present.voila_command("voila", nb, 8866, folder, no_browser=True)
        assert not any(token in part for part in cmd) and not any("token" in part.lower() for part in cmd)
        assert f"--Voila.config_file_paths={folder}" in cmd  # only the private config is read
        assert json.loads(path.read_text())["Voila"]["token"] == token
    assert "--Voila.ip=127.0.0.1" in cmd


def test_lab_gets_its_token_from_a_config_loaded_last():
    with private_token_config("lab_config", lab.SETTINGS) as (token, _folder, path):
        cmd = lab.lab_command("jupyter", path, 8888, True)
        assert f"--config={path}" in cmd and not any(token in part for part in cmd)
        assert json.loads(path.read_text())["IdentityProvider"]["token"] == token
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port_retries=0" in cmd


def test_make_lab_starts_through_the_token_script():
    text = (ROOT / "Makefile").read_text()
    recipe = text.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "tools/lab.py" in recipe and "--token" not in recipe and "jupyter lab" not in recipe
