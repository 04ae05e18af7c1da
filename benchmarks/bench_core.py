"""Loops vs. vectorized: conv2d_naive against conv2d, side by side in one process.

    .venv/bin/python benchmarks/bench_core.py

Shape of the foundation issue: N=8, C=3, 32x32 input, 16 filters 3x3, padding 1.
Repetitions are interleaved (naive, vectorized, naive, ...) and the medians compared.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import numpy as np

from helpers import conv2d, conv2d_naive


def measure(repeats: int = 5, dtype=np.float64) -> dict:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 3, 32, 32)).astype(dtype)
    w = rng.normal(size=(16, 3, 3, 3)).astype(dtype)
    b = rng.normal(size=16).astype(dtype)
    np.testing.assert_allclose(conv2d(x, w, b, padding=1), conv2d_naive(x, w, b, padding=1), rtol=1e-4, atol=1e-4)
    naive, fast = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        conv2d_naive(x, w, b, padding=1)
        naive.append(time.perf_counter() - t)
        for _ in range(20):  # the fast one is too quick to time once
            t = time.perf_counter()
            conv2d(x, w, b, padding=1)
            fast.append(time.perf_counter() - t)
    result = {
        "shape": "N=8, C=3, 32x32, 16 filters 3x3, padding 1",
        "dtype": np.dtype(dtype).name,
        "naive_ms": 1e3 * statistics.median(naive),
        "vectorized_ms": 1e3 * statistics.median(fast),
    }
    result["speedup"] = result["naive_ms"] / result["vectorized_ms"]
    return result


def main(argv=None) -> list[dict]:
    results = [measure(dtype=np.float64), measure(dtype=np.float32)]
    print("conv2d_naive vs conv2d (" + results[0]["shape"] + ")")
    print(f"{'dtype':8} {'naive ms':>10} {'vectorized ms':>14} {'speed-up':>9}")
    for r in results:
        print(f"{r['dtype']:8} {r['naive_ms']:10.1f} {r['vectorized_ms']:14.3f} {r['speedup']:8.0f}x")
    return results


if __name__ == "__main__":
    results = main(sys.argv[1:])
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
