"""Notebook 01 explorers and exercises: step-through, kernels on a photo, upload, parameter counts."""

import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image
from scipy.signal import convolve2d, correlate2d

from helpers import conv2d_naive, conv_output_size, conv_param_count
from helpers.exercises import check
from helpers.explorers import convolution as C
from helpers.images import sample_image
from helpers.plotting import cell_texts


def caption_size(caption):
    m = re.search(r"output (\d+)×(\d+)", caption)
    assert m, caption
    return int(m.group(1)), int(m.group(2))


# ----------------------------------------------------------------------------- pure computations
@pytest.mark.parametrize("operation", C.OPERATIONS)
def test_step_products_rebuild_the_whole_output(operation):
    x, k = C.STEP_INPUT, C.STEP_KERNEL
    out = C.conv_output(x, k, bias=2, operation=operation)
    oh, ow = out.shape
    for position in range(oh * ow):
        s = C.step_products(x, k, position, bias=2, operation=operation)
        assert (s.i, s.j) == divmod(position, ow)
        np.testing.assert_array_equal(s.window, x[s.i : s.i + 3, s.j : s.j + 3])
        np.testing.assert_array_equal(s.products, s.window * s.kernel)
        assert s.total == s.products.sum()
        assert s.value == s.total + 2 == out[s.i, s.j]


def test_cross_correlation_and_true_convolution_match_scipy():
    x, k = C.STEP_INPUT, C.STEP_KERNEL
    np.testing.assert_allclose(C.conv_output(x, k), correlate2d(x, k, mode="valid"))
    np.testing.assert_allclose(C.conv_output(x, k, operation="true convolution"), convolve2d(x, k, mode="valid"))
    # the example was chosen so that the two differ: flipping matters
    assert not np.allclose(C.conv_output(x, k), C.conv_output(x, k, operation="true convolution"))


def test_flip_kernel_is_a_180_degree_rotation():
    k = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(C.flip_kernel(k), np.rot90(k, 2))
    with pytest.raises(ValueError, match="2-D"):
        C.flip_kernel(np.ones(3))


def test_step_products_bad_position_and_operation():
    with pytest.raises(ValueError, match="0..8"):
        C.step_products(C.STEP_INPUT, C.STEP_KERNEL, 9)
    with pytest.raises(TypeError, match="position"):
        C.step_products(C.STEP_INPUT, C.STEP_KERNEL, 1.5)
    with pytest.raises(ValueError, match="operation"):
        C.step_products(C.STEP_INPUT, C.STEP_KERNEL, 0, operation="convolve")


def test_filter_image_keeps_size_and_known_kernels_behave():
    img = sample_image(size=40)
    for name, kernel in C.KERNELS.items():
        assert C.filter_image(img, kernel).shape == img.shape, name
    np.testing.assert_allclose(C.filter_image(img, C.KERNELS["identity"]), img)
    flat = np.full((10, 12), 0.3)
    for name in ("box blur", "Gaussian blur", "sharpen"):  # sum 1: a flat image stays flat
        np.testing.assert_allclose(C.filter_image(flat, C.KERNELS[name]), flat)
    for name in ("Sobel x", "Sobel y", "Laplacian"):  # sum 0: no edges, no response
        np.testing.assert_allclose(C.filter_image(flat, C.KERNELS[name]), 0, atol=1e-12)
    ramp = np.tile(np.arange(8.0), (6, 1))  # brightness grows along x
    assert np.all(C.filter_image(ramp, C.KERNELS["Sobel x"])[:, 1:-1] > 0)
    np.testing.assert_allclose(C.filter_image(ramp, C.KERNELS["Sobel y"]), 0, atol=1e-12)


def test_filter_image_true_convolution_flips():
    img = sample_image(size=24)
    k = C.KERNELS["Sobel x"]
    np.testing.assert_allclose(C.filter_image(img, k, "true convolution"), -C.filter_image(img, k))


def test_fc_vs_conv_params_28():
    p = C.fc_vs_conv_params(28, 3)
    assert p["output_size"] == 26 and p["outputs"] == 676
    assert p["conv"] == conv_param_count(1, 1, 3) == 10
    assert p["fc"] == 784 * 676 + 676
    assert p["fc_inputs_per_output"] == 784 and p["conv_inputs_per_output"] == 9
    assert C.fc_vs_conv_params(28, 5, out_channels=6)["conv"] == 156


def test_kernel_label():
    assert C.kernel_label(C.KERNELS["Gaussian blur"]) == "1/16 × [1 2 1 | 2 4 2 | 1 2 1]"
    assert C.kernel_label(C.KERNELS["box blur"]) == "1/9 × [1 1 1 | 1 1 1 | 1 1 1]"
    assert C.kernel_label(C.KERNELS["Sobel x"]) == "[-1 0 1 | -2 0 2 | -1 0 1]"


# ----------------------------------------------------------------------------- drawing over the slider ranges
@pytest.mark.parametrize("operation", C.OPERATIONS)
def test_draw_step_every_position(operation):
    lo, hi, _ = C.STEP_RANGES["position"]
    oh, ow = conv_output_size(C.STEP_INPUT.shape, C.STEP_KERNEL.shape)
    assert hi == oh * ow - 1
    for position in range(lo, hi + 1):
        fig = C.draw_step(position=position, bias=0, operation=operation)
        texts = " ".join(t.get_text() for t in fig.axes[0].texts)
        assert f"output {oh}×{ow}" in texts and f"position {position} of 0..{hi}" in texts
        plt.close(fig)
        assert caption_size(C.step_caption(position, 0, operation)) == (oh, ow)


def test_draw_step_every_bias_shows_the_value():
    lo, hi, _ = C.STEP_RANGES["bias"]
    for bias in range(lo, hi + 1):
        fig = C.draw_step(position=4, bias=bias)
        texts = [t.get_text() for t in fig.axes[0].texts]
        expected = C.step_products(C.STEP_INPUT, C.STEP_KERNEL, 4, bias).value
        assert any(t.endswith(f"= {expected:g}") for t in texts), texts
        plt.close(fig)


def test_draw_step_labels_input_and_output_in_words():
    fig = C.draw_step(0)
    titles = " ".join(cell_texts(fig.axes[0]))  # Text artists and the glyph-outline cell labels
    assert "input 5×5" in titles and "output 3×3" in titles and "kernel (as is)" in titles
    assert "?" in titles  # outputs not computed yet
    plt.close(fig)
    fig = C.draw_step(0, operation="true convolution")
    assert "kernel, flipped 180°" in " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)


@pytest.mark.parametrize("operation", C.OPERATIONS)
def test_draw_kernel_on_image_every_kernel(operation):
    img = sample_image(size=32)
    for name in C.KERNELS:
        fig = C.draw_kernel_on_image(name, operation, image=img)
        titles = [ax.get_title() for ax in fig.axes]
        assert titles[0].startswith("input photo") and titles[2].startswith("output 32×")
        oh, ow = caption_size(C.kernel_caption(name, operation, image=img))
        assert (oh, ow) == img.shape and titles[2].startswith(f"output {oh}×{ow}")
        plt.close(fig)
    with pytest.raises(ValueError, match="kernel_name"):
        C.draw_kernel_on_image("blur!", operation)


def test_draw_gallery_and_locality():
    fig = C.draw_gallery(sample_image(size=32))
    assert sum(ax.axison for ax in fig.axes) == len(C.KERNELS)
    plt.close(fig)
    fig = C.draw_locality()
    p = C.fc_vs_conv_params(28, 3)
    # fully-connected → locally connected → convolution, one bar each, in that order
    assert [t.get_text() for t in fig.axes[2].texts] == [f"{p[k]:,}" for k in ("fc", "local", "conv")]
    assert [t.get_text() for t in fig.axes[2].texts] == ["530,660", "6,760", "10"]
    assert [round(b.get_height()) for b in fig.axes[2].patches] == [530_660, 6_760, 10]
    plt.close(fig)


def test_draw_custom_kernel_and_bad_cells():
    cells = {n: float(v) for n, v in zip(C.CUSTOM_NAMES, C.KERNELS["emboss"].ravel())}
    plt.close(C.draw_custom_kernel(image=sample_image(size=24), **cells))
    assert "kernel sum = 1" in C.custom_kernel_caption(**cells)
    assert caption_size(C.custom_kernel_caption(**cells)) == sample_image().shape
    with pytest.raises(ValueError, match="k11"):
        C.draw_custom_kernel(**dict(cells, k11=float("nan")))
    with pytest.raises(ValueError, match="missing"):
        C.draw_custom_kernel(k00=1.0)


def _upload(data, name="me.png"):
    from datetime import datetime, timezone

    return (
        {
            "name": name,
            "type": "image/png",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2024, 1, 1, tzinfo=timezone.utc),
        },
    )


def test_draw_upload_sample_file_and_bad_file():
    fig = C.draw_upload((), "Sobel x")
    assert fig.axes[0].get_title().startswith("input photo")
    plt.close(fig)
    buf = io.BytesIO()
    Image.new("RGB", (120, 60), (10, 200, 30)).save(buf, "PNG")
    fig = C.draw_upload(_upload(buf.getvalue()), "box blur")
    assert "your image 'me.png'" in fig.axes[0].get_title()
    plt.close(fig)
    assert "me.png" in C.upload_caption(_upload(buf.getvalue()))
    assert caption_size(C.upload_caption(_upload(buf.getvalue()))) == (48, 96)
    assert caption_size(C.upload_caption(())) == sample_image().shape
    with pytest.raises(ValueError, match="not an image"):
        C.draw_upload(_upload(b"%PDF-1.4 nope", "paper.pdf"), "box blur")


def test_explorers_build_without_a_kernel():
    pytest.importorskip("ipywidgets")
    for build in (C.step_explorer, C.kernel_explorer, C.custom_kernel_explorer, C.upload_explorer):
        box = build()
        assert box.children
    plt.close("all")


def test_upload_explorer_survives_a_bad_file(capsys):
    """The widget wrapper turns the ValueError into a red message (outside a kernel it is printed)."""
    pytest.importorskip("ipywidgets")
    box = C.upload_explorer()
    upload = box.children[0].children[0]
    upload.value = _upload(b"just text", "notes.txt")  # must not raise
    assert "HTML" in capsys.readouterr().out  # error_html was displayed, not a figure
    upload.value = ()
    plt.close("all")


# ----------------------------------------------------------------------------- exercises
def _my_conv2d(x, k, b=0.0):
    oh, ow = x.shape[0] - k.shape[0] + 1, x.shape[1] - k.shape[1] + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[i, j] = np.sum(x[i : i + k.shape[0], j : j + k.shape[1]] * k) + b
    return out


def test_conv2d_exercise_accepts_a_loop_solution(capsys):
    assert check("conv2d_loops", _my_conv2d)
    assert "correct on all 8 hidden cases" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda x, k, b=0.0: _my_conv2d(x, k[::-1, ::-1], b), "flipped"),
        (lambda x, k, b=0.0: _my_conv2d(x, k), "off by the bias"),
        (lambda x, k, b=0.0: _my_conv2d(x, k) + b * k.size, "not to every product"),
        (lambda x, k, b=0.0: _my_conv2d(x, k)[:-1, :-1], "range(H - KH + 1)"),
        (lambda x, k, b=0.0: x.copy(), "smaller than the input"),
    ],
)
def test_conv2d_exercise_names_the_mistake(wrong, hint, capsys):
    assert not check("conv2d_loops", wrong)
    assert hint in capsys.readouterr().out


def test_conv2d_exercise_not_attempted(capsys):
    def stub(x, k, b=0.0):
        raise NotImplementedError

    result = check("conv2d_loops", stub)
    assert not result and not result.attempted


def test_value_exercises():
    from helpers.exercises import bank_convolution as B

    expected = conv2d_naive(B.PREDICT_INPUT.astype(float), B.PREDICT_KERNEL.astype(float), b=float(B.PREDICT_BIAS))[
        B.PREDICT_CELL
    ]
    assert check("predict_output_cell", int(expected))
    assert not check("predict_output_cell", int(expected) - B.PREDICT_BIAS)
    assert check("conv_params_28", conv_param_count(1, 6, 5))
    assert not check("conv_params_28", 150)
    assert check("fc_params_28", 784 * 6 * 24 * 24 + 6 * 24 * 24)
    assert f"= {int(expected)}." in B._predict_explanation()
