# cython: language_level=3, boundscheck=False, wraparound=False
"""Buffer checks and GIL-free calls into the C core.

The Python layer (_api.py) validates every user argument; this module
only checks what it hands to C: a writable float32 or float64 buffer, its
shape and strides, and the parameter count.
"""
from cpython.buffer cimport (
    PyBUF_FORMAT,
    PyBUF_STRIDES,
    PyBUF_WRITABLE,
    PyBuffer_Release,
    PyObject_GetBuffer,
)
from cpython.pythread cimport PyThread_get_thread_ident
from libc.stdint cimport int64_t, uint32_t, uint64_t

import sys
import threading

from winit_fast._core cimport (
    WF_EINTR,
    WF_EINVAL,
    WF_ERANGE,
    WF_FLOAT32,
    WF_FLOAT64,
    WF_OK,
    WF_TRUNCNORM_TAIL_LIMIT,
    wf_default_threads,
    wf_fill_constant,
    wf_dist,
    wf_dtype,
    wf_fill_strided,
    wf_interrupt_fn,
    wf_threading,
    wf_openmp_enabled,
    wf_random_raw,
    wf_simd_active,
    wf_simd_available,
    wf_simd_select,
)

DEF MAX_DIMS = 64


cdef extern from "Python.h":
    int PyErr_CheckSignals()


cdef int _signal_pending(void *context) noexcept with gil:
    # Runs Python's signal handlers; an exception they raise (such as
    # KeyboardInterrupt) stays set and fill() raises it after the core
    # returns.
    return PyErr_CheckSignals() != 0


cdef int _raise_pending_error() except -1:
    return -1

UNIFORM = 0
NORMAL = 1
TRUNCNORM = 2
TRUNCNORM_TAIL_LIMIT = WF_TRUNCNORM_TAIL_LIMIT


# Python runs signal handlers in this thread only.
cdef unsigned long _main_thread_ident = threading.main_thread().ident

# The buffer-format prefix that names this machine's byte order explicitly.
cdef char _native_order = b"<"[0] if sys.byteorder == "little" else b">"[0]

# Parameters each distribution takes (see wf_dist).
_PARAM_COUNTS = {UNIFORM: 2, NORMAL: 2, TRUNCNORM: 4}


cdef wf_dtype _float_dtype(Py_buffer *view) except *:
    # A struct-module format: an optional byte-order prefix, then 'f' or 'd'.
    cdef const char *fmt = view.format
    if fmt == NULL:
        raise TypeError("buffer has no format; expected float32 or float64")
    if fmt[0] == b"@"[0] or fmt[0] == b"="[0] or fmt[0] == _native_order:
        fmt += 1
    if fmt[0] == b"f"[0] and fmt[1] == 0 and view.itemsize == 4:
        return WF_FLOAT32
    if fmt[0] == b"d"[0] and fmt[1] == 0 and view.itemsize == 8:
        return WF_FLOAT64
    name = view.format.decode("ascii", "replace")
    raise TypeError(f"buffer format {name!r} is not native float32 or float64")


cdef int _copy_layout(Py_buffer *view, int64_t *shape, int64_t *strides) except -1:
    if view.ndim > MAX_DIMS:
        raise ValueError(
            f"at most {MAX_DIMS} dimensions are supported, got {view.ndim}"
        )
    for d in range(view.ndim):
        shape[d] = view.shape[d]
        strides[d] = view.strides[d]
    return 0


def fill(int dist, object out, tuple params, uint64_t seed, uint64_t stream,
         tuple index_strides, uint64_t first_index, int threads,
         bint fresh_threads=False):
    """Fill the writable float buffer ``out`` in place.

    Element ``idx`` of ``out`` gets stream element
    ``first_index + sum(idx[d] * index_strides[d])`` (mod 2^64).
    fresh_threads runs the threads as new threads instead of OpenMP's
    pool, which a forked child must not use.
    """
    cdef Py_buffer view
    cdef double c_params[4]
    cdef int64_t index_str[MAX_DIMS]
    cdef int64_t shape[MAX_DIMS]
    cdef int64_t strides[MAX_DIMS]
    cdef wf_dtype dtype
    cdef int status, d, ndim
    cdef wf_interrupt_fn interrupt = NULL

    if dist not in _PARAM_COUNTS or len(params) != _PARAM_COUNTS[dist]:
        raise ValueError(
            f"distribution {dist} takes {_PARAM_COUNTS.get(dist)} parameters, "
            f"got {len(params)}"
        )
    for d in range(len(params)):
        c_params[d] = params[d]

    PyObject_GetBuffer(out, &view, PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT)
    try:
        dtype = _float_dtype(&view)
        _copy_layout(&view, shape, strides)
        ndim = view.ndim
        if len(index_strides) != ndim:
            raise ValueError(
                f"index_strides has {len(index_strides)} entries for {ndim} dimensions"
            )
        for d in range(ndim):
            index_str[d] = index_strides[d]
        # Python runs signal handlers in the main thread only, so only a
        # fill there polls for them.
        if PyThread_get_thread_ident() == _main_thread_ident:
            interrupt = _signal_pending
        with nogil:
            status = wf_fill_strided(<wf_dist>dist, dtype, c_params, seed, stream,
                                     <char *>view.buf, ndim, shape, strides,
                                     index_str, first_index, threads,
                                     <wf_threading>fresh_threads, interrupt, NULL)
    finally:
        PyBuffer_Release(&view)
    if status == WF_EINTR:
        _raise_pending_error()
    if status == WF_EINVAL:
        raise ValueError(
            f"invalid parameters {params!r} for distribution {dist}: the C core "
            "rejected them (low > high, std < 0 or a >= b)"
        )
    if status == WF_ERANGE:
        raise ValueError(
            f"truncation bounds {params[2:]!r} lie more than "
            f"{TRUNCNORM_TAIL_LIMIT:g} standard deviations into one tail"
        )
    return out


def fill_constant(object out, double value, int threads, bint fresh_threads=False):
    """Set every element of the writable float buffer ``out`` to ``value``."""
    cdef Py_buffer view
    cdef int64_t shape[MAX_DIMS]
    cdef int64_t strides[MAX_DIMS]
    cdef wf_dtype dtype
    cdef int status, ndim

    PyObject_GetBuffer(out, &view, PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT)
    try:
        dtype = _float_dtype(&view)
        _copy_layout(&view, shape, strides)
        ndim = view.ndim
        with nogil:
            status = wf_fill_constant(dtype, value, <char *>view.buf, ndim, shape,
                                      strides, threads, <wf_threading>fresh_threads)
    finally:
        PyBuffer_Release(&view)
    if status != WF_OK:
        raise ValueError(f"invalid constant fill of value {value!r}")
    return out


def random_raw(uint32_t[::1] out, uint64_t seed, uint64_t stream, uint64_t offset):
    """Write raw words offset .. offset + len(out) - 1 of the stream into out."""
    cdef uint64_t n = out.shape[0]
    if n == 0:
        return
    with nogil:
        wf_random_raw(&out[0], n, seed, stream, offset)


def simd_active():
    """Name of the SIMD path fills use now."""
    return wf_simd_active().decode("ascii")


def simd_available(str name):
    """Whether this build and CPU can run the SIMD path ``name``."""
    return bool(wf_simd_available(name.encode("ascii")))


def simd_select(str name):
    """Make fills use the SIMD path ``name``; ValueError if it cannot run."""
    cdef int status = wf_simd_select(name.encode("ascii"))
    if status == -1:
        raise ValueError(
            f"unknown SIMD path {name!r}; expected 'scalar', 'avx2' or 'avx512'"
        )
    if status == -2:
        usable = [path for path in ("scalar", "avx2", "avx512") if simd_available(path)]
        raise ValueError(
            f"SIMD path {name!r} is not available on this CPU or build; "
            f"use one of {usable}"
        )


def openmp_enabled():
    """Whether the core was built with OpenMP."""
    return bool(wf_openmp_enabled())


def default_threads():
    """Threads a fill with threads=None may use (OpenMP's current default)."""
    return wf_default_threads()
