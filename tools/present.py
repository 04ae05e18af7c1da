"""Serve one notebook as a code-free app (Voilà) for classroom projection.

    make present NB=notebooks/02_padding.ipynb
    .venv/bin/python tools/present.py notebooks/02_padding.ipynb [--port 8866] [--no-browser]

Voilà runs the notebook in a fresh kernel and shows only its text, figures and
sliders (no code cells). It listens on 127.0.0.1 only and asks for a token (the
full address is printed). Works as root too. Stop with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


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

    token = args.token or secrets.token_hex(16)
    cmd = [
        voila,
        str(path),
        "--Voila.ip=127.0.0.1",
        f"--port={args.port}",
        "--Voila.port_retries=0",
        f"--token={token}",
        "--theme=light",
        "--show_tracebacks=False",
        "--strip_sources=True",
        f"--Voila.root_dir={path.parent}",
    ]
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if args.no_browser or headless:  # no screen (a server, a container): just print the address
        cmd.append("--no-browser")
    print(
        f"Presenting {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} with Voilà "
        "(code hidden; sliders work)."
    )
    print(f"Open:  http://127.0.0.1:{args.port}/?token={token}")
    print("Stop with Ctrl-C.", flush=True)
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    os.chdir(path.parent)  # the kernel's working directory: relative paths in the notebook work
    try:
        os.execve(voila, cmd, env)  # Voilà takes over this process (Ctrl-C goes straight to it)
    except OSError as exc:
        print(f"present: could not start Voilà: {exc}", file=sys.stderr)
        return 1
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
