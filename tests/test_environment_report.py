"""helpers.environment: notebook 00's check reports the front-end and the versions against the pins, and warns
(never fails) on a mismatch or a missing JupyterLab."""

from __future__ import annotations

import io
import types
from importlib.metadata import version
from pathlib import Path

import pytest

import helpers.environment as envmod

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("environ", "modules", "expected"),
    [
        ({"COLAB_RELEASE_TAG": "release-colab"}, {}, "Google Colab"),
        ({}, {"google.colab": object()}, "Google Colab"),
        ({"VSCODE_PID": "123"}, {}, "VS Code"),
        ({"JUPYTERHUB_USER": "ada", "JUPYTERHUB_API_URL": "http://127.0.0.1/hub/api"}, {}, "JupyterHub (user ada)"),
        ({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, {}, "on Binder"),
        ({"JPY_SESSION_NAME": "/home/ada/00.ipynb"}, {}, "Jupyter (JupyterLab or Notebook 7)"),
        ({}, {}, "plain Python"),
    ],
)
def test_detect_frontend(environ, modules, expected):
    assert expected in envmod.detect_frontend(environ, modules)


def test_detect_frontend_reads_the_ipython_shell():
    class ZMQInteractiveShell:
        pass

    fake_ipython = types.SimpleNamespace(get_ipython=lambda: ZMQInteractiveShell())
    assert envmod.detect_frontend({}, {"IPython": fake_ipython}).startswith("Jupyter")


def test_detect_frontend_never_raises():
    broken = types.SimpleNamespace(get_ipython=lambda: 1 / 0)
    assert envmod.detect_frontend({}, {"IPython": broken}).startswith("unknown")


def test_pins_in_a_clone_are_requirements_txt():
    pins, source = envmod.read_pins()
    assert source == str(ROOT / "requirements.txt")
    assert pins["numpy"] == version("numpy") and "jupyterlab" in pins


def test_pins_of_an_installed_package_are_the_shipped_copy(monkeypatch, tmp_path):
    (tmp_path / "helpers").mkdir()
    monkeypatch.setattr(envmod, "__file__", str(tmp_path / "helpers" / "environment.py"))  # no requirements.txt
    pins, source = envmod.read_pins()
    assert "_pins.txt" in source
    assert pins == envmod.parse_pins((ROOT / "requirements.txt").read_text())


def test_matching_pins_give_no_warning():
    env = envmod.check()
    assert ("numpy", version("numpy"), version("numpy"), "ok") in env.rows
    assert not env.warnings, env.warnings


def test_mismatch_and_missing_jupyterlab_warn_without_failing(monkeypatch):
    monkeypatch.setattr(envmod, "read_pins", lambda: ({"numpy": "0.0.1", "jupyterlab": "4.6.6"}, "test pins"))
    real = envmod._installed
    monkeypatch.setattr(envmod, "_installed", lambda name: None if name == "jupyterlab" else real(name))
    out = io.StringIO()
    envmod.report(out)
    text = out.getvalue()
    assert f"numpy {version('numpy')} is installed, the pin is 0.0.1" in text
    assert "WARNING: JupyterLab is not installed" in text
    rows = {name: status for name, _, _, status in envmod.check().rows}
    assert rows["numpy"] == "differs" and rows["jupyterlab"] == "missing" and rows["matplotlib"] == "not pinned"


def test_unpinned_dependencies_name_the_pin_that_brings_them(monkeypatch):
    monkeypatch.setattr(envmod, "read_pins", lambda: ({"ipykernel": "7.4.0"}, "test pins"))
    rows = {name: status for name, _, _, status in envmod.check().rows}
    assert rows["ipython"] == "via ipykernel"  # its pin's dependency, said so
    assert rows["pillow"] == "not pinned"  # matplotlib is not pinned in these test pins: nothing brings it
    out = io.StringIO()
    envmod.report(out)
    assert "note: ipython is not pinned in requirements.txt on purpose: pip installs it with ipykernel==7.4.0" in (
        out.getvalue()
    )


def test_unknown_pins_are_said(monkeypatch):
    monkeypatch.setattr(envmod, "read_pins", lambda: ({}, "pins unknown"))
    out = io.StringIO()
    envmod.report(out)
    assert "pins from : pins unknown" in out.getvalue() and "WARNING: pins unknown" in out.getvalue()


def test_parse_pins_ignores_comments_and_unpinned_lines():
    assert envmod.parse_pins("# c\nNumPy==2.2.6  # x\nscipy>=1\n\nipy_widgets==8\n") == {
        "numpy": "2.2.6",
        "ipy-widgets": "8",
    }
