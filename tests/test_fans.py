"""Fans and gains: compute_fans and calculate_gain, without PyTorch.

The PyTorch comparisons are in test_torch_init.py. Here the expected values
come from the formulas written out: Keras' compute_fans for the default
layout, and PyTorch's table of gains.
"""

import math

import numpy as np
import pytest

import winit_fast
from winit_fast import calculate_gain, compute_fans


def keras_fans(shape):
    """Keras 3 compute_fans for shapes of two or more dimensions."""
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def torch_fans(shape):
    """PyTorch's (out, in, *kernel_size) rule."""
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


SHAPES = [(7, 5), (3, 7, 5), (3, 2, 7, 5), (2, 3, 2, 7, 5), (1, 1), (4, 1, 9)]


@pytest.mark.parametrize("shape", SHAPES)
def test_default_layout_matches_keras(shape):
    assert compute_fans(shape) == keras_fans(shape)


@pytest.mark.parametrize("shape", SHAPES)
def test_torch_layout_matches_torch_rule(shape):
    assert compute_fans(shape, layout="torch") == torch_fans(shape)


@pytest.mark.parametrize("shape", SHAPES)
def test_torch_layout_equals_axes_1_0(shape):
    expected = compute_fans(shape, layout="torch")
    assert compute_fans(shape, in_axis=1, out_axis=0) == expected
    assert compute_fans(shape, in_axis=1 - len(shape), out_axis=-len(shape)) == expected


def test_custom_axes_receptive_field():
    # Axes (in=0, out=2) leave dims 1 and 3 (3 * 5) as the receptive field.
    assert compute_fans((2, 3, 4, 5), in_axis=0, out_axis=2) == (30, 60)
    assert compute_fans((2, 3, 4, 5), in_axis=-1, out_axis=0) == (5 * 12, 2 * 12)


def test_transposed_layouts_agree():
    keras_kernel = (3, 3, 16, 32)
    torch_weight = (32, 16, 3, 3)
    assert compute_fans(keras_kernel) == compute_fans(torch_weight, layout="torch")


def test_fans_are_python_ints():
    fan_in, fan_out = compute_fans(np.array([3, 4, 5]))
    assert type(fan_in) is int
    assert type(fan_out) is int
    assert (fan_in, fan_out) == (12, 15)


def test_shape_forms_accepted():
    assert compute_fans([4, 5]) == (4, 5)
    assert compute_fans((np.int64(4), np.int32(5))) == (4, 5)
    assert compute_fans(range(2, 4)) == (2, 3)


def test_huge_shape_has_exact_fans():
    shape = (2**20, 2**20, 2**20, 3)
    assert compute_fans(shape) == (2**40 * 2**20, 3 * 2**40)


def test_zero_length_dimension_gives_zero_fans():
    assert compute_fans((0, 5)) == (0, 5)
    assert compute_fans((3, 0, 4, 5)) == (0, 0)
    assert compute_fans((0, 5), layout="torch") == (5, 0)


@pytest.mark.parametrize("shape", [(), (5,), 5, [0]])
def test_fewer_than_two_dimensions_raises(shape):
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        compute_fans(shape)


@pytest.mark.parametrize(
    ("in_axis", "out_axis"), [(0, 0), (1, -1), (-2, 0), (-1, 1), (1, 1)]
)
def test_same_axis_raises(in_axis, out_axis):
    with pytest.raises(ValueError, match="must be different axes"):
        compute_fans((3, 4), in_axis=in_axis, out_axis=out_axis)


@pytest.mark.parametrize(("in_axis", "out_axis"), [(2, 0), (0, -3), (5, 1)])
def test_axis_out_of_range_raises_axis_error(in_axis, out_axis):
    with pytest.raises(ValueError, match="out of bounds") as info:
        compute_fans((3, 4), in_axis=in_axis, out_axis=out_axis)
    # numpy's AxisError is both a ValueError and an IndexError.
    assert type(info.value).__name__ == "AxisError"


@pytest.mark.parametrize("layout", ["keras", "TORCH", ""])
def test_unknown_layout_raises(layout):
    with pytest.raises(ValueError, match="layout must be one of"):
        compute_fans((3, 4), layout=layout)


def test_layout_with_custom_axes_raises():
    with pytest.raises(ValueError, match="in_axis and out_axis must keep"):
        compute_fans((3, 4, 5), layout="torch", in_axis=0)


@pytest.mark.parametrize("shape", [(3, -1), (-2, 4)])
def test_negative_dimension_raises(shape):
    with pytest.raises(ValueError, match="negative dimensions"):
        compute_fans(shape)


@pytest.mark.parametrize("shape", ["34", (3.0, 4), (3, None), 2.5, None, (True, 4)])
def test_shape_of_wrong_type_raises(shape):
    with pytest.raises(TypeError, match="shape must"):
        compute_fans(shape)


@pytest.mark.parametrize("axis", [1.0, "1", None, True])
def test_axis_of_wrong_type_raises(axis):
    with pytest.raises(TypeError, match="in_axis must be an int"):
        compute_fans((3, 4), in_axis=axis, out_axis=0)


# PyTorch's table (torch.nn.init.calculate_gain, version 2.13).
EXPECTED_GAINS = {
    "linear": 1.0,
    "conv1d": 1.0,
    "conv2d": 1.0,
    "conv3d": 1.0,
    "conv_transpose1d": 1.0,
    "conv_transpose2d": 1.0,
    "conv_transpose3d": 1.0,
    "sigmoid": 1.0,
    "tanh": 5.0 / 3,
    "relu": math.sqrt(2.0),
    "leaky_relu": math.sqrt(2.0 / (1 + 0.01**2)),
    "selu": 3.0 / 4,
}


@pytest.mark.parametrize(("nonlinearity", "gain"), EXPECTED_GAINS.items())
def test_gain_table(nonlinearity, gain):
    assert calculate_gain(nonlinearity) == gain


@pytest.mark.parametrize("slope", [0, 0.0, 0.2, 1, 3.5, np.float32(0.25)])
def test_leaky_relu_gain_uses_slope(slope):
    expected = math.sqrt(2.0 / (1 + float(slope) ** 2))
    assert calculate_gain("leaky_relu", slope) == expected


def test_leaky_relu_with_zero_slope_equals_relu():
    assert calculate_gain("leaky_relu", 0.0) == calculate_gain("relu")


def test_param_ignored_by_other_nonlinearities():
    assert calculate_gain("tanh", 0.3) == 5.0 / 3
    assert calculate_gain("relu", 0.3) == math.sqrt(2.0)


def test_gain_is_float():
    for nonlinearity in EXPECTED_GAINS:
        assert type(calculate_gain(nonlinearity)) is float


@pytest.mark.parametrize("nonlinearity", ["Relu", "gelu", "", "leaky-relu"])
def test_unknown_nonlinearity_lists_accepted(nonlinearity):
    with pytest.raises(ValueError, match="nonlinearity must be one of") as info:
        calculate_gain(nonlinearity)
    assert "'leaky_relu'" in str(info.value)
    assert repr(nonlinearity) in str(info.value)


@pytest.mark.parametrize("nonlinearity", [None, 1, b"relu"])
def test_nonlinearity_of_wrong_type_raises(nonlinearity):
    with pytest.raises(TypeError, match="nonlinearity must be a str"):
        calculate_gain(nonlinearity)


@pytest.mark.parametrize("slope", [-0.1, math.inf, math.nan, -math.inf])
def test_bad_leaky_relu_slope_raises(slope):
    with pytest.raises(ValueError, match="finite and non-negative"):
        calculate_gain("leaky_relu", slope)


@pytest.mark.parametrize("slope", ["0.1", True, 1j, [0.1]])
def test_slope_of_wrong_type_raises(slope):
    with pytest.raises(TypeError, match="real number"):
        calculate_gain("leaky_relu", slope)
    with pytest.raises(TypeError, match="real number"):
        calculate_gain("relu", slope)


def test_public_names():
    assert winit_fast.compute_fans is compute_fans
    assert winit_fast.calculate_gain is calculate_gain
