"""Training the SimpleConvNet on the offline digits: time per epoch and time to 97% held-out accuracy.

    .venv/bin/python benchmarks/bench_training.py                 # ours, textbook, PyTorch (if installed)
    .venv/bin/python benchmarks/bench_training.py --epochs 15 --textbook-epochs 2
    BENCH_THREADS=1 BENCH_NO_TORCH=1 .venv/bin/python benchmarks/bench_training.py

Network (notebook 08): Conv 30x5x5 -> ReLU -> MaxPool 2 -> Flatten -> Linear 4320->100 -> ReLU ->
Linear 100->10; batch 100, Adam(lr=1e-3), 4,000 training digits per epoch (small random shifts,
as in the notebook), accuracy on the 1,000 held-out digits after every epoch (not timed).

Competitors, side by side in one process:
* **ours**: helpers.layers / helpers.optim in float32 (what notebook 08 trains);
* **textbook**: the im2col CNN as books write it (float64, ``np.pad`` plus a loop over kernel
  offsets, one matrix product; ``common.TextbookConv`` / ``TextbookMaxPool``), with
  Affine / ReLU / softmax-with-loss layers and Adam written out below;
* **torch**: the same architecture in PyTorch on the CPU, float32, ``torch.optim.Adam`` (optional:
  only when ``import torch`` works; never a dependency).

All three start from the same initial weights (ours, He-initialised with seed 0) and see exactly
the same batches (generated once, outside the timed region). Each epoch runs the competitors
back to back, in alternating order (A B C, C B A, ...); we report the median epoch time, the
median of the per-epoch ratios of neighbours, and the training seconds until the held-out
accuracy first reaches 97%.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import common  # noqa: E402  (before numpy: fixes the thread counts; isort keeps c before n)
import numpy as np  # noqa: E402

from helpers.data import load_digits28, random_shift  # noqa: E402
from helpers.layers import SoftmaxCrossEntropy  # noqa: E402
from helpers.model import simple_convnet  # noqa: E402
from helpers.optim import Adam  # noqa: E402

TARGET = 0.97


# --------------------------------------------------------------------------- the textbook network


class TextbookNet:
    """Deep Learning from Scratch's SimpleConvNet, float64: im2col conv, im2col max pool, Affine, Adam."""

    def __init__(self, state: dict, lr: float = 1e-3):
        self.conv = common.TextbookConv(state["0.W"], state["0.b"], input_grad=False)
        self.pool = common.TextbookMaxPool(2, 2)
        # Affine layers hold W as (in, out): out = x @ W + b
        self.params = {
            "W1": self.conv.W,
            "b1": self.conv.b,
            "W2": state["4.W"].astype(np.float64).T.copy(),
            "b2": state["4.b"].astype(np.float64),
            "W3": state["6.W"].astype(np.float64).T.copy(),
            "b3": state["6.b"].astype(np.float64),
        }
        self.lr, self.t = lr, 0
        self.m = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.v = {k: np.zeros_like(v) for k, v in self.params.items()}

    def logits(self, x):
        p = self.params
        h = self.conv.forward(x)
        self.mask1 = h <= 0
        h[self.mask1] = 0
        h = self.pool.forward(h)
        self.pool_shape = h.shape
        self.x2 = h.reshape(h.shape[0], -1)
        h = np.dot(self.x2, p["W2"]) + p["b2"]
        self.mask2 = h <= 0
        h[self.mask2] = 0
        self.x3 = h
        return np.dot(h, p["W3"]) + p["b3"]

    def step(self, x, t):
        z = self.logits(x)
        z = z - z.max(axis=1, keepdims=True)
        y = np.exp(z)
        y /= y.sum(axis=1, keepdims=True)
        n = x.shape[0]
        loss = -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n
        dout = y.copy()
        dout[np.arange(n), t] -= 1
        dout /= n
        p, g = self.params, {}
        g["W3"], g["b3"] = np.dot(self.x3.T, dout), np.sum(dout, axis=0)
        dout = np.dot(dout, p["W3"].T)
        dout[self.mask2] = 0
        g["W2"], g["b2"] = np.dot(self.x2.T, dout), np.sum(dout, axis=0)
        dout = np.dot(dout, p["W2"].T).reshape(self.pool_shape)
        dout = self.pool.backward(dout)
        dout[self.mask1] = 0
        self.conv.backward(dout)
        g["W1"], g["b1"] = self.conv.dW, self.conv.db
        # Adam as in the book (common/optimizer.py)
        self.t += 1
        lr_t = self.lr * np.sqrt(1.0 - 0.999**self.t) / (1.0 - 0.9**self.t)
        for k in p:
            self.m[k] += (1 - 0.9) * (g[k] - self.m[k])
            self.v[k] += (1 - 0.999) * (g[k] ** 2 - self.v[k])
            p[k] -= lr_t * self.m[k] / (np.sqrt(self.v[k]) + 1e-7)
        return loss

    def accuracy(self, x, y, batch=500):
        return float(
            np.mean(
                np.concatenate([self.logits(x[i : i + batch]).argmax(axis=1) for i in range(0, len(x), batch)]) == y
            )
        )


# --------------------------------------------------------------------------- the competitors


class Ours:
    name = "ours (float32)"

    def __init__(self, seed: int):
        self.model = simple_convnet(rng=np.random.default_rng(seed), dtype=np.float32)
        self.opt = Adam(1e-3)
        self.loss = SoftmaxCrossEntropy()

    def epoch(self, batches):
        for xb, yb in batches:
            self.loss.forward(self.model.forward(xb), yb)
            self.model.backward(self.loss.backward())
            self.opt.step(self.model)

    def accuracy(self, x, y):
        return float(np.mean(self.model.predict(x) == y))


class Textbook:
    name = "textbook (float64)"

    def __init__(self, state):
        self.net = TextbookNet(state)

    def epoch(self, batches):
        for xb, yb in batches:
            self.net.step(xb.astype(np.float64), yb)

    def accuracy(self, x, y):
        return self.net.accuracy(x.astype(np.float64), y)


class Torch:
    name = "PyTorch CPU (float32)"

    def __init__(self, torch, state):
        nn = torch.nn
        self.torch = torch
        self.model = nn.Sequential(
            nn.Conv2d(1, 30, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(4320, 100),
            nn.ReLU(),
            nn.Linear(100, 10),
        )
        with torch.no_grad():  # the same initial weights: our layouts are PyTorch's
            for idx in (0, 4, 6):
                self.model[idx].weight.copy_(torch.from_numpy(state[f"{idx}.W"]))
                self.model[idx].bias.copy_(torch.from_numpy(state[f"{idx}.b"]))
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss = nn.CrossEntropyLoss()

    def epoch(self, batches):
        torch = self.torch
        self.model.train()
        for xb, yb in batches:
            self.opt.zero_grad(set_to_none=True)
            loss = self.loss(self.model(torch.from_numpy(xb)), torch.from_numpy(yb))
            loss.backward()
            self.opt.step()

    def accuracy(self, x, y):
        torch = self.torch
        self.model.eval()
        with torch.no_grad():
            pred = torch.cat(
                [self.model(torch.from_numpy(x[i : i + 500])).argmax(1) for i in range(0, len(x), 500)]
            ).numpy()
        return float(np.mean(pred == y))


def make_batches(x, y, epoch: int, batch_size: int = 100, shift: int = 2):
    """The batches of one epoch: a seeded shuffle and seeded random shifts (identical for everyone)."""
    rng = np.random.default_rng(1000 + epoch)
    order = rng.permutation(len(x))
    return [
        (np.ascontiguousarray(random_shift(x[order[i : i + batch_size]], shift, rng=rng)), y[order[i : i + batch_size]])
        for i in range(0, len(x), batch_size)
    ]


def check_same_start(ours, textbook, torch_c, x):
    """Before timing: the three networks compute the same logits from the same weights."""
    ref = ours.model.forward(x).astype(np.float64)
    np.testing.assert_allclose(textbook.net.logits(x.astype(np.float64)), ref, rtol=1e-3, atol=1e-3)
    if torch_c is not None:
        with torch_c.torch.no_grad():
            got = torch_c.model(torch_c.torch.from_numpy(x)).numpy()
        np.testing.assert_allclose(got, ref, rtol=1e-3, atol=1e-3)


# --------------------------------------------------------------------------- the run


def run(epochs: int = 12, textbook_epochs: int = 3, seed: int = 0, verbose: bool = True) -> dict:
    (xt, yt), (xv, yv) = load_digits28()
    torch = common.load_torch()
    ours = Ours(seed)
    state = {name: p.copy() for name, p, _ in ours.model.named_params()}
    comps = {"ours": ours, "textbook": Textbook(state)}
    if torch is not None:
        comps["torch"] = Torch(torch, state)
    check_same_start(ours, comps["textbook"], comps.get("torch"), xv[:50])
    times = {k: [] for k in comps}
    accs = {k: [] for k in comps}
    names = list(comps)
    if verbose:
        print(f"{'epoch':>5} " + " ".join(f"{comps[k].name:>26}" for k in names), flush=True)
    for e in range(epochs):
        batches = make_batches(xt, yt, e)
        order = names if e % 2 == 0 else names[::-1]
        for k in order:
            if k == "textbook" and e >= textbook_epochs:
                continue
            start = time.perf_counter()
            comps[k].epoch(batches)
            times[k].append(time.perf_counter() - start)
            accs[k].append(comps[k].accuracy(xv, yv))
        if verbose:
            cells = []
            for k in names:
                if len(times[k]) > e:
                    cells.append(f"{times[k][e]:7.2f} s, acc {accs[k][e]:.3f}".rjust(26))
                else:
                    cells.append(f"{'—':>26}")
            print(f"{e + 1:>5} " + " ".join(cells), flush=True)

    def time_to(k):
        total = 0.0
        for sec, acc in zip(times[k], accs[k]):
            total += sec
            if acc >= TARGET:
                return total
        return None

    def paired_ratio(a, b):
        n = min(len(times[a]), len(times[b]))
        return statistics.median(times[a][i] / times[b][i] for i in range(n)) if n else None

    result = {
        "network": "SimpleConvNet (Conv 30x5x5, ReLU, MaxPool 2, Flatten, Linear 4320-100, ReLU, Linear 100-10)",
        "setup": f"4000 digits/epoch, batch 100, Adam lr=1e-3, shifts up to 2 px, {common.THREADS} threads",
        "epochs": epochs,
        "ours_epoch_s": statistics.median(times["ours"]),
        "textbook_epoch_s": statistics.median(times["textbook"]),
        "textbook_over_ours_epoch": paired_ratio("textbook", "ours"),
        "ours_time_to_97_s": time_to("ours"),
        "ours_epochs_to_97": next((i + 1 for i, a in enumerate(accs["ours"]) if a >= TARGET), None),
        "ours_best_acc": max(accs["ours"]),
        "ours_final_acc": accs["ours"][-1],
        "torch": torch.__version__ if torch is not None else None,
        "torch_note": common.TORCH_NOTE,
    }
    if torch is not None:
        result.update(
            {
                "torch_epoch_s": statistics.median(times["torch"]),
                "epoch_ratio_ours_over_torch": paired_ratio("ours", "torch"),
                "torch_time_to_97_s": time_to("torch"),
                "torch_epochs_to_97": next((i + 1 for i, a in enumerate(accs["torch"]) if a >= TARGET), None),
                "torch_best_acc": max(accs["torch"]),
            }
        )
    result["times"] = {k: [round(t, 4) for t in v] for k, v in times.items()}
    result["accuracies"] = accs
    return result


def report(r: dict) -> str:
    fmt = lambda v, spec=".2f": "—" if v is None else format(v, spec)  # noqa: E731
    lines = [
        r["network"],
        r["setup"],
        f"time per epoch (median): ours {fmt(r['ours_epoch_s'])} s · textbook {fmt(r['textbook_epoch_s'])} s"
        + (f" · torch {fmt(r.get('torch_epoch_s'))} s" if r.get("torch") else ""),
        f"textbook / ours: {fmt(r['textbook_over_ours_epoch'], '.1f')}x  (target >= 4)",
    ]
    if r.get("torch"):
        ratio = r["epoch_ratio_ours_over_torch"]
        lines.append(
            f"ours / torch (epoch): {fmt(ratio)}  (target <= 1.3: "
            f"{'met' if ratio is not None and ratio <= 1.3 else 'missed'})"
        )
    else:
        lines.append(f"PyTorch: {r['torch_note']}")
    t97 = r["ours_time_to_97_s"]
    lines.append(
        f"ours: 97% held-out after {fmt(r['ours_epochs_to_97'], 'd') if r['ours_epochs_to_97'] else '—'} "
        f"epochs, {fmt(t97, '.1f')} s of training (target < 15 s: "
        f"{'met' if t97 is not None and t97 < 15 else 'missed'}); best {r['ours_best_acc']:.3f}"
    )
    if r.get("torch"):
        lines.append(
            f"torch: 97% after {r['torch_epochs_to_97'] or '—'} epochs, "
            f"{fmt(r['torch_time_to_97_s'], '.1f')} s; best {r['torch_best_acc']:.3f}"
        )
    return "\n".join(lines)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument(
        "--textbook-epochs",
        type=int,
        default=3,
        help="epochs of the slow textbook network (its time per epoch; default 3)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="also write benchmarks/results/training-*.json")
    args = parser.parse_args(argv)
    info = common.machine_info()
    print(common.describe_environment(info), flush=True)
    result = run(args.epochs, args.textbook_epochs, args.seed)
    print(report(result), flush=True)
    if args.json:
        print("written", common.save_json("training", {"machine": info, "result": result}))
    return result


if __name__ == "__main__":
    main()
