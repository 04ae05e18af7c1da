"""Shared machinery of the benchmarks: fixed threads, interleaved timing, the textbook baseline.

Import this module BEFORE numpy (or anything that imports numpy): it fixes the
thread counts of every BLAS/OpenMP library through environment variables, which
only take effect when those libraries load.

    BENCH_THREADS=2            threads for numpy's BLAS and for PyTorch (default 2)
    BENCH_BUDGET=2             seconds of timing per comparison group (default 2)
    BENCH_NO_TORCH=1           skip PyTorch even when it is installed
    BENCH_TIME_LIMIT=120       after this many seconds, remaining groups use the minimum repetitions

Which BLAS kernel ran is part of every result: OpenBLAS picks its kernels for the CPU it
detects (threadpoolctl's ``architecture``, e.g. SkylakeX on an AVX-512 Xeon), unless
OPENBLAS_CORETYPE forces one (some machine images set OPENBLAS_CORETYPE=Haswell, which
makes numpy's float32 products about half as fast on such a CPU). ``machine_info`` records
it, ``describe_environment`` prints it and ``blas_warning`` says when it is forced. The
benchmarks never change these variables.

Timing rules (speed is measured here, never in unit tests): every competitor of one
comparison runs in the same process, in interleaved repetitions (A B C, C B A, A B C, ...:
neighbours stay neighbours, and a drift in machine load hits everyone alike); we report
medians of the times and the median of the per-repetition ratios of adjacent pairs
(helpers vs PyTorch, textbook vs helpers).
"""

from __future__ import annotations

import os
import sys

THREADS = int(os.environ.get("BENCH_THREADS", "2"))
# OPENBLAS_THREAD_TIMEOUT=n: an idle OpenBLAS thread spins 2**n cycles before it sleeps
# (default n=28, about 0.1 s, during which it would steal a core from PyTorch's next run).
# n=20 is about 0.3 ms: long enough to bridge the back-to-back matrix products inside one
# convolution, short enough that the threads sleep before the other side starts. (n=4,
# the minimum, makes every product wake its threads: on a busy machine that stalls.)
THREAD_ENV = {
    "OMP_NUM_THREADS": str(THREADS),
    "OPENBLAS_NUM_THREADS": str(THREADS),
    "MKL_NUM_THREADS": str(THREADS),
    "NUMEXPR_NUM_THREADS": str(THREADS),
    "VECLIB_MAXIMUM_THREADS": str(THREADS),
    "OPENBLAS_THREAD_TIMEOUT": os.environ.get("BENCH_OPENBLAS_THREAD_TIMEOUT", "20"),
}
_LATE = "numpy" in sys.modules
os.environ.update(THREAD_ENV)

import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
BUDGET = float(os.environ.get("BENCH_BUDGET", "2"))
# make bench must finish in under 5 minutes: past this many seconds (a slow or busy
# machine), every further group runs with the minimum of repetitions.
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "120"))
START = time.perf_counter()

if _LATE:  # numpy was imported before us: the environment came too late, limit the pools directly
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(THREADS)
    except ImportError:  # pragma: no cover
        pass


# --------------------------------------------------------------------------- PyTorch (optional)

_TORCH = None
TORCH_NOTE = ""


def load_torch():
    """PyTorch with THREADS threads, or None (and TORCH_NOTE says why). Never required."""
    global _TORCH, TORCH_NOTE
    if _TORCH is not None or TORCH_NOTE:
        return _TORCH
    if os.environ.get("BENCH_NO_TORCH"):
        TORCH_NOTE = "PyTorch skipped (BENCH_NO_TORCH is set)"
        return None
    try:
        import torch
    except Exception as exc:  # ImportError, or a broken install
        TORCH_NOTE = (
            f"PyTorch not available ({type(exc).__name__}: {exc}); the torch columns are empty. "
            f"To compare: .venv/bin/pip install torch==2.13.0"
        )
        return None
    torch.set_num_threads(THREADS)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    _TORCH = torch
    return torch


# --------------------------------------------------------------------------- environment


def machine_info() -> dict:
    info = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "threads": THREADS,
        "thread_env": dict(THREAD_ENV),
        "load_average_1_5_15": [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    try:
        from threadpoolctl import threadpool_info

        info["thread_pools"] = [
            {k: p.get(k) for k in ("internal_api", "prefix", "version", "num_threads", "architecture")}
            for p in threadpool_info()
        ]
    except Exception:  # pragma: no cover - threadpoolctl is optional here
        pass
    info["blas_forced_by"] = {k: os.environ[k] for k in BLAS_FORCING_VARS if k in os.environ}
    info["blas_architecture"] = numpy_blas_architecture(info)
    if info["blas_forced_by"]:
        info["blas_native_architecture"] = native_blas_architecture()
    torch = load_torch()
    info["torch"] = torch.__version__ if torch is not None else None
    if torch is not None:
        info["torch_threads"] = torch.get_num_threads()
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe_environment(info: dict) -> str:
    pools = ", ".join(
        f"{p['prefix']} {p.get('version') or ''} ({p['num_threads']} threads)".replace("  ", " ")
        for p in info.get("thread_pools", [])
    )
    load = info["load_average_1_5_15"]
    return (
        f"CPU: {info['cpu']} ({info['logical_cpus']} logical CPUs); load average (1/5/15 min) {load}\n"
        f"threads: {info['threads']} for every library; thread pools: {pools}\n"
        f"{describe_blas(info)}\n"
        f"env: " + " ".join(f"{k}={v}" for k, v in info["thread_env"].items()) + "\n"
        f"python {info['python']}, numpy {info['numpy']}, torch {info['torch'] or '(not installed)'}"
    )


# --------------------------------------------------------------------------- which BLAS kernel runs

# Variables that make OpenBLAS assume a CPU instead of detecting it (read when it loads).
BLAS_FORCING_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def numpy_blas_architecture(info: dict) -> str | None:
    """The kernel set of numpy's OpenBLAS (threadpoolctl's ``architecture``), or None if unknown."""
    for pool in info.get("thread_pools", []):
        if pool.get("internal_api") == "openblas" and pool.get("architecture"):
            return pool["architecture"]
    return None


def native_blas_architecture() -> str | None:
    """The kernel OpenBLAS picks by itself here: asked of a child Python without BLAS_FORCING_VARS."""
    env = {k: v for k, v in os.environ.items() if k not in BLAS_FORCING_VARS}
    code = (
        "import numpy, threadpoolctl\n"
        "print(next((p.get('architecture') or '') for p in threadpoolctl.threadpool_info()"
        " if p.get('internal_api') == 'openblas'))"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def describe_blas(info: dict) -> str:
    """One line: the BLAS kernel that ran and whether the environment chose it."""
    arch = info.get("blas_architecture") or "unknown (threadpoolctl found no OpenBLAS)"
    forced = info.get("blas_forced_by") or {}
    if not forced:
        return f"BLAS kernel: OpenBLAS {arch} (detected by OpenBLAS; no OPENBLAS_CORETYPE set)"
    how = " ".join(f"{k}={v}" for k, v in forced.items())
    native = info.get("blas_native_architecture") or "unknown"
    return f"BLAS kernel: OpenBLAS {arch}, FORCED by {how} (without it OpenBLAS picks {native} here)"


def blas_warning(info: dict) -> str:
    """A warning when the environment forces the BLAS kernel, else ''."""
    forced = info.get("blas_forced_by") or {}
    if not forced:
        return ""
    how = " ".join(f"{k}={v}" for k, v in forced.items())
    arch, native = info.get("blas_architecture"), info.get("blas_native_architecture")
    same = arch is not None and arch == native
    return (
        f"{how} is set: OpenBLAS runs its {arch} kernels"
        + (" (the ones it would pick anyway). " if same else f", not the {native} kernels it picks by itself here. ")
        + "numpy's products (the helpers, textbook and GEMM columns) run at the forced kernel's speed; PyTorch "
        "does not use numpy's OpenBLAS, so helpers/torch ratios depend on it. A learner's machine "
        "without the variable picks its own kernel. For the native figures, unset it for one run: "
        "env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE make bench"
    )


# --------------------------------------------------------------------------- timing


def interleaved(cases: dict, budget: float = None, min_reps: int = 5, max_reps: int = 41, warmup: int = 2) -> dict:
    """Time every callable of ``cases`` (name -> fn) in interleaved repetitions.

    The order alternates (A B C, C B A, ...), so each pair of neighbours in the
    dict is measured back to back in every repetition.  The repetition count
    fits ``budget`` seconds (between min_reps and max_reps).
    Returns name -> list of seconds, one per repetition.
    """
    budget = BUDGET if budget is None else budget
    if time.perf_counter() - START > TIME_LIMIT:
        budget, min_reps, warmup = 0.0, 3, 1
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            cases[name]()
    t0 = time.perf_counter()
    for name in names:
        cases[name]()
    one = time.perf_counter() - t0
    reps = int(max(min_reps, min(max_reps, budget / max(one, 1e-9))))
    times = {name: [] for name in names}
    for r in range(reps):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            start = time.perf_counter()
            cases[name]()
            times[name].append(time.perf_counter() - start)
    return times


def forward_backward(layer, x, dout):
    """A callable for ``interleaved``: one forward and one backward pass of ``layer`` (helpers or textbook)."""

    def run():
        layer.forward(x)
        layer.backward(dout)

    return run


def median_ms(times) -> float:
    return 1e3 * statistics.median(times)


def ratio(times_a, times_b) -> float:
    """Median over repetitions of time(a) / time(b), pairing the same repetition."""
    return statistics.median(a / b for a, b in zip(times_a, times_b))


def spread(times) -> float:
    """Interquartile range over median: how noisy one column was."""
    q = statistics.quantiles(times, n=4) if len(times) >= 4 else [min(times), 0, max(times)]
    return (q[2] - q[0]) / statistics.median(times)


def geomean(values) -> float:
    values = [v for v in values if v is not None]
    return float(np.exp(np.mean(np.log(values)))) if values else float("nan")


def save_json(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    text = json.dumps(payload, indent=2, default=_jsonable)
    path.write_text(text)
    (RESULTS / f"{name}-latest.json").write_text(text)
    return path


def _jsonable(obj):
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    return str(obj)


# --------------------------------------------------------------------------- the textbook baseline
# The im2col convolution as textbooks write it (e.g. "Deep Learning from Scratch", ch. 7):
# float64, np.pad, a loop over kernel offsets filling (N, C, KH, KW, OH, OW), a transpose
# to (N*OH*OW, C*KH*KW), one matrix product, and col2im with += for the input gradient.


def textbook_im2col(x, kh, kw, stride=1, pad=0):
    N, C, H, W = x.shape
    oh = (H + 2 * pad - kh) // stride + 1
    ow = (W + 2 * pad - kw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, kh, kw, oh, ow))
    for y in range(kh):
        y_max = y + stride * oh
        for x_ in range(kw):
            x_max = x_ + stride * ow
            col[:, :, y, x_, :, :] = img[:, :, y:y_max:stride, x_:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * oh * ow, -1)


def textbook_col2im(col, input_shape, kh, kw, stride=1, pad=0):
    N, C, H, W = input_shape
    oh = (H + 2 * pad - kh) // stride + 1
    ow = (W + 2 * pad - kw) // stride + 1
    col = col.reshape(N, oh, ow, C, kh, kw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for y in range(kh):
        y_max = y + stride * oh
        for x_ in range(kw):
            x_max = x_ + stride * ow
            img[:, :, y:y_max:stride, x_:x_max:stride] += col[:, :, y, x_, :, :]
    return img[:, :, pad : H + pad, pad : W + pad]


class TextbookConv:
    """Convolution layer, textbook style (float64 throughout)."""

    def __init__(self, W, b, stride=1, pad=0, input_grad=True):
        self.W = np.asarray(W, dtype=np.float64)
        self.b = np.asarray(b, dtype=np.float64)
        self.stride, self.pad, self.input_grad = stride, pad, input_grad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = (H + 2 * self.pad - FH) // self.stride + 1
        out_w = (W + 2 * self.pad - FW) // self.stride + 1
        col = textbook_im2col(np.asarray(x, dtype=np.float64), FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = np.dot(col, col_W) + self.b
        self.x_shape, self.col, self.col_W = x.shape, col, col_W
        return out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = np.asarray(dout, dtype=np.float64).transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(FN, C, FH, FW)
        if not self.input_grad:
            return None
        dcol = np.dot(dout, self.col_W.T)
        return textbook_col2im(dcol, self.x_shape, FH, FW, self.stride, self.pad)


class TextbookMaxPool:
    """Max pooling layer, textbook style: im2col, argmax per row, col2im for the gradient."""

    def __init__(self, pool, stride):
        self.pool, self.stride = pool, stride

    def forward(self, x):
        N, C, H, W = x.shape
        p, s = self.pool, self.stride
        out_h, out_w = (H - p) // s + 1, (W - p) // s + 1
        col = textbook_im2col(np.asarray(x, dtype=np.float64), p, p, s, 0).reshape(-1, p * p)
        self.arg_max = np.argmax(col, axis=1)
        self.x_shape = x.shape
        return np.max(col, axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

    def backward(self, dout):
        p = self.pool
        dout = np.asarray(dout, dtype=np.float64).transpose(0, 2, 3, 1)
        dmax = np.zeros((dout.size, p * p))
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dcol = dmax.reshape(dout.shape + (p * p,)).reshape(dout.shape[0] * dout.shape[1] * dout.shape[2], -1)
        return textbook_col2im(dcol, self.x_shape, p, p, self.stride, 0)
