"""Generating questions, checking answers, and ``ExamSession`` (numbered questions and a score table).

Reading a typed answer is in ``answers``, the score table in ``scoring`` (both re-exported here).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import sys
from dataclasses import dataclass, field, replace

import numpy as np

from ..exercises.core import CheckResult, check_array, check_value
from .answers import format_problem, parse_answer, parse_choice
from .mistakes import NEAR_MISS
from .registry import GENERATORS, Question, _language, hint_text
from .scoring import score_table, score_text

FORMAT_NAMES = ("numeric", "choice", "typed")


def _clean(answer):
    if isinstance(answer, np.integer):
        return int(answer)
    if isinstance(answer, np.floating):
        return float(answer)
    if isinstance(answer, tuple):
        return tuple(int(v) for v in answer)
    return answer


def _same(a, b) -> bool:
    try:
        if isinstance(a, str) or isinstance(b, str):
            return isinstance(a, str) and isinstance(b, str) and a == b
        if isinstance(a, float) or isinstance(b, float):
            return bool(np.isclose(float(a), float(b), rtol=1e-9, atol=1e-12))
        return bool(np.array_equal(np.asarray(a), np.asarray(b))) and np.shape(a) == np.shape(b)
    except Exception:
        return False


def near_misses(answer, rng) -> list:
    """Principled near-misses of ``answer`` (off by one or two, doubled, halved, one axis changed)."""
    if isinstance(answer, bool) or answer is None:
        return []
    if isinstance(answer, int):
        step = 1 if abs(answer) < 20 else max(1, abs(answer) // 10)
        values = [answer + step, answer - step, answer + 2 * step, answer * 2, answer // 2, answer - 2 * step]
        values += [answer + j * step for j in (3, 4, 5, 6)]
        return [v for v in values if v >= 0 or answer < 0]
    if isinstance(answer, float):
        return [round(v, 6) for v in (answer * 2, answer / 2, 1 - answer, answer + 0.1, answer * 4) if v > 0]
    if isinstance(answer, tuple):
        out = [answer[::-1]]
        for a, b in itertools.combinations(range(len(answer)), 2):  # two axes swapped
            v = list(answer)
            v[a], v[b] = v[b], v[a]
            out.append(tuple(v))
        for axis in reversed(range(len(answer))):  # one axis doubled or halved, then off by one
            for change in (lambda x: 2 * x, lambda x: x // 2, lambda x: x + 1, lambda x: x - 1):
                v = list(answer)
                v[axis] = change(v[axis])
                if v[axis] > 0:
                    out.append(tuple(v))
        return out
    if isinstance(answer, list):
        # an arithmetic slip in one nonzero cell (a zero stays zero: a gradient that was not routed there), the
        # sign kept: an answer with no negative cell gets no negative near-miss
        a = np.asarray(answer)
        cells = [index for index in np.ndindex(a.shape) if a[index] != 0] or list(np.ndindex(a.shape))
        out = []
        for index in cells:
            for delta in (1, -1):
                b = a.copy()
                b[index] += delta
                if (b[index] < 0 <= a.min()) or (b[index] == 0 != a[index]):
                    continue
                out.append(b.tolist())
        order = rng.permutation(len(out))
        return [out[i] for i in order]
    return []


def _options(kind: str, seed: int, answer, mistakes) -> tuple[tuple, tuple]:
    """Four distinct options: the answer and three distractors (named mistakes first), shuffled per variant."""
    rng = np.random.default_rng([int(seed), sorted(GENERATORS).index(kind), 4])
    chosen: list = []
    causes: list = []
    order: list = list(rng.permutation(len(mistakes))) if mistakes else []
    for index in order:
        name, value = mistakes[int(index)]
        if _same(value, answer) or value is None:
            continue
        for j, c in enumerate(chosen):
            if _same(c, value):
                if name not in causes[j]:
                    causes[j] = causes[j] + (name,)
                break
        else:
            if len(chosen) < 3:
                chosen.append(value)
                causes.append((name,))
    for value in near_misses(answer, rng):
        if len(chosen) == 3:
            break
        if not _same(value, answer) and not any(_same(value, c) for c in chosen):
            chosen.append(value)
            causes.append((NEAR_MISS,))
    if len(chosen) < 3:
        raise AssertionError(f"{kind} seed {seed}: fewer than three distinct distractors")
    options = [answer] + chosen
    option_causes = [()] + causes
    perm = rng.permutation(4)
    return tuple(options[i] for i in perm), tuple(option_causes[i] for i in perm)


def generate(kind: str, seed: int, format: str = "numeric") -> Question:
    """The question of type ``kind`` for ``seed`` (the same pair always gives the same question).

    format : "numeric" (type the answer), "choice" (four options) or, for the code types, "typed".
    """
    if kind not in GENERATORS:
        raise ValueError(f"generate: unknown question kind {kind!r}; choose one of {sorted(GENERATORS)}")
    gen = GENERATORS[kind]
    if format not in gen.formats:
        raise ValueError(f"generate: {kind!r} can be asked as {gen.formats}, not format={format!r}")
    rng = np.random.default_rng([int(seed), sorted(GENERATORS).index(kind)])
    parts = gen.func(rng)
    answer = _clean(parts.pop("answer"))
    mistakes = tuple(
        (name, _clean(value))
        for name, value in parts.pop("mistakes", ())
        # a "common mistake" that happens to give the right answer for these numbers is no mistake
        if not _same(_clean(value), answer)
    )
    solution = dict(parts.pop("solution"))
    solution["en"] = solution["en"].rstrip() + f" Answer: {_shown_answer(answer)}."
    solution["ja"] = solution["ja"].rstrip() + f"答え：{_shown_answer(answer)}。"
    q = Question(
        kind=kind,
        topic=gen.topic,
        seed=int(seed),
        answer=answer,
        mistakes=mistakes,
        solution=solution,
        notebook=gen.notebook,
        section=gen.section,
        **parts,
    )
    if format == "choice":
        options, causes = _options(kind, seed, answer, mistakes)
        q = replace(q, format="choice", options=options, option_causes=causes)
    elif format == "typed":
        q = replace(q, format="typed")
    return q


def _shown_answer(answer) -> str:
    return answer if isinstance(answer, str) else repr(answer)


def _say(text: str) -> None:
    """Print ``text`` in one write, so a notebook stores it as one stream output (stable diffs)."""
    sys.stdout.write(text + "\n")


def _hint_callable(question: Question, language: str):
    hints = question.hints(language)

    def hint(answer, expected):
        for wrong, text in hints:
            if _same(answer, wrong):
                return text
        return None

    return hint


_VERDICT = {
    "en": {"right": "correct.", "wrong": "not yet.", "todo": "not attempted yet: replace `...` with your answer."},
    "ja": {"right": "正解。", "wrong": "不正解。", "todo": "未回答です：`...` を答えに置き換えて実行してください。"},
}


def _check_value(question: Question, answer, name: str, language: str) -> tuple[CheckResult, str]:
    """The check of helpers.exercises (silenced) and the message to show in ``language``."""
    with contextlib.redirect_stdout(io.StringIO()):
        if question.is_array:
            result = check_array(
                answer, np.asarray(question.answer), name=name, hints=_hint_callable(question, language)
            )
        else:
            expected = question.answer
            if isinstance(expected, tuple) and isinstance(answer, list):
                answer = tuple(answer)
            if isinstance(expected, float):
                ok = isinstance(answer, (int, float, np.number)) and not isinstance(answer, bool)
                passed = ok and _same(answer, expected)
                hint = _hint_callable(question, language)(answer, expected) if ok and not passed else None
                message = (
                    f"✓ {name}: correct."
                    if passed
                    else f"✗ {name}: not yet." + (f" Hint: {hint}" if hint else "")
                    if answer is not ...
                    else f"… {name}: not attempted yet."
                )
                result = CheckResult(name, passed, answer is not ..., message)
            else:
                result = check_value(answer, expected, name=name, hints=_hint_callable(question, language))
    if language == "en":
        return result, result.message
    hint = None
    if result.attempted and not result.passed:
        try:
            hint = _hint_callable(question, language)(answer, question.answer)
        except Exception:
            hint = None
    return result, _localised(result, name, language, hint)


def _localised(result: CheckResult, name: str, language: str, hint: str | None) -> str:
    words = _VERDICT[language]
    if not result.attempted:
        return f"… {name}: {words['todo']}"
    if result.passed:
        return f"✓ {name}: {words['right']}"
    return f"✗ {name}: {words['wrong']}" + (f" ヒント：{hint}" if hint else "")


def _check_choice(question: Question, answer, name: str, language: str) -> tuple[CheckResult, str]:
    if answer is ... or answer is None:
        msg = (
            "not attempted yet: answer with a letter A–D."
            if language == "en"
            else "未回答です：A〜D で答えてください。"
        )
        return CheckResult(name, False, False, msg), f"… {name}: {msg}"
    index = parse_choice(answer)
    if index is None:
        msg = (
            f"answer with one letter A, B, C or D (got {str(answer)[:40]!r}); this does not count as an attempt."
            if language == "en"
            else f"A, B, C, D のいずれか 1 文字で答えてください（{str(answer)[:40]!r} は読めません）。回答として数えません。"
        )
        return CheckResult(name, False, False, msg), f"… {name}: {msg}"
    passed = _same(question.options[index], question.answer)
    words = _VERDICT[language]
    if passed:
        message = f"✓ {name}: ({'ABCD'[index]}) {words['right']}"
    else:
        causes = [c for c in question.option_causes[index] if c != NEAR_MISS]
        hint = hint_text(causes, language) if causes else ""
        right = question.correct_letter
        tail = f" The answer is ({right})." if language == "en" else f" 正解は ({right})。"
        label = " Hint: " if language == "en" else " ヒント："
        message = f"✗ {name}: ({'ABCD'[index]}) {words['wrong']}{tail}" + (f"{label}{hint}" if hint else "")
    return CheckResult(name, passed, True, message), message


def check_answer(question: Question, answer, *, name: str = "answer", language: str = "en") -> CheckResult:
    """✓ / ✗ + hint / not attempted, then (after any attempt) the worked solution and the section to read.

    The answer is a value (format "numeric"), a letter A–D ("choice"), or the typed code of the blank ("typed").
    """
    lang = _language(language)
    if question.format == "choice":
        result, message = _check_choice(question, answer, name, lang)
    elif question.format == "typed":
        result, message = question.code.check_typed(answer, name=name, language=lang)
    else:
        problem = format_problem(question, answer, lang)
        if problem is not None:
            _say(f"… {name}: {problem}")
            return CheckResult(name, False, False, problem)
        if isinstance(answer, str):
            answer = parse_answer(answer)
        result, message = _check_value(question, answer, name, lang)
    text = message
    if result.attempted:
        text += "\n" + worked_solution(question, lang)
    _say(text)
    return result


def worked_solution(question: Question, language: str = "en") -> str:
    lang = _language(language)
    head = "   Worked solution: " if lang == "en" else "   解説："
    where = "   Read: " if lang == "en" else "   参照："
    return f"{head}{question.solution[lang]}\n{where}notebooks/{question.link_in(lang)}"


@dataclass
class ExamSession:
    """A numbered set of questions from one seed, with a score table.

    ``ask(kind, format=...)`` prints question Q1, Q2, ...; ``check(question, answer)`` checks it and records the
    result (the first attempt counts, later ones are shown as attempts); ``summary()`` prints the score per topic.
    ``language`` is "en" or "ja" (questions, checks, solutions and the score table).
    """

    seed: int = 2026
    language: str = "en"
    questions: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    attempts: dict = field(default_factory=dict)

    def __post_init__(self):
        _language(self.language)

    def ask(self, kind: str, *, format: str = "numeric", show: bool = True) -> Question:
        count = sum(q.kind == kind for q in self.questions)
        q = generate(kind, self.seed + 1000 * count, format=format)
        self.questions.append(q)
        if show:
            _say(q.render(len(self.questions), self.language))
        return q

    def number(self, question: Question) -> int:
        """Q-number of ``question``; a question from an earlier session (a re-run cell) is adopted."""
        for i, q in enumerate(self.questions, 1):
            if q is question:
                return i
        for i, q in enumerate(self.questions, 1):
            try:
                if q == question:
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
            result = check_answer(question, answer, name=f"Q{number}", language=self.language)
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
                first = self.results[number].passed
                if self.language == "ja":
                    _say(
                        f"   （{self.attempts[number]} 回目：採点は最初の回答（{'正解' if first else '不正解'}）のままです）"
                    )
                else:
                    word = "correct" if first else "not correct"
                    _say(f"   (attempt {self.attempts[number]}: the score keeps your first attempt, which was {word})")
        elif number not in self.results:
            self.results[number] = result
        return result

    def score(self) -> dict:
        """{topic: (correct, attempted, asked)} over the questions asked so far."""
        return score_table(self.questions, lambda i: self.results.get(i))

    def summary(self) -> dict:
        table = self.score()
        attempted = sum(v[1] for v in table.values())
        _say(score_text(table, self.language, attempted))
        return table
