"""Exercises of notebooks 08 (building a CNN) and 09 (inside a CNN)."""

import numpy as np

from ..i18n import N_
from . import Case, Exercise, register

# ----------------------------------------------------------------------------------- notebook 08


def _linear_backward(dout, x, W):
    """Reference: out = x @ W.T + b with W (M, D) -> dx (N, D), dW (M, D), db (M,)."""
    return dout @ W, dout.T @ x, dout.sum(axis=0)


def _linear_cases():
    r = np.random.default_rng(80)
    cases = []
    for n, d, m, what in [
        (4, 3, 2, "N=4, D=3, M=2"),
        (1, 5, 3, "a single example"),
        (6, 1, 4, "one input feature"),
        (3, 7, 7, "square W"),
    ]:
        cases.append(
            Case((r.standard_normal((n, m)), r.standard_normal((n, d)), r.standard_normal((m, d))), description=what)
        )
    return cases


def _compare_triples(got, expected):
    """Compare (dx, dW, db) one by one, with a hint for the usual slips."""
    from .core import _array_problem

    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return "return three arrays, `return dx, dW, db`" + (
            f" (you returned {len(got)})" if isinstance(got, (tuple, list)) else f" (you returned {type(got).__name__})"
        )
    hints = {
        "dx": N_("dx = dout @ W: (N, M) @ (M, D) gives (N, D), the shape of x."),
        "dW": N_("dW must have the shape of W, (M, D): dout.T @ x (x.T @ dout is its transpose)."),
        "db": N_("db = dout.sum(axis=0): one entry per output, summed over the batch."),
    }
    for name, g, e in zip(("dx", "dW", "db"), got, expected):
        problem = _array_problem(g, e, 1e-6, 1e-9, None)
        if problem is None:
            continue
        hint = hints[name]
        try:
            g_arr = np.asarray(g, dtype=float) if g is not None else None
        except Exception:
            g_arr = None
        if g_arr is not None and g_arr.shape == e.shape and np.any(e):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = g_arr / np.where(e == 0, np.nan, e)
            if np.nanstd(ratio) < 1e-9 and 0 < np.nanmean(ratio) < 1:
                hint = (
                    "sum over the batch, do not average: the 1/N of the mean loss is already inside dout "
                    "(SoftmaxCrossEntropy.backward divides by N)."
                )
            elif name == "dW" and e.shape[0] == e.shape[-1] and np.allclose(g_arr, e.T):
                hint = hints["dW"]
            elif name == "dW":
                hint = "dW = dout.T @ x: each weight W[m, d] collects dout[:, m] times x[:, d] over the batch."
        return f"{name}: {problem}. Hint: {hint.rstrip('.')}"
    return None


register(
    Exercise(
        id="linear_backward",
        kind="function",
        reference=_linear_backward,
        cases=_linear_cases,
        compare=_compare_triples,
        title="linear_backward",
    )
)


def _fixed_cifar_net():
    from ..layers import Conv2D, Dropout, Flatten, Linear, MaxPool2D, ReLU
    from ..model import Sequential

    r = np.random.default_rng(0)
    return Sequential(
        Conv2D(3, 8, 5, rng=r),
        ReLU(),
        MaxPool2D(2),
        Conv2D(8, 16, 5, rng=r),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Linear(400, 256, rng=r),
        ReLU(),
        Dropout(0.5),
        Linear(256, 10, rng=r),
    )


def _without(model, layer_type: str):
    """A wrong answer for the catalogues: ``model`` with every layer of ``layer_type`` removed."""
    from ..model import Sequential

    return Sequential(*[layer for layer in model.layers if type(layer).__name__ != layer_type])


def _swapped(model, i: int, j: int):
    """A wrong answer for the catalogues: ``model`` with layers ``i`` and ``j`` swapped."""
    from ..model import Sequential

    layers = list(model.layers)
    layers[i], layers[j] = layers[j], layers[i]
    return Sequential(*layers)


def _compare_models(got, expected):
    from ..model import Sequential

    if not isinstance(got, Sequential):
        return f"return the fixed Sequential model, got {type(got).__name__}"
    got_types = [type(layer).__name__ for layer in getattr(got, "layers", [])]
    ref_types = [type(layer).__name__ for layer in expected.layers]
    if got_types != ref_types and [t for t in got_types if t != "Flatten"] == [t for t in ref_types if t != "Flatten"]:
        where = ref_types.index("Flatten")
        return f"put Flatten() right after layer {where - 1} ({ref_types[where - 1]}), before the first Linear"
    if got_types != ref_types:
        missing = [t for t in set(ref_types) if got_types.count(t) < ref_types.count(t)]
        extra = [t for t in set(got_types) if got_types.count(t) > ref_types.count(t)]
        detail = []
        if missing:
            detail.append("missing: " + ", ".join(sorted(missing)))
        if extra:
            detail.append("not in the original: " + ", ".join(sorted(extra)))
        if not detail:
            detail.append("the same layers in a different order")
        return (
            f"the layers should be {' → '.join(ref_types)}; yours are {' → '.join(got_types) or 'none'} "
            f"({'; '.join(detail)}): keep every layer of the original and only add the missing Flatten()"
        )
    s, ref = got.summary((3, 32, 32)), expected.summary((3, 32, 32))
    if s.error:
        if "Flatten" in s.error:
            return (
                "a Linear layer still receives a feature map: put Flatten() between the last MaxPool2D and "
                "the first Linear"
            )
        return f"the shapes still do not fit: {s.error}"
    if s.output_shapes[-1] != (10,):
        return f"the model should end with 10 scores, it ends with shape {s.output_shapes[-1]}"
    if s.total != ref.total:
        return (
            f"the shapes fit, but the model has {s.total:,} parameters instead of {ref.total:,}: keep the "
            f"layers as they were and only add what is missing"
        )
    return None


register(
    Exercise(
        id="fix_the_flatten",
        kind="function",
        reference=_fixed_cifar_net,
        cases=lambda: [Case((), description="the 3×32×32 network")],
        compare=_compare_models,
        title="fix_the_flatten",
        wrong_answers=[
            (lambda: _without(_fixed_cifar_net(), "ReLU"), "missing: ReLU"),
            (lambda: _without(_fixed_cifar_net(), "Dropout"), "missing: Dropout"),
            (lambda: _without(_fixed_cifar_net(), "Flatten"), "put Flatten()"),
            (lambda: _swapped(_fixed_cifar_net(), 1, 2), "the same layers in a different order"),
            (lambda: _swapped(_fixed_cifar_net(), 6, 7), "put Flatten() right after"),
        ],
    )
)

register(
    Exercise(
        id="cifar_linear_params",
        kind="value",
        expected=400 * 256 + 256,
        hints={
            400 * 256: N_("one bias per output neuron: add 256."),
            256 * 10 + 10: N_("that is the last layer; the question is about Linear(400, 256)."),
            400 + 256: N_("every one of the 400 inputs connects to every one of the 256 outputs: multiply."),
        },
        explanation=N_("400 × 256 weights + 256 biases = 102,656: more than 94% of the whole network's 109,050."),
    )
)

# ----------------------------------------------------------------------------------- notebook 09

register(
    Exercise(
        id="inside_pool_shape",
        kind="value",
        expected=(30, 12, 12),
        hints={
            (30, 24, 24): N_("that is the shape before pooling; a 2×2 max pool halves H and W."),
            (1, 12, 12): N_("pooling keeps every channel: 30 filters give 30 maps."),
            (12, 12): N_("give (C, H, W): the 30 maps are stacked."),
            (30, 14, 14): N_("the convolution first shrinks 28 to 24 (28 - 5 + 1), then pooling halves it."),
        },
        explanation=N_("28 − 5 + 1 = 24 after the 5×5 convolution, 24 / 2 = 12 after pooling: (30, 12, 12)."),
    )
)

register(
    Exercise(
        id="inside_nonnegative_layers",
        kind="value",
        expected=(1, 2),
        hints={
            (1,): N_("max pooling picks one of its input values; if they are all >= 0 (after ReLU), so is the max."),
            (2,): N_("ReLU's output max(0, x) is never negative."),
            (0, 1, 2): N_("the convolution has negative weights, so its maps can be negative (blue)."),
            (0,): N_("that is the one layer whose maps CAN be negative: give the others."),
        },
        explanation=N_(
            "ReLU outputs max(0, x) >= 0, and max pooling of non-negative values stays non-negative; only "
            "the convolution (before ReLU) can be negative."
        ),
    )
)

register(
    Exercise(
        id="inside_pool_grad_fraction",
        kind="value",
        expected=0.25,
        hints={
            1.0: N_("max pooling sends each gradient to ONE cell of its window, not to all four."),
            0.5: N_("a 2×2 window has four cells and only its maximum receives the gradient."),
            0.75: N_("that is the fraction that receives nothing."),
        },
        explanation=N_(
            "each 2×2 window passes its gradient to its one maximum: 1 of 4 cells, 0.25 (when several cells tie, the first one gets it)."
        ),
    )
)
