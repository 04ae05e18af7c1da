"""helpers.exam: every generated question's answer is right (an independent computation per type), the
formats, the languages, the variety, the links, the mock exam and the widgets."""

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
    MISTAKES,
    TOPICS,
    ExamSession,
    MockExam,
    check_answer,
    generate,
    kinds_for_format,
    kinds_for_topic,
    mock_exam_widget,
    parse_answer,
    parse_choice,
    practice_widget,
)
from helpers.exam.bank_code import BLANK, code_sites, code_task  # noqa: E402
from helpers.exam.mock import PRACTICE_ASKS  # noqa: E402
from helpers.exam.registry import NEAR_MISS, hint_text  # noqa: E402
from helpers.exam.session import _same, worked_solution  # noqa: E402
from helpers.shapes import (
    conv_transpose_output_size,  # noqa: E402
    tf_same_padding,  # noqa: E402
)

ROOT = Path(__file__).resolve().parents[1]
KINDS = sorted(GENERATORS)
NUMERIC = sorted(kinds_for_format("numeric"))
CODE = sorted(kinds_for_format("typed"))
SEEDS = list(range(30)) + [2026]  # 2026: the fixed set of notebooks/10_exam_practice.ipynb


def test_enough_types_every_format_topic_and_notebook():
    assert len(GENERATORS) >= 60
    assert len(NUMERIC) >= 50 and len(CODE) >= 5 and set(kinds_for_format("choice")) == set(KINDS)
    for topic in TOPICS:
        assert kinds_for_topic(topic), topic
    notebooks = {GENERATORS[k].notebook[:2] for k in KINDS}
    assert notebooks == {f"0{i}" for i in range(1, 10)}, notebooks


def _headings(notebook: str) -> set:
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    out = set()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).split("\n"):
                m = re.match(r"#{1,6} (.+)", line)
                if m:
                    out.add(m.group(1).strip())
    return out


def test_every_type_links_to_a_heading_that_exists():
    cache: dict = {}
    for kind in KINDS:
        q = generate(kind, 0, format=GENERATORS[kind].formats[0])
        notebook, anchor = q.link.split("#")
        assert (ROOT / "notebooks" / notebook).exists(), kind
        headings = cache.setdefault(notebook, _headings(notebook))
        assert q.section in headings, (kind, q.section)
        assert anchor == q.section.replace("`", "").replace(" ", "-")


def _i18n_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_japanese_links_module_is_up_to_date():
    from helpers.exam import ja_links

    text = Path(ja_links.__file__).read_text(encoding="utf-8")
    assert text == _i18n_tool().exam_links_source(), (
        "helpers/exam/ja_links.py is out of date with notebooks.po: run python tools/i18n.py exam-links"
    )


def test_every_japanese_link_reaches_a_heading_of_the_japanese_twin():
    """In Japanese the solution's link goes to notebooks/ja/<file> and the anchor of the translated heading."""
    tool = _i18n_tool()
    cache: dict = {}
    for kind in KINDS:
        q = generate(kind, 0, format=GENERATORS[kind].formats[0])
        path, _, anchor = q.link_in("ja").partition("#")
        assert path == f"ja/{q.notebook}" and anchor, (kind, q.link_in("ja"))
        assert (ROOT / "notebooks" / path).exists(), kind
        headings = cache.setdefault(path, tool.heading_anchors(ROOT / "notebooks" / path))
        assert anchor in headings, (kind, anchor)
        assert f"notebooks/{path}#{anchor}" in worked_solution(q, "ja")
        assert q.link_in("en") == q.link and f"notebooks/{q.link}" in worked_solution(q, "en")


@pytest.mark.parametrize("kind", NUMERIC)
def test_expression_reproduces_the_answer_and_solution_states_it(kind):
    for seed in SEEDS:
        q = generate(kind, seed)
        value = eval(q.expression, {})  # noqa: S307 - our own generated arithmetic
        if isinstance(q.answer, float):
            assert value == pytest.approx(q.answer, abs=1e-6), (kind, seed)
        else:
            assert (list(value) if isinstance(q.answer, list) else value) == q.answer, (kind, seed)
        assert q.solution["en"].endswith(f"Answer: {q.answer!r}."), (kind, seed)
        assert q.solution["ja"].endswith(f"答え：{q.answer!r}。"), (kind, seed)
        assert generate(kind, seed) == q  # deterministic
        for _name, wrong in q.mistakes:
            assert not _same(wrong, q.answer), f"a mistake that gives the right answer: {kind}"


# ----- independent oracles: brute force, or build the arrays and measure them


def _brute_size(i, k, s=1, p=0, d=1):
    """Count window starts by walking over the padded input."""
    return sum(1 for t in range(0, i + 2 * p) if t % s == 0 and t + d * (k - 1) < i + 2 * p)


def _brute_rf(layers):
    """Receptive field by propagating the set of input pixels that reach one output cell."""
    cells = {0}
    for k, s, *d in reversed(layers):
        d = d[0] if d else 1
        cells = {c * s + d * u for c in cells for u in range(k)}
    return max(cells) - min(cells) + 1


def _run_layers(shape, layers):
    x = np.zeros(shape)
    for layer in layers:
        if layer[0] == "conv":
            _, _c_in, c_out, k, s, p = layer
            x = conv2d(x, np.zeros((c_out, x.shape[1], k, k)), stride=s, padding=p)
        else:
            x = max_pool2d(x, layer[1])
    return x.shape


def _count(layers):
    return sum(np.zeros((f, c, k, k)).size + (f if bias else 0) for c, f, k, bias in layers)


def _windows(x, k, s):
    x = np.asarray(x)
    o = (x.shape[0] - k) // s + 1
    return [[x[i * s : i * s + k, j * s : j * s + k] for j in range(o)] for i in range(o)]


def _madds_conv(c, f, k, h, s, p):
    rows, cols = im2col(np.zeros((1, c, h, h)), k, stride=s, padding=p).shape
    return rows * cols * f  # one multiply-add per (row, column, filter) of the matrix product


def _dropout_kept_value(p, x):
    from helpers.layers import Dropout

    layer = Dropout(p, rng=np.random.default_rng(0))
    out = layer.forward(np.full(2000, x))
    return float(out[out != 0][0])


def _dw_by_linearity(x, dout, k):
    """L = Σ dout·conv(x, W) is linear in W: dW[u, v] = L at W = e_uv (the conv by loops)."""
    x, dout = np.asarray(x), np.asarray(dout)
    o = x.shape[0] - k + 1
    dw = np.zeros((k, k), dtype=int)
    for u, v in itertools.product(range(k), range(k)):
        e = np.zeros((k, k))
        e[u, v] = 1
        out = np.array([[(x[i : i + k, j : j + k] * e).sum() for j in range(o)] for i in range(o)])
        dw[u, v] = int(round((out * dout).sum()))
    return dw.tolist()


def _visits(size, k, p, s, r, c):
    count = 0
    for t in range(0, size + 2 * p - k + 1, s):
        for v in range(0, size + 2 * p - k + 1, s):
            if t <= r + p < t + k and v <= c + p < v + k:
                count += 1
    return count


def _tf_pads(i, k, s):
    o = len(range(0, i, s))  # TensorFlow 'same': one output per stride step that starts inside the input
    total = next(t for t in range(0, 100) if (o - 1) * s + k <= i + t)
    return total // 2, total - total // 2


def _transposed(i, k, s, p, op, d):
    """Scatter every input cell through every tap; the covered span, cropped by P each side, plus output_padding."""
    span = max(j * s + u * d for j in range(i) for u in range(k)) + 1
    return span - 2 * p + op


def _ceil_pool(i, k, s):
    starts = [t for t in range(0, i, s) if t <= i - k + s - 1]  # partial last window allowed, start inside
    return len(starts)


ORACLES = {
    "conv_basic": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"]),
    "conv_stride_padding": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"]),
    "conv_floor": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"]),
    "alexnet_conv1": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"]),
    "conv_dilation": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"], a["d"]),
    "conv_batch_shape": lambda a: (
        (a["n"], a["f"])
        + conv2d(
            np.zeros((1, a["c"], a["h"], a["w"])),
            np.zeros((a["f"], a["c"], a["k"], a["k"])),
            stride=a["s"],
            padding=a["p"],
        ).shape[2:]
    ),
    "conv_rect": lambda a: (
        _brute_size(a["h"], a["kh"], a["s"], a["ph"]),
        _brute_size(a["w"], a["kw"], a["s"], a["pw"]),
    ),
    "conv_find_padding": lambda a: next(
        p for p in range(a["k"] + 1) if _brute_size(a["i"], a["k"], a["s"], p) == a["o"]
    ),
    "conv_valid_same_full": lambda a: None,  # checked in its own test with np.convolve
    "same_padding": lambda a: next(p for p in range(40) if _brute_size(a["i"], a["k"], 1, p, a["d"]) == a["i"]),
    "tf_same_output": lambda a: len(range(0, a["i"], a["s"])),
    "tf_same_pad": lambda a: _tf_pads(a["h"], a["k"], a["s"]) + _tf_pads(a["w"], a["k"], a["s"]),
    "transposed_size": lambda a: _transposed(a["i"], a["k"], a["s"], a["p"], a["op"], a["d"]),
    "transposed_params": lambda a: np.zeros((a["c"], a["f"], a["k"], a["k"])).size + a["f"],
    "pool_basic": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"]),
    "pool_overlap": lambda a: _brute_size(a["i"], a["k"], a["s"], a["p"]),
    "pool_ceil_mode": lambda a: _ceil_pool(a["i"], a["k"], a["s"]),
    "pool_shape": lambda a: (a["n"], a["c"]) + max_pool2d(np.zeros((1, 1, a["h"], a["w"])), 2).shape[2:],
    "params_conv": lambda a: _count([(a["c"], a["f"], a["k"], True)]),
    "params_conv_nobias": lambda a: _count([(a["c"], a["f"], a["k"], False)]),
    "one_by_one_params": lambda a: _count([(a["c"], a["f"], 1, True)]),
    "params_fc": lambda a: np.zeros((a["d"], a["m"])).size + a["m"],
    "params_network": lambda a: _count(a["layers"]),
    "bottleneck_total": lambda a: _count(a["layers"]),
    "params_fc_vs_conv": lambda a: (
        np.zeros((a["c"] * a["h"] ** 2, a["h"] ** 2)).size - np.zeros((a["c"], a["k"], a["k"])).size
    ),
    "flops_conv": lambda a: _madds_conv(a["c"], a["f"], a["k"], a["h"], a["s"], a["p"]),
    "flops_fc": lambda a: (np.zeros((a["n"], a["d"])) @ np.zeros((a["d"], a["m"]))).size * a["d"],
    "flops_stride_saving": lambda a: (
        im2col(np.zeros((1, 1, a["h"], a["h"])), a["k"], padding=a["p"]).shape[0]
        - im2col(np.zeros((1, 1, a["h"], a["h"])), a["k"], stride=a["s"], padding=a["p"]).shape[0]
    ),
    "bottleneck_saving": lambda a: (
        a["h"] ** 2
        * (
            _count([(a["c"], a["f"], a["k"], False)])
            - _count([(a["c"], a["m"], 1, False), (a["m"], a["f"], a["k"], False)])
        )
    ),
    "depthwise_params": lambda a: np.zeros((a["c"], 1, a["k"], a["k"])).size + (a["c"] if a["bias"] else 0),
    "separable_params": lambda a: np.zeros((a["c"], 1, a["k"], a["k"])).size + np.zeros((a["f"], a["c"], 1, 1)).size,
    "separable_ratio": lambda a: _separable_ratio(a["c"], a["f"], a["k"]),
    "vgg_flatten": lambda a: a["c"] * int(np.prod(_run_layers((1, 1, a["i"], a["i"]), [("pool", 2)] * 5)[2:])),
    "vgg_fc_params": lambda a: (
        512 * int(np.prod(_run_layers((1, 1, a["i"], a["i"]), [("pool", 2)] * 5)[2:])) * a["m"] + a["m"]
    ),
    "vgg_3x3_stack": lambda a: (
        _count([(a["c"], a["c"], 1 + 2 * a["n"], a["bias"])]) - _count([(a["c"], a["c"], 3, a["bias"])] * a["n"])
    ),
    "lenet_sizes": lambda a: _lenet_stage(a),
    "dropout_train_value": lambda a: _dropout_kept_value(a["p"], a["x"]),
    "dropout_test_value": lambda a: _dropout_test(a),
    "dropout_kept_count": lambda a: a["n"] - round(a["n"] * a["p"]),
    "im2col_shape": lambda a: (
        im2col(np.zeros((a["n"], a["c"], a["h"], a["w"])), a["k"], stride=a["s"], padding=a["p"]).shape
    ),
    "backward_dcol": lambda a: (
        im2col(np.zeros((a["n"], a["c"], a["h"], a["w"])), a["k"], stride=a["s"], padding=a["p"]).shape
    ),
    "im2col_weight_matrix": lambda a: np.zeros((a["f"], a["c"], a["k"], a["k"])).reshape(a["f"], -1).T.shape,
    "im2col_product": lambda a: (
        (
            im2col(np.zeros((a["n"], a["c"], a["h"], a["w"])), a["k"], stride=a["s"], padding=a["p"])
            @ np.zeros((a["c"] * a["k"] ** 2, a["f"]))
        ).shape
    ),
    "im2col_elements": lambda a: im2col(np.zeros((a["c"], a["h"], a["w"])), a["k"], padding=a["p"]).size,
    "backward_dw": lambda a: _dw_shape(a),
    "backward_fc": lambda a: _fc_grad_shape(a),
    "backward_pool_dx": lambda a: _pool_dx_shape(a),
    "flatten_lenet": lambda a: int(np.prod(_run_layers((1, 3, a["i"], a["i"]), a["layers"])[1:])),
    "flatten_padded": lambda a: int(np.prod(_run_layers((1, 1, a["i"], a["i"]), a["layers"])[1:])),
    "flatten_strided": lambda a: int(np.prod(_run_layers((1, 3, a["i"], a["i"]), a["layers"])[1:])),
    "network_output_shape": lambda a: (a["n"],) + _run_layers((1, 1, a["h"], a["w"]), a["layers"])[1:],
    "nhwc_shape": lambda a: np.zeros(a["src"]).transpose(eval(a["axes"])).shape,  # noqa: S307
    "gap_params": lambda a: np.zeros((a["c"], a["m"])).size + a["m"],
    "rf_stack": lambda a: _brute_rf(a["layers"]),
    "rf_with_pool": lambda a: _brute_rf(a["layers"]),
    "rf_dilated": lambda a: _brute_rf(a["layers"]),
    "maxpool_values": lambda a: [[int(w.max()) for w in row] for row in _windows(a["x"], a["k"], a["s"])],
    "maxpool_overlap_values": lambda a: [[int(w.max()) for w in row] for row in _windows(a["x"], a["k"], a["s"])],
    "avgpool_values": lambda a: [[int(w.mean()) for w in row] for row in _windows(a["x"], 2, 2)],
    "maxpool_backward_values": lambda a: _maxpool_dx(a["x"], a["dout"]),
    "avgpool_backward_values": lambda a: _avgpool_dx(a["dout"], a["k"]),
    "conv_dw_values": lambda a: _dw_by_linearity(a["x"], a["dout"], a["k"]),
    "conv_cell_value": lambda a: (
        int((np.asarray(a["x"])[a["i"] : a["i"] + 3, a["j"] : a["j"] + 3] * np.asarray(a["w"])).sum()) + a["b"]
    ),
    "window_visits": lambda a: _visits(a["size"], a["k"], a["p"], a["s"], a["r"], a["c"]),
}


def _separable_ratio(c, f, k):
    """Multiply-adds counted from the im2col matrices: depthwise (one channel at a time) + pointwise over standard."""
    positions = im2col(np.zeros((1, 1, 12, 12)), k, padding=k // 2).shape[0]
    depthwise = c * _madds_conv(1, 1, k, 12, 1, k // 2)
    pointwise = positions * c * f
    return (depthwise + pointwise) / _madds_conv(c, f, k, 12, 1, k // 2)


def _lenet_stage(a):
    layers = [("conv", 1, a["c1"], 5, 1, a["p1"]), ("pool", 2), ("conv", a["c1"], a["c2"], 5, 1, 0), ("pool", 2)]
    upto = ["conv1", "pool1", "conv2", "pool2"].index(a["stage"]) + 1
    return _run_layers((1, 1, a["i"], a["i"]), layers[:upto])[1:]


def _dropout_test(a):
    from helpers.layers import Dropout

    if a["style"] == "inverted":
        layer = Dropout(a["p"])
        layer.training = False
        return float(layer.forward(np.array([a["x"]]))[0])
    return a["x"] - a["x"] * a["p"]


def _dw_shape(a):
    from helpers.kernels import conv_backward, conv_forward

    x = np.zeros((a["n"], a["c"], a["h"], a["h"]))
    out, cache = conv_forward(x, np.zeros((a["f"], a["c"], a["k"], a["k"])), np.zeros(a["f"]))
    return conv_backward(np.ones_like(out), cache)[1].shape


def _fc_grad_shape(a):
    x, w, dout = np.zeros((a["n"], a["d"])), np.zeros((a["d"], a["m"])), np.zeros((a["n"], a["m"]))
    return {"dW": (x.T @ dout).shape, "dx": (dout @ w.T).shape, "db": dout.sum(axis=0).shape}[a["which"]]


def _pool_dx_shape(a):
    from helpers.pool_kernels import maxpool_backward, maxpool_forward

    out, cache = maxpool_forward(np.zeros((a["n"], a["c"], a["h"], a["w"])), a["k"])
    return maxpool_backward(np.ones_like(out), cache).shape


def _maxpool_dx(x, dout):
    x, dout = np.asarray(x), np.asarray(dout)
    dx = np.zeros((4, 4), dtype=int)
    for i, j in itertools.product(range(2), range(2)):
        window = x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
        u, v = np.unravel_index(np.argmax(window), (2, 2))
        dx[2 * i + u, 2 * j + v] += dout[i, j]
    return dx.tolist()


def _avgpool_dx(dout, k):
    dout = np.asarray(dout)
    o = dout.shape[0]
    dx = np.zeros((o * k, o * k), dtype=int)
    for i, j, u, v in itertools.product(range(o), range(o), range(k), range(k)):
        dx[i * k + u, j * k + v] += dout[i, j] // (k * k)
    return dx.tolist()


def test_every_numeric_type_has_an_oracle():
    assert set(NUMERIC) == set(ORACLES)


@pytest.mark.parametrize("kind", sorted(ORACLES))
def test_answer_matches_an_independent_computation(kind):
    for seed in SEEDS:
        q = generate(kind, seed)
        expected = ORACLES[kind](q.params)
        if expected is None:
            continue
        if isinstance(q.answer, float):
            assert q.answer == pytest.approx(expected, abs=1e-6), (kind, seed)
        else:
            assert _same(q.answer, tuple(expected) if isinstance(q.answer, tuple) else expected), (kind, seed, expected)


def test_valid_same_full_against_numpy_convolve():
    for seed in SEEDS:
        q = generate("conv_valid_same_full", seed)
        mode = re.search(r"'(valid|same|full)'", q.text["en"]).group(1)
        i, k = q.params["i"], q.params["k"]
        assert q.answer == np.convolve(np.ones(i), np.ones(k), mode=mode).size


def test_transposed_size_by_running_conv_transpose2d():
    from helpers.conv import conv_transpose2d

    for seed in SEEDS:
        a = generate("transposed_size", seed).params
        x, w = np.zeros((1, 1, a["i"], a["i"])), np.zeros((1, 1, a["k"], a["k"]))
        out = conv_transpose2d(x, w, stride=a["s"], padding=a["p"], output_padding=a["op"], dilation=a["d"])
        assert out.shape[-1] == generate("transposed_size", seed).answer


def test_formulas_against_brute_force_and_bad_input():
    for i, k, s, p, d in itertools.product(range(1, 7), range(1, 5), range(1, 4), range(0, 3), range(1, 3)):
        for op in range(max(s, d)):
            if _transposed(i, k, s, p, op, d) >= 1:
                assert conv_transpose_output_size(i, k, s, p, op, d) == _transposed(i, k, s, p, op, d)
    for i, k, s in itertools.product(range(1, 30), range(1, 7), range(1, 5)):
        o, before, after = tf_same_padding(i, k, s)
        assert o == len(range(0, i, s)) and (before, after) == _tf_pads(i, k, s)
    with pytest.raises(ValueError, match="output_padding"):
        conv_transpose_output_size(4, 3, 2, 0, output_padding=2)
    with pytest.raises(ValueError, match="stride"):
        tf_same_padding(5, 3, 0)


# ----- variety


def _variants(kind, seeds=range(200)):
    fmt = GENERATORS[kind].formats[0]
    variants = {}
    for seed in seeds:
        q = generate(kind, seed, format=fmt)
        variants[q.render(language="en")] = repr(q.answer)
    return variants


def test_variety_per_type_prints_the_table(capsys):
    rows, failures = [], []
    for kind in KINDS:
        variants = _variants(kind)
        counts = Counter(variants.values())
        share = max(counts.values()) / len(variants)
        rows.append((kind, GENERATORS[kind].topic, len(variants), share))
        if len(variants) < 50 or share > 0.40:
            failures.append((kind, len(variants), round(share, 2)))
    with capsys.disabled():
        print("\nvariety over 200 seeds: type, topic, distinct variants, most common answer's share of them")
        for kind, topic, n, share in rows:
            print(f"  {kind:26s} {topic:16s} {n:4d}  {share:5.1%}")
    assert not failures, failures


def test_maxpool_overlap_values_differ():
    for seed in range(200):
        q = generate("maxpool_overlap_values", seed)
        assert len({v for row in q.answer for v in row}) >= 3


def test_no_question_states_what_it_asks():
    for seed in SEEDS:
        q = generate("backward_fc", seed)
        assert "x.T @ dout" not in q.text["en"] and "dout @ W.T" not in q.text["en"]
        q = generate("backward_pool_dx", seed)
        assert "the output is" not in q.text["en"]
        q = generate("backward_dcol", seed)
        assert "dout_col is (" not in q.text["en"]
        q = generate("flatten_lenet", seed)
        assert "Conv2d(3, 6, 5) → ReLU → MaxPool2d(2) → Conv2d(6, 16, 5)" not in q.text["en"]
        for kind in NUMERIC:
            q = generate(kind, seed)
            if not isinstance(q.answer, (list, str)) and len(repr(q.answer)) >= 3:
                assert f"= {q.answer!r}" not in q.text["en"], (kind, seed)


def test_im2col_product_is_not_square_in_the_fixed_set():
    q = generate("im2col_product", 2026)
    assert q.params["h"] != q.params["w"]


# ----- multiple choice


@pytest.mark.parametrize("kind", KINDS)
def test_choice_options_are_four_distinct_with_the_answer_once(kind):
    letters = Counter()
    for seed in range(40):
        q = generate(kind, seed, format="choice")
        assert len(q.options) == 4
        assert sum(_same(o, q.answer) for o in q.options) == 1
        for a, b in itertools.combinations(q.options, 2):
            assert not _same(a, b), (kind, seed, q.options)
        letters[q.correct_letter] += 1
        assert generate(kind, seed, format="choice") == q
        for option, causes in zip(q.options, q.option_causes):
            assert (causes == ()) == _same(option, q.answer)
            for name in causes:  # a named distractor is the value its mistake gives
                if name != NEAR_MISS:
                    assert any(n == name and _same(v, option) for n, v in q.mistakes), (kind, seed, name)
    assert len(letters) == 4, letters  # shuffled: the answer is not always in the same place


def test_choice_distractors_come_from_named_mistakes_first():
    named_counts = []
    for seed in range(40):
        q = generate("conv_stride_padding", seed, format="choice")
        named = [c for c in q.option_causes if c and NEAR_MISS not in c]
        assert all(name in MISTAKES for causes in named for name in causes)
        named_counts.append(len(named))
        assert len(named) == min(3, len({repr(v) for _, v in q.mistakes}))  # near-misses only fill the rest
    assert np.mean(named_counts) >= 2


def test_check_choice_right_wrong_and_invalid(capsys):
    q = generate("params_conv", 5, format="choice")
    assert check_answer(q, q.correct_letter).passed
    assert "Worked solution" in capsys.readouterr().out
    wrong = next(letter for letter in "ABCD" if letter != q.correct_letter)
    r = check_answer(q, wrong.lower())
    out = capsys.readouterr().out
    assert not r.passed and r.attempted and f"The answer is ({q.correct_letter})" in out
    for odd in ["E", "AB", 3, None, ..., "", "(Ｂ)"]:
        r = check_answer(q, odd)
        out = capsys.readouterr().out
        assert "Traceback" not in out
        if odd == "(Ｂ)":
            assert r.attempted
        else:
            assert not r.attempted
    assert parse_choice(" (c) ") == 2 and parse_choice("Ｄ") == 3 and parse_choice("x") is None


# ----- hints: attributed only when one mistake explains the value


def test_ambiguous_wrong_value_names_both_causes(capsys):
    for seed in range(300):
        q = generate("conv_basic", seed)
        p = q.params["p"]
        if p == 1:
            break
    i, k = q.params["i"], q.params["k"]
    wrong = i + 2 * p - k  # forgot +1 == padding on one side only, when P = 1
    assert wrong == i + p - k + 1
    check_answer(q, wrong)
    out = capsys.readouterr().out
    assert "more than one possible cause" in out
    assert MISTAKES["forgot_plus_one"]["en"] in out and MISTAKES["padding_one_side"]["en"] in out
    check_answer(q, i - k + 1)  # only "no padding" gives this
    out = capsys.readouterr().out
    assert MISTAKES["no_padding"]["en"] in out and "more than one" not in out


def test_hint_text_one_or_several():
    assert hint_text(["forgot_bias"]) == MISTAKES["forgot_bias"]["en"]
    assert "または" in hint_text(["forgot_bias", "kk_not_ckk"], "ja")
    assert hint_text([NEAR_MISS]) == ""


# ----- languages


def test_every_question_in_both_languages_with_exam_wording():
    for kind in KINDS:
        for fmt in GENERATORS[kind].formats:
            q = generate(kind, 11, format=fmt)
            ja = q.render(3, "ja")
            en = q.render(3, "en")
            assert ja != en and q.text["ja"] != q.text["en"], kind
            assert re.search(r"求めよ|選べ|せよ", ja), (kind, fmt)
            assert ja.count("最も適切なものを選べ") == (fmt == "choice"), (kind, fmt)  # said once
            if fmt == "typed":
                assert ja.count("入力せよ") == 1 and "答えよ" not in ja, kind
            assert q.solution["ja"] and q.solution["ja"] != q.solution["en"]
            assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", q.text["ja"])


def test_japanese_texts_use_the_glossary_terms():
    from helpers.glossary import TERMS

    joined = "".join(generate(k, 0, format=GENERATORS[k].formats[0]).text["ja"] for k in KINDS)
    for key in ["padding", "stride", "receptive_field", "feature_map", "bias", "pooling", "max_pooling", "flatten"]:
        ja = TERMS[key][1]
        assert any(part.split("(")[0].strip() in joined for part in ja.split("/")), key


def test_session_in_japanese(capsys):
    exam = ExamSession(seed=2, language="ja")
    q = exam.ask("conv_basic")
    out = capsys.readouterr().out
    assert "Q1 · 出力サイズ：畳み込み" in out and "求めよ" in out
    exam.check(q, q.answer)
    out = capsys.readouterr().out
    assert "✓ Q1: 正解" in out and "解説：" in out and "参照：notebooks/ja/04_output_size.ipynb#" in out
    q2 = exam.ask("params_conv", format="choice")
    exam.check(q2, next(x for x in "ABCD" if x != q2.correct_letter))
    out = capsys.readouterr().out
    assert "不正解" in out and "正解は" in out
    exam.summary()
    out = capsys.readouterr().out
    assert "合計" in out and "1 / 2" in out
    with pytest.raises(ValueError, match="language"):
        ExamSession(language="fr")


# ----- code fill-in


@pytest.mark.parametrize("kind", CODE)
def test_code_sites_right_snippet_passes_and_every_distractor_runs_but_is_wrong(kind):
    from helpers.exam.bank_code import _compare

    for site, (right, wrong) in code_sites(kind).items():
        task = code_task(kind, site)
        assert BLANK in task.shown()
        reference = task.build(right)
        cases = task.cases()
        for snippet in wrong:
            func = task.build(snippet)
            differs = False
            for case in cases:
                got = func(*[a.copy() if isinstance(a, np.ndarray) else a for a in case.args])  # runs: no exception
                if _compare(got, reference(*case.args)) is not None:
                    differs = True
            assert differs, (kind, site, snippet)
        assert len(set(wrong) | {right}) == 4


def test_code_reference_functions_agree_with_helpers():
    from helpers.pool_kernels import avgpool_backward, avgpool_forward

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 7, 6))
    my_im2col = code_task("code_im2col", "rows").build(code_sites("code_im2col")["rows"][0])
    assert np.allclose(my_im2col(x, 3, 3, 2, 1), im2col(x, 3, stride=2, padding=1))
    W, b = rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    conv = code_task("code_conv_forward", "output").build(code_sites("code_conv_forward")["output"][0])
    assert np.allclose(conv(x, W, b, 2, 1), conv2d(x, W, b, stride=2, padding=1))
    pool = code_task("code_pool_forward", "reduce").build("np.max(col, axis=1)")
    assert np.allclose(pool(x[:, :, :6, :6], 2, 2, 2), max_pool2d(x[:, :, :6, :6], 2))
    back = code_task("code_avgpool_backward", "share").build(code_sites("code_avgpool_backward")["share"][0])
    dout = rng.normal(size=(2, 3, 3, 3))
    _, cache = avgpool_forward(np.zeros((2, 3, 6, 6)), 2)
    assert np.allclose(back(dout, 2, (2, 3, 6, 6)), avgpool_backward(dout, cache))


def test_code_typed_right_wrong_broken_and_endless(capsys):
    from helpers.exercises.time_limit import get_time_limit, set_time_limit

    q = generate("code_im2col", 0, format="typed")
    assert check_answer(q, q.answer).passed
    assert "correct on all" in capsys.readouterr().out
    site = q.params["site"]
    wrong = code_sites("code_im2col")[site][1][0]
    r = check_answer(q, wrong)
    out = capsys.readouterr().out
    assert not r.passed and r.attempted and "Traceback" not in out and "hidden case" in out
    for broken in ["img[:, :", "1/0", "undefined_name", "a\nb", 42]:
        r = check_answer(q, broken)
        out = capsys.readouterr().out
        assert not r.passed and "Traceback" not in out, broken
    assert not check_answer(q, ...).attempted
    before = get_time_limit()
    set_time_limit(0.5)
    try:
        r = check_answer(q, "[0 for _ in iter(int, 1)]")  # endless
    finally:
        set_time_limit(before)
    out = capsys.readouterr().out
    assert not r.passed and "longer than" in out
    r = check_answer(generate("code_dropout", 1, format="typed"), "x", language="ja")
    out = capsys.readouterr().out
    assert "Traceback" not in out and ("正解" in out or "不正解" in out)


# ----- session, mock exam, widgets


def test_session_numbers_questions_and_scores_first_attempts(capsys):
    exam = ExamSession(seed=7)
    q1 = exam.ask("conv_basic")
    q2 = exam.ask("conv_basic")
    q3 = exam.ask("pool_basic", format="choice")
    assert q1 != q2
    exam.check(q1, q1.answer)
    exam.check(q2, -1)
    exam.check(q2, q2.answer)  # a second attempt does not change the score
    exam.check(q3, ...)
    table = exam.summary()
    out = capsys.readouterr().out
    assert table["conv_size"] == (1, 2, 2) and table["pool_size"] == (0, 0, 1)
    assert "attempt 2" in out and re.search(r"total\s+1 / 3", out)


class _Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_mock_exam_first_answers_count_locked_at_the_end_and_timed(capsys):
    clock = _Clock()
    mock = MockExam(n=12, minutes=10, seed=3, language="en", clock=clock)
    assert len(mock.questions) == 12 and len({q.topic for q in mock.questions}) == 12  # across topics
    assert mock.show() is None  # prints, returns nothing (a notebook cell shows the questions once)
    assert "Mock exam" in capsys.readouterr().out
    right = lambda q: q.correct_letter if q.format == "choice" else q.answer  # noqa: E731
    wrongs = lambda q: next(x for x in "ABCD" if x != q.correct_letter) if q.format == "choice" else -1  # noqa: E731
    choice = next(i for i, q in enumerate(mock.questions, 1) if q.format == "choice")
    assert "not counted" in mock.answer(choice, "E") and choice not in mock.answers  # a typo costs nothing
    mock.answer(1, right(mock.questions[0]))
    mock.answer(2, wrongs(mock.questions[1]))
    assert "already answered" in mock.answer(2, right(mock.questions[1]))  # the first answer counts
    assert mock.score() == {}  # no feedback before the end
    clock.t = 10 * 60 + 1
    assert "locked" in mock.answer(3, right(mock.questions[2]))  # time is up
    assert mock.finish() is None
    table = mock.score()
    out = capsys.readouterr().out
    assert sum(v[0] for v in table.values()) == 1 and sum(v[2] for v in table.values()) == 12
    assert "Worked solution" in out and "Read: notebooks/" in out
    assert "locked" in mock.answer(4, right(mock.questions[3]))
    for bad in [0, 13, "1", True]:
        assert "question numbers" in mock.answer(bad, 1) or "over" in mock.answer(bad, 1)
    with pytest.raises(ValueError, match="n is the number"):
        MockExam(n=0)


def test_mock_exam_widget_scores_like_the_code(capsys):
    clock = _Clock()
    box = mock_exam_widget(n=6, minutes=5, seed=4, language="ja", clock=clock)
    exam, c = box._exam, box._exam_controls
    same = MockExam(n=6, minutes=5, seed=4, language="ja", clock=clock)
    assert [q.text for q in exam.questions] == [q.text for q in same.questions]
    for i, q in enumerate(exam.questions, 1):
        value = (
            q.correct_letter if (q.format == "choice" and i % 2) else ("A" if q.format == "choice" else str(q.answer))
        )
        c["inputs"][i].value = value
        c["buttons"][i].click()
        same.answer(i, value)
        c["inputs"][i].value = value
        c["buttons"][i].click()  # a second click does not change anything
    c["finish"].click()
    same.finish()
    assert exam.finished and exam.score() == same.score()
    for i in c["buttons"]:
        c["buttons"][i].click()  # after the end: a message, no exception
    capsys.readouterr()


def test_practice_widget_every_format_and_language():
    for lang in ("en", "ja"):
        box = practice_widget(seed=1, language=lang)
        c, state = box._exam_controls, box._exam_state
        for fmt in ("numeric", "choice", "typed"):
            c["format"].value = fmt
            q = state["question"]
            assert q.format == fmt
            if fmt == "choice":
                c["choice"].value = q.correct_letter
            elif fmt == "typed":
                c["answer"].value = q.answer
            else:
                c["answer"].value = str(q.answer)
            before = state["correct"]
            c["check"].click()
            assert state["correct"] == before + 1, (lang, fmt)
        for topic in TOPICS:
            c["topic"].value = topic
            assert state["question"].topic == topic


@pytest.mark.parametrize("typed", ["(1+2j)", "9" * 5000, "[" * 500, "None", "'13'", "1e400", "Z", "import os"])
def test_practice_widget_odd_input_is_a_message(typed):
    for fmt in ("numeric", "typed"):
        box = practice_widget(seed=2, format=fmt)
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
    c["answer"].value = str(q.answer)
    c["check"].click()
    assert state["answered"] == 1 and state["correct"] == 0


@pytest.mark.parametrize(
    "text, value",
    [
        ("13", 13),
        (" (8, 16, 32, 32) ", (8, 16, 32, 32)),
        ("64x27", (64, 27)),
        ("[[1, 2], [3, 4]]", [[1, 2], [3, 4]]),
        ("", ...),
    ],
)
def test_parse_answer(text, value):
    assert parse_answer(text) == value


ODD_ANSWERS = [5j, "5", None, True, float("nan"), 5.0, lambda: 5, 10**5000, [1, 2]]


@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=[f"odd{i}" for i in range(len(ODD_ANSWERS))])
def test_exam_odd_answers_are_not_yet_without_a_traceback(answer, capsys):
    exam = ExamSession(seed=4)
    for kind in ("conv_basic", "separable_ratio", "maxpool_values"):
        q = exam.ask(kind)
        result = exam.check(q, answer)
        out = capsys.readouterr().out
        assert not result.passed and "Traceback" not in out


def test_decimal_answers_accept_four_decimals(capsys):
    q = generate("separable_ratio", 3)
    assert check_answer(q, round(q.answer, 4)).passed
    assert not check_answer(q, round(q.answer, 4) + 0.01).passed
    capsys.readouterr()


# ----- the notebook


NOTEBOOK = ROOT / "notebooks" / "10_exam_practice.ipynb"


def _cells():
    return [c for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def test_exam_notebook_question_set_matches_helpers():
    """The fixed set: numbered questions over every topic; every solution region gives the helpers' answer."""
    sources = ["".join(c["source"]) for c in _cells()]
    pattern = r'q(\d+) = exam\.ask\("(\w+)"(?:, format="(\w+)")?\)'
    asked = [re.fullmatch(pattern, s.strip()) for s in sources]
    asked = [(int(m.group(1)), m.group(2), m.group(3) or "numeric") for m in asked if m]
    assert len(asked) >= 30 and [n for n, _, _ in asked] == list(range(1, len(asked) + 1))
    assert {f for _, _, f in asked} == {"numeric", "choice", "typed"}
    assert "ExamSession(seed=2026" in "".join(sources)
    topics = Counter(GENERATORS[kind].topic for _, kind, _ in asked)
    assert set(topics) == set(TOPICS), set(TOPICS) - set(topics)
    seen: Counter = Counter()
    for number, kind, fmt in asked:
        q = generate(kind, 2026 + 1000 * seen[kind], format=fmt)
        seen[kind] += 1
        answer_cell = next(s for s in sources if f"exam.check(q{number}, answer)" in s)
        solution = answer_cell.split("### BEGIN SOLUTION\n")[1].split("\n### END SOLUTION")[0]
        assert answer_cell.startswith("answer = ...\n"), "student versions keep the placeholder"
        ns: dict = {}
        exec(solution, ns)  # noqa: S102 - the notebook's own solution line
        answer = ns["answer"]
        if fmt == "choice":
            assert answer == q.correct_letter, (number, kind)
        elif isinstance(q.answer, float):
            assert answer == pytest.approx(q.answer, abs=5e-5)
        else:
            assert (list(answer) if isinstance(q.answer, list) else answer) == q.answer, (number, kind)


def test_rerunning_the_session_cell_then_checking_an_old_question_works(capsys):
    old = ExamSession(seed=2026)
    q1 = old.ask("conv_basic")
    exam = ExamSession(seed=2026)
    result = exam.check(q1, q1.answer)
    assert result.passed and exam.score()["conv_size"][0] == 1
    assert "Traceback" not in capsys.readouterr().out


def test_widgets_unselected_choice_and_odd_mock_input_are_messages(capsys):
    box = practice_widget(seed=3, format="choice")
    c, state = box._exam_controls, box._exam_state
    c["check"].click()  # nothing selected: not attempted, no exception
    assert state["answered"] == 0
    c["topic"].value = "dropout"
    c["format"].value = "typed"  # no code type in this topic: a question all the same
    assert state["question"].topic == "dropout"
    clock = _Clock()
    mock = mock_exam_widget(n=5, minutes=1, seed=9, clock=clock)
    exam, mc = mock._exam, mock._exam_controls
    for i, q in enumerate(exam.questions, 1):
        if q.format == "numeric":
            for odd in ["[[[", "9" * 5000, "", "None"]:
                mc["inputs"][i].value = odd
                mc["buttons"][i].click()
    clock.t = 61  # the time is up: the next click locks and scores
    first = next(iter(mc["buttons"]))
    mc["buttons"][first].click()
    assert exam.finished and all(i in exam.results for i in range(1, 6))
    assert "Traceback" not in capsys.readouterr().out


def test_no_markdown_cell_of_the_notebook_holds_a_solution():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    leaks = [c["id"] for c in cells if c["cell_type"] == "markdown" and "BEGIN SOLUTION" in "".join(c["source"])]
    assert not leaks, f"markdown cells holding a solution: {leaks}"


def _markdown_links(text: str):
    """(notebook, anchor) of every [..](NN_name.ipynb#anchor) link; anchors may hold balanced parentheses."""
    for m in re.finditer(r"\]\((\d\d_\w+\.ipynb)#", text):
        depth, end = 0, m.end()
        while end < len(text) and not (text[end] == ")" and depth == 0) and text[end] != "\n":
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        yield m.group(1), text[m.end() : end]


def test_every_markdown_link_of_the_notebook_reaches_a_heading():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    cache: dict = {}
    links = [
        (c["id"], nb, anchor)
        for c in cells
        if c["cell_type"] == "markdown"
        for nb, anchor in _markdown_links("".join(c["source"]))
    ]
    assert len(links) >= 20
    for cell_id, notebook, anchor in links:
        assert (ROOT / "notebooks" / notebook).exists(), (cell_id, notebook)
        headings = cache.setdefault(notebook, {h.replace("`", "").replace(" ", "-") for h in _headings(notebook)})
        assert anchor in headings, (cell_id, notebook, anchor)


def test_forward_questions_never_give_a_backward_hint(capsys):
    """A forward value question's mistakes are named for the forward pass (no 'dW' hint for a forgotten bias)."""
    for seed in SEEDS:
        q = generate("conv_cell_value", seed)
        names = {name for name, _ in q.mistakes}
        assert not any(n.startswith("dw_") for n in names), (seed, names)
        for _, wrong in q.mistakes:
            check_answer(q, wrong)
            assert "dW" not in capsys.readouterr().out.split("Worked solution")[0]


def test_tf_same_pad_hint_for_the_stride_one_padding_states_the_strided_rule(capsys):
    q = generate("tf_same_pad", 2026)
    assert q.params["s"] > 1
    wrong = ((q.params["k"] - 1) // 2,) * 4
    assert not check_answer(q, wrong).passed
    hint = capsys.readouterr().out.split("Worked solution")[0]
    assert "ceil(I/S)" in hint and "keeps the size" not in hint


def test_framework_questions_do_not_name_a_convention_that_contradicts_their_padding():
    """Keras padding='valid' means P = 0: no question with padding P > 0 may name it."""
    for kind in KINDS:
        for seed in SEEDS:
            q = generate(kind, seed, format=GENERATORS[kind].formats[0])
            text = q.render(1, "en")
            if "padding='valid'" in text:
                assert q.params.get("p", 0) == 0, (kind, seed, text)


def _first_numeric(kind_type, seed=2026):
    """A numeric question whose answer is of ``kind_type`` (int, tuple, float or list)."""
    for kind in NUMERIC:
        q = generate(kind, seed)
        if type(q.answer) is kind_type:
            return q
    raise AssertionError(kind_type)


FORMAT_ERRORS = [
    (int, lambda q: float(q.answer), "whole number"),
    (int, lambda q: "(1, 2)", "whole number"),
    (int, lambda q: 5j, "whole number"),
    (tuple, lambda q: "0.165", "tuple of whole numbers"),
    (tuple, lambda q: 0.165, "tuple of whole numbers"),
    (tuple, lambda q: tuple(float(v) for v in q.answer), "tuple of whole numbers"),
    (tuple, lambda q: "((((", "could not read"),
    (float, lambda q: "(1, 2)", "a number"),
    (list, lambda q: 3, "matrix"),
]


@pytest.mark.parametrize("kind_type, wrong, says", FORMAT_ERRORS, ids=[f"fmt{i}" for i in range(len(FORMAT_ERRORS))])
def test_a_format_error_is_refused_without_counting_everywhere(kind_type, wrong, says, capsys):
    """Session, mock exam and widget alike: a value of the wrong type is refused, says the type, costs nothing."""
    q = _first_numeric(kind_type)
    exam = ExamSession(seed=2026)
    result = exam.check(q, wrong(q))
    out = capsys.readouterr().out
    assert not result.attempted and says in out and "does not count" in out and "Traceback" not in out
    assert exam.attempts == {}
    assert exam.check(q, q.answer).passed and exam.score()[q.topic][:2] == (1, 1)  # the right answer still counts
    mock = MockExam(n=3, minutes=10, seed=1)
    mock.questions[0] = q
    assert "count" in mock.answer(1, wrong(q)) and 1 not in mock.answers
    mock.answer(1, q.answer)
    mock.finish()
    assert mock.score()[q.topic][0] == 1
    if not isinstance(wrong(q), str):
        return
    box = practice_widget(seed=5)
    c, state = box._exam_controls, box._exam_state
    state["question"] = q
    c["answer"].value = wrong(q)
    c["check"].click()
    assert state["answered"] == 0
    c["answer"].value = repr(q.answer)
    c["check"].click()
    assert state["answered"] == 1 and state["correct"] == 1
    capsys.readouterr()


def test_parse_answer_cuts_a_long_paste():
    with pytest.raises(ValueError) as info:
        parse_answer("(" * 100_000)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("kind", KINDS)
def test_near_miss_options_are_plausible(kind):
    """A near-miss keeps the answer's sign: no negative option (or cell) when the answer has none."""
    for seed in SEEDS:
        q = generate(kind, seed, format="choice")
        if isinstance(q.answer, str):
            continue
        for option, causes in zip(q.options, q.option_causes):
            if causes == (NEAR_MISS,) and np.min(q.answer) >= 0:
                assert np.min(option) >= 0, (kind, seed, option, q.answer)


def test_mock_exam_never_repeats_a_practice_question():
    """The notebook's mock (seed 2026) and the widget's (2027), and others: no question of the fixed set again."""
    fixed = {
        (kind, generate(kind, 2026 + 1000 * j, format=GENERATORS[kind].formats[0]).text["en"])
        for kind in KINDS
        for j in range(PRACTICE_ASKS)
    }
    asked = Counter(re.findall(r'exam\.ask\("(\w+)"', "".join("".join(c["source"]) for c in _cells())))
    assert asked and max(asked.values()) <= PRACTICE_ASKS, asked.most_common(3)
    for seed in (2026, 2027, 0, 1, 2):
        for q in MockExam(n=20, seed=seed).questions:
            assert (q.kind, q.text["en"]) not in fixed, (seed, q.kind)


def test_every_bank_module_is_imported_by_the_package_in_its_order():
    # helpers/exam/__init__.py imports the banks in an explicit order (the order of GENERATORS); a bank left
    # out of that list would register nothing, silently
    import sys

    import helpers.exam

    banks = sorted(p.stem for p in Path(helpers.exam.__file__).parent.glob("bank_*.py"))
    assert len(banks) >= 11
    missing = [b for b in banks if f"helpers.exam.{b}" not in sys.modules]
    assert not missing, f"helpers/exam/__init__.py does not import {missing}"
    # the kinds of one bank are contiguous in GENERATORS: a bank's types are listed together
    home = {k: sys.modules[g.func.__module__].__name__ for k, g in GENERATORS.items()}
    runs = [m for i, m in enumerate(home.values()) if i == 0 or m != list(home.values())[i - 1]]
    assert len(runs) == len(set(runs)), runs


def test_japanese_worked_solutions_name_the_layers_in_japanese():
    for seed in SEEDS:
        q = generate("rf_with_pool", seed)
        assert "stride" not in q.solution["ja"] and "conv " not in q.solution["ja"], seed
        assert "ストライド" in q.solution["ja"], seed


def test_japanese_fc_flops_says_batch_size_not_batches():
    for seed in range(40):
        q = generate("flops_fc", seed)
        n = q.params["n"]
        ja = q.text["ja"]
        assert f"バッチ {n} 個" not in ja
        assert (f"バッチサイズ {n}" in ja) if n > 1 else ("データ 1 個" in ja), (seed, ja)
