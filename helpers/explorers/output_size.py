"""Notebook 04: the output-size formula (出力サイズ), shape propagation and receptive fields.

    O = floor((I + 2P - D(K-1) - 1) / S) + 1

* :func:`formula_html` re-typesets the formula with live numbers (the caption
  of the calculator); an invalid setting is shown in red with helpers' reason.
* :func:`draw_output_size` draws the padded input with the first window, the
  cells no window reads (faded; × where the floor drops them), next to the
  output grid; the windows one at a time are in
  :mod:`helpers.explorers.window_steps`. A side longer than GRID_LIMIT (24)
  cells (AlexNet's 227) is cut down to its first and last cells, where the
  padding, the first two windows, the last window and the dropped cells are,
  with a white seam and a note naming the rows and columns left out: every cell
  drawn stays large enough to read, and a redraw costs about what an 8×8 one does.
* :func:`output_size_explorer` is the calculator; :func:`calculator_limits`
  derives the sliders' maxima from the validity rules and
  :func:`calculator_settings` lists every setting the sliders reach (both, with
  OUTPUT_SIZE_RANGES, in :mod:`helpers.explorers.output_size_limits`, re-exported here).
* :func:`draw_ceil_mode` (re-exported from :mod:`helpers.explorers.ceil_mode`): pooling's floor vs ``ceil_mode``.
* The layer-stack tracer (:func:`trace_layers`, :func:`layer_stack_explorer`,
  :func:`predict_then_reveal`) lives in :mod:`helpers.explorers.layer_stack`;
  its names are re-exported here, where notebook 04 imports them.
"""

from __future__ import annotations

import html

import numpy as np

from ..i18n import N_, _, ngettext
from ..plotting import OUTPUT_COLOR, WINDOW_COLOR, cell_grid, draw_outlines
from ..shapes import conv_output_size, pool_output_size  # noqa: F401 (pool_output_size: still importable from here)
from .ceil_mode import CEIL_MODE_RANGES, draw_ceil_mode  # re-exported: notebook 04 imports it here
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
from .output_size_grid import (  # GRID_LIMIT re-exported: the cut-down grid of large inputs
    _HEAD_MAX,
    _TAIL,
    GRID_LIMIT,
    _elided_note,
    _hatch,
    _labels,
    _outlines,
    _seam,
    _shown,
)
from .output_size_limits import (  # re-exported
    OUTPUT_SIZE_RANGES,
    calculator_limits,
    calculator_settings,
)
from .shape_quiz import grade_shape_prediction, make_shape_questions, predict_then_reveal

__all__ = [
    "OUTPUT_SIZE_RANGES",
    "CEIL_MODE_RANGES",
    "GRID_LIMIT",
    "calculator_limits",
    "calculator_settings",
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
    drop_axis = np.zeros(n, bool)
    drop_axis[dropped] = True
    # the rows/columns drawn: all of them, or (more than GRID_LIMIT) the first ones, where the padding and
    # the first windows are, and the last ones, where the last window and the dropped cells are
    rows = _shown(n, min(_HEAD_MAX, max(_TAIL, k_eff + stride)))
    m = len(rows)
    read = np.outer(covered[rows], covered[rows])
    drop_mask = drop_axis[rows][:, None] | drop_axis[rows][None, :]
    texts = [["×" if drop_mask[a, b] else ("–" if not read[a, b] else "") for b in range(m)] for a in range(m)]
    out_rows = _shown(o, _TAIL)
    fig, (ax_in, ax_out) = plt.subplots(
        1, 2, figsize=(8.0, 4.4), gridspec_kw={"width_ratios": [m, max(len(out_rows), m * 0.45)]}
    )
    cell_grid(
        ax_in,
        (m, m),
        colors=np.where(read, 1.0, 0.0),
        cmap="Blues",
        vmin=0,
        vmax=3.0,
        texts=texts,
        fontsize=fs if m == n else max(6.5, min(12.0, 70.0 / m)),
        text_color="0.3",
        hatch_mask=pad_mask if m == n else None,  # a cut-down grid: the padding as a few hatched bands below
        dim_mask=~read,
        row_labels=_labels(rows, n, stride, dropped),
        col_labels=_labels(rows, n, stride, dropped),
    )
    if m < n and padding:  # one hatched rectangle per visible piece of the padding (not one per cell: faster)
        band = [(0, 0, n, padding), (0, n - padding, n, padding), (0, padding, padding, n - 2 * padding)]
        band.append((n - padding, padding, padding, n - 2 * padding))
        _hatch(ax_in, _outlines(rows, band))
    draw_outlines(ax_in, _outlines(rows, [(0, 0, k_eff, k_eff)]), WINDOW_COLOR, 3.2)
    if m < n and o > 1:  # the last window too: the picture does not show the ones between
        last = starts[-1]
        draw_outlines(ax_in, _outlines(rows, [(last, last, k_eff, k_eff)]), WINDOW_COLOR, 2.0, ls="--")
    if dilation > 1:
        taps = [u * dilation for u in range(kernel_size)]
        draw_outlines(ax_in, _outlines(rows, [(v, u, 1, 1) for u in taps for v in taps], 0.14), WINDOW_COLOR, 1.4)
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
    if m < n:
        notes += [_elided_note(rows, N_("rows and columns")), _("dashed: the last window")]
    ax_in.set_xlabel("\n".join(t for t in notes if t), fontsize=9)
    k = len(out_rows)
    cell_grid(
        ax_out,
        (k, k),
        colors=np.zeros((k, k)),
        cmap="Greys",
        vmin=0,
        vmax=4,
        fontsize=max(7, 60 / max(k, 4)),
        row_labels=_labels(out_rows, o),
        col_labels=_labels(out_rows, o),
    )
    draw_outlines(ax_out, [(-0.5, -0.5, 1, 1)], WINDOW_COLOR, 3.2)
    ax_out.set_title(_("output {o}×{o}").format(o=o), fontsize=11.5, pad=14, color="black")
    out_note = _("one cell per window\n(thick: the first one)")
    if k < o:
        out_note += "\n" + _elided_note(out_rows, N_("rows and columns"), wrap=True)
    ax_out.set_xlabel(out_note, fontsize=9, color=OUTPUT_COLOR)
    for ax, shown, size in ((ax_in, rows, n), (ax_out, out_rows, o)):
        _seam(ax, shown, size)
    _suptitle(fig, r)
    fig.subplots_adjust(left=0.05, right=0.98, top=0.84, bottom=0.2 if m == n else 0.24, wspace=0.2)
    return fig


def _suptitle(fig, r) -> None:
    o = r["output"]
    fig.suptitle(
        _(
            "I={input_size}, K={kernel_size}, S={stride}, P={padding}, D={dilation}: ⌊{r_numerator}/{stride}⌋ + 1 = {o} window{s_if_o_1_else} per side"
        ).format(
            input_size=r["I"],
            kernel_size=r["K"],
            stride=r["S"],
            padding=r["P"],
            dilation=r["D"],
            r_numerator=r["numerator"],
            o=o,
            s_if_o_1_else="s" if o != 1 else "",
        ),
        fontsize=11,
        y=0.985,
    )


def _constrain(controls, reach_invalid=True) -> None:
    """Set the constrained sliders' maxima from :func:`calculator_limits` (a value above one is lowered)."""
    for _round in range(8):  # padding's limit follows K and D, theirs (reach_invalid=False) P: settle
        v = {name: w.value for name, w in controls.items()}
        limits = calculator_limits(v["input_size"], v["kernel_size"], v["padding"], v["dilation"], reach_invalid)
        changed = False
        for name, hi in limits.items():
            w = controls[name]
            if w.max != hi:
                w.value = min(w.value, hi)
                w.max = hi
                changed = True
        if not changed:
            return


def output_size_explorer(reach_invalid=True):
    """The calculator: sliders for I (up to 227), K, S, P, D; the caption re-typesets the formula.

    The padding slider stops at the "full" padding D(K−1) (:func:`calculator_limits`). With
    ``reach_invalid=True`` (the default, notebook 04) the kernel and dilation sliders keep their full
    ranges, so a window larger than the padded input can be chosen: the caption says why, in red.
    ``reach_invalid=False`` lowers their maxima so that every setting the sliders allow is valid.
    """
    from ..widgets import explorer, int_sliders

    if not isinstance(reach_invalid, bool):
        raise TypeError(f"output_size_explorer: reach_invalid must be True or False, got {reach_invalid!r}")
    controls = int_sliders(OUTPUT_SIZE_RANGES)
    _constrain(controls, reach_invalid)
    return explorer(draw_output_size, controls, text=formula_html, constrain=lambda c: _constrain(c, reach_invalid))
