"""Memory use of fills: no allocation that grows with the number of elements.

tracemalloc records numpy's allocations, and the C core allocates nothing
on the heap, so the traced peak of a fill into a preallocated array measures
every temporary the Python layer makes.
"""

import tracemalloc

import numpy as np
import pytest

import winit_fast

FILLS = {
    "uniform": winit_fast.uniform,
    "normal": winit_fast.normal,
    "truncated_normal": winit_fast.truncated_normal,
    "he_normal": winit_fast.he_normal,
    "xavier_uniform": winit_fast.xavier_uniform,
}

# Far below the 32 MiB buffers filled below.
PEAK_LIMIT_BYTES = 256 * 1024


def traced_peak(run) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(FILLS))
def test_contiguous_fill_allocates_nothing(name, dtype):
    out = np.zeros((2048, 32 * 1024 * 1024 // 2048 // np.dtype(dtype).itemsize), dtype)
    fill = FILLS[name]
    fill(out=out, seed=0)  # warm up imports and caches outside the trace
    peak = traced_peak(lambda: fill(out=out, seed=1))
    assert peak < PEAK_LIMIT_BYTES


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_strided_fill_allocates_nothing(dtype):
    base = np.zeros((1024, 8192), dtype)
    views = [base[:, ::2], base.T, base[::-1, ::-3], base[::3, 5]]
    for view in views:
        winit_fast.normal(out=view, seed=0)
        peak = traced_peak(lambda view=view: winit_fast.normal(out=view, seed=1))
        assert peak < PEAK_LIMIT_BYTES


def test_peak_independent_of_size():
    small = np.zeros(2**12, np.float32)
    large = np.zeros(2**24, np.float32)
    winit_fast.normal(out=small, seed=0)
    winit_fast.normal(out=large, seed=0)
    small_peak = traced_peak(lambda: winit_fast.normal(out=small, seed=1))
    large_peak = traced_peak(lambda: winit_fast.normal(out=large, seed=1))
    assert large_peak <= small_peak + 4096
