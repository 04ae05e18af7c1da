"""Photos for the notebooks: one that ships with matplotlib, or one the learner uploads.

    from helpers.images import sample_image, load_uploaded_image
    img = sample_image()                  # (H, W) float64 in [0, 1], Grace Hopper, small
    img = load_uploaded_image(data, "cat.png")   # the learner's own file; ValueError when unusable

Images are kept small (``size`` = the longer side, 96 pixels by default) so
that an explorer redraws in well under 100 ms. Nothing is downloaded:
``grace_hopper.jpg`` is part of every matplotlib installation.
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np

__all__ = [
    "sample_image",
    "load_uploaded_image",
    "image_from_upload",
    "to_array",
    "DEFAULT_SIZE",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_PIXELS",
]

DEFAULT_SIZE = 96  # longer side of the images the explorers draw, in pixels
MAX_UPLOAD_BYTES = 10 * 1024**2  # 10 MB
MAX_UPLOAD_PIXELS = 40_000_000  # a decoded image larger than this is refused (decompression bombs)


def _check_size(size, func):
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise TypeError(f"{func}: size must be an int (the longer side in pixels), got {size!r}; e.g. size=96")
    if not 8 <= int(size) <= 1024:
        raise ValueError(f"{func}: size must be between 8 and 1024 pixels, got {size}; e.g. size=96")
    return int(size)


def to_array(image, *, gray: bool = True, size: int = DEFAULT_SIZE) -> np.ndarray:
    """A PIL image -> float64 array in [0, 1]; (H, W) if ``gray`` else (H, W, 3); longer side ``size``."""
    from PIL import Image

    image = image.convert("L" if gray else "RGB")
    w, h = image.size
    scale = size / max(w, h)
    new = (max(1, round(w * scale)), max(1, round(h * scale)))
    if new != (w, h):
        image = image.resize(new, Image.LANCZOS if scale < 1 else Image.BICUBIC)
    return np.asarray(image, dtype=np.float64) / 255.0


@lru_cache(maxsize=1)
def _photo():
    """The PIL image of grace_hopper.jpg (512×600 RGB), read once: the one place the photo is loaded."""
    from matplotlib import cbook
    from PIL import Image

    with cbook.get_sample_data("grace_hopper.jpg") as f:
        image = Image.open(f)
        image.load()
    return image


def photo_pixels() -> np.ndarray:
    """The full-resolution photo as a read-only (600, 512, 3) uint8 array."""
    arr = np.asarray(_photo())
    arr.setflags(write=False)
    return arr


@lru_cache(maxsize=8)
def _sample(gray: bool, size: int) -> np.ndarray:
    arr = to_array(_photo(), gray=gray, size=size)
    arr.setflags(write=False)
    return arr


def sample_image(gray: bool = True, size: int = DEFAULT_SIZE) -> np.ndarray:
    """Grace Hopper's portrait (ships with matplotlib), as floats in [0, 1].

    gray=True  -> (H, W);  gray=False -> (H, W, 3) RGB.
    size : the longer side in pixels (the photo is 512 wide, 600 high; size=96 gives 96×82).
    Returns a fresh copy each call, so a learner may modify it.
    """
    size = _check_size(size, "sample_image")
    return _sample(bool(gray), size).copy()


def load_uploaded_image(
    content_bytes,
    name: str = "upload",
    *,
    gray: bool = True,
    size: int = DEFAULT_SIZE,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> np.ndarray:
    """Decode an uploaded file into the same kind of array as :func:`sample_image`.

    Raises ``ValueError`` with a sentence a learner can act on when the file is
    empty, larger than ``max_bytes``, not an image, or an image with too many pixels.
    """
    func = "load_uploaded_image"
    size = _check_size(size, func)
    if isinstance(content_bytes, memoryview):
        content_bytes = content_bytes.tobytes()
    if not isinstance(content_bytes, (bytes, bytearray)):
        raise TypeError(f"{func}: content_bytes must be bytes, got {type(content_bytes).__name__}")
    label = repr(str(name))
    n = len(content_bytes)
    if n == 0:
        raise ValueError(f"{label} is empty (0 bytes); choose a PNG or JPEG photo")
    if n > max_bytes:
        raise ValueError(
            f"{label} is too large: {n / 1024**2:.1f} MB, the limit is {max_bytes / 1024**2:.0f} MB; "
            f"choose a smaller photo or shrink it first"
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(bytes(content_bytes))) as image:
            w, h = image.size
            if w * h > MAX_UPLOAD_PIXELS:
                raise ValueError(
                    f"{label} has too many pixels ({w}×{h}); the limit is {MAX_UPLOAD_PIXELS // 1_000_000} "
                    f"megapixels; choose a smaller photo"
                )
            image.load()
            return to_array(image, gray=gray, size=size)
    except ValueError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(
            f"{label} is not an image this notebook can read ({type(exc).__name__}); choose a PNG or JPEG photo"
        ) from None


def image_from_upload(value, *, gray: bool = True, size: int = DEFAULT_SIZE):
    """The array of the first file in an ipywidgets ``FileUpload.value``, or None when nothing was uploaded.

    ipywidgets 8 gives a tuple of dicts with ``name`` and ``content`` (a memoryview);
    ipywidgets 7 gave a dict name -> {"content": ...}. Both are accepted.
    """
    if not value:
        return None
    if isinstance(value, dict):
        name, item = next(iter(value.items()))
        item = dict(item, name=item.get("name", name))
    else:
        item = value[0]
    return load_uploaded_image(item["content"], item.get("name", "upload"), gray=gray, size=size)
