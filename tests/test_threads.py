"""Identical bits for any thread count, chunking, offset split and SIMD path."""

import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import winit_fast

DTYPES = [np.float32, np.float64]
FILLS = {
    "uniform": winit_fast.uniform,
    "normal": winit_fast.normal,
    "truncated_normal": winit_fast.truncated_normal,
}
FILL_NAMES = list(FILLS)

# A prime number of elements, so no thread or SIMD chunk divides it evenly.
SIZE = 1_000_003
THREAD_COUNTS = [2, 3, 7]

# Parameters away from the defaults, so the scaling code runs too.
PARAMETERS = {
    "uniform": {"low": -0.25, "high": 0.75},
    "normal": {"mean": 0.5, "std": 0.02},
    "truncated_normal": {"mean": 0.5, "std": 0.02, "a": 0.47, "b": 0.6},
}


def fill(name, shape=None, **kwargs):
    return FILLS[name](shape, **PARAMETERS[name], **kwargs)


def assert_bits_equal(actual, expected, message=""):
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    unsigned = np.uint32 if actual.dtype == np.float32 else np.uint64
    actual_bits = np.ascontiguousarray(actual).view(unsigned)
    expected_bits = np.ascontiguousarray(expected).view(unsigned)
    mismatches = np.flatnonzero(actual_bits != expected_bits)
    assert mismatches.size == 0, (
        f"{mismatches.size} elements differ, first at index {mismatches[:1]} {message}"
    )


@pytest.fixture(scope="module")
def single_thread_fills():
    """Map (name, dtype) to a one-thread fill of SIZE elements at offset 5."""
    return {
        (name, dtype): fill(
            name, SIZE, dtype=dtype, seed=404, stream=8, offset=5, threads=1
        )
        for name in FILL_NAMES
        for dtype in DTYPES
    }


@pytest.mark.parametrize("threads", THREAD_COUNTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_thread_counts_identical(name, dtype, threads, single_thread_fills):
    values = fill(
        name, SIZE, dtype=dtype, seed=404, stream=8, offset=5, threads=threads
    )
    assert_bits_equal(values, single_thread_fills[name, dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_default_threads_identical(name, dtype, single_thread_fills):
    values = fill(name, SIZE, dtype=dtype, seed=404, stream=8, offset=5)
    assert_bits_equal(values, single_thread_fills[name, dtype])


@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_offset_splits(name, dtype, threads):
    # Split points around powers of two, SIMD widths and pair boundaries.
    size = 100_003
    whole = fill(name, size, dtype=dtype, seed=405, offset=3, threads=threads)
    splits = [
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        9,
        15,
        16,
        17,
        31,
        32,
        33,
        63,
        64,
        65,
        127,
        255,
        1023,
        1025,
    ]
    splits += [4095, 4097, 8191, 65535, 65537, 99_999, size - 1]
    for split in splits:
        parts = np.empty(size, dtype=dtype)
        fill(name, out=parts[:split], seed=405, offset=3, threads=threads)
        fill(name, out=parts[split:], seed=405, offset=3 + split, threads=threads)
        assert_bits_equal(parts, whole, f"for the split at {split}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_random_chunks(name, dtype):
    # Many chunks of random sizes, each filled with its own thread count.
    size = 200_003
    whole = fill(name, size, dtype=dtype, seed=406, stream="chunks")
    rng = np.random.default_rng(406)
    bounds = np.sort(rng.choice(np.arange(1, size), size=60, replace=False))
    starts = [0, *bounds.tolist()]
    stops = [*bounds.tolist(), size]
    parts = np.empty(size, dtype=dtype)
    for start, stop in zip(starts, stops):
        threads = int(rng.integers(1, 8))
        fill(
            name,
            out=parts[start:stop],
            seed=406,
            stream="chunks",
            offset=start,
            threads=threads,
        )
    assert_bits_equal(parts, whole)


@pytest.mark.parametrize("threads", THREAD_COUNTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_non_contiguous_threads(name, dtype, threads):
    base = np.zeros((1001, 2 * 999), dtype=dtype)
    view = base[::-1, ::2]
    fill(name, out=view, seed=407, threads=threads)
    expected = fill(name, view.shape, dtype=dtype, seed=407, threads=1)
    assert_bits_equal(view, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_small_fills_many_threads(name, dtype):
    # Fewer elements than threads, and sizes around one SIMD vector.
    # AVX-512 works in units of 64 blocks: 256 float32 or 128 float64 elements.
    for size in [
        1,
        2,
        3,
        5,
        7,
        8,
        9,
        15,
        16,
        17,
        33,
        63,
        64,
        65,
        127,
        128,
        129,
        255,
        256,
        257,
    ]:
        expected = fill(name, size, dtype=dtype, seed=408, offset=1, threads=1)
        values = fill(name, size, dtype=dtype, seed=408, offset=1, threads=7)
        assert_bits_equal(values, expected, f"for size {size}")


def available_simd_paths() -> list[str]:
    """Return the SIMD paths that show_config lists as available."""
    report = io.StringIO()
    winit_fast.show_config(file=report)
    prefix = "SIMD paths available:"
    for line in report.getvalue().splitlines():
        if line.startswith(prefix):
            return [path.strip() for path in line[len(prefix) :].split(",")]
    raise AssertionError(f"show_config lists no SIMD paths:\n{report.getvalue()}")


# Runs in a child process, because WINIT_FAST_SIMD is read at import.
SIMD_SCRIPT = """
import json, sys
import winit_fast
results = {}
for name in ("uniform", "normal", "truncated_normal"):
    for dtype in ("float32", "float64"):
        fill = getattr(winit_fast, name)
        values = fill(20_011, dtype=dtype, seed=409, stream=3, offset=7, threads=2)
        results[f"{name}-{dtype}"] = values.tobytes().hex()
# Bounds for each truncated-normal kernel: float32 in float, float32 and
# float64 with log offsets deep in a tail, and the Newton steps beyond.
# (-1e-6, 10) and (-10, 1e-6) use both sides in float, one of them barely.
for low, high in [
    (6.0, 7.0), (-12.0, -11.0), (37.0, 37.5), (-1e6 - 1, -1e6),
    (-1e-6, 10.0), (-10.0, 1e-6),
]:
    for dtype in ("float32", "float64"):
        values = winit_fast.truncated_normal(
            4_099, a=low, b=high, dtype=dtype, seed=409, offset=5, threads=2
        )
        results[f"truncated_normal-{dtype}-[{low},{high}]"] = values.tobytes().hex()
json.dump(results, sys.stdout)
"""


def fill_with_simd_path(path) -> dict:
    environment = {**os.environ, "WINIT_FAST_SIMD": path}
    result = subprocess.run(
        [sys.executable, "-c", SIMD_SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"WINIT_FAST_SIMD={path}: {result.stderr}"
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def scalar_fills():
    return fill_with_simd_path("scalar")


def test_scalar_path_available():
    assert "scalar" in available_simd_paths()


def test_simd_paths_identical(scalar_fills):
    # Forcing a path that this build or CPU lacks fails at import, so only
    # the available paths run.
    for path in available_simd_paths():
        fills = fill_with_simd_path(path)
        for key, expected in scalar_fills.items():
            assert fills[key] == expected, f"{key} differs between {path} and scalar"


def test_default_path_matches_scalar(scalar_fills):
    for key, expected in scalar_fills.items():
        if key.endswith("]"):
            continue  # the truncated-normal bounds, compared across paths
        name, dtype = key.rsplit("-", 1)
        values = getattr(winit_fast, name)(
            20_011, dtype=dtype, seed=409, stream=3, offset=7, threads=2
        )
        assert values.tobytes().hex() == expected, f"{key} differs from scalar"
