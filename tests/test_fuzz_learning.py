"""Bad and edge inputs over the learning machinery and the upload loader (issue 15).

Every case ends in one of five outcomes:
  correct      a valid input, and the result matches an independent check
  clear        a ValueError/TypeError/OSError (or TrainingDiverged) whose message names the function
               and the argument
  unclear      an error, but of another type or without those names
  silent wrong a bad input accepted without a word, or a wrong result
  crash        any other exception
The tests assert the last three are 0. ``python tests/test_fuzz_learning.py`` prints the figures.
"""

# ruff: noqa: B023  (each lambda is called at once inside outcome(), in the loop iteration that made it)
from __future__ import annotations

import io
import math
import struct
import warnings
import zlib
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import layers as L
from helpers.images import load_uploaded_image
from helpers.model import Sequential
from helpers.optim import SGD, Adam
from helpers.training import TrainingDiverged, confusion_matrix, fit

CLEAR_TYPES = (ValueError, TypeError, OSError, TrainingDiverged)
FIGURES: dict[str, Counter] = {}
BAD_CASES: list[str] = []  # what went wrong, for the assertion message
HYP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(call, *, names: tuple[str, ...], check=None, bad: bool) -> str:
    """Run ``call`` and classify it. ``names``: words a clear message must contain (all of them)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = call()
    except CLEAR_TYPES as exc:
        text = str(exc)
        if all(n in text for n in names) and "allow_pickle" not in text and ".part" not in text:
            return "clear"
        BAD_CASES.append(f"unclear {names}: {type(exc).__name__}: {text}")
        return "unclear"
    except Exception as exc:  # noqa: BLE001 - the point is to count them
        BAD_CASES.append(f"crash {names}: {type(exc).__name__}: {exc}")
        return "crash"
    if bad:
        BAD_CASES.append(f"silent wrong {names}: accepted, returned {result!r:.100}")
        return "silent wrong"
    if check is None or check(result):
        return "correct"
    BAD_CASES.append(f"silent wrong: wrong result {result!r:.100}")
    return "silent wrong"


def record(area: str, results: list[str]) -> Counter:
    counts = FIGURES.setdefault(area, Counter())
    counts.update(results)
    assert counts["unclear"] == counts["silent wrong"] == counts["crash"] == 0, (area, dict(counts), BAD_CASES)
    return counts


# --------------------------------------------------------------------------- fit


def tiny():
    r = np.random.default_rng(0)
    x = r.random((12, 1, 4, 4))
    y = np.arange(12) % 3
    return Sequential(L.Flatten(), L.Linear(16, 3, rng=r)), x, y


def run_fit(**kwargs):
    model, x, y = tiny()
    args = dict(optimizer=Adam(1e-2), epochs=1, batch_size=4, progress=False) | kwargs
    return fit(model, x, y, **args)


BAD_VALUES = [2.5, "50", None, float("nan"), float("inf"), -1, 0, True, [4], 1e30, "", object()]
FIT_ARGS = {  # argument -> (bad values, valid-but-unusual values)
    "batch_size": (BAD_VALUES, [np.int64(4), 1, 100]),
    "epochs": (BAD_VALUES, [np.int32(2), 1]),
    "augment": ([2.7, "2", -1, float("nan"), [1], 1.5], [0, 1, np.int64(1), None, False]),
    "threads": ([0, 1.5, "1", -2], [1, np.int64(1), None]),
    "optimizer": ([None, Adam, SGD, "adam", 1e-3, object()], [SGD(0.1), Adam()]),
    "lr_schedule": ([{2: float("nan")}, {1: -1e-3}, {0: 1e-3}, {1.5: 1e-3}, {1: "x"}, [1e-3], {1: 0}], [{1: 1e-3}]),
    "progress": (["fancy", 42, object()], [False, None, "text"]),
    "target_accuracy": ([1.5, -0.1, float("nan"), "0.9"], []),
}


def test_fuzz_fit_arguments():
    results = []
    for name, (bad, good) in FIT_ARGS.items():
        for value in bad:
            extra = {"x_val": tiny()[1], "y_val": tiny()[2]} if name == "target_accuracy" else {}
            results.append(outcome(lambda: run_fit(**{name: value}, **extra), names=("fit:", name), bad=True))
        for value in good:
            expected = int(value) if name == "epochs" else 1

            def check(h, expected=expected):
                return h.epoch == list(range(1, expected + 1)) and all(map(math.isfinite, h.train_loss))

            results.append(outcome(lambda: run_fit(**{name: value}), names=(), check=check, bad=False))
    model, x, y = tiny()
    results.append(outcome(lambda: fit(model, x, y, optimizer=Adam(), x_val=x), names=("fit:", "y_val"), bad=True))
    results.append(outcome(lambda: fit(model, x, y, optimizer=Adam(), y_val=y), names=("fit:", "x_val"), bad=True))
    results.append(outcome(lambda: fit(model, x, y[:-1], optimizer=Adam()), names=("fit:", "y_train"), bad=True))
    results.append(outcome(lambda: fit(model, x[:0], y[:0], optimizer=Adam()), names=("fit:", "empty"), bad=True))
    for bad_model in (None, Sequential, "model", object()):
        results.append(outcome(lambda: fit(bad_model, x, y, optimizer=Adam()), names=("fit:", "model"), bad=True))
    for yb, word in ((y + 0.5, "whole"), (y - 5, ">= 0"), (y.astype(str), "class numbers"), (y[:, None], "(N,)")):
        results.append(outcome(lambda: fit(model, x, yb, optimizer=Adam()), names=("fit:", "y_train", word), bad=True))
    for xb in (None, "images", x.astype(str)):
        results.append(outcome(lambda: fit(model, xb, y, optimizer=Adam()), names=("fit:", "x_train"), bad=True))
    x_nan = x.copy()
    x_nan[3] = np.nan
    results.append(
        outcome(
            lambda: run_fit(**{}) and fit(model, x_nan, y, optimizer=Adam(), progress=False),
            names=("fit:", "diverged"),
            bad=True,
        )
    )
    counts = record("fit", results)
    assert counts["clear"] >= 50 and counts["correct"] >= 15


@HYP
@given(
    name=st.sampled_from(["batch_size", "epochs", "augment"]),
    value=st.one_of(st.floats(allow_nan=True), st.text(max_size=3), st.integers(-5, 0), st.none(), st.booleans()),
)
def test_fuzz_fit_hypothesis(name, value):
    valid = isinstance(value, int) and not isinstance(value, bool) and (value >= 0 if name == "augment" else value >= 1)
    if name == "augment" and value in (None, False):
        valid = True
    res = outcome(lambda: run_fit(**{name: value}), names=() if valid else ("fit:", name), bad=not valid)
    record("fit (hypothesis)", [res])


# --------------------------------------------------------------------------- optimizers


OPT_BAD = {
    SGD: {"lr": BAD_VALUES, "momentum": [1.0, -0.1, 2, "x", float("nan"), float("inf"), None]},
    Adam: {
        "lr": BAD_VALUES,
        "beta1": [1.0, -0.1, "x", float("nan"), None],
        "beta2": [1.0, 2, "x", float("inf"), None],
        "eps": [0, -1, float("nan"), float("inf"), "x", None],
    },
}
OPT_GOOD = {SGD: {"lr": [1e-3, np.float32(0.1), 1], "momentum": [0, 0.9, np.float64(0.5)]}, Adam: {"beta1": [0, 0.5]}}


def _one_sgd_step(opt):
    layer = L.Linear(2, 2, rng=np.random.default_rng(0))
    w = layer.params["W"].copy()
    layer.grads["W"][...] = 1.0
    layer.grads["b"][...] = 0.0
    opt.step([layer])
    return np.allclose(layer.params["W"], w - opt.lr)  # the first step of SGD (any momentum) is -lr * g


def test_fuzz_optimizers():
    results = []
    for cls, args in OPT_BAD.items():
        for name, values in args.items():
            for v in values:
                if name == "lr" and v in (2.5, 1e30):  # large but finite: legal (fit warns if the loss explodes)
                    results.append(outcome(lambda: cls(**{name: v}), names=(), bad=False))
                    continue
                results.append(outcome(lambda: cls(**{name: v}), names=(cls.__name__, name), bad=True))
    for cls, args in OPT_GOOD.items():
        for name, values in args.items():
            for v in values:
                check = _one_sgd_step if cls is SGD else None
                results.append(outcome(lambda: cls(**{name: v}), names=(), check=check, bad=False))
    counts = record("optimizers", results)
    assert counts["clear"] >= 35


@HYP
@given(lr=st.floats(allow_nan=True, allow_infinity=True), beta=st.floats(allow_nan=True, allow_infinity=True))
def test_fuzz_optimizer_hypothesis(lr, beta):
    lr_ok = math.isfinite(lr) and lr > 0
    beta_ok = math.isfinite(beta) and 0 <= beta < 1
    res = outcome(
        lambda: Adam(lr=lr, beta1=beta),
        names=("Adam",) + (() if lr_ok else ("lr",)) if not (lr_ok and beta_ok) else (),
        bad=not (lr_ok and beta_ok),
    )
    record("optimizers (hypothesis)", [res])


# --------------------------------------------------------------------------- Sequential: summary, predict, save/load


def test_fuzz_summary_and_predict():
    model = tiny()[0]
    results = []
    for shape in [
        "1 4 4",
        (1, 4.5, 4),
        (1, 0, 4),
        (1, -4, 4),
        (1, None, 4),
        16,
        (),
        (1, 2, 3, 4, 5),
        b"144",
        (True, 4, 4),
    ]:
        results.append(outcome(lambda: model.summary(shape), names=("Sequential.summary", "input_shape"), bad=True))
    for shape in [(1, 4, 4), [1, 4, 4], (np.int64(1), 4, 4), (7, 1, 4, 4), (16,)]:
        results.append(outcome(lambda: model.summary(shape), names=(), check=lambda s: s.total == 51, bad=False))
    x = tiny()[1]
    results.append(outcome(lambda: model.predict(x[:0]), names=(), check=lambda p: p.shape == (0,), bad=False))
    oracle = model.forward(x).argmax(axis=1)
    for bs in (1, 5, 12, 500):
        results.append(
            outcome(
                lambda: model.predict(x, batch_size=bs), names=(), check=lambda p: np.array_equal(p, oracle), bad=False
            )
        )
    for bs in (0, 2.5, "5", None):
        results.append(outcome(lambda: model.predict(x, batch_size=bs), names=("predict", "batch_size"), bad=True))
    record("summary / predict", results)


def _png_header(width, height):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (1, 1)).save(buf, "PNG")
    data = buf.getvalue()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return data[:8] + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + data[33:]


def test_fuzz_save_and_load(tmp_path):
    model = tiny()[0]
    good = model.save(tmp_path / "good")
    raw = good.read_bytes()
    files = {
        "text.npz": b"not weights",
        "empty.npz": b"",
        "half.npz": raw[: len(raw) // 2],
        "tail.npz": raw[len(raw) // 2 :],
        "pickle.npz": b"\x80\x04K\x01.",
        "png.npz": _png_header(4, 4),
        "zip-of-text.npz": _zip({"0.W.npy": b"hello"}),
        "flipped.npz": raw[:60] + bytes(b ^ 0xFF for b in raw[60:120]) + raw[120:],
    }
    results = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        results.append(outcome(lambda: tiny()[0].load(tmp_path / name), names=("Sequential.load",), bad=True))
    np.save(tmp_path / "one.npy", np.zeros(3))
    (tmp_path / "folder.npz").mkdir()
    for path in ["one.npy", "folder.npz", "missing", "nowhere/x.npz", ""]:
        results.append(
            outcome(lambda: tiny()[0].load(tmp_path / path if path else path), names=("Sequential.load",), bad=True)
        )
    for path in [tmp_path / "nowhere" / "x", 42, None, tmp_path / "folder.npz"]:
        results.append(outcome(lambda: model.save(path), names=("Sequential.save",), bad=True))
    wrong = Sequential(L.Flatten(), L.Linear(16, 4))
    results.append(outcome(lambda: wrong.load(good), names=("Sequential.load", "shape"), bad=True))
    nan_model = tiny()[0]
    nan_model[1].params["W"][0, 0] = np.nan
    with pytest.warns(RuntimeWarning, match="NaN or inf"):
        nan_path = nan_model.save(tmp_path / "nan")
    results.append(outcome(lambda: tiny()[0].load(nan_path), names=("Sequential.load", "NaN"), bad=True))
    for name in ["good", "good.npz", str(tmp_path / "good")]:
        fresh = Sequential(L.Flatten(), L.Linear(16, 3, rng=np.random.default_rng(5)))
        target = tmp_path / name if not name.startswith("/") else name
        results.append(
            outcome(
                lambda: fresh.load(target),
                names=(),
                check=lambda m: np.array_equal(m[1].params["W"], model[1].params["W"]),
                bad=False,
            )
        )
    record("save / load", results)


def _zip(members: dict) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


# --------------------------------------------------------------------------- confusion_matrix


def test_fuzz_confusion_matrix():
    results = []
    bad = [
        ([1.7, 0], [1, 0]),
        ([np.nan, 0], [1, 0]),
        (["a", "b"], [1, 0]),
        ([0, 1], [0]),
        ([-1, 0], [0, 0]),
        ([0, 5], [0, 1]),
    ]
    for yt, yp in bad:
        results.append(
            outcome(
                lambda: confusion_matrix(yt, yp, **({"num_classes": 3} if yt == [0, 5] else {})),
                names=("confusion_matrix",),
                bad=True,
            )
        )
    for nc in (2.5, 0, "3"):
        results.append(
            outcome(
                lambda: confusion_matrix([0, 1], [0, 1], num_classes=nc),
                names=("confusion_matrix", "num_classes"),
                bad=True,
            )
        )
    rng = np.random.default_rng(0)
    for _ in range(10):
        yt, yp = rng.integers(0, 4, 30), rng.integers(0, 4, 30)
        loops = np.zeros((4, 4), int)
        for a, b in zip(yt, yp):
            loops[a, b] += 1
        results.append(
            outcome(
                lambda: confusion_matrix(yt, yp, num_classes=4),
                names=(),
                check=lambda c: np.array_equal(c, loops),
                bad=False,
            )
        )
        results.append(
            outcome(
                lambda: confusion_matrix(yt.astype(float), yp, num_classes=4),
                names=(),
                check=lambda c: np.array_equal(c, loops),
                bad=False,
            )
        )
    record("confusion_matrix", results)


@HYP
@given(
    st.lists(
        st.one_of(st.floats(min_value=-3, max_value=5), st.integers(-2, 5), st.sampled_from([math.nan, math.inf])),
        min_size=1,
        max_size=6,
    )
)
def test_fuzz_confusion_matrix_hypothesis(labels):
    whole = all(math.isfinite(v) and float(v).is_integer() for v in labels)
    ok = whole and min(labels) >= 0
    y = np.array(labels)
    check = (lambda c: c.trace() == len(labels) and c.sum() == len(labels)) if ok else None
    names = () if ok else ("confusion_matrix", "whole" if not whole else ">= 0")
    res = outcome(lambda: confusion_matrix(y, y), names=names, check=check, bad=not ok)
    record("confusion_matrix (hypothesis)", [res])


# --------------------------------------------------------------------------- the upload loader


def _encode(image, fmt, **kw):
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


def _odd_files():
    """(name, bytes, check or None for a file that must be refused)."""
    from PIL import Image

    stored = np.zeros((20, 40), np.uint8)
    stored[:, 20:] = 255
    exif = Image.Exif()
    exif[0x0112] = 6
    rgba = np.zeros((8, 8, 4), np.uint8)
    a16 = np.linspace(0, 65535, 64, dtype=np.float64).reshape(8, 8).astype(np.uint16)
    f32 = np.linspace(-1, 3, 64, dtype=np.float32).reshape(8, 8)
    return [
        (
            "phone.jpg",
            _encode(Image.fromarray(stored), "JPEG", exif=exif.tobytes()),
            lambda a: a.shape == (96, 48) and a[:10].mean() < 0.1 < 0.9 < a[-10:].mean(),
        ),
        ("logo.png", _encode(Image.fromarray(rgba, "RGBA"), "PNG"), lambda a: np.allclose(a, 1.0)),
        ("scan16.png", _encode(Image.fromarray(a16), "PNG"), lambda a: abs(a.mean() - 0.5) < 0.02),
        (
            "field.tif",
            _encode(Image.fromarray(f32, "F"), "TIFF"),
            lambda a: abs(a.min()) < 1e-6 and abs(a.max() - 1) < 1e-6,
        ),
        ("anim.gif", _encode(Image.new("P", (9, 9), 3), "GIF"), lambda a: a.shape == (96, 96)),
        ("ok.webp", _encode(Image.new("RGB", (10, 5), (255, 255, 255)), "WEBP"), lambda a: a.shape == (48, 96)),
        ("ok.bmp", _encode(Image.new("L", (5, 10), 0), "BMP"), lambda a: a.shape == (96, 48) and a.max() == 0),
        ("cmyk.jpg", _encode(Image.new("CMYK", (6, 6)), "JPEG"), lambda a: a.shape == (96, 96)),
        ("huge.png", _png_header(50_000, 50_000), None),
        ("big.png", _png_header(9000, 9000), None),
        ("drawing.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EOF\n", None),
        ("doc.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", None),
        ("notes.txt", b"hello, I am text", None),
        ("empty.png", b"", None),
        ("cut.png", _encode(Image.new("RGB", (50, 50)), "PNG")[:60], None),
        ("invoice_$12_to_$15.png", _encode(Image.new("L", (4, 4), 255), "PNG"), lambda a: np.allclose(a, 1.0)),
        ("<svg onload=alert(1)>.png", b"<svg onload=alert(1)>", None),
        ("x" * 500 + ".png", b"\x00" * 10, None),
    ]


def test_fuzz_upload_loader():
    results = []
    for name, data, check in _odd_files():
        if check is None:
            res = outcome(lambda: load_uploaded_image(data, name), names=("'",), bad=True)
            if res == "clear":  # names the (shortened) file and says what is wrong, in words
                try:
                    load_uploaded_image(data, name)
                except ValueError as exc:
                    text = str(exc)
                    ok = any(w in text for w in ("not an image", "too large", "empty")) and len(text) < 400
                    res = "clear" if ok else "unclear"
                    if "huge" in name or "big" in name:
                        res = "clear" if "too large" in text and "40 megapixels" in text else "unclear"
            results.append(res)
        else:
            results.append(outcome(lambda: load_uploaded_image(data, name), names=(), check=check, bad=False))
    for bad_arg in ("text", None, 42, ["a"]):
        results.append(
            outcome(
                lambda: load_uploaded_image(bad_arg, "x.png"), names=("load_uploaded_image", "content_bytes"), bad=True
            )
        )
    counts = record("upload loader", results)
    assert counts["correct"] >= 8 and counts["clear"] >= 12


@HYP
@given(st.binary(max_size=200))
def test_fuzz_upload_random_bytes(data):
    def check(a):
        return a.ndim == 2 and 0.0 <= a.min() and a.max() <= 1.0

    try:
        load_uploaded_image(data, "random.bin")
        bad = False
    except Exception:  # noqa: BLE001
        bad = True
    res = outcome(lambda: load_uploaded_image(data, "random.bin"), names=("'random.bin'",), check=check, bad=bad)
    if bad and res == "silent wrong":
        res = "crash"
    record("upload loader (hypothesis)", [res])


def test_zz_print_figures(capsys):
    rows = [f"{'area':32} {'correct':>8} {'clear':>6} {'unclear':>8} {'silent':>7} {'crash':>6}"]
    for area, c in FIGURES.items():
        rows.append(f"{area:32} {c['correct']:8} {c['clear']:6} {c['unclear']:8} {c['silent wrong']:7} {c['crash']:6}")
    with capsys.disabled():
        print("\n" + "\n".join(rows))
    for c in FIGURES.values():
        assert c["unclear"] == c["silent wrong"] == c["crash"] == 0


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__, "-q"]))
