"""helpers.widgets.render_figure's speed-ups keep every pixel of the notebook's inline rendering.

render_figure compresses the PNG less and computes the "tight" box itself (helpers.widgets.tight_bbox) instead
of letting matplotlib make an extra layout pass; both must give exactly the image that
``print_figure(fig, "png", bbox_inches="tight")`` (the inline backend's default) gives, for every explorer's
figure at its defaults. Text sizes are shared between figures (helpers/_text_metrics.py): same pixels too.
"""

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402
from PIL import Image  # noqa: E402

from helpers import _text_metrics  # noqa: E402
from helpers.widgets import UNCROPPED, render_figure, tight_bbox  # noqa: E402


def _figures():
    from helpers.explorers import (
        ceil_mode,
        channels,
        convolution,
        im2col,
        layer_stack,
        output_size,
        padding,
        photo_kernels,
        pool_shift,
        pooling,
        start_here,
        stride,
        transposed,
        window_steps,
    )

    return {
        "ceil_mode": ceil_mode.draw_ceil_mode,
        "channels": channels.draw_channel_contributions,
        "step": convolution.draw_step,
        "im2col": im2col.draw_im2col,
        "layer_stack": layer_stack.draw_trace,
        "output_size": output_size.draw_output_size,
        "padding": padding.draw_padding,
        "photo_kernel": photo_kernels.draw_kernel_on_image,
        "upload": photo_kernels.draw_upload,
        "shift": pool_shift.draw_shift_demo,
        "pooling": pooling.draw_pooling,
        "routing": pooling.draw_max_pool_backward,
        "window_count": start_here.draw_window_count,
        "stride": stride.draw_stride,
        "dilation": stride.draw_dilation,
        "transpose": transposed.draw_transpose_stamps,
        "window_steps": window_steps.draw_window_step,
    }


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


FIGURES = _figures()


def _inline_box(fig):
    """What the inline backend is asked for: the tight box, or the whole figure when it opts out (UNCROPPED)."""
    return None if getattr(fig, UNCROPPED, False) else "tight"


def test_an_uncropped_figure_is_drawn_at_its_own_size():
    fig = plt.figure(figsize=(2, 1), dpi=100)
    fig.add_subplot().plot([0, 1])
    setattr(fig, UNCROPPED, True)
    assert _pixels(render_figure(fig)).shape[:2] == (100, 200)
    fig = plt.figure(figsize=(2, 1), dpi=100)
    fig.add_subplot().plot([0, 1])
    assert _pixels(render_figure(fig)).shape[:2] != (100, 200)  # cropped to its tight box


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_render_figure_gives_the_inline_backends_pixels(name):
    draw = FIGURES[name]
    fig = draw()
    plain = _pixels(print_figure(fig, "png", bbox_inches=_inline_box(fig)))
    plt.close(fig)
    fast = _pixels(render_figure(draw()))
    assert plain.shape == fast.shape
    assert np.array_equal(plain, fast)


def test_a_figure_with_a_layout_engine_keeps_matplotlibs_pass():
    fig = plt.figure(layout="constrained")
    fig.add_subplot().set_title("x")
    assert tight_bbox(fig) is None
    plt.close(fig)
    fig = plt.figure()
    fig.add_subplot().set_title("x")
    box = tight_bbox(fig)
    assert box is not None and 0 < box.width < fig.get_figwidth() + 1
    plt.close(fig)


def test_shared_text_metrics_are_installed_once_and_give_the_same_sizes():
    import matplotlib.text as mtext
    from matplotlib.font_manager import FontProperties

    assert _text_metrics.install() and _text_metrics.install()
    shared = mtext._get_text_metrics_with_cache
    assert shared._helpers_shared and not getattr(shared.__wrapped__, "_helpers_shared", False)
    sizes = []
    for _ in range(2):  # two figures, two renderers: the second answer comes from the shared cache
        fig = plt.figure()
        renderer = fig.canvas.get_renderer()
        prop = FontProperties(size=11)
        sizes.append(shared(renderer, "output 12×12", prop, False, fig.dpi))
        direct = renderer.get_text_width_height_descent("output 12×12", prop, False)
        plt.close(fig)
    assert sizes[0] == sizes[1] == direct


# the three explorers that were slowest to redraw, at settings other than their defaults too
OTHER_SETTINGS = [
    ("transpose", {"input_size": 4, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1}),
    ("transpose", {"input_size": 2, "kernel_size": 4, "stride": 3}),
    ("transpose", {"input_size": 3, "kernel_size": 2, "stride": 2, "padding": 3}),  # not allowed: its own title
    ("channels", {"filter_index": 1, "out_row": 2, "out_col": 1}),
    ("layer_stack", {"input_shape": "3 32 32", "layers": "conv 6 3 p1\npool 2\nconv 12 3\nflatten\nfc 100 10"}),
    ("layer_stack", {"input_shape": "1 28 28", "layers": "conv 8 5\npool 2\nconv 16 13"}),  # a mismatch
]


@pytest.mark.parametrize("name, settings", OTHER_SETTINGS)
def test_render_figure_gives_the_inline_backends_pixels_at_other_settings(name, settings):
    draw = FIGURES[name]
    fig = draw(**settings)
    plain = _pixels(print_figure(fig, "png", bbox_inches=_inline_box(fig)))
    plt.close(fig)
    fast = _pixels(render_figure(draw(**settings)))
    assert plain.shape == fast.shape
    assert np.array_equal(plain, fast)


def test_the_placeholder_engine_tight_layout_leaves_is_dropped_and_the_layout_kept():
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    from helpers.widgets import _drop_placeholder_layout

    fig, axes = plt.subplots(1, 2)
    axes[0].set_title("a title")
    fig.tight_layout()
    assert type(fig.get_layout_engine()) is PlaceHolderLayoutEngine
    before = [ax.get_position().bounds for ax in axes]
    _drop_placeholder_layout(fig)
    assert fig.get_layout_engine() is None
    assert [ax.get_position().bounds for ax in axes] == before
    plt.close(fig)
    fig = plt.figure(layout="constrained")  # a real engine stays
    _drop_placeholder_layout(fig)
    assert fig.get_layout_engine() is not None
    plt.close(fig)


@pytest.mark.parametrize("settings", [{}] + [s for name, s in OTHER_SETTINGS if name == "transpose"])
def test_the_transposed_figures_hidden_axes_drew_nothing(settings, monkeypatch):
    """draw_transpose_stamps hides its axes' x and y axis (no ticks, no labels) to skip their layout: the
    figure drawn with them left visible (the code before) gives the same pixels and texts."""
    import matplotlib.axis

    from helpers.plotting import figure_texts

    draw = FIGURES["transpose"]
    fig = draw(**settings)
    assert not any(ax.xaxis.get_visible() or ax.yaxis.get_visible() for ax in fig.axes)
    texts = figure_texts(fig)
    fast = _pixels(render_figure(fig))
    with monkeypatch.context() as m:
        m.setattr(matplotlib.axis.Axis, "set_visible", lambda self, b: None)  # the axes stay as they were
        shown = draw(**settings)
    assert all(ax.xaxis.get_visible() and ax.yaxis.get_visible() for ax in shown.axes)
    assert figure_texts(shown) == texts
    before = _pixels(render_figure(shown))
    assert before.shape == fast.shape
    assert np.array_equal(before, fast)
