"""The core fills: raw words, uniform, normal and truncated normal.

Every element is a pure function of (seed, stream, element index,
distribution, parameters, dtype), the stream v1 format described in
docs/stream-v1.md, so results do not depend on threads, chunking or
offsets.
"""

from __future__ import annotations

import math
import os
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._validate import (
    UINT64_LIMIT,
    c_order_strides,
    check_out,
    check_representable,
    may_self_overlap,
    real_param,
    resolve_dtype,
    resolve_index,
    resolve_offset,
    resolve_seed,
    resolve_shape,
    resolve_stream,
    resolve_threads,
)

__all__ = ["normal", "random_raw", "truncated_normal", "uniform"]


# GNU OpenMP's thread pool does not survive fork: a child that starts a
# parallel region after its parent ran one hangs. Fills in a forked child
# therefore run on fresh threads that the core starts for each call.
_in_forked_child = False


def _after_fork_in_child() -> None:
    global _in_forked_child
    _in_forked_child = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

# Flat-index steps are signed 64-bit in the core.
MAX_ELEMENTS = 2**63 - 1


class _Plan(NamedTuple):
    """A validated fill: where the values go and which stream elements."""

    shape: tuple[int, ...]  # the whole tensor's logical shape
    block_shape: tuple[int, ...]  # the shape of what is written
    dtype: np.dtype
    out: np.ndarray | None
    seed: int
    stream: int
    first_index: int  # stream index of the block's first element
    index_strides: tuple[int, ...]
    threads: int


def _plan(
    shape: Any,
    dtype: Any,
    out: Any,
    seed: Any,
    stream: Any,
    offset: Any,
    threads: Any,
    index: Any,
) -> _Plan:
    check_out(out)
    resolved_dtype = resolve_dtype(dtype, out)
    if shape is None:
        if index is not None:
            raise ValueError(
                "index= selects a block of a tensor of shape=; pass shape, the "
                "whole tensor's shape"
            )
        if out is None:
            raise TypeError("pass shape=, out=, or both")
        full = tuple(out.shape)
    else:
        full = resolve_shape(shape)

    if index is None:
        block, first, strides = full, 0, c_order_strides(full)
    else:
        block, first, strides = resolve_index(full, index)
    if out is not None and tuple(out.shape) != block:
        label = "shape[index]" if index is not None else "shape"
        raise ValueError(f"{label} {block} does not match out.shape {tuple(out.shape)}")

    total = math.prod(full)
    if total > MAX_ELEMENTS:
        raise ValueError(
            f"shape {full} has {total} elements; at most 2**63 - 1 are supported"
        )
    resolved_offset = resolve_offset(offset)
    if resolved_offset + total > UINT64_LIMIT:
        raise ValueError(
            f"offset {resolved_offset} plus {total} elements runs past "
            "the end of the stream (2**64 elements); use a smaller offset or "
            "another stream"
        )
    resolved_threads = resolve_threads(threads)
    if out is not None and may_self_overlap(out):
        # One thread keeps the result of a self-overlapping view independent
        # of the thread count (the last write in C order wins).
        resolved_threads = 1
    return _Plan(
        shape=full,
        block_shape=block,
        dtype=resolved_dtype,
        out=out,
        seed=resolve_seed(seed),
        stream=resolve_stream(stream),
        first_index=resolved_offset + first,
        index_strides=tuple(strides),
        threads=resolved_threads,
    )


def _run(plan: _Plan, dist: int, params: tuple[float, ...]) -> np.ndarray:
    out = plan.out
    if out is None:
        out = np.empty(plan.block_shape, dtype=plan.dtype)
    if out.size == 0:
        return out
    _core.fill(
        dist,
        out,
        params,
        plan.seed,
        plan.stream,
        plan.index_strides,
        plan.first_index,
        plan.threads,
        _in_forked_child,
    )
    return out


def random_raw(n: int, *, seed: int | None, stream: int | str = 0, offset: int = 0):
    """Return raw Philox4x32-10 words ``offset`` to ``offset + n - 1``.

    Word ``j`` is lane ``j % 4`` of the Philox4x32-10 block ``j // 4``,
    whose counter is ``(j // 4, stream)`` and whose key is ``seed``, each
    split into two 32-bit halves, low half first.

    Parameters
    ----------
    n : int
        Number of words, ``>= 0``.
    seed : int in [0, 2**64) or None
        The key; None draws 64 bits from the operating system.
    stream : int in [0, 2**64) or str
        The stream id; a str is hashed (see ``uniform``).
    offset : int
        Index of the first word.

    Returns
    -------
    numpy.ndarray of uint32, shape (n,)

    Examples
    --------
    >>> import winit_fast
    >>> winit_fast.random_raw(4, seed=0)
    array([1713891541, 3781805453, 3159862348, 2600524760], dtype=uint32)
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be a non-negative int, got {type(n).__name__} {n!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    resolved_seed = resolve_seed(seed)
    resolved_stream = resolve_stream(stream)
    resolved_offset = resolve_offset(offset)
    if resolved_offset + int(n) > UINT64_LIMIT:
        raise ValueError(
            f"offset {resolved_offset} plus {n} words runs past word 2**64 - 1; "
            "use a smaller offset"
        )
    out = np.empty(int(n), dtype=np.uint32)
    _core.random_raw(out, resolved_seed, resolved_stream, resolved_offset)
    return out


_TAIL_DOC = """
    dtype : {None, float32, float64}
        Output dtype; default float32, or out's dtype when out is given
        (a different explicit dtype is a TypeError).
    out : numpy.ndarray, optional
        Writable float32 or float64 array to fill in place; any strides,
        also views such as ``big[:, ::2]`` or a transpose. Element
        ``out[idx]`` gets the value of idx's C-order flat index.
    seed : int in [0, 2**64) or None
        Key of the random stream; None draws fresh entropy from the
        operating system on every call.
    stream : int in [0, 2**64) or str
        Independent sub-stream; a str maps to the little-endian integer of
        its 8-byte BLAKE2b digest, so parameter names can be stream ids.
    offset : int
        Element ``i`` of the output is element ``offset + i`` of the
        stream: filling ``x[:k]`` and then ``x[k:]`` with ``offset=k``
        gives the bits of one fill.
    threads : int >= 1 or None
        Threads for this call; None uses the OpenMP default
        (``OMP_NUM_THREADS``, threadpoolctl limits). Small fills run on
        one thread. Ctrl-C stops a fill in the main thread with
        KeyboardInterrupt, leaving ``out`` partly written.
    index : tuple of slices and ints, optional
        Fill only the block ``full[index]`` of the tensor of shape
        ``shape``, with the same bits the whole fill has there.
"""


def uniform(
    shape: int | tuple[int, ...] | None = None,
    *,
    low: float = 0.0,
    high: float = 1.0,
    dtype: Any = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: Any = None,
) -> np.ndarray:
    """Fill with uniform samples on ``[low, high)``.

    In [0, 1) the values are ``(w >> 8) 2^-24`` (float32) or
    ``((w_lo + 2^32 w_hi) >> 11) 2^-53`` (float64) of the raw words, and
    exact. Scaled, each value is ``low + (high - low) * f`` within one ulp
    of the exact result, and a result that would round up to ``high``
    becomes the largest value below it.

    Parameters
    ----------
    shape : int or tuple of ints, optional
        Output shape; defaults to ``out.shape``.
    low, high : float
        Bounds, finite, ``low <= high``; ``low == high`` gives ``low``.
    {tail}
    Returns
    -------
    numpy.ndarray
        ``out`` when given, else a new C-contiguous array.

    Examples
    --------
    >>> import numpy as np, winit_fast
    >>> w = winit_fast.uniform((256, 128), low=-0.1, high=0.1, seed=0)
    >>> bool(w.min() >= -0.1 and w.max() < 0.1)
    True
    """
    plan = _plan(shape, dtype, out, seed, stream, offset, threads, index)
    low = real_param("low", low)
    high = real_param("high", high)
    if low > high:
        raise ValueError(f"low must be <= high, got low={low}, high={high}")
    check_representable("low", low, plan.dtype)
    check_representable("high", high, plan.dtype)
    # float32 fills compute low + (high - low) f in double, so only a float64
    # width can overflow.
    if plan.dtype == np.float64 and not math.isfinite(high - low):
        raise ValueError(
            f"high - low overflows float64 for low={low}, high={high}; narrow the "
            "interval"
        )
    return _run(plan, _core.UNIFORM, (low, high))


def normal(
    shape: int | tuple[int, ...] | None = None,
    *,
    mean: float = 0.0,
    std: float = 1.0,
    dtype: Any = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: Any = None,
) -> np.ndarray:
    """Fill with normal samples ``mean + std * z``.

    ``z`` comes from the Box-Muller transform of a pair of raw words
    (one word each in float32, two in float64): elements ``2p`` and
    ``2p + 1`` are ``r cos(2 pi t)`` and ``r sin(2 pi t)`` with
    ``r = sqrt(-2 ln u1)``. The error against the exact transform is at
    most ``2^-20 max(1, |z|)`` in float32 and ``2^-48 max(1, |z|)`` in
    float64.

    Parameters
    ----------
    shape : int or tuple of ints, optional
        Output shape; defaults to ``out.shape``.
    mean : float
        Mean, finite.
    std : float
        Standard deviation, finite and ``>= 0``; 0 gives ``mean``.
    {tail}
    Returns
    -------
    numpy.ndarray
        ``out`` when given, else a new C-contiguous array.

    References
    ----------
    G. E. P. Box and M. E. Muller, "A note on the generation of random
    normal deviates", Ann. Math. Statist. 29 (1958) 610-611.

    Examples
    --------
    >>> import winit_fast
    >>> w = winit_fast.normal((512, 256), std=0.02, seed=0)
    >>> round(float(w.std()), 3)
    0.02
    """
    plan = _plan(shape, dtype, out, seed, stream, offset, threads, index)
    mean = real_param("mean", mean)
    std = real_param("std", std)
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    check_representable("mean", mean, plan.dtype)
    check_representable("std", std, plan.dtype)
    return _run(plan, _core.NORMAL, (mean, std))


def truncated_normal(
    shape: int | tuple[int, ...] | None = None,
    *,
    mean: float = 0.0,
    std: float = 1.0,
    a: float | None = None,
    b: float | None = None,
    dtype: Any = None,
    out: np.ndarray | None = None,
    seed: int | None = None,
    stream: int | str = 0,
    offset: int = 0,
    threads: int | None = None,
    index: Any = None,
) -> np.ndarray:
    """Fill with normal samples truncated to ``[a, b]``.

    With ``alpha = (a - mean) / std`` and ``beta = (b - mean) / std``,
    each element is ``mean + std * z`` with
    ``z = Phi^-1(Phi(alpha) + u (Phi(beta) - Phi(alpha)))`` for the
    uniform ``u = (w + 0.5) 2^-32`` of one raw word (float32) or
    ``u = ((w_lo + 2^32 w_hi >> 11) + 0.5) 2^-53`` of two (float64).
    Values never leave ``[a, b]``, also for bounds deep in one tail.

    Parameters
    ----------
    shape : int or tuple of ints, optional
        Output shape; defaults to ``out.shape``.
    mean : float
        Mean of the untruncated normal, finite.
    std : float
        Its standard deviation, finite and ``>= 0``; 0 gives ``mean``.
    a, b : float, optional
        Absolute bounds, ``a < b``. None means ``mean - 2 * std`` and
        ``mean + 2 * std``, so ``std=0.02`` truncates at +-0.04 (unlike a
        fixed default of +-2). When both bounds lie on one side of the
        mean, the nearer one may be at most 1e150 standard deviations
        away.
    {tail}
    Returns
    -------
    numpy.ndarray
        ``out`` when given, else a new C-contiguous array.

    References
    ----------
    M. J. Wichura, "Algorithm AS 241: The percentage points of the normal
    distribution", Applied Statistics 37 (1988) 477-484 (the inverse CDF).

    Examples
    --------
    >>> import winit_fast
    >>> w = winit_fast.truncated_normal((256, 256), std=0.02, seed=0)
    >>> bool(abs(w).max() <= 0.04)
    True
    """
    plan = _plan(shape, dtype, out, seed, stream, offset, threads, index)
    mean = real_param("mean", mean)
    std = real_param("std", std)
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    lower = mean - 2.0 * std if a is None else real_param("a", a)
    upper = mean + 2.0 * std if b is None else real_param("b", b)
    lower_name = "mean - 2*std" if a is None else "a"
    upper_name = "mean + 2*std" if b is None else "b"
    for name, value in ((lower_name, lower), (upper_name, upper)):
        if not math.isfinite(value):
            raise ValueError(
                f"the default bound {name} overflows for mean={mean}, std={std}; "
                "pass a and b"
            )
    for name, value in (
        ("mean", mean),
        ("std", std),
        (lower_name, lower),
        (upper_name, upper),
    ):
        check_representable(name, value, plan.dtype)

    if std == 0.0 or (a is None and b is None and lower == upper):
        # Also a std too small to move mean -+ 2 std off mean: every value is
        # mean.
        if not lower <= mean <= upper:
            raise ValueError(
                f"with std=0 every value is mean={mean}, which lies outside "
                f"[a, b] = [{lower}, {upper}]"
            )
        return _fill_constant(plan, mean)
    if not lower < upper:
        raise ValueError(f"a must be less than b, got a={lower}, b={upper}")
    _check_tail_depth(mean, std, lower, upper)
    if plan.dtype == np.float32:
        _check_float32_interval(lower, upper)
    return _run(plan, _core.TRUNCNORM, (mean, std, lower, upper))


def _check_tail_depth(mean: float, std: float, lower: float, upper: float) -> None:
    limit = _core.TRUNCNORM_TAIL_LIMIT
    alpha = (lower - mean) / std
    beta = (upper - mean) / std
    if alpha > limit or beta < -limit:
        depth = alpha if alpha > limit else -beta
        raise ValueError(
            f"the interval [a, b] = [{lower}, {upper}] lies {depth:.4g} standard "
            f"deviations from the mean; at most {limit:g} are supported"
        )


def _check_float32_interval(lower: float, upper: float) -> None:
    low32 = np.float32(lower)
    if float(low32) < lower:
        low32 = np.nextafter(low32, np.float32(np.inf))
    high32 = np.float32(upper)
    if float(high32) > upper:
        high32 = np.nextafter(high32, np.float32(-np.inf))
    if low32 > high32:
        raise ValueError(
            f"no float32 value lies in [a, b] = [{lower}, {upper}]; widen the "
            "interval or use dtype=float64"
        )


def _fill_constant(plan: _Plan, value: float) -> np.ndarray:
    """Fill the planned block with one value, on plan.threads threads."""
    out = plan.out
    if out is None:
        out = np.empty(plan.block_shape, dtype=plan.dtype)
    if out.size:
        _core.fill_constant(out, value, plan.threads, _in_forked_child)
    return out


for _function in (uniform, normal, truncated_normal):
    _function.__doc__ = _function.__doc__.replace(
        "{tail}", _TAIL_DOC.strip("\n") + "\n"
    )
del _function
