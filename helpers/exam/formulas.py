"""A size formula the exam needs that helpers.shapes does not have yet.

Helper "api" is adding ``tf_same_padding`` to ``helpers.shapes``; until that lands this is the exam's own (tested
in tests/test_exam.py against brute force); switch the import then and delete this module.
"""

from __future__ import annotations

from .._validation import check_int

__all__ = ["tf_same_padding"]


def tf_same_padding(size: int, kernel_size: int, stride: int = 1) -> tuple[int, tuple[int, int]]:
    """TensorFlow's padding='same' along one axis: (output size, (pad before, pad after)).

    O = ceil(I / S);  total = max((O − 1)·S + K − I, 0);  before = floor(total / 2), after = total − before
    (the odd extra cell goes after: bottom / right).
    """
    func = "tf_same_padding"
    i = check_int(size, "size", func, minimum=1)
    k = check_int(kernel_size, "kernel_size", func, minimum=1)
    s = check_int(stride, "stride", func, minimum=1)
    o = -(-i // s)
    total = max((o - 1) * s + k - i, 0)
    return o, (total // 2, total - total // 2)
