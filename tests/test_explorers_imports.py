"""The explorers share drawing code through helpers.plotting, never through each other's private names."""

import re
from pathlib import Path

EXPLORERS = Path(__file__).resolve().parents[1] / "helpers" / "explorers"
PRIVATE_IMPORT = re.compile(r"from\s+(?:\.|helpers\.explorers\.)\w+\s+import\s+(?:\([^)]*\b_\w+[^)]*\)|[^\n(]*\b_\w+)")


def test_no_explorer_imports_another_explorers_private_names():
    offenders = []
    for path in sorted(EXPLORERS.glob("*.py")):
        for m in PRIVATE_IMPORT.finditer(path.read_text()):
            if re.match(rf"from\s+\.{path.stem}_\w+\s", m.group(0)):
                continue  # a module's own split-off part (output_size -> output_size_grid) is not another explorer
            offenders.append(f"{path.name}: {m.group(0)!r}")
    assert not offenders, "import the public renderer from helpers.plotting instead:\n" + "\n".join(offenders)


def test_pattern_catches_a_private_import():
    assert PRIVATE_IMPORT.search("from .stride import _fast_grid, x")
    assert PRIVATE_IMPORT.search("from .convolution import (\n    draw_step,\n    _block,\n)")
    assert not PRIVATE_IMPORT.search("from .stride import draw_stride")


def test_shared_renderers_are_public_in_plotting():
    from helpers import plotting

    for name in ("draw_grid", "GridCanvas", "cell_grid", "grid_block", "draw_outlines"):
        assert name in plotting.__all__ and callable(getattr(plotting, name))
