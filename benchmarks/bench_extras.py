"""Grouped (depthwise) and transposed convolution: helpers vs the textbook way vs PyTorch.

    .venv/bin/python benchmarks/bench_extras.py          (or: make bench, which prints these rows too)

(d) depthwise 3x3, padding 1, on (32, 32, 32, 32): one 3x3 kernel per channel (groups = C = F = 32),
    MobileNet's first half of a block.
    forward:          helpers.conv2d(x, w, padding=1, groups=32)  | textbook: a loop over the 32 channels,
                      each an ordinary one-channel im2col convolution (TextbookConv)  | torch conv2d(groups=32)
    forward+backward: the Conv2D(32, 32, 3, padding=1, groups=32) layer | the same loop of 32 textbook layers |
                      torch conv2d(groups=32) + autograd.grad
(t) transposed 3x3, stride 2, padding 1, output_padding 1: (32, 32, 16, 16) -> (32, 16, 32, 32), a decoder's
    upsampling step.
    forward:          helpers.conv_transpose2d (one product + col2im) | textbook: the naive scatter, a loop
                      over the 16x16 input cells, each adding x[:, :, i, j] (x) w at (2i, 2j) | torch
                      conv_transpose2d
    forward+backward: the ConvTranspose2D layer | (no textbook) | torch conv_transpose2d + autograd.grad

Effective GFLOP/s = 2 * (multiply-adds) per forward, x3 with both gradients:
depthwise 2*N*C*KH*KW*OH*OW, transposed 2*N*C_in*C_out*KH*KW*H*W.  Every competitor's output
(and gradients) is checked against helpers in float64 before timing.
"""

from __future__ import annotations

import common  # noqa: F401  (before numpy: sets the thread environment)
import numpy as np  # noqa: E402
from common import TextbookConv, forward_backward, interleaved, load_torch, median_ms, ratio, spread  # noqa: E402

DW = dict(N=32, C=32, H=32, W=32, K=3, P=1)
TR = dict(N=32, C_in=32, C_out=16, H=16, W=16, K=3, S=2, P=1, A=1)
DESCRIPTIONS = {
    "d": "depthwise (d): 3x3, padding 1, groups=32 on (32, 32, 32, 32); textbook = loop over channels",
    "t": "transpose (t): 3x3, stride 2, padding 1, output_padding 1, (32, 32, 16, 16) -> (32, 16, 32, 32); "
    "textbook = naive scatter loop",
}


class LoopOverChannels:
    """The textbook depthwise convolution: one ordinary one-channel convolution per channel."""

    def __init__(self, W, pad):
        self.layers = [TextbookConv(W[c : c + 1], np.zeros(1), 1, pad) for c in range(W.shape[0])]

    def forward(self, x):
        return np.concatenate([layer.forward(x[:, c : c + 1]) for c, layer in enumerate(self.layers)], axis=1)

    def backward(self, dout):
        return np.concatenate([layer.backward(dout[:, c : c + 1]) for c, layer in enumerate(self.layers)], axis=1)


def scatter_transpose(x, w, S, P, A):
    """The naive transposed convolution: every input cell adds its value times the kernel at (i*S, j*S)."""
    N, C, H, W = x.shape
    _, F, K, _ = w.shape
    full = np.zeros((N, F, (H - 1) * S + K + A, (W - 1) * S + K + A), dtype=np.result_type(x, w))
    for i in range(H):
        for j in range(W):
            full[:, :, i * S : i * S + K, j * S : j * S + K] += np.tensordot(x[:, :, i, j], w, axes=(1, 0))
    OH, OW = full.shape[2] - 2 * P, full.shape[3] - 2 * P
    return full[:, :, P : P + OH, P : P + OW]


def _row(key, label, group, dtype, times, flops):
    row = {"shape": key, "label": label, "group": group, "dtype": np.dtype(dtype).name, "reps": len(times["helpers"])}
    for name in ("helpers", "textbook", "torch"):
        if name in times:
            row[f"{name}_ms"] = median_ms(times[name])
            row[f"{name}_spread"] = spread(times[name])
            row[f"{name}_gflops"] = flops / (row[f"{name}_ms"] * 1e6)
    if "textbook" in times:
        row["textbook_over_helpers"] = ratio(times["textbook"], times["helpers"])
    if "torch" in times:
        row["helpers_over_torch"] = ratio(times["helpers"], times["torch"])
    return row


def run_depthwise(dtype, torch=None, budget=None) -> list[dict]:
    from helpers import conv2d
    from helpers.layers import Conv2D

    N, C, H, W, K, P = (DW[k] for k in ("N", "C", "H", "W", "K", "P"))
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((C, 1, K, K)).astype(dtype)
    g = rng.standard_normal((N, C, H, W)).astype(dtype)
    layer = Conv2D(C, C, K, padding=P, groups=C, dtype=dtype)
    layer.params["W"][...] = w
    book = LoopOverChannels(w, P)
    ref = conv2d(x.astype(np.float64), w.astype(np.float64), padding=P, groups=C)
    tol = 1e-3 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(conv2d(x, w, padding=P, groups=C), ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(book.forward(x), ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(layer.forward(x), ref, rtol=tol, atol=tol)
    dx_h = layer.backward(g)
    np.testing.assert_allclose(book.backward(g), dx_h, rtol=tol, atol=tol)
    np.testing.assert_allclose(
        np.concatenate([lay.dW for lay in book.layers]), layer.grads["W"], rtol=tol, atol=tol * N * H * W
    )

    fwd = {"textbook": lambda: book.forward(x), "helpers": lambda: conv2d(x, w, padding=P, groups=C)}
    fb = {"textbook": forward_backward(book, x, g), "helpers": forward_backward(layer, x, g)}
    if torch is not None:
        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        xt = torch.tensor(x, dtype=tdtype, requires_grad=True)
        wt = torch.tensor(w, dtype=tdtype, requires_grad=True)
        gt = torch.tensor(g, dtype=tdtype)
        with torch.no_grad():
            out = torch.nn.functional.conv2d(xt, wt, padding=P, groups=C)
        np.testing.assert_allclose(out.numpy(), ref, rtol=tol, atol=tol)

        def t_fwd():
            with torch.no_grad():
                torch.nn.functional.conv2d(xt, wt, padding=P, groups=C)

        def t_fb():
            out = torch.nn.functional.conv2d(xt, wt, padding=P, groups=C)
            torch.autograd.grad(out, [xt, wt], gt)

        fwd["torch"], fb["torch"] = t_fwd, t_fb
    flops = 2 * N * C * K * K * H * W
    return [
        _row("d", "depthwise", "forward", dtype, interleaved(fwd, budget=budget), flops),
        _row("d", "depthwise", "forward+backward", dtype, interleaved(fb, budget=budget), 3 * flops),
    ]


def run_transpose(dtype, torch=None, budget=None) -> list[dict]:
    from helpers import conv_transpose2d
    from helpers.layers import ConvTranspose2D

    N, C, F, H, W, K, S, P, A = (TR[k] for k in ("N", "C_in", "C_out", "H", "W", "K", "S", "P", "A"))
    rng = np.random.default_rng(1)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((C, F, K, K)).astype(dtype)
    layer = ConvTranspose2D(C, F, K, S, P, A, dtype=dtype, bias=False)
    layer.params["W"][...] = w
    ref = conv_transpose2d(x.astype(np.float64), w.astype(np.float64), None, S, P, A)
    g = rng.standard_normal(ref.shape).astype(dtype)
    tol = 1e-3 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(conv_transpose2d(x, w, None, S, P, A), ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(scatter_transpose(x, w, S, P, A), ref, rtol=tol, atol=tol)
    np.testing.assert_allclose(layer.forward(x), ref, rtol=tol, atol=tol)
    layer.backward(g)

    fwd = {
        "textbook": lambda: scatter_transpose(x, w, S, P, A),
        "helpers": lambda: conv_transpose2d(x, w, None, S, P, A),
    }
    fb = {"helpers": forward_backward(layer, x, g)}
    if torch is not None:
        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        xt = torch.tensor(x, dtype=tdtype, requires_grad=True)
        wt = torch.tensor(w, dtype=tdtype, requires_grad=True)
        gt = torch.tensor(g, dtype=tdtype)
        ct = torch.nn.functional.conv_transpose2d
        with torch.no_grad():
            np.testing.assert_allclose(ct(xt, wt, None, S, P, A).numpy(), ref, rtol=tol, atol=tol)
        dx_t, dw_t = torch.autograd.grad(ct(xt, wt, None, S, P, A), [xt, wt], gt)
        dx_h = layer.backward(g)
        np.testing.assert_allclose(dx_t.numpy(), dx_h, rtol=tol, atol=tol * 10)
        np.testing.assert_allclose(dw_t.numpy(), layer.grads["W"], rtol=tol, atol=tol * N * H * W)

        def t_fwd():
            with torch.no_grad():
                ct(xt, wt, None, S, P, A)

        def t_fb():
            torch.autograd.grad(ct(xt, wt, None, S, P, A), [xt, wt], gt)

        fwd["torch"], fb["torch"] = t_fwd, t_fb
    flops = 2 * N * C * F * K * K * H * W
    return [
        _row("t", "transpose", "forward", dtype, interleaved(fwd, budget=budget), flops),
        _row("t", "transpose", "forward+backward", dtype, interleaved(fb, budget=budget), 3 * flops),
    ]


def run(torch=None, budget=None, dtypes=(np.float32, np.float64)) -> list[dict]:
    rows = []
    for d in dtypes:
        rows += run_depthwise(d, torch=torch, budget=budget)
    for d in dtypes:
        rows += run_transpose(d, torch=torch, budget=budget)
    return rows


def main(argv=None):
    from common import describe_environment, machine_info, save_json

    torch = load_torch()
    info = machine_info()
    print(describe_environment(info))
    if common.TORCH_NOTE:
        print("NOTE: " + common.TORCH_NOTE)
    rows = run(torch=torch)
    for r in rows:
        print(
            f"{r['label']:10} {r['group']:17} {r['dtype']:8} helpers {r['helpers_ms']:8.2f} ms"
            f"  textbook {r.get('textbook_ms', float('nan')):8.2f} ms  torch {r.get('torch_ms', float('nan')):7.2f} ms"
            f"  textbook/helpers {r.get('textbook_over_helpers', float('nan')):5.1f}"
            f"  helpers/torch {r.get('helpers_over_torch', float('nan')):5.2f}  helpers {r['helpers_gflops']:5.1f} GFLOP/s"
        )
    path = save_json("extras", {"machine": info, "rows": rows})
    print(f"wrote {path}")
    return rows


if __name__ == "__main__":
    main()
