"""Notebook 04, part 2: the layer-stack tracer (shape propagation, parameters, receptive fields).

* :func:`trace_layers` propagates a shape through a stack of layers given as
  text (``conv 8 5 s1 p0`` / ``pool 2`` / ``flatten`` / ``fc 10``), with
  parameter counts, receptive fields and a plain-words explanation of the
  first mismatch; :func:`layer_stack_explorer` makes it editable.
* :func:`predict_then_reveal` (type the shape first, then see the trace) is in
  :mod:`helpers.explorers.shape_quiz`.

The calculator for one layer is :mod:`helpers.explorers.output_size`, which re-exports these names.
"""

from __future__ import annotations

import html
import re

import numpy as np

from ..i18n import N_, _, display_width, pad, translated
from ..shapes import conv_output_size, conv_param_count, pool_output_size, receptive_field

__all__ = [
    "DEFAULT_STACK",
    "format_shape",
    "parse_layer",
    "parse_shape",
    "trace_layers",
    "trace_summary",
    "trace_text",
    "trace_html",
    "draw_trace",
    "layer_stack_explorer",
]

DEFAULT_STACK = """conv 8 5 s1 p0
relu
pool 2
conv 16 5 s1 p0
relu
pool 2
flatten
fc 256 10"""

ERROR_STYLE = "color:#b00020;font-weight:600"


# --------------------------------------------------------------------------- the layer-stack tracer
_LAYER_HELP = N_(
    "one layer per line: `conv F K [sS] [pP] [dD] [gG]`, `pool K [sS] [pP] [ceil]` (also maxpool/avgpool), "
    "`relu`, `flatten`, `fc OUT` or `fc IN OUT`"
)


def parse_shape(text) -> tuple[int, int, int]:
    """'1 28 28', '(1, 28, 28)' or a tuple -> (C, H, W)."""
    if isinstance(text, (tuple, list, np.ndarray)):
        values = list(np.ravel(np.asarray(text, dtype=object)))
        if not all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in values):
            values = []  # 28.5 or "28" in a tuple: refused below, not truncated
    else:
        values = re.findall(r"-?\d+", str(text))
    try:
        values = [int(v) for v in values]
    except (TypeError, ValueError):
        values = []
    if len(values) != 3 or min(values) < 1:
        raise ValueError(
            _(
                "input shape: expected three positive whole numbers C H W such as `1 28 28`, got {short_repr_text}"
            ).format(short_repr_text=_short(repr(text)))
        )
    return tuple(values)


def parse_layer(line: str) -> dict:
    """One line of the layer list -> {'kind', ...}. Raises ValueError with the expected syntax."""
    words = line.split("#")[0].lower().replace(",", " ").split()
    if not words:
        raise ValueError(_("empty line"))
    kind, rest = words[0], words[1:]
    kind = {"maxpool": "pool", "max_pool": "pool", "linear": "fc", "dense": "fc", "affine": "fc"}.get(kind, kind)
    nums, opts = [], {}
    for w in rest:
        digits = max(re.findall(r"\d+", w), key=len, default="")
        if len(digits) > 9:  # int() refuses more than 4,300 digits; no layer size needs 10
            raise ValueError(
                _("`{short_line_strip}`: a number with {len_digits:,} digits is not a layer size").format(
                    short_line_strip=_short(line.strip()), len_digits=len(digits)
                )
            )
        m = re.fullmatch(r"([spdg])=?(\d+)", w)
        if w.isdigit():
            nums.append(int(w))
        elif m:
            opts[m.group(1)] = int(m.group(2))
        elif w == "ceil":
            opts["ceil"] = True
        else:
            raise ValueError(
                _("`{short_line_strip}`: cannot read `{short_w}`; {layer_help}").format(
                    short_line_strip=_short(line.strip()), short_w=_short(w), layer_help=translated(_LAYER_HELP)
                )
            )
    if kind == "conv" and len(nums) == 2 and not set(opts) - {"s", "p", "d", "g"}:
        return {
            "kind": "conv",
            "filters": nums[0],
            "kernel": nums[1],
            "stride": opts.get("s", 1),
            "padding": opts.get("p", 0),
            "dilation": opts.get("d", 1),
            "groups": opts.get("g", 1),
        }
    if kind in ("pool", "avgpool") and len(nums) == 1 and not set(opts) - {"s", "p", "ceil"}:
        return {
            "kind": kind,
            "kernel": nums[0],
            "stride": opts.get("s", nums[0]),
            "padding": opts.get("p", 0),
            "ceil": opts.get("ceil", False),
        }
    if kind in ("relu", "flatten") and not nums and not opts:
        return {"kind": kind}
    if kind == "fc" and len(nums) in (1, 2) and not opts:
        return {"kind": "fc", "in": nums[0] if len(nums) == 2 else None, "out": nums[-1]}
    raise ValueError(
        _(
            "`{short_line_strip}` is not a layer this tracer knows; {layer_help} (e.g. `conv 8 5 s1 p0`, `pool 2`, `fc 256 10`)"
        ).format(short_line_strip=_short(line.strip()), layer_help=translated(_LAYER_HELP))
    )


def _short(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters (a pasted 5,000-digit number is not echoed whole)."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def format_shape(shape) -> str:
    if shape is None:
        return "—"
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(str(v) for v in shape) + ")"


def _layer_lines(layers, func: str) -> list[str]:
    """Text with one layer per line, or a list/tuple of such lines -> the lines (TypeError otherwise)."""
    if isinstance(layers, str):
        return layers.splitlines()
    if isinstance(layers, (list, tuple)) and all(isinstance(line, str) for line in layers):
        return list(layers)
    raise TypeError(
        _(
            "{func}: layers must be text with one layer per line or a list of such lines, got {layers!r}; e.g. layers='conv 8 5\\npool 2' or layers=DEFAULT_STACK ({layer_help})"
        ).format(func=func, layers=layers, layer_help=translated(_LAYER_HELP))
    )


def trace_layers(input_shape, layers) -> list[dict]:
    """Propagate ``input_shape`` (C, H, W) through ``layers`` (text with one layer per line, or a list of lines).

    Returns one row per layer, input first: ``{"layer", "kind", "shape", "params", "rf", "note", "error"}``.
    ``shape`` is the output shape (None after an error), ``params`` the learnable parameters,
    ``rf`` the receptive field in input pixels (helpers.receptive_field over the conv/pool layers so far),
    ``note`` how the size was computed. The first mismatch sets ``error`` (helpers' message or a
    plain-words explanation) and every row after it is left uncomputed.
    """
    lines = _layer_lines(layers, "trace_layers")
    rows = []
    try:
        shape = parse_shape(input_shape)
        rows.append(
            {"layer": "input", "kind": "input", "shape": shape, "params": 0, "rf": 1, "note": "C, H, W", "error": None}
        )
    except ValueError as exc:
        shape = None
        rows.append(
            {"layer": "input", "kind": "input", "shape": None, "params": 0, "rf": None, "note": "", "error": str(exc)}
        )
    spatial: list[tuple[int, int, int]] = []  # (K, S, D) of conv/pool layers so far, for receptive_field
    failed = shape is None
    for line in lines:
        text = line.split("#")[0].strip()
        if not text:
            continue
        row: dict[str, object] = {
            "layer": text,
            "kind": "?",
            "shape": None,
            "params": 0,
            "rf": None,
            "note": "",
            "error": None,
        }
        rows.append(row)
        if failed:
            row["note"] = _("not computed: fix the first red row")
            continue
        try:
            spec = parse_layer(text)
            row["kind"] = spec["kind"]
            row.update(_apply(spec, shape, spatial))
        except (ValueError, TypeError) as exc:
            row["error"] = str(exc)
            failed = True
            continue
        shape = row["shape"]
    return rows


def _apply(spec, shape, spatial) -> dict:
    kind = spec["kind"]
    if kind in ("conv", "pool", "avgpool") and len(shape) != 3:
        raise ValueError(
            _(
                "{kind} needs a (C, H, W) input but the previous layer gives the flat vector "
                "{shape}; put conv and pool layers before `flatten`"
            ).format(kind=kind, shape=format_shape(shape))
        )
    if kind == "conv":
        c, h, w = shape
        k, s, p, d = spec["kernel"], spec["stride"], spec["padding"], spec["dilation"]
        g, f = spec.get("groups", 1), spec["filters"]
        if g < 1 or c % g or f % g:
            raise ValueError(
                _("conv g{g}: the groups must divide both the {c} input channels and the {f} filters").format(
                    g=g, c=c, f=f
                )
            )
        oh, ow = conv_output_size((h, w), k, s, p, d)
        spatial.append((k, s, d))
        note = f"⌊({h} + 2·{p} − {d}·({k}−1) − 1)/{s}⌋ + 1 = {oh}"
        if ow != oh:
            note += f" (W: {ow})"
        return {
            "shape": (spec["filters"], oh, ow),
            "params": conv_param_count(c, f, k, groups=g),
            "rf": receptive_field(spatial),
            "note": note
            + (
                _("; params {f}·{c}·{k}·{k} + {f}").format(f=f, c=c, k=k)
                if g == 1
                else _("; params {f}·({c}/{g})·{k}·{k} + {f}").format(f=f, c=c, g=g, k=k)
            ),
        }
    if kind in ("pool", "avgpool"):
        c, h, w = shape
        k, s, p = spec["kernel"], spec["stride"], spec["padding"]
        oh, ow = pool_output_size((h, w), k, s, p, ceil_mode=spec["ceil"])
        spatial.append((k, s))
        rounding = "⌈" if spec["ceil"] else "⌊"
        closing = "⌉" if spec["ceil"] else "⌋"
        return {
            "shape": (c, oh, ow),
            "params": 0,
            "rf": receptive_field(spatial),
            "note": f"{rounding}({h} + 2·{p} − {k})/{s}{closing} + 1 = {oh}" + _("; no parameters"),
        }
    if kind == "relu":
        return {
            "shape": shape,
            "params": 0,
            "rf": receptive_field(spatial) if spatial else 1,
            "note": _("element-wise: shape unchanged"),
        }
    if kind == "flatten":
        size = int(np.prod(shape))
        return {"shape": (size,), "params": 0, "rf": None, "note": " · ".join(map(str, shape)) + f" = {size}"}
    if kind == "fc":
        if len(shape) != 1:
            size = int(np.prod(shape))
            raise ValueError(
                _(
                    "fc expects a flat vector but the previous layer gives {shape}; "
                    "add a `flatten` line before it (it gives {product} = {size} features)"
                ).format(shape=format_shape(shape), product=" · ".join(map(str, shape)), size=size)
            )
        n_in = shape[0]
        if spec["in"] is not None and spec["in"] != n_in:
            raise ValueError(
                _(
                    "fc {n_declared} {n_out} declares {n_declared} input features but the previous "
                    "layer gives {n_in}; use `fc {n_in} {n_out}` (or change the layers above "
                    "so that they give {n_declared})"
                ).format(n_declared=spec["in"], n_out=spec["out"], n_in=n_in)
            )
        return {
            "shape": (spec["out"],),
            "params": n_in * spec["out"] + spec["out"],
            "rf": None,
            "note": _("params {n_in}·{n_out} + {n_out}").format(n_in=n_in, n_out=spec["out"]),
        }
    raise ValueError(_("unknown layer kind {kind!r}").format(kind=kind))


def trace_summary(rows) -> dict:
    """{'flatten': features after flatten (or None), 'total_params', 'output': last shape, 'error', 'rf'}."""
    flat = next((r["shape"][0] for r in rows if r["kind"] == "flatten" and r["shape"] is not None), None)
    error = next((f"{r['layer']}: {r['error']}" for r in rows if r["error"]), None)
    rfs = [r["rf"] for r in rows if r["rf"] is not None]
    return {
        "flatten": flat,
        "total_params": sum(r["params"] for r in rows),
        "output": rows[-1]["shape"],
        "error": error,
        "rf": rfs[-1] if rfs else None,
    }


def trace_text(rows) -> str:
    """A plain-text table (for print() in a notebook)."""
    heads = (_("layer"), _("output shape"), _("params"), _("RF"))
    # each column as wide as in English, or as its (translated) header if that is wider
    w_layer, w_shape, w_params, w_rf = (max(w, display_width(h)) for w, h in zip((18, 15, 7, 3), heads))
    lines = [
        f"{pad(heads[0], w_layer)} {pad(heads[1], w_shape)} {pad(heads[2], w_params, '>')}  "
        f"{pad(heads[3], w_rf, '>')}  {_('how')}"
    ]
    for r in rows:
        rf = "" if r["rf"] is None else str(r["rf"])
        how = f"✗ {r['error']}" if r["error"] else r["note"]
        lines.append(
            f"{pad(r['layer'], w_layer)} {pad(format_shape(r['shape']), w_shape)} "
            f"{pad(str(r['params']), w_params, '>')}  {pad(rf, w_rf, '>')}  {how}"
        )
    s = trace_summary(rows)
    lines.append(
        _("flatten size: {flat}    total parameters: {total}").format(
            flat=s["flatten"] if s["flatten"] is not None else "—", total=s["total_params"]
        )
    )
    return "\n".join(lines)


def trace_html(rows) -> str:
    """The trace as an HTML table; the first mismatch in red with its explanation."""
    head = (
        "<tr><th style='text-align:left'>"
        + _("layer")
        + "</th><th>"
        + _("output shape")
        + "</th><th>"
        + _("parameters")
        + "</th><th>"
        + _("receptive field")
        + "</th><th style='text-align:left'>"
        + _("how")
        + "</th></tr>"
    )
    body = []
    for r in rows:
        style = f" style='{ERROR_STYLE}'" if r["error"] else (" style='color:#777'" if r["shape"] is None else "")
        how = f"⚠ {html.escape(r['error'])}" if r["error"] else html.escape(r["note"])
        rf = "" if r["rf"] is None else f"{r['rf']}×{r['rf']}"
        body.append(
            f"<tr{style}><td style='text-align:left;white-space:nowrap'><code>{html.escape(_short(r['layer']))}</code>"
            f"</td><td style='white-space:nowrap'>{format_shape(r['shape'])}</td><td>{r['params']:,}</td><td>{rf}</td>"
            f"<td style='text-align:left'>{how}</td></tr>"
        )
    s = trace_summary(rows)
    flat = f"{s['flatten']:,}" if s["flatten"] is not None else _("— (no flatten yet)")
    bad = next((_short(r["layer"]) for r in rows if r["error"]), None)
    status = (
        f"<span style='{ERROR_STYLE}'>"
        + _("⚠ mismatch at <code>{layer}</code>: see the red row").format(layer=html.escape(str(bad)))
        + "</span>"
        if s["error"]
        else _("final output {shape}").format(shape=format_shape(s["output"]))
    )
    return (
        f"<table style='border-collapse:collapse;font-size:13px'>{head}{''.join(body)}</table>"
        "<div style='font-family:sans-serif;margin-top:4px'>"
        + _("<b>flatten size: {flat}</b> · <b>total parameters: {total:,}</b> · {status}").format(
            flat=flat, total=s["total_params"], status=status
        )
        + "</div>"
    )


def draw_trace(input_shape="1 28 28", layers=DEFAULT_STACK):
    """Two bar charts over the layers: spatial size H×W (with the full shape written on each bar)
    and the receptive field in input pixels."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator, NullLocator

    from ..widgets import UNCROPPED

    rows = [
        r
        for r in trace_layers(input_shape, layers)
        if r["shape"] is not None and len(r["shape"]) == 3 and r["kind"] != "relu"
    ]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    if not rows:
        for ax in (ax1, ax2):
            ax.axis("off")
        ax1.text(0, 0.5, _("no shape to draw: fix the input shape"), color="#b00020", fontsize=11)
        return fig
    names = [_short(r["layer"]).replace("$", r"\$") for r in rows]  # typed text, never mathtext
    y = np.arange(len(rows))
    hs = [r["shape"][1] for r in rows]
    ax1.barh(y, hs, color="#9ecae1", edgecolor="0.3")
    for n, r in enumerate(rows):
        ax1.text(hs[n], n, f" {format_shape(r['shape'])}", va="center", fontsize=9)
    # The layer names as plain texts left of the axis, not tick labels: a tick is five artists, and matplotlib
    # builds every tick again while it finds the figure's tight box and again when it draws (a redraw's main cost).
    ax1.yaxis.set_major_locator(NullLocator())
    ax1.set_ylim(len(rows) - 0.5, -0.5)  # first layer on top
    names_at = ax1.get_yaxis_transform()  # x in axes fractions, y in data (one row per layer)
    for n, name in enumerate(names):
        ax1.text(-0.015, n, name, transform=names_at, ha="right", va="center", fontsize=9)
    ax1.set_xlim(0, max(hs) * 1.04)  # the axis fits the values; a label that would not fit goes inside its bar
    ax1.set_xlabel(_("height H after the layer (label: C, H, W)"), fontsize=9)
    ax1.set_title(_("feature-map size shrinks"), fontsize=11)
    rfs = [r["rf"] for r in rows]
    ax2.barh(y, rfs, color="#fdae6b", edgecolor="0.3")
    for n, v in enumerate(rfs):
        ax2.text(v, n, f" {v}×{v}", va="center", fontsize=9)
    ax2.yaxis.set_major_locator(NullLocator())  # the rows are named on the left panel (no empty tick objects)
    ax2.set_ylim(ax1.get_ylim())
    ax2.set_xlim(0, max(rfs) * 1.04)
    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))  # whole pixels; few ticks (each costs)
    ax2.set_xlabel(_("receptive field (input pixels per side)"), fontsize=9)
    ax2.set_title(_("receptive field grows"), fontsize=11)
    fig.subplots_adjust(left=0.17, right=0.98, top=0.88, bottom=0.15, wspace=0.08)
    _labels_inside_when_too_long(fig, (ax1, ax2))
    setattr(fig, UNCROPPED, True)  # the margins above hold the labels: the explorer skips the tight-box pass
    return fig


def _labels_inside_when_too_long(fig, axes) -> None:
    """Move a bar's end label (drawn after the bar, left-aligned) inside the bar when it would cross the axis'
    right edge, so that the x axis can end at the largest value instead of leaving room for the labels."""
    renderer = fig.canvas.get_renderer()
    for ax in axes:
        right = ax.get_window_extent(renderer).x1
        for label in ax.texts:
            if label.get_window_extent(renderer).x1 > right:
                label.set_text(f"{label.get_text().strip()} ")
                label.set_horizontalalignment("right")
                label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.8})


def layer_stack_explorer(input_shape="1 28 28", layers=DEFAULT_STACK):
    """An editable layer list (one per line): every change re-traces shapes, flatten size and parameters."""
    import ipywidgets as widgets

    from ..widgets import explorer

    controls = {
        "input_shape": widgets.Text(
            value=input_shape,
            description=_("input C H W"),
            continuous_update=False,
            style={"description_width": "initial"},
        ),
        "layers": widgets.Textarea(
            value=layers,
            description=_("layers"),
            continuous_update=False,
            layout=widgets.Layout(width="260px", height="190px"),
        ),
    }
    return explorer(
        draw_trace,
        controls,
        text=lambda input_shape, layers: trace_html(trace_layers(input_shape, layers)),
        layout="row",
    )
