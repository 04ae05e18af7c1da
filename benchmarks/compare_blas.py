"""The same benchmarks under two OpenBLAS kernel sets, in alternating runs: how much the kernel matters.

    .venv/bin/python benchmarks/compare_blas.py                   # 2 rounds, conv + pooling
    .venv/bin/python benchmarks/compare_blas.py --rounds 3 --force Haswell

OpenBLAS picks its kernels for the CPU it detects, unless OPENBLAS_CORETYPE forces a set
(common.BLAS_FORCING_VARS). The kernel cannot change inside one process, so this script runs
``run_all.py`` (conv and pooling only, BENCH_NO_TRAINING=1) in child processes, alternating:

    as the environment is  |  the other setting  |  the other setting  |  as it is  | ...

"The other setting" is the environment without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE when
they are set, and OPENBLAS_CORETYPE=<--force> (default Haswell) when they are not. Only the
child processes see the change; the tests and CI never touch these variables. Every child
checks threadpoolctl's ``architecture``, and the table names the kernel that really ran.

Printed per setting: the median over rounds of each float32 helpers/torch ratio (conv (a),
(b), (c) forward+backward, pooling), their geometric mean, and conv (b)'s float32 GEMM rate.
PyTorch does not use numpy's OpenBLAS, so the kernel moves only the helpers side of the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORCING = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
CASES = ("a", "b", "c", "pool")


def settings(force: str) -> list[tuple[str, dict]]:
    """(label, child environment) for the environment as it is and for the other kernel setting."""
    here = dict(os.environ)
    forced = {k: here[k] for k in FORCING if k in here}
    if forced:
        other = {k: v for k, v in here.items() if k not in FORCING}
        return [("as set (" + " ".join(f"{k}={v}" for k, v in forced.items()) + ")", here), ("unset", other)]
    return [("as is (nothing forced)", here), (f"OPENBLAS_CORETYPE={force}", {**here, "OPENBLAS_CORETYPE": force})]


def run_once(env: dict, budget: str) -> dict:
    """One conv + pooling run of run_all.py in a child process; its JSON payload."""
    env = {**env, "BENCH_NO_TRAINING": "1", "BENCH_BUDGET": budget}
    out = subprocess.run(
        [sys.executable, str(HERE / "run_all.py")], env=env, cwd=HERE.parent, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"run_all.py failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return json.loads((HERE / "results" / "bench-latest.json").read_text())


def figures(payload: dict) -> dict:
    """The float32 helpers/torch ratios, their geometric mean, conv (b)'s GEMM rate and the kernel."""
    rows = {(r["shape"], r["group"]): r for r in payload["conv"] + payload["pool"] if r["dtype"] == "float32"}
    got = {k: rows.get((k, "forward+backward"), {}).get("helpers_over_torch") for k in CASES}
    got["geomean"] = payload["summary"].get("geomean")
    got["gemm_b"] = rows.get(("b", "forward"), {}).get("gemm_gflops")
    got["kernel"] = payload["machine"].get("blas_architecture")
    got["load"] = payload["machine"].get("load_average_1_5_15", [None])[0]
    return got


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    parser.add_argument("--force", default="Haswell", help="kernel set to force when none is (default Haswell)")
    parser.add_argument("--budget", default="1", help="BENCH_BUDGET of each child run (default 1 s per group)")
    args = parser.parse_args(argv)
    pair = settings(args.force)
    runs: dict[str, list[dict]] = {label: [] for label, _ in pair}
    start = time.perf_counter()
    for r in range(args.rounds):
        for label, env in pair if r % 2 == 0 else pair[::-1]:
            print(f"round {r + 1}/{args.rounds}: {label} ...", flush=True)
            payload = run_once(env, args.budget)
            if payload["summary"].get("geomean") is None:
                raise SystemExit("PyTorch is needed for the helpers/torch ratios: pip install torch==2.13.0")
            runs[label].append(figures(payload))
    print()
    print(
        f"float32 helpers/torch, forward+backward, medians over {args.rounds} alternating runs "
        f"(threads: {os.environ.get('BENCH_THREADS', '2')}; {time.perf_counter() - start:.0f} s)"
    )
    print(f"{'setting':34} {'kernel':10} {'a':>6} {'b':>6} {'c':>6} {'pool':>6} {'geomean':>8} {'GEMM (b)':>9} load")
    for label, got in runs.items():
        kernels = sorted({g["kernel"] or "?" for g in got})

        def med(key, got=got):
            values = [g[key] for g in got if g[key] is not None]
            return statistics.median(values) if values else float("nan")

        loads = ",".join(f"{g['load']:.1f}" for g in got)
        print(
            f"{label:34} {'/'.join(kernels):10} {med('a'):6.2f} {med('b'):6.2f} {med('c'):6.2f} {med('pool'):6.2f} "
            f"{med('geomean'):8.2f} {med('gemm_b'):6.0f} GF {loads}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
