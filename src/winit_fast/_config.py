"""Build and run-time configuration report."""

from __future__ import annotations

import sys
from typing import TextIO

from . import _core

SIMD_PATHS = ("scalar", "avx2", "avx512")


def show_config(file: TextIO | None = None) -> None:
    """Print the version, SIMD paths, OpenMP state and default thread count.

    Examples
    --------
    >>> import winit_fast
    >>> winit_fast.show_config()  # doctest: +SKIP
    winit_fast 0.1.0
    SIMD path in use: avx512
    ...
    """
    from . import __version__

    out = sys.stdout if file is None else file
    available = [name for name in SIMD_PATHS if _core.simd_available(name)]
    print(f"winit_fast {__version__}", file=out)
    print(f"SIMD path in use: {_core.simd_active()}", file=out)
    print(f"SIMD paths available: {', '.join(available)}", file=out)
    print(f"OpenMP: {'on' if _core.openmp_enabled() else 'off'}", file=out)
    print(f"default threads: {_core.default_threads()}", file=out)
