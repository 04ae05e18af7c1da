"""helpers.widgets: the explorer wrapper shows red messages, never a traceback or a warning (issue 15)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("ipywidgets")
from helpers.widgets import explorer, int_slider, render_figure  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    """Every object the explorer displays (outside a kernel IPython would only print its repr)."""
    import IPython.display

    objects = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: objects.extend(objs))
    return objects


def _run(draw, capsys, shown):
    box = explorer(draw, {"n": int_slider("n", 1, 0, 3)})
    printed = capsys.readouterr()
    html = " ".join(o.data for o in shown if type(o).__name__ == "HTML")
    pngs = [o for o in shown if type(o).__name__ == "Image"]
    return box, printed.out + printed.err, html, pngs


def test_an_error_while_rendering_is_shown_in_red(capsys, shown):
    def draw(n):
        fig, ax = plt.subplots()
        ax.set_title("invoice_$12_to_$15.png")  # mathtext fails only when the figure is rendered
        return fig

    plt.close("all")  # figures another test left open in this worker are not this test's business
    with pytest.raises(ValueError):
        render_figure(draw(1))  # the oracle: rendering this figure really fails
    box, printed, html, pngs = _run(draw, capsys, shown)
    assert "cnn-error" in html and "Traceback" not in printed + html and pngs == []
    assert plt.get_fignums() == []  # the figure was closed anyway


def test_warnings_do_not_leak_into_the_output(capsys, recwarn, shown):
    def draw(n):
        big = np.array([1e308]) * 10  # RuntimeWarning: overflow encountered in multiply
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, float(np.isinf(big[0]))])
        return fig

    box, printed, html, pngs = _run(draw, capsys, shown)
    assert "Warning" not in printed and "overflow" not in printed
    assert not [w for w in recwarn if "overflow" in str(w.message)]
    assert html == "" and len(pngs) == 1


def test_a_good_figure_is_shown_as_a_png(capsys, shown):
    def draw(n):
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.imshow(np.eye(3) * n)
        return fig

    png = render_figure(draw(2))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    box, printed, html, pngs = _run(draw, capsys, shown)
    assert html == "" and len(pngs) == 1 and pngs[0].data[:8] == b"\x89PNG\r\n\x1a\n"
