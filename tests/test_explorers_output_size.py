"""Notebook 04: the calculator, the floor/ceil figures, the layer-stack tracer and predict-then-reveal."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import (  # noqa: E402
    conv2d,
    conv_output_size,
    conv_param_count,
    max_pool2d,
    pool_output_size,
    receptive_field,
)
from helpers.exercises import bank_output_size  # noqa: E402
from helpers.explorers import output_size as osz  # noqa: E402
from helpers.plotting import cell_texts  # noqa: E402

# every small input size, then exam sizes (LeNet 32, ResNet 224, AlexNet 227) and odd large ones
INPUT_SIZES = list(range(1, 33)) + [47, 100, 223, 224, 225, 226, 227]


def _all_settings(input_sizes=INPUT_SIZES):
    """Every setting the calculator's sliders reach, for the input sizes above."""
    return osz.calculator_settings(input_sizes=input_sizes)


def _expected(p):
    try:
        return conv_output_size(p["input_size"], p["kernel_size"], p["stride"], p["padding"], p["dilation"]), None
    except ValueError as exc:
        return None, str(exc)


def test_report_and_caption_for_every_setting():
    n_invalid = 0
    for p in _all_settings():
        o, err = _expected(p)
        rep = osz.size_report(**p)
        text = osz.formula_html(**p)
        if err:
            n_invalid += 1
            assert rep["output"] is None and rep["error"] == err
            assert "#b00020" in text and "invalid" in text and "output " not in text.replace("no output", "")
        else:
            assert rep["output"] == o and f"output {o}×{o}" in text
            assert rep["output"] == rep["numerator"] // p["stride"] + 1  # the typeset numbers add up
            n = p["input_size"] + 2 * p["padding"]
            last_end = rep["starts"][-1] + rep["k_eff"]
            assert rep["dropped"] == list(range(last_end, n))
            assert len(rep["dropped"]) <= p["stride"] - 1
            assert (len(rep["dropped"]) == 0) == (rep["remainder"] == 0)
    assert n_invalid > 0


def _reachable(p, reach_invalid=True):
    lim = osz.calculator_limits(p["input_size"], p["kernel_size"], p["padding"], p["dilation"], reach_invalid)
    return all(p[name] <= hi for name, hi in lim.items())


def _draw_sample():
    """Each slider over the values it reaches with the others at their defaults (the input size thinned
    above 30), plus a seeded random sample (valid and invalid) of every reachable setting."""
    defaults = {name: d for name, (_, _, d) in osz.OUTPUT_SIZE_RANGES.items()}
    sample = [
        {**defaults, name: v}
        for name, (lo, hi, _) in osz.OUTPUT_SIZE_RANGES.items()
        for v in range(lo, hi + 1)
        if name != "input_size" or v <= 30 or v % 50 == 0 or v in (224, 227)
    ]
    sample = [p for p in sample if _reachable(p)]
    settings = list(_all_settings())
    rng = np.random.default_rng(0)
    sample += [settings[i] for i in rng.choice(len(settings), 40, replace=False)]
    return sample


def test_draw_over_the_slider_ranges_shows_the_right_output_size():
    invalid = 0
    for p in _draw_sample():
        o, err = _expected(p)
        fig = osz.draw_output_size(**p)
        try:
            titles = [ax.get_title() for ax in fig.axes]
            if err:
                invalid += 1
                assert not any(t.startswith("output") for t in titles)
                assert "invalid" in fig.axes[0].get_xlabel()
            else:
                assert f"output {o}×{o}" in titles
        finally:
            plt.close(fig)
    assert invalid > 0


def test_dropped_cells_are_marked():
    fig = osz.draw_output_size(8, 3, 2, 0, 1)  # windows 0..2, 2..4, 4..6: row/col 7 dropped
    try:
        texts = [t for t in cell_texts(fig.axes[0]) if t == "×"]
        assert len(texts) == 8 + 8 - 1
        assert "dropped by the floor" in fig.axes[0].get_xlabel()
    finally:
        plt.close(fig)


def test_ceil_mode_figure_over_its_ranges():
    (i0, i1, _), (k0, k1, _), (s0, s1, _) = osz.CEIL_MODE_RANGES.values()
    # every (input, kernel) pair, each with a stride cycling through the whole stride range
    sample = [(i, k, s0 + (i + k) % (s1 - s0 + 1)) for i in range(i0, i1 + 1) for k in range(k0, k1 + 1) if k <= i]
    assert {s for _, _, s in sample} == set(range(s0, s1 + 1))
    for i, k, s in sample:
        fig = osz.draw_ceil_mode(i, k, s)
        try:
            titles = [ax.get_title(loc="left") for ax in fig.axes]
            assert f"ceil_mode=False (floor): output size {pool_output_size(i, k, s)}" in titles
            assert f"ceil_mode=True: output size {pool_output_size(i, k, s, ceil_mode=True)}" in titles
        finally:
            plt.close(fig)


def test_parse_layer():
    assert osz.parse_layer("conv 8 5 s2 p1") == {
        "kind": "conv",
        "filters": 8,
        "kernel": 5,
        "stride": 2,
        "padding": 1,
        "dilation": 1,
        "groups": 1,
    }
    assert osz.parse_layer("conv 128 3 s1 p1 g4")["groups"] == 4
    assert osz.parse_layer("pool 3 s2 ceil")["ceil"] is True
    assert osz.parse_layer("maxpool 3 s=2 p1")["stride"] == 2
    assert osz.parse_layer("pool 2")["stride"] == 2  # stride defaults to the kernel
    assert osz.parse_layer("Linear 256, 10") == {"kind": "fc", "in": 256, "out": 10}
    assert osz.parse_layer("fc 10 # logits")["in"] is None
    for bad in ["conv 8", "pool", "conv 8 5 x3", "softmax 3", "relu 2", "pool 2 g2"]:
        with pytest.raises(ValueError, match="one layer per line"):
            osz.parse_layer(bad)


@pytest.mark.parametrize("c, f, k, g", [(64, 128, 3, 4), (32, 32, 3, 32), (6, 9, 5, 3), (8, 16, 1, 1)])
def test_grouped_conv_params_match_the_layer(c, f, k, g):
    """The tracer's count with gG is the parameter count of helpers' own Conv2D(groups=G)."""
    from helpers.layers import Conv2D

    row = osz.trace_layers(f"{c} 9 9", f"conv {f} {k} g{g}")[-1]
    layer = Conv2D(c, f, k, groups=g)
    assert row["error"] is None and row["params"] == sum(p.size for p in layer.params.values())
    assert row["shape"] == (f, 9 - k + 1, 9 - k + 1)


def test_groups_that_do_not_divide_are_explained():
    row = osz.trace_layers("64 8 8", "conv 128 3 g3")[-1]
    assert "g3" in row["error"] and "divide" in row["error"]


def _forward_shape(input_shape, lines):
    """Independent oracle: run the actual helpers operations on zeros."""
    x = np.zeros(input_shape)
    for line in lines:
        spec = osz.parse_layer(line)
        if spec["kind"] == "conv":
            w = np.zeros((spec["filters"], x.shape[0], spec["kernel"], spec["kernel"]))
            x = conv2d(x, w, stride=spec["stride"], padding=spec["padding"], dilation=spec["dilation"])
        elif spec["kind"] == "pool":
            x = max_pool2d(x, spec["kernel"], spec["stride"], spec["padding"])
        elif spec["kind"] == "flatten":
            x = x.reshape(-1)
        elif spec["kind"] == "fc":
            x = np.zeros(spec["out"])
    return x.shape


def test_trace_of_the_default_stack():
    rows = osz.trace_layers("1 28 28", osz.DEFAULT_STACK)
    shapes = [r["shape"] for r in rows]
    assert shapes == [
        (1, 28, 28),
        (8, 24, 24),
        (8, 24, 24),
        (8, 12, 12),
        (16, 8, 8),
        (16, 8, 8),
        (16, 4, 4),
        (256,),
        (10,),
    ]
    assert shapes[-1] == _forward_shape((1, 28, 28), osz.DEFAULT_STACK.splitlines())
    assert [r["params"] for r in rows] == [
        0,
        conv_param_count(1, 8, 5),
        0,
        0,
        conv_param_count(8, 16, 5),
        0,
        0,
        0,
        256 * 10 + 10,
    ]
    assert rows[6]["rf"] == receptive_field([(5, 1), (2, 2), (5, 1), (2, 2)]) == 16
    summary = osz.trace_summary(rows)
    assert summary == {"flatten": 256, "total_params": 208 + 3216 + 2570, "output": (10,), "error": None, "rf": 16}
    text = osz.trace_text(rows)
    assert "flatten size: 256" in text and "total parameters: 5994" in text
    html = osz.trace_html(rows)
    assert "flatten size: 256" in html and "5,994" in html and "#b00020" not in html


def test_changing_one_layer_updates_everything_downstream():
    lines = osz.DEFAULT_STACK.replace("conv 8 5 s1 p0", "conv 8 5 s1 p2")
    rows = osz.trace_layers("1 28 28", lines)
    assert rows[1]["shape"] == (8, 28, 28) and rows[6]["shape"] == (16, 5, 5)
    assert rows[7]["shape"] == (400,)
    assert rows[8]["error"] and "declares 256 input features but the previous layer gives 400" in rows[8]["error"]
    assert "use `fc 400 10`" in rows[8]["error"]
    assert "#b00020" in osz.trace_html(rows)


@pytest.mark.parametrize(
    "input_shape, lines, where, message",
    [
        ("1 28 28", "conv 8 5\npool 2\nfc 10", 3, "add a `flatten` line before it (it gives 8 · 12 · 12 = 1152"),
        ("1 8 8", "conv 8 5\nconv 8 5\nflatten", 2, "larger than the padded input"),
        ("1 28 28", "flatten\nconv 8 3", 2, "needs a (C, H, W) input"),
        ("1 28 28", "conv 8\nrelu", 1, "not a layer this tracer knows"),
        ("1 28", "conv 8 3", 0, "three positive whole numbers"),
        ("1 4 4", "pool 2 p2", 1, "more than half of kernel_size"),
    ],
)
def test_mismatches_are_explained_and_stop_the_trace(input_shape, lines, where, message):
    rows = osz.trace_layers(input_shape, lines)
    assert message in rows[where]["error"]
    assert all(r["error"] is None for r in rows[:where])
    assert all(r["shape"] is None and r["note"].startswith("not computed") for r in rows[where + 1 :])
    assert osz.trace_summary(rows)["error"].endswith(rows[where]["error"])
    fig = osz.draw_trace(input_shape, lines)  # draws what is valid, never raises
    plt.close(fig)


def test_questions_match_an_actual_forward_pass():
    qs = osz.make_shape_questions(12, seed=3)
    assert len(qs) == 12
    for q in qs:
        assert q["answer"] == _forward_shape(q["input_shape"], q["layers"].splitlines())
    assert osz.make_shape_questions(5, seed=0) == osz.make_shape_questions(5, seed=0)


def test_grade_shape_prediction():
    assert osz.grade_shape_prediction("(8, 12, 12)", (8, 12, 12))[0]
    assert osz.grade_shape_prediction("8 12 12", (8, 12, 12))[0]
    ok, msg = osz.grade_shape_prediction("8 13 12", (8, 12, 12))
    assert not ok and "H" in msg and "W" not in msg.split("differ")[0]
    assert "3 (C, H, W)" in osz.grade_shape_prediction("8 12", (8, 12, 12))[1]
    assert not osz.grade_shape_prediction("", (8, 12, 12))[0]


def test_draw_trace_labels_every_shape():
    fig = osz.draw_trace()
    try:
        labels = [t.get_text().strip() for t in fig.axes[0].texts]
        assert "(16, 4, 4)" in labels and "(1, 28, 28)" in labels
        assert "16×16" in [t.get_text().strip() for t in fig.axes[1].texts]
    finally:
        plt.close(fig)


def test_widgets_build_and_react():
    calc = osz.output_size_explorer()
    panel, caption, _ = calc.children
    sliders = {w.description: w for w in panel.children}
    assert "output 3×3" in caption.value  # default I=8, K=3, S=2 → ⌊5/2⌋ + 1
    sliders["kernel_size"].value = 7
    sliders["input_size"].value = 5
    assert "#b00020" in caption.value and "larger than the padded input" in caption.value

    tracer = osz.layer_stack_explorer()
    panel, caption, _ = tracer.children
    controls = {w.description: w for w in panel.children}
    assert "flatten size: 256" in caption.value
    controls["input C H W"].value = "3 32 32"
    assert "#b00020" in caption.value and "400" in caption.value

    quiz = osz.predict_then_reveal(count=2, seed=0)
    question, row, result = quiz.children
    guess, reveal, nxt = row.children
    answer = osz.make_shape_questions(2, seed=0)[0]["answer"]
    guess.value = " ".join(map(str, answer))
    reveal.click()
    assert "✓ right" in result.value and "<table" in result.value
    nxt.click()
    assert "Question 2 of 2" in question.value and result.value == ""


def test_bank_reference_is_the_formula():
    for p in _all_settings():
        o, err = _expected(p)
        if err is None:
            assert (
                bank_output_size._out_size(p["input_size"], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
                == o
            )


def test_exercise_answers_match_an_actual_forward_pass():
    from helpers.exercises import exercise_ids
    from helpers.exercises.answers import reveal

    exercise_ids()  # loads the banks
    stack = ["conv 16 3 s1 p1", "pool 2", "conv 32 3 s2 p1", "pool 2"]  # notebook 05, exercise 6
    assert reveal("predict_stack_shape") == _forward_shape((3, 64, 64), stack)
    lenet = ["conv 8 5", "pool 2", "conv 16 5", "pool 2", "flatten"]
    assert (reveal("exam_flatten"),) == _forward_shape((1, 36, 36), lenet)  # notebook 05, exercise 7
    assert reveal("exam_resnet_stem") == _forward_shape((3, 224, 224), ["conv 1 7 s2 p3", "pool 3 s2 p1"])[1]
    assert reveal("exam_alexnet") == _forward_shape((1, 227, 227), ["conv 1 11 s4", "pool 3 s2"])[1]
    assert reveal("exam_same_padding") == 2 and conv_output_size(28, 3, padding=2, dilation=2) == 28
    assert size_dropped(11, 3, 3) == reveal("exam_dropped_columns")


def size_dropped(i, k, s):
    return len(osz.size_report(i, k, s)["dropped"])


@pytest.mark.parametrize(
    "typed, words",
    [
        ("9" * 5000, "5,000 digits"),  # int() refuses it: was a ValueError in the Reveal button's callback
        ("1" * 100_000, "100,000 digits"),
        ("8 12 12 " * 1000, "3000 numbers"),
        ("-1 -1 -1", "you typed -1"),
        ("0 12 12", "you typed 0"),
        ("8-12-12", "H, W differ"),  # dashes as separators: 8 12 12 against the expected (8, 13, 13)
        ("(1+2j)", "2 numbers"),
        ("nan", "type the shape first"),
    ],
)
def test_grade_shape_prediction_odd_input_is_a_message(typed, words):
    ok, message = osz.grade_shape_prediction(typed, (8, 13, 13))
    assert not ok and words in message and len(message) < 200, message


def test_predict_then_reveal_button_with_a_5000_digit_guess_shows_a_message():
    from helpers.explorers.shape_quiz import predict_then_reveal

    box = predict_then_reveal()
    widgets, stack = [], [box]
    while stack:
        w = stack.pop(0)
        widgets.append(w)
        stack += list(getattr(w, "children", ()))
    guess = next(w for w in widgets if type(w).__name__ == "Text")
    reveal = next(w for w in widgets if getattr(w, "description", "") == "Reveal")
    result = [w for w in widgets if type(w).__name__ == "HTML"][-1]
    guess.value = "9" * 5000
    reveal.click()
    assert "5,000 digits" in result.value


@pytest.mark.parametrize(
    "shape, layers",
    [
        ("1 28 28", "conv " + "9" * 5000 + " 3"),
        ("1 28 28", "conv 8 3 p" + "9" * 5000),
        ("9" * 5000 + " 28 28", "conv 8 3"),
    ],
)
def test_layer_tracer_names_a_5000_digit_number_briefly(shape, layers):
    """int() refuses 5,000 digits ('Exceeds the limit (4300 digits)…'): the tracer says what is wrong, briefly."""
    rows = osz.trace_layers(shape, layers)
    error = next(r["error"] for r in rows if r["error"])
    assert "4300" not in error and len(error) < 200, error
    assert len(osz.trace_html(rows)) < 3000
    plt.close(osz.draw_trace(shape, layers))


# --------------------------------------------------------------------------- exam-sized inputs (AlexNet's 227)
def test_slider_ranges_reach_exam_sizes():
    ranges = osz.OUTPUT_SIZE_RANGES
    assert ranges["input_size"][1] >= 227 and ranges["kernel_size"][1] >= 11 and ranges["stride"][1] >= 4
    calc = osz.output_size_explorer()
    panel, caption, _ = calc.children
    s = {w.description: w for w in panel.children}
    assert s["input_size"].max >= 227 and s["kernel_size"].max >= 11 and s["stride"].max >= 4
    s["input_size"].value, s["kernel_size"].value, s["stride"].value = 227, 11, 4
    assert "output 55×55" in caption.value  # AlexNet's conv1
    assert s["padding"].max == 10  # the full padding D(K−1) for K = 11
    s["input_size"].value, s["padding"].value = 224, 2
    assert "output 55×55" in caption.value  # the 224 input of the paper with padding 2
    s["kernel_size"].value = 3
    assert s["padding"].value == 2 and s["padding"].max == 2
    s["kernel_size"].value = 2
    assert s["padding"].value == s["padding"].max == 1  # lowered with its maximum


def test_every_setting_the_sliders_allow_is_valid():
    """reach_invalid=False: every reachable setting, all 227 input sizes, has an output and no window of
    padding only; the default calculator reaches exactly one kind of invalid setting, explained in red."""
    count = 0
    for p in osz.calculator_settings(reach_invalid=False):  # all 227 input sizes: the rule by hand
        i, k, _, pad, d = p.values()
        count += 1
        assert d * (k - 1) + 1 <= i + 2 * pad and pad <= d * (k - 1), p
    assert count > 100_000
    for p in osz.calculator_settings(reach_invalid=False, input_sizes=INPUT_SIZES):
        conv_output_size(*p.values())  # helpers agrees: raises if invalid
    invalid = 0
    for p in _all_settings():
        o, err = _expected(p)
        if err:
            invalid += 1
            assert "larger than the padded input" in err and not _reachable(p, reach_invalid=False)
        assert p["padding"] <= p["dilation"] * (p["kernel_size"] - 1)
    assert invalid > 0
    # and the enumeration is the sliders: the extremes are reachable
    settings = list(osz.calculator_settings(input_sizes=[227]))
    assert {"input_size": 227, "kernel_size": 11, "stride": 4, "padding": 30, "dilation": 3} in settings


def test_strict_widget_cannot_reach_an_invalid_setting():
    calc = osz.output_size_explorer(reach_invalid=False)
    panel, caption, _ = calc.children
    s = {w.description: w for w in panel.children}
    rng = np.random.default_rng(1)
    for _ in range(20):  # random slider moves, each to any value the slider offers at that moment
        w = s[rng.choice(list(s))]
        w.value = int(rng.integers(w.min, w.max + 1))
        p = {name: s[name].value for name in osz.OUTPUT_SIZE_RANGES}
        assert _expected(p)[1] is None and _reachable(p, reach_invalid=False), p
        assert "#b00020" not in caption.value and f"output {_expected(p)[0]}×" in caption.value
    s["input_size"].value, s["padding"].value = 1, 0
    assert s["kernel_size"].value == 1 and s["kernel_size"].max == 1
    with pytest.raises(TypeError, match="reach_invalid must be True or False"):
        osz.output_size_explorer(reach_invalid="no")


@pytest.mark.parametrize(
    "setting, output, note",
    [
        ((227, 11, 4, 0, 1), 55, "rows and columns 14..218 not drawn"),
        ((224, 11, 4, 2, 1), 55, "the last 1 row/col dropped by the floor"),
        ((227, 3, 1, 1, 1), 227, "rows and columns 8..220 not drawn"),
        ((227, 11, 4, 30, 3), 65, "dashed: the last window"),
        ((25, 11, 1, 0, 3), None, "larger than the padded input"),
        ((26, 5, 2, 0, 1), 11, "rows and columns 8..17 not drawn"),
    ],
)
def test_large_inputs_render_a_cut_down_grid(setting, output, note):
    from helpers.widgets import render_figure

    fig = osz.draw_output_size(*setting)
    ax_in = fig.axes[0]
    text = ax_in.get_xlabel() + osz.formula_html(*setting)
    assert note in text, text
    if output is not None:
        assert f"output {output}×{output}" in [ax.get_title() for ax in fig.axes]
        n = setting[0] + 2 * setting[3]
        shown = osz._shown(n, 14)
        assert len(cell_texts(ax_in)) <= len(shown) ** 2 <= 22**2  # never n × n cells
        assert cell_texts(ax_in).count("×") == 2 * len(shown) - 1 if n == 228 else True
    assert render_figure(fig).startswith(b"\x89PNG")


def test_alexnet_stack_traces_to_55_and_27():
    stack = "conv 96 11 s4 p0\nrelu\npool 3 s2"
    rows = osz.trace_layers("3 227 227", stack)
    assert [r["shape"] for r in rows] == [(3, 227, 227), (96, 55, 55), (96, 55, 55), (96, 27, 27)]
    assert rows[-1]["shape"] == _forward_shape((3, 227, 227), stack.splitlines())
    assert rows[1]["params"] == conv_param_count(3, 96, 11) == 34_944 and rows[3]["rf"] == 19
    assert "⌊(227 + 2·0 − 1·(11−1) − 1)/4⌋ + 1 = 55" in rows[1]["note"]
    tracer = osz.layer_stack_explorer("3 227 227", stack)
    panel, caption, _ = tracer.children
    assert "final output (96, 27, 27)" in caption.value and "#b00020" not in caption.value
    fig = osz.draw_trace("3 227 227", stack)
    try:
        assert "(96, 27, 27)" in [t.get_text().strip() for t in fig.axes[0].texts]
    finally:
        plt.close(fig)
