"""The thin ipywidgets layer over the pure drawing functions.

Every explorer in the collection is ``explorer(draw, controls)``: ``draw`` is a
pure function of the control values that returns a matplotlib Figure (tested
in tests/ over the slider ranges); this module only wires sliders to it.

A widget never shows a traceback or a warning: the whole path (the caption, the
drawing *and* the rendering of the figure to PNG, where matplotlib parses titles
and lays out text) runs inside the error display. A ``ValueError``/``TypeError``
(an invalid combination, explained by helpers' messages) is shown in red with its
reason, any other exception as one red line too; warnings (e.g. numpy's overflow
``RuntimeWarning``) are kept out of the output.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["explorer", "show_figure", "render_figure", "error_html", "int_slider", "dropdown"]

PNG_COMPRESS_LEVEL = 1  # zlib level of an explorer's PNG: fast to encode, pixels unchanged
ERROR_STYLE = "color:#b00020;font-weight:600;font-family:sans-serif;padding:4px 0"


def error_html(message: str) -> str:
    """Red text for an invalid setting (also used by static views)."""
    return f'<div class="cnn-error" style="{ERROR_STYLE}">⚠ {html.escape(message)}</div>'


def show_figure(fig) -> None:
    """Display ``fig`` as a PNG and close it (so figures never pile up in memory)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)


def render_figure(fig) -> bytes:
    """``fig`` rendered to PNG bytes the way the notebook's inline backend does it, then closed.

    Rendering is where matplotlib parses mathtext and lays out text, so errors raised here (e.g. a
    title with an unmatched ``$``) surface as ordinary exceptions the caller can show.

    Two speed-ups keep every pixel (tests/test_widgets_render.py compares them with the plain
    ``print_figure(fig, "png", bbox_inches="tight")``): the PNG is compressed with zlib level 1
    (``PNG_COMPRESS_LEVEL``) instead of 6, a file a few per cent larger, the encoding of notebook 05's channel
    explorer ~17 ms instead of ~45; and the ``"tight"`` box is computed here (:func:`tight_bbox`) and passed
    on, which spares matplotlib the extra layout pass over the whole figure it makes to find it (about as
    long as drawing the figure). A figure with a layout engine keeps matplotlib's own pass, except the
    placeholder engine ``fig.tight_layout()`` leaves behind, which lays nothing out (its ``execute`` does
    nothing) yet would make matplotlib draw the whole figure once more before the real draw.
    """
    import matplotlib.pyplot as plt

    from ._text_metrics import install

    install()  # text sizes measured once per kernel, not once per figure (same pixels)
    try:
        kwargs: dict[str, Any] = {"bbox_inches": "tight"}
        try:
            from matplotlib_inline.backend_inline import InlineBackend

            kwargs = dict(InlineBackend.instance().print_figure_kwargs)
        except Exception:  # no inline backend (a terminal, a test): its default
            pass
        kwargs.setdefault("pil_kwargs", {"compress_level": PNG_COMPRESS_LEVEL})
        _drop_placeholder_layout(fig)
        if kwargs.get("bbox_inches") == "tight" and getattr(fig, UNCROPPED, False):
            kwargs["bbox_inches"] = None  # laid out by hand to its edges: no tight-box pass (see UNCROPPED)
        elif kwargs.get("bbox_inches") == "tight" and fig.axes:
            kwargs["bbox_inches"] = tight_bbox(fig) or "tight"
        from IPython.core.pylabtools import print_figure

        return print_figure(fig, "png", **kwargs) or b""
    finally:
        plt.close(fig)


# A figure that sets this attribute to True (``setattr(fig, UNCROPPED, True)``) is drawn at its own size, not
# cropped to its tight box: a figure whose margins its code sets by hand (``subplots_adjust``) to hold its labels
# loses little white space, and the redraw saves the tight-box pass (a full layout of every tick and text).
UNCROPPED = "helpers_uncropped"


def _drop_placeholder_layout(fig) -> None:
    """Forget the do-nothing layout engine that ``fig.tight_layout()`` leaves on a figure (the layout it did
    stays: the axes keep their positions), so that printing it needs no extra dry-run draw."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    if type(fig.get_layout_engine()) is PlaceHolderLayoutEngine:
        fig.set_layout_engine(None)


def tight_bbox(fig):
    """The box ``savefig(bbox_inches="tight")`` crops to (inches, padded), found without drawing; None when
    matplotlib's own layout pass is needed (a layout engine, ``pad_inches="layout"``, a canvas without an Agg
    renderer)."""
    import matplotlib as mpl

    pad = mpl.rcParams["savefig.pad_inches"]
    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if fig.get_layout_engine() is not None or pad == "layout" or get_renderer is None:
        return None
    return fig.get_tightbbox(get_renderer()).padded(pad)


def _show_png(data: bytes) -> None:
    from IPython.display import Image, display

    if data:
        display(Image(data=data, format="png"))


def int_slider(description: str, value: int, min: int, max: int, step: int = 1, **kwargs):
    import ipywidgets as widgets

    return widgets.IntSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        **kwargs,
    )


def int_sliders(ranges) -> dict:
    """One :func:`int_slider` per entry of an explorer's ranges dict ``{name: (min, max, default)}``."""
    return {name: int_slider(name, default, lo, hi) for name, (lo, hi, default) in ranges.items()}


def dropdown(description: str, options, value=None, **kwargs):
    import ipywidgets as widgets

    if value is not None:
        kwargs["value"] = value
    return widgets.Dropdown(options=options, description=description, style={"description_width": "initial"}, **kwargs)


def explorer(
    draw: Callable,
    controls: Mapping[str, Any],
    *,
    text: Callable | None = None,
    constrain: Callable | None = None,
    layout: str = "row",
):
    """Build an explorer: ``controls`` (name -> widget) drive ``draw(**values) -> Figure``.

    text : optional ``(**values) -> str`` shown above the figure as HTML (e.g. the
        formula with the live numbers).
    constrain : optional ``(controls) -> None`` called before every redraw to
        adjust slider ranges from a validity check (so no slider offers a value
        that cannot work).
    Returns the widget (a VBox); the last line of a cell displays it.
    """
    import ipywidgets as widgets
    from IPython.display import HTML, display

    from ._text_metrics import install

    install()  # before the first draw: see helpers/_text_metrics.py
    out = widgets.Output()
    caption = widgets.HTML()
    constraining = [False]

    def redraw(_change=None):
        if constraining[0]:  # a value the constraint just clamped: the redraw under way shows it
            return
        if constrain is not None:
            constraining[0] = True
            try:
                constrain(controls)
            except Exception:  # a bad constraint must not break the explorer
                pass
            finally:
                constraining[0] = False
        values = {name: w.value for name, w in controls.items()}
        with out:
            out.clear_output(wait=True)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # a warning is never shown under a figure
                    caption.value = text(**values) if text else ""
                    png = render_figure(draw(**values))  # draw AND render inside the error display
                _show_png(png)
            except Exception as exc:  # never a traceback in a widget
                caption.value = ""
                reason = str(exc) if isinstance(exc, (ValueError, TypeError)) else f"{type(exc).__name__}: {exc}"
                display(HTML(error_html(reason)))

    for w in controls.values():
        w.observe(redraw, names="value")
    box = widgets.HBox if layout == "row" else widgets.VBox
    panel = box(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    redraw()
    return widgets.VBox([panel, caption, out])
