"""Notebook 04, predict then reveal: random valid layer stacks, the learner types the final shape, then
sees the trace of :mod:`helpers.explorers.layer_stack` (re-exported by :mod:`helpers.explorers.output_size`).
"""

from __future__ import annotations

import html
import re

import numpy as np

from ..i18n import _
from .layer_stack import format_shape, trace_html, trace_layers

__all__ = ["make_shape_questions", "grade_shape_prediction", "predict_then_reveal"]


# --------------------------------------------------------------------------- predict, then reveal
def make_shape_questions(count=5, seed=0) -> list[dict]:
    """Random small stacks whose every layer is valid: {'input_shape', 'layers', 'answer'} (answer = final shape)."""
    rng = np.random.default_rng(seed)
    questions: list[dict] = []
    while len(questions) < count:
        size = int(rng.choice([16, 24, 28, 32, 48, 64]))
        c = int(rng.choice([1, 3]))
        lines = []
        for _repeat in range(int(rng.integers(2, 4))):
            k = int(rng.choice([1, 3, 5, 7]))
            s = int(rng.choice([1, 1, 2]))
            p = int(rng.choice([0, k // 2]))
            lines.append(f"conv {int(rng.choice([4, 8, 16, 32]))} {k} s{s} p{p}")
            if rng.random() < 0.6:
                lines.append("pool 2")
        rows = trace_layers((c, size, size), lines)
        if any(r["error"] for r in rows) or rows[-1]["shape"][1] < 1:
            continue
        questions.append({"input_shape": (c, size, size), "layers": "\n".join(lines), "answer": rows[-1]["shape"]})
    return questions


def grade_shape_prediction(text, expected) -> tuple[bool, str]:
    """Compare a typed shape such as '(8, 12, 12)' or '8 12 12' with ``expected``; (ok, message)."""
    tokens = re.findall(r"(?:(?<![^\s,(\[])-)?\d+", str(text))  # a minus sign only before a number: 8-12-12 is 8 12 12
    if not tokens:
        return False, _("type the shape first, e.g. 8 12 12")
    longest = max(tokens, key=len).lstrip("-")
    if len(longest) > 9:  # int() refuses more than 4,300 digits; no layer in these questions gives 10
        return (
            False,
            _("✗ not yet: you typed a number with {digits:,} digits; the shape is three sizes such as 8 12 12").format(
                digits=len(longest)
            ),
        )
    got = tuple(int(v) for v in tokens)
    if min(got) < 1:
        return False, _("✗ not yet: you typed {low}; channels, height and width are each at least 1").format(
            low=min(got)
        )
    if got == tuple(expected):
        return True, _("✓ right: {shape}").format(shape=format_shape(expected))
    if len(got) != len(expected):
        return False, _("✗ not yet: you typed {n} numbers, the shape has {m} (C, H, W)").format(
            n=len(got), m=len(expected)
        )
    wrong = [name for name, a, b in zip(("C", "H", "W"), got, expected) if a != b]
    return False, _("✗ not yet: {wrong} differ(s); the trace below shows each step").format(wrong=", ".join(wrong))


def predict_then_reveal(count=5, seed=0):
    """A question (input shape + layers); the learner types the final shape, then Reveal shows the trace."""
    import ipywidgets as widgets

    questions = make_shape_questions(count, seed)
    state = {"n": 0}
    question = widgets.HTML()
    guess = widgets.Text(
        description=_("your shape (C H W)"), placeholder=_("e.g. 8 12 12"), style={"description_width": "initial"}
    )
    reveal = widgets.Button(description=_("Reveal"), button_style="info")
    nxt = widgets.Button(description=_("Next question"))
    result = widgets.HTML()

    def show_question():
        q = questions[state["n"]]
        layers = "<br>".join(f"<code>{html.escape(line)}</code>" for line in q["layers"].splitlines())
        question.value = _(
            "<b>Question {number} of {total}</b>: input <code>{shape}</code> through<br>{layers}<br>"
            "What is the output shape? Type it, then press Reveal."
        ).format(number=state["n"] + 1, total=len(questions), shape=format_shape(q["input_shape"]), layers=layers)
        guess.value = ""
        result.value = ""

    def on_reveal(_):
        q = questions[state["n"]]
        ok, message = grade_shape_prediction(guess.value, q["answer"])
        if not guess.value.strip():
            result.value = f"<i>{message}</i>"
            return
        color = "#1a7f37" if ok else "#b00020"
        result.value = f"<div style='color:{color};font-weight:600'>{html.escape(message)}</div>" + trace_html(
            trace_layers(q["input_shape"], q["layers"])
        )

    def on_next(_):
        state["n"] = (state["n"] + 1) % len(questions)
        show_question()

    reveal.on_click(on_reveal)
    nxt.on_click(on_next)
    show_question()
    return widgets.VBox([question, widgets.HBox([guess, reveal, nxt]), result])
