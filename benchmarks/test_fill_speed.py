"""Fill speed of winit_fast against numpy and torch, per distribution and dtype.

Group names pair each winit_fast case with its baselines, so
``--benchmark-group-by=group`` prints them side by side.
"""

import threading

import numpy as np
import pytest
from conftest import SIZES, THREAD_COUNTS

import winit_fast

DTYPES = ["float32", "float64"]
FILLS = {
    "uniform": winit_fast.uniform,
    "normal": winit_fast.normal,
    "truncated_normal": winit_fast.truncated_normal,
}


@pytest.mark.parametrize("threads", THREAD_COUNTS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("job", list(FILLS))
def test_winit_fast(benchmark, buffers, job, dtype, size, threads):
    buf = buffers(size, dtype)
    fill = FILLS[job]
    benchmark.group = f"{job}-{dtype}-{size}"
    benchmark.extra_info.update(threads=threads, samples=size)
    benchmark(fill, out=buf, seed=0, threads=threads)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("job", ["uniform", "normal"])
def test_numpy(benchmark, buffers, job, dtype, size):
    buf = buffers(size, dtype)
    rng = np.random.Generator(np.random.PCG64(0))
    draw = rng.random if job == "uniform" else rng.standard_normal
    benchmark.group = f"{job}-{dtype}-{size}"
    benchmark.extra_info.update(threads=1, samples=size)
    benchmark(draw, out=buf, dtype=buf.dtype)


@pytest.mark.parametrize("threads", THREAD_COUNTS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("job", list(FILLS))
def test_torch(benchmark, buffers, job, dtype, size, threads):
    torch = pytest.importorskip("torch")
    tensor = torch.from_numpy(buffers(size, dtype))
    if job == "uniform":
        run = tensor.uniform_
    elif job == "normal":
        run = tensor.normal_
    else:

        def run():
            torch.nn.init.trunc_normal_(tensor, std=1.0, a=-2.0, b=2.0)

    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        benchmark.group = f"{job}-{dtype}-{size}"
        benchmark.extra_info.update(threads=threads, samples=size)
        benchmark(run)
    finally:
        torch.set_num_threads(previous)


@pytest.mark.parametrize("threads", THREAD_COUNTS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_store_bandwidth(benchmark, buffers, dtype, size, threads):
    """A plain-store constant fill: the memory-speed ceiling for a fill."""
    buf = buffers(size, dtype)
    benchmark.group = f"stores-{dtype}-{size}"
    benchmark.extra_info.update(threads=threads, samples=size)
    benchmark(winit_fast._core.fill_constant, buf, 1.0, threads)


@pytest.mark.parametrize("where", ["main-thread", "worker-thread"])
def test_interrupt_polling_cost(benchmark, buffers, where):
    """Fills in the main thread poll for Ctrl-C; fills elsewhere do not.

    Equal times in the two cases show that polling keeps fills at full speed.
    """
    buf = buffers(2**24, "float32")

    def fill():
        winit_fast.normal(out=buf, seed=0)

    def fill_in_worker():
        worker = threading.Thread(target=fill)
        worker.start()
        worker.join()

    benchmark.group = "interrupt-polling"
    benchmark(fill if where == "main-thread" else fill_in_worker)
