"""Notebook 04: the output-size formula (出力サイズ), shape propagation and receptive fields.

    O = floor((I + 2P - D(K-1) - 1) / S) + 1

* :func:`formula_html` re-typesets the formula with live numbers (the caption
  of the calculator); an invalid setting is shown in red with helpers' reason.
* :func:`draw_output_size` draws the padded input with the first window, the
  cells no window reads (faded; × where the floor drops them), next to the
  output grid; the windows one at a time are in
  :mod:`helpers.explorers.window_steps`.
* :func:`draw_ceil_mode` contrasts floor and ``ceil_mode=True`` for pooling.
* The layer-stack tracer (:func:`trace_layers`, :func:`layer_stack_explorer`,
  :func:`predict_then_reveal`) lives in :mod:`helpers.explorers.layer_stack`;
  its names are re-exported here, where notebook 04 imports them.
"""

from __future__ import annotations

import html

import numpy as np

from ..i18n import _, ngettext
from ..plotting import OUTPUT_COLOR, WINDOW_COLOR, cell_grid, draw_outlines
from ..shapes import conv_output_size, pool_output_size
from .layer_stack import (  # re-exported: notebook 04 imports the tracer from this module
    DEFAULT_STACK,
    draw_trace,
    layer_stack_explorer,
    parse_layer,
    parse_shape,
    trace_html,
    trace_layers,
    trace_summary,
    trace_text,
)
from .shape_quiz import grade_shape_prediction, make_shape_questions, predict_then_reveal

__all__ = [
    "OUTPUT_SIZE_RANGES",
    "CEIL_MODE_RANGES",
    "size_report",
    "formula_html",
    "draw_output_size",
    "draw_ceil_mode",
    "output_size_explorer",
    "DEFAULT_STACK",
    "parse_layer",
    "parse_shape",
    "trace_layers",
    "trace_summary",
    "trace_text",
    "trace_html",
    "draw_trace",
    "layer_stack_explorer",
    "make_shape_questions",
    "grade_shape_prediction",
    "predict_then_reveal",
]

# slider name -> (min, max, default)
OUTPUT_SIZE_RANGES = {
    "input_size": (1, 12, 8),
    "kernel_size": (1, 7, 3),
    "stride": (1, 4, 2),
    "padding": (0, 3, 0),
    "dilation": (1, 3, 1),
}
CEIL_MODE_RANGES = {"input_size": (2, 12, 5), "kernel_size": (1, 4, 2), "stride": (1, 4, 2)}

ERROR_STYLE = "color:#b00020;font-weight:600"


# --------------------------------------------------------------------------- the calculator
def size_report(input_size, kernel_size, stride=1, padding=0, dilation=1) -> dict:
    """Every number of the formula for one axis, or the helpers' error for an invalid setting.

    Keys: I, K, S, P, D, k_eff, numerator (I + 2P - D(K-1) - 1), output, remainder,
    starts, dropped (indices of padded cells after the last window), error (None or str).
    """
    i, k, s, p, d = input_size, kernel_size, stride, padding, dilation
    rep = {
        "I": i,
        "K": k,
        "S": s,
        "P": p,
        "D": d,
        "k_eff": d * (k - 1) + 1,
        "numerator": i + 2 * p - d * (k - 1) - 1,
        "output": None,
        "remainder": None,
        "starts": [],
        "dropped": [],
        "error": None,
    }
    try:
        o = conv_output_size(i, k, s, p, d)
    except (ValueError, TypeError) as exc:
        rep["error"] = str(exc)
        return rep
    rep["output"] = o
    rep["remainder"] = rep["numerator"] % s
    rep["starts"] = [n * s for n in range(o)]
    end = rep["starts"][-1] + rep["k_eff"]
    rep["dropped"] = list(range(end, i + 2 * p))
    return rep


def _frac(top: str, bottom: str) -> str:
    return (
        '<span style="display:inline-flex;flex-direction:column;vertical-align:middle;text-align:center;'
        'margin:0 3px"><span style="border-bottom:1px solid currentColor;padding:0 3px">'
        f'{top}</span><span style="padding:0 3px">{bottom}</span></span>'
    )


_LF = '<span style="font-size:2.1em;font-weight:200;vertical-align:middle">⌊</span>'
_RF = '<span style="font-size:2.1em;font-weight:200;vertical-align:middle">⌋</span>'


def formula_html(input_size=8, kernel_size=3, stride=2, padding=0, dilation=1) -> str:
    """The formula typeset in HTML, then again with the live numbers; invalid settings in red with the reason.

    A valid setting's text contains ``output O×O``.
    """
    r = size_report(input_size, kernel_size, stride, padding, dilation)
    i, k, s, p, d = r["I"], r["K"], r["S"], r["P"], r["D"]
    general = "O = " + _LF + _frac("I + 2P − D(K − 1) − 1", "S") + _RF + " + 1"
    numbers = "= " + _LF + _frac(f"{i} + 2·{p} − {d}·({k} − 1) − 1", f"{s}") + _RF + " + 1"
    style = '<div style="font-family:serif;font-size:17px;line-height:2.2">'
    if r["error"]:
        return (
            f"{style}{general} {numbers} = <span style='{ERROR_STYLE}'>{_('invalid')}</span></div>"
            f"<div style='{ERROR_STYLE};font-family:sans-serif'>⚠ {html.escape(r['error'])}</div>"
        )
    o, num, rem = r["output"], r["numerator"], r["remainder"]
    exact = (
        _("{num}/{s} is exact").format(num=num, s=s)
        if rem == 0
        else ngettext(
            "{num}/{s} = {ratio:.2f} is not exact: the floor drops the last {n} row and column, which no window reaches",
            "{num}/{s} = {ratio:.2f} is not exact: the floor drops the last {n} rows and columns, which no window reaches",
            len(r["dropped"]),
        ).format(num=num, s=s, ratio=num / s, n=len(r["dropped"]))
    )
    return (
        f"{style}{general} {numbers} = {_LF}{_frac(str(num), str(s))}{_RF} + 1 = {num // s} + 1 = <b>{o}</b></div>"
        "<div style='font-family:sans-serif'>"
        + _("<b>output {o}×{o}</b> · padded input {n}×{n} · window span D(K−1)+1 = {k_eff} · {exact}").format(
            o=o, n=i + 2 * p, k_eff=r["k_eff"], exact=exact
        )
        + "</div>"
    )


def draw_output_size(input_size=8, kernel_size=3, stride=2, padding=0, dilation=1):
    """Padded input (padding hatched) with the first window outlined, the cells no window reads faded and
    marked – (between windows) or × (dropped by the floor), and the output grid (the windows one at a time:
    :func:`helpers.explorers.window_steps.draw_window_steps`). An invalid setting draws the too-large window and says why in the title."""
    import matplotlib.pyplot as plt

    r = size_report(input_size, kernel_size, stride, padding, dilation)
    args = (input_size, kernel_size, stride, padding, dilation)
    whole = all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in args)
    if r["error"] and not (whole and input_size >= 1 and padding >= 0 and r["k_eff"] is not None):
        raise ValueError(r["error"])  # nothing to draw (no grid): the reason only
    n = input_size + 2 * padding
    pad_mask = np.zeros((n, n), bool)
    if padding:
        pad_mask[:padding, :] = pad_mask[-padding:, :] = True
        pad_mask[:, :padding] = pad_mask[:, -padding:] = True
    k_eff = r["k_eff"]
    fs = max(6.5, min(12.0, 70.0 / n))
    if r["error"]:
        fig, ax = plt.subplots(figsize=(5.2, 4.6))
        cell_grid(ax, (n, n), colors=np.zeros((n, n)), cmap="Greys", vmin=0, vmax=4, hatch_mask=pad_mask, fontsize=fs)
        draw_outlines(ax, [(-0.5, -0.5, k_eff, k_eff)], WINDOW_COLOR, 3.2)
        side = max(n, k_eff)
        ax.set_xlim(-0.7, side - 0.3)
        ax.set_ylim(side - 0.3, -0.7)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.text(
            k_eff - 0.7,
            k_eff - 0.7,
            _("window {k_eff}×{k_eff}").format(k_eff=k_eff),
            ha="right",
            va="bottom",
            fontsize=10,
            color=WINDOW_COLOR,
            fontweight="bold",
        )
        ax.set_title(
            _("padded input {n}×{n} (input {input_size}×{input_size})").format(n=n, input_size=input_size),
            fontsize=11,
            pad=14,
        )
        ax.set_xlabel(
            _(
                "invalid: the window spans {k_eff}×{k_eff} (thick outline),\nmore than the padded input's {n}×{n}: no output"
            ).format(k_eff=k_eff, n=n),
            fontsize=10,
            color="#b00020",
        )
        fig.subplots_adjust(left=0.08, right=0.97, top=0.88, bottom=0.17)
        return fig

    o, starts, dropped = r["output"], r["starts"], r["dropped"]
    covered = np.zeros(n, bool)
    for st in starts:
        covered[st : st + k_eff : dilation] = True
    read = np.outer(covered, covered)
    drop_axis = np.zeros(n, bool)
    drop_axis[dropped] = True
    drop_mask = drop_axis[:, None] | drop_axis[None, :]
    texts = [["×" if drop_mask[a, b] else ("–" if not read[a, b] else "") for b in range(n)] for a in range(n)]
    fig, (ax_in, ax_out) = plt.subplots(1, 2, figsize=(8.0, 4.4), gridspec_kw={"width_ratios": [n, max(o, n * 0.45)]})
    cell_grid(
        ax_in,
        (n, n),
        colors=np.where(read, 1.0, 0.0),
        cmap="Blues",
        vmin=0,
        vmax=3.0,
        texts=texts,
        fontsize=fs,
        text_color="0.3",
        hatch_mask=pad_mask,
        dim_mask=~read,
    )
    draw_outlines(ax_in, [(-0.5, -0.5, k_eff, k_eff)], WINDOW_COLOR, 3.2)
    if dilation > 1:
        taps = [u * dilation for u in range(kernel_size)]
        draw_outlines(ax_in, [(v - 0.36, u - 0.36, 0.72, 0.72) for u in taps for v in taps], WINDOW_COLOR, 1.4)
    title = _("input {input_size}×{input_size}").format(input_size=input_size) + (
        _(" + padding {padding} → {n}×{n}").format(padding=padding, n=n) if padding else ""
    )
    ax_in.set_title(title, fontsize=11.5, pad=14)
    notes = [
        _("hatched: padding") if padding else None,
        _("×: the last {n} row/col dropped by the floor").format(n=len(dropped))
        if dropped
        else _("no cell dropped: exact division"),
        _("–: never read (between windows or in dilation gaps)") if (~read & ~drop_mask).any() else None,
    ]
    ax_in.set_xlabel("\n".join(t for t in notes if t), fontsize=9)
    cell_grid(ax_out, (o, o), colors=np.zeros((o, o)), cmap="Greys", vmin=0, vmax=4, fontsize=max(7, 60 / max(o, 4)))
    draw_outlines(ax_out, [(-0.5, -0.5, 1, 1)], WINDOW_COLOR, 3.2)
    ax_out.set_title(_("output {o}×{o}").format(o=o), fontsize=11.5, pad=14, color="black")
    ax_out.set_xlabel(_("one cell per window\n(thick: the first one)"), fontsize=9, color=OUTPUT_COLOR)
    fig.suptitle(
        _(
            "I={input_size}, K={kernel_size}, S={stride}, P={padding}, D={dilation}: ⌊{r_numerator}/{stride}⌋ + 1 = {o} window{s_if_o_1_else} per side"
        ).format(
            input_size=input_size,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding,
            dilation=dilation,
            r_numerator=r["numerator"],
            o=o,
            s_if_o_1_else="s" if o != 1 else "",
        ),
        fontsize=11,
        y=0.985,
    )
    fig.subplots_adjust(left=0.05, right=0.98, top=0.84, bottom=0.2, wspace=0.2)
    return fig


def draw_ceil_mode(input_size=5, kernel_size=2, stride=2):
    """Pooling windows along one axis with floor (default) and ``ceil_mode=True`` (extra window dashed)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    floor_o = pool_output_size(input_size, kernel_size, stride)
    ceil_o = pool_output_size(input_size, kernel_size, stride, ceil_mode=True)
    width = max(input_size, (ceil_o - 1) * stride + kernel_size)
    fig, axes = plt.subplots(2, 1, figsize=(max(5.6, 0.55 * width + 1.6), 3.9))
    for ax, mode, o in ((axes[0], "ceil_mode=False (floor)", floor_o), (axes[1], "ceil_mode=True", ceil_o)):
        for c in range(width):
            inside = c < input_size
            ax.add_patch(
                Rectangle(
                    (c, 0),
                    1,
                    1,
                    facecolor="#dbe9f6" if inside else "white",
                    edgecolor="0.4",
                    lw=0.8,
                    ls="-" if inside else ":",
                )
            )
            ax.text(
                c + 0.5,
                0.5,
                str(c) if inside else _("out"),
                ha="center",
                va="center",
                fontsize=9,
                color="black" if inside else "0.5",
            )
        for n in range(o):
            x = n * stride
            extra = x + kernel_size > input_size
            level = 1.15 + 0.28 * (n % 2)
            ax.add_patch(
                Rectangle(
                    (x + 0.05, level),
                    kernel_size - 0.1,
                    0.22,
                    facecolor="none",
                    edgecolor=WINDOW_COLOR,
                    lw=2.2,
                    ls="--" if extra else "-",
                )
            )
            ax.text(
                x + kernel_size / 2,
                level + 0.11,
                f"w{n}" + (" (partial)" if extra else ""),
                ha="center",
                va="center",
                fontsize=8,
            )
        ax.set_xlim(-0.2, width + 0.2)
        ax.set_ylim(-0.1, 1.8)
        ax.axis("off")
        ax.set_title(_("{mode}: output size {o}").format(mode=mode, o=o), fontsize=10.5, loc="left")
    fig.suptitle(
        _(
            "pooling along one axis: input {input_size}, kernel {kernel_size}, stride {stride}\n(cells marked 'out' are beyond the input; dashed = a partial window)"
        ).format(input_size=input_size, kernel_size=kernel_size, stride=stride),
        fontsize=10,
    )
    fig.subplots_adjust(left=0.03, right=0.97, top=0.76, bottom=0.03, hspace=0.45)
    return fig


def output_size_explorer():
    """The calculator: sliders for I, K, S, P, D; the caption re-typesets the formula (invalid -> red)."""
    from ..widgets import explorer, int_sliders

    controls = int_sliders(OUTPUT_SIZE_RANGES)
    return explorer(draw_output_size, controls, text=formula_html)
