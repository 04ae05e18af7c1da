"""The summary table of :meth:`helpers.model.Sequential.summary`: layer, output shape, parameters, total.

:class:`ModelSummary` holds the rows (``str()`` gives the table, its columns padded by display
width so that Japanese headers line up: :func:`helpers.i18n.display_width`); :func:`_check_shape` checks the
``input_shape`` argument. Re-exported by :mod:`helpers.model`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .i18n import _, display_width

__all__ = ["ModelSummary"]


def _check_shape(input_shape) -> tuple[int, ...]:
    """One example's shape as a tuple of positive ints, or a clear error (summary's argument)."""
    fix = _("pass a tuple of whole numbers, e.g. model.summary((1, 28, 28)) for one 28×28 gray image")
    if isinstance(input_shape, (str, bytes)) or not isinstance(input_shape, (tuple, list, np.ndarray)):
        raise TypeError(
            _("Sequential.summary: input_shape must be a tuple (C, H, W), got {input_shape!r}; {fix}").format(
                input_shape=input_shape, fix=fix
            )
        )
    items = (
        list(np.asarray(input_shape, dtype=object).ravel())
        if isinstance(input_shape, np.ndarray)
        else list(input_shape)
    )
    if not 1 <= len(items) <= 4:
        raise ValueError(
            _("Sequential.summary: input_shape must have 1 to 4 sizes, got {input_shape!r}; {fix}").format(
                input_shape=input_shape, fix=fix
            )
        )
    for s in items:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)):
            raise TypeError(
                _(
                    "Sequential.summary: every size in input_shape must be a whole number, got {s!r} in {input_shape!r}; {fix}"
                ).format(s=s, input_shape=input_shape, fix=fix)
            )
        if s < 1:
            raise ValueError(
                _("Sequential.summary: sizes in input_shape must be >= 1, got {s} in {input_shape!r}; {fix}").format(
                    s=s, input_shape=input_shape, fix=fix
                )
            )
    return tuple(int(s) for s in items)


@dataclass
class ModelSummary:
    """The rows of :meth:`Sequential.summary`. ``str()`` gives the table; ``rows`` the data."""

    input_shape: tuple
    rows: list  # (index, layer repr, output shape without N, parameter count, formula)
    total: int
    error: str | None = None  # set when a layer cannot take its input (shapes stop there)

    @property
    def output_shapes(self) -> list[tuple]:
        return [r[2] for r in self.rows]

    @property
    def param_counts(self) -> list[int]:
        return [r[3] for r in self.rows]

    def __str__(self) -> str:
        head = ("#", _("layer"), _("output shape"), _("parameters"), _("how counted"))
        body = [
            (str(i), name, "×".join(map(str, shape)), f"{count:,}", formula)
            for i, name, shape, count, formula in self.rows
        ]
        table = [("", _("input"), "×".join(map(str, self.input_shape)), "", "")] + body
        widths = [max(display_width(r[c]) for r in [head] + table) for c in range(5)]

        def line(r):
            cells = [" " * (widths[c] - display_width(r[c])) for c in range(5)]
            return "  ".join((cells[c] + r[c]) if c in (0, 3) else (r[c] + cells[c]) for c in range(5)).rstrip()

        rule = "-" * display_width(line(head))
        out = [line(head), rule] + [line(r) for r in table]
        out += [rule, _("total parameters: {total:,}").format(total=self.total)]
        if self.error:
            out.append(_("✗ stopped at layer {number}: {error}").format(number=len(self.rows), error=self.error))
        return "\n".join(out)

    def __repr__(self) -> str:
        return str(self)
