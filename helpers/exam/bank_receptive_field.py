"""Exam questions: the receptive field of stacked convolutions, with pooling and with dilation."""

from __future__ import annotations

from ..shapes import receptive_field
from .registry import T, _generator, _pick

RF03 = ("03_stride_and_dilation.ipynb", "Exercise 6 · Receptive field of stacked dilated layers")
RF04 = ("04_output_size.ipynb", "5. Receptive field growth")


@_generator("rf_stack", "receptive_field", *RF04)
def _rf_stack(rng):
    depth = int(rng.integers(2, 9))
    ks = [_pick(rng, [3, 3, 5, 7]) for _ in range(depth)]
    r = receptive_field([(k, 1) for k in ks])
    desc = ", ".join(f"{k}×{k}" for k in ks)
    return dict(
        text=T(
            f"{depth} convolution layers, stride 1, are stacked with kernels (first to last) {desc}. How large is "
            f"the receptive field of one output cell of the last layer, along one side, in input pixels?",
            f"ストライド 1 の畳み込み層を {depth} 層重ねる（カーネルは入力側から {desc}）。最後の層の出力 1 セルの受容野の"
            f"一辺（入力のピクセル数）を求めよ。",
        ),
        answer=r,
        expression="1 + " + " + ".join(f"({k} - 1)" for k in ks),
        answer_format="whole",
        solution=T(
            "Each stride-1 layer adds K − 1: r = 1 + " + " + ".join(str(k - 1) for k in ks) + f" = {r}.",
            "ストライド 1 の各層は K − 1 を足す：r = 1 + " + " + ".join(str(k - 1) for k in ks) + f" = {r}。",
        ),
        mistakes=(("rf_no_overlap", sum(ks)), ("forgot_plus_one", r - 1)),
        params=dict(layers=[(k, 1) for k in ks]),
    )


@_generator(
    "rf_with_pool", "receptive_field", "04_output_size.ipynb", "Exercise 2 · Receptive field with a pooling in between"
)
def _rf_with_pool(rng):
    count = int(rng.integers(3, 6))
    layers, names_en, names_ja = [], [], []
    for j in range(count):
        if j % 2 == 1 and rng.random() < 0.8:
            k, s = _pick(rng, [(2, 2), (3, 2), (2, 2)])
            names_en.append(f"max pool {k}×{k} stride {s}")
            names_ja.append(f"最大値プーリング {k}×{k} ストライド {s}")
        else:
            k, s = _pick(rng, [3, 5, 7]), _pick(rng, [1, 1, 2])
            names_en.append(f"conv {k}×{k} stride {s}")
            names_ja.append(f"畳み込み {k}×{k} ストライド {s}")
        layers.append((k, s))
    r = receptive_field(layers)
    steps_en, steps_ja, terms, rr, jump = [], [], ["1"], 1, 1
    for (k, s), name_en, name_ja in zip(layers, names_en, names_ja):
        rr += (k - 1) * jump
        steps_en.append(f"{name_en}: +({k}−1)×{jump} → {rr}")
        steps_ja.append(f"{name_ja}：+({k}−1)×{jump} → {rr}")
        terms.append(f"({k} - 1) * {jump}")
        jump *= s
    return dict(
        text=T(
            "Layers, first to last: " + " → ".join(names_en) + ". What is the receptive field of one cell of the "
            "last output, along one side, in input pixels?",
            "入力側から順に："
            + " → ".join(names_ja)
            + "。最後の出力 1 セルの受容野の一辺（入力のピクセル数）を求めよ。",
        ),
        answer=r,
        expression=" + ".join(terms),
        answer_format="whole",
        solution=T(
            "r starts at 1; each layer adds (K − 1) × (product of the strides before it). " + "; ".join(steps_en) + ".",
            "r = 1 から始め、各層で (K − 1) ×（それより前のストライドの積）を足す。" + "、".join(steps_ja) + "。",
        ),
        mistakes=(("rf_forgot_jump", 1 + sum(k - 1 for k, _ in layers)), ("rf_no_overlap", sum(k for k, _ in layers))),
        params=dict(layers=layers),
    )


@_generator("rf_dilated", "receptive_field", *RF03)
def _rf_dilated(rng):
    depth = int(rng.integers(2, 7))
    k = _pick(rng, [2, 3, 3, 5, 7])
    growth = _pick(rng, ["double", "double", "linear", "same"])
    if growth == "double":
        ds = [2**j for j in range(depth)]
    elif growth == "linear":
        ds = [j + 1 for j in range(depth)]
    else:
        ds = [_pick(rng, [2, 3, 4])] * depth
    layers = [(k, 1, d) for d in ds]
    r = receptive_field(layers)
    return dict(
        text=T(
            f"{depth} stacked {k}×{k} convolutions, stride 1, with dilations " + ", ".join(map(str, ds)) + " (first "
            "to last). What is the receptive field along one side?",
            f"ストライド 1 の {k}×{k} 畳み込みを {depth} 層重ねる（ダイレーションは入力側から "
            + ", ".join(map(str, ds))
            + "）。受容野の一辺を求めよ。",
        ),
        answer=r,
        expression="1 + " + " + ".join(f"{d}*({k}-1)" for d in ds),
        answer_format="whole",
        solution=T(
            f"A dilated {k}×{k} kernel spans D(K−1) + 1 cells, so each layer adds D×{k - 1}: r = 1 + "
            + " + ".join(f"{d * (k - 1)}" for d in ds)
            + f" = {r}.",
            f"ダイレーション D の {k}×{k} カーネルは D(K−1) + 1 セルにまたがるので、各層は D×{k - 1} を足す：r = 1 + "
            + " + ".join(f"{d * (k - 1)}" for d in ds)
            + f" = {r}。",
        ),
        mistakes=(("rf_dilation_ignored", 1 + (k - 1) * len(ds)), ("rf_no_overlap", sum(d * (k - 1) + 1 for d in ds))),
        params=dict(layers=layers),
    )
