"""Each notebook uses only what it or an earlier notebook taught (issue: topics used before they are taught).

Which notebook teaches a term is read from the notebooks themselves: every notebook ends with a glossary cell,
``glossary_markdown([...])``, listing the terms it introduces; the teacher is the first notebook (after 00)
whose glossary lists the term. A notebook that lists a term but defers it to a later notebook whose glossary
also lists it (its text points there, e.g. "notebook 07", before or where it first uses the term) previews the
term and does not teach it. helpers.glossary.TAUGHT_IN gives, per term, how text that uses it looks (a regex);
its notebook numbers must agree with the notebooks.

An earlier notebook may use the idea only once it has pointed to the notebook that teaches it
("notebook 07", or a link to 07_pooling.ipynb) in that cell or an earlier one. Notebook 00 previews the
whole notation and is exempt.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path

import pytest

from helpers.glossary import TAUGHT_IN, TERMS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
GLOSSARY_CALL = re.compile(r"glossary_markdown\(\s*(\[[^\]]*\])")


def _cells(path: Path) -> list[tuple[str, str]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c.get("id", "?"), "".join(c["source"])) for c in nb["cells"]]


def glossary_terms(path: Path) -> list[str]:
    """The terms listed by the notebook's glossary cell(s): the literal list passed to ``glossary_markdown``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    terms: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for m in GLOSSARY_CALL.finditer("".join(cell["source"])):
            terms += [t for t in ast.literal_eval(m.group(1)) if t not in terms]
    return terms


def _pointer(teacher: int) -> re.Pattern:
    return re.compile(rf"notebooks? 0?{teacher}\b|0{teacher}_\w+\.ipynb|notebook 0?{teacher}'s", re.I)


NEAR = 150  # characters: how close to a term's first use a pointer to a later notebook must be to defer it


def _defers(cells: list[tuple[str, str]], pattern: str, later: int) -> bool:
    """True when the cell of the first use of ``pattern`` points to notebook ``later`` next to that use
    ("Pooling (notebook 07) ..."): the notebook previews the idea and leaves teaching it to ``later``. A pointer
    elsewhere (an overview's "next: notebook 06") does not defer every term the notebook uses."""
    use, point = re.compile(pattern, re.I), _pointer(later)
    for _, text in cells:
        m = use.search(text)
        if m:
            return any(abs(p.start() - m.start()) <= NEAR for p in point.finditer(text))
    return False


def teaching_notebooks(notebooks: list[Path], patterns: dict[str, str]) -> dict[str, int | None]:
    """term -> number of the first notebook (after 00) whose glossary lists it and does not defer it; None if none."""
    listed = {int(p.name[:2]): (glossary_terms(p), _cells(p)) for p in notebooks if int(p.name[:2]) > 0}
    found: dict[str, int | None] = {}
    for key, pattern in patterns.items():
        listers = [n for n in sorted(listed) if key in listed[n][0]]
        found[key] = next(
            (n for n in listers if not any(_defers(listed[n][1], pattern, m) for m in listers if m > n)), None
        )
    return found


@functools.cache
def taught_in() -> dict[str, int | None]:
    return teaching_notebooks(NOTEBOOKS, {k: p for k, (_, p) in TAUGHT_IN.items()})


def first_unannounced_uses(path: Path, teachers: dict[str, int | None] | None = None) -> list[str]:
    """'cell-007: pooling (taught in 07) ...' for each idea used before its pointer; [] when none."""
    teachers = taught_in() if teachers is None else teachers
    number = int(path.name[:2])
    problems = []
    for key, (_, pattern) in TAUGHT_IN.items():
        teacher = teachers.get(key)
        if teacher is None or number == 0 or number >= teacher:
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


def test_every_glossary_cell_is_found_and_lists_known_terms():
    for path in NOTEBOOKS:
        terms = glossary_terms(path)
        assert terms, f"{path.name}: no glossary_markdown([...]) cell found"
        assert set(terms) <= set(TERMS), (path.name, sorted(set(terms) - set(TERMS)))


def test_taught_in_agrees_with_the_notebooks_glossaries():
    """TAUGHT_IN's notebook numbers are the ones the notebooks' glossary cells give."""
    derived = taught_in()
    wrong = {k: (t, derived[k]) for k, (t, _) in TAUGHT_IN.items() if derived[k] != t}
    assert not wrong, f"term: (TAUGHT_IN, from the notebooks' glossaries) disagree: {wrong}"


def _write(path: Path, cells: list[tuple[str, str, str]]) -> Path:
    nb = {"cells": [{"id": i, "cell_type": t, "source": [s]} for i, t, s in cells]}
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_the_teacher_is_the_first_glossary_that_does_not_defer(tmp_path):
    gloss = 'Markdown(glossary_markdown(["pooling", "kernel"]))'
    early = _write(
        tmp_path / "04_x.ipynb", [("a", "markdown", "Pooling (notebook 07) uses it too."), ("g", "code", gloss)]
    )
    teacher = _write(tmp_path / "07_pooling.ipynb", [("a", "markdown", "Max pooling."), ("g", "code", gloss)])
    assert teaching_notebooks([early, teacher], {"pooling": r"\bpooling\b"}) == {"pooling": 7}
    # without the pointer to 07, notebook 04's glossary makes 04 the teacher
    _write(early, [("a", "markdown", "Pooling uses it too."), ("g", "code", gloss)])
    assert teaching_notebooks([early, teacher], {"pooling": r"\bpooling\b"}) == {"pooling": 4}
    # a term no glossary lists has no teacher
    assert teaching_notebooks([early, teacher], {"relu": r"\bReLU\b"}) == {"relu": None}


def test_a_wrong_taught_in_number_is_caught():
    derived = taught_in()
    assert derived["pooling"] == 7 and derived["im2col"] == 6
    wrong = {**{k: t for k, (t, _) in TAUGHT_IN.items()}, "pooling": 4}
    assert {k for k, t in wrong.items() if derived[k] != t} == {"pooling"}


@pytest.mark.parametrize("teacher_term", sorted(TAUGHT_IN))
def test_the_teaching_notebook_really_uses_its_term(teacher_term):
    teacher, pattern = taught_in()[teacher_term], TAUGHT_IN[teacher_term][1]
    assert teacher is not None, f"{teacher_term}: no notebook's glossary lists it"
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
    assert [p.split(":")[0] for p in first_unannounced_uses(path, {"pooling": 7})] == ["a"]
    nb["cells"].reverse()
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert first_unannounced_uses(path, {"pooling": 7}) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_idea_is_used_before_it_is_taught(path):
    assert first_unannounced_uses(path) == []


def test_a_pointer_far_from_the_first_use_does_not_defer(tmp_path):
    gloss = 'Markdown(glossary_markdown(["pooling", "kernel"]))'
    overview = "What you'll need: notebook 07's ideas later. " + "x " * 100 + "Pooling shrinks a map."
    early = _write(tmp_path / "04_x.ipynb", [("a", "markdown", overview), ("g", "code", gloss)])
    teacher = _write(tmp_path / "07_pooling.ipynb", [("a", "markdown", "Max pooling."), ("g", "code", gloss)])
    assert teaching_notebooks([early, teacher], {"pooling": r"\bpooling\b"}) == {"pooling": 4}
