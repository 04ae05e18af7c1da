"""Serve one notebook as a code-free app (Voilà) for classroom projection.

    make present NB=notebooks/02_padding.ipynb
    .venv/bin/python tools/present.py notebooks/02_padding.ipynb [--port 8866] [--no-browser]

Voilà runs the notebook in a fresh kernel and shows only its text, figures and
sliders (no code cells). It listens on 127.0.0.1 only and asks for a token (the
full address is printed). The token is handed to Voilà in a private config file
(``tools/private_token.py``), never on the command line where ``ps`` shows it to
every local user, and Voilà reads only that config, so a user configuration
cannot empty the token. Works as root too. Stop with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from private_token import private_token_config  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
# JupyterLab front-end extensions that Voilà would load too and that fail there ("Shared module
# @jupyterlab/filebrowser doesn't exist in shared scope"): nbgrader's and the classic notebook's, which
# requirements-nbgrader.txt brings into the same environment (tests/browser/test_browser_voila.py).
LAB_ONLY_EXTENSIONS = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"]


def available() -> str:
    names = sorted(p.relative_to(ROOT).as_posix() for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return "\n".join(f"  {n}" for n in names) or "  (no notebooks found in notebooks/)"


def usage_error(message: str) -> int:
    print(
        f"present: {message}\n\nUsage:  make present NB=notebooks/00_start_here.ipynb\n\n"
        f"Notebooks you can present:\n{available()}",
        file=sys.stderr,
    )
    return 2


def resolve(nb: str) -> Path | None:
    """Accept 'notebooks/02_padding.ipynb', '02_padding.ipynb', '02_padding' or '02'."""
    candidates = [Path(nb), ROOT / nb, NOTEBOOKS / nb]
    if not nb.endswith(".ipynb"):
        candidates += [Path(nb + ".ipynb"), ROOT / (nb + ".ipynb"), NOTEBOOKS / (nb + ".ipynb")]
        candidates += sorted(NOTEBOOKS.glob(f"{Path(nb).name}_*.ipynb"))
    for c in candidates:
        if c.is_file() and c.suffix == ".ipynb":
            return c.resolve()
    return None


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook", nargs="?", default="", help="path of the notebook to present")
    parser.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    parser.add_argument("--token", default=None, help="token to require (default: a random one)")
    args = parser.parse_args(argv)

    if not args.notebook.strip():
        return usage_error("no notebook given (NB is empty).")
    path = resolve(args.notebook.strip())
    if path is None:
        return usage_error(f"notebook {args.notebook!r} not found.")
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if voila is None:
        print(
            "present: Voilà is not installed in this environment; run `make setup` (it is in requirements.txt).",
            file=sys.stderr,
        )
        return 1
    if not port_is_free(args.port):
        print(
            f"present: port {args.port} on 127.0.0.1 is busy (another presentation?). "
            f"Stop it or choose another port: .venv/bin/python tools/present.py NB --port 8867",
            file=sys.stderr,
        )
        return 1

    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    settings = {
        "Voila": {"token": "{token}", "auto_token": False},
        "VoilaConfiguration": {"extension_denylist": LAB_ONLY_EXTENSIONS},
    }
    with private_token_config("voila", settings, token=args.token) as (token, folder, _file):
        cmd = voila_command(voila, path, args.port, folder, no_browser=args.no_browser or headless)
        print(
            f"Presenting {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} with Voilà "
            "(code hidden; sliders work)."
        )
        print(f"Open:  http://127.0.0.1:{args.port}/?token={token}")
        print("Stop with Ctrl-C.", flush=True)
        env = dict(os.environ)
        env.setdefault("PYTHONHASHSEED", "0")
        env.pop("JUPYTER_TOKEN", None)  # the private config is the only source of the token
        try:
            proc = subprocess.Popen(cmd, env=env, cwd=path.parent)  # cwd: relative paths in the notebook work
        except OSError as exc:
            print(f"present: could not start Voilà: {exc}", file=sys.stderr)
            return 1
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches Voilà too; wait for it, then remove the token file
            try:
                return proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.terminate()
                return proc.wait()


def voila_command(voila: str, path: Path, port: int, config_dir: Path, *, no_browser: bool) -> list[str]:
    """Voilà's command line: no token on it; config read only from ``config_dir`` (the private file)."""
    cmd = [
        voila,
        str(path),
        f"--Voila.config_file_paths={config_dir}",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--theme=light",
        "--show_tracebacks=False",
        "--strip_sources=True",
        f"--Voila.root_dir={path.parent}",
    ]
    if no_browser:  # no screen (a server, a container): just print the address
        cmd.append("--no-browser")
    return cmd


if __name__ == "__main__":
    sys.exit(main())
