"""Weight initializers: variance scaling and its named schemes, and constants.

Each initializer turns the fans of the whole tensor and a gain into the
parameters of one fill of the core (`uniform`, `normal` or `truncated_normal`),
and hands the shape, the output options and `index` to it unchanged. The
variance arithmetic follows Keras 3 ``VarianceScaling``, and the gains follow
PyTorch 2.13 ``torch.nn.init.calculate_gain``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from types import EllipsisType
from typing import Literal

import numpy as np
from numpy.typing import DTypeLike

from . import _api
from ._fans import (
    Layout,
    Nonlinearity,
    _check_nonlinearity,
    _check_nonnegative_real,
    _resolve_fan,
    calculate_gain,
)
from ._validate import check_out, resolve_shape

__all__ = [
    "constant",
    "glorot_normal",
    "glorot_uniform",
    "he",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "ones",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]

ShapeLike = int | Sequence[int]
IndexLike = int | slice | EllipsisType | tuple
FanMode = Literal["fan_in", "fan_out", "fan_avg"]
Distribution = Literal["normal", "truncated_normal", "uniform"]

_FAN_MODES = ("fan_in", "fan_out", "fan_avg")
_HE_FAN_MODES = ("fan_in", "fan_out")
_DISTRIBUTIONS = ("normal", "truncated_normal", "uniform")

# Standard deviation of a standard normal truncated to [-2, 2], the constant
# of Keras' VarianceScaling: dividing by it keeps the variance at scale / n
# after the cut.
_TRUNCATED_NORMAL_STD = 0.87962566103423978

# Shared parameter documentation, substituted into the docstrings below.
_FAN_PARAMETERS = """\
in_axis, out_axis : int, optional
        Axes of the input and output features in `shape`. The defaults (-2, -1)
        describe a matrix used as ``x @ W`` and Keras and JAX kernels
        ``(*kernel_size, in, out)``. The receptive field is the product of the
        other dimensions. See `compute_fans`.
    layout : {None, "torch"}, optional
        ``"torch"`` selects PyTorch's ``(out, in, *kernel_size)`` layout.
    fan_in, fan_out : int, optional
        Explicit fans, which override the ones computed from `shape`. When the
        fans that the scheme needs are given, `shape` may have fewer than two
        dimensions."""

_FILL_PARAMETERS = """\
dtype : {None, float32, float64}, optional
        Output dtype. Defaults to float32, or to ``out.dtype``.
    out : ndarray, optional
        Array to fill in place, of shape `shape`, or of the shape of
        ``full[index]`` when `index` is given. It may be a strided view.
    seed : int in [0, 2**64), optional
        Seed of the stream. None draws a fresh seed from the operating system
        on every call; use `Generator` to keep and log it.
    stream : int or str, optional
        Stream id. Each (seed, stream) pair gives an independent sequence, so
        name each tensor (for example ``stream="encoder.0.weight"``).
    offset : int, optional
        Stream position of the first element of the whole tensor, whose
        elements follow in C order.
    threads : int, optional
        Number of threads; None uses the OpenMP default. The result does not
        depend on it.
    index : int, slice, Ellipsis or tuple of them, optional
        Block of the whole tensor to produce, as in ``full[index]``. The result
        equals that block of a fill of the whole tensor bit for bit, and the
        fans still come from the whole `shape`, so each shard of a tensor can
        be filled on its own machine."""

_RETURNS = """\
out : ndarray
        The filled array: `out` itself when given."""


def _document(function):
    """Substitute the shared parameter descriptions into a docstring."""
    if function.__doc__ is None:  # python -OO strips docstrings
        return function
    function.__doc__ = (
        function.__doc__.replace("%(fan_parameters)s", _FAN_PARAMETERS)
        .replace("%(fill_parameters)s", _FILL_PARAMETERS)
        .replace("%(returns)s", _RETURNS)
    )
    return function


def _check_choice(value: str, name: str, accepted: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, one of {accepted}, got {value!r}")
    if value not in accepted:
        raise ValueError(f"{name} must be one of {accepted}, got {value!r}")
    return value


def _resolve_full_shape(
    shape: ShapeLike | None, out: np.ndarray | None, index: IndexLike | None
) -> tuple[int, ...]:
    """Return the logical shape of the whole tensor, which the fans come from."""
    if shape is not None:
        return resolve_shape(shape)
    if index is not None:
        raise ValueError(
            "index= needs shape=, the shape of the whole tensor, because the "
            "fans and the position of each element come from it"
        )
    if out is None:
        raise TypeError("missing shape: pass shape=, out=, or both")
    check_out(out)
    return tuple(out.shape)


def _sample(
    shape: tuple[int, ...],
    *,
    scale: float,
    fan: float,
    distribution: str,
    dtype: DTypeLike,
    out: np.ndarray | None,
    seed: int | None,
    stream: int | str,
    offset: int,
    threads: int | None,
    index: IndexLike | None,
) -> np.ndarray:
    """Fill with variance ``scale / fan`` in the way of Keras' VarianceScaling."""
    # A zero fan only comes from a zero-element shape, whose result is empty.
    variance = scale / max(1.0, fan)
    tail = {
        "dtype": dtype,
        "out": out,
        "seed": seed,
        "stream": stream,
        "offset": offset,
        "threads": threads,
        "index": index,
    }
    if distribution == "normal" or variance == 0.0:
        # With std=0 the core writes mean + 0 * z = +0.0, a valid fill of
        # zero variance for every distribution.
        return _api.normal(shape, mean=0.0, std=math.sqrt(variance), **tail)
    if distribution == "truncated_normal":
        std = math.sqrt(variance) / _TRUNCATED_NORMAL_STD
        return _api.truncated_normal(
            shape, mean=0.0, std=std, a=-2.0 * std, b=2.0 * std, **tail
        )
    limit = math.sqrt(3.0 * variance)
    return _api.uniform(shape, low=-limit, high=limit, **tail)


def _scaled_fill(
    shape: ShapeLike | None,
    *,
    scale: float,
    mode: str,
    distribution: str,
    in_axis: int,
    out_axis: int,
    layout: Layout | None,
    fan_in: int | None,
    fan_out: int | None,
    dtype: DTypeLike,
    out: np.ndarray | None,
    seed: int | None,
    stream: int | str,
    offset: int,
    threads: int | None,
    index: IndexLike | None,
) -> np.ndarray:
    """Resolve the shape and the fan, then fill with variance ``scale / fan``."""
    full_shape = _resolve_full_shape(shape, out, index)
    fan = _resolve_fan(
        full_shape,
        mode,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
    )
    return _sample(
        full_shape,
        scale=scale,
        fan=fan,
        distribution=distribution,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


@_document
def variance_scaling(
    shape: ShapeLike | None = None,
    *,
    scale: float = 1.0,
    mode: FanMode = "fan_in",
    distribution: Distribution = "truncated_normal",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with samples whose variance is scaled to its fans.

    With :math:`n` equal to ``fan_in``, ``fan_out`` or
    :math:`(\text{fan\_in} + \text{fan\_out}) / 2` as `mode` selects,

    .. math::

        \sigma^2 = \frac{\text{scale}}{n}

    and the samples are drawn, with mean 0, from

    - ``"normal"``: :math:`\mathcal{N}(0, \sigma^2)`;
    - ``"truncated_normal"``: :math:`\mathcal{N}(0, s^2)` cut to
      :math:`[-2s, 2s]`, where :math:`s = \sigma / 0.87962566103423978`, so
      that the variance after the cut is :math:`\sigma^2`;
    - ``"uniform"``: :math:`\mathcal{U}[-\ell, \ell)` with
      :math:`\ell = \sqrt{3 \sigma^2}`.

    This is Keras' ``VarianceScaling`` and JAX's ``variance_scaling``, whose
    distribution names are the ones used here. Keras' ``"untruncated_normal"``
    is ``"normal"`` here, and its legacy ``"normal"``, which meant the
    truncated normal, is ``"truncated_normal"``.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    scale : float, optional
        Variance multiplier, finite and non-negative. Zero gives zeros.
    mode : {"fan_in", "fan_out", "fan_avg"}, optional
        Fan to divide by. ``"fan_in"`` keeps the variance of the activations
        in the forward pass, ``"fan_out"`` that of the gradients in the
        backward pass.
    distribution : {"truncated_normal", "normal", "uniform"}, optional
        Distribution of the samples.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    Raises
    ------
    ValueError
        If `mode` or `distribution` is unknown, `scale` is negative or not
        finite, the shape has fewer than two dimensions and the fans that
        `mode` needs are not given, or `index` is given without `shape`.
    TypeError
        If an argument has the wrong type.
    IndexError
        If `index` selects outside `shape`.

    References
    ----------
    .. [1] K. He, X. Zhang, S. Ren and J. Sun, "Delving Deep into Rectifiers:
       Surpassing Human-Level Performance on ImageNet Classification",
       ICCV 2015.
    .. [2] X. Glorot and Y. Bengio, "Understanding the difficulty of training
       deep feedforward neural networks", AISTATS 2010.

    Examples
    --------
    >>> w = variance_scaling((512, 256), scale=2.0, mode="fan_in", seed=0)
    >>> w.shape, w.dtype
    ((512, 256), dtype('float32'))
    >>> abs(float(w.max())) <= 2 * (2.0 / 512) ** 0.5 / 0.87962566103423978
    True
    """
    scale = _check_nonnegative_real(scale, "scale")
    _check_choice(mode, "mode", _FAN_MODES)
    _check_choice(distribution, "distribution", _DISTRIBUTIONS)
    return _scaled_fill(
        shape,
        scale=scale,
        mode=mode,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


def _gain_squared(gain: float) -> float:
    """Return gain**2, or raise ValueError when it overflows a float."""
    scale = gain * gain
    if not math.isfinite(scale):
        raise ValueError(f"gain={gain!r} is too large: gain**2 overflows a float")
    return scale


def _xavier(shape, *, gain, distribution, **options) -> np.ndarray:
    gain = _check_nonnegative_real(gain, "gain")
    _check_choice(distribution, "distribution", _DISTRIBUTIONS)
    return _scaled_fill(
        shape,
        scale=_gain_squared(gain),
        mode="fan_avg",
        distribution=distribution,
        **options,
    )


@_document
def xavier_uniform(
    shape: ShapeLike | None = None,
    *,
    gain: float = 1.0,
    distribution: Distribution = "uniform",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with Xavier (Glorot) uniform samples.

    The samples are drawn from :math:`\mathcal{U}[-\ell, \ell)` with

    .. math::

        \ell = \text{gain} \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}},

    which is ``torch.nn.init.xavier_uniform_`` and Keras' ``GlorotUniform``.
    It is `variance_scaling` with ``scale=gain**2`` and ``mode="fan_avg"``.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    gain : float, optional
        Factor on the standard deviation, finite and non-negative; see
        `calculate_gain`.
    distribution : {"uniform", "normal", "truncated_normal"}, optional
        Distribution with the same variance, :math:`2\,\text{gain}^2 /
        (\text{fan\_in} + \text{fan\_out})`. ``"normal"`` gives `xavier_normal`.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    References
    ----------
    .. [1] X. Glorot and Y. Bengio, "Understanding the difficulty of training
       deep feedforward neural networks", AISTATS 2010.

    Examples
    --------
    >>> w = xavier_uniform((300, 200), seed=0)
    >>> limit = (6 / (300 + 200)) ** 0.5
    >>> bool(abs(w).max() <= limit)
    True
    """
    return _xavier(
        shape,
        gain=gain,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


@_document
def xavier_normal(
    shape: ShapeLike | None = None,
    *,
    gain: float = 1.0,
    distribution: Distribution = "normal",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with Xavier (Glorot) normal samples.

    The samples are drawn from :math:`\mathcal{N}(0, \sigma^2)` with

    .. math::

        \sigma = \text{gain} \sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}},

    which is ``torch.nn.init.xavier_normal_``. Keras' ``GlorotNormal`` and
    JAX's ``glorot_normal`` use a truncated normal of the same variance
    instead: pass ``distribution="truncated_normal"`` to get it.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    gain : float, optional
        Factor on the standard deviation, finite and non-negative; see
        `calculate_gain`.
    distribution : {"normal", "truncated_normal", "uniform"}, optional
        Distribution with the variance :math:`\sigma^2`.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    References
    ----------
    .. [1] X. Glorot and Y. Bengio, "Understanding the difficulty of training
       deep feedforward neural networks", AISTATS 2010.

    Examples
    --------
    >>> w = xavier_normal((1000, 1000), seed=0)
    >>> round(float(w.std()), 3)  # sqrt(2 / 2000)
    0.032
    """
    return _xavier(
        shape,
        gain=gain,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


def _he(
    shape, *, nonlinearity, negative_slope, mode, distribution, **options
) -> np.ndarray:
    _check_nonlinearity(nonlinearity)
    negative_slope = _check_nonnegative_real(negative_slope, "negative_slope")
    if negative_slope != 0.0 and nonlinearity != "leaky_relu":
        raise ValueError(
            f"negative_slope={negative_slope!r} is only used with "
            f"nonlinearity='leaky_relu', got nonlinearity={nonlinearity!r}"
        )
    _check_choice(mode, "mode", _HE_FAN_MODES)
    _check_choice(distribution, "distribution", _DISTRIBUTIONS)
    gain = calculate_gain(nonlinearity, negative_slope)
    return _scaled_fill(
        shape,
        scale=_gain_squared(gain),
        mode=mode,
        distribution=distribution,
        **options,
    )


@_document
def he_normal(
    shape: ShapeLike | None = None,
    *,
    nonlinearity: Nonlinearity = "relu",
    negative_slope: float = 0.0,
    mode: Literal["fan_in", "fan_out"] = "fan_in",
    distribution: Distribution = "normal",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with He (Kaiming) normal samples.

    The samples are drawn from :math:`\mathcal{N}(0, \sigma^2)` with

    .. math::

        \sigma = \frac{\text{gain}}{\sqrt{\text{fan\_mode}}},

    where the gain comes from `nonlinearity` (:math:`\sqrt{2}` for relu,
    :math:`\sqrt{2 / (1 + \text{negative\_slope}^2)}` for leaky_relu). This
    is ``torch.nn.init.kaiming_normal_``. Keras' ``HeNormal`` and JAX's
    ``he_normal`` use a truncated normal of the same variance instead: pass
    ``distribution="truncated_normal"`` to get it.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    nonlinearity : str, optional
        The nonlinearity after this layer, as in `calculate_gain`.
    negative_slope : float, optional
        Negative slope of ``"leaky_relu"``, finite and non-negative. It must
        stay 0 for other nonlinearities. PyTorch calls it ``a``.
    mode : {"fan_in", "fan_out"}, optional
        ``"fan_in"`` keeps the variance of the activations in the forward
        pass, ``"fan_out"`` that of the gradients in the backward pass.
    distribution : {"normal", "truncated_normal", "uniform"}, optional
        Distribution with the variance :math:`\sigma^2`. ``"uniform"`` gives
        `he_uniform`.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    References
    ----------
    .. [1] K. He, X. Zhang, S. Ren and J. Sun, "Delving Deep into Rectifiers:
       Surpassing Human-Level Performance on ImageNet Classification",
       ICCV 2015.

    Examples
    --------
    >>> w = he_normal((64, 3, 7, 7), layout="torch", seed=0)  # fan_in = 147
    >>> round(float(w.std()), 2)  # sqrt(2 / 147)
    0.12
    """
    return _he(
        shape,
        nonlinearity=nonlinearity,
        negative_slope=negative_slope,
        mode=mode,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


@_document
def he_uniform(
    shape: ShapeLike | None = None,
    *,
    nonlinearity: Nonlinearity = "relu",
    negative_slope: float = 0.0,
    mode: Literal["fan_in", "fan_out"] = "fan_in",
    distribution: Distribution = "uniform",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with He (Kaiming) uniform samples.

    The samples are drawn from :math:`\mathcal{U}[-\ell, \ell)` with

    .. math::

        \ell = \text{gain} \sqrt{\frac{3}{\text{fan\_mode}}},

    where the gain comes from `nonlinearity` (:math:`\sqrt{2}` for relu).
    This is ``torch.nn.init.kaiming_uniform_`` and Keras' ``HeUniform``.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    nonlinearity : str, optional
        The nonlinearity after this layer, as in `calculate_gain`.
        ``torch.nn.init.kaiming_uniform_`` defaults to ``"leaky_relu"`` with
        slope 0, whose gain equals that of ``"relu"``.
    negative_slope : float, optional
        Negative slope of ``"leaky_relu"``, finite and non-negative. It must
        stay 0 for other nonlinearities. PyTorch calls it ``a``.
    mode : {"fan_in", "fan_out"}, optional
        ``"fan_in"`` keeps the variance of the activations in the forward
        pass, ``"fan_out"`` that of the gradients in the backward pass.
    distribution : {"uniform", "normal", "truncated_normal"}, optional
        Distribution with the variance :math:`\ell^2 / 3`.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    References
    ----------
    .. [1] K. He, X. Zhang, S. Ren and J. Sun, "Delving Deep into Rectifiers:
       Surpassing Human-Level Performance on ImageNet Classification",
       ICCV 2015.

    Examples
    --------
    >>> w = he_uniform((256, 128), seed=0)
    >>> bool(abs(w).max() <= (6 / 256) ** 0.5)
    True
    """
    return _he(
        shape,
        nonlinearity=nonlinearity,
        negative_slope=negative_slope,
        mode=mode,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


def _lecun(shape, *, distribution, **options) -> np.ndarray:
    _check_choice(distribution, "distribution", _DISTRIBUTIONS)
    return _scaled_fill(
        shape, scale=1.0, mode="fan_in", distribution=distribution, **options
    )


@_document
def lecun_normal(
    shape: ShapeLike | None = None,
    *,
    distribution: Distribution = "normal",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with LeCun normal samples.

    The samples are drawn from :math:`\mathcal{N}(0, \sigma^2)` with

    .. math::

        \sigma = \sqrt{\frac{1}{\text{fan\_in}}},

    the initialization that self-normalizing (SELU) networks need. Keras'
    ``LecunNormal`` and JAX's ``lecun_normal`` use a truncated normal of the
    same variance instead: pass ``distribution="truncated_normal"`` to get it.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    distribution : {"normal", "truncated_normal", "uniform"}, optional
        Distribution with the variance :math:`1 / \text{fan\_in}`.
        ``"uniform"`` gives `lecun_uniform`.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    References
    ----------
    .. [1] Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller, "Efficient
       BackProp", in Neural Networks: Tricks of the Trade, Springer, 1998.
    .. [2] G. Klambauer, T. Unterthiner, A. Mayr and S. Hochreiter,
       "Self-Normalizing Neural Networks", NeurIPS 2017.

    Examples
    --------
    >>> w = lecun_normal((400, 300), seed=0)
    >>> round(float(w.std()), 2)  # sqrt(1 / 400)
    0.05
    """
    return _lecun(
        shape,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


@_document
def lecun_uniform(
    shape: ShapeLike | None = None,
    *,
    distribution: Distribution = "uniform",
    in_axis: int = -2,
    out_axis: int = -1,
    layout: Layout | None = None,
    fan_in: int | None = None,
    fan_out: int | None = None,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with LeCun uniform samples.

    The samples are drawn from :math:`\mathcal{U}[-\ell, \ell)` with

    .. math::

        \ell = \sqrt{\frac{3}{\text{fan\_in}}},

    which is Keras' ``LecunUniform``.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    distribution : {"uniform", "normal", "truncated_normal"}, optional
        Distribution with the variance :math:`1 / \text{fan\_in}`.
    %(fan_parameters)s
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    References
    ----------
    .. [1] Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller, "Efficient
       BackProp", in Neural Networks: Tricks of the Trade, Springer, 1998.
    .. [2] G. Klambauer, T. Unterthiner, A. Mayr and S. Hochreiter,
       "Self-Normalizing Neural Networks", NeurIPS 2017.

    Examples
    --------
    >>> w = lecun_uniform((300, 100), seed=0)
    >>> bool(abs(w).max() <= (3 / 300) ** 0.5)
    True
    """
    return _lecun(
        shape,
        distribution=distribution,
        in_axis=in_axis,
        out_axis=out_axis,
        layout=layout,
        fan_in=fan_in,
        fan_out=fan_out,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


glorot_uniform = xavier_uniform
glorot_normal = xavier_normal
he = he_normal
kaiming_normal = he_normal
kaiming_uniform = he_uniform


def _fill_constant(
    value: float,
    shape: ShapeLike | None,
    *,
    dtype: DTypeLike,
    out: np.ndarray | None,
    seed: int | None,
    stream: int | str,
    offset: int,
    threads: int | None,
    index: IndexLike | None,
) -> np.ndarray:
    """Fill with `value`, with the argument checks of the core fills."""
    if shape is None and index is None and out is None:
        raise TypeError("missing shape: pass shape=, out=, or both")
    plan = _api._plan(shape, dtype, out, seed, stream, offset, threads, index)
    with np.errstate(over="raise"):
        try:
            plan.dtype.type(value)
        except FloatingPointError:
            raise ValueError(
                f"value={value!r} overflows {plan.dtype.name}; use "
                "dtype=float64 or a smaller value"
            ) from None
    return _api._fill_constant(plan, value)


@_document
def constant(
    shape: ShapeLike | None = None,
    *,
    value: float,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    r"""Fill an array with a constant.

    .. math::

        w_i = \text{value}

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    value : float
        Fill value. It may be infinite or NaN, but a finite value must fit in
        the dtype.
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    Notes
    -----
    `seed`, `stream` and `offset` are checked and accepted so that every
    initializer can be called the same way, and do not change the result.
    `threads` sets how many threads write the array.

    Examples
    --------
    >>> constant((2, 3), value=0.1)
    array([[0.1, 0.1, 0.1],
           [0.1, 0.1, 0.1]], dtype=float32)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {value!r}")
    return _fill_constant(
        value,
        shape,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


@_document
def zeros(
    shape: ShapeLike | None = None,
    *,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    """Fill an array with zeros.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    Notes
    -----
    `seed`, `stream` and `offset` are checked and accepted so that every
    initializer can be called the same way, and do not change the result.
    `threads` sets how many threads write the array.

    Examples
    --------
    >>> zeros(3)
    array([0., 0., 0.], dtype=float32)
    """
    return _fill_constant(
        0.0,
        shape,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )


@_document
def ones(
    shape: ShapeLike | None = None,
    *,
    dtype: DTypeLike = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: IndexLike | None = None,
) -> np.ndarray:
    """Fill an array with ones.

    Parameters
    ----------
    shape : int or sequence of ints, optional
        Shape of the whole tensor. Defaults to ``out.shape`` when `index` is
        not given.
    %(fill_parameters)s

    Returns
    -------
    %(returns)s

    Notes
    -----
    `seed`, `stream` and `offset` are checked and accepted so that every
    initializer can be called the same way, and do not change the result.
    `threads` sets how many threads write the array.

    Examples
    --------
    >>> ones((2, 2), dtype="float64")
    array([[1., 1.],
           [1., 1.]])
    """
    return _fill_constant(
        1.0,
        shape,
        dtype=dtype,
        out=out,
        seed=seed,
        stream=stream,
        offset=offset,
        threads=threads,
        index=index,
    )
