"""Randomised exam-style questions (E資格 style) over the whole collection.

Every question comes from a generator ``gen(rng) -> Question``: the numbers are
drawn from the random generator, the answer is computed with ``helpers``
(``conv_output_size``, ``pool_output_size``, ``conv_param_count``,
``receptive_field``, ``max_pool2d``, the pooling kernels), and the worked
solution spells the calculation out with the same numbers.

    from helpers.exam import ExamSession
    exam = ExamSession(seed=2026)
    q = exam.ask("conv_stride_padding")     # prints the question
    exam.check(q, 16)                       # ✓ / ✗ + hint, then the worked solution
    exam.summary()                          # score per topic

    from helpers.exam import practice_widget
    practice_widget()                       # "New question" button, answer box, "Check" button

The same ``(kind, seed)`` always gives the same question, so a notebook with a
fixed seed is reproducible and its numbers are tested (tests/test_exam.py).

The package: ``registry`` (topics, ``Question``, ``GENERATORS``), one ``bank_*`` module of
generators per topic, ``session`` (``generate``, ``parse_answer``, ``check_answer``,
``ExamSession``) and ``widget`` (``practice_widget``, the presentation side).
"""

from . import (  # noqa: F401 - importing a bank registers its generators
    bank_backward,
    bank_bottleneck,
    bank_conv_size,
    bank_flatten,
    bank_im2col,
    bank_max_pool,
    bank_params,
    bank_pool_size,
    bank_receptive_field,
)
from .registry import GENERATORS, TOPICS, Question, kinds_for_topic
from .session import ExamSession, check_answer, generate, parse_answer
from .widget import practice_widget

__all__ = [
    "Question",
    "TOPICS",
    "GENERATORS",
    "generate",
    "ExamSession",
    "check_answer",
    "parse_answer",
    "practice_widget",
    "kinds_for_topic",
]
