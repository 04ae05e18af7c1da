"""The Japanese edition from one source: gettext catalogues (Babel) for the notebooks and for helpers.

    python tools/i18n.py extract      # update both .po catalogues from the English sources
    python tools/i18n.py compile      # helpers.po -> helpers.mo (shipped in the wheel)
    python tools/i18n.py build        # notebooks/NN_*.ipynb + notebooks.po -> notebooks/ja/NN_*.ipynb
    python tools/i18n.py status       # entries, words, missing / fuzzy / stale, per notebook
    python tools/i18n.py exam-links   # notebooks.po -> helpers/exam/ja_links.py (the exam's Japanese anchors)

The teacher's guides (``DOCS``: docs/teaching.md, docs/classroom-hub.md) go the same way through
``notebooks/locale/ja/LC_MESSAGES/docs.po``: one entry per paragraph, list item, heading or table
(msgctxt ``<file>#<n>``), indented and fenced code blocks kept as they are; ``build`` also writes
docs/ja/<file> (relative links re-pointed from docs/ja/, notebook links to notebooks/ja/).

The English notebooks are the source. ``extract`` writes one catalogue entry per markdown cell
(msgctxt ``<notebook>#<cell id>``, msgid the cell's English source) to
``notebooks/locale/ja/LC_MESSAGES/notebooks.po`` and merges it with Babel's ``Catalog.update``,
so that an English cell that changed keeps its Japanese text marked ``#, fuzzy`` with the old
English as ``#| msgid`` (review it, fix the translation, delete the fuzzy flag). A cell that went
away becomes an obsolete ``#~`` entry. The helpers catalogue
``helpers/locale/ja/LC_MESSAGES/helpers.po`` is extracted the same way from every ``_("...")`` and
``ngettext(...)`` call in helpers/, and from every ``tr("...")`` (helpers.i18n.tr) in the English
notebooks' code cells: the code cells are shared, so what a cell prints or draws is translated there.

``build`` writes the Japanese twin of every notebook whose markdown entries are all translated
and not fuzzy (``--partial`` builds the others too, English where a translation is missing): the
markdown cells are the translations, the code cells are the English ones unchanged (but for a line
``LANGUAGE = "en"``, which becomes ``LANGUAGE = "ja"``: see ``twin_code``), and a first
code cell ``helpers.set_language("ja")`` switches helpers' messages and the figure font. Outputs
of code cells whose source did not change are kept from the existing twin, so a rebuild after a
translation fix does not throw away an executed notebook; anything else is left for
``tools/run_notebooks.py notebooks/ja/*.ipynb`` to execute.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import io
import json
import re
import sys
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
JA_DIR = NOTEBOOKS / "ja"
NOTEBOOK_PO = NOTEBOOKS / "locale" / "ja" / "LC_MESSAGES" / "notebooks.po"
HELPERS_PO = ROOT / "helpers" / "locale" / "ja" / "LC_MESSAGES" / "helpers.po"
HELPERS_MO = HELPERS_PO.with_suffix(".mo")
DOCS = [ROOT / "docs" / "teaching.md", ROOT / "docs" / "classroom-hub.md"]
DOCS_PO = NOTEBOOK_PO.with_name("docs.po")
DOCS_JA = ROOT / "docs" / "ja"
EXAM_LINKS = ROOT / "helpers" / "exam" / "ja_links.py"
LANG_CELL_ID = "ja-set-language"
LANG_CELL_SOURCE = (
    "# 日本語版：helpers のメッセージ（判定・ヒント・図のラベル）を日本語にし、図に日本語フォントを使います。\n"
    "import helpers\n"
    "\n"
    'helpers.set_language("ja")'
)
# A notebook whose helpers take the language as an argument (10's exam) names it in one line ``LANGUAGE = "en"``;
# the twin gets ``LANGUAGE = "ja"`` there, its only code difference besides the set_language cell.
LANGUAGE_LINE = re.compile(r'^LANGUAGE = "en"(?:  #.*)?$', re.M)
LANGUAGE_LINE_JA = 'LANGUAGE = "ja"  # "en" で英語'
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
WIDTH = 0  # no re-wrapping of msgid/msgstr lines: a cell's lines stay its lines


def twin_code(source: str) -> str:
    """The twin's version of an English code cell: the same, except a ``LANGUAGE = "en"`` line says "ja"."""
    return LANGUAGE_LINE.sub(LANGUAGE_LINE_JA, source)


def english_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def context(path: Path, cell) -> str:
    return f"{path.name}#{cell['id']}"


def markdown_cells(path: Path):
    nb = nbformat.read(path, as_version=4)
    return nb, [c for c in nb.cells if c.cell_type == "markdown" and c.source.strip()]


# ---------------------------------------------------------------- catalogues


def _new_catalog(domain: str) -> Catalog:
    return Catalog(
        locale="ja",
        domain=domain,
        project="cnn-notebooks",
        version="0.1.0",
        copyright_holder="the cnn-notebooks authors",
        charset="utf-8",
        fuzzy=False,
    )


def notebook_template() -> Catalog:
    template = _new_catalog("notebooks")
    for path in english_notebooks():
        _, cells = markdown_cells(path)
        for i, cell in enumerate(cells):
            template.add(
                cell.source,
                context=context(path, cell),
                locations=[(f"notebooks/{path.name}", i + 1)],
                auto_comments=[f"markdown cell {i + 1} of {len(cells)} in {path.name}"],
            )
    return template


def helpers_template() -> Catalog:
    template = _new_catalog("helpers")
    keywords = dict(DEFAULT_KEYWORDS)
    found = extract_from_dir(
        ROOT / "helpers", method_map=[("**.py", "python")], keywords=keywords, comment_tags=("TRANSLATORS:",)
    )
    for filename, lineno, message, comments, ctx in found:
        template.add(
            message,
            locations=[(f"helpers/{filename}", lineno)],
            auto_comments=comments,
            context=ctx,
        )
    for location, message in notebook_code_messages():
        template.add(message, locations=[location])
    return template


def notebook_code_messages() -> list[tuple[tuple[str, int], str]]:
    """Every ``tr("...")`` in the English notebooks' code cells (helpers.i18n.tr): what a shared code cell prints or
    draws, translated in the twin through helpers.po. Location: ``notebooks/<name>#<cell id>`` and the line."""
    from babel.messages.extract import extract as extract_python

    found = []
    for path in english_notebooks():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or "tr(" not in cell.source:
                continue
            # magics and shell lines are not Python: blank them (keeps the line numbers)
            source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.split("\n"))
            for lineno, message, _comments, _context in extract_python(
                "python", io.BytesIO(source.encode("utf-8")), keywords={"tr": None}, comment_tags=()
            ):
                found.append(((f"notebooks/{path.name}#{cell['id']}", lineno), message))
    return found


def doc_blocks(text: str) -> list[tuple[str, str, bool]]:
    """A markdown page as (separator, block, translatable): ``"".join(sep + block)`` gives the page back
    (but its first separator). Code blocks (fenced, or every line indented by 4 spaces) are kept as they are;
    a list is one block per item (separator one newline)."""
    blocks: list[tuple[str, str, bool]] = []
    fence: list[str] | None = None
    for chunk in text.rstrip("\n").split("\n\n"):
        if fence is not None:
            fence.append(chunk)
            if chunk.rstrip().endswith("```"):
                blocks.append(("\n\n", "\n\n".join(fence), False))
                fence = None
            continue
        if chunk.lstrip().startswith("```") and chunk.count("```") % 2:
            fence = [chunk]
            continue
        lines = chunk.split("\n")
        if all(line.startswith("    ") for line in lines) or chunk.lstrip().startswith("```"):
            blocks.append(("\n\n", chunk, False))
        elif re.match(r"[-*] ", lines[0]):
            items: list[list[str]] = []
            for line in lines:
                if re.match(r"[-*] ", line) or not items:
                    items.append([line])
                else:
                    items[-1].append(line)
            blocks += [("\n\n" if j == 0 else "\n", "\n".join(item), True) for j, item in enumerate(items)]
        else:
            blocks.append(("\n\n", chunk, True))
    return blocks


def docs_template() -> Catalog:
    template = _new_catalog("docs")
    for path in DOCS:
        blocks = doc_blocks(path.read_text(encoding="utf-8"))
        for i, (_sep, block, translatable) in enumerate(blocks):
            if translatable:
                template.add(
                    block,
                    context=f"{path.name}#{i}",
                    locations=[(f"docs/{path.name}", i + 1)],
                    auto_comments=[f"block {i + 1} of {len(blocks)} in docs/{path.name}"],
                )
    return template


_LINK = re.compile(r"(\]\()([^)\s#]+)")


def _ja_link(match: re.Match) -> str:
    """A relative link of a page in docs/ as seen from docs/ja/: notebooks to their Japanese twins."""
    target = match.group(2)
    if re.match(r"[a-z]+:", target) or target.startswith("/"):
        return match.group(0)
    nb = re.fullmatch(r"\.\./notebooks/([^/]+\.ipynb)", target)
    if nb:
        return f"{match.group(1)}../../notebooks/ja/{nb.group(1)}"
    if target in {p.name for p in DOCS} | {"glossary.md"}:
        return match.group(0)  # the Japanese page next to it
    return f"{match.group(1)}../{target}"


def translated_doc(path: Path, catalog: Catalog, partial: bool = False) -> str | None:
    """The Japanese page of ``path`` or None when an entry is missing/fuzzy and not ``partial``."""
    out = []
    for i, (sep, block, translatable) in enumerate(doc_blocks(path.read_text(encoding="utf-8"))):
        entry = catalog.get(block, f"{path.name}#{i}") if translatable else None
        if translatable and (entry is None or not entry.string or entry.fuzzy):
            if not partial:
                return None
            entry = None
        out.append((sep if out else "") + (_LINK.sub(_ja_link, entry.string) if entry else block))
    return "".join(out) + "\n"


def build_docs(partial: bool = False) -> list[Path]:
    catalog = read_catalog(DOCS_PO, "docs")
    written = []
    for path in DOCS:
        text = translated_doc(path, catalog, partial)
        if text is None:
            print(f"skipped docs/{path.name}: untranslated or fuzzy entries (python tools/i18n.py status)")
            continue
        out = DOCS_JA / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out.relative_to(ROOT)}")
        written.append(out)
    return written


def read_catalog(path: Path, domain: str) -> Catalog:
    if not path.exists():
        return _new_catalog(domain)
    with path.open("rb") as f:
        return read_po(f, locale="ja", domain=domain)


def merge(old: Catalog, template: Catalog) -> Catalog:
    """Babel's msgmerge, after one step of our own: a cell whose English changed (same context,
    new msgid) keeps its translation as fuzzy with the old English as previous msgid, instead of
    whatever cell difflib would find closest."""
    by_context = {m.context: m for m in old if m.id and m.context}
    previous_ids = {}
    for message in template:
        if not message.id or old.get(message.id, message.context) is not None:
            continue
        previous = by_context.get(message.context)
        if previous is None or not previous.string:
            continue
        old.delete(previous.id, context=previous.context)
        old[message.id] = Message(
            message.id,
            previous.string,
            context=message.context,
            flags={"fuzzy"} | set(previous.flags),
            previous_id=[previous.id],
            user_comments=previous.user_comments,
        )
        previous_ids[message.id, message.context] = [previous.id]
    old.update(template, update_header_comment=False, update_creation_date=False)
    for (msgid, ctx), previous_id in previous_ids.items():
        old.get(msgid, ctx).previous_id = previous_id  # update() keeps the template's (empty) previous_id
    return old


def write_catalog(catalog: Catalog, path: Path) -> bool:
    buf = io.BytesIO()
    # No "#| msgid" lines: Babel 2.19 wraps a long previous msgid over several "#|" lines but reads the
    # continuation lines back as translator comments, so every extract added broken "# | ..." comments.
    # A changed cell stays fuzzy (the flag is what the status and the tests read); git keeps the old English.
    write_po(buf, catalog, width=WIDTH, omit_header=False, sort_output=False, include_previous=False)
    text = buf.getvalue()
    # Dates in the header churn git diffs on every extract; keep the stored ones.
    text = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"\\]*\\n"\n', b"", text)
    if path.exists() and path.read_bytes() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return True


def extract() -> None:
    for path, domain, template in (
        (NOTEBOOK_PO, "notebooks", notebook_template()),
        (HELPERS_PO, "helpers", helpers_template()),
        (DOCS_PO, "docs", docs_template()),
    ):
        catalog = merge(read_catalog(path, domain), template)
        changed = write_catalog(catalog, path)
        print(f"{path.relative_to(ROOT)}: {'updated' if changed else 'unchanged'}; " + summary(catalog))


def compile_mo() -> bytes:
    catalog = read_catalog(HELPERS_PO, "helpers")
    # The .po keeps no dates (git has them); fixed ones keep the .mo byte-identical for the same .po.
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def write_compiled() -> None:
    data = compile_mo()
    if not HELPERS_MO.exists() or HELPERS_MO.read_bytes() != data:
        HELPERS_MO.write_bytes(data)
        print(f"wrote {HELPERS_MO.relative_to(ROOT)}")
    else:
        print(f"{HELPERS_MO.relative_to(ROOT)} is up to date")


# ---------------------------------------------------------------- the exam's Japanese links


def heading_anchors(path: Path) -> set[str]:
    """JupyterLab's anchors of a notebook's headings (helpers.exam.registry.anchor of every heading line)."""
    from helpers.exam.registry import anchor

    _, cells = markdown_cells(path)
    return {anchor(line) for cell in cells for line in _heading_lines(cell.source)}


def _heading_lines(text: str) -> list[str]:
    """The heading lines of a markdown cell, in order ('#' kept)."""
    return [line for line in text.splitlines() if line.startswith("#")]


def exam_links_source() -> str:
    """helpers/exam/ja_links.py: every exam section's English link -> the anchor of its translated heading.

    The wheel ships helpers/ but not notebooks/locale, so the exam cannot read notebooks.po when it runs: this
    module is its extract. A section's heading is found in the English cell, and the translation is the heading
    line at the same position in that cell's entry of notebooks.po.
    """
    from helpers.exam import GENERATORS
    from helpers.exam.registry import anchor, link

    catalog = read_catalog(NOTEBOOK_PO, "notebooks")
    sections = sorted({(g.notebook, g.section) for g in GENERATORS.values()})
    found: dict[str, str] = {}
    for notebook, section in sections:
        path = NOTEBOOKS / notebook
        _, cells = markdown_cells(path)
        for cell in cells:
            lines = _heading_lines(cell.source)
            index = next((i for i, h in enumerate(lines) if h.lstrip("#").strip() == section), None)
            if index is None:
                continue
            entry = catalog.get(cell.source, context(path, cell))
            if entry is None or not entry.string or entry.fuzzy:
                raise ValueError(f"exam_links_source: {context(path, cell)} ({section!r}) has no Japanese translation")
            translated = _heading_lines(entry.string)
            if len(translated) != len(lines):
                raise ValueError(
                    f"exam_links_source: {context(path, cell)} has {len(lines)} heading lines in English but "
                    f"{len(translated)} in Japanese; give the translation the same headings"
                )
            found[link(notebook, section)] = anchor(translated[index])
            break
        else:
            raise ValueError(f"exam_links_source: no heading {section!r} in {notebook}")
    body = "".join(
        f"    {json.dumps(en, ensure_ascii=False)}: {json.dumps(ja, ensure_ascii=False)},\n" for en, ja in found.items()
    )
    return (
        '"""The exam\'s links in Japanese: a section\'s English link -> the anchor of its heading in notebooks/ja/.\n\n'
        "Written by ``python tools/i18n.py exam-links`` from notebooks/locale/ja/LC_MESSAGES/notebooks.po; do not edit\n"
        "by hand (tests/test_exam.py fails when it is out of date).\n"
        '"""\n\n'
        f"JA_ANCHORS: dict[str, str] = {{\n{body}}}\n"
    )


def write_exam_links() -> None:
    text = exam_links_source()
    if not EXAM_LINKS.exists() or EXAM_LINKS.read_text(encoding="utf-8") != text:
        EXAM_LINKS.write_text(text, encoding="utf-8")
        print(f"wrote {EXAM_LINKS.relative_to(ROOT)}")
    else:
        print(f"{EXAM_LINKS.relative_to(ROOT)} is up to date")


# ---------------------------------------------------------------- checks


def problems(catalog: Catalog, template: Catalog) -> dict[str, list[str]]:
    """Per kind, the contexts (or msgids) of entries that keep the edition from being complete.

    missing: an English message with no entry or an empty msgstr; fuzzy: translated from an older
    English text (review it); stale: the catalogue was not re-extracted after the English changed
    (``extract`` has not been run); obsolete: entries for English text that is gone.
    """
    out: dict[str, list[str]] = {"missing": [], "fuzzy": [], "stale": [], "obsolete": []}
    for message in template:
        if not message.id:
            continue
        label = message.context or str(message.id)[:60]
        entry = catalog.get(message.id, message.context)
        if entry is None:
            by_context = message.context and any(m.context == message.context for m in catalog if m.id)
            out["stale" if by_context else "missing"].append(label)
        elif not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            out["missing"].append(label)
        elif entry.fuzzy:
            out["fuzzy"].append(label)
    keys = {(m.id, m.context) for m in template if m.id}
    out["obsolete"] = [m.context or str(m.id)[:60] for m in catalog if m.id and (m.id, m.context) not in keys]
    return out


def words(text: str) -> int:
    """English words, or for Japanese: characters of CJK text count as one word per 2 characters."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    return len(re.sub(r"[\u3040-\u30ff\u4e00-\u9fff]", " ", text).split()) + cjk // 2


def summary(catalog: Catalog) -> str:
    entries = [m for m in catalog if m.id]
    done = [m for m in entries if m.string and not m.fuzzy]
    ids = sum(len(str(m.id if isinstance(m.id, str) else m.id[0]).split()) for m in entries)
    return (
        f"{len(entries)} entries ({ids} English words), {len(done)} translated, "
        f"{sum(1 for m in entries if m.fuzzy)} fuzzy, {sum(1 for m in entries if not m.string)} untranslated"
    )


# ---------------------------------------------------------------- build


def translated_notebook(path: Path, catalog: Catalog, partial: bool = False):
    """The Japanese twin of ``path`` (a NotebookNode) or None when an entry is missing/fuzzy and not ``partial``."""
    nb = nbformat.read(path, as_version=4)
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type != "markdown" or not cell.source.strip():
            continue
        entry = catalog.get(cell.source, context(path, cell))
        if entry is None or not entry.string or entry.fuzzy:
            if not partial:
                return None
            continue
        cell.source = entry.string
    first_code = next((i for i, c in enumerate(out.cells) if c.cell_type == "code"), len(out.cells))
    lang = nbformat.v4.new_code_cell(LANG_CELL_SOURCE)
    lang["id"] = LANG_CELL_ID
    out.cells.insert(first_code, lang)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.source = twin_code(cell.source)
            cell.outputs = []
            cell.execution_count = None
    out.metadata["cnn_notebooks"] = {"language": "ja", "source": path.name}
    return out


def keep_outputs(new, old) -> None:
    """Copy outputs from the existing twin for code cells with the same id and source."""
    old_cells = {c.get("id"): c for c in old.cells if c.cell_type == "code"}
    for cell in new.cells:
        prev = old_cells.get(cell.get("id"))
        if cell.cell_type == "code" and prev is not None and prev.source == cell.source:
            cell.outputs = prev.outputs
            cell.execution_count = prev.execution_count
    for key in ("language_info",):
        if key in old.metadata:
            new.metadata[key] = old.metadata[key]


def sources(nb) -> list[tuple[str, str, str]]:
    return [(c.cell_type, c.get("id", ""), c.source) for c in nb.cells]


def build(partial: bool = False, only: list[str] | None = None) -> list[Path]:
    catalog = read_catalog(NOTEBOOK_PO, "notebooks")
    JA_DIR.mkdir(exist_ok=True)
    written = []
    for path in english_notebooks():
        if only and path.name not in only and str(path) not in only:
            continue
        twin = translated_notebook(path, catalog, partial)
        target = JA_DIR / path.name
        if twin is None:
            print(f"{path.name}: not built (entries missing or fuzzy; `status` lists them, --partial builds anyway)")
            continue
        if target.exists():
            old = nbformat.read(target, as_version=4)
            keep_outputs(twin, old)
            if nbformat.writes(old) == nbformat.writes(twin):
                continue
        text = nbformat.writes(twin, version=4)
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        written.append(target)
        print(f"wrote {target.relative_to(ROOT)}")
    return written


INDEX = NOTEBOOKS / "index.ipynb"


def title_of(path: Path) -> str:
    """The first heading of a notebook, without the '#'."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def index_notebook():
    """The landing page `make lab` opens: both editions side by side, a link per notebook (and per twin)."""
    rows = ["| English | 日本語 |", "|---|---|"]
    for path in english_notebooks():
        twin = JA_DIR / path.name
        ja = f"[{title_of(twin)}](ja/{path.name})" if twin.exists() else "（翻訳中）"
        rows.append(f"| [{title_of(path)}]({path.name}) | {ja} |")
    text = (
        "# CNN notebooks · 畳み込みニューラルネットワークのノートブック\n\n"
        "Start with **00 · Start here**, in English or in Japanese: both editions run the same code.\n"
        "英語版と日本語版は同じコードを実行します。**00 · はじめに** から始めてください。\n\n"
        + "\n".join(rows)
        + "\n\nThe Japanese edition is generated from the English notebooks and "
        "`notebooks/locale/ja/LC_MESSAGES/notebooks.po` by `tools/i18n.py build`; see README_ja.md.\n"
        "日本語版は英語版のノートブックと翻訳カタログから `tools/i18n.py build` で生成しています（README_ja.md を参照）。"
    )
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = "index"
    nb.cells = [cell]
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}
    return nb


def write_index() -> bool:
    text = nbformat.writes(index_notebook(), version=4) + "\n"
    if INDEX.exists() and INDEX.read_text(encoding="utf-8") == text:
        return False
    INDEX.write_text(text, encoding="utf-8")
    print(f"wrote {INDEX.relative_to(ROOT)}")
    return True


def status() -> int:
    nb_catalog = read_catalog(NOTEBOOK_PO, "notebooks")
    template = notebook_template()
    print(f"{NOTEBOOK_PO.relative_to(ROOT)}: " + summary(nb_catalog))
    per_nb = problems(nb_catalog, template)
    for path in english_notebooks():
        counts = {k: sum(1 for v in vs if v.startswith(path.name + "#")) for k, vs in per_nb.items()}
        twin = "twin built" if (JA_DIR / path.name).exists() else "no twin"
        print(f"  {path.name:32s} " + ", ".join(f"{k} {n}" for k, n in counts.items()) + f"; {twin}")
    h_catalog = read_catalog(HELPERS_PO, "helpers")
    h_problems = problems(h_catalog, helpers_template())
    print(f"{HELPERS_PO.relative_to(ROOT)}: " + summary(h_catalog))
    print("  " + ", ".join(f"{k} {len(v)}" for k, v in h_problems.items()))
    d_catalog = read_catalog(DOCS_PO, "docs")
    print(f"{DOCS_PO.relative_to(ROOT)}: " + summary(d_catalog))
    print("  " + ", ".join(f"{k} {len(v)}" for k, v in problems(d_catalog, docs_template()).items()))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["extract", "compile", "build", "status", "exam-links"])
    parser.add_argument("notebooks", nargs="*", help="build only these (file names)")
    parser.add_argument("--partial", action="store_true", help="build twins with untranslated cells left English")
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract()
    elif args.command == "compile":
        write_compiled()
    elif args.command == "exam-links":
        write_exam_links()
    elif args.command == "build":
        build(args.partial, args.notebooks)
        write_index()
        build_docs(args.partial)
    else:
        return status()
    return 0


if __name__ == "__main__":
    sys.exit(main())
