"""Notebook 03: stride (ストライド) and dilation (ダイレーション).

Pure functions compute what the window does (where it starts, which input
cells it reads, how many multiply-adds it costs); ``draw_stride`` draws every
visited window on the input next to the output grid; ``stride_explorer``
wraps it with sliders whose ranges follow validity (the kernel's span
D*(K-1)+1 never exceeds the input).

Coordinates are those of the (padded) input: row 0 / column 0 is the first
cell the window can cover.
"""

from __future__ import annotations

import numpy as np

from ..i18n import _
from ..plotting import OUTPUT_COLOR, WINDOW_COLOR, cell_grid, draw_outlines
from ..shapes import conv_output_size, effective_kernel_size
from ..windows import kernel_taps, multiply_adds, window_starts
from ..windows import visit_counts as _visit_counts

__all__ = [
    "STRIDE_RANGES",
    "DILATION_RANGES",
    "window_starts",
    "kernel_taps",
    "visit_counts",
    "multiply_adds",
    "stride_is_valid",
    "stride_limits",
    "valid_stride_settings",
    "stride_caption",
    "draw_stride",
    "draw_dilation",
    "stride_explorer",
]

# slider name -> (min, max, default)
STRIDE_RANGES = {"input_size": (5, 10, 7), "kernel_size": (1, 5, 3), "stride": (1, 4, 2), "dilation": (1, 3, 1)}
CELL_LABEL_MAX = 6  # output grids up to this size print "row,col" in every cell

DILATION_RANGES = {"kernel_size": (2, 4, 3), "max_dilation": (1, 4, 3)}


def visit_counts(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> np.ndarray:
    """(size+2P, size+2P) ints: how many windows read each cell of the padded input (0 = never read).

    The padded-grid view of :func:`helpers.windows.visit_counts` (notebook 03 counts padding cells too).
    """
    return _visit_counts(size, kernel_size, stride, padding, dilation, include_padding=True)


def stride_is_valid(input_size: int, kernel_size: int, stride: int = 1, dilation: int = 1) -> bool:
    """True when the dilated kernel fits into the input: D*(K-1)+1 <= I (no padding in notebook 03)."""
    return stride >= 1 and dilation * (kernel_size - 1) + 1 <= input_size


def stride_limits(input_size: int, kernel_size: int, dilation: int) -> dict[str, int]:
    """Largest kernel_size (given dilation) and dilation (given kernel_size) that still fit the input."""
    k_lo, k_hi, _ = STRIDE_RANGES["kernel_size"]
    d_lo, d_hi, _ = STRIDE_RANGES["dilation"]
    k_max = max(k_lo, min(k_hi, (input_size - 1) // dilation + 1))
    d_max = d_hi if kernel_size <= 1 else max(d_lo, min(d_hi, (input_size - 1) // (kernel_size - 1)))
    return {"kernel_size": k_max, "dilation": d_max}


def valid_stride_settings():
    """Every slider combination the stride explorer can show (for tests and benchmarks)."""
    (i0, i1, _), (k0, k1, _), (s0, s1, _), (d0, d1, _) = STRIDE_RANGES.values()
    for i in range(i0, i1 + 1):
        for k in range(k0, k1 + 1):
            for s in range(s0, s1 + 1):
                for d in range(d0, d1 + 1):
                    if stride_is_valid(i, k, s, d):
                        yield {"input_size": i, "kernel_size": k, "stride": s, "dilation": d}


def stride_caption(input_size: int = 7, kernel_size: int = 3, stride: int = 2, dilation: int = 1) -> str:
    """One line for the explorer: output size, windows, multiply-adds and the saving over stride 1."""
    o = conv_output_size(input_size, kernel_size, stride, 0, dilation)
    ops = multiply_adds(input_size, kernel_size, stride, 0, dilation)
    ops1 = multiply_adds(input_size, kernel_size, 1, 0, dilation)
    k_eff = effective_kernel_size(kernel_size, dilation)
    starts = ", ".join(str(s) for s in window_starts(input_size, kernel_size, stride, 0, dilation))
    saving = (
        _("; stride 1 would need {ops1} ({ratio}× as many)").format(ops1=ops1, ratio=f"{ops1 / ops:.3g}")
        if stride > 1
        else ""
    )
    return _(
        "<b>output {o}×{o}</b> · window starts (rows and columns): {starts} · span K<sub>eff</sub> = D(K−1)+1 = {dilation}·({kernel_size}−1)+1 = {k_eff} · {o_o} windows × {kernel_size_kernel_size} products = {ops} multiply-adds{saving}"
    ).format(
        o=o,
        starts=starts,
        dilation=dilation,
        kernel_size=kernel_size,
        k_eff=k_eff,
        o_o=o * o,
        kernel_size_kernel_size=kernel_size * kernel_size,
        ops=ops,
        saving=saving,
    )


def draw_stride(input_size: int = 7, kernel_size: int = 3, stride: int = 2, dilation: int = 1):
    """Coverage view: how many windows read each input cell, next to the output grid.

    Input cells show how many windows read them ("–" and faded when none
    does); only the first window is outlined (thick, its K×K taps as small
    squares): every window at once is a mesh of outlines, so the windows one at
    a time are :func:`helpers.explorers.window_steps.draw_window_steps`. Output
    cells show the (row, column) where their window starts.
    """
    import matplotlib.pyplot as plt

    if not stride_is_valid(input_size, kernel_size, stride, dilation):
        # conv_output_size raises the helpers' explanation (shown in red by the widget)
        conv_output_size(input_size, kernel_size, stride, 0, dilation)
        raise ValueError(_("draw_stride: stride must be >= 1, got {stride}").format(stride=stride))
    o = conv_output_size(input_size, kernel_size, stride, 0, dilation)
    starts = window_starts(input_size, kernel_size, stride, 0, dilation)
    taps = kernel_taps(kernel_size, dilation)
    k_eff = effective_kernel_size(kernel_size, dilation)
    counts = visit_counts(input_size, kernel_size, stride, 0, dilation)

    fig, (ax_in, ax_out) = plt.subplots(
        1, 2, figsize=(7.8, 4.6), gridspec_kw={"width_ratios": [input_size, max(o, 3.2)]}
    )
    fs = max(7.0, min(12.0, 70.0 / input_size))
    texts = [[str(v) if v else "–" for v in row] for row in counts]
    cell_grid(
        ax_in,
        counts.shape,
        colors=counts,
        vmin=0,
        vmax=max(1, counts.max()) * 2.2,
        texts=texts,
        fontsize=fs,
        dim_mask=counts == 0,
    )
    # the first window: thick outline and its taps
    draw_outlines(ax_in, [(-0.5, -0.5, k_eff, k_eff)], WINDOW_COLOR, 3.2)
    draw_outlines(ax_in, [(v - 0.36, u - 0.36, 0.72, 0.72) for u in taps for v in taps], WINDOW_COLOR, 1.6)
    ax_in.set_title(_("input {input_size}×{input_size}").format(input_size=input_size), fontsize=12, pad=14)
    ax_in.set_xlabel(_("numbers: how many windows read the cell (– never)"), fontsize=9)

    if o <= CELL_LABEL_MAX:
        ofs = max(7.5, min(10.5, 48.0 / max(o, 3)))
        otexts = [[f"{r},{c}" for c in starts] for r in starts]
        cell_grid(
            ax_out,
            (o, o),
            colors=np.zeros((o, o)),
            cmap="Greys",
            vmin=0,
            vmax=4,
            texts=otexts,
            fontsize=ofs,
            text_color=OUTPUT_COLOR,
        )
        out_note = _("each cell: row,col where\nits window starts on the input")
    else:  # many cells: the starts go along the edges instead of into every cell (readable, and fast)
        cell_grid(
            ax_out,
            (o, o),
            colors=np.zeros((o, o)),
            cmap="Greys",
            vmin=0,
            vmax=4,
            fontsize=10,
            row_labels=starts,
            col_labels=starts,
        )
        out_note = _("edge numbers: the input row / column\nwhere each row / column of windows starts")
    draw_outlines(ax_out, [(-0.5, -0.5, 1, 1)], WINDOW_COLOR, 3.2)
    ax_out.set_title(_("output {o}×{o}").format(o=o), fontsize=12, pad=14)
    ax_out.set_xlabel(out_note, fontsize=9)
    fig.suptitle(
        _(
            "kernel {kernel_size}×{kernel_size}, stride {stride}, dilation {dilation}: window spans {k_eff}×{k_eff}, starts at {join_map_str_starts}"
        ).format(
            kernel_size=kernel_size,
            stride=stride,
            dilation=dilation,
            k_eff=k_eff,
            join_map_str_starts=", ".join(map(str, starts)),
        ),
        fontsize=11,
        y=0.985,
    )
    fig.text(
        0.5,
        0.015,
        _(
            "thick outline + small squares: the first window and the cells it multiplies;\n"
            "the same start numbers for rows and columns give every other window"
        ),
        ha="center",
        fontsize=9,
    )
    fig.subplots_adjust(left=0.05, right=0.98, top=0.83, bottom=0.15, wspace=0.18)
    return fig


def draw_dilation(kernel_size: int = 3, max_dilation: int = 3):
    """One panel per dilation 1..max_dilation: the kernel's taps inside its span K_eff = D(K-1)+1."""
    import matplotlib.pyplot as plt

    if isinstance(max_dilation, bool) or not isinstance(max_dilation, (int, np.integer)) or max_dilation < 1:
        raise ValueError(
            _("draw_dilation: max_dilation must be a whole number >= 1, got {max_dilation!r}; e.g. 3").format(
                max_dilation=max_dilation
            )
        )
    spans = [effective_kernel_size(kernel_size, d) for d in range(1, max_dilation + 1)]
    size = spans[-1]
    fig, axes = plt.subplots(1, max_dilation, figsize=(2.9 * max_dilation, 3.4), squeeze=False)
    for n, d in enumerate(range(1, max_dilation + 1)):
        ax = axes[0, n]
        taps = kernel_taps(kernel_size, d)
        grid = np.zeros((size, size))
        texts = [["" for _ in range(size)] for _ in range(size)]
        for u in taps:
            for v in taps:
                grid[u, v] = 1
                texts[u][v] = "w"
        cell_grid(
            ax,
            grid.shape,
            colors=grid,
            cmap="Reds",
            vmin=0,
            vmax=2.5,
            texts=texts,
            fontsize=max(7, 60 / size),
            index_labels=False,
        )
        draw_outlines(ax, [(v - 0.5, u - 0.5, 1, 1) for u in taps for v in taps], WINDOW_COLOR, 1.5)
        k_eff = spans[n]
        draw_outlines(ax, [(-0.45, -0.45, k_eff - 0.1, k_eff - 0.1)], "black", 2.5, (0, (5, 2)))
        ax.set_title(_("dilation {d}: span {k_eff}×{k_eff}").format(d=d, k_eff=k_eff), fontsize=11)
        ax.set_xlabel(
            _("{kernel_size_kernel_size} weights (w), gaps skipped").format(
                kernel_size_kernel_size=kernel_size * kernel_size
            ),
            fontsize=9,
        )
    fig.suptitle(
        _(
            "A {kernel_size}×{kernel_size} kernel with growing dilation: same weights, wider view (dashed = span)"
        ).format(kernel_size=kernel_size),
        fontsize=11.5,
    )
    fig.subplots_adjust(left=0.03, right=0.97, top=0.80, bottom=0.12, wspace=0.15)
    return fig


def _constrain(controls) -> None:
    lim = stride_limits(controls["input_size"].value, controls["kernel_size"].value, controls["dilation"].value)
    controls["kernel_size"].max = lim["kernel_size"]
    lim = stride_limits(controls["input_size"].value, controls["kernel_size"].value, controls["dilation"].value)
    controls["dilation"].max = lim["dilation"]


def stride_explorer():
    """Sliders for input size, kernel size, stride and dilation over :func:`draw_stride`."""
    from ..widgets import explorer, int_sliders

    controls = int_sliders(STRIDE_RANGES)
    _constrain(controls)
    return explorer(draw_stride, controls, text=stride_caption, constrain=_constrain)
