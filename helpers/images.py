"""Photos for the notebooks: one that ships with matplotlib, or one the learner uploads.

    from helpers.images import sample_image, load_uploaded_image
    img = sample_image()                  # (H, W) float64 in [0, 1], Grace Hopper, small
    img = load_uploaded_image(data, "cat.png")   # the learner's own file; ValueError when unusable

Images are kept small (``size`` = the longer side, 96 pixels by default) so
that an explorer redraws in well under 100 ms. Nothing is downloaded:
``grace_hopper.jpg`` is part of every matplotlib installation.
"""

from __future__ import annotations

import html
import io
import re
from functools import lru_cache

import numpy as np

from .i18n import _

__all__ = [
    "sample_image",
    "load_uploaded_image",
    "image_from_upload",
    "to_array",
    "DEFAULT_SIZE",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_PIXELS",
    "RASTER_FORMATS",
    "upload_name",
    "safe_name",
    "title_text",
    "html_text",
]

DEFAULT_SIZE = 96  # longer side of the images the explorers draw, in pixels
MAX_UPLOAD_BYTES = 10 * 1024**2  # 10 MB
MAX_UPLOAD_PIXELS = 40_000_000  # a decoded image larger than this is refused (decompression bombs)
# the only formats Pillow may open: plain raster files (never EPS/PDF, which run Ghostscript)
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF")
NAME_LENGTH = 40  # file names longer than this are shortened in titles and captions


# --------------------------------------------------------------------------- file names, safe to show


def safe_name(name, limit: int = NAME_LENGTH) -> str:
    """A file name as plain, printable text: control characters removed, shortened to ``limit``."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", str(name)) or "upload"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title_text(name, limit: int = NAME_LENGTH) -> str:
    """``safe_name`` for a matplotlib title or label: ``$`` escaped, so it is never parsed as mathtext."""
    return safe_name(name, limit).replace("$", r"\$")


def html_text(name, limit: int = NAME_LENGTH) -> str:
    """``safe_name`` for an ipywidgets HTML value: <, >, & and quotes escaped."""
    return html.escape(safe_name(name, limit), quote=True)


def upload_name(value) -> str:
    """The raw file name in an ipywidgets ``FileUpload.value`` (v8 tuple or v7 dict); "" when empty.

    Show it with :func:`title_text` (matplotlib) or :func:`html_text` (HTML widgets), never as is.
    """
    if not value:
        return ""
    if isinstance(value, dict):
        name, item = next(iter(value.items()))
        return str(item.get("name", name)) if isinstance(item, dict) else str(name)
    item = value[0]
    return str(item.get("name", "upload")) if isinstance(item, dict) else "upload"


def _check_size(size, func):
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
        raise TypeError(
            _("{func}: size must be an int (the longer side in pixels), got {size!r}; e.g. size=96").format(
                func=func, size=size
            )
        )
    if not 8 <= int(size) <= 1024:
        raise ValueError(
            _("{func}: size must be between 8 and 1024 pixels, got {size}; e.g. size=96").format(func=func, size=size)
        )
    return int(size)


def to_array(image, *, gray: bool = True, size: int = DEFAULT_SIZE) -> np.ndarray:
    """A PIL image -> float64 array in [0, 1]; (H, W) if ``gray`` else (H, W, 3); longer side ``size``.

    Transparent pixels are shown on white (as a browser shows them); 16-bit images are divided by
    65535 and float images keep [0, 1] when they lie in it, else are scaled from their min..max.
    """
    from PIL import Image

    w, h = image.size
    scale = size / max(w, h)
    new = (max(1, round(w * scale)), max(1, round(h * scale)))
    method = Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC
    if image.mode in HIGH_DEPTH_MODES:  # one channel of 16 or 32 bits: resize as floats, then scale
        plane = image if image.mode == "F" else Image.fromarray(np.asarray(image, dtype=np.float32), mode="F")
        if new != (w, h):
            plane = plane.resize(new, method)
        arr = _unit_range(np.asarray(plane, dtype=np.float64), image.mode)
        return arr if gray else np.repeat(arr[:, :, None], 3, axis=2)
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    image = image.convert("L" if gray else "RGB")
    if new != (w, h):
        image = image.resize(new, method)
    return np.asarray(image, dtype=np.float64) / 255.0


HIGH_DEPTH_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


def _unit_range(arr: np.ndarray, mode: str) -> np.ndarray:
    """Pixel values of a 16/32-bit or float image mapped to [0, 1] by the range they really use."""
    finite = np.isfinite(arr)
    if not finite.any():
        raise _UploadError(_("holds no finite pixel values (all NaN or inf); choose another file"))
    arr = np.where(finite, arr, 0.0)
    lo, hi = float(arr[finite].min()), float(arr[finite].max())
    if mode.startswith("I;16") or (mode == "I" and lo >= 0 and hi <= 65535 and hi > 255):
        return np.clip(arr / 65535.0, 0.0, 1.0)
    if mode == "F" and lo >= 0.0 and hi <= 1.0:
        return np.clip(arr, 0.0, 1.0)
    if mode == "I" and lo >= 0 and hi <= 255:
        return arr / 255.0
    return (arr - lo) / (hi - lo) if hi > lo else np.zeros_like(arr)


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
        raise TypeError(
            _("{func}: content_bytes must be bytes, got {kind}").format(func=func, kind=type(content_bytes).__name__)
        )
    label = repr(safe_name(name))
    n = len(content_bytes)
    if n == 0:
        raise ValueError(
            _("{label} is empty (0 bytes); choose a PNG, JPEG, GIF, BMP, WebP or TIFF photo").format(label=label)
        )
    if n > max_bytes:
        raise ValueError(
            _(
                "{label} is too large: {megabytes:.1f} MB, the limit is {limit_mb:.0f} MB; choose a smaller photo or shrink it first"
            ).format(label=label, megabytes=n / 1024**2, limit_mb=max_bytes / 1024**2)
        )
    import warnings

    from PIL import Image, ImageOps

    limit = _("the limit is {megapixels:g} megapixels").format(megapixels=MAX_UPLOAD_PIXELS / 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: our own limit is lower
            with Image.open(io.BytesIO(bytes(content_bytes)), formats=RASTER_FORMATS) as image:
                w, h = image.size
                if w * h > MAX_UPLOAD_PIXELS:
                    raise _UploadError(
                        _(
                            "{label} is too large: {w}×{h} pixels ({megapixels:.1f} megapixels, too many "
                            "pixels); {limit}; choose a smaller photo or shrink it first"
                        ).format(label=label, w=w, h=h, megapixels=w * h / 1_000_000, limit=limit)
                    )
                image.load()
                image = ImageOps.exif_transpose(image)  # phone photos: turn them the way they were taken
                return to_array(image, gray=gray, size=size)
    except _UploadError as exc:
        text = str(exc)
        raise ValueError(text if text.startswith(label) else f"{label} {text}") from None
    except Exception as exc:  # whatever Pillow raises on a damaged or hostile file: one clear sentence
        if isinstance(exc, Image.DecompressionBombError) or "decompression bomb" in str(exc).lower():
            raise ValueError(
                _("{label} is too large (far too many pixels); {limit}; choose a smaller photo").format(
                    label=label, limit=limit
                )
            ) from None
        raise ValueError(
            _(
                "{label} is not an image this notebook can read ({error}); choose a PNG, JPEG, GIF, BMP, WebP or TIFF photo"
            ).format(label=label, error=type(exc).__name__)
        ) from None


class _UploadError(ValueError):
    """A reason found by this module (not by Pillow), already worded for the learner."""


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
