"""Ctrl-C during a long fill raises KeyboardInterrupt promptly.

Each case runs in a child process: the parent sends SIGINT while the child's
main thread is inside a fill that takes many seconds, and the child reports
how long the fill took to stop.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    import winit_fast

    buf = np.zeros(2**27, dtype=np.float32)  # about 1 s per pass or more
    fill = getattr(winit_fast, sys.argv[1])
    print("ready", flush=True)
    try:
        for _ in range(1000):
            fill(out=buf, seed=0, threads=int(sys.argv[2]))
    except KeyboardInterrupt:
        print("interrupted", time.perf_counter(), flush=True)
        sys.exit(0)
    print("finished", flush=True)
    """
)

# The core polls about every 20 ms; the limit leaves room for a loaded machine.
LATENCY_LIMIT_S = 0.2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX-only")
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("fill", ["truncated_normal", "normal"])
def test_sigint_stops_fill(fill, threads):
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, fill, str(threads)],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(0.5)  # let the child enter the fill
            sent = time.perf_counter()
            os.kill(child.pid, signal.SIGINT)
            line = child.stdout.readline().split()
            assert child.wait(timeout=30) == 0
        finally:
            if child.poll() is None:
                child.kill()
    assert line[0] == "interrupted"
    # perf_counter is CLOCK_MONOTONIC on Linux, shared by both processes.
    assert float(line[1]) - sent < LATENCY_LIMIT_S
