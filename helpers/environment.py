"""Where is this notebook running, and with which versions? Notebook 00's environment check.

    from helpers.environment import report
    report()      # prints the front-end, Python and the versions that matter, against the pins

The check never fails: whatever it cannot find it says so, and a version that differs from the
pin, or a missing JupyterLab, is a warning line (the notebooks usually still run). The pins come
from ``requirements.txt`` when the package sits in a clone of the repository, otherwise from the
copy shipped inside the package (``helpers/assets/_pins.txt``), so a hosted install (Colab,
JupyterHub, Binder) compares with the same pins.

The front-end is guessed from what the kernel can see: Colab imports ``google.colab``; VS Code
sets ``VSCODE_*`` variables; a JupyterHub sets ``JUPYTERHUB_*``, Binder ``BINDER_*``. A kernel
cannot tell JupyterLab from Notebook 7 (both are the same Jupyter server), so it says which of
the two are installed.
"""

from __future__ import annotations

import os
import platform
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TextIO

from .i18n import N_, _, translated

__all__ = ["Environment", "check", "report", "detect_frontend", "read_pins", "MATTERS"]

# The distributions the notebooks use at run time, in the order the report lists them.
MATTERS = (
    "numpy",
    "scipy",
    "matplotlib",
    "ipywidgets",
    "ipython",
    "ipykernel",
    "jupyterlab",
    "notebook",
    "mlxtend",
    "pillow",
    "threadpoolctl",
)

# Used at run time but deliberately not pinned in requirements.txt: pip installs them as a dependency of
# the pinned package named here, at a version that package accepts. (Their current releases need
# Python >= 3.11 and the pins also serve 3.10, so one == pin cannot fit every supported Python.)
# the status column of report(), marked for the catalogue (check() keeps the English words as data)
_STATUS = (N_("missing"), N_("not pinned"), N_("ok"), N_("differs"))
INSTALLED_VIA = {"ipython": "ipykernel", "pillow": "matplotlib"}


@dataclass
class Environment:
    """What :func:`check` found. ``rows`` are (distribution, installed or None, pin or None, status)."""

    frontend: str
    python: str
    pins_source: str
    rows: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts worth knowing that need no action


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(text: str) -> dict[str, str]:
    """``name==version`` lines of a requirements file as {canonical name: version}; other lines are ignored."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        name, sep, version = line.partition("==")
        if sep and name.strip() and version.strip():
            pins[_canonical(name.strip())] = version.strip()
    return pins


def read_pins() -> tuple[dict[str, str], str]:
    """The pins and where they came from: the clone's requirements.txt, else the copy inside the package."""
    try:
        repo_file = Path(__file__).resolve().parents[1] / "requirements.txt"
        if repo_file.is_file() and (repo_file.parent / "pyproject.toml").is_file():
            return parse_pins(repo_file.read_text()), str(repo_file)
    except OSError:
        pass
    try:
        shipped = resources.files("helpers.assets") / "_pins.txt"
        return parse_pins(shipped.read_text()), _("the pins shipped with helpers (helpers/assets/_pins.txt)")
    except (OSError, ModuleNotFoundError):
        return {}, _("pins unknown")


def detect_frontend(environ: dict[str, str] | None = None, modules: dict | None = None) -> str:
    """A best guess at the notebook front-end from environment variables and loaded modules; never raises."""
    env = os.environ if environ is None else environ
    mods = sys.modules if modules is None else modules
    try:
        if "google.colab" in mods or "COLAB_RELEASE_TAG" in env or "COLAB_GPU" in env:
            return "Google Colab"
        if any(k.startswith("VSCODE_") for k in env) or "VSCODE_PID" in env:
            return "VS Code"
        where = ""
        if any(k.startswith("BINDER_") for k in env):
            where = " on Binder"
        elif "JUPYTERHUB_USER" in env or "JUPYTERHUB_API_URL" in env:
            where = f" on JupyterHub (user {env.get('JUPYTERHUB_USER', '?')})"
        ipython = mods.get("IPython")
        shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
        kind = type(shell).__name__ if shell is not None else ""
        if kind == "ZMQInteractiveShell" or "JPY_SESSION_NAME" in env or where:
            return "Jupyter (JupyterLab or Notebook 7)" + where
        if kind == "TerminalInteractiveShell":
            return "IPython in a terminal"
        if kind:
            return f"an IPython front-end ({kind})"
        return "plain Python (no notebook front-end)"
    except Exception as exc:  # pragma: no cover - the check must never fail
        return f"unknown ({type(exc).__name__})"


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
    except Exception:  # pragma: no cover - broken metadata
        return None


def check() -> Environment:
    """Collect the front-end, Python, and each distribution in :data:`MATTERS` against its pin."""
    pins, source = read_pins()
    env = Environment(
        frontend=detect_frontend(),
        python=f"{platform.python_version()} ({sys.executable})",
        pins_source=source,
    )
    frontend_is_lab_like = env.frontend.startswith("Jupyter")
    for name in MATTERS:
        have, pin = _installed(name), pins.get(name)
        if have is None and pin is None:
            continue  # neither installed nor pinned (e.g. notebook, when only JupyterLab is used)
        if have is None:
            status = "missing"
            if name == "jupyterlab":
                env.warnings.append(
                    _(
                        "JupyterLab is not installed in this environment: for the full experience "
                        "install the pins (pip install -r requirements.txt) and start `jupyter lab`."
                    )
                    if frontend_is_lab_like
                    else _(
                        "JupyterLab is not installed in this environment: the notebooks run here, but for the full "
                        "experience install the pins (pip install -r requirements.txt) and start `jupyter lab`."
                    )
                )
            elif name not in ("notebook",):
                env.warnings.append(
                    _("{name} is not installed (pinned {pin}): install the pins.").format(name=name, pin=pin)
                )
        elif pin is None and name in INSTALLED_VIA and INSTALLED_VIA[name] in pins:
            status = f"via {INSTALLED_VIA[name]}"
            env.notes.append(
                _(
                    "{name} is not pinned in requirements.txt on purpose: pip installs it with "
                    "{via}=={via_pin} (its current releases need Python >= 3.11; the pins also serve 3.10)."
                ).format(name=name, via=INSTALLED_VIA[name], via_pin=pins[INSTALLED_VIA[name]])
            )
        elif pin is None:
            status = "not pinned"
        elif have == pin:
            status = "ok"
        else:
            status = "differs"
            env.warnings.append(
                _(
                    "{name} {have} is installed, the pin is {pin}: it usually works; if something looks "
                    "different from the text, install the pins ({name}=={pin})."
                ).format(name=name, have=have, pin=pin)
            )
        env.rows.append((name, have, pin, status))
    if not pins:
        env.warnings.append(_("pins unknown: no requirements.txt next to helpers and no shipped copy."))
    return env


def report(file: TextIO | None = None) -> None:
    """Print :func:`check` as a small table with the warnings below it (use :func:`check` for the data).

    Never raises: if the check itself breaks, it prints one line saying so.
    """
    out = sys.stdout if file is None else file
    try:
        env = check()
    except Exception as exc:  # pragma: no cover - the check must never fail
        print(
            _("environment check could not run ({kind}: {exc}); the notebooks may still work.").format(
                kind=type(exc).__name__, exc=exc
            ),
            file=out,
        )
        return
    print(_("front-end : {frontend}").format(frontend=env.frontend), file=out)
    print(_("Python    : {python}").format(python=env.python), file=out)
    print(_("pins from : {source}").format(source=env.pins_source), file=out)
    for name, have, pin, status in env.rows:
        shown = translated(status) if status in _STATUS else status  # "via ..." names a package
        print(
            _("  {name:<14}{have:<12}pin {pin:<12}{status}").format(
                name=name, have=have or "-", pin=pin or "-", status=shown
            ),
            file=out,
        )
    for line in env.notes:
        print(_("note: {line}").format(line=line), file=out)
    for line in env.warnings:
        print(_("WARNING: {line}").format(line=line), file=out)
    if not env.warnings:
        print(_("Everything matches the pins."), file=out)
