"""Every explorer callback (the draw and caption functions behind the sliders) over its slider grid and
with edge values: it returns a figure (rendered with Agg, so errors at render time count too) or text,
or raises the clear ValueError/TypeError the widget shows in red. Nothing else, and no warning.

Captions are cheap and walked over their whole grid; draws over a seeded sample of the grid plus its
corners and values just outside the slider ranges (a slider cannot reach them, a caller can).
"""

from __future__ import annotations

import io
import itertools
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.explorers import (  # noqa: E402
    channels,
    convolution,
    im2col,
    layer_stack,
    output_size,
    padding,
    pooling,
    start_here,
    stride,
    transposed,
)

DRAW_SAMPLE = 14  # grid points per draw callback, besides corners and out-of-range values
ODD_VALUES = (2.5, None, "3", float("nan"), True)  # what a caller (not a slider) might pass


def _axes(ranges):
    """slider name -> the values a slider offers (ints lo..hi or the dropdown's options)."""
    out = {}
    for name, spec in ranges.items():
        if isinstance(spec, tuple) and len(spec) == 3 and all(isinstance(v, int) for v in spec):
            out[name] = list(range(spec[0], spec[1] + 1))
        elif isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], tuple):  # (options, default)
            out[name] = list(spec[0])
        else:
            out[name] = list(spec)
    return out


def _grid(ranges):
    axes = _axes(ranges)
    for values in itertools.product(*axes.values()):
        yield dict(zip(axes, values))


def _edges(ranges):
    """Out-of-range and oddly typed values, one argument at a time (the others at their first value)."""
    axes = _axes(ranges)
    base = {name: values[0] for name, values in axes.items()}
    for name, values in axes.items():
        extra = [values[0] - 1, values[-1] + 1] if isinstance(values[0], int) else ["no such option"]
        for v in extra + list(ODD_VALUES):
            yield dict(base, **{name: v})


def _sample(ranges, n, seed, grid=None):
    """``n`` seeded picks of the slider grid (or of ``grid``, the settings an explorer's sliders reach),
    its first and last points, and the edge values of ``ranges``."""
    grid = list(_grid(ranges)) if grid is None else list(grid)
    rng = np.random.default_rng(seed)
    picks = [grid[0], grid[-1]] + [grid[i] for i in rng.choice(len(grid), size=min(n, len(grid)), replace=False)]
    return picks + list(_edges(ranges))


def _png_upload(name):
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray((np.arange(64).reshape(8, 8) * 4).astype(np.uint8)).save(buf, format="PNG")
    return ({"name": name, "content": memoryview(buf.getvalue())},)


# the calculator's slider product is too large to walk (227 input sizes): its reachable settings for these
OUTPUT_SIZE_INPUTS = (1, 2, 3, 5, 8, 12, 24, 25, 31, 224, 227)
CUSTOM_DEFAULT = {n: 0.0 for n in convolution.CUSTOM_NAMES} | {"k11": 1.0}
EDGE_NUMBERS = (0.0, 1e308, -1e308, 1e-320, float("inf"), float("nan"), None, 1e154)

# (callback name, function, list of keyword dicts)
CAPTIONS = [
    ("stride_caption", stride.stride_caption, list(_grid(stride.STRIDE_RANGES)) + list(_edges(stride.STRIDE_RANGES))),
    (
        "formula_html",
        output_size.formula_html,
        list(output_size.calculator_settings(input_sizes=OUTPUT_SIZE_INPUTS))
        + list(_edges(output_size.OUTPUT_SIZE_RANGES)),
    ),
    (
        "padding_caption",
        padding.padding_caption,
        list(_grid(padding.PADDING_RANGES)) + list(_edges(padding.PADDING_RANGES)),
    ),
    (
        "im2col_caption",
        im2col.im2col_caption,
        list(_grid(im2col.IM2COL_RANGES)) + list(_edges(im2col.IM2COL_RANGES)),
    ),
    (
        "channels_caption",
        channels.channels_caption,
        list(_grid(channels.CHANNELS_RANGES)) + list(_edges(channels.CHANNELS_RANGES)),
    ),
    (
        "pooling_caption",
        pooling.pooling_caption,
        list(_grid(pooling.POOLING_RANGES | pooling.POOLING_OPTIONS))
        + list(_edges(pooling.POOLING_RANGES | pooling.POOLING_OPTIONS)),
    ),
    (
        "routing_caption",
        pooling.routing_caption,
        list(_grid(pooling.ROUTING_RANGES)) + list(_edges(pooling.ROUTING_RANGES)),
    ),
    (
        "shift_caption",
        pooling.shift_caption,
        list(_grid(pooling.SHIFT_RANGES)) + list(_edges(pooling.SHIFT_RANGES)),
    ),
    (
        "window_count_caption",
        start_here.window_count_caption,
        list(_grid(start_here.WINDOW_COUNT_RANGES)) + list(_edges(start_here.WINDOW_COUNT_RANGES)),
    ),
    (
        "step_caption",
        convolution.step_caption,
        list(_grid(convolution.STEP_RANGES | {"operation": convolution.OPERATIONS}))
        + list(_edges(convolution.STEP_RANGES)),
    ),
    ("kernel_caption", convolution.kernel_caption, list(_grid(convolution.KERNEL_RANGES))),
    (
        "transpose_caption",
        transposed.transpose_caption,
        list(_grid(transposed.TRANSPOSE_RANGES)) + list(_edges(transposed.TRANSPOSE_RANGES)),
    ),
    (
        "custom_kernel_caption",
        convolution.custom_kernel_caption,
        [dict(CUSTOM_DEFAULT, **{n: v}) for n in ("k00", "k11") for v in EDGE_NUMBERS],
    ),
    (
        "upload_caption",
        convolution.upload_caption,
        [{"upload": _png_upload(n)} for n in ("invoice_$12_to_$15.png", "<svg onload=alert(1)>.png", "a" * 300)]
        + [{"upload": ()}],
    ),
]

DRAWS = [
    ("draw_stride", stride.draw_stride, _sample(stride.STRIDE_RANGES, DRAW_SAMPLE, 1)),
    ("draw_dilation", stride.draw_dilation, _sample(stride.DILATION_RANGES, DRAW_SAMPLE, 2)),
    (
        "draw_output_size",
        output_size.draw_output_size,
        _sample(output_size.OUTPUT_SIZE_RANGES, DRAW_SAMPLE, 3, output_size.calculator_settings()),
    ),
    ("draw_ceil_mode", output_size.draw_ceil_mode, _sample(output_size.CEIL_MODE_RANGES, DRAW_SAMPLE, 4)),
    ("draw_transpose_stamps", transposed.draw_transpose_stamps, _sample(transposed.TRANSPOSE_RANGES, DRAW_SAMPLE, 9)),
    ("draw_padding", padding.draw_padding, _sample(padding.PADDING_RANGES, DRAW_SAMPLE, 5)),
    ("draw_im2col", im2col.draw_im2col, _sample(im2col.IM2COL_RANGES, DRAW_SAMPLE, 6)),
    (
        "draw_channel_contributions",
        channels.draw_channel_contributions,
        _sample(channels.CHANNELS_RANGES, DRAW_SAMPLE, 7),
    ),
    ("draw_pooling", pooling.draw_pooling, _sample(pooling.POOLING_RANGES | pooling.POOLING_OPTIONS, DRAW_SAMPLE, 8)),
    ("draw_max_pool_backward", pooling.draw_max_pool_backward, _sample(pooling.ROUTING_RANGES, DRAW_SAMPLE, 9)),
    ("draw_shift_demo", pooling.draw_shift_demo, _sample(pooling.SHIFT_RANGES, DRAW_SAMPLE, 10)),
    ("draw_window_count", start_here.draw_window_count, _sample(start_here.WINDOW_COUNT_RANGES, DRAW_SAMPLE, 11)),
    ("draw_step", convolution.draw_step, _sample(convolution.STEP_RANGES, DRAW_SAMPLE, 12)),
    ("draw_kernel_on_image", convolution.draw_kernel_on_image, list(_grid(convolution.KERNEL_RANGES))[::3]),
    (
        "draw_custom_kernel",
        convolution.draw_custom_kernel,
        [dict(CUSTOM_DEFAULT, k00=v) for v in EDGE_NUMBERS]
        + [dict(CUSTOM_DEFAULT, k00=v, k22=v) for v in (1e308, 3.0)],
    ),
    (
        "draw_upload",
        convolution.draw_upload,
        [{"upload": _png_upload(n)} for n in ("invoice_$12_to_$15.png", "$\\frac{", "a" * 300, "x.png")],
    ),
    (
        "draw_trace",
        layer_stack.draw_trace,
        [
            {},
            {"layers": None},
            {"layers": 5},
            {"layers": [1, 2]},
            {"layers": ""},
            {"layers": "conv 8 99"},
            {"layers": "conv $x$ 3\npool 2"},
            {"layers": "conv 8 3 s0"},
            {"input_shape": None},
            {"input_shape": (1, 28.5, 28)},
            {"input_shape": "1 0 28"},
            {"input_shape": "1 100000 100000", "layers": "conv 8 3\npool 2\nflatten\nfc 10"},
        ],
    ),
]

STATS = {"callbacks": 0, "calls": 0, "figures_or_text": 0, "clear_errors": 0}


def _call(func, kwargs, render):
    """Run one callback; 'ok' or 'clear error'. Anything else (or any warning) fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = func(**kwargs)
            if render:
                result.canvas.draw()  # errors while rendering (mathtext of a file name) count too
            else:
                assert isinstance(result, str) and result
            return "ok"
        except (ValueError, TypeError) as exc:
            message = str(exc)
            assert len(message) > 15, f"{func.__name__}({kwargs}): unclear message {message!r}"
            assert "Traceback" not in message
            return "clear error"
        finally:
            plt.close("all")


@pytest.mark.parametrize(("name", "func", "cases"), CAPTIONS + DRAWS, ids=[c[0] for c in CAPTIONS + DRAWS])
def test_callback_gives_a_result_or_a_clear_error(name, func, cases):
    render = (name, func, cases) in DRAWS
    outcomes = [_call(func, kw, render) for kw in cases]
    STATS["callbacks"] += 1
    STATS["calls"] += len(outcomes)
    STATS["figures_or_text"] += outcomes.count("ok")
    STATS["clear_errors"] += outcomes.count("clear error")
    assert "ok" in outcomes, f"{name}: not one case drew"  # the grid is not all errors


def test_slider_grids_that_the_validity_checks_allow_always_draw():
    """Slider values inside the limits the explorers set (constrain) never give an error."""
    for kw in _grid(stride.STRIDE_RANGES):
        if stride.stride_is_valid(kw["input_size"], kw["kernel_size"], kw["stride"], kw["dilation"]):
            assert isinstance(stride.stride_caption(**kw), str)
    lo, hi, _ = im2col.IM2COL_RANGES["kernel_size"]
    for kw in _grid(im2col.IM2COL_RANGES):
        lim = im2col.im2col_limits(kw["input_size"], kw["kernel_size"], kw["stride"], kw["padding"])
        assert lim["kernel_size"] <= kw["input_size"] + 2 * kw["padding"]  # never larger than the input
        if kw["kernel_size"] <= lim["kernel_size"] and kw["out_row"] <= lim["out_row"] >= kw["out_col"]:
            im2col.im2col_caption(**kw)  # raises if the limits let an impossible setting through


def test_im2col_explorer_never_offers_a_kernel_larger_than_its_input():
    pytest.importorskip("ipywidgets")
    box = im2col.im2col_explorer()
    sliders = {w.description: w for w in box.children[0].children}
    sliders["input_size"].value = 3
    assert sliders["kernel_size"].max == 3 and sliders["kernel_size"].value <= 3
    sliders["padding"].value = 1
    assert sliders["kernel_size"].max == 4


def test_custom_kernel_overflow_is_a_clear_message_not_a_warning():
    cells = {n: 1e308 for n in convolution.CUSTOM_NAMES}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="overflow"):
            convolution.draw_custom_kernel(**cells)
        assert "inf" in convolution.custom_kernel_caption(**cells)


def test_draw_trace_refuses_a_missing_layer_list_by_name():
    with pytest.raises(TypeError, match="layers must be text"):
        layer_stack.draw_trace(layers=None)


def test_zz_report_fuzz_figures(capsys):
    """Printed with -s: callbacks × values tried, and how they ended (tracebacks are test failures)."""
    with capsys.disabled():
        print(f"\nexplorer fuzz: {STATS}")
    assert STATS["calls"] == STATS["figures_or_text"] + STATS["clear_errors"]
