"""Convolution speed: helpers vs the textbook im2col vs PyTorch CPU, side by side.

    .venv/bin/python benchmarks/bench_conv.py          (or: make bench, which runs everything)

Shapes:
    (a) N=100, C=1, 28x28, 30 filters 5x5             first layer: no input gradient
    (b) N=64, C=16, 32x32, 32 filters 3x3, padding 1
    (c) N=32, C=3, 32x32, 8 filters 5x5

For each shape and dtype (float32, float64), two comparison groups:
    forward           helpers.conv2d  | textbook forward  | torch conv2d (no_grad)  | one float32 GEMM of the
                                                                                      same shape (the ceiling)
    forward+backward  helpers Conv2D layer forward+backward | textbook | torch conv2d + autograd.grad

Effective GFLOP/s = 2*N*F*C*KH*KW*OH*OW per forward (x2 for dW, x3 with dx) / time.
The ceiling is numpy's float32 matrix product for the im2col GEMM of the same
shape, timed in the same interleaved loop: the better of one big product
(F, C*KH*KW) @ (C*KH*KW, N*OH*OW) and N products (F, C*KH*KW) @ (C*KH*KW, OH*OW)
on one image's matrix (in cache): the rate of the arithmetic alone.
"""

from __future__ import annotations

import common  # noqa: F401  (before numpy: sets the thread environment)
import numpy as np  # noqa: E402
from common import TextbookConv, forward_backward, interleaved, load_torch, median_ms, ratio, spread  # noqa: E402

SHAPES = {
    "a": dict(N=100, C=1, H=28, W=28, F=30, K=5, stride=1, pad=0, input_grad=False),
    "b": dict(N=64, C=16, H=32, W=32, F=32, K=3, stride=1, pad=1, input_grad=True),
    "c": dict(N=32, C=3, H=32, W=32, F=8, K=5, stride=1, pad=0, input_grad=True),
}
LABELS = {"a": "conv (a)", "b": "conv (b)", "c": "conv (c)"}
DESCRIPTIONS = {
    "a": "(a) N=100, C=1, 28x28, 30 filters 5x5 (first layer: no input gradient)",
    "b": "(b) N=64, C=16, 32x32, 32 filters 3x3, padding 1",
    "c": "(c) N=32, C=3, 32x32, 8 filters 5x5",
}


def _out_size(s):
    return (s["H"] + 2 * s["pad"] - s["K"]) // s["stride"] + 1, (s["W"] + 2 * s["pad"] - s["K"]) // s["stride"] + 1


def forward_flops(s) -> float:
    oh, ow = _out_size(s)
    return 2.0 * s["N"] * s["F"] * s["C"] * s["K"] * s["K"] * oh * ow


def _helpers_layer(s, W, b, dtype):
    """The helpers Conv2D layer with the given weights; kernels directly if layers.py is absent."""
    try:
        from helpers.layers import Conv2D
    except ImportError:
        from helpers.kernels import conv_backward, conv_forward

        class Conv2D:  # minimal stand-in with the same calls
            def __init__(self, *a, input_grad=True, **k):
                self.input_grad, self.params = input_grad, {}

            def forward(self, x):
                out, self.cache = conv_forward(x, self.params["W"], self.params["b"], s["stride"], s["pad"])
                return out

            def backward(self, dout):
                return conv_backward(dout, self.cache, self.input_grad)[0]

    layer = Conv2D(
        s["C"], s["F"], s["K"], stride=s["stride"], padding=s["pad"], dtype=dtype, input_grad=s["input_grad"]
    )
    layer.params["W"] = W.copy()
    layer.params["b"] = b.copy()
    return layer


def run_shape(key: str, dtype, torch=None, budget=None) -> list[dict]:
    from helpers import conv2d

    s = SHAPES[key]
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((s["N"], s["C"], s["H"], s["W"])).astype(dtype)
    fan_in = s["C"] * s["K"] * s["K"]
    W = (rng.standard_normal((s["F"], s["C"], s["K"], s["K"])) * np.sqrt(2.0 / fan_in)).astype(dtype)
    b = (0.1 * rng.standard_normal(s["F"])).astype(dtype)
    oh, ow = _out_size(s)
    g = rng.standard_normal((s["N"], s["F"], oh, ow)).astype(dtype)
    flops = forward_flops(s)
    stride, pad, need_dx = s["stride"], s["pad"], s["input_grad"]

    layer = _helpers_layer(s, W, b, dtype)
    book = TextbookConv(W, b, stride, pad, input_grad=need_dx)

    # --- correctness first: every competitor computes the same numbers
    ref = conv2d(x.astype(np.float64), W.astype(np.float64), b.astype(np.float64), stride=stride, padding=pad)
    tol = 1e-3 if dtype == np.float32 else 1e-9
    np.testing.assert_allclose(conv2d(x, W, b, stride=stride, padding=pad), ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(layer.forward(x), ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(book.forward(x), ref, rtol=1e-9, atol=1e-9)
    dx_h = layer.backward(g)
    dx_b = book.backward(g)
    if need_dx:
        np.testing.assert_allclose(dx_h, dx_b, rtol=tol, atol=tol)

    # --- the competitors
    fwd = {
        "textbook": lambda: book.forward(x),
        "helpers": lambda: conv2d(x, W, b, stride=stride, padding=pad),
    }

    fb = {"textbook": forward_backward(book, x, g), "helpers": forward_backward(layer, x, g)}
    if torch is not None:
        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        xt = torch.tensor(x, dtype=tdtype, requires_grad=need_dx)
        Wt = torch.tensor(W, dtype=tdtype, requires_grad=True)
        bt = torch.tensor(b, dtype=tdtype, requires_grad=True)
        gt = torch.tensor(g, dtype=tdtype)
        inputs = [xt, Wt, bt] if need_dx else [Wt, bt]
        F = torch.nn.functional

        with torch.no_grad():
            np.testing.assert_allclose(
                F.conv2d(xt, Wt, bt, stride=stride, padding=pad).numpy(), ref, rtol=tol, atol=tol
            )

        def t_fwd():
            with torch.no_grad():
                F.conv2d(xt, Wt, bt, stride=stride, padding=pad)

        def t_fb():
            out = F.conv2d(xt, Wt, bt, stride=stride, padding=pad)
            torch.autograd.grad(out, inputs, gt)

        fwd["torch"] = t_fwd
        fb["torch"] = t_fb

    # The ceiling: numpy float32 GEMM of the im2col shape (measured with the forward group).
    K = s["C"] * s["K"] * s["K"]
    A = rng.standard_normal((s["F"], K)).astype(np.float32)
    B = rng.standard_normal((K, s["N"] * oh * ow)).astype(np.float32)
    B1 = np.ascontiguousarray(B[:, : oh * ow])
    O1 = np.empty((s["F"], oh * ow), dtype=np.float32)

    def gemm_per_image():  # N products of one image's shape, operands in cache
        for _ in range(s["N"]):
            np.matmul(A, B1, out=O1)

    if dtype == np.float32:
        fwd["GEMM one"] = lambda: A @ B
        fwd["GEMM per image"] = gemm_per_image
        fwd["layer"] = lambda: layer.forward(x)  # Conv2D.forward (its output may be a strided view)

    rows = []
    for group, cases, mult in (("forward", fwd, 1), ("forward+backward", fb, 3 if need_dx else 2)):
        times = interleaved(cases, budget=budget)
        row = {
            "shape": key,
            "label": LABELS[key],
            "group": group,
            "dtype": dtype.name,
            "reps": len(times["helpers"]),
            "gflop": flops * mult / 1e9,
        }
        for name in ("helpers", "textbook", "torch"):
            if name in times:
                row[f"{name}_ms"] = median_ms(times[name])
                row[f"{name}_gflops"] = flops * mult / 1e9 / (median_ms(times[name]) / 1e3)
                row[f"{name}_spread"] = spread(times[name])
        row["textbook_over_helpers"] = ratio(times["textbook"], times["helpers"])
        if "torch" in times:
            row["helpers_over_torch"] = ratio(times["helpers"], times["torch"])
        if "GEMM one" in times:
            gemm = {name: flops / 1e9 / (median_ms(times[name]) / 1e3) for name in ("GEMM one", "GEMM per image")}
            row["gemm_one_gflops"] = gemm["GEMM one"]
            row["gemm_per_image_gflops"] = gemm["GEMM per image"]
            row["gemm_gflops"] = max(gemm.values())
            row["helpers_share_of_gemm"] = row["helpers_gflops"] / row["gemm_gflops"]
            row["layer_ms"] = median_ms(times["layer"])
            row["layer_share_of_gemm"] = flops / 1e9 / (row["layer_ms"] / 1e3) / row["gemm_gflops"]
        rows.append(row)
    return rows


def run(torch=None, budget=None, dtypes=(np.float32, np.float64)) -> list[dict]:
    rows = []
    for dtype in dtypes:
        for key in SHAPES:
            rows.extend(run_shape(key, dtype, torch=torch, budget=budget))
    return rows


def main(argv=None):
    from common import describe_environment, machine_info, save_json

    torch = load_torch()
    info = machine_info()
    print(describe_environment(info))
    rows = run(torch=torch)
    for r in rows:
        print(
            f"{r['label']:10} {r['group']:17} {r['dtype']:8} helpers {r['helpers_ms']:8.2f} ms  "
            f"textbook {r['textbook_ms']:8.2f} ms  torch {r.get('torch_ms', float('nan')):8.2f} ms  "
            f"helpers/torch {r.get('helpers_over_torch', float('nan')):5.2f}"
        )
    path = save_json("conv", {"machine": info, "rows": rows})
    print(f"wrote {path}")
    return rows


if __name__ == "__main__":
    main()
