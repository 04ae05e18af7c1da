"""The Japanese twins' stored outputs are Japanese: no English sentence printed by a shared code cell or a helper.

Code cells are the same in both editions, so a cell that prints an English literal prints it in notebooks/ja/ too.
Such text goes through ``helpers.i18n.tr`` in the cell (``tools/i18n.py extract`` puts it in helpers.po) or
through ``_()`` in helpers. This test reads the committed outputs (no kernel): it fails when a twin's output has
four or more English words in a row, other than the code and identifiers in ALLOWED.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TWINS = sorted((ROOT / "notebooks" / "ja").glob("[0-9][0-9]_*.ipynb"))

# A word: two or more ASCII letters, one of them lower-case (single letters and capitals are the notation:
# x, W, b, (N, C, KH, KW, OH, OW), ...).
WORD = r"(?=[A-Za-z'’-]*[a-z])[A-Za-z]{2,}[A-Za-z'’-]*"
MIN_WORDS = 4
ENGLISH_RUN = re.compile(rf"{WORD}(?:[,;]? {WORD}){{{MIN_WORDS - 1},}}")

# English that is code or names, fine in the Japanese edition (keep this short: prose belongs in the catalogues).
ALLOWED = (
    re.compile(r"^\s*(def|return|for|if|while|import|from)\b.*$", re.M),  # code printed by the exam's code questions
    re.compile(r"^.*#.*$", re.M),  # a code comment line printed with the code
    re.compile(r"\b(True|False|None)\b"),  # Python values
)
# Cells whose English output is the point (notebook, cell id): keep it to cells that show both languages on purpose.
ALLOWED_CELLS = {
    ("10_exam_practice.ipynb", "cell-004"),  # one exam question rendered in English and then in Japanese
}


def output_texts(nb: dict):
    """(cell id, text) of every stored stream, text/plain and text/html output (HTML tags dropped)."""
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for out in cell.get("outputs", []):
            texts = []
            if out.get("output_type") == "stream":
                texts.append("".join(out["text"]))
            data = out.get("data", {})
            if "text/plain" in data:
                texts.append("".join(data["text/plain"]))
            if "text/html" in data:
                texts.append(re.sub(r"<[^>]+>", " ", "".join(data["text/html"])))
            for text in texts:
                yield cell.get("id", "?"), text


def english_runs(text: str) -> list[str]:
    """The runs of MIN_WORDS or more English words in ``text`` outside the ALLOWED code lines."""
    for pattern in ALLOWED:
        text = pattern.sub("", text)
    return [m.group(0) for m in ENGLISH_RUN.finditer(text)]


def test_english_runs_finds_a_sentence_and_skips_notation():
    assert english_runs("ストライド 2：shift the input by 1 cell") == ["shift the input by"]
    assert english_runs("x, W, b, stride は (N, C, H, W)") == []
    assert english_runs("conv1: (6, 28, 28)、pool1: (6, 14, 14)") == []
    assert english_runs("def im2col(x, kh, kw, stride):\n    return out") == []
    assert english_runs("(N, C, KH, KW, OH, OW) [False, True, True, False, True]") == []


@pytest.mark.parametrize("path", TWINS, ids=lambda p: p.name)
def test_twin_outputs_have_no_english_sentence(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = [
        f"{cell_id}: {run!r}"
        for cell_id, text in output_texts(nb)
        if (path.name, cell_id) not in ALLOWED_CELLS
        for run in english_runs(text)
    ]
    assert not found, (
        f"{path.relative_to(ROOT)}: English in the stored outputs (a shared code cell or a helper prints it "
        "untranslated; wrap the cell's literal in helpers.i18n.tr(...) or the helper's in _(), run "
        "`tools/i18n.py extract`, translate helpers.po, `compile`, then re-execute the twin):\n  "
        + "\n  ".join(found[:40])
        + (f"\n  ... and {len(found) - 40} more" if len(found) > 40 else "")
    )


def test_tr_in_a_code_cell_is_extracted_and_translated():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import i18n as tool

    from helpers import i18n

    found = dict((message, location) for location, message in tool.notebook_code_messages())
    message = "kernel with the gaps filled by zeros:"
    assert found[message][0] == "notebooks/03_stride_and_dilation.ipynb#cell-028"
    assert i18n.message_in("en", message) == message
    assert i18n.message_in("ja", message) == "隙間を 0 で埋めたカーネル："
    assert i18n.message_in("ja", i18n.WIDGET_PLACEHOLDER).startswith("［操作できるウィジェット")
    assert i18n.tr(message) == message  # English unless set_language("ja")
    with pytest.raises(ValueError, match="language"):
        i18n.message_in("fr", message)


def test_pad_lines_up_wide_characters():
    from helpers.i18n import display_width, pad

    assert pad("stride", 8) == f"{'stride':<8}" and pad("stride", 8, ">") == f"{'stride':>8}"
    assert display_width(pad("ストライド", 14)) == 14 and display_width(pad("出力", 10, ">")) == 10
    with pytest.raises(ValueError, match="align"):
        pad("x", 3, "^")
