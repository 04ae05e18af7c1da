"""Reading a typed answer: ``parse_answer`` (a number, a shape, a matrix), ``parse_choice`` (A–D) and
``format_problem``, why an answer is not of the type a numeric question expects (refused without counting as an
attempt, in ``ExamSession``, ``MockExam`` and the widget alike).
"""

from __future__ import annotations

import ast
import re

import numpy as np

from ..exercises.compare import safe_repr
from .registry import Question, _language

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
            f"could not read {safe_repr(text, 60)}: type a whole number like 13, a shape like (8, 16, 32, 32) "
            f"or a matrix like [[1, 2], [3, 4]]"
        ) from None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


_EXPECTED = {
    "int": {"en": "a whole number (int) like 13", "ja": "整数（int、例：13）"},
    "float": {"en": "a number like 0.25", "ja": "数値（例：0.25）"},
    "tuple": {"en": "a tuple of whole numbers like (8, 16, 32, 32)", "ja": "整数の組（タプル、例：(8, 16, 32, 32)）"},
    "list": {"en": "a matrix of numbers like [[1, 2], [3, 4]]", "ja": "数値の 2 次元リスト（例：[[1, 2], [3, 4]]）"},
}


def _is_whole(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def format_problem(question: Question, answer, language: str = "en") -> str | None:
    """Why ``answer`` is not of the type a numeric question expects (None when it is, or when unanswered).

    A format problem is refused without counting as an attempt, in ExamSession, MockExam and the widget alike:
    an int question wants an int (14, not 14.0), a shape question a tuple of ints, a decimal question a number,
    a matrix question a 2-D list of numbers. Strings are read with :func:`parse_answer` first.
    """
    if question.format != "numeric" or answer is ... or answer is None:
        return None
    lang = _language(language)
    expected = question.answer
    kind = (
        "list"
        if isinstance(expected, list)
        else "tuple"
        if isinstance(expected, tuple)
        else "float"
        if isinstance(expected, float)
        else "int"
    )
    want = _EXPECTED[kind][lang]
    value = answer
    if isinstance(value, str):
        try:
            value = parse_answer(value)
        except ValueError:
            if lang == "ja":
                return f"{safe_repr(answer, 60)} は読めません。{want} で答えてください。回答として数えません。"
            return f"could not read {safe_repr(answer, 60)}: expected {want}; this does not count as an attempt."
        if value is ...:
            return None
    if kind == "int":
        ok = _is_whole(value)
    elif kind == "float":
        ok = _is_number(value)
    elif kind == "tuple":
        ok = isinstance(value, (tuple, list)) and all(_is_whole(v) for v in value)
    else:
        try:
            arr = np.asarray(value)
            ok = arr.ndim >= 1 and arr.dtype != object and np.issubdtype(arr.dtype, np.number)
            ok = ok and not np.issubdtype(arr.dtype, np.complexfloating)
        except Exception:
            ok = False
    if ok:
        return None
    got = f"{safe_repr(value, 60)} ({type(value).__name__})"
    whole_float = kind == "int" and isinstance(value, float) and np.isfinite(value) and value.is_integer()
    if lang == "ja":
        why = f"{int(value)} と入力してください（{value!r} は小数）" if whole_float else f"{got} は読めません"
        return f"{want} で答えてください。{why}。回答として数えません。"
    if whole_float:
        got += f"; type {int(value)}, not {value!r}"
    return f"expected {want}, got {got}; this does not count as an attempt."


_FULLWIDTH = str.maketrans("ＡＢＣＤａｂｃｄ", "ABCDabcd")


def parse_choice(answer):
    """'A'..'D' (any case, full-width too, '(B)' or 'B)' too) -> 0..3; anything else -> None."""
    if not isinstance(answer, str):
        return None
    s = answer.translate(_FULLWIDTH).strip().strip("()（）.").strip().upper()
    return "ABCD".index(s) if len(s) == 1 and s in "ABCD" else None
