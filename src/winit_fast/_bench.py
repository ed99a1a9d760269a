"""Benchmarks behind ``winit-fast bench``: fills against numpy and torch.

Speeds are medians of repeated runs, and every ratio compares two
numbers measured in the same run, because absolute times drift on
shared machines.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from . import _core
from ._api import normal, truncated_normal, uniform
from ._models import gpt2_params

__all__ = ["BenchResult", "ModelResult", "machine_info", "run_fills", "run_model"]

DISTRIBUTIONS = ("uniform", "normal", "truncated_normal")
_FILLS: dict[str, Callable[..., np.ndarray]] = {
    "uniform": uniform,
    "normal": normal,
    "truncated_normal": truncated_normal,
}


@dataclass
class BenchResult:
    """One row of the fill table."""

    job: str
    dtype: str
    n: int
    threads: int
    seconds: float  # median time of one fill
    numpy_seconds: float | None = None
    torch_seconds: float | None = None
    mkl_seconds: float | None = None  # mkl_random, normal float64 only
    store_seconds: float | None = None  # plain-store constant fill, same size

    @property
    def samples_per_s(self) -> float:
        return self.n / self.seconds

    @property
    def gb_per_s(self) -> float:
        return self.n * np.dtype(self.dtype).itemsize / self.seconds / 1e9

    def ratio(self, other: float | None) -> float | None:
        return None if other is None else other / self.seconds

    def as_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row.update(
            samples_per_s=self.samples_per_s,
            gb_per_s=self.gb_per_s,
            vs_numpy=self.ratio(self.numpy_seconds),
            vs_torch=self.ratio(self.torch_seconds),
            vs_mkl_random=self.ratio(self.mkl_seconds),
            store_share=self.ratio(self.store_seconds),
        )
        return row


@dataclass
class ModelResult:
    """Initializing every parameter of one model, by each library."""

    model: str
    parameters: int
    threads: int
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "parameters": self.parameters,
            "threads": self.threads,
            "seconds": self.seconds,
            "parameters_per_s": {
                k: self.parameters / v for k, v in self.seconds.items()
            },
        }


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of ``run`` over ``repeat`` calls, after one warm-up."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_call_seconds(run: Callable[[], object], calls: int, repeat: int) -> float:
    """Median over ``repeat`` batches of the mean time of ``calls`` calls."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def _import_torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def _import_mkl_random():
    try:
        import mkl_random
    except ImportError:
        return None
    return mkl_random


def _mkl_normal(mkl_random, n: int) -> Callable[[], object]:
    # MKL's inverse-CDF Gaussian, its fastest method; it has no out=, so each
    # call allocates its result.
    state = mkl_random.RandomState(0)
    return lambda: state.standard_normal(size=n, method="ICDF")


def _numpy_fill(job: str, buf: np.ndarray) -> Callable[[], object]:
    rng = np.random.Generator(np.random.PCG64(0))
    if job == "uniform":
        return lambda: rng.random(out=buf, dtype=buf.dtype)
    if job == "normal":
        return lambda: rng.standard_normal(out=buf, dtype=buf.dtype)

    def redraw_outside() -> None:
        # What numpy users write for a normal truncated at 2 std: redraw
        # every value outside the bounds until none is left.
        rng.standard_normal(out=buf, dtype=buf.dtype)
        outside = np.flatnonzero(np.abs(buf) > 2.0)
        while outside.size:
            buf[outside] = rng.standard_normal(outside.size, dtype=buf.dtype)
            outside = outside[np.abs(buf[outside]) > 2.0]

    return redraw_outside


def _torch_fill(torch, job: str, buf: np.ndarray) -> Callable[[], object]:
    tensor = torch.from_numpy(buf)
    if job == "uniform":
        return tensor.uniform_
    if job == "normal":
        return tensor.normal_
    return lambda: torch.nn.init.trunc_normal_(tensor, std=1.0, a=-2.0, b=2.0)


class _Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} {label:<40.40}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()


def _thread_counts(threads: list[int] | None) -> list[int]:
    if threads:
        return threads
    available = _core.default_threads()
    return [1] if available == 1 else [1, available]


def run_fills(
    size: int,
    repeat: int,
    threads: list[int] | None = None,
    dtypes: tuple[str, ...] = ("float32", "float64"),
    jobs: tuple[str, ...] = DISTRIBUTIONS,
    small_size: int = 1024,
    with_torch: bool = True,
    progress: bool | None = None,
) -> list[BenchResult]:
    """Time every fill job, dtype and thread count, with its baselines.

    ``small_size`` adds one row of per-call times for normal float32 at
    that size (0 leaves it out), the case where call overhead dominates.
    """
    torch = _import_torch() if with_torch else None
    counts = _thread_counts(threads)
    plan = [(job, dtype, t) for t in counts for dtype in dtypes for job in jobs]
    bar = _Progress(len(plan) + (1 if small_size else 0), progress)
    results = []
    try:
        for job, dtype, t in plan:
            results.append(_bench_one(torch, job, dtype, size, t, repeat))
            bar.step(f"{job} {dtype} {t} thread(s)")
        if small_size:
            results.append(_bench_small(torch, small_size, repeat))
            bar.step(f"normal float32 n={small_size}")
    finally:
        bar.close()
    return results


def _bench_one(
    torch, job: str, dtype: str, n: int, threads: int, repeat: int
) -> BenchResult:
    buf = np.empty(n, dtype=dtype)
    fill = _FILLS[job]
    ours = median_seconds(lambda: fill(out=buf, seed=0, threads=threads), repeat)
    store = median_seconds(lambda: _core.fill_constant(buf, 1.0, threads), repeat)
    result = BenchResult(job, dtype, n, threads, ours, store_seconds=store)
    if threads == 1:
        # numpy's generators run on one thread.
        result.numpy_seconds = median_seconds(_numpy_fill(job, buf), repeat)
        mkl_random = _import_mkl_random()
        if mkl_random is not None and job == "normal" and dtype == "float64":
            result.mkl_seconds = median_seconds(_mkl_normal(mkl_random, n), repeat)
    if torch is not None:
        previous = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            result.torch_seconds = median_seconds(_torch_fill(torch, job, buf), repeat)
        finally:
            torch.set_num_threads(previous)
    return result


def _bench_small(torch, n: int, repeat: int) -> BenchResult:
    buf = np.empty(n, dtype=np.float32)
    calls = 2000
    ours = per_call_seconds(lambda: normal(out=buf, seed=0, threads=1), calls, repeat)
    result = BenchResult("normal", "float32", n, 1, ours)
    result.numpy_seconds = per_call_seconds(_numpy_fill("normal", buf), calls, repeat)
    if torch is not None:
        result.torch_seconds = per_call_seconds(
            _torch_fill(torch, "normal", buf), calls, repeat
        )
    return result


def _arena_views(arena: np.ndarray, specs) -> Iterator[tuple[Any, np.ndarray]]:
    start = 0
    for spec in specs:
        yield spec, arena[start : start + spec.size].reshape(spec.shape)
        start += spec.size


def _init_winit(arena: np.ndarray, specs, threads: int) -> None:
    for spec, view in _arena_views(arena, specs):
        if spec.init == "normal":
            normal(out=view, std=spec.std, seed=0, stream=spec.name, threads=threads)
        else:
            _core.fill_constant(view, 1.0 if spec.init == "ones" else 0.0, threads)


def _init_numpy(arena: np.ndarray, specs) -> None:
    rng = np.random.Generator(np.random.PCG64(0))
    for spec, view in _arena_views(arena, specs):
        if spec.init == "normal":
            rng.standard_normal(out=view, dtype=np.float32)
            view *= np.float32(spec.std)
        else:
            view.fill(1.0 if spec.init == "ones" else 0.0)


def _init_torch(torch, arena: np.ndarray, specs) -> None:
    for spec, view in _arena_views(arena, specs):
        tensor = torch.from_numpy(view)
        if spec.init == "normal":
            tensor.normal_(0.0, spec.std)
        elif spec.init == "ones":
            tensor.fill_(1.0)
        else:
            tensor.zero_()


def run_model(
    model: str,
    threads: int | None = None,
    repeat: int = 3,
    with_numpy: bool = True,
    with_torch: bool = True,
    progress: bool | None = None,
) -> ModelResult:
    """Initialize every parameter of ``model`` into one float32 arena.

    Each library fills the same preallocated arena tensor by tensor;
    the arena is written once before timing so page faults are not
    counted.
    """
    specs = gpt2_params(model)
    total = sum(spec.size for spec in specs)
    count = threads if threads is not None else _core.default_threads()
    arena = np.empty(total, dtype=np.float32)
    _core.fill_constant(arena, 0.0, count)
    torch = _import_torch() if with_torch else None

    runs: list[tuple[str, Callable[[], object]]] = [
        ("winit_fast", lambda: _init_winit(arena, specs, count)),
    ]
    if with_numpy:
        runs.append(("numpy", lambda: _init_numpy(arena, specs)))
    if torch is not None:
        runs.append(("torch", lambda: _init_torch(torch, arena, specs)))

    result = ModelResult(model, total, count)
    bar = _Progress(len(runs), progress)
    try:
        for name, run in runs:
            if name == "torch":
                previous = torch.get_num_threads()
                torch.set_num_threads(count)
                try:
                    result.seconds[name] = median_seconds(run, repeat)
                finally:
                    torch.set_num_threads(previous)
            else:
                result.seconds[name] = median_seconds(run, repeat)
            bar.step(f"{model}: {name}")
    finally:
        bar.close()
    return result


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info(with_torch: bool = True) -> dict[str, Any]:
    """Describe the machine and the build, for benchmark records."""
    from . import __version__

    torch = _import_torch() if with_torch else None
    return {
        "winit_fast": __version__,
        "simd": _core.simd_active(),
        "openmp": _core.openmp_enabled(),
        "default_threads": _core.default_threads(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": None if torch is None else torch.__version__,
        "mkl_random": _version_of(_import_mkl_random()),
    }


def _version_of(module) -> str | None:
    return None if module is None else getattr(module, "__version__", "unknown")
