"""Generating, reading and checking answers, and ``ExamSession`` (numbered questions and a score table)."""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field

import numpy as np

from ..exercises.core import CheckResult, check_array, check_value
from .registry import GENERATORS, TOPICS, Question


def generate(kind: str, seed: int) -> Question:
    """The question of type ``kind`` for ``seed`` (the same pair always gives the same question)."""
    if kind not in GENERATORS:
        raise ValueError(f"generate: unknown question kind {kind!r}; choose one of {sorted(GENERATORS)}")
    topic, func = GENERATORS[kind]
    rng = np.random.default_rng([int(seed), sorted(GENERATORS).index(kind)])
    parts = func(rng)
    answer = parts.pop("answer")
    if isinstance(answer, (np.integer,)):
        answer = int(answer)
    if isinstance(answer, tuple):
        answer = tuple(int(v) for v in answer)
    # a "common mistake" that happens to give the right answer for these numbers is no mistake
    hints = tuple(
        (wrong, text)
        for wrong, text in parts.pop("hints", ())
        if not np.array_equal(np.asarray(wrong), np.asarray(answer))
    )
    parts["solution"] = parts["solution"].rstrip() + f" Answer: {answer}."
    return Question(kind=kind, topic=topic, seed=int(seed), answer=answer, hints=hints, **parts)


def _say(text: str) -> None:
    """Print ``text`` in one write, so a notebook stores it as one stream output (stable diffs)."""
    sys.stdout.write(text + "\n")


_DIGIT_X = re.compile(r"(?<=\d)\s*[x×*]\s*(?=\d)")


def parse_answer(text: str):
    """Read a typed answer: ``13``, ``(8, 16, 32, 32)``, ``8, 16, 32, 32``, ``64x27``, ``[[1, 2], [3, 4]]``.

    Returns the value, or raises ValueError with a message for the learner.
    """
    if not isinstance(text, str):
        return text
    s = text.strip()
    if not s:
        return ...
    s = _DIGIT_X.sub(", ", s) if not s.startswith("[") else s
    try:
        value = ast.literal_eval(s)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ValueError(
            f"could not read {text!r}: type a whole number like 13, a shape like (8, 16, 32, 32) "
            f"or a matrix like [[1, 2], [3, 4]]"
        ) from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _hint_callable(question: Question):
    def hint(answer, expected):
        for wrong, text in question.hints:
            try:
                if np.array_equal(np.asarray(answer), np.asarray(wrong)):
                    return text
            except Exception:
                continue
        return None

    return hint


def check_answer(question: Question, answer, *, name: str = "answer") -> CheckResult:
    """✓ / ✗ + hint / not attempted, then (after any attempt) the worked solution."""
    if question.is_array:
        result = check_array(answer, np.asarray(question.answer), name=name, hints=_hint_callable(question))
    else:
        expected = question.answer
        if isinstance(expected, tuple) and isinstance(answer, list):
            answer = tuple(answer)
        result = check_value(answer, expected, name=name, hints=_hint_callable(question))
    if result.attempted:
        _say(f"   Worked solution: {question.solution}")
    return result


@dataclass
class ExamSession:
    """A numbered set of questions from one seed, with a score table.

    ``ask(kind)`` prints question Q1, Q2, ...; ``check(question, answer)`` checks it and records the result
    (the first attempt counts, later ones are shown as attempts); ``summary()`` prints the score per topic.
    """

    seed: int = 2026
    questions: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    attempts: dict = field(default_factory=dict)

    def ask(self, kind: str, *, show: bool = True) -> Question:
        count = sum(q.kind == kind for q in self.questions)
        q = generate(kind, self.seed + 1000 * count)
        self.questions.append(q)
        if show:
            _say(q.render(len(self.questions)))
        return q

    def number(self, question: Question) -> int:
        """Q-number of ``question``; a question from an earlier session (a re-run cell) is adopted."""
        for i, q in enumerate(self.questions, 1):
            if q is question:
                return i
        for i, q in enumerate(self.questions, 1):
            try:
                if q.kind == question.kind and q.text == question.text:
                    return i
            except Exception:
                continue
        self.questions.append(question)
        return len(self.questions)

    def check(self, question: Question, answer) -> CheckResult:
        """Check and record: the first attempt counts; later attempts are shown but do not change the score."""
        if not isinstance(question, Question):
            message = (
                f"✗ check: the first argument should be a question from exam.ask(...), got {type(question).__name__}."
            )
            print(message)
            return CheckResult("check", False, False, message)
        number = self.number(question)
        try:
            result = check_answer(question, answer, name=f"Q{number}")
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            message = f"✗ Q{number}: not yet: this answer could not be checked ({type(exc).__name__})."
            print(message)
            result = CheckResult(f"Q{number}", False, True, message)
        if result.attempted:
            self.attempts[number] = self.attempts.get(number, 0) + 1
            if number not in self.results or not self.results[number].attempted:
                self.results[number] = result
            elif self.attempts[number] > 1:
                first = "correct" if self.results[number].passed else "not correct"
                _say(f"   (attempt {self.attempts[number]}: the score keeps your first attempt, which was {first})")
        elif number not in self.results:
            self.results[number] = result
        return result

    def score(self) -> dict:
        """{topic: (correct, attempted, asked)} over the questions asked so far."""
        table: dict[str, tuple[int, int, int]] = {}
        for i, q in enumerate(self.questions, 1):
            correct, attempted, asked = table.get(q.topic, (0, 0, 0))
            r = self.results.get(i)
            table[q.topic] = (
                correct + bool(r is not None and r.passed),
                attempted + bool(r is not None and r.attempted),
                asked + 1,
            )
        return table

    def summary(self) -> dict:
        table = self.score()
        width = max(len(TOPICS[t]) for t in table) if table else 10
        lines = [f"{'topic'.ljust(width)}  correct / asked"]
        for topic in TOPICS:
            if topic in table:
                correct, _, asked = table[topic]
                lines.append(f"{TOPICS[topic].ljust(width)}  {correct:>3} / {asked}")
        correct = sum(v[0] for v in table.values())
        attempted = sum(v[1] for v in table.values())
        asked = sum(v[2] for v in table.values())
        lines.append(f"{'total'.ljust(width)}  {correct:>3} / {asked}")
        if asked - attempted:
            lines.append(
                f"{asked - attempted} question(s) not attempted yet: replace their `...` and run the cells again."
            )
        elif correct == asked:
            lines.append("All correct: well done. Try the practice widget for fresh variants.")
        _say("\n".join(lines))
        return table
