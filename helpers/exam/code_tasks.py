"""The machinery of the code fill-in questions: ``CodeTask`` (one blank of one function) and ``_code_type``.

A code type is a short numpy function with several blank sites; ``_code_type`` registers it as a generator of
the "code" topic whose variants blank one site. ``CodeTask`` shows the function with the blank, builds it with a
snippet in the blank, and checks a typed snippet on the hidden cases (the exercises' time limit, one-line
errors). The code types themselves, and the explanation of every site (``_EXPLAIN``), are in ``bank_code``.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..exercises.core import CheckResult
from ..exercises.functions import check_function
from .registry import T, _generator

BLANK = "【 ？ 】"
# the prose comments of the code templates (helpers.exam.bank_code) as the Japanese questions show them
_JA_COMMENTS = {
    "# stride = pool, no padding": "# ストライド = プールのサイズ、パディングなし",
    "# p: the probability of dropping": "# p：消す確率",
}


@dataclass(frozen=True)
class CodeTask:
    """One blank of one code type: the function's source with ``{blank}`` at the site, the right snippet."""

    kind: str
    source: str  # the function with every site filled except "{blank}"
    snippet: str
    distractors: tuple
    func_name: str
    cases: Callable[[], list]

    def shown(self, language: str = "en") -> str:
        """The function with the blank shown; in Japanese its prose comments are in Japanese (the code is the same)."""
        text = self.source.replace("{blank}", BLANK)
        if language == "ja":
            for en, ja in _JA_COMMENTS.items():
                text = text.replace(en, ja)
        return text

    def typed_text(self, language: str) -> str:
        if language == "ja":
            return (
                f"次の numpy の関数の空欄{BLANK}に入るコードを入力せよ（非公開のテストケースで実行して採点する）。\n"
                f"{self.shown(language)}"
            )
        return f"Type the code that fills the blank {BLANK} (it is run on hidden cases):\n{self.shown()}"

    def build(self, snippet: str):
        """The function with ``snippet`` in the blank (SyntaxError if it does not parse)."""
        namespace: dict = {"np": np, "im2col": _im2col_reference}
        exec(compile(self.source.replace("{blank}", snippet), f"<{self.kind}>", "exec"), namespace)  # noqa: S102
        return namespace[self.func_name]

    def check_typed(self, text, *, name: str, language: str) -> tuple[CheckResult, str]:
        """Run the learner's snippet on the hidden cases (time limit, one-line errors), message in ``language``."""
        ja = language == "ja"
        if text is ... or text is None or (isinstance(text, str) and not text.strip()):
            msg = (
                "未回答です：空欄に入る式を文字列で入力してください。"
                if ja
                else "not attempted yet: type the code of the blank as a string."
            )
            return CheckResult(name, False, False, msg), f"… {name}: {msg}"
        if not isinstance(text, str) or "\n" in text.strip():
            msg = (
                "空欄には 1 行の式を文字列で入れてください。回答として数えません。"
                if ja
                else "type one line of code, as a string; this does not count as an attempt."
            )
            return CheckResult(name, False, False, msg), f"… {name}: {msg}"
        try:
            func = self.build(text.strip())
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SyntaxError and anything else: one line, no traceback
            what = f"{type(exc).__name__}: {getattr(exc, 'msg', '') or exc}"[:160]
            msg = (
                f"不正解。このコードは実行できません ({what})。" if ja else f"not yet: this code does not run ({what})."
            )
            return CheckResult(name, False, True, msg), f"✗ {name}: {msg}"
        reference = self.build(self.snippet)
        with contextlib.redirect_stdout(io.StringIO()):
            result = check_function(func, reference, self.cases(), name=name, compare=_compare)
        if not ja:
            return result, result.message
        if result.passed:
            return result, f"✓ {name}：正解（全ての隠しケースで一致）。"
        detail = result.message.split("not yet: ", 1)[-1]
        return result, f"✗ {name}：不正解 ({detail})"


def _compare(got, expected) -> str | None:
    """None when equal; else what differs (shape first). Tuples are compared element by element."""
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} arrays"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = _compare(g, e)
            if problem:
                return f"item {i}: {problem}"
        return None
    try:
        g = np.asarray(got, dtype=float)
    except Exception:
        return f"expected an array, got {type(got).__name__}"
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        return f"the result has shape {g.shape}, expected {e.shape}"
    if not np.allclose(g, e, rtol=1e-6, atol=1e-9):
        return "the shape is right but some values differ"
    return None


def _im2col_reference(img, kh, kw, stride=1, pad=0):
    """The course's im2col in this layout: (N, C, H, W) -> (N·OH·OW, C·KH·KW), rows = windows."""
    from ..conv import im2col

    return im2col(np.asarray(img, dtype=float), (kh, kw), stride=stride, padding=pad)


_CODE: dict[str, dict] = {}
_EXPLAIN: dict[str, dict] = {}  # kind -> site -> T(en, ja), the solution's explanation; filled by bank_code


def _code_type(kind: str, notebook: str, section: str, template: str, func_name: str, sites: dict, cases):
    """Register a code type: ``template`` has ``{site}`` fields; ``sites`` maps a site to (snippet, distractors)."""
    _CODE[kind] = dict(template=template, sites=sites, func_name=func_name, cases=cases)

    def gen(rng):
        names = sorted(sites)
        site = names[int(rng.integers(len(names)))]
        right, wrong = sites[site]
        fill = {s: sites[s][0] for s in names}
        fill[site] = "{blank}"
        source = template.format(**fill)
        task = CodeTask(kind, source, right, tuple(wrong), func_name, cases)
        code = task.shown()
        return dict(
            text=T(
                f"Which code fills the blank {BLANK} in this numpy function?\n{code}",
                f"次の numpy の関数の空欄{BLANK}に入るコードはどれか。\n{task.shown('ja')}",
            ),
            answer=right,
            expression=repr(right),
            answer_format="snippet",
            solution=T(
                f"The blank is `{right}`. " + _EXPLAIN[kind][site]["en"],
                f"空欄は `{right}`。" + _EXPLAIN[kind][site]["ja"],
            ),
            mistakes=tuple(("code_" + kind + "_" + site + f"_{j}", w) for j, w in enumerate(wrong)),
            code=task,
            params=dict(site=site),
        )

    _generator(kind, "code", notebook, section, formats=("choice", "typed"))(gen)


def code_sites(kind: str) -> dict:
    """{site: (right snippet, distractors)} of a code type (for tests)."""
    return _CODE[kind]["sites"]


def code_task(kind: str, site: str) -> CodeTask:
    spec = _CODE[kind]
    fill = {s: spec["sites"][s][0] for s in spec["sites"]}
    fill[site] = "{blank}"
    right, wrong = spec["sites"][site]
    return CodeTask(kind, spec["template"].format(**fill), right, tuple(wrong), spec["func_name"], spec["cases"])
