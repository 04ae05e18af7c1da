"""Offline digits, the fixed split, augmentation, and the optional full MNIST (no real download)."""

import gzip
import struct

import numpy as np
import pytest

from helpers import data


def test_load_digits28_shapes_and_values():
    (xt, yt), (xv, yv) = data.load_digits28()
    assert xt.shape == (4000, 1, 28, 28) and xv.shape == (1000, 1, 28, 28)
    assert xt.dtype == np.float32 and yt.dtype == np.int64
    assert xt.min() == 0.0 and xt.max() == 1.0
    np.testing.assert_array_equal(np.bincount(yt), [400] * 10)  # stratified
    np.testing.assert_array_equal(np.bincount(yv), [100] * 10)
    # real digits: mostly background, a stroke in the middle
    assert 0.05 < (xt > 0.5).mean() < 0.25
    assert xt[:, :, 12:16, 12:16].mean() > xt[:, :, :3, :].mean()


def test_split_is_fixed_and_disjoint():
    (a, ya), (b, yb) = data.load_digits28(np.float64, flatten=True)
    (a2, _), _ = data.load_digits28(np.float64, flatten=True)
    np.testing.assert_array_equal(a, a2)
    assert a.shape == (4000, 784) and a.dtype == np.float64
    train_rows = {row.tobytes() for row in (a * 255).round().astype(np.uint8)}
    overlap = sum(row.tobytes() in train_rows for row in (b * 255).round().astype(np.uint8))
    assert overlap == 0
    images, labels = data._digits_uint8()
    tr, te = data._split_indices(labels, 400, data.SPLIT_SEED)
    assert len(np.intersect1d(tr, te)) == 0 and len(tr) + len(te) == 5000
    np.testing.assert_array_equal(tr[:5], data._split_indices(labels, 400, data.SPLIT_SEED)[0][:5])


def test_load_digits28_rejects_int_dtype():
    with pytest.raises(TypeError, match="float"):
        data.load_digits28(np.uint8)


def test_random_shift_moves_whole_images():
    x = np.zeros((50, 1, 6, 6), dtype=np.float32)
    x[:, 0, 2, 3] = 1.0
    out = data.random_shift(x, 2, rng=np.random.default_rng(0))
    assert out.dtype == np.float32 and out.shape == x.shape
    assert np.all(out.sum(axis=(1, 2, 3)) == 1.0)  # the pixel stays inside (|shift| <= 2)
    rows, cols = np.nonzero(out[:, 0].reshape(50, -1))[1] // 6, np.nonzero(out[:, 0].reshape(50, -1))[1] % 6
    assert set(rows - 2) <= {-2, -1, 0, 1, 2} and set(cols - 3) <= {-2, -1, 0, 1, 2}
    assert len(set(zip(rows, cols))) > 10  # different shifts for different images
    np.testing.assert_array_equal(data.random_shift(x, 0), x)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        data.random_shift(x[0], 1)


def test_random_shift_is_a_translation():
    x = np.random.default_rng(1).random((1, 1, 8, 8))
    out = data.random_shift(x, 1, rng=np.random.default_rng(3))
    # some shift (dy, dx) in {-1, 0, 1}^2 explains the output exactly
    found = False
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            shifted = np.zeros_like(x)
            src = x[0, 0, max(0, -dy) : 8 - max(0, dy), max(0, -dx) : 8 - max(0, dx)]
            shifted[0, 0, max(0, dy) : max(0, dy) + src.shape[0], max(0, dx) : max(0, dx) + src.shape[1]] = src
            found |= np.array_equal(shifted, out)
    assert found


def _write_idx(path, array):
    header = struct.pack(">HBB", 0, 8, array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def _fake_mnist(folder, n_train=6, n_test=4):
    r = np.random.default_rng(0)
    _write_idx(folder / data.MNIST_FILES["train_images"], r.integers(0, 256, (n_train, 28, 28)))
    _write_idx(folder / data.MNIST_FILES["train_labels"], r.integers(0, 10, n_train))
    _write_idx(folder / data.MNIST_FILES["test_images"], r.integers(0, 256, (n_test, 28, 28)))
    _write_idx(folder / data.MNIST_FILES["test_labels"], r.integers(0, 10, n_test))


def test_load_mnist_never_downloads_unless_asked(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"download=True.*load_digits28"):
        data.load_mnist(tmp_path / "cache", urls=("http://127.0.0.1:9/",))
    assert not (tmp_path / "cache").exists()


def test_load_mnist_offline_gives_a_clear_message(tmp_path):
    # port 9 (discard) on localhost: refused at once, like a machine without network
    with pytest.raises(ConnectionError, match=r"could not download .*offline.*load_digits28"):
        data.load_mnist(tmp_path, download=True, urls=("http://127.0.0.1:9/mnist/",), timeout=2)
    assert not list(tmp_path.glob("*.gz"))  # nothing half-written left behind


def test_load_mnist_downloads_when_asked_and_then_uses_the_cache(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    _fake_mnist(mirror)
    cache = tmp_path / "cache"
    (xt, yt), (xv, yv) = data.load_mnist(cache, download=True, urls=("http://127.0.0.1:9/", mirror.as_uri() + "/"))
    assert xt.shape == (6, 1, 28, 28) and xv.shape == (4, 1, 28, 28) and yt.dtype == np.int64
    assert sorted(p.name for p in cache.iterdir()) == sorted(data.MNIST_FILES.values())
    for p in mirror.iterdir():
        p.unlink()  # the mirror is gone: the cache is used
    (xt2, _), _ = data.load_mnist(cache)
    np.testing.assert_array_equal(xt, xt2)


def test_load_mnist_reports_a_corrupt_file(tmp_path):
    _fake_mnist(tmp_path)
    with gzip.open(tmp_path / data.MNIST_FILES["test_labels"], "wb") as f:
        f.write(b"\x00\x00\x08\x01\x00\x00\x00\x09abc")
    with pytest.raises(ValueError, match="truncated"):
        data.load_mnist(tmp_path)
