"""The score table of the exam: per topic (correct, attempted, asked), and its text in either language."""

from __future__ import annotations

from ..i18n import display_width
from .registry import TOPICS, _language


def score_table(questions, result_of) -> dict:
    """{topic: (correct, attempted, asked)}; ``result_of(number)`` is the counted CheckResult or None."""
    table: dict[str, tuple[int, int, int]] = {}
    for i, q in enumerate(questions, 1):
        correct, attempted, asked = table.get(q.topic, (0, 0, 0))
        r = result_of(i)
        table[q.topic] = (
            correct + bool(r is not None and r.passed),
            attempted + bool(r is not None and r.attempted),
            asked + 1,
        )
    return table


def score_text(table: dict, language: str, attempted: int, *, locked: bool = False) -> str:
    lang = _language(language)
    names = {t: TOPICS[t][lang] for t in table}
    width = max((display_width(n) for n in names.values()), default=10)
    head = ("topic", "correct / asked") if lang == "en" else ("分野", "正解 / 出題")
    lines = [f"{_pad(head[0], width)}  {head[1]}"]
    for topic in TOPICS:
        if topic in table:
            correct, _, asked = table[topic]
            lines.append(f"{_pad(names[topic], width)}  {correct:>3} / {asked}")
    correct = sum(v[0] for v in table.values())
    asked = sum(v[2] for v in table.values())
    lines.append(f"{_pad('total' if lang == 'en' else '合計', width)}  {correct:>3} / {asked}")
    if asked - attempted and locked:
        lines.append(
            f"{asked - attempted} question(s) were left unanswered (they count as not correct)."
            if lang == "en"
            else f"未回答 {asked - attempted} 問（不正解として数えます）。"
        )
    elif asked - attempted:
        lines.append(
            f"{asked - attempted} question(s) not attempted yet: replace their `...` and run the cells again."
            if lang == "en"
            else f"未回答 {asked - attempted} 問：`...` を答えに置き換えてもう一度実行してください。"
        )
    elif asked and correct == asked:
        lines.append(
            "All correct: well done. Try the practice widget for fresh variants."
            if lang == "en"
            else "全問正解です。練習ウィジェットで新しい問題に挑戦しましょう。"
        )
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
