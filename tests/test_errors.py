"""Bad input gets a ValueError/TypeError that names the argument, the value, the rule and a fix.

Each case: (call, expected exception, words the message must contain). The first
word is always the argument's name; the others check the value or the fix.
"""

import numpy as np
import pytest

from helpers import (
    avg_pool2d,
    col2im,
    conv2d,
    conv2d_naive,
    conv_output_size,
    conv_param_count,
    im2col,
    max_pool2d,
    pad2d,
    pool_output_size,
    receptive_field,
    same_padding,
)

X = np.zeros((1, 3, 5, 5))
W = np.zeros((2, 3, 3, 3))

CASES = [
    # wrong rank
    ("x rank 1", lambda: conv2d(np.zeros(5), np.zeros((3, 3))), ValueError, ["x", "rank", "(5,)"]),
    ("x rank 5", lambda: conv2d(np.zeros((1, 1, 1, 5, 5)), W), ValueError, ["x", "rank 5", "squeeze"]),
    (
        "w rank 2 for channelled x",
        lambda: conv2d(X, np.zeros((3, 3))),
        ValueError,
        ["w", "(out_channels, in_channels, KH, KW)", "k[None, None]"],
    ),
    ("w rank 4 for 2-D x", lambda: conv2d_naive(np.zeros((5, 5)), W), ValueError, ["w", "(KH, KW)", "x[None]"]),
    ("pool rank 1", lambda: max_pool2d(np.zeros(4)), ValueError, ["x", "rank"]),
    ("pad2d rank 1", lambda: pad2d(np.zeros(4), 1), ValueError, ["x", "(4,)"]),
    # channel mismatch
    ("channels", lambda: conv2d(np.zeros((1, 1, 5, 5)), W), ValueError, ["channels", "w.shape[1]", "(2, 1, 3, 3)"]),
    (
        "channels NHWC hint",
        lambda: conv2d(np.zeros((1, 5, 5, 3)), W),
        ValueError,
        ["channels", "transpose(0, 3, 1, 2)"],
    ),
    # kernel larger than the padded input
    ("kernel too big", lambda: conv2d(np.zeros((2, 2)), np.zeros((3, 3))), ValueError, ["kernel", "larger", "padding"]),
    ("dilated kernel too big", lambda: conv2d(X, W, dilation=3), ValueError, ["kernel", "dilation 3", "spans 7"]),
    ("size: kernel too big", lambda: conv_output_size(4, 7), ValueError, ["kernel_size", "4 + 2*0", "padding >= 2"]),
    ("pool kernel too big", lambda: max_pool2d(np.zeros((3, 3)), 4), ValueError, ["kernel_size=4", "larger"]),
    # non-positive stride or dilation
    ("stride 0", lambda: conv2d(X, W, stride=0), ValueError, ["stride", "got 0", ">= 1"]),
    ("stride negative pair", lambda: conv_output_size(5, 3, stride=(1, -2)), ValueError, ["stride[1]", "-2"]),
    ("dilation 0", lambda: conv2d_naive(X, W, dilation=0), ValueError, ["dilation", "got 0"]),
    ("pool stride 0", lambda: avg_pool2d(X, 2, stride=0), ValueError, ["stride", "got 0"]),
    ("im2col stride 0", lambda: im2col(X, 3, stride=0), ValueError, ["stride", "got 0"]),
    # negative padding
    ("padding -1", lambda: conv2d(X, W, padding=-1), ValueError, ["padding", "-1", "crop"]),
    ("pad2d -1 side", lambda: pad2d(X, (0, 0, -1, 0)), ValueError, ["padding[2] (left)", "-1"]),
    ("size padding -1", lambda: conv_output_size(5, 3, padding=-1), ValueError, ["padding", "-1"]),
    # non-integer sizes
    ("float size", lambda: conv_output_size(5.5, 3), TypeError, ["size", "5.5", "whole pixels"]),
    ("float kernel", lambda: conv_output_size(5, 3.0), TypeError, ["kernel_size", "3.0", "kernel_size=3"]),
    ("string stride", lambda: conv2d(X, W, stride="2"), TypeError, ["stride", "'2'"]),
    ("bool stride", lambda: conv_output_size(5, 3, stride=True), TypeError, ["stride", "True"]),
    ("pair of 3", lambda: conv_output_size(5, (3, 3, 3)), ValueError, ["kernel_size", "(h, w) pair", "3 entries"]),
    ("param count float", lambda: conv_param_count(3, 2.5, 3), TypeError, ["out_channels", "2.5"]),
    ("param count zero", lambda: conv_param_count(0, 8, 3), ValueError, ["in_channels", "got 0"]),
    # unknown padding mode / value with zeros
    ("unknown mode", lambda: pad2d(X, 1, mode="mirror"), ValueError, ["mode", "'mirror'", "reflect"]),
    ("value with zeros", lambda: pad2d(X, 1, value=5), ValueError, ["value=5", "mode='constant'"]),
    ("conv padding word", lambda: conv2d(X, W, padding="full"), ValueError, ["padding", "'full'", "'same'"]),
    ("same with stride", lambda: conv2d(X, W, stride=2, padding="same"), ValueError, ["padding='same'", "stride=1"]),
    # reflect padding wider than the input
    (
        "reflect too wide",
        lambda: pad2d(np.zeros((3, 3)), 3, mode="reflect"),
        ValueError,
        ["padding (top) = 3", "H = 3", "padding <= 2", "edge"],
    ),
    (
        "reflect too wide W",
        lambda: pad2d(np.zeros((5, 2)), (1, 2), mode="reflect"),
        ValueError,
        ["padding (left) = 2", "W = 2"],
    ),
    # bias of the wrong length
    ("bias length", lambda: conv2d(X, W, b=np.zeros(3)), ValueError, ["b", "(2,)", "(3,)", "w.shape[0]"]),
    ("bias length naive", lambda: conv2d_naive(X, W, b=[1, 2, 3, 4]), ValueError, ["b", "(4,)"]),
    # strict sizes that do not divide
    (
        "strict",
        lambda: conv_output_size(7, 3, stride=3, strict=True),
        ValueError,
        ["stride=3", "remainder 1", "indices 6..6", "padding=1"],
    ),
    ("strict pair", lambda: conv_output_size((8, 7), 2, stride=2, strict=True), ValueError, ["along W", "column(s)"]),
    ("strict not bool", lambda: conv_output_size(7, 3, strict="yes"), TypeError, ["strict", "'yes'"]),
    # pooling rules
    (
        "pool padding > k/2",
        lambda: pool_output_size(6, 2, padding=2),
        ValueError,
        ["padding=2", "half", "padding <= 1"],
    ),
    ("pool padding > k/2 array", lambda: max_pool2d(X, 3, padding=2), ValueError, ["padding=2", "half"]),
    ("ceil_mode not bool", lambda: pool_output_size(6, 2, ceil_mode=1), TypeError, ["ceil_mode", "1"]),
    # col2im
    (
        "col2im wrong cols",
        lambda: col2im(np.zeros((5, 5)), (1, 1, 4, 4), 3),
        ValueError,
        ["cols", "(4, 9)", "(5, 5)", "same settings"],
    ),
    ("col2im x_shape", lambda: col2im(np.zeros((4, 9)), (4,), 3), ValueError, ["x_shape", "(4,)"]),
    # not numbers at all
    ("string x", lambda: conv2d("image", W), TypeError, ["x", "'image'"]),
    ("ragged x", lambda: conv2d([[1, 2], [3]], np.ones((1, 1))), ValueError, ["x", "same length"]),
    ("object dtype", lambda: max_pool2d(np.array([[None, 1], [2, 3]])), ValueError, ["x", "object"]),
    ("same_padding zero", lambda: same_padding(0), ValueError, ["kernel_size", "got 0"]),
    ("receptive layer", lambda: receptive_field([(3, 1), 3]), TypeError, ["layers[1]", "(kernel_size, stride)"]),
]


@pytest.mark.parametrize("call,exc,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_message(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
    assert ":" in message.split(" ")[0], "the message starts with the function's name"


def test_at_least_25_bad_input_cases():
    assert len(CASES) >= 25
