"""Notebook 04: transposed convolution (転置畳み込み), each input cell stamps the kernel onto the output.

    full[i*S + u, j*S + v] += x[i, j] * w[u, v]          (every input cell (i, j), every kernel cell (u, v))
    O = (I - 1)*S - 2P + K + output_padding               (conv_transpose_output_size)

* :func:`stamp_counts` counts how many stamps cover each cell of the uncropped output
  (``conv_transpose2d`` of an all-ones input with an all-ones kernel): where K is not a
  multiple of S the counts alternate, the checkerboard of upsampling decoders.
* :func:`draw_transpose_stamps` draws the input and the output canvas with those counts,
  every stamp outlined (the first one bold), and the P cells per side that padding crops hatched.
* :func:`transpose_caption` writes the size formula with the live numbers (an invalid
  setting in red, with helpers' reason); :func:`transpose_explorer` adds the sliders.
"""

from __future__ import annotations

import html

import numpy as np

from ..conv import conv_transpose2d
from ..i18n import _
from ..plotting import OUTPUT_COLOR, WINDOW_COLOR, cell_grid, draw_outlines
from ..shapes import conv_output_size, conv_transpose_output_size

__all__ = ["TRANSPOSE_RANGES", "stamp_counts", "transpose_caption", "draw_transpose_stamps", "transpose_explorer"]

# slider name -> (min, max, default)
TRANSPOSE_RANGES = {
    "input_size": (1, 6, 3),
    "kernel_size": (1, 5, 3),
    "stride": (1, 3, 2),
    "padding": (0, 2, 0),
    "output_padding": (0, 2, 0),
}

ERROR_STYLE = "color:#b00020;font-weight:600"


def _stamp_outlines(starts, k: int) -> list[tuple[float, float, float, float]]:
    """Rectangles (x, y, w, h) of every stamp but the first (starts x starts), inset by a staggered
    amount so that stamps whose edges coincide stay visible as separate outlines."""
    rects = []
    for r_i, r in enumerate(starts):
        for c_i, c in enumerate(starts):
            if r_i or c_i:
                inset = 0.06 + 0.07 * ((r_i + c_i) % 3) if k > 1 else 0.04
                rects.append((c - 0.5 + inset, r - 0.5 + inset, k - 2 * inset, k - 2 * inset))
    return rects


def stamp_counts(input_size: int, kernel_size: int, stride: int) -> np.ndarray:
    """(F, F) int array, F = (I-1)*S + K: how many input cells' stamps cover each output cell (before the crop)."""
    ones = np.ones((input_size, input_size), dtype=np.int64)
    return conv_transpose2d(ones, np.ones((kernel_size, kernel_size), dtype=np.int64), stride=stride)


def _check(input_size, kernel_size, stride, padding, output_padding):
    """The output size, or the ValueError helpers raises for this setting."""
    try:
        return conv_transpose_output_size(input_size, kernel_size, stride, padding, output_padding), None
    except ValueError as err:
        return None, str(err)


def transpose_caption(input_size=3, kernel_size=3, stride=2, padding=0, output_padding=0) -> str:
    """HTML: O = (I - 1)·S - 2P + K + A with the numbers, the overlap counts, and the convolution going back."""
    i, k, s, p, a = input_size, kernel_size, stride, padding, output_padding
    o, error = _check(i, k, s, p, a)
    formula = f"O = (I − 1)·S − 2P + K + A = ({i} − 1)·{s} − 2·{p} + {k} + {a}"
    if error:
        return f"<div>{formula}: <span style='{ERROR_STYLE}'>{html.escape(error)}</span></div>"
    counts = stamp_counts(i, k, s)
    inner = counts[k - 1 : counts.shape[0] - k + 1, k - 1 : counts.shape[1] - k + 1] if i > 2 else counts
    even = inner.size > 0 and inner.min() == inner.max()
    back = conv_output_size(o, k, s, p) if o + 2 * p >= k else None
    lines = [
        f"<div><b>{formula} = {o}</b>"
        + _(
            " (the stamps cover ({i} − 1)·{s} + {k} = {full} cells; padding crops {p} per side, output_padding adds {a})"
        ).format(i=i, s=s, k=k, full=counts.shape[0], p=p, a=a)
        + "</div>",
        "<div>"
        + _("each output cell is covered by {low} to {high} stamps").format(
            low=int(counts.min()), high=int(counts.max())
        )
        + (
            _(" (every cell is near the border: too few input cells for a regular interior)")
            if inner.size == 0
            else _(" (away from the border every cell gets the same number: K is a multiple of S)")
            if even
            else _(" (K = {k} < S = {s}: gaps that no stamp reaches)").format(k=k, s=s)
            if k < s
            else _(" (unevenly: K = {k} is not a multiple of S = {s}, the checkerboard pattern)").format(k=k, s=s)
        )
        + "</div>",
    ]
    if back is not None:
        lines.append(
            "<div>"
            + _("a convolution K={k}, S={s}, P={p} takes {o} back to {back}").format(k=k, s=s, p=p, o=o, back=back)
            + (" = I" if back == i else f" ≠ I = {i}")
            + "</div>"
        )
    return "".join(lines)


def draw_transpose_stamps(input_size=3, kernel_size=3, stride=2, padding=0, output_padding=0):
    """Input I×I (left) and the uncropped output canvas (right) with the stamp count of every cell.

    Every input cell's stamp (K×K, placed S apart) is outlined, the first in bold; the cells outside
    the output (out = full[P : P + O]) are hatched. output_padding first gives back cropped cells at the
    bottom/right, and adds zero cells past the stamps only when it exceeds P.
    """
    import matplotlib.pyplot as plt

    i, k, s, p, a = input_size, kernel_size, stride, padding, output_padding
    o, error = _check(i, k, s, p, a)
    counts = stamp_counts(i, k, s)
    full = counts.shape[0]
    side = max(full, p + o) if o is not None else full  # output_padding reaches past the stamps only when a > p
    canvas = np.zeros((side, side), dtype=np.int64)
    canvas[:full, :full] = counts
    cropped = np.ones((side, side), dtype=bool)
    if o is not None:
        cropped[p : p + o, p : p + o] = False
    fig, (ax_in, ax_out) = plt.subplots(1, 2, figsize=(8.0, 4.4), gridspec_kw={"width_ratios": [max(i, 2), side]})
    texts_in = [["1"] * i for _ in range(i)]
    cell_grid(ax_in, (i, i), colors=np.zeros((i, i)), cmap="Greys", vmin=0, vmax=4, texts=texts_in, fontsize=10)
    draw_outlines(ax_in, [(-0.5, -0.5, 1, 1)], WINDOW_COLOR, 2.4)
    ax_in.set_title(_("input {i}×{i} (all ones)").format(i=i), fontsize=11, pad=14)
    vmax = max(int(counts.max()), 1)
    texts = [[str(v) for v in row] for row in canvas]
    fs = max(6.5, min(11.0, 70.0 / side))
    cell_grid(
        ax_out,
        (side, side),
        colors=canvas,
        cmap="Oranges",
        vmin=0,
        vmax=vmax * 1.6,
        texts=texts,
        fontsize=fs,
        hatch_mask=cropped if o is not None else None,
    )
    starts = list(range(0, (i - 1) * s + 1, s))
    draw_outlines(ax_out, _stamp_outlines(starts, k), OUTPUT_COLOR, 1.0)
    draw_outlines(ax_out, [(-0.5, -0.5, k, k)], WINDOW_COLOR, 2.4)  # the stamp of input cell (0, 0)
    if error:
        title = _("this setting is not allowed (see the caption)")
    else:
        title = _("stamps cover {full}×{full}; output {o}×{o} after the crop").format(full=full, o=o) + (
            f" (+{a})" if a else ""
        )
    ax_out.set_title(title, fontsize=11, pad=14)
    for ax in (ax_in, ax_out):  # no ticks, no axis labels: the axes' x and y axis draw nothing; skipping their
        ax.xaxis.set_visible(False)  # layout makes tight_layout and the draw cheaper, the same pixels (the frame
        ax.yaxis.set_visible(False)  # is the spines, which stay)
    fig.suptitle(
        _("transposed convolution I={i}, K={k}, S={s}, P={p}, output_padding={a}: numbers = stamps per cell").format(
            i=i, k=k, s=s, p=p, a=a
        ),
        fontsize=11,
    )
    fig.tight_layout()
    return fig


def transpose_explorer():
    """Sliders for I, K, S, P and output_padding; the caption gives O and the overlap counts."""
    from ..widgets import explorer, int_slider

    controls = {name: int_slider(name, default, lo, hi) for name, (lo, hi, default) in TRANSPOSE_RANGES.items()}
    return explorer(draw_transpose_stamps, controls, text=transpose_caption)
