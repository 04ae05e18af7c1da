"""Threads for the kernels: split a batch along N over a few threads.

Large batches are split along N across a few threads (numpy releases the GIL in
copies, ufuncs and matrix products).  The thread count follows the BLAS limit the
process set (threadpoolctl's, or OMP_NUM_THREADS / os.cpu_count() without it), so
under ``threadpool_limits(1)`` (fit(threads=1), BENCH_THREADS=1) everything runs in
the calling thread exactly as before.  Inputs below PARALLEL_MIN_BYTES stay serial.
The calling thread does the first part itself; a persistent pool does the others.

    workers(n, nbytes)              how many threads for n images of nbytes in total
    pieces(n, workers, per_item)    ranges (n0, n1) to share out
    parallel(func, items, workers)  [func(worker, *item) for item in items], in item order
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait

_PARALLEL_MIN_BYTES = 1 << 18
# A convolution is split only when its im2col matrices (all chunks) add up to this much:
# smaller ones (a few chunks of small products, many short numpy calls) lose more to
# threads handing over the GIL and the pieces than they gain (measured on 2 cores:
# N=32, C=3, 32x32, 8 filters 5x5 became 1.3x slower; N=64, C=16, 32x32, 32 filters 3x3
# became 1.3x faster).
_CONV_PARALLEL_MIN_BYTES = 1 << 24
_MAX_WORKERS = 8
_FORCE_WORKERS = None  # tests: an int forces that many workers (and ignores the size limit)
_pool = None
_pool_size = 0
_pool_pid = None
_pool_lock = threading.Lock()
_blas = None  # threadpoolctl's BLAS controllers (found once), or False
_CPUS = os.cpu_count() or 1


def _blas_threads():
    """The BLAS thread limit currently in force (a ctypes call, about 1 microsecond)."""
    global _blas
    if _blas is None:
        try:
            from threadpoolctl import ThreadpoolController

            _blas = ThreadpoolController().select(user_api="blas").lib_controllers or False
        except Exception:  # pragma: no cover - threadpoolctl missing or broken
            _blas = False
    if _blas:
        try:
            return max(1, min(lib.num_threads for lib in _blas))
        except Exception:  # pragma: no cover
            pass
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.strip().isdigit():
            return max(1, int(value))
    return _CPUS


def _workers(n, nbytes, min_bytes=None):
    """How many threads to split n items (images) of nbytes in total over."""
    if _FORCE_WORKERS is not None:
        return max(1, min(int(_FORCE_WORKERS), n))
    if n < 2 or nbytes < (_PARALLEL_MIN_BYTES if min_bytes is None else min_bytes):
        return 1
    return max(1, min(_blas_threads(), _CPUS, _MAX_WORKERS, n))


def _parallel(func, items, workers, blas=False):
    """[func(worker, *item) for item in items], the items shared out among ``workers`` threads.

    The calling thread is worker 0; the others come from a small persistent pool.
    Items are handed out one at a time to whichever thread is free, so on a busy
    machine, when a pool thread gets no core, the caller simply does more of them
    (a helper that never started is cancelled, not waited for).  Results come back
    in item order, so whatever the caller sums up, it sums in the serial order.
    ``worker`` (0 .. workers-1) lets func use per-thread buffers.

    blas=True: func calls BLAS; during the split BLAS is limited to one thread per
    call (our threads already use the cores; nested BLAS threads would only wait
    for each other), and the limit is put back afterwards.
    """
    results = [None] * len(items)
    workers = min(workers, len(items))
    if workers <= 1:
        for i, item in enumerate(items):
            results[i] = func(0, *item)
        return results
    todo = iter(range(len(items)))
    lock = threading.Lock()

    def runner(worker):
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            results[i] = func(worker, *items[i])

    if blas and _blas is None:
        _blas_threads()  # find the BLAS libraries
    saved = None
    if blas and _blas:
        saved = [lib.num_threads for lib in _blas]
        for lib in _blas:
            lib.set_num_threads(1)
    try:
        pool = _get_pool(workers - 1)
        futures = [pool.submit(runner, k) for k in range(1, workers)]
        try:
            runner(0)
        finally:
            for f in futures:
                f.cancel()
            wait(futures)
        for f in futures:
            if not f.cancelled():
                f.result()  # re-raises a helper's exception
    finally:
        if saved is not None:
            for lib, n in zip(_blas, saved):
                lib.set_num_threads(n)
    return results


def _get_pool(size):
    """The persistent pool, with at least ``size`` threads."""
    global _pool, _pool_size, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_size < size or _pool_pid != os.getpid():
            # (a forked child inherits the pool object but not its threads: make a new one)
            if _pool is not None and _pool_pid == os.getpid():
                _pool.shutdown(wait=False)
            _pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="helpers-kernels")
            _pool_size, _pool_pid = size, os.getpid()
        return _pool


def _pieces(n, workers, bytes_per_item, min_bytes=1 << 16):
    """Ranges (n0, n1) covering 0..n-1: about 4 per worker, each at least ~min_bytes."""
    if workers <= 1:
        return [(0, n)]
    count = max(1, min(n, 4 * workers, int(n * bytes_per_item // min_bytes)))
    edges = [n * i // count for i in range(count + 1)]
    return [(edges[i], edges[i + 1]) for i in range(count) if edges[i + 1] > edges[i]]
