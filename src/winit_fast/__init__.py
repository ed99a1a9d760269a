"""Fast, reproducible neural-network weight initialization on the CPU.

Fills preallocated float32 and float64 buffers with uniform, normal and
truncated normal samples from a counter-based generator (Philox4x32-10).
Every value depends only on (seed, stream, element index), never on the
number of threads or on how the work is split.
"""

import os as _os

from . import _core
from ._api import normal, random_raw, truncated_normal, uniform
from ._config import show_config
from ._fans import calculate_gain, compute_fans
from ._generator import Generator
from ._initializers import (
    constant,
    glorot_normal,
    glorot_uniform,
    he,
    he_normal,
    he_uniform,
    kaiming_normal,
    kaiming_uniform,
    lecun_normal,
    lecun_uniform,
    ones,
    variance_scaling,
    xavier_normal,
    xavier_uniform,
    zeros,
)

__version__ = "0.1.0"

__all__ = [
    "Generator",
    "calculate_gain",
    "compute_fans",
    "constant",
    "glorot_normal",
    "glorot_uniform",
    "he",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "normal",
    "ones",
    "random_raw",
    "show_config",
    "truncated_normal",
    "uniform",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]


def _select_simd_from_environment() -> None:
    name = _os.environ.get("WINIT_FAST_SIMD", "").strip()
    if not name:
        return
    try:
        _core.simd_select(name)
    except ValueError as error:
        raise RuntimeError(
            f"WINIT_FAST_SIMD={name!r} cannot be used: {error}; unset it to "
            "use the best path this CPU supports"
        ) from None


_select_simd_from_environment()
