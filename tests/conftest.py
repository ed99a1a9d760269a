"""Test-suite settings shared by every group.

In CI (the environment variable CI is true) every optional dependency is
installed, so a skipped test means a broken set-up and fails the run.
"""

import importlib.util
import os

import pytest

import winit_fast

CI_DEPENDENCIES = ("torch", "scipy", "hypothesis")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_sessionstart(session):
    if not _in_ci():
        return
    missing = [
        name for name in CI_DEPENDENCIES if importlib.util.find_spec(name) is None
    ]
    if missing:
        pytest.exit(f"CI needs {', '.join(missing)} installed; none may be skipped", 1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"skipped in CI, where nothing may be skipped: {report.longrepr}"
        )
    return report


# Every SIMD path this build and CPU can run; the reference comparisons run
# once per path, since each must give the same bits.
SIMD_PATHS = [
    name
    for name in ("scalar", "avx2", "avx512")
    if winit_fast._core.simd_available(name)
]


@pytest.fixture(params=SIMD_PATHS)
def simd_path(request):
    """Run the test with fills on one SIMD path, then restore the previous one."""
    previous = winit_fast._core.simd_active()
    winit_fast._core.simd_select(request.param)
    yield request.param
    winit_fast._core.simd_select(previous)
