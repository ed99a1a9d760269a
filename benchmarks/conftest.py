"""Shared fixtures for the pytest-benchmark suites.

Run with ``python -m pytest benchmarks``; the default ``python -m pytest``
collects only tests/, so the unit tests never time anything.
"""

import numpy as np
import pytest

import winit_fast

# 2^10 to 2^26 elements, every fourth power of two.
SIZES = [2**10, 2**14, 2**18, 2**22, 2**26]
ALL_THREADS = winit_fast._core.default_threads()
THREAD_COUNTS = sorted({1, ALL_THREADS})


@pytest.fixture(scope="module")
def buffers():
    """Preallocated, already-touched buffers keyed by (size, dtype)."""
    cache = {}

    def get(size, dtype):
        key = (size, np.dtype(dtype).name)
        if key not in cache:
            cache[key] = np.zeros(size, dtype=dtype)
        return cache[key]

    return get
