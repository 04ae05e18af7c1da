"""Files that ship inside the package (trained weights), found wherever ``helpers`` is installed.

    from helpers.assets import weights_path
    model.load(weights_path("simple_convnet_digits.npz"))

Notebooks load shipped files through this module, never through a path relative to
their working directory, so they run the same from a clone, from a pip-installed
wheel (Colab, JupyterHub) or from any folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_files() -> list[str]:
    """Names of the files in ``helpers/assets`` (weights and other data shipped with the package)."""
    return sorted(p.name for p in resources.files(__name__).iterdir() if not p.name.startswith(("_", ".")))


def weights_path(name: str) -> Path:
    """Path of a file shipped in ``helpers/assets``, e.g. ``weights_path("simple_convnet_digits.npz")``.

    Raises FileNotFoundError naming the files that do ship when ``name`` is not one of them.
    """
    if not isinstance(name, str):
        raise TypeError(f"weights_path: name must be a file name (str), got {type(name).__name__} {name!r}")
    entry = resources.files(__name__) / name
    if not entry.is_file():
        raise FileNotFoundError(
            f"weights_path: {name!r} does not ship with helpers; shipped files: {shipped_files()}. "
            "Train and save your own with Sequential.save, then load that path instead."
        )
    # Installed packages are plain folders (wheel, editable); resources.as_file would copy zips.
    return Path(str(entry))
