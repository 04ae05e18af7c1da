"""Max pooling 2x2 (stride 2), forward+backward, on (100, 30, 24, 24): helpers vs textbook vs PyTorch.

    .venv/bin/python benchmarks/bench_pool.py          (or: make bench)

(100, 30, 24, 24) is what SimpleConvNet's first convolution hands to its pooling
layer for a batch of 100 digits.  helpers: the MaxPool2D layer (strided slices,
one per window offset); textbook: im2col + argmax + col2im; torch: max_pool2d
with autograd.  float32 and float64.
"""

from __future__ import annotations

import common  # noqa: F401  (before numpy: sets the thread environment)
import numpy as np  # noqa: E402
from common import TextbookMaxPool, forward_backward, interleaved, load_torch, median_ms, ratio, spread  # noqa: E402

SHAPE = (100, 30, 24, 24)
LABEL = "max pool"
DESCRIPTION = "max pool: 2x2, stride 2, forward+backward on (100, 30, 24, 24), ReLU-like input (many ties)"


def _helpers_pool():
    try:
        from helpers.layers import MaxPool2D

        return MaxPool2D(2, 2)
    except ImportError:
        from helpers.kernels import maxpool_backward, maxpool_forward

        class MaxPool2D:
            def forward(self, x):
                out, self.cache = maxpool_forward(x, 2, 2)
                return out

            def backward(self, dout):
                return maxpool_backward(dout, self.cache)

        return MaxPool2D()


def run_dtype(dtype, torch=None, budget=None) -> dict:
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(0)
    # ReLU outputs (as in the network): about half the cells are 0, so ties are common.
    x = np.maximum(rng.standard_normal(SHAPE), 0).astype(dtype)
    g = rng.standard_normal((SHAPE[0], SHAPE[1], SHAPE[2] // 2, SHAPE[3] // 2)).astype(dtype)
    layer = _helpers_pool()
    book = TextbookMaxPool(2, 2)
    np.testing.assert_array_equal(layer.forward(x), book.forward(x))
    dx_h = layer.backward(g)
    dx_b = book.backward(g)
    np.testing.assert_allclose(dx_h, dx_b, rtol=1e-6)

    cases = {"textbook": forward_backward(book, x, g), "helpers": forward_backward(layer, x, g)}
    if torch is not None:
        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        xt = torch.tensor(x, dtype=tdtype, requires_grad=True)
        gt = torch.tensor(g, dtype=tdtype)
        out = torch.nn.functional.max_pool2d(xt, 2, 2)
        np.testing.assert_array_equal(out.detach().numpy(), layer.forward(x))
        (dx_t,) = torch.autograd.grad(out, [xt], gt)
        np.testing.assert_allclose(dx_t.numpy(), dx_h, rtol=1e-6)  # same tie rule as PyTorch

        def t():
            out = torch.nn.functional.max_pool2d(xt, 2, 2)
            torch.autograd.grad(out, [xt], gt)

        cases["torch"] = t
    times = interleaved(cases, budget=budget)
    row = {
        "shape": "pool",
        "label": LABEL,
        "group": "forward+backward",
        "dtype": dtype.name,
        "reps": len(times["helpers"]),
    }
    for name in ("helpers", "textbook", "torch"):
        if name in times:
            row[f"{name}_ms"] = median_ms(times[name])
            row[f"{name}_spread"] = spread(times[name])
    row["textbook_over_helpers"] = ratio(times["textbook"], times["helpers"])
    if "torch" in times:
        row["helpers_over_torch"] = ratio(times["helpers"], times["torch"])
    return row


def run(torch=None, budget=None, dtypes=(np.float32, np.float64)) -> list[dict]:
    return [run_dtype(d, torch=torch, budget=budget) for d in dtypes]


def main(argv=None):
    from common import describe_environment, machine_info, save_json

    torch = load_torch()
    info = machine_info()
    print(describe_environment(info))
    rows = run(torch=torch)
    for r in rows:
        print(
            f"{r['label']} {r['dtype']}: helpers {r['helpers_ms']:.2f} ms, textbook {r['textbook_ms']:.2f} ms, "
            f"torch {r.get('torch_ms', float('nan')):.2f} ms, helpers/torch {r.get('helpers_over_torch', float('nan')):.2f}"
        )
    path = save_json("pool", {"machine": info, "rows": rows})
    print(f"wrote {path}")
    return rows


if __name__ == "__main__":
    main()
