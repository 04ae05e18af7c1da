"""Write docs/glossary.md, the English/Japanese glossary of the whole collection, from helpers.glossary.TERMS.

    python tools/make_glossary.py            # rewrite docs/glossary.md
    python tools/make_glossary.py --check    # exit 1 if docs/glossary.md is out of date

helpers/glossary.py is the one source: notebooks print their own terms with
``glossary_markdown([...])`` in their summary, and this page lists them all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "glossary.md"


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
        "(a test fails when this page is out of date).*",
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that docs/glossary.md is up to date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python tools/make_glossary.py")
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({text.count(chr(10) + '| ') - 1} terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
