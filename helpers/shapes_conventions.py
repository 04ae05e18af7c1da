"""The size conventions on top of the window formula: "same" padding and the transposed convolution.

``helpers.shapes`` has the one formula O = floor((I + 2P - D(K-1) - 1) / S) + 1 with P chosen by you (PyTorch's
convention). The frameworks also offer the other direction, fixing the output and working the rest out:

* :func:`same_padding`: the padding that keeps the size at stride 1 (the odd cell after, as TensorFlow);
* :func:`tf_same_padding`: TensorFlow/Keras ``padding="same"`` with any stride (output ceil(I/S), padding
  whatever that needs, possibly uneven);
* :func:`conv_transpose_output_size`: PyTorch's ConvTranspose2d, the size a transposed convolution returns
  to, with its ``output_padding`` rule (and :func:`transpose_axis_size`, which ``conv_transpose2d`` shares).

Everything here is re-exported by ``helpers.shapes`` (and ``helpers``), so ``from helpers.shapes import
tf_same_padding`` works as before.
"""

from __future__ import annotations

from typing import overload

from ._validation import Size, check_pair, is_pair
from .i18n import _

__all__ = ["same_padding", "tf_same_padding", "conv_transpose_output_size", "transpose_axis_size"]


def same_padding(kernel_size: Size, dilation: Size = 1) -> tuple:
    """Padding that keeps the size unchanged at stride 1 ("same" padding).

    The window spans K_eff = D*(K-1) + 1 cells, so D*(K-1) cells of padding are
    needed in total. An odd K_eff splits them evenly; an even one cannot, and
    (like TensorFlow) the extra cell goes *after* (bottom/right).

    Returns ``(before, after)``; with an (h, w) pair, ``((top, bottom), (left, right))``.

    >>> same_padding(3)
    (1, 1)
    >>> same_padding(4)
    (1, 2)
    """
    func = "same_padding"
    pair = is_pair(kernel_size) or is_pair(dilation)
    ks = check_pair(kernel_size, "kernel_size", func, minimum=1)
    ds = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    result = []
    for k, d in zip(ks, ds):
        total = d * (k - 1)
        result.append((total // 2, total - total // 2))
    return tuple(result) if pair else result[0]


# Typing only: ints in give one (output, before, after) triple; a pair anywhere gives one triple per axis.
@overload
def tf_same_padding(  # type: ignore[overload-overlap]
    size: int, kernel_size: int, stride: int = 1, dilation: int = 1
) -> tuple[int, int, int]: ...
@overload
def tf_same_padding(
    size: Size, kernel_size: Size, stride: Size = 1, dilation: Size = 1
) -> tuple[tuple[int, int, int], tuple[int, int, int]]: ...


def tf_same_padding(
    size: Size, kernel_size: Size, stride: Size = 1, dilation: Size = 1
) -> tuple[int, int, int] | tuple[tuple[int, int, int], tuple[int, int, int]]:
    """TensorFlow/Keras ``padding="same"`` for any stride: returns (output, pad_before, pad_after).

    TensorFlow fixes the *output* size and pads whatever that needs:

        O     = ceil(I / S)
        total = max((O - 1)*S + D(K - 1) + 1 - I, 0)      (the last window must end inside the padding)
        pad_before = floor(total / 2),  pad_after = total - pad_before     (the extra cell goes after)

    PyTorch's convention is the other way round: you choose P per side (the same on both) and
    the output is floor((I + 2P - D(K-1) - 1) / S) + 1 (conv_output_size). At stride 1 the two
    agree with :func:`same_padding`; with a stride they can give the same size with different
    padding (I=6, K=3, S=2: TensorFlow pads (0, 1), PyTorch padding=1 pads (1, 1): both give 3
    outputs, but the windows start at different cells, so the numbers differ).

    ``size``, ``kernel_size``, ``stride``, ``dilation``: int or (h, w). With a pair the result is
    ((OH, top, bottom), (OW, left, right)); conv2d(x, w, stride=S, padding=(top, bottom, left, right))
    then computes TensorFlow's numbers.

    >>> tf_same_padding(224, 7, 2)      # ResNet's first layer: 112 outputs, pad 2 before and 3 after
    (112, 2, 3)
    >>> tf_same_padding(5, 3, 2), tf_same_padding(6, 3, 2)
    ((3, 1, 1), (3, 0, 1))
    """
    func = "tf_same_padding"
    pair = any(is_pair(v) for v in (size, kernel_size, stride, dilation))
    sizes = check_pair(size, "size", func, minimum=1)
    ks = check_pair(kernel_size, "kernel_size", func, minimum=1)
    ss = check_pair(stride, "stride", func, minimum=1, rule="the window must move forward by at least one cell")
    ds = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    result = []
    for i, k, s, d in zip(sizes, ks, ss, ds):
        o = -(-i // s)  # ceil(i / s) in integers
        total = max((o - 1) * s + d * (k - 1) + 1 - i, 0)
        result.append((o, total // 2, total - total // 2))
    return (result[0], result[1]) if pair else result[0]


def transpose_axis_size(func: str, axis: str, i: int, k: int, s: int, p: int, op: int, d: int) -> int:
    """One axis of a transposed convolution: (I-1)*S - 2P + D*(K-1) + output_padding + 1, checked.

    Shared by :func:`conv_transpose_output_size` and ``conv_transpose2d`` so both explain a bad
    setting the same way. The arguments are already ints of the right sign.
    """
    where = _(" along {axis}").format(axis=axis) if axis else ""
    if op >= max(s, d):
        raise ValueError(
            _(
                "{func}: output_padding={op}{where} must be smaller than stride={s} or dilation={d} (PyTorch's rule: "
                "output_padding < max(stride, dilation)); it only chooses among the sizes that a stride-{s} "
                "convolution maps onto the same input size. Use output_padding in 0..{largest}"
            ).format(func=func, op=op, where=where, s=s, d=d, largest=max(s, d) - 1)
        )
    full = (i - 1) * s + d * (k - 1) + 1  # every cell the stamped kernels reach, before the crop
    out = full - 2 * p + op
    if out < 1:
        raise ValueError(
            _(
                "{func}: padding={p}{where} crops 2*{p} = {crop} cells from the {full} cells the kernels cover "
                "((I-1)*S + D*(K-1) + 1 = ({i}-1)*{s} + {d}*({k}-1) + 1), leaving {full} - {crop}{plus_op} = {out} "
                "< 1 output cells; use padding <= {largest}"
            ).format(
                func=func,
                p=p,
                where=where,
                crop=2 * p,
                full=full,
                i=i,
                s=s,
                d=d,
                k=k,
                plus_op=f" + {op}" if op else "",
                out=out,
                largest=(full + op - 1) // 2,
            )
        )
    return out


# Typing only, as for conv_output_size: ints in give an int, a pair anywhere gives an (OH, OW) pair.
@overload
def conv_transpose_output_size(  # type: ignore[overload-overlap]
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, output_padding: int = 0, dilation: int = 1
) -> int: ...
@overload
def conv_transpose_output_size(
    size: Size, kernel_size: Size, stride: Size = 1, padding: Size = 0, output_padding: Size = 0, dilation: Size = 1
) -> tuple[int, int]: ...


def conv_transpose_output_size(
    size: Size, kernel_size: Size, stride: Size = 1, padding: Size = 0, output_padding: Size = 0, dilation: Size = 1
) -> int | tuple[int, int]:
    """Output size of a transposed convolution (転置畳み込み), as PyTorch's ConvTranspose2d.

    O = (I - 1)*S - 2P + D(K - 1) + output_padding + 1

    Each of the I input cells stamps the (dilated) kernel onto the output, S cells apart: the
    stamps cover (I-1)*S + D(K-1) + 1 cells; ``padding`` P then crops P cells from each side
    (it undoes the padding of the convolution this one inverts), and ``output_padding`` adds
    cells at the bottom/right. It exists because a stride-S convolution maps S different sizes
    onto the same output (the floor in conv_output_size): ``output_padding`` picks which one
    to return to, and must be smaller than max(stride, dilation), as in PyTorch.

    Parameters
    ----------
    size, kernel_size, stride, padding, output_padding, dilation : int or (h, w) pair
        With any pair the result is an ``(OH, OW)`` tuple, otherwise an int.

    >>> conv_transpose_output_size(4, 3, stride=2, padding=1)
    7
    >>> conv_transpose_output_size(4, 3, stride=2, padding=1, output_padding=1)  # back to 8 = 2 * 4
    8
    >>> from helpers.shapes import conv_output_size
    >>> conv_output_size(8, 3, stride=2, padding=1), conv_output_size(7, 3, stride=2, padding=1)
    (4, 4)
    """
    func = "conv_transpose_output_size"
    pair = any(is_pair(v) for v in (size, kernel_size, stride, padding, output_padding, dilation))
    sizes = check_pair(size, "size", func, minimum=1)
    ks = check_pair(kernel_size, "kernel_size", func, minimum=1)
    ss = check_pair(stride, "stride", func, minimum=1, rule="the stamps must move forward by at least one cell")
    ps = check_pair(padding, "padding", func, minimum=0, rule="padding crops the output; it cannot be negative")
    ops = check_pair(
        output_padding, "output_padding", func, minimum=0, rule="output_padding adds cells; it cannot remove them"
    )
    ds = check_pair(dilation, "dilation", func, minimum=1, rule="dilation 1 means an ordinary kernel")
    axes = ("H", "W") if pair else ("", "")
    oh, ow = (transpose_axis_size(func, axes[a], sizes[a], ks[a], ss[a], ps[a], ops[a], ds[a]) for a in range(2))
    return (oh, ow) if pair else oh
