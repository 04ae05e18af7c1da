"""The practice widget of notebook 10: endless fresh questions, the first attempt scored."""

from __future__ import annotations

import numpy as np

from .registry import GENERATORS, TOPICS, kinds_for_topic
from .session import check_answer, generate, parse_answer


def practice_widget(seed: int = 0, topic: str | None = None):
    """Endless practice: pick a topic, "New question", type an answer, "Check" (worked solution shown after)."""
    import ipywidgets as widgets

    kinds = sorted(GENERATORS)
    state = {"seed": int(seed), "question": None, "correct": 0, "answered": 0}
    options = [("any topic", None)] + [(title, key) for key, title in TOPICS.items()]
    topic_box = widgets.Dropdown(
        options=options, value=topic, description="topic", style={"description_width": "initial"}
    )
    new_button = widgets.Button(description="New question", button_style="primary", icon="refresh")
    answer_box = widgets.Text(placeholder="your answer, e.g. 13 or (8, 16, 32, 32)", description="answer")
    check_button = widgets.Button(description="Check", icon="check")
    score = widgets.HTML()
    question_out = widgets.Output()
    feedback_out = widgets.Output()

    def update_score():
        score.value = f"<b>score</b>: {state['correct']} / {state['answered']}"

    def new_question(_=None):
        rng = np.random.default_rng(state["seed"])
        state["seed"] += 1
        pool = kinds if topic_box.value is None else kinds_for_topic(topic_box.value)
        kind = pool[int(rng.integers(len(pool)))]
        state["question"] = generate(kind, int(rng.integers(1_000_000)))
        state["checked"] = False
        answer_box.value = ""
        question_out.clear_output()
        feedback_out.clear_output()
        with question_out:
            print(state["question"].render())

    def check(_=None):
        q = state["question"]
        feedback_out.clear_output()
        with feedback_out:
            try:
                value = parse_answer(answer_box.value)
                result = check_answer(q, value, name="your answer")
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # a widget callback never shows a traceback
                print(
                    f"✗ {exc}"
                    if isinstance(exc, ValueError)
                    else f"✗ could not check this answer ({type(exc).__name__})"
                )
                return
            if result.attempted and not state.get("checked"):
                state["checked"] = True
                state["answered"] += 1
                state["correct"] += bool(result.passed)
                update_score()

    new_button.on_click(new_question)
    check_button.on_click(check)
    topic_box.observe(lambda change: new_question(), names="value")
    update_score()
    new_question()
    box = widgets.VBox(
        [
            widgets.HBox([topic_box, new_button, score]),
            question_out,
            widgets.HBox([answer_box, check_button]),
            feedback_out,
        ]
    )
    box._exam_state = state  # for tests
    box._exam_controls = dict(
        topic=topic_box,
        new=new_button,
        answer=answer_box,
        check=check_button,
        question=question_out,
        feedback=feedback_out,
        score=score,
    )
    return box
