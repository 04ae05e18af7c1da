"""Fuzzing the numerical core as a careless learner would (issue 15).

Two halves:

* enumerated mutations: every argument of every public core function and layer
  gets bad and odd values (None, strings, 2.5, NaN, inf, negatives, bools, huge
  numbers, 0-d arrays, complex, ragged lists, wrong ranks, integer dtypes). Each
  outcome is classified

      correct       a result equal to an independent oracle (loops, np.pad, the formula)
      clear error   TypeError/ValueError whose message names the argument
      unclear       TypeError/ValueError that does not name it
      silent wrong  a result for an invalid value, or one that differs from the oracle
      crash         any other exception (ZeroDivisionError, MemoryError, numpy internals)

  and the last three must be zero. ``python tests/test_fuzz_core.py`` prints the table.
* hypothesis: random valid shapes and settings against the same oracles.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers import layers as L

# --------------------------------------------------------------------------- oracles (loops, written here)


def _pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


def _pad4(v):
    if np.ndim(v) == 0:
        return (int(v),) * 4
    v = [int(t) for t in v]
    return (v[0], v[0], v[1], v[1]) if len(v) == 2 else tuple(v)


def oracle_conv(x, w, b=None, stride=1, padding=0, dilation=1):
    x, w = np.asarray(x), np.asarray(w)
    squeeze = x.ndim
    if x.ndim == 2:
        x, w = x[None, None], w[None, None]
    elif x.ndim == 3:
        x = x[None]
    sh, sw = _pair(stride)
    dh, dw = _pair(dilation)
    t, bo, le, r = _pad4(padding)
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    xp = np.zeros((N, C, H + t + bo, W + le + r), dtype=np.float64)
    xp[:, :, t : t + H, le : le + W] = x
    OH = (H + t + bo - dh * (KH - 1) - 1) // sh + 1
    OW = (W + le + r - dw * (KW - 1) - 1) // sw + 1
    out = np.zeros((N, F, OH, OW))
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    acc = 0.0 if b is None else float(np.broadcast_to(b, (F,))[f])
                    for c in range(C):
                        for u in range(KH):
                            for v in range(KW):
                                acc += float(xp[n, c, i * sh + u * dh, j * sw + v * dw]) * float(w[f, c, u, v])
                    out[n, f, i, j] = acc
    return out[0, 0] if squeeze == 2 else out[0] if squeeze == 3 else out


def oracle_conv_grouped(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """groups blocks side by side: block g convolves channels g*C/G.. with filters g*F/G.. (the loops above)."""
    x, w, g = np.asarray(x), np.asarray(w), int(groups)
    C, F = x.shape[-3], w.shape[0]
    bb = None if b is None else np.broadcast_to(np.asarray(b, dtype=np.float64), (F,))
    blocks = [
        oracle_conv(
            x[..., k * C // g : (k + 1) * C // g, :, :],
            w[k * F // g : (k + 1) * F // g],
            None if bb is None else bb[k * F // g : (k + 1) * F // g],
            stride,
            padding,
            dilation,
        )
        for k in range(g)
    ]
    return np.concatenate(blocks, axis=-3)


def oracle_conv_transpose(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1):
    """Every input cell stamps x[n, c, i, j] * w[c] onto a zero canvas at (i*S, j*S) (loops); then crop P."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    squeeze = x.ndim
    x = x.reshape((1,) * (4 - x.ndim) + x.shape)
    (sh, sw), (ph, pw), (ah, aw), (dh, dw) = _pair(stride), _pair(padding), _pair(output_padding), _pair(dilation)
    N, C, H, W = x.shape
    _, F, KH, KW = w.shape
    full = np.zeros((N, F, (H - 1) * sh + dh * (KH - 1) + 1 + ah, (W - 1) * sw + dw * (KW - 1) + 1 + aw))
    for n in range(N):
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    for u in range(KH):
                        for v in range(KW):
                            full[n, :, i * sh + u * dh, j * sw + v * dw] += x[n, c, i, j] * w[c, :, u, v]
    OH, OW = full.shape[2] - 2 * ph, full.shape[3] - 2 * pw
    out = full[:, :, ph : ph + OH, pw : pw + OW]
    if b is not None:
        out = out + np.broadcast_to(np.asarray(b, dtype=np.float64), (F,))[None, :, None, None]
    return out[0] if squeeze == 3 else out


def oracle_transpose_size(size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    i, k, s, p, a, d = (int(v) for v in (size, kernel_size, stride, padding, output_padding, dilation))
    return (i - 1) * s - 2 * p + d * (k - 1) + a + 1


def oracle_tf_same(size, kernel_size, stride=1, dilation=1):
    i, k, s, d = (int(v) for v in (size, kernel_size, stride, dilation))
    o = len(range(0, i, s))  # the strided positions inside the input
    total = next(t for t in range(0, d * k + 1) if len(range(0, i + t - d * (k - 1), s)) >= o)  # brute force
    return (o, total // 2, total - total // 2)


def oracle_pool(x, kernel_size=2, stride=None, padding=0, kind="max"):
    x = np.asarray(x, dtype=np.float64)
    kh, kw = _pair(kernel_size)
    sh, sw = (kh, kw) if stride is None else _pair(stride)
    ph, pw = _pair(padding)
    fill = -np.inf if kind == "max" else 0.0
    xp = np.full(x.shape[:-2] + (x.shape[-2] + 2 * ph, x.shape[-1] + 2 * pw), fill)
    xp[..., ph : ph + x.shape[-2], pw : pw + x.shape[-1]] = x
    OH = (xp.shape[-2] - kh) // sh + 1
    OW = (xp.shape[-1] - kw) // sw + 1
    out = np.zeros(x.shape[:-2] + (OH, OW))
    for i in range(OH):
        for j in range(OW):
            win = xp[..., i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[..., i, j] = win.max(axis=(-1, -2)) if kind == "max" else win.mean(axis=(-1, -2))
    return out


def oracle_im2col(x, kernel_size, stride=1, padding=0, dilation=1):
    x = np.asarray(x, dtype=np.float64)
    x = x.reshape((1,) * (4 - x.ndim) + x.shape)
    kh, kw = _pair(kernel_size)
    N, C = x.shape[:2]
    eye = np.eye(C * kh * kw).reshape(C * kh * kw, C, kh, kw)
    out = oracle_conv(x, eye, None, stride, padding, dilation)  # (N, C*KH*KW, OH, OW)
    return out.transpose(0, 2, 3, 1).reshape(-1, C * kh * kw)


def oracle_size(size, kernel_size, stride=1, padding=0, dilation=1):
    return (int(size) + 2 * int(padding) - int(dilation) * (int(kernel_size) - 1) - 1) // int(stride) + 1


def oracle_pool_size(size, kernel_size, stride=None, padding=0):
    s = kernel_size if stride is None else stride
    return (int(size) + 2 * int(padding) - int(kernel_size)) // int(s) + 1


# --------------------------------------------------------------------------- the enumerated mutations

INVALID = object()  # marks a value that must be refused
rng = np.random.default_rng(0)
X = rng.standard_normal((2, 6, 6))
W = rng.standard_normal((3, 2, 3, 3))
IMG = rng.standard_normal((6, 6))
K2 = rng.standard_normal((3, 3))


def int_values(valid_min, canonical):
    """(value, what it means or INVALID) for an int argument whose smallest valid value is valid_min."""
    return [
        (None, INVALID),
        ("3", INVALID),
        (2.5, INVALID),
        (float("nan"), INVALID),
        (float("inf"), INVALID),
        (-float("inf"), INVALID),
        (-1, INVALID),
        (valid_min - 1, INVALID) if valid_min > 0 else (valid_min, valid_min),
        (True, INVALID),
        (1 + 2j, INVALID),
        ([1, 2, 3], INVALID),
        (np.int64(canonical), canonical),
        (np.array(canonical), canonical),
        (np.uint8(canonical), canonical),
        (float(canonical), INVALID),  # 2.0: a float where a whole number is asked
    ]


def default_none(values):
    """For an argument whose default is None (pooling's stride): None is valid and means the default."""
    return [(v, None) if v is None else (v, m) for v, m in values]


def array_values(canonical, name_ok_dtypes=True):
    c = np.asarray(canonical)
    out = [
        (None, INVALID),
        ("abc", INVALID),
        ([[1, 2], [3]], INVALID),
        (c.astype(complex), INVALID),
        (np.zeros(()), INVALID),
        (c.tolist(), c),
        (np.asfortranarray(c), c),
        (c.astype(np.float32), c.astype(np.float32)),
    ]
    if name_ok_dtypes:
        q = np.round(c * 3).astype(np.int64)
        out += [(q.astype(np.int8), q), (np.abs(q).astype(np.uint8), np.abs(q)), (q > 0, (q > 0).astype(np.int64))]
    return out


def _close(a, b, dtype=None):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    tol = 1e-4 if (a.dtype == np.float32 or np.asarray(b).dtype == np.float32) else 1e-9
    return np.allclose(a.astype(np.float64), b.astype(np.float64), rtol=tol, atol=tol, equal_nan=True)


def _cases():
    """(area, label, argument name, call, oracle or None) for every mutation."""
    cases = []

    def mutate(area, fname, func, base, specs, oracle):
        for arg, values in specs.items():
            for value, meaning in values:
                kw = dict(base)
                kw[arg] = value
                ok = None
                if meaning is not INVALID:
                    good = dict(base)
                    good[arg] = meaning

                    def ok(good=good):
                        return oracle(**good)

                cases.append((area, f"{fname}({arg}={_short(value)})", arg, (lambda kw=kw: func(**kw)), ok))

    # shapes
    base = dict(size=28, kernel_size=5, stride=1, padding=0, dilation=1)
    specs = {
        "size": int_values(1, 28),
        "kernel_size": int_values(1, 5),
        "stride": int_values(1, 2),
        "padding": int_values(0, 1),
        "dilation": int_values(1, 2),
    }
    mutate("shapes", "conv_output_size", helpers.conv_output_size, base, specs, oracle_size)
    base = dict(size=24, kernel_size=2, stride=None, padding=0)
    specs = {"size": int_values(1, 24), "kernel_size": int_values(1, 3), "stride": default_none(int_values(1, 2))}
    mutate("shapes", "pool_output_size", helpers.pool_output_size, base, specs, oracle_pool_size)
    mutate(
        "shapes",
        "effective_kernel_size",
        helpers.effective_kernel_size,
        dict(kernel_size=3, dilation=1),
        {"kernel_size": int_values(1, 3), "dilation": int_values(1, 2)},
        lambda kernel_size, dilation: int(dilation) * (int(kernel_size) - 1) + 1,
    )
    mutate(
        "shapes",
        "conv_param_count",
        helpers.conv_param_count,
        dict(in_channels=3, out_channels=8, kernel_size=3),
        {k: int_values(1, 3) for k in ("in_channels", "out_channels", "kernel_size")},
        lambda in_channels, out_channels, kernel_size: (
            int(out_channels) * int(in_channels) * int(kernel_size) ** 2 + int(out_channels)
        ),
    )
    mutate(
        "shapes",
        "conv_param_count[groups]",
        helpers.conv_param_count,
        dict(in_channels=4, out_channels=8, kernel_size=3, groups=2),
        {"groups": int_values(1, 2) + [(3, INVALID), (8, INVALID), (4, 4)]},
        lambda in_channels, out_channels, kernel_size, groups: (
            int(out_channels) * (int(in_channels) // int(groups)) * int(kernel_size) ** 2 + int(out_channels)
        ),
    )
    mutate(
        "shapes",
        "conv_transpose_output_size",
        helpers.conv_transpose_output_size,
        dict(size=4, kernel_size=3, stride=2, padding=1, output_padding=1, dilation=1),
        {
            "size": int_values(1, 4),
            "kernel_size": int_values(1, 3),
            "stride": int_values(1, 2) + [(1, INVALID)],  # stride 1 with output_padding=1: output_padding too big
            "padding": int_values(0, 1) + [(4, 4), (5, INVALID), (10**9, INVALID)],  # 5 crops everything
            "output_padding": int_values(0, 1) + [(2, INVALID)],
            "dilation": int_values(1, 2),
        },
        oracle_transpose_size,
    )
    mutate(
        "shapes",
        "tf_same_padding",
        helpers.tf_same_padding,
        dict(size=6, kernel_size=3, stride=2, dilation=1),
        {k: int_values(1, v) for k, v in (("size", 6), ("kernel_size", 3), ("stride", 2), ("dilation", 2))},
        oracle_tf_same,
    )
    mutate(
        "shapes",
        "same_padding",
        helpers.same_padding,
        dict(kernel_size=3),
        {"kernel_size": int_values(1, 3)},
        lambda kernel_size: ((int(kernel_size) - 1) // 2, int(kernel_size) - 1 - (int(kernel_size) - 1) // 2),
    )

    # padding
    def pad_oracle(x, padding, mode="zeros", value=0.0):
        t, b, le, r = _pad4(padding)
        x = np.asarray(x)
        m = {"zeros": "constant", "constant": "constant", "edge": "edge", "reflect": "reflect"}[mode]
        kw = {"constant_values": value} if m == "constant" else {}
        return np.pad(x, [(0, 0)] * (x.ndim - 2) + [(t, b), (le, r)], mode=m, **kw)

    big = [(10**5, INVALID), (10**9, INVALID)]
    mutate(
        "padding",
        "pad2d",
        helpers.pad2d,
        dict(x=IMG, padding=1),
        {"x": array_values(IMG), "padding": int_values(0, 1) + big},
        pad_oracle,
    )
    ints = np.arange(16, dtype=np.uint8).reshape(4, 4)
    values = [
        (300, INVALID),
        (-1, INVALID),
        (0.5, INVALID),
        (None, INVALID),
        ("0", INVALID),
        (float("nan"), INVALID),
        (255, 255),
        (np.array(7), 7),
    ]
    mutate(
        "padding",
        "pad2d[uint8, constant]",
        helpers.pad2d,
        dict(x=ints, padding=1, mode="constant", value=0),
        {"value": values, "mode": [("ZEROS", INVALID), (None, INVALID), ("edge", "edge"), ("reflect", "reflect")]},
        pad_oracle,
    )

    # convolution
    conv_specs = {
        "x": array_values(X),
        "stride": int_values(1, 2) + [(10**6, 10**6), ((1, 2, 3), INVALID)],
        "padding": int_values(0, 1) + big + [("same", 1), ("SAME", INVALID), ((0, 1, 0, 1), (0, 1, 0, 1))],
        "dilation": int_values(1, 2) + [(10**6, INVALID)],
        "w": [(None, INVALID), ("w", INVALID), (W[:, :1], INVALID), (W[0], INVALID), (W.astype(complex), INVALID)],
        "b": [("b", INVALID), (np.ones(4), INVALID), (np.ones(3), np.ones(3)), (1.5, 1.5), (np.array(1.5), 1.5)],
    }
    for name, func in (("conv2d", helpers.conv2d), ("conv2d_naive", helpers.conv2d_naive)):
        mutate("conv", name, func, dict(x=X, w=W, b=None, stride=1, padding=0, dilation=1), conv_specs, oracle_conv)
    WG = rng.standard_normal((4, 1, 3, 3))  # groups=2 on X's 2 channels: depthwise with 2 filters per channel
    for name, func in (("conv2d", helpers.conv2d), ("conv2d_naive", helpers.conv2d_naive)):
        mutate(
            "conv",
            f"{name}[groups]",
            func,
            dict(x=X, w=WG, b=None, stride=1, padding=0, dilation=1, groups=2),
            {
                "groups": int_values(1, 2) + [(4, INVALID), (3, INVALID), (10**6, INVALID)],
                "w": [(W, INVALID), (WG[:3], INVALID), (rng.standard_normal((4, 2, 3, 3)), INVALID)],
                "b": [(np.ones(4), np.ones(4)), (np.ones(2), INVALID)],
            },
            oracle_conv_grouped,
        )
    WT = rng.standard_normal((2, 3, 3, 3))  # (C_in, C_out, KH, KW)
    mutate(
        "conv",
        "conv_transpose2d",
        helpers.conv_transpose2d,
        dict(x=X, w=WT, b=None, stride=2, padding=1, output_padding=1, dilation=1),
        {
            "x": array_values(X),
            "w": [
                (None, INVALID),
                ("w", INVALID),
                (WT[:1], INVALID),
                (WT[0], INVALID),
                (WT.astype(complex), INVALID),
                (W, INVALID),  # a conv2d weight (3, 2, 3, 3): the message suggests transpose(1, 0, 2, 3)
            ],
            "b": [("b", INVALID), (np.ones(2), INVALID), (np.ones(3), np.ones(3)), (1.5, 1.5), (np.array(1.5), 1.5)],
            "stride": int_values(1, 2) + [(1, INVALID), (10**6, INVALID)],
            "padding": int_values(0, 1) + [(10**5, INVALID), ((1, 2, 3, 4), INVALID)],
            "output_padding": int_values(0, 1) + [(2, INVALID), ((1, 0), (1, 0))],
            "dilation": int_values(1, 1) + [(10**6, INVALID)],
        },
        oracle_conv_transpose,
    )
    mutate(
        "conv",
        "conv2d[2-D]",
        helpers.conv2d,
        dict(x=IMG, w=K2),
        {"x": array_values(IMG), "w": array_values(K2)},
        oracle_conv,
    )
    im_specs = {
        "x": array_values(X),
        "kernel_size": int_values(1, 3) + [(10**6, INVALID)],
        "stride": int_values(1, 2),
        "padding": int_values(0, 1) + big,
        "dilation": int_values(1, 2),
    }
    mutate(
        "conv",
        "im2col",
        helpers.im2col,
        dict(x=X, kernel_size=3, stride=1, padding=0, dilation=1),
        im_specs,
        oracle_im2col,
    )
    cols = helpers.im2col(X, 3)

    def col2im_oracle(cols, x_shape, kernel_size, stride=1, padding=0):
        # the adjoint: <im2col(x), cols> = <x, col2im(cols)> for every x, so build it from im2col's columns
        n = int(np.prod(x_shape))
        basis = np.eye(n).reshape((n,) + tuple(x_shape))
        return np.array([np.sum(oracle_im2col(e, kernel_size, stride, padding) * cols) for e in basis]).reshape(x_shape)

    mutate(
        "conv",
        "col2im",
        helpers.col2im,
        dict(cols=cols, x_shape=X.shape, kernel_size=3),
        {
            "cols": [(None, INVALID), ("c", INVALID), (cols[:-1], INVALID), (cols.astype(complex), INVALID)],
            "x_shape": [(None, INVALID), ("2,6,6", INVALID), ((2, 6, 7), INVALID), ((2, 6, -6), INVALID)],
            "kernel_size": int_values(1, 3)[:11],
        },
        col2im_oracle,
    )

    # pooling
    for name, func, kind in (("max_pool2d", helpers.max_pool2d, "max"), ("avg_pool2d", helpers.avg_pool2d, "avg")):
        mutate(
            "pooling",
            name,
            func,
            dict(x=X, kernel_size=2, stride=None, padding=0),
            {
                "x": array_values(X),
                "kernel_size": int_values(1, 2) + [(10**6, INVALID)],
                "stride": default_none(int_values(1, 2)) + [(10**6, 10**6)],
                "padding": int_values(0, 1) + big,
            },
            lambda kind=kind, **kw: oracle_pool(**kw, kind=kind),
        )

    # layers
    X4 = rng.standard_normal((2, 2, 6, 6))

    def layer_case(label, make, x, oracle, arg="x"):
        cases.append(("layers", label, arg, (lambda: make().forward(x)), oracle))

    bad_x = [None, "abc", [[1, 2], [3]], X4.astype(complex)]
    for lname, make in (
        ("Conv2D", lambda: L.Conv2D(2, 3, 3, rng=np.random.default_rng(1))),
        ("MaxPool2D", lambda: L.MaxPool2D(2)),
        ("AvgPool2D", lambda: L.AvgPool2D(2)),
        ("ReLU", L.ReLU),
        ("Sigmoid", L.Sigmoid),
        ("Tanh", L.Tanh),
        ("ConvTranspose2D", lambda: L.ConvTranspose2D(2, 3, 3, rng=np.random.default_rng(1))),
        ("Flatten", L.Flatten),
        ("Dropout", lambda: L.Dropout(0.5)),
    ):
        for v in bad_x:
            layer_case(f"{lname}.forward(x={_short(v)})", make, v, None)
    empty = np.zeros((0, 2, 6, 6))
    conv = L.Conv2D(2, 3, 3, rng=np.random.default_rng(1))
    layer_case("Conv2D.forward(N=0)", lambda: conv, empty, lambda: np.zeros((0, 3, 4, 4)))
    layer_case("MaxPool2D.forward(N=0)", lambda: L.MaxPool2D(2), empty, lambda: np.zeros((0, 2, 3, 3)))
    layer_case("AvgPool2D.forward(N=0)", lambda: L.AvgPool2D(2), empty, lambda: np.zeros((0, 2, 3, 3)))
    layer_case("ReLU.forward(N=0)", L.ReLU, empty, lambda: empty)
    layer_case("Flatten.forward(N=0)", L.Flatten, empty, lambda: np.zeros((0, 72)))
    layer_case("Dropout.forward(N=0)", lambda: L.Dropout(0.5), empty, lambda: empty)
    layer_case("Linear.forward(N=0)", lambda: L.Linear(4, 2), np.zeros((0, 4)), lambda: np.zeros((0, 2)))
    layer_case("Conv2D.forward", lambda: conv, X4, lambda: oracle_conv(X4, conv.params["W"], conv.params["b"]))
    layer_case("MaxPool2D(2, stride=1)", lambda: L.MaxPool2D(2, stride=1), X4, lambda: oracle_pool(X4, 2, 1))
    layer_case("ReLU.forward(list)", L.ReLU, [[1.0, -2.0]], lambda: np.array([[1.0, 0.0]]))
    layer_case("Sigmoid.forward(N=0)", L.Sigmoid, empty, lambda: empty)
    layer_case("Tanh.forward(int)", L.Tanh, [[0, 1]], lambda: np.tanh([[0.0, 1.0]]))
    layer_case("Sigmoid.forward(±1000)", L.Sigmoid, [[-1000.0, 0.0, 1000.0]], lambda: np.array([[0.0, 0.5, 1.0]]))
    convt = L.ConvTranspose2D(2, 3, 3, stride=2, padding=1, output_padding=1, rng=np.random.default_rng(1))
    layer_case(
        "ConvTranspose2D.forward",
        lambda: convt,
        X4,
        lambda: oracle_conv_transpose(X4, convt.params["W"], None, 2, 1, 1),
    )
    layer_case("ConvTranspose2D.forward(N=0)", lambda: convt, empty, lambda: np.zeros((0, 3, 12, 12)))
    for value, meaning in int_values(1, 2) + [(3, INVALID), (4, INVALID)]:

        def make(value=value):
            return L.Conv2D(2, 4, 3, groups=value, rng=np.random.default_rng(1))

        ok = None
        if meaning is not INVALID:

            def ok(meaning=meaning):
                return _conv_layer_oracle(dict(in_channels=2, out_channels=4, kernel_size=3, groups=meaning))

        cases.append(
            ("layers", f"Conv2D(groups={_short(value)})", "groups", (lambda make=make: _conv_layer_run(make)), ok)
        )
    for value in (None, 1, "False", 0.0):
        cases.append(
            ("layers", f"Conv2D(bias={_short(value)})", "bias", (lambda v=value: L.Conv2D(2, 3, 3, bias=v)), None)
        )
    for arg, values in {
        "kernel_size": int_values(1, 3),
        "stride": int_values(1, 2),
        "padding": int_values(0, 1),
        "output_padding": int_values(0, 1) + [(2, INVALID)],
    }.items():
        for value, meaning in values:
            kw = dict(in_channels=2, out_channels=3, kernel_size=3, stride=2, padding=1, output_padding=1)
            kw[arg] = value

            def make(kw=kw):
                return L.ConvTranspose2D(**kw, rng=np.random.default_rng(1))

            ok = None
            if meaning is not INVALID:
                good = dict(kw, **{arg: meaning})

                def ok(good=good):
                    layer = L.ConvTranspose2D(**good, rng=np.random.default_rng(1))
                    g = {k: good[k] for k in ("stride", "padding", "output_padding")}
                    return oracle_conv_transpose(X4, layer.params["W"], None, **g)

            cases.append(
                ("layers", f"ConvTranspose2D({arg}={_short(value)})", arg, (lambda make=make: make().forward(X4)), ok)
            )
    for arg, values in {
        "in_channels": int_values(1, 2),
        "kernel_size": int_values(1, 3),
        "stride": int_values(1, 1),
        "padding": int_values(0, 1),
    }.items():
        for value, meaning in values:
            kw = dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=0)
            kw[arg] = value

            def make(kw=kw):
                return L.Conv2D(**kw, rng=np.random.default_rng(1))

            ok = None
            if meaning is not INVALID:
                good = dict(kw, **{arg: meaning})

                def ok(good=good):
                    return _conv_layer_oracle(good)

            cases.append(
                ("layers", f"Conv2D({arg}={_short(value)})", arg, (lambda make=make: _conv_layer_run(make)), ok)
            )
    for arg, values in {"kernel_size": int_values(1, 2), "stride": default_none(int_values(1, 2))}.items():
        for value, meaning in values:
            kw = dict(kernel_size=2, stride=None)
            kw[arg] = value
            ok = None
            if meaning is not INVALID:
                good = dict(kw, **{arg: meaning})

                def ok(good=good):
                    return oracle_pool(X4, good["kernel_size"], good["stride"])

            cases.append(
                ("layers", f"MaxPool2D({arg}={_short(value)})", arg, (lambda kw=kw: L.MaxPool2D(**kw).forward(X4)), ok)
            )
    for value in (None, "0.5", 1.0, -0.1, float("nan"), True):
        cases.append(("layers", f"Dropout(p={_short(value)})", "p", (lambda v=value: L.Dropout(v)), None))
    for value in (None, "4", 2.5, 0, float("nan")):
        cases.append(
            ("layers", f"Linear(in_features={_short(value)})", "in_features", (lambda v=value: L.Linear(v, 2)), None)
        )
    logits = rng.standard_normal((3, 4))
    sce_cases = [
        ("logits", None, np.array([0, 1, 2])),
        ("logits", "abc", np.array([0, 1, 2])),
        ("logits", np.zeros((0, 4)), np.zeros(0, int)),
        ("logits", logits.astype(complex), np.array([0, 1, 2])),
        ("labels", logits, np.array([0, 1, 4])),
        ("labels", logits, np.array([0.5, 1, 2])),
        ("labels", logits, np.array([0, 1])),
    ]
    for arg, z, y in sce_cases:
        cases.append(
            (
                "layers",
                f"SoftmaxCrossEntropy({arg}={_short(z if arg == 'logits' else y)})",
                arg,
                (lambda z=z, y=y: L.SoftmaxCrossEntropy().forward(z, y)),
                None,
            )
        )
    y = np.array([0, 1, 2])
    cases.append(
        (
            "layers",
            "SoftmaxCrossEntropy(ok)",
            "logits",
            (lambda: L.SoftmaxCrossEntropy().forward(logits, y)),
            (lambda: float(np.mean(np.log(np.exp(logits).sum(1)) - logits[np.arange(3), y]))),
        )
    )
    for v in (None, "abc", np.zeros((2, 0)), np.zeros(()), logits.astype(complex)):
        cases.append(("layers", f"softmax(z={_short(v)})", "z", (lambda v=v: L.softmax(v)), None))
    cases.append(
        (
            "layers",
            "softmax(ok)",
            "z",
            (lambda: L.softmax(logits)),
            (lambda: np.exp(logits) / np.exp(logits).sum(1, keepdims=True)),
        )
    )
    return cases


def _conv_layer_run(make):
    layer = make()
    return layer.forward(np.random.default_rng(5).standard_normal((1, layer.in_channels, 7, 7)))


def _conv_layer_oracle(kw):
    layer = L.Conv2D(**kw, rng=np.random.default_rng(1))
    x = np.random.default_rng(5).standard_normal((1, int(kw["in_channels"]), 7, 7))
    return oracle_conv_grouped(x, layer.params["W"], layer.params["b"], layer.stride, layer.padding, 1, layer.groups)


def _short(v):
    if isinstance(v, np.ndarray):
        return f"array{v.shape}:{v.dtype}"
    text = repr(v)
    return text if len(text) < 30 else text[:27] + "..."


def classify(arg, call, oracle):
    """One of: correct, clear error, unclear, silent wrong, crash (and a detail)."""
    root = arg.split("[")[0]
    try:
        with np.errstate(all="raise"):
            result = call()
    except (TypeError, ValueError) as exc:
        message = str(exc)
        if root in message and len(message) > 40:
            return "clear error", message
        return "unclear", f"{type(exc).__name__}: {message}"
    except Exception as exc:  # noqa: BLE001 - every other exception is the finding
        return "crash", f"{type(exc).__name__}: {exc}"
    if oracle is None:
        return "silent wrong", f"returned {_short(result)} for an invalid value"
    try:
        expected = oracle()
    except Exception as exc:  # noqa: BLE001
        return "crash", f"oracle failed: {exc}"
    if _close(result, expected):
        return "correct", ""
    return "silent wrong", f"{_short(result)} != oracle {_short(np.asarray(expected))}"


CASES = _cases()


def figures():
    table: dict[str, Counter] = {}
    bad = []
    for area, label, arg, call, oracle in CASES:
        outcome, detail = classify(arg, call, oracle)
        table.setdefault(area, Counter())[outcome] += 1
        if outcome in ("unclear", "silent wrong", "crash"):
            bad.append(f"{area}: {label}: {outcome}: {detail[:200]}")
    return table, bad


@pytest.mark.parametrize("area,label,arg,call,oracle", CASES, ids=[c[1] for c in CASES])
def test_mutation(area, label, arg, call, oracle):
    outcome, detail = classify(arg, call, oracle)
    assert outcome in ("correct", "clear error"), f"{label}: {outcome}: {detail}"


def test_the_classifier_can_fail():
    # the oracle comparison catches a wrong number, and a message without the name is unclear
    assert classify("x", lambda: np.ones(3), lambda: np.zeros(3))[0] == "silent wrong"
    assert classify("x", lambda: (_ for _ in ()).throw(ValueError("bad")), None)[0] == "unclear"
    assert classify("x", lambda: 1 / 0, None)[0] == "crash"


# --------------------------------------------------------------------------- hypothesis, valid inputs

FAST = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def conv_problems(draw):
    N, C, F = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    KH, KW = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    p = tuple(draw(st.integers(0, 2)) for _ in range(4))
    H = draw(st.integers(max(1, d[0] * (KH - 1) + 1 - p[0] - p[1]), 8))
    W = draw(st.integers(max(1, d[1] * (KW - 1) + 1 - p[2] - p[3]), 8))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64, np.uint8]))
    seed = draw(st.integers(0, 2**16))
    r = np.random.default_rng(seed)
    x = (
        (r.standard_normal((N, C, H, W)) * 3).astype(dtype)
        if dtype != np.uint8
        else r.integers(0, 255, (N, C, H, W)).astype(np.uint8)
    )
    w = (
        (r.standard_normal((F, C, KH, KW)) * 3).astype(dtype)
        if dtype != np.uint8
        else r.integers(0, 255, (F, C, KH, KW)).astype(np.uint8)
    )
    return x, w, s, p, d


@FAST
@given(conv_problems())
def test_conv2d_matches_the_loops(problem):
    x, w, s, p, d = problem
    got = helpers.conv2d(x, w, stride=s, padding=p, dilation=d)
    want = oracle_conv(x, w, None, s, p, d)
    assert got.shape == want.shape
    if np.issubdtype(x.dtype, np.integer):
        np.testing.assert_array_equal(got, want)  # exact: summed in int64, never wrapped
        assert got.dtype == np.int64
    else:
        tol = 1e-4 if x.dtype == np.float32 else 1e-10
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol * 100)
        assert got.dtype == x.dtype


@FAST
@given(conv_problems())
def test_the_conv_layer_engine_matches_conv2d(problem):
    from helpers.kernels import conv_forward

    x, w, s, p, _ = problem
    x, w = x.astype(np.float64), w.astype(np.float64)
    ph, pw = p[0], p[2]
    if w.shape[2] > x.shape[2] + 2 * ph or w.shape[3] > x.shape[3] + 2 * pw:
        return
    out, _ = conv_forward(x, w, None, s, (ph, pw))
    np.testing.assert_allclose(out, oracle_conv(x, w, None, s, (ph, pw)), rtol=1e-10, atol=1e-9)


@st.composite
def pool_problems(draw):
    k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    p = (draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2)))
    H = draw(st.integers(max(1, k[0] - 2 * p[0]), 8))
    W = draw(st.integers(max(1, k[1] - 2 * p[1]), 8))
    x = np.random.default_rng(draw(st.integers(0, 2**16))).integers(-3, 4, (2, 2, H, W)).astype(np.float64)
    if draw(st.booleans()):
        x[0, 0, 0, 0] = np.nan
    return x, k, s, p


@FAST
@given(pool_problems())
def test_pooling_matches_the_loops_and_nan_gets_the_gradient(problem):
    from helpers.kernels import maxpool_backward, maxpool_forward

    x, k, s, p = problem
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(helpers.max_pool2d(x, k, s, p), oracle_pool(x, k, s, p, "max"))
        np.testing.assert_allclose(helpers.avg_pool2d(x, k, s, p), oracle_pool(x, k, s, p, "avg"), rtol=1e-12)
    out, cache = maxpool_forward(x, k, s, p)
    np.testing.assert_array_equal(out, oracle_pool(x, k, s, p, "max"))
    dx = maxpool_backward(np.ones_like(out), cache)
    assert dx.sum() == out.size  # every window sends its gradient to exactly one cell
    if np.isnan(x[0, 0, 0, 0]):
        # every window holding the NaN routes its gradient to the NaN (as PyTorch)
        windows = sum(
            1
            for i in range(out.shape[2])
            for j in range(out.shape[3])
            if i * s[0] - p[0] <= 0 < i * s[0] - p[0] + k[0] and j * s[1] - p[1] <= 0 < j * s[1] - p[1] + k[1]
        )
        assert dx[0, 0, 0, 0] == windows


@FAST
@given(conv_problems())
def test_im2col_and_col2im_are_adjoint(problem):
    x, w, s, p, d = problem
    x = x.astype(np.float64)
    k = w.shape[2:]
    cols = helpers.im2col(x, k, s, p, d)
    np.testing.assert_allclose(cols, oracle_im2col(x, k, s, p, d), rtol=1e-12, atol=1e-12)
    c = np.random.default_rng(1).standard_normal(cols.shape)
    back = helpers.col2im(c, x.shape, k, s, p, d)
    assert math.isclose(float(np.sum(cols * c)), float(np.sum(x * back)), rel_tol=1e-9, abs_tol=1e-9)


@FAST
@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_conv_output_size_is_the_formula(size, k, s, p, d):
    if d * (k - 1) + 1 > size + 2 * p:
        with pytest.raises(ValueError, match="kernel"):
            helpers.conv_output_size(size, k, s, p, d)
        return
    assert helpers.conv_output_size(size, k, s, p, d) == oracle_size(size, k, s, p, d)
    shape = helpers.conv2d(np.zeros((size, size)), np.zeros((k, k)), stride=s, padding=p, dilation=d).shape
    assert shape == (oracle_size(size, k, s, p, d),) * 2


if __name__ == "__main__":  # python tests/test_fuzz_core.py: the figures for the closing note
    table, bad = figures()
    kinds = ["correct", "clear error", "unclear", "silent wrong", "crash"]
    print(f"{'area':10}" + "".join(f"{k:>14}" for k in kinds) + f"{'total':>8}")
    for area, counts in table.items():
        print(f"{area:10}" + "".join(f"{counts[k]:>14}" for k in kinds) + f"{sum(counts.values()):>8}")
    print("\n".join(bad))
