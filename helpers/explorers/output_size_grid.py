"""The cut-down grid of notebook 04's output-size figure (:func:`helpers.explorers.output_size.draw_output_size`).

A side longer than GRID_LIMIT (24) cells (AlexNet's 227) is drawn as its first and last cells only:
:func:`_shown` picks the indices drawn, :func:`_labels` the index labels kept, :func:`_outlines`
maps rectangles of the full grid to the drawn pieces, :func:`_hatch` hatches the padding as whole
bands, :func:`_seam` draws the white seam where rows and columns are left out and
:func:`_elided_note` names them.
"""

from __future__ import annotations

from ..i18n import _

__all__ = ["GRID_LIMIT"]

GRID_LIMIT = 24  # sides up to 24 cells are drawn whole; larger ones as their first and last cells (_shown)
_HEAD_MAX, _TAIL = 14, 8  # a cut-down side: the first 8..14 cells (two windows if they fit), the last 8


def _hatch(ax, rects) -> None:
    """Padding hatch (as helpers.cells draws it for single cells) over whole rectangles (x, y, w, h)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    from ..plotting import PAD_HATCH

    patches = [Rectangle((x, y), w, h) for x, y, w, h in rects]
    ax.add_collection(PatchCollection(patches, facecolor="none", edgecolor="0.55", hatch=PAD_HATCH, lw=0))


def _shown(size: int, head: int) -> list[int]:
    """The indices drawn along one axis: all up to GRID_LIMIT, else the first ``head`` and the last
    _TAIL (the middle is left out; the picture says which)."""
    if size <= GRID_LIMIT:
        return list(range(size))
    return list(range(head)) + list(range(size - _TAIL, size))


def _labels(shown: list[int], size: int, stride: int = 1, dropped=()) -> list:
    """Index labels of a drawn axis: every index when nothing is left out; for a cut-down axis only the
    window starts of the first part, the first index after the seam, the last index and the dropped cells (fewer texts to draw)."""
    if len(shown) == size:
        return shown
    ends = {shown[0], shown[-1]} | {b for a, b in zip(shown, shown[1:]) if b != a + 1}
    keep = ends | set(dropped) | {v for v in shown[: len(shown) - _TAIL] if v % stride == 0}
    return [v if v in keep else "" for v in shown]


def _elided_note(shown: list[int], what: str, wrap: bool = False) -> str:
    """Which indices a cut-down grid leaves out, e.g. 'rows and columns 16..214 not drawn (white seam)'."""
    gap = next(j for j in range(1, len(shown)) if shown[j] != shown[j - 1] + 1)
    template = (
        _("{what} {first}..{last}\nnot drawn (white seam)")
        if wrap
        else _("{what} {first}..{last} not drawn (white seam)")
    )
    return template.format(what=_(what), first=shown[gap - 1] + 1, last=shown[gap] - 1)


def _outlines(shown: list[int], rects, inset: float = 0.0) -> list[tuple[float, float, float, float]]:
    """Rectangles (x, y, w, h) in whole cells of the full grid -> outlines in the drawn grid's coordinates
    (a rectangle crossing the left-out middle is drawn as its visible pieces); ``inset`` shrinks each."""
    pos = {v: j for j, v in enumerate(shown)}

    def pieces(start, length):
        runs, run = [], []
        for v in range(start, start + length):
            if v in pos and (not run or pos[v] == run[-1] + 1):
                run.append(pos[v])
            elif v in pos:
                runs.append(run)
                run = [pos[v]]
        return [r for r in runs + [run] if r]

    out = []
    for x, y, w, h in rects:
        for cols in pieces(x, w):
            for rws in pieces(y, h):
                out.append((cols[0] - 0.5 + inset, rws[0] - 0.5 + inset, len(cols) - 2 * inset, len(rws) - 2 * inset))
    return out


def _seam(ax, shown: list[int], size: int) -> None:
    """A white seam where rows and columns are left out (nothing when the axis is drawn whole)."""
    if len(shown) < size:
        cut = next(j for j in range(1, len(shown)) if shown[j] != shown[j - 1] + 1) - 0.5
        ax.axvline(cut, color="white", lw=4)
        ax.axhline(cut, color="white", lw=4)
