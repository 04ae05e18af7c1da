"""Exact comparison of a learner's value with the expected one, and safe printing of any answer.

The rule, by the type of the *expected* answer:

* a whole number (``int``): the answer must be an ``int`` (or NumPy integer) and equal exactly;
  ``2712958`` for ``2712960`` is wrong, and so are ``5.0``, ``True``, ``"5"``, ``None``, NaN and ``5j``,
  each with a sentence naming the type that is expected;
* a real number (``float``): any real number within ``rtol`` of the expected value (scaled to its
  size, ``|a - b| <= atol + rtol * |b|``);
* ``True`` / ``False``: a bool;
* a string: a string, compared without case and surrounding spaces;
* a tuple or list: a tuple, list, ``range`` or 1-D array of the same length, compared element by
  element with the rules above (no ``int()`` conversion: ``[0.9, 2.9, 4.9]`` is not ``[0, 2, 4]``).
"""

from __future__ import annotations

import math
import numbers
import reprlib

import numpy as np

from ..i18n import _, translated

__all__ = ["value_problem", "safe_repr", "join_hint", "type_name"]

MAX_REPR = 300


def safe_repr(value, limit: int = MAX_REPR) -> str:
    """``repr(value)`` cut to ``limit`` characters; never raises (a broken ``__repr__`` is named instead)."""
    try:
        if isinstance(value, np.ndarray):
            if value.size <= 16:
                text = np.array2string(value, separator=", ").replace("\n", "")
            else:
                return _("an array of shape {shape}").format(shape=value.shape)
        elif isinstance(value, np.generic):
            text = repr(value.item())
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            short = reprlib.Repr()
            short.maxlevel, short.maxlist, short.maxtuple, short.maxdict, short.maxset = 3, 12, 12, 8, 8
            short.maxother = short.maxstring = limit
            text = short.repr(value)
        elif isinstance(value, int) and value.bit_length() > 3 * limit:
            return _("a whole number with about {digits:,} digits").format(digits=int(value.bit_length() * 0.30103))
        else:
            text = repr(value)
    except Exception:
        return _("{a_type} (its repr failed)").format(a_type=a_type(value))
    if len(text) > limit:
        text = text[: limit - 20] + _("… ({n:,} characters)").format(n=len(text))
    return text


def type_name(value) -> str:
    """'int', 'float', 'str', 'NoneType', 'function', ... (never raises)."""
    try:
        if callable(value) and not isinstance(value, type):
            return "function"
        return type(value).__name__
    except Exception:
        return "object"


def a_type(value) -> str:
    """'an int', 'a float', 'an ndarray', ...: the type name with its article (never raises)."""
    name = type_name(value)
    vowel = name[:1].lower() in "aeiou" or name.startswith("nd")  # an int, an ndarray
    return (_("an {type}") if vowel else _("a {type}")).format(type=name)


def join_hint(text: str, hint: str | None) -> str:
    """``text`` + ' Hint: ' + ``hint``, with one period and one 'Hint:' at most."""
    text = text.rstrip()
    label = _("Hint:")
    if not hint and not text:
        return text
    if not text.endswith((".", "?", "!", ":", "。", "？", "！", "：")):
        text += _(".")
    while text.endswith(".."):
        text = text[:-1]
    if not hint:
        return text
    hint = str(hint).strip()
    while hint.lower().startswith("hint:"):
        hint = hint[5:].strip()
    hint = translated(hint)
    while hint.startswith(label):
        hint = hint[len(label) :].strip()
    if hint and not hint.endswith((".", "?", "!", "。", "？", "！")):
        hint += _(".")
    while hint.endswith(".."):
        hint = hint[:-1]
    sep = "" if label.endswith("：") else " "  # full-width punctuation (Japanese) takes no spaces
    if label in text:
        first = hint.split(" ", 1)[0]
        if any(ch in first for ch in "._()[]=`"):  # the hint starts with code (dout.reshape(...)): keep its case
            return f"{text}{sep}{hint}"
        return f"{text}{sep}{hint[:1].upper()}{hint[1:]}"
    return f"{text}{sep}{label}{sep}{hint}"


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_real(v) -> bool:
    return (_is_int(v) or isinstance(v, (float, np.floating))) and not isinstance(v, (bool, np.bool_))


def _wrong_type(answer, wanted: str) -> str:
    """What kind of thing ``answer`` is and what is expected instead: 'a str (text in quotes): give …'."""
    if answer is None:
        return _("nothing (None; did you forget to fill in the value or the `return`?): give {wanted}").format(
            wanted=wanted
        )
    if isinstance(answer, (bool, np.bool_)):
        return _("a True/False value, not a number: give {wanted}").format(wanted=wanted)
    if isinstance(answer, str):
        return _("a str (text in quotes): give {wanted} without quotes").format(wanted=wanted)
    if isinstance(answer, (complex, np.complexfloating)):
        return _("a complex number: give {wanted}").format(wanted=wanted)
    if isinstance(answer, (float, np.floating)) and math.isnan(answer):
        return _("NaN (not a number): give {wanted}").format(wanted=wanted)
    if callable(answer):
        return _("a function: call it, or give {wanted}").format(wanted=wanted)
    return _("{a_type}: give {wanted}").format(a_type=a_type(answer), wanted=wanted)


def value_problem(answer, expected, rtol: float = 1e-9, atol: float = 0.0) -> str | None:
    """None when ``answer`` matches ``expected`` (rules in the module docstring), else what is wrong."""
    if isinstance(expected, (bool, np.bool_)):
        if isinstance(answer, (bool, np.bool_)):
            return None if bool(answer) == bool(expected) else ""
        return _wrong_type(answer, _("True or False"))
    if isinstance(expected, str):
        if isinstance(answer, str):
            return None if answer.strip().lower() == expected.strip().lower() else ""
        return _wrong_type(answer, _("the text in quotes"))
    if _is_int(expected):
        if _is_int(answer):
            return None if int(answer) == int(expected) else ""
        if isinstance(answer, (float, np.floating)) and not math.isnan(answer):
            if math.isfinite(answer) and float(answer).is_integer():
                return _("a float: the answer is a whole number; give it as an int (5, not 5.0)")
            return _("a float with a fraction: the answer is a whole number (an int)")
        return _wrong_type(answer, _("a whole number (an int)"))
    if isinstance(expected, numbers.Real):
        if _is_real(answer):
            a, b = float(answer), float(expected)
            if not math.isfinite(a):
                return _("not a finite number: give a number like 0.25")
            return None if abs(a - b) <= atol + rtol * abs(b) else ""
        return _wrong_type(answer, _("a number"))
    if isinstance(expected, (tuple, list)):
        wanted = _("a tuple of {n} values, like {example}").format(
            n=len(expected), example=f"({', '.join(['…'] * len(expected))}{',' * (len(expected) == 1)})"
        )
        if isinstance(answer, np.ndarray) and answer.ndim == 1:
            answer = answer.tolist()
        if not isinstance(answer, (tuple, list, range)):
            return _wrong_type(answer, wanted)
        if len(answer) != len(expected):
            return _("{n} value(s): the answer has {expected}").format(n=len(answer), expected=len(expected))
        for i, (a, b) in enumerate(zip(answer, expected)):
            problem = value_problem(a, b, rtol, atol)
            if problem:
                return _("item {i} ({value}) is {problem}").format(i=i, value=safe_repr(a, 40), problem=problem)
            if problem == "":
                return ""
        return None
    if isinstance(expected, np.ndarray):
        try:
            got = np.asarray(answer)
            if got.shape != expected.shape or got.dtype == object:
                return ""
            return None if np.allclose(got, expected, rtol=rtol, atol=atol) else ""
        except Exception:
            return ""
    try:
        return None if answer == expected else ""
    except Exception:
        return ""
