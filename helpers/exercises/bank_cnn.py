"""Exercises of notebook 08 (building a CNN); its structure and shape questions are in ``bank_inside``."""

import numpy as np

from ..i18n import N_, _
from . import Case, Exercise, register

# ----------------------------------------------------------------------------------- notebook 08


def _linear_backward(dout, x, W):
    """Reference: out = x @ W.T + b with W (M, D) -> dx (N, D), dW (M, D), db (M,)."""
    return dout @ W, dout.T @ x, dout.sum(axis=0)


def _linear_cases():
    r = np.random.default_rng(80)
    cases = []
    for n, d, m, what in [
        (4, 3, 2, N_("N=4, D=3, M=2")),
        (1, 5, 3, N_("a single example")),
        (6, 1, 4, N_("one input feature")),
        (3, 7, 7, N_("square W")),
    ]:
        cases.append(
            Case((r.standard_normal((n, m)), r.standard_normal((n, d)), r.standard_normal((m, d))), description=what)
        )
    return cases


def _compare_triples(got, expected):
    """Compare (dx, dW, db) one by one, with a hint for the usual slips."""
    from .core import _array_problem

    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return _("return three arrays, `return dx, dW, db`") + (
            _(" (you returned {what})").format(what=len(got) if isinstance(got, (tuple, list)) else type(got).__name__)
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
