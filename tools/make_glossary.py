"""Write docs/glossary.md, the English/Japanese glossary of the whole collection, from helpers.glossary.TERMS.

    python tools/make_glossary.py            # rewrite docs/glossary.md and docs/ja/glossary.md
    python tools/make_glossary.py --check    # exit 1 if either page is out of date

docs/ja/glossary.md is the Japanese page: in Japanese reading order (the term's よみ, or its Japanese
name when the reading is empty, as for katakana terms), with the meanings from helpers.po.

helpers/glossary.py is the one source: notebooks print their own terms with
``glossary_markdown([...])`` in their summary, and this page lists them all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "glossary.md"
OUT_JA = ROOT / "docs" / "ja" / "glossary.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    from helpers.glossary import TERMS

    rows = sorted(TERMS.items(), key=lambda kv: kv[1][0].lower())
    lines = [
        "# Glossary · 用語集 (English / 日本語)",
        "",
        "Every term used in the collection, with its Japanese name as used in E資格 (JDLA Deep Learning for",
        "Engineer) preparation material. Each notebook's summary lists the terms it introduces.",
        "",
        "*Generated from `helpers/glossary.py` by `python tools/make_glossary.py`; do not edit by hand",
        "(a test fails when this page is out of date). 日本語版（よみの五十音順）: [docs/ja/glossary.md](ja/glossary.md).*",
        "",
        f"{len(rows)} terms, in English alphabetical order.",
        "",
        "| English | 日本語 | reading (よみ) | meaning | key |",
        "|---|---|---|---|---|",
    ]
    for key, (en, ja, reading, meaning) in rows:
        lines.append(f"| {_cell(en)} | {_cell(ja)} | {_cell(reading)} | {_cell(meaning)} | `{key}` |")
    lines += [
        "",
        "In a notebook: `from helpers.glossary import glossary_markdown, term`;",
        '`glossary_markdown(["padding", "stride"])` gives a table like this one for those keys, and',
        '`term("padding")` gives "padding (パディング)" for a first mention.',
        "",
    ]
    return "\n".join(lines)


def _reading_key(ja: str, reading: str) -> str:
    """Sort key in 五十音 order: the reading (or the name itself), katakana folded to hiragana."""
    text = reading or ja
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text).lower()


def render_ja() -> str:
    import gettext

    from helpers.glossary import TERMS
    from helpers.i18n import DOMAIN, LOCALE_DIR

    # helpers.po's translations of the meanings (the N_(...) in helpers/glossary.py), without switching helpers' language
    catalog = gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=["ja"])
    rows = sorted(TERMS.items(), key=lambda kv: (_reading_key(kv[1][1], kv[1][2]), kv[1][0].lower()))
    meanings = {key: catalog.gettext(meaning) for key, (_, _, _, meaning) in rows}
    lines = [
        "# 用語集（日本語 / English）",
        "",
        "このコレクションで使うすべての用語を、E資格（JDLA Deep Learning for Engineer）の学習教材で使われる日本語名で",
        "まとめたものです。各ノートブックのまとめには、そのノートブックで導入する用語が表示されます。",
        "",
        "*`python tools/make_glossary.py` が `helpers/glossary.py` から生成します。手で編集しないでください",
        "（このページが古くなるとテストが失敗します）。英語版は [docs/glossary.md](../glossary.md) です。*",
        "",
        f"{len(rows)} 語、よみの五十音順（よみのないカタカナ語はその表記で並べます）。",
        "",
        "| 日本語 | よみ | English | 意味 |",
        "|---|---|---|---|",
    ]
    for key, (en, ja, reading, _meaning) in rows:
        lines.append(f"| {_cell(ja)} | {_cell(reading)} | {_cell(en)} | {_cell(meanings[key])} |")
    lines += [
        "",
        "ノートブックでは `from helpers.glossary import glossary_markdown, term` とし、",
        '`glossary_markdown(["padding", "stride"])` でそのキーの用語の表が、`term("padding")` で初出用の',
        "「padding (パディング)」が得られます。",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that docs/glossary.md is up to date")
    args = parser.parse_args(argv)
    status = 0
    for out, text in ((OUT, render()), (OUT_JA, render_ja())):
        if args.check:
            current = out.read_text(encoding="utf-8") if out.exists() else ""
            if current != text:
                print(f"{out.relative_to(ROOT)} is out of date: run python tools/make_glossary.py")
                status = 1
            else:
                print(f"{out.relative_to(ROOT)} is up to date")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)} ({text.count(chr(10) + '| ') - 1} terms)")
    return status


if __name__ == "__main__":
    sys.exit(main())
