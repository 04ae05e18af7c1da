"""The integer-dtype hint appears only when an integer array could not hold the answer; transposes are named."""

import numpy as np

from helpers.exercises import check
from helpers.exercises.core import check_array


def test_integer_dtype_hint_is_suppressed_when_every_expected_value_is_whole(capsys):
    expected = np.array([[4.0, 2.0], [5.0, 8.0]])
    result = check_array(np.array([[4, 2], [5, 7]]), expected, name="whole")
    assert not result
    assert "integer dtype" not in result.message, result.message


def test_integer_dtype_hint_stays_when_the_answer_has_fractions(capsys):
    expected = np.array([[4.5, 2.0], [5.0, 8.0]])
    result = check_array(np.array([[4, 2], [5, 8]]), expected, name="fractions")
    assert not result
    assert "integer dtype int" in result.message, result.message


def test_a_transposed_square_array_is_named_as_transposed(capsys):
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    result = check_array(expected.T.copy(), expected, name="t")
    assert not result
    assert "transposed" in result.message, result.message


def test_pool_by_hand_transposed_gets_row_by_row_hint_and_no_dtype_hint(capsys):
    result = check("pool_by_hand", [[4, 5], [2, 8]])
    assert not result
    assert "row by row" in result.message and "transposed" in result.message, result.message
    assert "integer dtype" not in result.message, result.message


def test_pool_backward_with_dout_transposed_is_named_and_no_dtype_hint(capsys):
    swapped = [[0, 0, 3, 0], [1, 0, 0, 0], [2, 0, 0, 4], [0, 0, 0, 0]]
    result = check("pool_backward_by_hand", swapped)
    assert not result
    assert "swapped" in result.message and "row by row" in result.message, result.message
    assert "integer dtype" not in result.message, result.message


def test_channels_last_pool_shape_and_bias_per_input_channel_get_their_hints(capsys):
    result = check("pool_output_shape_floor", (6, 6, 32))
    assert not result and "channels last" in result.message, result.message
    result = check("cifar_conv2_params_12", 16 * 12 * 5 * 5 + 12)
    assert not result and "one per filter" in result.message, result.message
