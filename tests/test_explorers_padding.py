"""Notebook 02 explorers and exercises: visit counts, valid/same/full, the padding explorer."""

import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import conv_output_size, pad2d, same_padding
from helpers.exercises import check
from helpers.explorers import padding as P
from helpers.plotting import figure_texts  # noqa: E402


def all_text(fig):
    """Everything the figure shows as text (the grid view writes its titles as texts of one axes)."""
    return figure_texts(fig).replace("\n", " ")


def brute_force_visits(h, w, kh, kw, sh, sw, top, bottom, left, right):
    """Slide the window over the padded grid and count, for every input pixel, the windows covering it."""
    counts = np.zeros((h, w), int)
    for r0 in range(0, h + top + bottom - kh + 1, sh):
        for c0 in range(0, w + left + right - kw + 1, sw):
            for r in range(r0, r0 + kh):
                for c in range(c0, c0 + kw):
                    if top <= r < top + h and left <= c < left + w:
                        counts[r - top, c - left] += 1
    return counts


@pytest.mark.parametrize("size", [1, 2, 4, 6, (3, 5)])
@pytest.mark.parametrize("kernel", [1, 2, 3, (2, 3)])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2, (0, 1, 2, 0)])
def test_visit_counts_match_brute_force(size, kernel, stride, padding):
    h, w = size if isinstance(size, tuple) else (size, size)
    kh, kw = kernel if isinstance(kernel, tuple) else (kernel, kernel)
    pads = padding if isinstance(padding, tuple) else (padding,) * 4
    if kh > h + pads[0] + pads[1] or kw > w + pads[2] + pads[3]:
        with pytest.raises(ValueError, match="larger than the padded input"):
            P.visit_counts(size, kernel, stride, padding)
        return
    got = P.visit_counts(size, kernel, stride, padding)
    np.testing.assert_array_equal(got, brute_force_visits(h, w, kh, kw, stride, stride, *pads))


def test_visit_counts_total_equals_windows_times_cells_without_padding():
    counts = P.visit_counts(7, 3)
    assert counts.sum() == conv_output_size(7, 3) ** 2 * 9
    assert counts[0, 0] == 1 and counts[3, 3] == 9


def test_visit_counts_with_padding_grid():
    full = P.visit_counts(4, 3, padding=1, include_padding=True)
    assert full.shape == (6, 6) and full[0, 0] == 1
    np.testing.assert_array_equal(full[1:-1, 1:-1], P.visit_counts(4, 3, padding=1))


@pytest.mark.parametrize("k", range(1, 8))
def test_padding_for_valid_same_full(k):
    i = 9
    for kind, expected in (("valid", i - k + 1), ("same", i), ("full", i + k - 1)):
        before, after = P.padding_for(kind, k)
        assert conv_output_size(i + before + after, k) == expected
        assert after - before in (0, 1)
    assert P.padding_for("same", k) == same_padding(k)
    with pytest.raises(ValueError, match="kind"):
        P.padding_for("half", k)


def _all_settings():
    (plo, phi, _), (klo, khi, _) = P.PADDING_RANGES["padding"], P.PADDING_RANGES["kernel_size"]
    for source in P.SOURCES:
        for mode in P.MODES:
            for p in range(plo, phi + 1):
                for k in range(klo, khi + 1):
                    yield p, k, mode, source


def test_padding_explorer_over_every_setting_grid():
    """Every grid setting either works (with the right output size) or is refused with a reason.

    Every setting is computed and captioned; every zeros setting and a spread of the others is drawn
    (drawing only differs between modes in the numbers, and each figure costs ~0.1 s).
    """
    valid = refused = 0
    for n, (p, k, mode, source) in enumerate(s for s in _all_settings() if s[3] == "grid"):
        problem = P.padding_problem(p, k, mode, source)
        if problem:
            refused += 1
            with pytest.raises(ValueError):
                P.draw_padding(p, k, mode, source)
            with pytest.raises(ValueError):
                P.padding_caption(p, k, mode, source)
            continue
        valid += 1
        oh, ow = conv_output_size(P.PAD_INPUT.shape, k, padding=p)
        assert P.padded_output(p, k, mode, source)[2].shape == (oh, ow)
        assert f"output {oh}×{ow}" in P.padding_caption(p, k, mode, source)
        if mode == "zeros" or n % 5 == 0:
            fig = P.draw_padding(p, k, mode, source)
            assert f"output {oh}×{ow}" in all_text(fig) and f"input 5×5, padded to {5 + 2 * p}×" in all_text(fig)
            plt.close(fig)
    assert valid > 50 and refused > 0


def test_padding_explorer_over_every_setting_photo():
    """Photo: the computation and caption for every setting; drawing for a spread of them (drawing is slow)."""
    h, w = P._source_shape("photo")
    for n, (p, k, mode, source) in enumerate(s for s in _all_settings() if s[3] == "photo"):
        assert P.padding_problem(p, k, mode, source) is None  # the photo is large enough for every setting
        x, padded, out = P.padded_output(p, k, mode, source)
        assert padded.shape == (h + 2 * p, w + 2 * p)
        assert out.shape == conv_output_size((h, w), k, padding=p)
        assert f"output {out.shape[0]}×{out.shape[1]}" in P.padding_caption(p, k, mode, source)
        if n % 7 == 0:
            plt.close(P.draw_padding(p, k, mode, source))


def test_padding_problem_reasons():
    assert "reflect" in P.padding_problem(5, 3, "reflect", "grid")
    assert "does not fit" in P.padding_problem(0, 7, "zeros", "grid")
    assert "mode" in P.padding_problem(1, 3, "wrap", "grid")
    with pytest.raises(ValueError, match="source"):
        P.padding_problem(1, 3, "zeros", "camera")


def test_grid_output_is_window_sums_and_zero_padding_darkens_the_photo_border():
    x, padded, out = P.padded_output(1, 3, "zeros", "grid")
    assert out[2, 2] == P.PAD_INPUT[1:4, 1:4].sum()
    assert out[0, 0] == P.PAD_INPUT[:2, :2].sum()
    _, _, zeros = P.padded_output(2, 5, "zeros", "photo")
    _, _, edge = P.padded_output(2, 5, "edge", "photo")
    np.testing.assert_allclose(zeros[5:-5, 5:-5], edge[5:-5, 5:-5])
    assert zeros[0, :].mean() < edge[0, :].mean()


def test_constrain_keeps_the_kernel_inside_the_padded_grid():
    controls = {
        "padding": SimpleNamespace(value=0),
        "kernel_size": SimpleNamespace(value=3, max=7),
        "source": SimpleNamespace(value="grid"),
    }
    P._constrain(controls)
    assert controls["kernel_size"].max == 5
    controls["padding"].value = 2
    P._constrain(controls)
    assert controls["kernel_size"].max == 7


@pytest.mark.parametrize("padding", [0, 1, 2, 3])
def test_static_figures(padding):
    fig = P.draw_padding_modes(padding) if padding else None
    if fig:
        titles = [ax.get_title() for ax in fig.axes[: 2 * len(P.MODES)]]
        assert [t.split(":")[0] for t in titles] == list(P.MODES) * 2  # input row, then output row
        x = P.PAD_INPUT[:4, :4].astype(float)
        for mode, title in zip(P.MODES, titles[len(P.MODES) :]):
            padded = np.pad(x, padding, mode={"zeros": "constant", "circular": "wrap"}.get(mode, mode))
            o = 4 + 2 * padding - 5 + 1
            assert f"output {o}×{o}, top-left {padded[:5, :5].mean():.1f}" in title  # independent 5×5 mean
        plt.close(fig)
    fig = P.draw_visits(6, 3, padding)
    corner = P.visit_counts(6, 3, padding=padding)[0, 0]
    assert f"corner {corner}×" in fig.axes[1].get_title()
    plt.close(fig)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_valid_same_full_titles(k):
    fig = P.draw_valid_same_full(5, k)
    for ax, kind in zip(fig.axes, ("valid", "same", "full")):
        before, after = P.padding_for(kind, k)
        o = conv_output_size(5 + before + after, k)
        assert ax.get_title().startswith(kind) and f"output {o}×{o}" in ax.get_title()
    plt.close(fig)


@pytest.mark.parametrize("k", [2, 4, 6])
def test_even_same(k):
    fig = P.draw_even_same(k, 5)
    assert "output 5×5" in fig.axes[1].get_title()
    before, after = same_padding(k)
    assert f"padding {before} top/left, {after} bottom/right" in fig.axes[0].get_title()
    plt.close(fig)


def test_padding_explorer_builds():
    pytest.importorskip("ipywidgets")
    box = P.padding_explorer()
    assert re.search(r"output \d+×\d+", box.children[1].value)
    plt.close("all")


# ----------------------------------------------------------------------------- exercises
def _my_pad(x, p):
    h, w = x.shape
    out = np.zeros((h + 2 * p, w + 2 * p), dtype=x.dtype)
    out[p : p + h, p : p + w] = x
    return out


def test_pad_exercise(capsys):
    assert check("pad_zeros", _my_pad)
    assert not check("pad_zeros", lambda x, p: np.pad(x, ((p, 0), (p, 0))))
    assert "only the top and the left" in capsys.readouterr().out
    assert not check("pad_zeros", lambda x, p: pad2d(x, p, mode="edge"))
    assert "edge padding" in capsys.readouterr().out


def test_value_exercises(capsys):
    # notebook 02: a 7×7 kernel on 32×32; a 6×6 kernel; the corner of a 9×9 input under a 5×5 kernel
    assert check("same_padding_odd", 3)
    assert not check("same_padding_odd", 6)
    assert "total" in capsys.readouterr().out
    assert check("same_padding_even", (2, 3))
    assert not check("same_padding_even", (3, 2))
    assert check("corner_visits", (1, 9))
    assert not check("corner_visits", (25, 25))
    assert "far from the border" in capsys.readouterr().out
    assert not check("corner_visits", (1, 4))  # the 6×6 / 3×3 / padding-1 numbers printed earlier on the page


def test_pad_zeros_must_keep_the_dtype(capsys):
    # review finding: a float result for an int input used to pass although the task asks for x's dtype
    def float_result(x, p):
        x = np.asarray(x)
        out = np.zeros((x.shape[0] + 2 * p, x.shape[1] + 2 * p))
        out[p : p + x.shape[0], p : p + x.shape[1]] = x
        return out

    assert not check("pad_zeros", float_result)
    assert "dtype" in capsys.readouterr().out


def test_padding_slider_reaches_the_reflect_limit_on_the_grid():
    """The learner can move the padding slider onto the first padding reflect refuses, and no further."""
    lo, hi, default = P.PADDING_RANGES["padding"]
    assert lo <= default < hi
    assert P.padding_problem(hi - 1, 3, "reflect", "grid") is None
    assert "reflect" in P.padding_problem(hi, 3, "reflect", "grid")
    assert hi == min(P.PAD_INPUT.shape)
