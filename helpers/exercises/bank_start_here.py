"""Exercises of notebook 00."""

from ..i18n import N_
from . import Exercise, register

register(
    Exercise(
        id="start_output_side",
        kind="value",
        expected=5,
        hints={
            7: N_("that is the input size: a 3-wide window cannot start in the last two columns."),
            4: N_("count the window positions 0, 1, ..., I - K: that is I - K + 1 of them."),
            9: N_("the output is smaller than the input, not larger (no padding here)."),
        },
        explanation=N_("O = I - K + 1 = 7 - 3 + 1 = 5."),
    )
)
