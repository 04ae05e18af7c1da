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
    with pytest.raises(ValueError, match="not an image.*PNG, JPEG"):
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


# --------------------------------------------------------------------------- issue 15: odd uploads


def encode(image, fmt, **kwargs):
    buf = io.BytesIO()
    image.save(buf, fmt, **kwargs)
    return buf.getvalue()


def exif6_jpeg():
    """A 40-wide, 20-high JPEG, black on the left, white on the right, tagged "rotate 90° clockwise"."""
    stored = np.zeros((20, 40), np.uint8)
    stored[:, 20:] = 255
    exif = Image.Exif()
    exif[0x0112] = 6
    return stored, encode(Image.fromarray(stored), "JPEG", exif=exif.tobytes(), quality=95)


def huge_png_header(width=50_000, height=50_000):
    """A valid PNG whose header claims width×height pixels (the data is tiny)."""
    import struct
    import zlib

    data = encode(Image.new("L", (1, 1)), "PNG")
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return data[:8] + chunk + data[8 + 25 :]


def test_exif_orientation_is_applied():
    stored, data = exif6_jpeg()
    arr = load_uploaded_image(data, "phone.jpg", size=40)
    assert arr.shape == (40, 20)  # turned upright: now taller than wide
    expected = np.rot90(stored, k=-1) / 255.0  # 90° clockwise: the left (black) half goes to the top
    assert np.abs(arr - expected).mean() < 0.05


def test_transparent_png_is_shown_on_white():
    rgba = np.zeros((10, 10, 4), np.uint8)  # fully transparent black ...
    rgba[:5, :, :] = (255, 0, 0, 255)  # ... under an opaque red top half
    arr = load_uploaded_image(encode(Image.fromarray(rgba, "RGBA"), "PNG"), "logo.png", gray=False, size=10)
    np.testing.assert_allclose(arr[7:, :, :], 1.0)  # the transparent part is white, not black
    np.testing.assert_allclose(arr[:3, :, 0], 1.0)
    np.testing.assert_allclose(arr[:3, :, 1:], 0.0)
    p = Image.new("P", (8, 8), 0)
    p.info["transparency"] = 0
    assert load_uploaded_image(encode(p, "PNG", transparency=0), "p.png", size=8).min() == pytest.approx(1.0)


def test_sixteen_bit_png_uses_its_real_range():
    a = np.linspace(0, 65535, 64 * 64).reshape(64, 64).astype(np.uint16)
    arr = load_uploaded_image(encode(Image.fromarray(a), "PNG"), "scan16.png", size=64)
    np.testing.assert_allclose(arr, a / 65535.0, atol=1e-6)  # not all white


def test_float_tiff_is_scaled_to_unit_range():
    f = np.linspace(-3.0, 5.0, 32 * 32, dtype=np.float32).reshape(32, 32)
    arr = load_uploaded_image(encode(Image.fromarray(f, "F"), "TIFF"), "field.tif", size=32)
    np.testing.assert_allclose(arr, (f - f.min()) / (f.max() - f.min()), atol=1e-6)
    unit = np.linspace(0.2, 0.7, 16 * 16, dtype=np.float32).reshape(16, 16)
    arr = load_uploaded_image(encode(Image.fromarray(unit, "F"), "TIFF"), "unit.tif", size=16)
    np.testing.assert_allclose(arr, unit, atol=1e-6)  # already in [0, 1]: kept


def test_huge_image_is_called_too_large_with_the_limit():
    with pytest.raises(ValueError, match=r"too large.*40 megapixels"):
        load_uploaded_image(huge_png_header(), "huge.png")
    with pytest.raises(ValueError, match=r"too large: 8000×6000 pixels.*40 megapixels"):
        load_uploaded_image(huge_png_header(8000, 6000), "big.png")


def test_only_raster_formats_are_opened(monkeypatch):
    from PIL import EpsImagePlugin

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", lambda *a, **k: pytest.fail("Ghostscript was run"))
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto 10 10 lineto stroke\n%%EOF\n"
    with pytest.raises(ValueError, match="not an image this notebook can read.*PNG, JPEG"):
        load_uploaded_image(eps, "drawing.eps")
    assert images.RASTER_FORMATS == ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF")
    for fmt in ("GIF", "BMP", "WEBP", "TIFF"):
        assert load_uploaded_image(encode(Image.new("RGB", (12, 6), (0, 0, 0)), fmt), "x", size=12).shape == (6, 12)


@pytest.mark.parametrize(
    "name", ["invoice_$12_to_$15.png", "<svg onload=alert(1)>.png", "a\x00b\nc.png", "x" * 300 + ".png", "$\\frac$"]
)
def test_file_names_are_safe_to_show(name):
    import matplotlib.pyplot as plt

    from helpers.images import html_text, safe_name, title_text

    fig, ax = plt.subplots()
    ax.set_title(title_text(name))
    fig.canvas.draw()  # mathtext would raise here for "$12_to_$"
    shown = ax.title.get_text()
    plt.close(fig)
    assert "<" not in html_text(name) and ">" not in html_text(name)
    assert len(safe_name(name)) <= 40 and "\x00" not in safe_name(name) and "\n" not in safe_name(name)
    if len(name) < 40 and "\x00" not in name:
        assert shown.replace("\\$", "$") == name  # the title shows the name as typed


def test_upload_name_reads_both_widget_formats():
    from helpers.images import upload_name

    assert upload_name(()) == "" and upload_name(None) == ""
    assert upload_name(({"name": "a$b.png", "content": b""},)) == "a$b.png"
    assert upload_name({"c.png": {"content": b""}}) == "c.png"


def test_an_all_nan_float_image_is_refused_by_name():
    nan = np.full((6, 6), np.nan, np.float32)
    with pytest.raises(ValueError, match=r"^'nan.tif' holds no finite pixel values"):
        load_uploaded_image(encode(Image.fromarray(nan, "F"), "TIFF"), "nan.tif")


def test_any_error_inside_pillow_becomes_one_sentence(monkeypatch):
    from PIL import ImageOps

    def broken(image):
        raise TypeError("internal detail")

    monkeypatch.setattr(ImageOps, "exif_transpose", broken)
    with pytest.raises(ValueError, match=r"^'odd.png' is not an image this notebook can read \(TypeError\)"):
        load_uploaded_image(png_bytes(4, 4), "odd.png")
