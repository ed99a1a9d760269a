"""Fills in child processes made with fork, spawn and forkserver.

The parent runs a multithreaded fill first: with GNU OpenMP, a forked child
that then starts its own parallel region would hang.
"""

import multiprocessing
import sys

import numpy as np
import pytest

import winit_fast

SIZE = 2**20  # above the size where fills use several threads


def child_fill(queue) -> None:
    values = winit_fast.normal(SIZE, seed=5, threads=2)
    constant = winit_fast.constant(SIZE, value=0.5, threads=2)
    queue.put((values.tobytes(), bool(np.all(constant == 0.5))))


@pytest.mark.parametrize(
    "method",
    [
        pytest.param(
            name,
            marks=pytest.mark.skipif(
                name not in multiprocessing.get_all_start_methods(),
                reason=f"{name} is not available on {sys.platform}",
            ),
        )
        for name in ("fork", "spawn", "forkserver")
    ],
)
def test_child_fill_after_parent_fill(method):
    expected = winit_fast.normal(SIZE, seed=5, threads=2)
    context = multiprocessing.get_context(method)
    queue = context.Queue()
    child = context.Process(target=child_fill, args=(queue,))
    child.start()
    try:
        result = queue.get(timeout=60)
        child.join(timeout=60)
    finally:
        if child.is_alive():
            child.kill()
            child.join()
    assert child.exitcode == 0
    assert result[0] == expected.tobytes()
    assert result[1]


def test_self_overlapping_view_same_for_any_threads():
    base = np.zeros(400_008, dtype=np.float32)
    view = np.lib.stride_tricks.as_strided(base, shape=(8, 400_000), strides=(4, 4))
    results = []
    for threads in (1, 2, 3):
        base[:] = 0
        winit_fast.normal(out=view, seed=3, threads=threads)
        results.append(base.copy())
    np.testing.assert_array_equal(results[1], results[0])
    np.testing.assert_array_equal(results[2], results[0])
