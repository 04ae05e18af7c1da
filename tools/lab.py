"""``make lab``: JupyterLab on notebooks/, on 127.0.0.1 only, with a fresh token on every start.

    .venv/bin/python tools/lab.py [--port 8888] [--no-browser]

The token is made here (``secrets``) and given to the server in a private config file loaded
last (``--config``), so a user configuration that empties the token or sets another one cannot
turn authentication off; it is never on the command line (where ``ps`` shows it to every local
user). The address with the token is printed. Stop with Ctrl-C.
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

LANDING = "/lab/tree/index.ipynb"  # written by tools/i18n.py build: the English and the Japanese edition
SETTINGS = {
    "IdentityProvider": {"token": "{token}"},
    "ServerApp": {"ip": "127.0.0.1", "allow_remote_access": False},
}


def lab_command(jupyter: str, config_file: Path, port: int, no_browser: bool) -> list[str]:
    cmd = [
        jupyter,
        "lab",
        f"--config={config_file}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # the printed address is the real one
        f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        f"--ServerApp.default_url={LANDING}",  # notebooks/index.ipynb: links to both editions
    ]
    if no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    return cmd


def free_port(first: int, tries: int = 20) -> int | None:
    """The first port from ``first`` on that 127.0.0.1 can bind, or None."""
    for port in range(first, first + tries):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8888, help="port on 127.0.0.1 (default 8888)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    args = parser.parse_args(argv)
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which("jupyter")
    if jupyter is None:
        print("lab: Jupyter is not installed in this environment; run `make setup`.", file=sys.stderr)
        return 1
    port = free_port(args.port)
    if port is None:
        print(f"lab: ports {args.port}-{args.port + 19} on 127.0.0.1 are busy; try --port 9000", file=sys.stderr)
        return 1
    args.port = port
    with private_token_config("lab_config", SETTINGS) as (token, _folder, config_file):
        cmd = lab_command(jupyter, config_file, args.port, args.no_browser)
        print("Starting JupyterLab on notebooks/ (localhost only, token authentication on, a new token each start).")
        print(f"Open:  http://127.0.0.1:{args.port}{LANDING}?token={token}")
        print("       (English and 日本語: the page links both editions)")
        print("Stop with Ctrl-C.", flush=True)
        proc = subprocess.Popen(cmd)
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches JupyterLab too; wait for it to shut down
            try:
                return proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.terminate()
                return proc.wait()


if __name__ == "__main__":
    sys.exit(main())
