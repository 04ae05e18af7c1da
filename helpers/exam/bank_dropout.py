"""Exam questions: inverted dropout, its values in training and at test time and the count of kept units."""

from __future__ import annotations

from .registry import T, _generator, _pick

DROP = ("08_building_a_cnn.ipynb", "6. Dropout (ドロップアウト): training mode vs. evaluation mode")


@_generator("dropout_train_value", "dropout", *DROP)
def _dropout_train_value(rng):
    p = _pick(rng, [0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 0.9])
    x = _pick(rng, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 9.0, 10.0, 12.0])
    out = round(x / (1 - p), 6)
    return dict(
        text=T(
            f"Inverted dropout with p = {p} (the probability of dropping) in training mode. A unit with value {x:g} "
            f"is kept. What value does it output?",
            f"逆ドロップアウト（inverted dropout、消す確率 p = {p}）を訓練時に適用する。値 {x:g} のユニットが消されずに"
            "残ったとき、出力される値を求めよ。",
        ),
        answer=out,
        expression=f"{x} / (1 - {p})",
        answer_format="decimal",
        solution=T(
            f"Kept values are scaled by 1/(1 − p) = 1/{1 - p:g} so that E[out] = x: {x:g}/{1 - p:g} = {out:g}.",
            f"残った値は E[out] = x となるよう 1/(1 − p) = 1/{1 - p:g} 倍される：{x:g}/{1 - p:g} = {out:g}。",
        ),
        mistakes=(
            ("dropout_scale_inverted", x),
            ("dropout_keep_vs_drop", round(x / p, 6)),
            ("dropout_test_scaling", round(x * (1 - p), 6)),
        ),
        params=dict(p=p, x=x),
    )


@_generator("dropout_test_value", "dropout", *DROP)
def _dropout_test_value(rng):
    p = _pick(rng, [0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8])
    x = _pick(rng, [1.0, 2.0, 4.0, 5.0, 8.0, 10.0])
    style = _pick(rng, ["inverted", "test_scaling"])
    out = x if style == "inverted" else round(x * (1 - p), 6)
    en = (
        "inverted dropout (scaling by 1/(1 − p) during training, as PyTorch and helpers.Dropout do)"
        if style == "inverted"
        else "dropout that does not scale during training and instead multiplies by the keep probability at test time"
    )
    ja = (
        "訓練時に 1/(1 − p) 倍する逆ドロップアウト（inverted dropout、PyTorch や helpers.Dropout と同じ）"
        if style == "inverted"
        else "訓練時はスケールせず、テスト時に残す確率を掛ける方式のドロップアウト"
    )
    return dict(
        text=T(
            f"A layer uses {en}, with drop probability p = {p}. At test time a unit's input is {x:g}. What does the "
            f"dropout layer output?",
            f"ある層は{ja}を使う（消す確率 p = {p}）。テスト時にユニットへの入力が {x:g} のとき、ドロップアウト層の"
            f"出力を求めよ。",
        ),
        answer=out,
        expression=f"{x}" if style == "inverted" else f"{x} * (1 - {p})",
        answer_format="decimal",
        solution=T(
            (
                f"Inverted dropout already kept E[out] = x during training, so at test time it is the identity: {x:g}."
                if style == "inverted"
                else f"Without training-time scaling the test output is multiplied by 1 − p = {1 - p:g}: "
                f"{x:g}×{1 - p:g} = {out:g}."
            ),
            (
                f"逆ドロップアウト (inverted dropout) は訓練時に E[out] = x としているので、テスト時は恒等写像：{x:g}。"
                if style == "inverted"
                else f"訓練時にスケールしない方式では、テスト時に 1 − p = {1 - p:g} を掛ける：{x:g}×{1 - p:g} = {out:g}。"
            ),
        ),
        mistakes=(
            ("dropout_test_scaling", round(x * (1 - p), 6)),
            ("dropout_scale_inverted", round(x / (1 - p), 6)),
            ("dropout_keep_vs_drop", round(x * p, 6)),
            ("dropout_test_scaling", x),
        ),
        params=dict(p=p, x=x, style=style),
    )


@_generator("dropout_kept_count", "dropout", *DROP)
def _dropout_kept_count(rng):
    n = _pick(rng, [100, 200, 256, 400, 500, 1000, 1024, 4096])
    p = _pick(rng, [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8])
    kept = round(n * (1 - p))
    return dict(
        text=T(
            f"Dropout with p = {p} on a layer of {n} units during training: how many units are kept on average?",
            f"訓練時、{n} ユニットの層に p = {p} のドロップアウトを適用する。平均して何ユニット残るか求めよ。",
        ),
        answer=int(kept),
        expression=f"round({n} * (1 - {p}))",
        answer_format="whole",
        solution=T(
            f"p is the probability of dropping a unit: {n}×(1 − {p}) = {kept} are kept on average.",
            f"p はユニットを消す確率：平均 {n}×(1 − {p}) = {kept} 個が残る。",
        ),
        mistakes=(("dropout_keep_vs_drop", round(n * p)), ("dropout_all_kept", n)),
        params=dict(n=n, p=p),
    )
