"""``MockExam``: N questions across topics with a time limit; answers are locked at the end, then scored.

The first answer to each question is the one that counts (a second answer is refused with a message), no
feedback is given before the end, and after ``finish()`` (or once the time is up) nothing more is accepted.
The report gives the score per topic and, for each mistake, the worked solution and the notebook section.
The widget (``mock_exam_widget``) calls the same methods, so it scores exactly as the code does.
"""

from __future__ import annotations

import contextlib
import functools
import io
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from .answers import format_problem, parse_answer, parse_choice
from .registry import GENERATORS, TOPICS, Question, _language
from .scoring import score_table, score_text
from .session import _say, check_answer, generate, worked_solution


class MockExam:
    """A timed mock exam.

    n : number of questions, drawn round-robin over the topics (in a shuffled order) so every topic appears
        before any repeats; formats : the formats to mix ("numeric", "choice"; code types come as "choice").
    minutes : the time limit; ``clock`` (for tests) returns seconds.
    """

    def __init__(
        self,
        n: int = 10,
        minutes: float = 20,
        seed: int = 0,
        language: str = "en",
        formats=("numeric", "choice"),
        clock: Callable[[], float] = time.monotonic,
    ):
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 200:
            raise ValueError(f"MockExam: n is the number of questions, a whole number 1..200, got {n!r}; e.g. n=10")
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or minutes <= 0:
            raise ValueError(f"MockExam: minutes must be a positive number, got {minutes!r}; e.g. minutes=20")
        bad = [f for f in formats if f not in ("numeric", "choice")]
        if bad or not formats:
            raise ValueError(f"MockExam: formats are 'numeric' and/or 'choice', got {formats!r}")
        self.language = _language(language)
        self.minutes = float(minutes)
        self.clock = clock
        self.started = clock()
        self.finished = False
        self.questions: list[Question] = _draw(n, int(seed), tuple(formats))
        self.answers: dict[int, object] = {}
        self.results: dict[int, Any] = {}

    # ----- time

    def remaining(self) -> float:
        """Seconds left (0 once the time is up or the exam is finished)."""
        if self.finished:
            return 0.0
        return max(0.0, self.minutes * 60 - (self.clock() - self.started))

    def time_up(self) -> bool:
        return self.remaining() <= 0

    # ----- answering

    def show(self) -> None:
        """Print every question, numbered, as the learner sees them (returns nothing, so a notebook cell
        shows the questions once, not a second time as the cell's value)."""
        lang = self.language
        head = (
            f"Mock exam: {len(self.questions)} questions, {self.minutes:g} minutes. Your first answer to each "
            "question counts; the score and the solutions come at the end."
            if lang == "en"
            else f"模擬試験：{len(self.questions)} 問、制限時間 {self.minutes:g} 分。各問の最初の回答が採点されます。"
            "得点と解説は最後に表示されます。"
        )
        text = head + "\n\n" + "\n\n".join(q.render(i, lang) for i, q in enumerate(self.questions, 1))
        _say(text)

    def answer(self, number: int, value) -> str:
        """Record the first answer to question ``number`` (1-based); return (and print) what happened."""
        ja = self.language == "ja"
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self.questions):
            msg = (
                f"問題番号は 1〜{len(self.questions)} です（{number!r} は範囲外）。"
                if ja
                else f"question numbers are 1..{len(self.questions)}, got {number!r}."
            )
        elif self.finished or self.time_up():
            self._lock()
            msg = "試験は終了しました。回答は受け付けません。" if ja else "the exam is over: answers are locked."
        elif number in self.answers:
            msg = (
                f"Q{number} には回答済みです。最初の回答が採点されます。"
                if ja
                else f"Q{number} is already answered: the first answer counts."
            )
        elif value is ... or value is None or (isinstance(value, str) and not value.strip()):
            msg = f"Q{number}: 未回答のままです。" if ja else f"Q{number}: still unanswered."
        elif self.questions[number - 1].format == "choice" and parse_choice(value) is None:
            msg = (
                f"Q{number}: A〜D のいずれか 1 文字で答えてください（回答として数えません）。"
                if ja
                else f"Q{number}: answer with one letter A, B, C or D (not counted)."
            )
        else:
            question = self.questions[number - 1]
            problem = format_problem(question, value, self.language)
            if problem is None and question.format == "typed" and not isinstance(value, str):
                problem = (
                    "空欄に入るコードを文字列で入力してください。" if ja else "type the code of the blank as a string."
                )
            if problem is not None:
                msg = f"Q{number}: {problem}" + (
                    ""
                    if "count" in problem or "数えません" in problem
                    else ("（回答として数えません）" if ja else " (not counted)")
                )
                _say(msg)
                return msg
            if isinstance(value, str) and question.format == "numeric":
                value = parse_answer(value)
            self.answers[number] = value
            msg = f"Q{number}: 回答を記録しました。" if ja else f"Q{number}: answer recorded."
        _say(msg)
        return msg

    def _lock(self) -> None:
        if self.finished:
            return
        self.finished = True
        for i, q in enumerate(self.questions, 1):
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    self.results[i] = check_answer(q, self.answers.get(i, ...), name=f"Q{i}", language=self.language)
                except KeyboardInterrupt:
                    raise
                except BaseException:  # an odd answer is wrong, never a traceback
                    from ..exercises.core import CheckResult

                    self.results[i] = CheckResult(f"Q{i}", False, True, "could not be checked")

    def finish(self) -> None:
        """Lock every answer, score, and print the report; :meth:`score` then gives the table."""
        self._lock()
        _say(self.report())

    def score(self) -> dict:
        """{topic: (correct, attempted, asked)}: only the first answers count (empty before the end)."""
        if not self.finished:
            return {}
        return score_table(self.questions, lambda i: self.results.get(i))

    def report(self) -> str:
        lang = self.language
        table = self.score()
        attempted = sum(v[1] for v in table.values())
        lines = [score_text(table, lang, attempted, locked=True)]
        wrong = [i for i in range(1, len(self.questions) + 1) if not self.results[i].passed]
        if wrong:
            lines.append(
                "\n" + ("Your mistakes, with the worked solutions:" if lang == "en" else "間違えた問題と解説：")
            )
        for i in wrong:
            q = self.questions[i - 1]
            given = self.answers.get(i, "—")
            right = f"({q.correct_letter}) {q.answer}" if q.format == "choice" else f"{q.answer}"
            if lang == "en":
                lines.append(f"Q{i} · {TOPICS[q.topic]['en']}: your answer {given!r}, the answer {right}")
            else:
                lines.append(f"Q{i} · {TOPICS[q.topic]['ja']}：あなたの回答 {given!r}、正解 {right}")
            lines.append(worked_solution(q, lang))
        return "\n".join(lines)


def _draw(n: int, seed: int, formats: tuple) -> list[Question]:
    """n questions: topics in a shuffled round-robin, a random type of each topic, a random format it supports."""
    rng = np.random.default_rng([seed, 77])
    topics = [t for t in TOPICS if any(g.topic == t for g in GENERATORS.values())]
    out: list[Question] = []
    used: set = set()
    while len(out) < n:
        for t in rng.permutation(len(topics)):
            if len(out) == n:
                break
            kinds = sorted(k for k, g in GENERATORS.items() if g.topic == topics[t] and k not in used)
            if not kinds:
                kinds = sorted(k for k, g in GENERATORS.items() if g.topic == topics[t])
            kind = kinds[int(rng.integers(len(kinds)))]
            used.add(kind)
            fmts = [f for f in formats if f in GENERATORS[kind].formats] or ["choice"]
            fmt = fmts[int(rng.integers(len(fmts)))]
            for _ in range(50):  # never a question of notebook 10's fixed practice set (same text)
                q = generate(kind, int(rng.integers(1_000_000)), format=fmt)
                if q.text["en"] not in _practice_texts(kind):
                    break
            out.append(q)
    return out


PRACTICE_SEED = 2026  # ExamSession(seed=2026) in notebooks/10_exam_practice.ipynb: seeds 2026 + 1000·j per type
PRACTICE_ASKS = 2  # the notebook asks each type at most twice (tests/test_exam.py checks it)


@functools.cache
def _practice_texts(kind: str) -> frozenset:
    """The English texts of ``kind``'s questions in the fixed practice set (its first PRACTICE_ASKS of the type)."""
    fmt = GENERATORS[kind].formats[0]
    return frozenset(generate(kind, PRACTICE_SEED + 1000 * j, format=fmt).text["en"] for j in range(PRACTICE_ASKS))
