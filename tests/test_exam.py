"""helpers.exam: every generated question's answer is right, checked against independent calculations."""

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import conv2d, im2col, max_pool2d  # noqa: E402
from helpers.exam import (  # noqa: E402
    GENERATORS,
    TOPICS,
    ExamSession,
    check_answer,
    generate,
    kinds_for_topic,
    parse_answer,
    practice_widget,
)

KINDS = sorted(GENERATORS)
SEEDS = list(range(40)) + [2026]  # 2026: the fixed set of notebooks/10_exam_practice.ipynb
INTS = re.compile(r"-?\d+")


def test_enough_kinds_and_every_topic_covered():
    assert len(GENERATORS) >= 30
    for topic in TOPICS:
        assert kinds_for_topic(topic), topic


@pytest.mark.parametrize("kind", KINDS)
def test_expression_reproduces_the_answer_and_solution_states_it(kind):
    for seed in SEEDS:
        q = generate(kind, seed)
        value = eval(q.expression, {})  # noqa: S307 - our own generated arithmetic
        assert (list(value) if isinstance(q.answer, list) else value) == q.answer, (kind, seed)
        assert q.solution.endswith(f"Answer: {q.answer}."), (kind, seed)
        assert generate(kind, seed) == q  # deterministic
        for wrong, _hint in q.hints:
            assert not np.array_equal(np.asarray(wrong), np.asarray(q.answer)), f"a hint for the right answer: {kind}"


def _numbers(text):
    return [int(v) for v in INTS.findall(text)]


# ----- independent oracles: build the arrays and measure their shapes, or count by brute force


def _brute_output_size(i, k, s, p, d=1):
    return sum(1 for start in range(0, i + 2 * p) if start % s == 0 and start + d * (k - 1) < i + 2 * p)


def test_conv_sizes_against_brute_force_counting():
    for seed in SEEDS:
        q = generate("conv_basic", seed)
        i, k, _, p = _numbers(q.text.split("What")[0])[:1] + _numbers(q.text)[2:3] + [1] + _numbers(q.text)[-1:]
        assert q.answer == _brute_output_size(i, k, 1, p)
        q = generate("conv_stride_padding", seed)
        i, _, k, _, s, p = _numbers(q.text)[:6]
        assert q.answer == _brute_output_size(i, k, s, p)
        q = generate("conv_dilation", seed)
        _, _, d, s, p, i, _ = _numbers(q.text)[:7]
        assert q.answer == _brute_output_size(i, 3, s, p, d)
        q = generate("conv_floor", seed)
        i, _, k, _, s, p = _numbers(q.text)[:6]
        assert q.answer == _brute_output_size(i, k, s, p)
        q = generate("conv_find_padding", seed)
        k, _, s, i, _, o = _numbers(q.text)[:6]
        assert _brute_output_size(i, k, s, q.answer) == o


def test_conv_batch_shape_by_running_conv2d():
    for seed in range(8):
        q = generate("conv_batch_shape", seed)
        n, c, h, w, f, k, _, s, p = _numbers(q.text)[:9]
        x = np.zeros((1, c, h, w))
        out = conv2d(x, np.zeros((f, c, k, k)), stride=s, padding=p)
        assert q.answer == (n, f) + out.shape[2:]


def test_im2col_shapes_by_running_im2col():
    for seed in range(10):
        q = generate("im2col_shape", seed)
        n, c, h, _, k, _, s, p = _numbers(q.text)[1:9]  # [0] is the 2 of "im2col"
        assert im2col(np.zeros((n, c, h, h)), k, stride=s, padding=p).shape == q.answer
        q = generate("im2col_product", seed)
        n, c, h, _, f, k, _, s, p = _numbers(q.text)[:9]
        cols = im2col(np.zeros((n, c, h, h)), k, stride=s, padding=p)
        assert (cols @ np.zeros((c * k * k, f))).shape == q.answer
        q = generate("im2col_elements", seed)
        c, h, _ = _numbers(q.text)[:3]
        assert im2col(np.zeros((c, h, h)), 3, padding=1).size == q.answer
        q = generate("backward_dcol", seed)
        n, c, h, _, f, k, _, s, p = _numbers(q.text)[1:10]
        cols = im2col(np.zeros((n, c, h, h)), k, stride=s, padding=p)
        assert cols.shape == q.answer


def _count_params(layers):
    return sum(f * c * k * k + (f if bias else 0) for c, f, k, bias in layers)


def test_parameter_counts_by_counting_weights():
    for seed in SEEDS:
        q = generate("params_conv", seed)
        c, f, k = _numbers(q.text)[:3]
        assert q.answer == np.zeros((f, c, k, k)).size + np.zeros(f).size
        q = generate("bottleneck_total", seed)
        c = _numbers(q.text)[0]
        m = c // 4
        assert q.answer == _count_params([(c, m, 1, False), (m, m, 3, False), (m, c, 1, False)])
        q = generate("bottleneck_saving", seed)
        k, _, c, f, m = _numbers(q.text)[:5]
        assert q.answer == _count_params([(c, f, k, False)]) - _count_params([(c, m, 1, False), (m, f, k, False)])
        q = generate("params_fc", seed)
        c, h, _, m = _numbers(q.text)[:4]
        assert q.answer == np.zeros((c * h * h, m)).size + m


def _brute_rf(layers):
    """Receptive field by propagating the set of input pixels that reach one output cell."""
    cells = {0}
    for k, s, *d in reversed(layers):
        d = d[0] if d else 1
        cells = {c * s + d * u for c in cells for u in range(k)}
    return max(cells) - min(cells) + 1


def test_receptive_fields_by_propagating_pixels():
    for seed in SEEDS:
        q = generate("rf_stack", seed)
        n, k = _numbers(q.text)[:2]
        assert q.answer == _brute_rf([(k, 1)] * n)
        q = generate("rf_dilated", seed)
        ds = _numbers(q.text.split("dilations")[1].split("(")[0])
        assert q.answer == _brute_rf([(3, 1, d) for d in ds])
        q = generate("rf_with_pool", seed)
        layers = [(int(k), int(s)) for k, s in re.findall(r"(\d)×\d stride (\d)", q.text)]
        assert q.answer == _brute_rf(layers)


def _matrices(text):
    blocks, current = [], []
    for line in text.split("\n"):
        if line.startswith("    "):
            current.append([int(v) for v in line.split()])
        elif current:
            blocks.append(np.array(current))
            current = []
    if current:
        blocks.append(np.array(current))
    return blocks


def test_max_pooling_values_and_gradient_by_loops():
    for seed in SEEDS:
        q = generate("maxpool_values", seed)
        (x,) = _matrices(q.text)
        expected = [[int(x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max()) for j in range(2)] for i in range(2)]
        assert q.answer == expected
        q = generate("maxpool_overlap_values", seed)
        (x,) = _matrices(q.text)
        assert q.answer == [[int(x[i : i + 3, j : j + 3].max()) for j in range(2)] for i in range(2)]
        q = generate("maxpool_backward_values", seed)
        x, dout = _matrices(q.text)
        dx = np.zeros((4, 4), dtype=int)
        for i, j in itertools.product(range(2), range(2)):
            window = x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
            u, v = np.unravel_index(np.argmax(window), (2, 2))
            dx[2 * i + u, 2 * j + v] += dout[i, j]
        assert q.answer == dx.tolist()
        assert dx.sum() == dout.sum() and np.count_nonzero(dx) == 4  # each window routes all of its gradient once


def _forward_shapes(h, layers):
    """Run zeros through conv/pool layers with helpers and return the final (C, H, W)."""
    x = np.zeros((1, 1 if layers[0][1] is None else layers[0][1], h, h))
    for kind, _c_in, c_out, k, s, p in layers:
        if kind == "conv":
            x = conv2d(x, np.zeros((c_out, x.shape[1], k, k)), stride=s, padding=p)
        else:
            x = max_pool2d(x, k, stride=s)
    return x.shape[1:]


def _convs(text):
    """[(in, out, k), ...] from the Conv2d(in, out, k...) calls in a question."""
    return [tuple(int(v) for v in m) for m in re.findall(r"Conv2d\((\d+|…), (\d+), (\d+)", text.replace("…", "0"))]


def test_flatten_sizes_by_running_the_layers():
    for seed in range(12):
        q = generate("flatten_lenet", seed)
        (_, c1, _), (_, c2, _) = _convs(q.text)
        shape = _forward_shapes(
            32,
            [
                ("conv", 3, c1, 5, 1, 0),
                ("pool", None, None, 2, 2, 0),
                ("conv", c1, c2, 5, 1, 0),
                ("pool", None, None, 2, 2, 0),
            ],
        )
        assert q.answer == int(np.prod(shape))
        q = generate("flatten_strided", seed)
        h0 = _numbers(q.text)[1]
        (_, c, _), _, (_, c3, _) = _convs(q.text)
        shape = _forward_shapes(h0, [("conv", 3, c, 3, 2, 1), ("conv", c, c, 3, 2, 1), ("conv", c, c3, 3, 2, 1)])
        assert q.answer == int(np.prod(shape))
        q = generate("flatten_padded", seed)
        blocks = _numbers(q.text)[3]
        ((_, c, _),) = _convs(q.text)
        shape = _forward_shapes(28, [("conv", 1, c, 3, 1, 1), ("pool", None, None, 2, 2, 0)] * blocks)
        assert q.answer == int(np.prod(shape))
        q = generate("network_output_shape", seed)
        n, _, h0 = _numbers(q.text)[:3]
        ((_, f1, k),) = _convs(q.text)
        p = int(re.search(r"padding=(\d+)", q.text).group(1))
        shape = _forward_shapes(h0, [("conv", 1, f1, k, 1, p), ("pool", None, None, 2, 2, 0)])
        assert q.answer == (n,) + shape
        q = generate("pool_shape", seed)
        n, c, h = _numbers(q.text)[:3]
        assert q.answer == (n, c) + max_pool2d(np.zeros((1, 1, h, h)), 2).shape[2:]


def test_backward_shapes_by_computing_gradients():
    from helpers.kernels import conv_backward, conv_forward, maxpool_backward, maxpool_forward

    for seed in range(6):
        q = generate("backward_dw", seed)
        f, k, _, n, c, h = _numbers(q.text)[:6]
        x = np.random.default_rng(0).normal(size=(n, c, h, h))
        out, cache = conv_forward(x, np.zeros((f, c, k, k)), np.zeros(f))
        grads = conv_backward(np.ones_like(out), cache)
        dw = [g for g in (grads if isinstance(grads, tuple) else (grads,)) if np.shape(g) == (f, c, k, k)]
        assert dw and q.answer == (f, c, k, k)
        q = generate("backward_pool_dx", seed)
        n, c, h = _numbers(q.text)[3:6]
        out, cache = maxpool_forward(np.zeros((n, c, h, h)), 2)
        assert maxpool_backward(np.ones_like(out), cache).shape == q.answer
        q = generate("backward_fc", seed)
        n, d, _, m = _numbers(q.text)[:4]
        x, dout = np.zeros((n, d)), np.zeros((n, m))
        expected = (x.T @ dout).shape if "dW =" in q.text else (dout @ np.zeros((d, m)).T).shape
        assert q.answer == expected


# ----- checking, the session and the widget


def test_check_answer_right_wrong_and_unanswered(capsys):
    q = generate("params_conv", 3)
    assert check_answer(q, q.answer).passed
    out = capsys.readouterr().out
    assert out.startswith("✓") and "Worked solution" in out
    wrong = q.hints[0][0]
    r = check_answer(q, wrong)
    out = capsys.readouterr().out
    assert not r.passed and r.attempted and "Hint:" in out and "Worked solution" in out
    r = check_answer(q, ...)
    out = capsys.readouterr().out
    assert not r.attempted and "not attempted yet" in out and "Worked solution" not in out
    shape_q = generate("im2col_shape", 3)
    assert check_answer(shape_q, list(shape_q.answer)).passed  # a list is read as a tuple
    array_q = generate("maxpool_values", 3)
    assert check_answer(array_q, array_q.answer).passed
    assert not check_answer(array_q, [[0, 0], [0, 0]]).passed


def test_session_numbers_questions_and_scores(capsys):
    exam = ExamSession(seed=7)
    q1 = exam.ask("conv_basic")
    q2 = exam.ask("conv_basic")
    q3 = exam.ask("pool_basic")
    assert q1 != q2  # asking the same kind again gives a new variant
    assert "Q1 · " in capsys.readouterr().out
    exam.check(q1, q1.answer)
    exam.check(q2, -1)
    exam.check(q3, ...)
    table = exam.summary()
    out = capsys.readouterr().out
    assert table["conv_size"] == (1, 2, 2) and table["pool_size"] == (0, 0, 1)
    assert "1 question(s) not attempted yet" in out and "1 /   3" not in out
    assert re.search(r"total\s+1 / 3", out)


@pytest.mark.parametrize(
    "text, value",
    [
        ("13", 13),
        (" (8, 16, 32, 32) ", (8, 16, 32, 32)),
        ("8, 16, 32, 32", (8, 16, 32, 32)),
        ("64x27", (64, 27)),
        ("64 × 27", (64, 27)),
        ("[[1, 2], [3, 4]]", [[1, 2], [3, 4]]),
        ("12.0", 12),
        ("", ...),
    ],
)
def test_parse_answer(text, value):
    assert parse_answer(text) == value


def test_parse_answer_rejects_nonsense_with_a_message():
    with pytest.raises(ValueError, match="whole number"):
        parse_answer("thirteen")


def test_practice_widget_new_question_and_check():
    box = practice_widget(seed=1)
    c, state = box._exam_controls, box._exam_state
    first = state["question"]
    c["new"].click()
    assert state["question"] is not first
    q = state["question"]
    c["answer"].value = str(q.answer) if not isinstance(q.answer, tuple) else ", ".join(map(str, q.answer))
    c["check"].click()
    assert state["answered"] == 1 and state["correct"] == 1 and "1 / 1" in c["score"].value
    c["check"].click()  # checking twice does not count twice
    assert state["answered"] == 1
    c["new"].click()
    c["answer"].value = "not a number"
    c["check"].click()  # a message, no exception, no score change
    assert state["answered"] == 1
    for topic in TOPICS:  # every topic can produce questions
        c["topic"].value = topic
        assert state["question"].topic == topic


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10_exam_practice.ipynb"


def test_exam_notebook_question_set_matches_helpers():
    """The fixed set: >= 30 questions, every topic, and every solution region gives the helpers' answer."""
    cells = [c for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    asked = [re.fullmatch(r'q(\d+) = exam\.ask\("(\w+)"\)', s.strip()) for s in sources]
    asked = [(int(m.group(1)), m.group(2)) for m in asked if m]
    assert len(asked) >= 30 and [n for n, _ in asked] == list(range(1, len(asked) + 1))
    assert "ExamSession(seed=2026)" in "".join(sources)
    topics = Counter(GENERATORS[kind][0] for _, kind in asked)
    assert set(topics) == set(TOPICS) and min(topics.values()) >= 3, topics
    seen = Counter()
    for number, kind in asked:
        q = generate(kind, 2026 + 1000 * seen[kind])
        seen[kind] += 1
        answer_cell = next(s for s in sources if f"exam.check(q{number}, answer)" in s)
        solution = answer_cell.split("### BEGIN SOLUTION\n")[1].split("\n### END SOLUTION")[0]
        assert answer_cell.startswith("answer = ...\n"), "student versions keep the placeholder"
        ns = {}
        exec(solution, ns)  # noqa: S102 - the notebook's own solution line
        answer = ns["answer"]
        assert (list(answer) if isinstance(q.answer, list) else answer) == q.answer, (number, kind)
        # the committed output shows this question's text and a pass
        cell = next(c for c in cells if "".join(c["source"]).strip() == f'q{number} = exam.ask("{kind}")')
        assert "".join(cell["outputs"][0]["text"]).strip() == q.render(number).strip()


def test_rerunning_the_session_cell_then_checking_an_old_question_works(capsys):
    """Re-running `exam = ExamSession(...)` while q1 is from the old session: no StopIteration."""
    old = ExamSession(seed=2026)
    q1 = old.ask("conv_basic")
    exam = ExamSession(seed=2026)  # the learner re-ran the cell
    result = exam.check(q1, q1.answer)
    assert result.passed and exam.score()["conv_size"][0] == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out


def test_exam_first_attempt_counts_and_the_worked_solution_does_not_raise_it(capsys):
    exam = ExamSession(seed=3)
    q = exam.ask("conv_basic")
    assert not exam.check(q, q.answer + 1).passed
    assert "Worked solution" in capsys.readouterr().out
    assert exam.check(q, q.answer).passed  # right after reading the solution...
    out = capsys.readouterr().out
    assert "attempt 2" in out and "first attempt" in out
    assert exam.score()["conv_size"][0] == 0  # ...but the first attempt counts
    assert exam.attempts[1] == 2


ODD_ANSWERS = [5j, "5", None, True, float("nan"), 5.0, lambda: 5, 10**5000, [1, 2]]


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=[f"odd{i}" for i in range(len(ODD_ANSWERS))])
def test_exam_odd_answers_are_not_yet_without_a_traceback(answer, capsys):
    exam = ExamSession(seed=4)
    q = exam.ask("conv_basic")
    result = exam.check(q, answer)
    out = capsys.readouterr().out
    assert not result.passed and "Traceback" not in out and len(out) < 2000


@pytest.mark.parametrize(
    "typed", ["(1+2j)", "5j", "9" * 5000, "[" * 500, "True", "None", "'13'", "1e400"], ids=lambda t: t[:12]
)
def test_practice_widget_odd_input_is_a_message(typed):
    box = practice_widget(seed=2)
    c, state = box._exam_controls, box._exam_state
    c["answer"].value = typed
    c["check"].click()  # an exception here would fail the test: callbacks never raise
    assert state["correct"] == 0


def test_practice_widget_first_attempt_counts():
    box = practice_widget(seed=5)
    c, state = box._exam_controls, box._exam_state
    q = state["question"]
    c["answer"].value = "-1"
    c["check"].click()
    c["answer"].value = str(q.answer) if not isinstance(q.answer, tuple) else ", ".join(map(str, q.answer))
    c["check"].click()  # right after the worked solution was shown
    assert state["answered"] == 1 and state["correct"] == 0 and "0 / 1" in c["score"].value
