"""Argument checks shared by every public function.

Each check raises before anything is written, with numpy's exception
types: TypeError for a wrong type or dtype, ValueError for a wrong value
or shape, IndexError for an index outside the shape.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import operator
import os
from typing import Any

import numpy as np

UINT64_LIMIT = 2**64
SUPPORTED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _is_integer(value: Any) -> bool:
    if type(value) is int:  # the common case, without the slower ABC check
        return True
    if isinstance(value, np.ndarray):  # 0-d integer arrays, as numpy accepts
        return value.ndim == 0 and value.dtype.kind in "iu"
    return isinstance(value, numbers.Integral) and not isinstance(
        value, (bool, np.bool_)
    )


def _uint64(name: str, value: Any, accepted: str) -> int:
    """Return value as an int in [0, 2**64), or raise naming the parameter."""
    if not _is_integer(value):
        raise TypeError(
            f"{name} must be {accepted}, got {type(value).__name__} {value!r}"
        )
    value = int(value)
    if not 0 <= value < UINT64_LIMIT:
        raise ValueError(f"{name} must be in [0, 2**64), got {value}")
    return value


def resolve_seed(seed: Any) -> int:
    """Return the seed as an int in [0, 2**64); None draws 64 bits from the OS."""
    if seed is None:
        return int.from_bytes(os.urandom(8), "little")
    return _uint64("seed", seed, "an int in [0, 2**64) or None")


def stream_from_name(name: str) -> int:
    """Map a name to a stream id: the little-endian 8-byte BLAKE2b digest."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def resolve_stream(stream: Any) -> int:
    """Return the stream id as an int in [0, 2**64); a str is hashed."""
    if isinstance(stream, str):
        return stream_from_name(stream)
    return _uint64("stream", stream, "an int in [0, 2**64) or a str")


def resolve_offset(offset: Any) -> int:
    return _uint64("offset", offset, "a non-negative int")


def resolve_threads(threads: Any) -> int:
    """Return the thread count for C: 0 means the OpenMP default."""
    if threads is None:
        return 0
    if not _is_integer(threads):
        raise TypeError(
            f"threads must be a positive int or None, got "
            f"{type(threads).__name__} {threads!r}"
        )
    threads = int(threads)
    if threads < 1:
        raise ValueError(f"threads must be >= 1 or None, got {threads}")
    return min(threads, 2**31 - 1)


def resolve_shape(shape: Any) -> tuple[int, ...]:
    if _is_integer(shape):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(
            f"shape must be an int or a tuple of ints, got "
            f"{type(shape).__name__} {shape!r}"
        ) from None
    for dim in dims:
        if not _is_integer(dim):
            raise TypeError(
                f"shape must contain only ints, got {type(dim).__name__} "
                f"{dim!r} in {shape!r}"
            )
        if dim < 0:
            raise ValueError(f"negative dimensions are not allowed: {shape!r}")
    return tuple(int(dim) for dim in dims)


def dtype_name(dtype: np.dtype) -> str:
    return dtype.name if dtype.isnative else dtype.str


def resolve_dtype(dtype: Any, out: np.ndarray | None) -> np.dtype:
    """Return the output dtype: out's, else dtype, else float32."""
    if out is not None:
        if out.dtype.char not in "fd":
            raise TypeError(
                "Supplied output array has the wrong type. Expected float32 or "
                f"float64, got {dtype_name(out.dtype)}; fill a float array and "
                "convert it, e.g. out[...] = winit_fast.normal(out.shape)"
            )
        if not out.dtype.isnative:
            raise TypeError(
                f"Supplied output array has non-native byte order "
                f"({dtype_name(out.dtype)}); expected native float32 or float64, "
                "e.g. fill out.astype(out.dtype.newbyteorder('='))"
            )
        if dtype is not None and _to_dtype(dtype) != out.dtype:
            raise TypeError(
                f"dtype {_to_dtype(dtype).name} does not match the output "
                f"array's dtype {out.dtype.name}; omit dtype or pass "
                f"dtype={out.dtype.name}"
            )
        return out.dtype
    if dtype is None:
        return np.dtype(np.float32)
    resolved = _to_dtype(dtype)
    if resolved not in SUPPORTED_DTYPES or not resolved.isnative:
        raise TypeError(
            f"Unsupported dtype {dtype_name(resolved)}. Expected float32 or float64"
        )
    return resolved


def _to_dtype(dtype: Any) -> np.dtype:
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be float32 or float64, got {dtype!r}") from None


def check_out(out: Any) -> None:
    if out is None:
        return
    if not isinstance(out, np.ndarray):
        raise TypeError(
            f"out must be a numpy.ndarray, got {type(out).__name__}; pass "
            "np.asarray(...) of a writable float32 or float64 buffer"
        )
    flags = out.flags
    if not flags.writeable:
        raise ValueError("output array is read-only; pass a writable array")
    if flags.c_contiguous or out.size == 0:
        return
    for size, stride in zip(out.shape, out.strides):
        if stride == 0 and size > 1:
            raise ValueError(
                f"output array has a zero stride (strides {out.strides}), so "
                "several elements share memory; pass an array without "
                "broadcast dimensions"
            )


def may_self_overlap(out: np.ndarray) -> bool:
    """Return False when no two elements of out can share memory.

    A sufficient test: with the dimensions sorted by stride, each stride must
    step over everything the smaller ones span.
    """
    flags = out.flags
    if flags.c_contiguous or flags.f_contiguous:
        return False
    dims = sorted(
        (abs(stride), size) for size, stride in zip(out.shape, out.strides) if size > 1
    )
    span = out.itemsize
    for stride, size in dims:
        if stride < span:
            return True
        span += stride * (size - 1)
    return False


def real_param(name: str, value: Any) -> float:
    """Return value as a finite float, or raise naming the parameter."""
    if type(value) is float:
        if math.isfinite(value):
            return value
        raise ValueError(f"{name} must be finite, got {value}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__} {value!r}"
        )
    try:
        value = float(value)
    except OverflowError:
        raise ValueError(f"{name}={value} is too large for a float") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


FLOAT32_MAX = float(np.finfo(np.float32).max)


def check_representable(name: str, value: float, dtype: np.dtype) -> None:
    if abs(value) <= FLOAT32_MAX or dtype != np.float32:
        return
    with np.errstate(over="ignore"):
        rounded = np.float32(value)
    if not np.isfinite(rounded):
        raise ValueError(
            f"{name}={value} overflows float32; use dtype=float64 or a smaller value"
        )


def c_order_strides(shape: tuple[int, ...]) -> list[int]:
    if len(shape) == 1:
        return [1]
    strides = [1] * len(shape)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    return strides


def resolve_index(
    shape: tuple[int, ...], index: Any
) -> tuple[tuple[int, ...], int, list[int]]:
    """Select a block of a C-order tensor of this shape.

    Returns the block's shape, the flat index of its first element, and
    the flat-index step along each of its dimensions.
    """
    if not isinstance(index, tuple):
        index = (index,)
    n_ellipsis = sum(item is Ellipsis for item in index)
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    n_given = len(index) - n_ellipsis
    if n_given > len(shape):
        raise IndexError(
            f"too many indices: shape {shape} has {len(shape)} dimensions but "
            f"{n_given} were indexed"
        )
    fill = (slice(None),) * (len(shape) - n_given)
    if n_ellipsis:
        at = next(i for i, item in enumerate(index) if item is Ellipsis)
        index = index[:at] + fill + index[at + 1 :]
    else:
        index = index + fill

    flat = c_order_strides(shape)
    block_shape: list[int] = []
    block_strides: list[int] = []
    first = 0
    for axis, (item, size) in enumerate(zip(index, shape)):
        if isinstance(item, slice):
            start, stop, step = item.indices(size)
            length = len(range(start, stop, step))
            block_shape.append(length)
            block_strides.append(step * flat[axis])
            if length > 0:
                first += start * flat[axis]
            continue
        if isinstance(item, (bool, np.bool_)):
            raise IndexError(f"boolean indices are not supported, got {item!r}")
        if item is None:
            raise IndexError(
                "None (np.newaxis) is not among the supported indices (ints, "
                "slices, Ellipsis); select the block without it, then reshape "
                "the result"
            )
        try:
            position = operator.index(item)
        except TypeError:
            item_repr = repr(item)
            if len(item_repr) > 60:
                item_repr = item_repr[:57] + "..."
            raise IndexError(
                "only integers, slices and Ellipsis are valid indices, got "
                f"{type(item).__name__} {item_repr}"
            ) from None
        if not -size <= position < size:
            raise IndexError(
                f"index {position} is out of bounds for axis {axis} with size {size}"
            )
        first += (position % size) * flat[axis]
    return tuple(block_shape), first, block_strides
