"""Fills from several Python threads at once, and fills past 2^31 elements."""

import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import winit_fast


def test_eight_threads_distinct_buffers():
    n = 300_001
    results = [None] * 8
    barrier = threading.Barrier(8)

    def work(k):
        out = np.empty(n, dtype=np.float32 if k % 2 else np.float64)
        barrier.wait()
        for _ in range(3):
            winit_fast.normal(out=out, seed=k, stream=k, threads=2)
        results[k] = out

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for k, got in enumerate(results):
        expected = winit_fast.normal(n, dtype=got.dtype, seed=k, stream=k)
        np.testing.assert_array_equal(got, expected)


def test_two_threads_overlapping_views():
    base = np.zeros(1_000_000, dtype=np.float32)
    first, second = base[:700_000], base[300_000:]
    barrier = threading.Barrier(2)

    def work(view, seed):
        barrier.wait()
        winit_fast.uniform(out=view, seed=seed, threads=2)

    threads = [
        threading.Thread(target=work, args=(first, 1)),
        threading.Thread(target=work, args=(second, 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from_first = winit_fast.uniform(700_000, seed=1)
    from_second = winit_fast.uniform(700_000, seed=2)
    overlap = base[300_000:700_000]
    # Each shared element contains one of the two fills' values, never garbage.
    one_of_two = (overlap == from_first[300_000:]) | (overlap == from_second[:400_000])
    assert np.all(one_of_two)
    np.testing.assert_array_equal(base[:300_000], from_first[:300_000])
    np.testing.assert_array_equal(base[700_000:], from_second[400_000:])


def available_memory_bytes() -> int:
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
def test_fill_past_two_to_the_31():
    n = 2**31 + 4099
    if available_memory_bytes() < 4 * n + 2**31:
        pytest.skip("needs about 10 GB of free memory")
    out = np.empty(n, dtype=np.float32)
    winit_fast.uniform(out=out, seed=7)
    for start in (0, 2**31 - 2050, n - 1000):
        expected = winit_fast.uniform(1000, seed=7, offset=start)
        np.testing.assert_array_equal(out[start : start + 1000], expected)
    del out


PEAK_CHILD = textwrap.dedent(
    """
    import resource, sys
    import numpy as np
    import winit_fast

    out = np.empty(2**29, dtype=np.float32)  # 2 GiB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    winit_fast.normal(out=out, seed=1)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(before, after)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_peak_memory_of_2gib_fill():
    if available_memory_bytes() < 3 * 2**30:
        pytest.skip("needs about 3 GiB of free memory")
    result = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD],
        capture_output=True,
        check=True,
        text=True,
        timeout=300,
    )
    before_kib, after_kib = map(int, result.stdout.split())
    # The untouched buffer is not resident before the fill. After it, the
    # peak is the 2 GiB it wrote plus at most 64 MiB of anything else.
    assert after_kib - before_kib <= (2 * 2**30 + 64 * 2**20) // 1024
