"""Randomised exam-style questions (E資格 style) over notebooks 01–09, in English and Japanese.

Every question comes from a generator ``gen(rng) -> dict``: the numbers are drawn from the random generator,
the answer is computed with ``helpers`` (``conv_output_size``, ``pool_output_size``, ``conv_param_count``,
``receptive_field``, ``max_pool2d``, the kernels, ...), and the worked solution spells the calculation out with
the same numbers. Three formats:

* "numeric": type the answer (a number, a shape, a small matrix);
* "choice": four options (A–D); the distractors are the answers the classic mistakes give;
* code fill-in: a numpy function with a blank, asked as "choice" (which snippet fills it) or "typed" (type the
  snippet; it runs on hidden cases under the exercises' time limit).

    from helpers.exam import ExamSession, MockExam
    exam = ExamSession(seed=2026, language="ja")
    q = exam.ask("conv_stride_padding", format="choice")   # prints the question and options
    exam.check(q, "B")                                       # ✓ / ✗ + hint, then the worked solution and link
    exam.summary()                                           # score per topic (first attempts)

    mock = MockExam(n=10, minutes=20, seed=1, language="ja")  # a timed mock exam, scored at the end

The same ``(kind, seed, format)`` always gives the same question (tests/test_exam.py).

The package: ``registry`` (topics, ``Question``, ``GENERATORS``), ``mistakes`` (the named mistakes and their
hints), the ``bank_*`` modules of generators, one per topic (sizes from ``helpers.shapes``; the code fill-in
machinery in ``code_tasks``), ``session`` (``generate``, ``check_answer``, ``ExamSession``), ``mock``
(``MockExam``) and ``widget`` (``practice_widget``, ``mock_exam_widget``).
"""

# isort: off
# The import order is the registration order of GENERATORS (the order of the types in every listing): keep it.
from . import bank_code, bank_counts, bank_bottleneck, bank_architectures, bank_dropout  # noqa: F401
from . import bank_shapes, bank_network_shapes, bank_receptive_field  # noqa: F401
from . import bank_sizes, bank_padding, bank_pool_sizes, bank_values  # noqa: F401

# isort: on
from .answers import parse_answer, parse_choice
from .mistakes import MISTAKES
from .mock import MockExam
from .registry import FORMATS, GENERATORS, TOPICS, Question, kinds_for_format, kinds_for_topic, topic_list
from .session import ExamSession, check_answer, generate
from .widget import mock_exam_widget, practice_widget

__all__ = [
    "Question",
    "TOPICS",
    "FORMATS",
    "MISTAKES",
    "GENERATORS",
    "generate",
    "ExamSession",
    "MockExam",
    "check_answer",
    "parse_answer",
    "parse_choice",
    "practice_widget",
    "mock_exam_widget",
    "kinds_for_topic",
    "kinds_for_format",
    "topic_list",
]
