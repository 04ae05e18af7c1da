"""Exercises of notebook 01 (convolution): conv2d with loops, predict an output cell, count parameters."""

from __future__ import annotations

import numpy as np

from ..conv import conv2d_naive
from ..i18n import N_
from ..shapes import conv_output_size, conv_param_count
from . import Case, Exercise, Mistake, register

# ----------------------------------------------------------------------------- conv2d with loops


def _reference(x, k, b=0.0):
    """Cross-correlation of a 2-D x with a 2-D k, stride 1, no padding, plus a scalar bias."""
    return conv2d_naive(np.asarray(x, dtype=float), np.asarray(k, dtype=float), b=float(b))


def _flipped(x, k, b=0.0):
    return _reference(x, np.asarray(k)[::-1, ::-1], b)


def _no_bias(x, k, b=0.0):
    return _reference(x, k, 0.0)


def _bias_per_product(x, k, b=0.0):
    k = np.asarray(k, dtype=float)
    return _reference(x, k, 0.0) + b * k.size


def _matrix_product(x, k, b=0.0):
    """`@` (a matrix product of window and kernel) where `*` (elementwise) was meant."""
    x, k = np.asarray(x, dtype=float), np.asarray(k, dtype=float)
    kh, kw = k.shape
    out = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(x[i : i + kh, j : j + kw] @ k) + b
    return out


def _transposed_kernel(x, k, b=0.0):
    k = np.asarray(k)
    if k.shape[0] != k.shape[1]:
        raise ValueError("only for square kernels")
    return _reference(x, k.T, b)


def _cases():
    rng = np.random.default_rng(2024)
    ints = lambda *shape: rng.integers(-3, 4, size=shape).astype(float)  # noqa: E731
    from ..explorers.convolution import STEP_INPUT, STEP_KERNEL

    return [
        Case(
            (STEP_INPUT.astype(float), STEP_KERNEL.astype(float)), {}, N_("the 5×5 example of this notebook, no bias")
        ),
        Case((STEP_INPUT.astype(float), STEP_KERNEL.astype(float), 1.5), {}, N_("the same with bias 1.5")),
        Case((ints(4, 6), ints(3, 3), -1.0), {}, N_("a non-square input 4×6, kernel 3×3")),
        Case((ints(5, 5), ints(2, 3), 0.5), {}, N_("a non-square kernel 2×3")),
        Case((ints(3, 4), np.array([[2.0]]), 1.0), {}, N_("a 1×1 kernel")),
        Case((ints(3, 3), ints(3, 3), 2.0), {}, N_("kernel as large as the input: a 1×1 output")),
        Case((ints(1, 6), np.array([[1.0, -1.0]]), 0.0), {}, N_("a single-row input 1×6 with a 1×2 kernel")),
        Case((rng.normal(size=(7, 5)), rng.normal(size=(3, 2)), -0.25), {}, N_("random floats, input 7×5, kernel 3×2")),
    ]


def _conv_shape_hint(got, expected):
    if len(got) == 2 and len(expected) == 2:
        if got == (expected[0] - 1, expected[1] - 1):
            return N_("the window has OH = H - KH + 1 positions: loop over range(H - KH + 1)")
        if got == (expected[1], expected[0]):
            return N_("rows and columns are swapped: OH comes from H and KH, OW from W and KW")
        if got[0] > expected[0] or got[1] > expected[1]:
            return N_("without padding the output is smaller than the input: OH = H - KH + 1, OW = W - KW + 1")
    return N_("OH = H - KH + 1 and OW = W - KW + 1 (stride 1, no padding)")


register(
    Exercise(
        id="conv2d_loops",
        title="my_conv2d",
        kind="function",
        reference=_reference,
        cases=_cases,
        mistakes=[
            Mistake(
                _flipped,
                N_(
                    "your kernel is flipped: that is true convolution. Deep-learning layers compute "
                    "cross-correlation: multiply x[i + u, j + v] by k[u, v] without flipping."
                ),
            ),
            Mistake(
                _matrix_product,
                N_(
                    "`@` is a matrix product (rows times columns); a convolution multiplies each window cell by "
                    "the kernel cell on top of it: np.sum(window * k)."
                ),
            ),
            Mistake(_no_bias, N_("every value is off by the bias: add b once to each output cell.")),
            Mistake(
                _bias_per_product, N_("the bias is added once per output cell, after the sum, not to every product.")
            ),
            Mistake(
                _transposed_kernel,
                N_(
                    "the kernel is transposed: k[u, v] multiplies x[i + u, j + v] "
                    "(u moves down the rows, v along the columns)."
                ),
            ),
        ],
        shape_hint=_conv_shape_hint,
    )
)

# ----------------------------------------------------------------------------- predict an output cell

PREDICT_INPUT = np.array([[2, 0, 1, 3], [1, 3, 2, 0], [0, 1, 4, 1], [2, 2, 0, 1]])
PREDICT_KERNEL = np.array([[1, -1], [2, 0]])
PREDICT_BIAS = 1
PREDICT_CELL = (1, 2)  # output[row, column]


def _predict(k, bias):
    out = conv2d_naive(PREDICT_INPUT.astype(float), np.asarray(k, dtype=float), b=float(bias))
    return out


def _predict_explanation() -> str:
    i, j = PREDICT_CELL
    kh, kw = PREDICT_KERNEL.shape
    window = PREDICT_INPUT[i : i + kh, j : j + kw]
    terms = " + ".join(f"{a}·{b}" if b >= 0 else f"{a}·({b})" for a, b in zip(window.ravel(), PREDICT_KERNEL.ravel()))
    total = int((window * PREDICT_KERNEL).sum())
    return N_(
        "The window for output[{i}, {j}] starts at input[{i}, {j}]: {window_tolist}; {terms} = {total}, plus bias {PREDICT_BIAS} = {total_PREDICT_BIAS}.",
        i=i,
        j=j,
        window_tolist=window.tolist(),
        terms=terms,
        total=total,
        PREDICT_BIAS=PREDICT_BIAS,
        total_PREDICT_BIAS=total + PREDICT_BIAS,
    )


_PREDICT_EXPECTED = float(_predict(PREDICT_KERNEL, PREDICT_BIAS)[PREDICT_CELL])
_predict_hints = {
    float(_predict(PREDICT_KERNEL[::-1, ::-1], PREDICT_BIAS)[PREDICT_CELL]): N_(
        "that is true convolution (flipped kernel); frameworks do not flip."
    ),
    float(_predict(PREDICT_KERNEL, 0)[PREDICT_CELL]): N_("you forgot the bias."),
    float(_predict(PREDICT_KERNEL, PREDICT_BIAS)[PREDICT_CELL[::-1]]): N_(
        "that is output[2, 1]: the first index is the row, the second the column."
    ),
}
_predict_hints.pop(_PREDICT_EXPECTED, None)

register(
    Exercise(
        id="predict_output_cell",
        kind="value",
        expected=_PREDICT_EXPECTED,
        hints=_predict_hints,
        explanation=_predict_explanation(),
    )
)

# ----------------------------------------------------------------------------- count parameters
# A LeNet-like first layer: 6 filters of 5×5 on a 28×28 grey image.
PARAM_FILTERS, PARAM_KERNEL, PARAM_INPUT = 6, 5, 28
_conv = conv_param_count(1, PARAM_FILTERS, PARAM_KERNEL)
_o = conv_output_size(PARAM_INPUT, PARAM_KERNEL)
_n_out = PARAM_FILTERS * _o * _o
_fc = PARAM_INPUT * PARAM_INPUT * _n_out + _n_out

register(
    Exercise(
        id="conv_params_28",
        kind="value",
        expected=_conv,
        hints={
            PARAM_FILTERS * PARAM_KERNEL**2: N_("add one bias per filter."),
            PARAM_KERNEL**2 + 1: N_("that is one filter; there are 6."),
            _conv * _o * _o: N_(
                "the weights are shared: the same kernel is used at every position, so the output size does not matter."
            ),
            PARAM_FILTERS * (PARAM_KERNEL**2 + 1) * PARAM_INPUT**2: N_(
                "the input size does not matter either: the kernel is shared."
            ),
        },
        explanation=N_("6 filters × (5·5 weights + 1 bias) = {conv}, whatever the image size.", conv=_conv),
    )
)

register(
    Exercise(
        id="fc_params_28",
        kind="value",
        expected=_fc,
        hints={
            PARAM_INPUT**2 * _n_out: N_("add one bias per output."),
            PARAM_INPUT**2 * PARAM_FILTERS * _o * _o + PARAM_FILTERS: N_(
                "a fully-connected layer has one bias per output value, not per map."
            ),
            PARAM_INPUT**2 * _n_out * 2: N_("count each connection once."),
            PARAM_INPUT**2 * PARAM_FILTERS + PARAM_FILTERS: N_(
                "the layer must produce all 6·24·24 = {n_out} outputs, each connected to all 784 inputs.", n_out=_n_out
            ),
        },
        explanation=(
            N_(
                "784 inputs × {n_out} outputs + {n_out} biases = {fc:,}, about {round__fc__conv:,} times the {conv} parameters of the convolution layer.",
                n_out=_n_out,
                fc=_fc,
                round__fc__conv=round(_fc / _conv),
                conv=_conv,
            )
        ),
    )
)

_local = _n_out * (PARAM_KERNEL**2 + 1)  # locally connected: every output its own 5×5 weights and bias

register(
    Exercise(
        id="local_params_28",
        kind="value",
        expected=_local,
        hints={
            _n_out * PARAM_KERNEL**2: N_(
                "add one bias per output value: nothing is shared, so each output has its own."
            ),
            _conv: N_(
                "that is the convolution layer, where one kernel is shared by all positions; here every "
                "output position has its own 25 weights."
            ),
            _o * _o * (PARAM_KERNEL**2 + 1): N_("that is one map; there are {n}.", n=PARAM_FILTERS),
            _fc: N_(
                "that is the fully-connected layer; here each output sees only its own 5×5 window, not all 784 pixels."
            ),
            PARAM_FILTERS * PARAM_INPUT**2 * (PARAM_KERNEL**2 + 1): N_(
                "there are {o}×{o} output positions per map, not {i}×{i}.", o=_o, i=PARAM_INPUT
            ),
        },
        explanation=N_(
            "{f}·{o}·{o} = {n_out} outputs × (5·5 weights + 1 bias) = {local:,}: locality alone "
            "saves a factor {factor:.1f} on the fully-connected {fc:,}, sharing a further {sharing} "
            "(= {o}·{o}, the number of positions) down to {conv}.",
            f=PARAM_FILTERS,
            o=_o,
            n_out=_n_out,
            local=_local,
            factor=_fc / _local,
            fc=_fc,
            sharing=_local // _conv,
            conv=_conv,
        ),
    )
)
