"""helpers.images: the bundled photo and the learner's uploads."""

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from PIL import Image

from helpers import images
from helpers.images import image_from_upload, load_uploaded_image, sample_image


def png_bytes(width, height, mode="RGB", fmt="PNG"):
    buf = io.BytesIO()
    Image.new(mode, (width, height), color=128 if mode == "L" else (200, 100, 50)).save(buf, fmt)
    return buf.getvalue()


def test_sample_image_is_small_grey_in_unit_range():
    img = sample_image()
    assert img.dtype == np.float64
    assert img.shape == (96, 82)  # the photo is 512 wide, 600 high
    assert 0.0 <= img.min() < 0.1 and 0.9 < img.max() <= 1.0


def test_sample_image_colour_and_size():
    rgb = sample_image(gray=False, size=64)
    assert rgb.shape == (64, 55, 3)
    assert max(sample_image(size=40).shape) == 40


def test_sample_image_returns_a_copy():
    a = sample_image()
    a[:] = 0
    assert sample_image().max() > 0.5


@pytest.mark.parametrize("size, error", [(0, ValueError), (5000, ValueError), (9.5, TypeError), (True, TypeError)])
def test_sample_image_bad_size(size, error):
    with pytest.raises(error, match="size"):
        sample_image(size=size)


def test_upload_png_and_jpeg_are_shrunk():
    arr = load_uploaded_image(png_bytes(300, 200), "wide.png")
    assert arr.shape == (64, 96)
    arr = load_uploaded_image(png_bytes(50, 100, fmt="JPEG"), "small.jpg", size=32)
    assert arr.shape == (32, 16)
    assert 0.0 <= arr.min() and arr.max() <= 1.0


def test_upload_accepts_memoryview_and_colour():
    arr = load_uploaded_image(memoryview(png_bytes(20, 10)), "m.png", gray=False, size=20)
    assert arr.shape == (10, 20, 3)


def test_upload_empty_file():
    with pytest.raises(ValueError, match="empty"):
        load_uploaded_image(b"", "nothing.png")


def test_upload_not_an_image():
    with pytest.raises(ValueError, match="not an image.*PNG or JPEG"):
        load_uploaded_image(b"hello, I am a text file", "notes.txt")


def test_upload_truncated_image():
    data = png_bytes(200, 200, fmt="JPEG")
    with pytest.raises(ValueError, match="not an image"):
        load_uploaded_image(data[: len(data) // 3], "broken.jpg")


def test_upload_too_many_bytes():
    with pytest.raises(ValueError, match="too large.*limit"):
        load_uploaded_image(png_bytes(10, 10), "big.png", max_bytes=20)


def test_upload_too_many_pixels(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_PIXELS", 100)
    with pytest.raises(ValueError, match="too many pixels"):
        load_uploaded_image(png_bytes(20, 20), "huge.png")


def test_upload_wrong_type():
    with pytest.raises(TypeError, match="bytes"):
        load_uploaded_image("not bytes", "x.png")


def test_image_from_upload_formats():
    data = png_bytes(40, 20)
    assert image_from_upload(()) is None
    v8 = ({"name": "a.png", "type": "image/png", "size": len(data), "content": memoryview(data)},)
    assert image_from_upload(v8).shape == (48, 96)
    v7 = {"a.png": {"metadata": {}, "content": data}}
    assert image_from_upload(v7, size=40).shape == (20, 40)
    with pytest.raises(ValueError, match="'bad.bin' is not an image"):
        image_from_upload(({"name": "bad.bin", "content": b"\x00\x01"},))
