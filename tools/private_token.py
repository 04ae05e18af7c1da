"""A fresh token for a local Jupyter or Voilà server, handed over in a private file, never on the command line.

    with private_token_config("voila", "Voila") as (token, config_dir, config_file):
        ...   # start the server with its config search path set to config_dir (or --config=config_file)

The token comes from ``secrets`` on every start. It is written to ``<name>.json`` in a folder
only the current user can read (``tempfile.mkdtemp``: mode 0700; the file 0600), so other local
users cannot read it from ``ps`` or ``/proc/<pid>/cmdline``; the folder is removed afterwards.
Used by ``tools/lab.py`` (``make lab``) and ``tools/present.py`` (``make present``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def new_token() -> str:
    return secrets.token_hex(24)


@contextmanager
def private_token_config(name: str, settings: dict, token: str | None = None) -> Iterator[tuple[str, Path, Path]]:
    """Yield (token, folder, file): ``settings`` (a traitlets config dict) with the token filled in.

    Every string value ``"{token}"`` in ``settings`` is replaced by the token.
    """
    token = token or new_token()
    folder = Path(tempfile.mkdtemp(prefix="cnn-private-"))  # mode 0700
    try:
        config = json.loads(json.dumps(settings).replace('"{token}"', json.dumps(token)))
        path = folder / f"{name}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(config, f)
        yield token, folder, path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
