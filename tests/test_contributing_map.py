"""CONTRIBUTING.md's map (notebook -> modules, explorer, exercise bank, tests) matches the tree."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_contributing_map_matches_the_tree():
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "contributing_map.py")], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr + done.stdout
