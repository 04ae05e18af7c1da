"""Size formulas the exam needs that helpers.shapes does not have yet.

Helper "api" is adding ``conv_transpose_output_size`` and ``tf_same_padding`` to ``helpers.shapes``; until that
lands these are the exam's own (tested in tests/test_exam.py against brute force); switch the imports then.
"""

from __future__ import annotations

from .._validation import check_int

__all__ = ["conv_transpose_output_size", "tf_same_padding"]


def conv_transpose_output_size(
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, output_padding: int = 0, dilation: int = 1
) -> int:
    """Output size of a transposed convolution (PyTorch ConvTranspose2d), one axis.

    O = (I − 1)·S − 2P + D·(K − 1) + output_padding + 1, with output_padding < max(S, D).
    """
    func = "conv_transpose_output_size"
    i = check_int(size, "size", func, minimum=1)
    k = check_int(kernel_size, "kernel_size", func, minimum=1)
    s = check_int(stride, "stride", func, minimum=1)
    p = check_int(padding, "padding", func, minimum=0)
    d = check_int(dilation, "dilation", func, minimum=1)
    op = check_int(output_padding, "output_padding", func, minimum=0)
    if op >= max(s, d):
        raise ValueError(
            f"{func}: output_padding must be smaller than stride or dilation, got output_padding={op} with "
            f"stride={s}, dilation={d}; use output_padding in 0..{max(s, d) - 1}"
        )
    o = (i - 1) * s - 2 * p + d * (k - 1) + op + 1
    if o < 1:
        raise ValueError(f"{func}: padding={p} removes the whole output ({o} cells); use a smaller padding")
    return o


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
