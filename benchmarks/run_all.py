"""make bench: every speed comparison in one process, one table, one JSON file.

    make bench                                   (= .venv/bin/python benchmarks/run_all.py)
    BENCH_THREADS=1 make bench                   other thread count (default 2)
    BENCH_BUDGET=1 make bench                    shorter run (seconds of timing per comparison group, default 2)
    BENCH_NO_TORCH=1 make bench                  without PyTorch even if installed
    BENCH_NO_TRAINING=1 make bench               convolution and pooling only (skips bench_training.py)

Runs benchmarks/bench_conv.py (conv forward and forward+backward, 3 shapes, float32/float64),
benchmarks/bench_pool.py (max pooling 2x2 forward+backward), benchmarks/bench_extras.py
(depthwise convolution via groups vs a loop over channels, conv_transpose2d vs a naive scatter) and, when it exists,
benchmarks/bench_training.py (SimpleConvNet epoch and time to 97%), then prints the
table and the speed targets (TARGETS below), and writes benchmarks/results/bench-<time>.json
(and bench-latest.json).  PyTorch is optional: without it the torch columns stay empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import importlib  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from contextlib import redirect_stdout  # noqa: E402

import common  # noqa: E402  (before numpy: fixes the thread counts; isort keeps c before n)
import numpy as np  # noqa: E402

TARGETS = {
    "geomean": 1.5,  # geometric mean of helpers/torch, conv (a), (b), (c) fwd+bwd and pooling, float32
    "pool": 1.0,  # pooling helpers/torch, float32
    "epoch": 1.3,  # training epoch helpers/torch, float32
    "gemm_share": 0.60,  # conv (b) forward: helpers GFLOP/s / GEMM GFLOP/s, float32
}


def _fmt(v, spec=".2f", none="—"):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return none
    return format(v, spec)


def run_training(torch):
    """Call benchmarks/bench_training.py's main() if the file exists; return (result, note)."""
    path = Path(__file__).resolve().parent / "bench_training.py"
    if not path.exists():
        return None, "benchmarks/bench_training.py is not there yet: training figures skipped"
    try:
        mod = importlib.import_module("bench_training")
        fn = getattr(mod, "main", None)
        if fn is None:
            return None, "bench_training.py has no main(): training figures skipped"
        params = inspect.signature(fn).parameters
        buf = io.StringIO()
        with redirect_stdout(buf):
            result = fn([]) if params else fn()
        return {"result": result, "output": buf.getvalue()}, ""
    except SystemExit as exc:
        return None, f"bench_training.py exited ({exc})"
    except Exception:
        return None, "bench_training.py failed:\n" + traceback.format_exc(limit=3)


def _training_rows(training):
    """Pull the numbers out of bench_training's result: a dict (possibly nested one level) or a list of dicts."""
    if training is None:
        return []
    result = training["result"]
    if isinstance(result, dict):
        items = [result]
    elif isinstance(result, (list, tuple)):
        items = [r for r in result if isinstance(r, dict)]
    else:
        items = []
    rows = []
    for item in items:
        flat = {}
        for k, v in item.items():
            if isinstance(v, dict):
                flat.update({f"{k}.{kk}": vv for kk, vv in v.items()})
            else:
                flat[k] = v
        rows.append(flat)
    return rows


def _epoch_ratio(rows):
    for row in rows:
        for k, v in row.items():
            key = k.lower()
            if ("ratio" in key or "over" in key or "/" in key) and "torch" in key and "epoch" in key:
                if isinstance(v, (int, float)):
                    return float(v)
    return None


def _busy_note(info):
    load = (info.get("load_average_1_5_15") or [0])[0]
    cpus = info.get("logical_cpus") or 1
    if load > cpus:
        return (
            f"the machine is busy (load {load:.1f} on {cpus} CPUs): other processes compete for the cores. "
            f"Ratios from interleaved medians stay usable; multi-threaded BLAS calls can stall "
            f"(a thread waits for a descheduled partner). Compare BENCH_THREADS=1, or rerun when quiet."
        )
    return ""


def print_table(conv_rows, pool_rows, training, training_note, info, elapsed, extra_rows=()):
    out = []
    w = out.append
    w("")
    w("=" * 104)
    w("make bench: helpers vs textbook im2col (float64) vs PyTorch CPU; medians of interleaved repetitions")
    w(common.describe_environment(info))
    if common.TORCH_NOTE:
        w("NOTE: " + common.TORCH_NOTE)
    if common.blas_warning(info):
        w("WARNING: " + common.blas_warning(info))
    busy = _busy_note(info)
    if busy:
        w("NOTE: " + busy)
    w("=" * 104)
    import bench_conv
    import bench_pool

    for key in bench_conv.DESCRIPTIONS:
        w("conv " + bench_conv.DESCRIPTIONS[key])
    w(bench_pool.DESCRIPTION)
    if extra_rows:
        import bench_extras

        for text in bench_extras.DESCRIPTIONS.values():
            w(text)
    w("-" * 104)
    head = (
        f"{'case':26} {'dtype':7} {'helpers':>9} {'textbook':>9} {'torch':>9} {'helpers/':>9} {'textbook/':>9}"
        f" {'helpers':>8} {'torch':>7} {'GEMM':>7}"
    )
    head2 = (
        f"{'':26} {'':7} {'ms':>9} {'ms':>9} {'ms':>9} {'torch':>9} {'helpers':>9}"
        f" {'GFLOP/s':>8} {'GFLOP/s':>7} {'GFLOP/s':>7}"
    )
    w(head)
    w(head2)
    w("-" * 104)
    for r in conv_rows + pool_rows + list(extra_rows):
        case = f"{r['label']} {'forward' if r['group'] == 'forward' else 'forward+backward'}"
        w(
            f"{case:26} {r['dtype']:7} {_fmt(r.get('helpers_ms')):>9} {_fmt(r.get('textbook_ms')):>9} "
            f"{_fmt(r.get('torch_ms')):>9} {_fmt(r.get('helpers_over_torch')):>9} "
            f"{_fmt(r.get('textbook_over_helpers'), '.1f'):>9} {_fmt(r.get('helpers_gflops'), '.0f'):>8} "
            f"{_fmt(r.get('torch_gflops'), '.0f'):>7} {_fmt(r.get('gemm_gflops'), '.0f'):>7}"
        )
    w("-" * 104)
    w(
        "GEMM GFLOP/s: numpy float32 im2col product of the same shape, the better of one (F, C*KH*KW) @ (C*KH*KW, N*OH*OW)"
    )
    w("and N per-image products on a matrix in cache; timed in the forward group. helpers/torch and textbook/helpers")
    w("are medians of per-repetition ratios.")

    trows = _training_rows(training)
    if trows:
        w("")
        w("SimpleConvNet training (benchmarks/bench_training.py):")
        for row in trows:
            scalars = [(k, v) for k, v in row.items() if not isinstance(v, (list, tuple, dict)) and v not in ("", None)]
            for k, v in scalars:
                if isinstance(v, str):
                    w(f"  {k}: {v}")
            scalars = [(k, v) for k, v in scalars if not isinstance(v, str)]
            for i in range(0, len(scalars), 3):  # lists (per-epoch times, accuracies) stay in the JSON
                w(
                    "  "
                    + "   ".join(
                        f"{k} = {_fmt(v, '.3g') if isinstance(v, float) else v}" for k, v in scalars[i : i + 3]
                    )
                )
    elif training is not None and training.get("output"):
        w("")
        w("SimpleConvNet training (benchmarks/bench_training.py output):")
        out.extend("  " + line for line in training["output"].rstrip().splitlines())
    if training_note:
        w("")
        w("NOTE: " + training_note)

    # ---- targets (float32)
    summary = {}
    f32 = {(r["shape"], r["group"]): r for r in conv_rows + pool_rows if r["dtype"] == "float32"}
    fb = [f32.get((k, "forward+backward"), {}).get("helpers_over_torch") for k in ("a", "b", "c", "pool")]
    w("")
    w("Targets (float32, medians of helpers/torch):")
    if all(v is not None for v in fb):
        gm = common.geomean(fb)
        summary["geomean"] = gm
        w(
            f"  geometric mean of conv (a), (b), (c) fwd+bwd and pooling: {gm:.2f}  (target <= {TARGETS['geomean']})"
            f"  {'met' if gm <= TARGETS['geomean'] else 'MISSED by %.0f%%' % (100 * (gm / TARGETS['geomean'] - 1))}"
            f"   [a {fb[0]:.2f}, b {fb[1]:.2f}, c {fb[2]:.2f}, pool {fb[3]:.2f}]"
        )
        p = fb[3]
        summary["pool"] = p
        w(
            f"  pooling: {p:.2f}  (target <= {TARGETS['pool']})  "
            f"{'met' if p <= TARGETS['pool'] else 'MISSED by %.0f%%' % (100 * (p / TARGETS['pool'] - 1))}"
        )
    else:
        w("  helpers/torch ratios need PyTorch: not measured")
    epoch = _epoch_ratio(trows)
    if epoch is not None:
        summary["epoch"] = epoch
        w(
            f"  training epoch: {epoch:.2f}  (target <= {TARGETS['epoch']})  "
            f"{'met' if epoch <= TARGETS['epoch'] else 'MISSED by %.0f%%' % (100 * (epoch / TARGETS['epoch'] - 1))}"
        )
    else:
        w("  training epoch: see the training lines above (bench_training.py reports it)")
    b_fwd = f32.get(("b", "forward"), {})
    if "helpers_share_of_gemm" in b_fwd:
        share = b_fwd["helpers_share_of_gemm"]
        summary["gemm_share"] = share
        w(
            f"  conv (b) forward: {b_fwd['helpers_gflops']:.0f} GFLOP/s = {100 * share:.0f}% of the GEMM's "
            f"{b_fwd['gemm_gflops']:.0f} GFLOP/s  (target >= {100 * TARGETS['gemm_share']:.0f}%)  "
            f"{'met' if share >= TARGETS['gemm_share'] else 'MISSED by %.0f points' % (100 * (TARGETS['gemm_share'] - share))}"
        )
        if "layer_share_of_gemm" in b_fwd:
            w(
                f"    (the Conv2D layer's forward, whose output is a strided view instead of a contiguous copy: "
                f"{b_fwd['layer_ms']:.2f} ms = {100 * b_fwd['layer_share_of_gemm']:.0f}% of the GEMM)"
            )
    load = info.get("load_average_1_5_15")
    w("")
    w(
        f"load average at start {load}, at end {[round(v, 2) for v in common.os.getloadavg()]}; "
        f"total {elapsed:.0f} s. On a shared machine rerun when it is quiet: medians resist noise, not saturation."
    )
    text = "\n".join(out)
    print(text)
    return text, summary


def main(argv=None):
    start = time.perf_counter()
    torch = common.load_torch()
    info = common.machine_info()
    print(common.describe_environment(info))
    if common.TORCH_NOTE:
        print("NOTE: " + common.TORCH_NOTE)
    if common.blas_warning(info):
        print("WARNING: " + common.blas_warning(info), flush=True)
    import bench_conv
    import bench_pool

    print("conv ...", flush=True)
    conv_rows = bench_conv.run(torch=torch)
    print("pooling ...", flush=True)
    pool_rows = bench_pool.run(torch=torch)
    print("depthwise and transposed convolution ...", flush=True)
    import bench_extras

    extra_rows = bench_extras.run(torch=torch)
    if os.environ.get("BENCH_NO_TRAINING"):
        training, training_note = None, "training skipped (BENCH_NO_TRAINING is set)"
    else:
        print("training ...", flush=True)
        training, training_note = run_training(torch)
    elapsed = time.perf_counter() - start
    text, summary = print_table(conv_rows, pool_rows, training, training_note, info, elapsed, extra_rows)
    payload = {
        "machine": info,
        "load_average_end": list(common.os.getloadavg()),
        "seconds": elapsed,
        "conv": conv_rows,
        "pool": pool_rows,
        "extras": extra_rows,
        "training": training,
        "training_note": training_note,
        "targets": TARGETS,
        "summary": summary,
        "table": text,
    }
    path = common.save_json("bench", payload)
    print(f"\nwrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return payload


if __name__ == "__main__":
    main(sys.argv[1:])
