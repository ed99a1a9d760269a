"""Fan sizes of a weight tensor and the recommended gains of nonlinearities.

The initializers in ``_initializers`` turn these into a variance. Both
functions follow PyTorch's ``torch.nn.init`` (version 2.13) in their values,
and ``compute_fans`` also covers the ``x @ W`` layout of Keras and JAX.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from typing import Literal, get_args

try:
    from numpy.exceptions import AxisError
except ImportError:  # numpy < 1.25
    from numpy import AxisError

from ._validate import resolve_shape

__all__ = ["calculate_gain", "compute_fans"]

Layout = Literal["torch"]
Nonlinearity = Literal[
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
]

_LAYOUTS = (None, "torch")
_NONLINEARITIES = get_args(Nonlinearity)
# The nonlinearities whose gain is 1.
_LINEAR_NONLINEARITIES = tuple(
    name
    for name in _NONLINEARITIES
    if name not in ("tanh", "relu", "leaky_relu", "selu")
)
_DEFAULT_LEAKY_RELU_SLOPE = 0.01


def _normalize_axis(axis: int, ndim: int, name: str) -> int:
    if isinstance(axis, bool):
        raise TypeError(f"{name} must be an int, got {axis!r}")
    try:
        axis = operator.index(axis)
    except TypeError:
        raise TypeError(f"{name} must be an int, got {axis!r}") from None
    if not -ndim <= axis < ndim:
        raise AxisError(axis, ndim, name)
    return axis % ndim


def _layout_axes(layout: Layout | None, in_axis: int, out_axis: int) -> tuple[int, int]:
    """Return the ``(in_axis, out_axis)`` pair that ``layout`` selects."""
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {_LAYOUTS}, got {layout!r}")
    if layout is None:
        return in_axis, out_axis
    if (in_axis, out_axis) != (-2, -1):
        raise ValueError(
            f"layout={layout!r} sets the axes itself, so in_axis and out_axis must "
            f"keep their defaults (-2, -1), got in_axis={in_axis!r}, "
            f"out_axis={out_axis!r}"
        )
    # PyTorch stores weights as (out_features, in_features, *kernel_size).
    return 1, 0


def compute_fans(
    shape: int | Sequence[int],
    *,
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
) -> tuple[int, int]:
    r"""Compute the fan-in and fan-out of a weight tensor from its shape.

    The receptive field is the product of all dimensions other than the input
    and output axes (the kernel dimensions of a convolution), and

    .. math::

        \text{fan\_in} = \text{shape}[\text{in\_axis}] \prod_{k \ne
        \text{in\_axis}, \text{out\_axis}} \text{shape}[k], \qquad
        \text{fan\_out} = \text{shape}[\text{out\_axis}] \prod_{k \ne
        \text{in\_axis}, \text{out\_axis}} \text{shape}[k].

    Parameters
    ----------
    shape : int or sequence of ints
        Shape of the whole weight tensor, with at least two dimensions.
    in_axis, out_axis : int, optional
        Axes of the input and output features. The defaults (-2, -1) describe
        a matrix used as ``x @ W`` and the kernels of Keras and JAX, whose
        shape is ``(*kernel_size, in, out)``. Negative axes count from the end.
    layout : {None, "torch"}, optional
        ``"torch"`` selects PyTorch's ``(out, in, *kernel_size)`` layout,
        that is ``in_axis=1, out_axis=0``, and then `in_axis` and `out_axis`
        must keep their defaults.

    Returns
    -------
    fan_in, fan_out : int
        Zero when the shape has a zero-length dimension.

    Raises
    ------
    ValueError
        If the shape has fewer than two dimensions or a negative dimension,
        if `layout` is unknown, or if `in_axis` and `out_axis` name the same
        axis. ``numpy.exceptions.AxisError`` (a ValueError) if an axis is out
        of range.

    Examples
    --------
    >>> compute_fans((3, 3, 64, 128))  # Keras Conv2D kernel
    (576, 1152)
    >>> compute_fans((128, 64, 3, 3), layout="torch")  # torch.nn.Conv2d weight
    (576, 1152)
    """
    shape = resolve_shape(shape)
    in_axis, out_axis = _layout_axes(layout, in_axis, out_axis)
    ndim = len(shape)
    if ndim < 2:
        raise ValueError(
            "fan_in and fan_out cannot be computed for a shape with fewer than "
            f"2 dimensions, got shape {shape}; the initializers take explicit "
            "fan_in= and fan_out= for such shapes"
        )
    in_axis = _normalize_axis(in_axis, ndim, "in_axis")
    out_axis = _normalize_axis(out_axis, ndim, "out_axis")
    if in_axis == out_axis:
        raise ValueError(
            f"in_axis and out_axis must be different axes, both are axis {in_axis} "
            f"of shape {shape}"
        )
    receptive_field = math.prod(
        size for axis, size in enumerate(shape) if axis not in (in_axis, out_axis)
    )
    return shape[in_axis] * receptive_field, shape[out_axis] * receptive_field


def _check_nonnegative_real(value: float, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be finite and non-negative, got {value!r}")
    return value


def _check_nonlinearity(nonlinearity: Nonlinearity) -> None:
    if not isinstance(nonlinearity, str):
        raise TypeError(
            f"nonlinearity must be a str, one of {_NONLINEARITIES}, "
            f"got {nonlinearity!r}"
        )
    if nonlinearity not in _NONLINEARITIES:
        raise ValueError(
            f"nonlinearity must be one of {_NONLINEARITIES}, got {nonlinearity!r}"
        )


def calculate_gain(nonlinearity: Nonlinearity, param: float | None = None) -> float:
    r"""Return the recommended gain for a nonlinearity, as PyTorch defines it.

    The gain multiplies the standard deviation of an initializer so that the
    variance of the activations stays about constant through the layers.

    ======================================== ==================================
    nonlinearity                             gain
    ======================================== ==================================
    linear, conv{1,2,3}d,                    :math:`1`
    conv_transpose{1,2,3}d, sigmoid
    tanh                                     :math:`5/3`
    relu                                     :math:`\sqrt{2}`
    leaky_relu                               :math:`\sqrt{2 / (1 + \text{param}^2)}`
    selu                                     :math:`3/4`
    ======================================== ==================================

    Parameters
    ----------
    nonlinearity : str
        Name of the function as in ``torch.nn.functional``, one of the table.
    param : float, optional
        Negative slope of ``"leaky_relu"`` (default 0.01), finite and
        non-negative. Other nonlinearities ignore it, as PyTorch does.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If `nonlinearity` is unknown, or if `param` is negative or not finite
        for ``"leaky_relu"``.
    TypeError
        If `nonlinearity` is not a str, or `param` is not a real number.

    Notes
    -----
    The gain of selu, 3/4, is PyTorch's empirical choice. A self-normalizing
    network as in [3]_ wants ``"linear"`` instead (variance ``1 / fan_in``,
    which is what `lecun_normal` gives).

    References
    ----------
    .. [1] K. He, X. Zhang, S. Ren and J. Sun, "Delving Deep into Rectifiers:
       Surpassing Human-Level Performance on ImageNet Classification",
       ICCV 2015 (the :math:`\sqrt{2}` of relu and leaky_relu).
    .. [2] X. Glorot and Y. Bengio, "Understanding the difficulty of training
       deep feedforward neural networks", AISTATS 2010.
    .. [3] G. Klambauer, T. Unterthiner, A. Mayr and S. Hochreiter,
       "Self-Normalizing Neural Networks", NeurIPS 2017.

    Examples
    --------
    >>> calculate_gain("relu")
    1.4142135623730951
    >>> calculate_gain("leaky_relu", 0.2)
    1.3867504905630728
    """
    _check_nonlinearity(nonlinearity)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = _DEFAULT_LEAKY_RELU_SLOPE
        else:
            slope = _check_nonnegative_real(param, "negative slope (param)")
        return math.sqrt(2.0 / (1 + slope**2))
    if param is not None and (
        isinstance(param, bool) or not isinstance(param, numbers.Real)
    ):
        raise TypeError(f"param must be a real number or None, got {param!r}")
    if nonlinearity in _LINEAR_NONLINEARITIES:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    return 3.0 / 4  # selu


def _check_explicit_fan(fan: int | None, name: str) -> int | None:
    if fan is None:
        return None
    if isinstance(fan, bool) or not hasattr(fan, "__index__"):
        raise TypeError(f"{name} must be an int or None, got {fan!r}")
    fan = operator.index(fan)
    if fan < 1:
        raise ValueError(f"{name} must be a positive int, got {fan}")
    return fan


def _resolve_fan(
    shape: tuple[int, ...],
    mode: str,
    *,
    in_axis: int,
    out_axis: int,
    layout: Layout | None,
    fan_in: int | None,
    fan_out: int | None,
) -> float:
    """Return the fan that `mode` divides the variance by.

    Explicit `fan_in` and `fan_out` take precedence over the ones computed from
    `shape`, which may then have fewer than two dimensions. The result is 0
    only for a shape with a zero-length dimension.
    """
    fan_in = _check_explicit_fan(fan_in, "fan_in")
    fan_out = _check_explicit_fan(fan_out, "fan_out")
    if len(shape) >= 2:
        # Computed even when both fans are explicit, so that bad axes still raise.
        shape_fan_in, shape_fan_out = compute_fans(
            shape, in_axis=in_axis, out_axis=out_axis, layout=layout
        )
        if fan_in is None:
            fan_in = shape_fan_in
        if fan_out is None:
            fan_out = shape_fan_out
    else:
        _layout_axes(layout, in_axis, out_axis)
        missing = []
        if mode in ("fan_in", "fan_avg") and fan_in is None:
            missing.append("fan_in")
        if mode in ("fan_out", "fan_avg") and fan_out is None:
            missing.append("fan_out")
        if missing:
            names = " and ".join(missing)
            raise ValueError(
                f"{names} cannot be computed for shape {shape} with fewer than "
                f"2 dimensions, and mode={mode!r} needs it; pass {names} explicitly"
            )
    if mode == "fan_in":
        return fan_in
    if mode == "fan_out":
        return fan_out
    return (fan_in + fan_out) / 2.0
