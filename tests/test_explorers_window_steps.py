"""The one-window-at-a-time figure of notebooks 03 and 04 (helpers.explorers.window_steps)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers import conv_output_size  # noqa: E402
from helpers.explorers import window_steps as ws  # noqa: E402
from helpers.plotting import figure_texts  # noqa: E402


def loop_window_cells(i, k, s, p, d, index):
    """The cells window ``index`` reads, by walking the padded input start by start (an independent oracle)."""
    n = i + 2 * p
    starts = [o for o in range(0, n, s) if o + d * (k - 1) < n]
    r0, c0 = starts[index // len(starts)], starts[index % len(starts)]
    return sorted((r0 + d * u, c0 + d * v) for u in range(k) for v in range(k))


@pytest.mark.parametrize(
    "i,k,s,p,d", [(7, 3, 2, 0, 1), (8, 3, 2, 0, 1), (9, 3, 1, 0, 2), (9, 3, 2, 2, 2), (5, 1, 2, 0, 1)]
)
def test_every_window_reads_the_cells_the_loop_finds(i, k, s, p, d):
    o = conv_output_size(i, k, s, p, d)
    steps = ws.window_steps(i, k, s, p, d, positions=range(o * o))
    for step in steps:
        assert sorted(step["cells"]) == loop_window_cells(i, k, s, p, d, step["index"])
        assert step["out"] == divmod(step["index"], o)


@pytest.mark.parametrize("o", [1, 2, 3, 5])
def test_default_positions_first_row_then_the_last_window(o):
    pos = ws.default_positions(o)
    assert pos == sorted(set(pos)) and all(0 <= p < o * o for p in pos)
    assert pos[-1] == o * o - 1 and len(pos) == min(4, o * o)


def test_figure_names_each_window_and_its_output_cell():
    fig = ws.draw_window_steps(8, 3, 2)
    text = figure_texts(fig)
    plt.close(fig)
    for i, j, r, c in [(0, 0, 0, 0), (0, 1, 0, 2), (0, 2, 0, 4), (2, 2, 4, 4)]:
        assert f"cell ({i}, {j})\n← window at row {r}, col {c}" in text
    unread = 8 * 8 - 7 * 7  # row and column 7 are never read at I=8, K=3, S=2
    assert f"the {unread} input cells no window reads" in text and f"×: {unread} dropped by the floor" in text
    assert text.count("×") - text.count("×:") >= 4 * unread  # every panel marks them, as the explorer does


def test_a_window_keeps_its_colour_in_every_figure():
    import matplotlib.colors as mcolors

    def outline_colours(fig):
        return {mcolors.to_hex(p.get_edgecolor()) for ax in fig.axes for p in ax.patches}

    for position in (2, 5, 8):  # alone in a figure, each window gets its own colour, not the first panel's
        fig = ws.draw_window_steps(8, 3, 2, positions=[position])
        colours = outline_colours(fig)
        plt.close(fig)
        own = mcolors.to_hex(ws.STEP_COLORS[position % len(ws.STEP_COLORS)])
        assert own in colours, (position, own, colours)
        if position % len(ws.STEP_COLORS):
            assert mcolors.to_hex(ws.STEP_COLORS[0]) not in colours, position


@pytest.mark.parametrize("bad", [[9], [-1], [1.5], ["0"]])
def test_bad_positions_name_the_range(bad):
    with pytest.raises(ValueError, match=r"use 0\.\.8"):
        ws.window_steps(8, 3, 2, positions=bad)


def test_caption_names_the_cells_the_window_reads():
    text = ws.window_step_caption(8, 3, 2, 0, 1, position=5)  # output (1, 2): rows 2..4, columns 4..6
    assert "output cell (1, 2)" in text and "rows [2, 3, 4] × columns [4, 5, 6]" in text and "of 9" in text


@pytest.mark.parametrize("setting", [(7, 3, 2, 0, 1), (10, 5, 3, 2, 2), (3, 1, 1, 0, 1)])
def test_explorer_position_slider_stops_at_the_last_window(setting):
    pytest.importorskip("ipywidgets", reason="the explorer needs ipywidgets")
    from helpers.widgets import int_sliders

    controls = int_sliders(ws.WINDOW_STEP_RANGES)
    for name, value in zip(("input_size", "kernel_size", "stride", "padding", "dilation"), setting):
        controls[name].value = value
    controls["position"].value = controls["position"].max
    ws._constrain(controls)
    o = conv_output_size(*setting)
    assert controls["position"].max == o * o - 1 and controls["position"].value <= o * o - 1
    fig = ws.draw_window_step(*setting, position=controls["position"].value)
    text = figure_texts(fig)
    plt.close(fig)
    assert f"step {o * o} of {o * o}" in text  # the slider's last value draws the last window


@pytest.mark.parametrize(
    "start,error,words",
    [
        ({"kernel": 3}, TypeError, ["unknown slider kernel=3", "input_size, kernel_size"]),
        ({"input_size": 11}, ValueError, ["input_size=11", "from 3 to 10"]),
        ({"stride": 0}, ValueError, ["stride=0", "from 1 to 3"]),
        ({"padding": 1.0}, ValueError, ["padding=1.0", "an integer"]),
        ({"dilation": True}, ValueError, ["dilation=True", "from 1 to 2"]),
    ],
)
def test_explorer_start_values_outside_the_sliders_name_the_slider_and_range(start, error, words):
    pytest.importorskip("ipywidgets", reason="the explorer needs ipywidgets")
    with pytest.raises(error) as info:
        ws.window_steps_explorer(**start)
    for word in words:
        assert word in str(info.value)


def test_explorer_start_values_set_the_sliders():
    pytest.importorskip("ipywidgets", reason="the explorer needs ipywidgets")
    box = ws.window_steps_explorer(input_size=8, stride=1)
    sliders = {c.description: c.value for c in _walk(box) if hasattr(c, "max") and hasattr(c, "description")}
    defaults = {name: value for name, (_, _, value) in ws.WINDOW_STEP_RANGES.items()}
    assert sliders == {**defaults, "input_size": 8, "stride": 1}


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
