"""Each notebook uses only what it or an earlier notebook taught (issue: topics used before they are taught).

helpers.glossary.TAUGHT_IN says in which notebook an idea is taught and how text that uses it looks.
An earlier notebook may use the idea only once it has pointed to the notebook that teaches it
("notebook 07", or a link to 07_pooling.ipynb) in that cell or an earlier one. Notebook 00 previews the
whole notation and is exempt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.glossary import TAUGHT_IN, TERMS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _cells(path: Path) -> list[tuple[str, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c.get("id", "?"), "".join(c["source"])) for c in nb["cells"]]


def _pointer(teacher: int) -> re.Pattern:
    return re.compile(rf"notebooks? 0?{teacher}\b|0{teacher}_\w+\.ipynb|notebook 0?{teacher}'s", re.I)


def first_unannounced_uses(path: Path) -> list[str]:
    """'cell-007: pooling (taught in 07) ...' for each idea used before its pointer; [] when none."""
    number = int(path.name[:2])
    problems = []
    for key, (teacher, pattern) in TAUGHT_IN.items():
        if number == 0 or number >= teacher:
            continue
        use, point = re.compile(pattern, re.I), _pointer(teacher)
        for cell_id, text in _cells(path):
            if point.search(text):
                break  # pointed to before (or in the cell of) the first use
            m = use.search(text)
            if m:
                problems.append(
                    f"{cell_id}: {key} (taught in notebook {teacher:02d}) used as "
                    f"{text[max(0, m.start() - 40) : m.end() + 30]!r} before any pointer to notebook {teacher:02d}"
                )
                break
    return problems


def test_taught_in_names_real_terms_and_notebooks():
    numbers = {int(p.name[:2]) for p in NOTEBOOKS}
    for key, (teacher, pattern) in TAUGHT_IN.items():
        assert key in TERMS, key
        assert teacher in numbers, (key, teacher)
        re.compile(pattern)


@pytest.mark.parametrize("teacher_term", sorted(TAUGHT_IN))
def test_the_teaching_notebook_really_uses_its_term(teacher_term):
    teacher, pattern = TAUGHT_IN[teacher_term]
    path = next(p for p in NOTEBOOKS if int(p.name[:2]) == teacher)
    assert any(re.search(pattern, text, re.I) for _, text in _cells(path)), (teacher_term, path.name)


def test_the_rule_catches_a_use_before_the_pointer(tmp_path):
    nb = {
        "cells": [
            {"id": "a", "cell_type": "markdown", "source": ["Max pooling halves the map."]},
            {"id": "b", "cell_type": "markdown", "source": ["Pooling is taught in notebook 07."]},
        ]
    }
    path = tmp_path / "03_x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert [p.split(":")[0] for p in first_unannounced_uses(path)] == ["a"]
    nb["cells"].reverse()
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert first_unannounced_uses(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_idea_is_used_before_it_is_taught(path):
    assert first_unannounced_uses(path) == []
