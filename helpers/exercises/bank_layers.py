"""Exercises of notebook 08: the learner assembles a ``Convolution`` and a ``Pooling`` layer class.

The answer is a class (a subclass of ``helpers.layer_base.Layer``); each hidden case constructs it and
drives it through one forward and one backward pass on a probe batch, under the time limit:

* ``Convolution(W, b, stride=1, padding=0)``: W (F, C, K, K), b (F,); forward x (N, C, H, W) ->
  (N, F, OH, OW); backward dout -> dx, and fills ``grads["W"]``, ``grads["b"]``.
* ``Pooling(kernel_size=2, stride=2)``: max pooling; forward (N, C, H, W) -> (N, C, OH, OW); backward
  dout -> dx (ties to the first maximum).

The reference is the library's ``Conv2D`` / ``MaxPool2D``; a wrong result is compared with the mistakes
of notebooks 06 and 07 (``bank_backward``, ``bank_backward_pooling``) computed on the same probe, to give
the hint that explains it.
"""

from __future__ import annotations

import numpy as np

from ..i18n import N_, _, translated
from . import Case, Exercise, register
from . import bank_backward as bb
from . import bank_backward_pooling as bp
from .core import _array_problem
from .functions import _exception_text, _learner_line
from .time_limit import TimeUp, call_with_time_limit, get_time_limit


class _Problem(Exception):
    """A sentence for the learner, raised inside the probe and returned by ``compare``."""


def _run(method, *args):
    try:
        return call_with_time_limit(method, args, {}, get_time_limit())
    except KeyboardInterrupt:
        raise
    except NotImplementedError:
        raise _Problem(
            _("{method} still raises NotImplementedError: write its body").format(method=_name(method))
        ) from None
    except TimeUp:
        raise _Problem(
            _("{method} took longer than {seconds:g} s: an endless loop?").format(
                method=_name(method), seconds=get_time_limit()
            )
        ) from None
    except BaseException as exc:  # the learner's code: one line, never a traceback
        raise _Problem(f"{_name(method)} raised {_exception_text(exc)}{_learner_line(exc)}") from None


def _name(method) -> str:
    return f"{getattr(method, '__name__', 'the method')}(...)"


def _same(a, b) -> bool:
    if isinstance(b, tuple):
        return isinstance(a, tuple) and len(a) == len(b) and all(_same(p, q) for p, q in zip(a, b))
    try:
        return _array_problem(a, b, 1e-6, 1e-9, None) is None
    except Exception:
        return False


def _explain(got, candidates, default: str) -> str:
    """The hint of the first (wrong result, hint) pair whose result equals ``got``, else ``default``."""
    for make, hint in candidates:
        try:
            if _same(got, make()):
                return hint
        except Exception:
            continue
    return default


def _layer_problem(got, expected, forward_mistakes, backward_mistakes, hints) -> str | None:
    """Drive the learner's layer ``got`` like the reference ``expected`` on ``expected._probe``."""
    if isinstance(got, type) or not (
        callable(getattr(got, "forward", None)) and callable(getattr(got, "backward", None))
    ):
        return _("your class must have the methods forward(self, x) and backward(self, dout)")
    x, dout, args = expected._probe
    try:
        out = _run(got.forward, x.copy())
        ref_out = expected.forward(x.copy())
        problem = _array_problem(out, ref_out, 1e-6, 1e-9, None)
        if problem:
            hint = _explain(out, [(lambda m=m: m.wrong(*args), m.hint) for m in forward_mistakes], hints["forward"])
            return _("forward: {problem}. Hint: {hint}").format(problem=problem, hint=translated(hint))
        dx = _run(got.backward, dout.copy())
    except _Problem as problem:
        return str(problem)
    ref_dx = expected.backward(dout.copy())
    outputs = [("dx", dx, ref_dx)]
    if expected.params:
        grads = getattr(got, "grads", None)
        if not isinstance(grads, dict) or any(key not in grads for key in expected.params):
            return _("backward must fill self.grads['W'] and self.grads['b'] (a dict, like the library's layers)")
        outputs += [(f"grads['{key}']", grads[key], expected.grads[key]) for key in expected.params]
    got_all = tuple(value for _, value, _ in outputs)
    for number, (name, value, ref) in enumerate(outputs):
        problem = _array_problem(value, ref, 1e-6, 1e-9, None)
        if problem is None:
            continue
        if number > 0 and not np.any(np.asarray(value, dtype=float)):
            return _(
                "backward: {name} is all zeros. Hint: backward must store the gradient, self.grads[...][...] = ..."
            ).format(name=name)
        hint = _explain(
            got_all if len(outputs) > 1 else dx,
            [(lambda m=m: m.wrong(dout.copy(), *args), m.hint) for m in backward_mistakes],
            hints[name],
        )
        return _("backward, {name}: {problem}. Hint: {hint}").format(name=name, problem=problem, hint=translated(hint))
    return None


# ------------------------------------------------------------------------------ Convolution


def library_convolution(W, b, stride=1, padding=0):
    """The library's Conv2D holding W (F, C, K, K) and b (F,), in W's float dtype: the same constructor as the
    exercise's ``Convolution(W, b, stride, padding)``, for notebook cells that fall back to the reference."""
    from ..layers import Conv2D

    F, C, K, _ = np.shape(W)
    dtype = W.dtype if np.issubdtype(np.asarray(W).dtype, np.floating) else np.float64
    layer = Conv2D(C, F, K, stride=stride, padding=padding, dtype=dtype)
    layer.params["W"][...] = W
    layer.params["b"][...] = b
    return layer


def library_pooling(kernel_size=2, stride=2):
    """The library's MaxPool2D, with the exercise's constructor ``Pooling(kernel_size, stride)``."""
    from ..layers import MaxPool2D

    return MaxPool2D(kernel_size, stride)


def _conv_layer_ref(W, b, stride=1, padding=0):
    """The library's Conv2D (float64) holding W and b, with a probe batch for the check."""
    F, C, K, _ = W.shape
    layer = library_convolution(np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64), stride, padding)
    rng = np.random.default_rng(800 + 7 * F + 5 * C + 3 * K + stride + padding)
    x = rng.standard_normal((2, C, K + 4, K + 3))
    _, oh, ow = bb._geometry(x.shape, K, stride, padding)
    dout = rng.standard_normal((2, F, oh, ow))
    layer._probe = (x, dout, (x, W.copy(), b.copy(), stride, padding))
    return layer


_CONV_HINTS = {
    "forward": N_(
        "out (N, F, OH, OW): the im2col rows (N·OH·OW, C·K·K) times the filters as columns, plus b, back to "
        "(N, F, OH, OW): your my_conv_forward of notebook 06."
    ),
    "dx": N_(
        "keep x's shape (and the im2col rows) from forward; dx is col2im of dout's rows times the filters, back to "
        "x's shape: your my_conv_backward of notebook 06."
    ),
    "grads['W']": N_(
        "grads['W'] (F, C, K, K): a product over the windows of dout's rows (N·OH·OW, F) and the im2col rows "
        "forward kept, reshaped to W's shape."
    ),
    "grads['b']": N_("grads['b'] (F,): one entry per filter, summed over the batch and the positions."),
}


def _conv_backward_as_layer(wrong):
    """A conv_backward mistake (dout, x, W, stride, padding) called with the probe's (dout, x, W, b, s, p)."""

    def adapted(dout, x, W, b, stride, padding):
        return wrong(dout, x, W, stride, padding)

    return adapted


def _conv_layer_problem(got, expected):
    from . import Mistake

    backward = [Mistake(_conv_backward_as_layer(m.wrong), m.hint) for m in _conv_backward_mistakes()]
    forward = [Mistake(m.wrong, m.hint) for m in _conv_forward_mistakes()]
    return _layer_problem(got, expected, forward, backward, _CONV_HINTS)


def _conv_forward_mistakes():
    from . import _REGISTRY

    return _REGISTRY["conv_forward_im2col"].mistakes


def _conv_backward_mistakes():
    from . import _REGISTRY

    return _REGISTRY["conv_backward_col2im"].mistakes


def _cases_conv_layer():
    return [Case((W, b), {"stride": s, "padding": p}, description=d) for _x, W, b, s, p, d in bb._conv_cases(81)]


# wrong classes for the catalogue, each built from a mistake of notebook 06
def _wrong_conv_class(forward, backward):
    from ..layer_base import Layer

    class WrongConvolution(Layer):
        def __init__(self, W, b, stride=1, padding=0):
            super().__init__()
            self.params = {"W": W.copy(), "b": b.copy()}
            self.grads = {"W": np.zeros_like(W), "b": np.zeros_like(b)}
            self.stride, self.padding = stride, padding

        def forward(self, x):
            self.x = x
            return forward(x, self.params["W"], self.params["b"], self.stride, self.padding)

        def backward(self, dout):
            dx, dW, db = backward(dout, self.x, self.params["W"], self.stride, self.padding)
            self.grads["W"][...] = dW
            self.grads["b"][...] = db
            return dx

    return WrongConvolution


def _no_grads_class():
    base = _wrong_conv_class(bb._conv_forward_ref, bb._conv_backward_ref)

    class NoGrads(base):  # type: ignore[valid-type, misc]
        def backward(self, dout):
            return bb._conv_backward_ref(dout, self.x, self.params["W"], self.stride, self.padding)[0]

    return NoGrads


register(
    Exercise(
        id="convolution_layer",
        kind="function",
        reference=_conv_layer_ref,
        cases=_cases_conv_layer,
        compare=_conv_layer_problem,
        title=N_("Convolution layer"),
        wrong_answers=[
            (_wrong_conv_class(bb._conv_forward_no_transpose, bb._conv_backward_ref), "reshape it to (N, OH, OW, F)"),
            (_wrong_conv_class(bb._conv_forward_ref, bb._conv_backward_dout_not_transposed), "move the filter axis"),
            (_wrong_conv_class(bb._conv_forward_ref, bb._conv_backward_dw_transposed), "multiply in the other order"),
            (_wrong_conv_class(bb._conv_forward_ref, bb._conv_backward_db_mean), "do not average"),
            (_wrong_conv_class(bb._conv_forward_ref, bb._conv_backward_db_first_image), "first image's"),
            (_wrong_conv_class(bb._conv_forward_ref, bb._conv_backward_dx_overwrite), "must ADD every window"),
            (_no_grads_class(), "is all zeros"),
        ],
    )
)


# --------------------------------------------------------------------------------- Pooling


def _pool_layer_ref(kernel_size=2, stride=2):
    """The library's MaxPool2D, with a probe batch (ties included) for the check."""
    layer = library_pooling(kernel_size, stride)
    rng = np.random.default_rng(900 + 11 * kernel_size + stride)
    h, w = kernel_size + 3 * stride, kernel_size + 2 * stride
    x = rng.integers(0, 4, size=(2, 3, h, w)).astype(float)  # small integers: ties in many windows
    x[0, 0] = rng.permutation(h * w).reshape(h, w)  # one channel without ties
    oh, ow = (h - kernel_size) // stride + 1, (w - kernel_size) // stride + 1
    dout = rng.standard_normal((2, 3, oh, ow))
    layer._probe = (x, dout, (x, kernel_size, stride))
    return layer


_POOL_HINTS = {
    "forward": N_(
        "out (N, C, OH, OW): each window of each channel is one row of im2col's rows cut per channel; its "
        "largest value is the output cell (keep where it was for backward): your my_maxpool_forward of notebook 07."
    ),
    "dx": N_(
        "dx has x's shape: each output cell's gradient goes to the one cell that won its window (the place forward "
        "kept), and a cell that won several windows gets the sum: your my_maxpool_backward of notebook 07."
    ),
}


def _pool_layer_problem(got, expected):
    return _layer_problem(
        got,
        expected,
        _mistakes_of("maxpool_forward_im2col"),
        _mistakes_of("maxpool_backward"),
        _POOL_HINTS,
    )


def _mistakes_of(exercise_id):
    from . import _REGISTRY

    return _REGISTRY[exercise_id].mistakes


def _cases_pool_layer():
    return [
        Case((2,), {"stride": 2}, description=N_("2×2 windows, stride 2")),
        Case((3,), {"stride": 2}, description=N_("overlapping 3×3 windows, stride 2")),
        Case((2,), {"stride": 1}, description=N_("2×2 windows, stride 1")),
        Case((3,), {"stride": 3}, description=N_("3×3 windows, stride 3")),
    ]


def _wrong_pool_class(forward, backward):
    from ..layer_base import Layer

    class WrongPooling(Layer):
        def __init__(self, kernel_size=2, stride=2):
            super().__init__()
            self.k, self.s = kernel_size, stride

        def forward(self, x):
            self.x = x
            return forward(x, self.k, self.s)

        def backward(self, dout):
            return backward(dout, self.x, self.k, self.s)

    return WrongPooling


register(
    Exercise(
        id="pooling_layer",
        kind="function",
        reference=_pool_layer_ref,
        cases=_cases_pool_layer,
        compare=_pool_layer_problem,
        title=N_("Pooling layer"),
        wrong_answers=[
            (
                _wrong_pool_class(bp._maxpool_forward_no_transpose, bp._maxpool_backward_ref),
                "the channel axis is out of place",
            ),
            (_wrong_pool_class(bp._maxpool_forward_mean, bp._maxpool_backward_ref), "mean of each window"),
            (_wrong_pool_class(bp._maxpool_forward_ref, bp._maxpool_backward_all_ties), "pays the gradient out twice"),
            (_wrong_pool_class(bp._maxpool_forward_ref, bp._maxpool_backward_last_tie), "not the last"),
            (_wrong_pool_class(bp._maxpool_forward_ref, bp._maxpool_backward_overwrite), "do not overwrite"),
            (_wrong_pool_class(bp._maxpool_forward_ref, bp._maxpool_backward_spread), "spreads each gradient"),
        ],
    )
)
