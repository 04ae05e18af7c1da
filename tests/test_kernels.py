"""helpers.kernels: forward passes against helpers.conv2d / pooling and loops,
backward passes against numerical gradients (float64, relative error < 1e-6)."""

import matplotlib

matplotlib.use("Agg")

import os  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import avg_pool2d, conv2d, conv2d_naive, max_pool2d  # noqa: E402
from helpers.gradcheck import numerical_gradient  # noqa: E402
from helpers.kernels import (  # noqa: E402
    avgpool_backward,
    avgpool_forward,
    conv_backward,
    conv_forward,
    maxpool_backward,
    maxpool_forward,
)

# (N, C, H, W, F, KH, KW, stride, padding)
CONV_CASES = [
    (2, 3, 7, 6, 4, 3, 3, 1, 0),
    (2, 3, 7, 6, 4, 3, 3, 1, 1),
    (2, 2, 9, 8, 3, 3, 2, 2, 1),
    (1, 2, 8, 9, 2, 5, 5, (2, 1), (2, 1)),
    (3, 1, 6, 6, 2, 1, 1, 1, 0),
    (2, 2, 5, 5, 3, 5, 5, 1, 0),  # kernel covers the whole input
    (1, 1, 7, 7, 1, 2, 2, 3, 0),  # stride skips cells: they get zero gradient
]


@pytest.fixture(params=["flat", "strided"])
def layout(request, monkeypatch):
    """Run a test with each im2col layout of helpers.kernels (stride 1 may use either)."""
    import helpers.kernels as kernels

    monkeypatch.setattr(kernels, "_FLAT_MAX_WASTE", 1e9 if request.param == "flat" else 0.0)
    return request.param


def rel_error(a, b):
    return float(np.max(np.abs(a - b)) / max(1e-12, np.max(np.abs(a)) + np.max(np.abs(b))))


def numerical_grad(f, x, eps=1e-6):
    """Central differences of the scalar function f at x (helpers.gradcheck, itself tested in test_gradcheck)."""
    return numerical_gradient(f, x, h=eps)


def _conv_problem(case, dtype=np.float64, seed=0):
    N, C, H, W, F, KH, KW, stride, padding = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F, C, KH, KW)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    return x, w, b, stride, padding


@pytest.mark.parametrize("case", CONV_CASES)
@pytest.mark.parametrize("with_bias", [True, False])
def test_conv_forward_matches_conv2d_and_loops(case, with_bias, layout):
    x, w, b, stride, padding = _conv_problem(case)
    b = b if with_bias else None
    out, _ = conv_forward(x, w, b, stride, padding)
    np.testing.assert_allclose(out, conv2d(x, w, b, stride=stride, padding=padding), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(out, conv2d_naive(x, w, b, stride=stride, padding=padding), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", CONV_CASES)
def test_conv_backward_matches_numerical_gradients(case, layout):
    x, w, b, stride, padding = _conv_problem(case, seed=1)
    out, cache = conv_forward(x, w, b, stride, padding)
    g = np.random.default_rng(2).standard_normal(out.shape)  # loss = sum(out * g)
    dx, dw, db = conv_backward(g, cache)

    def loss():
        return float(np.sum(conv_forward(x, w, b, stride, padding)[0] * g))

    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    assert rel_error(dx, numerical_grad(loss, x)) < 1e-6
    assert rel_error(dw, numerical_grad(loss, w)) < 1e-6
    assert rel_error(db, numerical_grad(loss, b)) < 1e-6


def test_conv_backward_matches_loop_formula(layout):
    """dx and dW spelled out with loops, on a strided, padded case."""
    x, w, b, stride, padding = _conv_problem((2, 2, 7, 7, 3, 3, 3, 2, 1), seed=3)
    out, cache = conv_forward(x, w, b, stride, padding)
    g = np.random.default_rng(4).standard_normal(out.shape)
    dx, dw, db = conv_backward(g, cache)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    dxp = np.zeros_like(xp)
    dw_ref = np.zeros_like(w)
    N, F, OH, OW = out.shape
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    win = (n, slice(None), slice(2 * i, 2 * i + 3), slice(2 * j, 2 * j + 3))
                    dw_ref[f] += g[n, f, i, j] * xp[win]
                    dxp[win] += g[n, f, i, j] * w[f]
    np.testing.assert_allclose(dx, dxp[:, :, 1:-1, 1:-1], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, dw_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(db, g.sum(axis=(0, 2, 3)), rtol=1e-10)


def test_conv_without_bias_and_without_dx(layout):
    x, w, _, stride, padding = _conv_problem((2, 1, 8, 8, 3, 5, 5, 1, 0))
    out, cache = conv_forward(x, w, None, stride, padding)
    g = np.ones_like(out)
    dx, dw, db = conv_backward(g, cache, need_dx=False)
    assert dx is None and db is None
    _, dw_full, _ = conv_backward(g, cache)
    np.testing.assert_array_equal(dw, dw_full)


@pytest.mark.parametrize("case", [CONV_CASES[1], CONV_CASES[2], CONV_CASES[3]])
def test_conv_float32_stays_float32_and_agrees_with_float64(case, layout):
    x, w, b, stride, padding = _conv_problem(case, seed=5)
    x32, w32, b32 = (a.astype(np.float32) for a in (x, w, b))
    out32, cache32 = conv_forward(x32, w32, b32, stride, padding)
    assert out32.dtype == np.float32
    g = np.random.default_rng(6).standard_normal(out32.shape)
    grads32 = conv_backward(g.astype(np.float32), cache32)
    assert all(a.dtype == np.float32 for a in grads32)
    out64, cache64 = conv_forward(
        x32.astype(np.float64), w32.astype(np.float64), b32.astype(np.float64), stride, padding
    )
    grads64 = conv_backward(g.astype(np.float32).astype(np.float64), cache64)
    np.testing.assert_allclose(out32, out64, rtol=1e-4, atol=1e-4)
    for a32, a64 in zip(grads32, grads64):
        assert rel_error(a32.astype(np.float64), a64) < 1e-5


def test_conv_float32_cache_holds_no_float64():
    x, w, b, stride, padding = _conv_problem(CONV_CASES[1], np.float32)
    _, cache = conv_forward(x, w, b, stride, padding)
    arrays = [a for a in cache if isinstance(a, np.ndarray)]
    assert arrays and all(a.dtype == np.float32 for a in arrays)


def test_conv_errors_name_the_problem():
    x = np.zeros((2, 3, 8, 8))
    with pytest.raises(ValueError, match="conv_forward: x has 3 channels but W expects 2"):
        conv_forward(x, np.zeros((4, 2, 3, 3)))
    with pytest.raises(ValueError, match="conv_forward: x must be 4-D"):
        conv_forward(x[0], np.zeros((4, 3, 3, 3)))
    with pytest.raises(ValueError, match="one bias per filter"):
        conv_forward(x, np.zeros((4, 3, 3, 3)), np.zeros(3))
    _, cache = conv_forward(x, np.zeros((4, 3, 3, 3)))
    with pytest.raises(ValueError, match="conv_backward: dout must have the shape"):
        conv_backward(np.zeros((2, 4, 5, 5)), cache)


# ---------------------------------------------------------------- pooling

POOL_CASES = [
    # (shape, kernel, stride, padding)
    ((2, 3, 8, 8), 2, None, 0),
    ((2, 3, 9, 7), 2, 2, 0),  # odd sizes: the last row/column is never covered
    ((1, 2, 7, 7), 3, 2, 1),  # overlapping windows with padding
    ((2, 2, 6, 8), (2, 3), (1, 2), (1, 1)),
    ((1, 1, 5, 5), 3, 1, 0),  # heavy overlap
]


def _distinct(shape, seed):
    """Values with no ties and gaps much wider than the finite-difference step."""
    rng = np.random.default_rng(seed)
    return rng.permutation(np.prod(shape)).reshape(shape).astype(np.float64) * 0.01


@pytest.mark.parametrize("shape, k, s, p", POOL_CASES)
def test_pool_forward_matches_helpers(shape, k, s, p):
    x = np.random.default_rng(7).standard_normal(shape)
    out, _ = maxpool_forward(x, k, s, p)
    np.testing.assert_array_equal(out, max_pool2d(x, k, s, p))
    out, _ = avgpool_forward(x, k, s, p)
    np.testing.assert_allclose(out, avg_pool2d(x, k, s, p), rtol=1e-12)


@pytest.mark.parametrize("shape, k, s, p", POOL_CASES)
def test_pool_backward_matches_numerical_gradients(shape, k, s, p):
    x = _distinct(shape, 8)
    for forward, backward in ((maxpool_forward, maxpool_backward), (avgpool_forward, avgpool_backward)):
        out, cache = forward(x, k, s, p)
        g = np.random.default_rng(9).standard_normal(out.shape)
        dx = backward(g, cache)
        assert dx.shape == x.shape

        def loss():
            return float(np.sum(forward(x, k, s, p)[0] * g))  # noqa: B023 (called in this iteration)

        assert rel_error(dx, numerical_grad(loss, x, eps=1e-4)) < 1e-6


def _maxpool_backward_loops(x, g, k, s):
    """Reference: each window sends its gradient to the first maximum in row-major order."""
    dx = np.zeros_like(x)
    N, C, OH, OW = g.shape
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    win = x[n, c, i * s : i * s + k, j * s : j * s + k]
                    u, v = np.unravel_index(np.argmax(win), win.shape)  # argmax: first maximum
                    dx[n, c, i * s + u, j * s + v] += g[n, c, i, j]
    return dx


@pytest.mark.parametrize("k, s", [(2, 2), (3, 2), (3, 1)])
def test_maxpool_ties_go_to_the_first_maximum(k, s):
    rng = np.random.default_rng(10)
    x = rng.integers(0, 3, size=(2, 2, 7, 7)).astype(np.float64)  # many ties (like ReLU zeros)
    x[0, 0] = 0.0  # all-zero windows
    out, cache = maxpool_forward(x, k, s)
    g = rng.standard_normal(out.shape)
    np.testing.assert_allclose(maxpool_backward(g, cache), _maxpool_backward_loops(x, g, k, s), rtol=1e-12, atol=1e-15)


def test_pool_float32_stays_float32():
    x = np.random.default_rng(11).standard_normal((2, 3, 6, 6)).astype(np.float32)
    for forward, backward in ((maxpool_forward, maxpool_backward), (avgpool_forward, avgpool_backward)):
        out, cache = forward(x, 2, 2)
        assert out.dtype == np.float32
        assert backward(np.ones_like(out), cache).dtype == np.float32


def test_pool_errors_name_the_problem():
    with pytest.raises(ValueError, match="maxpool_forward: x must be 4-D"):
        maxpool_forward(np.zeros((4, 4)), 2)
    out, cache = maxpool_forward(np.zeros((1, 1, 4, 4)), 2)
    with pytest.raises(ValueError, match="maxpool_backward: dout must have the shape"):
        maxpool_backward(np.zeros((1, 1, 3, 3)), cache)
    with pytest.raises(ValueError, match="kernel_size"):
        avgpool_forward(np.zeros((1, 1, 4, 4)), 5)


@pytest.mark.parametrize("chunk_bytes", [1, 1 << 30])
@pytest.mark.parametrize("case", [CONV_CASES[1], CONV_CASES[2], (5, 2, 6, 7, 3, 2, 3, 1, (1, 2))])
def test_conv_chunking_does_not_change_results(monkeypatch, case, chunk_bytes, layout):
    """One image per chunk and the whole batch in one chunk give the same numbers."""
    import helpers.kernels as kernels

    x, w, b, stride, padding = _conv_problem(case, seed=12)
    out_ref = conv2d_naive(x, w, b, stride=stride, padding=padding)
    monkeypatch.setattr(kernels, "_CHUNK_BYTES", chunk_bytes)
    out, cache = conv_forward(x, w, b, stride, padding)
    np.testing.assert_allclose(out, out_ref, rtol=1e-12, atol=1e-12)
    g = np.random.default_rng(13).standard_normal(out.shape)
    dx, dw, db = conv_backward(g, cache)
    monkeypatch.setattr(kernels, "_CHUNK_BYTES", 1 << 20)
    dx2, dw2, db2 = conv_backward(g, conv_forward(x, w, b, stride, padding)[1])
    for a, c in ((dx, dx2), (dw, dw2), (db, db2)):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "stride, padding, dilation", [(1, 0, 2), (1, "same", 2), (1, (1, 0, 2, 1), (2, 1)), ((2, 1), 1, 2)]
)
def test_conv2d_uses_the_kernel_with_dilation(stride, padding, dilation, layout):
    rng = np.random.default_rng(14)
    x = rng.standard_normal((2, 6, 9, 10))  # many channels, few filters: conv2d may use the flat layout
    w = rng.standard_normal((2, 6, 3, 2))
    b = rng.standard_normal(2)
    out = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    assert out.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(
        out, conv2d_naive(x, w, b, stride=stride, padding=padding, dilation=dilation), rtol=1e-12, atol=1e-12
    )


# --------------------------------------------------------------------------- threads
# helpers.kernels splits big batches along N over a few threads (as many as the BLAS
# limit allows). Force 2 or 3 workers on small inputs and compare with 1 worker.


@pytest.mark.parametrize("workers", [2, 3])
@pytest.mark.parametrize("chunk_bytes", [1, 1 << 20])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", [CONV_CASES[1], CONV_CASES[2], (7, 2, 6, 7, 3, 2, 3, 1, (1, 2))])
def test_conv_threads_give_the_same_numbers(monkeypatch, case, dtype, chunk_bytes, workers, layout):
    import helpers.kernels as kernels
    import helpers.threads as threads

    case = (max(case[0], 5),) + tuple(case[1:])  # enough images for every worker
    x, w, b, stride, padding = _conv_problem(case, dtype, seed=21)
    g = np.random.default_rng(22).standard_normal(conv_forward(x, w, b, stride, padding)[0].shape).astype(dtype)
    monkeypatch.setattr(kernels, "_CHUNK_BYTES", chunk_bytes)
    results = {}
    for n in (1, workers):
        monkeypatch.setattr(threads, "_FORCE_WORKERS", n)
        out, cache = conv_forward(x, w, b, stride, padding)
        out_nobias, cache_nobias = conv_forward(x, w, None, stride, padding)
        results[n] = (
            np.array(out),
            *conv_backward(g, cache),
            np.array(out_nobias),
            conv_backward(g, cache_nobias, need_dx=False)[1],
        )
    one, many = results[1], results[workers]
    # chunks do not depend on the threads and dW is summed in chunk order: identical numbers
    for name, a, c in zip(["out", "dx", "dW", "db", "out without bias", "dW without dx"], one, many):
        assert c.dtype == dtype, name
        np.testing.assert_array_equal(a, c, err_msg=name)


@pytest.mark.parametrize("workers", [2, 3])
@pytest.mark.parametrize("kernel, stride, padding", [(2, 2, 0), (3, 2, 1), (3, 1, 0), (2, (1, 2), (1, 0))])
def test_maxpool_threads_give_the_same_numbers(monkeypatch, kernel, stride, padding, workers):
    import helpers.threads as threads

    rng = np.random.default_rng(23)
    x = rng.integers(-2, 3, size=(5, 3, 8, 9)).astype(np.float32)  # many ties
    results = {}
    for n in (1, workers):
        monkeypatch.setattr(threads, "_FORCE_WORKERS", n)
        out, cache = maxpool_forward(x, kernel, stride, padding)
        g = np.arange(out.size, dtype=np.float32).reshape(out.shape)
        results[n] = (out, cache[0], maxpool_backward(g, cache))
    for a, c in zip(results[1], results[workers]):
        assert a.dtype == c.dtype
        np.testing.assert_array_equal(a, c)


def test_thread_count_follows_the_blas_limit_and_input_size(monkeypatch):
    import helpers.threads as threads

    big = threads._PARALLEL_MIN_BYTES
    monkeypatch.setattr(threads, "_blas_threads", lambda: 2)
    assert threads._workers(100, big) == min(2, os.cpu_count() or 1)
    assert threads._workers(100, big - 1) == 1  # tiny inputs stay in this thread
    assert threads._workers(1, big) == 1  # one image: nothing to split
    conv_min = threads._CONV_PARALLEL_MIN_BYTES  # convolutions: a higher bar
    assert threads._workers(100, conv_min - 1, conv_min) == 1
    assert threads._workers(100, conv_min, conv_min) == min(2, os.cpu_count() or 1)
    monkeypatch.setattr(threads, "_blas_threads", lambda: 1)
    assert threads._workers(100, 100 * big) == 1


def test_thread_count_reads_threadpoolctl_limits():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import helpers.threads as threads

    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        assert threads._blas_threads() == 1
        assert threads._workers(100, 1 << 30) == 1


def test_a_split_puts_the_blas_limit_back(monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import helpers.threads as threads

    def blas_limits():
        return [d["num_threads"] for d in threadpoolctl.threadpool_info() if d["user_api"] == "blas"]

    threads._blas_threads()  # find the BLAS libraries
    before = blas_limits()
    monkeypatch.setattr(threads, "_FORCE_WORKERS", 2)
    x, w, b, stride, padding = _conv_problem(CONV_CASES[1], np.float32, seed=24)
    out, cache = conv_forward(np.concatenate([x] * 3), w, b, stride, padding)
    conv_backward(np.ones(out.shape, np.float32), cache)
    assert blas_limits() == before


@pytest.mark.parametrize(
    "n, workers, item_bytes",
    [(100, 2, 30 * 24 * 24 * 4), (7, 3, 1 << 20), (2, 5, 1 << 20), (100, 2, 10), (1, 2, 1 << 20), (100, 1, 1 << 20)],
)
def test_pieces_cover_the_batch_once(n, workers, item_bytes):
    from helpers.threads import _pieces

    parts = _pieces(n, workers, item_bytes)
    assert parts[0][0] == 0 and parts[-1][1] == n and len(parts) <= max(1, 4 * workers)
    assert all(a1 == b0 for (_, a1), (b0, _) in zip(parts, parts[1:]))
    assert all(n1 > n0 for n0, n1 in parts)
    if workers == 1:
        assert parts == [(0, n)]


def test_a_failing_piece_raises_in_the_caller():
    from helpers.threads import _parallel

    def func(worker, i):
        if i == 5:
            raise ValueError("piece 5")
        return i * i

    assert _parallel(func, [(i,) for i in range(4)], 2) == [0, 1, 4, 9]
    with pytest.raises(ValueError, match="piece 5"):
        _parallel(func, [(i,) for i in range(8)], 2)
