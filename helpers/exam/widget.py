"""The widgets of notebook 10: endless practice (first attempt scored) and the timed mock exam.

Every callback is guarded: whatever a learner clicks or types gives a message, never a traceback.
"""

from __future__ import annotations

import functools

import numpy as np

from .mock import MockExam
from .registry import GENERATORS, TOPICS
from .session import check_answer, generate

_FORMAT_LABELS = {
    "en": [("type the answer", "numeric"), ("multiple choice", "choice"), ("code: type the blank", "typed")],
    "ja": [("数値を入力", "numeric"), ("選択式", "choice"), ("コード：空欄を入力", "typed")],
}


def _guarded(out):
    """Decorator: run a callback; any exception becomes one line in ``out`` (KeyboardInterrupt propagates)."""

    def wrap(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # a widget callback never shows a traceback
                with out:
                    print(
                        f"✗ {exc}"
                        if isinstance(exc, ValueError)
                        else f"✗ something went wrong here ({type(exc).__name__}); press the button again"
                    )
                return None

        return run

    return wrap


def practice_widget(seed: int = 0, topic: str | None = None, language: str = "en", format: str = "numeric"):
    """Endless practice: pick a topic and a format, "New question", answer, "Check" (worked solution shown after)."""
    import ipywidgets as widgets

    lang = language if language in ("en", "ja") else "en"
    state = {"seed": int(seed), "question": None, "correct": 0, "answered": 0, "checked": False}
    options = [("any topic" if lang == "en" else "全分野", None)] + [(t[lang], key) for key, t in TOPICS.items()]
    topic_box = widgets.Dropdown(options=options, value=topic, description="topic" if lang == "en" else "分野")
    format_box = widgets.Dropdown(
        options=_FORMAT_LABELS[lang], value=format, description="format" if lang == "en" else "形式"
    )
    new_button = widgets.Button(description="New question" if lang == "en" else "新しい問題", button_style="primary")
    answer_box = widgets.Text(
        placeholder="13, (8, 16, 32, 32), B, or code" if lang == "en" else "13, (8, 16, 32, 32), B またはコード",
        description="answer" if lang == "en" else "回答",
    )
    choice_box = widgets.RadioButtons(options=["A", "B", "C", "D"], value=None, description="")
    check_button = widgets.Button(description="Check" if lang == "en" else "採点")
    score = widgets.HTML()
    question_out = widgets.Output()
    feedback_out = widgets.Output()

    def update_score():
        label = "score" if lang == "en" else "得点"
        score.value = f"<b>{label}</b>: {state['correct']} / {state['answered']}"

    @_guarded(feedback_out)
    def new_question(_=None):
        rng = np.random.default_rng(state["seed"])
        state["seed"] += 1
        fmt = format_box.value
        pool = sorted(
            k
            for k, g in GENERATORS.items()
            if fmt in g.formats and (topic_box.value is None or g.topic == topic_box.value)
        )
        if not pool:  # e.g. "typed" with a topic that has no code: fall back to the topic's numeric types
            fmt = "choice" if topic_box.value == "code" else "numeric"
            pool = sorted(k for k, g in GENERATORS.items() if topic_box.value in (None, g.topic) and fmt in g.formats)
        kind = pool[int(rng.integers(len(pool)))]
        state["question"] = generate(kind, int(rng.integers(1_000_000)), format=fmt)
        state["checked"] = False
        answer_box.value = ""
        choice_box.value = None
        choice_box.layout.display = "" if fmt == "choice" else "none"
        answer_box.layout.display = "none" if fmt == "choice" else ""
        question_out.clear_output()
        feedback_out.clear_output()
        with question_out:
            print(state["question"].render(language=lang))

    @_guarded(feedback_out)
    def check(_=None):
        q = state["question"]
        feedback_out.clear_output()
        with feedback_out:
            # a typed string: check_answer reads it, and refuses (not counted) what is not of the expected type
            value = choice_box.value if q.format == "choice" else answer_box.value
            result = check_answer(q, value, name="your answer" if lang == "en" else "回答", language=lang)
            if result.attempted and not state["checked"]:
                state["checked"] = True
                state["answered"] += 1
                state["correct"] += bool(result.passed)
                update_score()

    new_button.on_click(new_question)
    check_button.on_click(check)
    topic_box.observe(lambda change: new_question(), names="value")
    format_box.observe(lambda change: new_question(), names="value")
    update_score()
    new_question()
    box = widgets.VBox(
        [
            widgets.HBox([topic_box, format_box]),
            widgets.HBox([new_button, score]),
            question_out,
            choice_box,
            widgets.HBox([answer_box, check_button]),
            feedback_out,
        ]
    )
    box._exam_state = state  # for tests
    box._exam_controls = dict(
        topic=topic_box,
        format=format_box,
        new=new_button,
        answer=answer_box,
        choice=choice_box,
        check=check_button,
        question=question_out,
        feedback=feedback_out,
        score=score,
    )
    return box


def mock_exam_widget(n: int = 10, minutes: float = 20, seed: int = 0, language: str = "en", clock=None):
    """The mock exam as a widget: one answer row per question, "Finish" locks everything and shows the report.

    It drives a :class:`MockExam` (``box._exam``), so the widget scores exactly as the code does.
    """
    import ipywidgets as widgets

    kwargs = {} if clock is None else {"clock": clock}
    exam = MockExam(n=n, minutes=minutes, seed=seed, language=language, **kwargs)
    ja = exam.language == "ja"
    status = widgets.HTML()
    log = widgets.Output()
    report_out = widgets.Output()
    rows: list = []
    inputs: dict = {}
    buttons: dict = {}

    def update_status():
        left = exam.remaining()
        done = len(exam.answers)
        if exam.finished:
            status.value = "<b>終了</b>" if ja else "<b>finished</b>"
        else:
            status.value = (
                f"残り約 {left / 60:.0f} 分 · 回答 {done} / {len(exam.questions)}"
                if ja
                else f"about {left / 60:.0f} min left · answered {done} / {len(exam.questions)}"
            )

    def finish_now():
        report_out.clear_output()
        with report_out:
            exam.finish()
        for control in inputs.values():
            control.disabled = True
        update_status()

    for i, q in enumerate(exam.questions, 1):
        text = widgets.HTML("<pre style='white-space: pre-wrap'>" + _escape(q.render(i, exam.language)) + "</pre>")
        if q.format == "choice":
            control = widgets.RadioButtons(options=["A", "B", "C", "D"], value=None)
        else:
            control = widgets.Text(placeholder="答え" if ja else "answer")
        button = widgets.Button(description="回答する" if ja else "Answer")
        inputs[i] = control
        buttons[i] = button

        def on_answer(_=None, number=i, control=control):
            with log:
                log.clear_output()
                exam.answer(number, control.value)
            if number in exam.answers:
                control.disabled = True
            if exam.time_up() and not exam.finished:
                finish_now()
            update_status()

        button.on_click(_guarded(log)(on_answer))
        rows.append(widgets.VBox([text, widgets.HBox([control, button])]))

    finish_button = widgets.Button(description="終了して採点" if ja else "Finish and score", button_style="warning")
    finish_button.on_click(_guarded(report_out)(lambda _=None: finish_now()))
    update_status()
    box = widgets.VBox([status, *rows, log, finish_button, report_out])
    box._exam = exam  # for tests
    box._exam_controls = dict(
        inputs=inputs, buttons=buttons, rows=rows, finish=finish_button, report=report_out, status=status, log=log
    )
    return box


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
