"""docs/glossary.md is generated from helpers.glossary and up to date; notebooks only use known terms."""

import ast
import importlib.util
import json
from pathlib import Path

import pytest

from helpers.glossary import TERMS

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_glossary", ROOT / "tools" / "make_glossary.py")
make_glossary = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_glossary)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_glossary_page_is_up_to_date():
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert page == make_glossary.render(), "docs/glossary.md is out of date: run python tools/make_glossary.py"


def test_glossary_page_lists_every_term_once():
    page = make_glossary.render()
    for key, (_en, ja, _, _) in TERMS.items():
        assert page.count(f"`{key}` |") == 1, key
        assert ja.replace("|", "\\|") in page


def test_terms_are_complete():
    for key, (en, ja, _reading, meaning) in TERMS.items():
        assert en and ja and meaning, key
        assert any(ord(ch) > 0x3000 for ch in ja) or ja == en, f"{key}: Japanese name missing"


def _glossary_keys(path):
    """Keys passed to glossary_markdown([...]) in a notebook's code cells (read statically)."""
    keys = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "glossary_markdown"
            ):
                if node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
                    keys += [e.value for e in node.args[0].elts if isinstance(e, ast.Constant)]
    return keys


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_summary_lists_known_glossary_terms(path):
    keys = _glossary_keys(path)
    assert keys, f"{path.name}: its summary should list its terms with glossary_markdown([...])"
    unknown = [k for k in keys if k not in TERMS]
    assert not unknown, f"{path.name}: add these terms to helpers/glossary.py: {unknown}"


def test_japanese_glossary_page_is_up_to_date():
    page = (ROOT / "docs" / "ja" / "glossary.md").read_text(encoding="utf-8")
    assert page == make_glossary.render_ja(), "docs/ja/glossary.md is out of date: run python tools/make_glossary.py"


def test_japanese_glossary_is_in_reading_order_with_japanese_meanings():
    rows = [line.split(" | ") for line in make_glossary.render_ja().splitlines() if line.startswith("| ")][1:]
    assert len(rows) == len(TERMS)
    keys = [make_glossary._reading_key(ja.lstrip("| "), reading) for ja, reading, *_ in rows]
    assert keys == sorted(keys)
    assert make_glossary._reading_key("パディング", "") == make_glossary._reading_key("", "ぱでぃんぐ")
    japanese = [m for *_, m in rows if any("\u3040" <= ch <= "\u9fff" for ch in m)]
    assert len(japanese) > 0.9 * len(rows), "meanings should come from helpers.po in Japanese"
