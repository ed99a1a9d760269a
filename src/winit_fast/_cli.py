"""The ``winit-fast`` command line: ``winit-fast bench`` and ``winit-fast config``.

Progress goes to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import Sequence

from . import _bench
from ._config import show_config
from ._models import GPT2_CONFIGS


def _format_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def format_fill_table(results: list[_bench.BenchResult]) -> str:
    """Return the fill results as an aligned text table.

    A "vs mkl_random" column appears when mkl_random was measured.
    """
    with_mkl = any(r.mkl_seconds is not None for r in results)
    header = ["job", "dtype", "n", "threads", "samples/s", "GB/s", "vs numpy"]
    header += ["vs torch", "of stores"] + (["vs mkl_random"] if with_mkl else [])
    rows = [header]
    for r in results:
        store_share = r.ratio(r.store_seconds)
        row = [
            r.job,
            r.dtype,
            str(r.n),
            str(r.threads),
            f"{r.samples_per_s / 1e9:.3f} G",
            f"{r.gb_per_s:.2f}",
            _format_ratio(r.ratio(r.numpy_seconds)),
            _format_ratio(r.ratio(r.torch_seconds)),
            "-" if store_share is None else f"{store_share:.0%}",
        ]
        if with_mkl:
            row.append(_format_ratio(r.ratio(r.mkl_seconds)))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.rjust(width) if i >= 2 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_model_table(result: _bench.ModelResult) -> str:
    """Return one model's initialization times as a text table."""
    threaded = [name for name in ("winit_fast", "torch") if name in result.seconds]
    title = (
        f"{result.model}: {result.parameters:,} parameters, float32, "
        f"{result.threads} thread(s) for {' and '.join(threaded)}"
    )
    lines = [
        title,
        f"{'library':<12}{'seconds':>10}{'params/s':>14}{'winit_fast speed-up':>22}",
    ]
    ours = result.seconds.get("winit_fast")
    for name, seconds in result.seconds.items():
        speedup = (
            "-" if name == "winit_fast" or ours is None else f"{seconds / ours:.1f}x"
        )
        lines.append(
            f"{name:<12}{seconds:>10.3f}{result.parameters / seconds / 1e9:>12.3f} G"
            f"{speedup:>22}"
        )
    return "\n".join(lines)


def _plot(results: list[_bench.BenchResult], path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SystemExit(
            "--plot needs matplotlib, which is not installed; install it with "
            "pip install 'winit-fast[plot]'"
        ) from None
    labels = [f"{r.job}\n{r.dtype}, {r.threads}t" for r in results if r.n > 1024]
    rows = [r for r in results if r.n > 1024]
    ours = [r.samples_per_s / 1e9 for r in rows]
    numpy_speed = [
        r.n / r.numpy_seconds / 1e9 if r.numpy_seconds else 0.0 for r in rows
    ]
    torch_speed = [
        r.n / r.torch_seconds / 1e9 if r.torch_seconds else 0.0 for r in rows
    ]
    positions = range(len(rows))
    fig, ax = plt.subplots(figsize=(max(8, len(rows) * 0.9), 4.5))
    ax.bar([p - 0.27 for p in positions], ours, width=0.27, label="winit_fast")
    ax.bar(list(positions), numpy_speed, width=0.27, label="numpy")
    ax.bar([p + 0.27 for p in positions], torch_speed, width=0.27, label="torch")
    ax.set_xticks(list(positions), labels, fontsize=7)
    ax.set_ylabel("G samples/s")
    ax.set_title(f"winit_fast fills, n = {rows[0].n if rows else 0}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _parse_threads(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid thread list {text!r}; expected comma-separated ints such as 1,2,4"
        ) from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"thread counts must be >= 1, got {text!r}")
    return counts


def _positive_int(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an int >= 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="winit-fast",
        description="Fast, reproducible neural-network weight initialization.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    bench = commands.add_parser(
        "bench",
        help="time fills against numpy and torch",
        description="Time winit_fast fills against numpy and torch (when "
        "installed) on this machine, or initialize a whole model.",
    )
    bench.add_argument(
        "--model",
        choices=sorted(GPT2_CONFIGS),
        help="initialize every parameter of this model instead",
    )
    bench.add_argument(
        "--size",
        type=_positive_int,
        default=2**24,
        help="elements per fill (default 2**24 = 16777216; not used with --model)",
    )
    bench.add_argument(
        "--repeat",
        type=_positive_int,
        default=5,
        help="timed runs per measurement; the median is reported "
        "(default 5; 3 with --model)",
    )
    bench.add_argument(
        "--threads",
        type=_parse_threads,
        help="thread counts, comma-separated (default: 1 and all "
        "threads; with --model, all threads)",
    )
    bench.add_argument(
        "--no-torch",
        action="store_true",
        help="leave torch out even when it is installed",
    )
    bench.add_argument(
        "--json",
        metavar="FILE",
        help="also write the results and machine details to FILE",
    )
    bench.add_argument(
        "--plot",
        metavar="FILE.png",
        help="also draw a bar chart to FILE.png (needs matplotlib)",
    )

    commands.add_parser("config", help="print the version, SIMD path and threads")
    return parser


def _check_outputs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Reject --json and --plot targets that cannot be written, before timing."""
    for option, path in (("--json", args.json), ("--plot", args.plot)):
        if path is None:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            parser.error(f"{option} {path}: folder {folder} does not exist")
        if not os.access(folder, os.W_OK):
            parser.error(f"{option} {path}: folder {folder} is not writable")
    if args.plot is not None and importlib.util.find_spec("matplotlib") is None:
        parser.error(
            "--plot needs matplotlib, which is not installed; install it with "
            "pip install 'winit-fast[plot]'"
        )
    if args.model and args.threads and len(args.threads) > 1:
        parser.error(
            "--model takes one thread count, got " + ",".join(map(str, args.threads))
        )
    if args.model and args.plot:
        parser.error("--plot draws the fill table; it does not apply with --model")


def _bench_command(args: argparse.Namespace) -> int:
    info = _bench.machine_info(with_torch=not args.no_torch)
    if args.model:
        threads = args.threads[0] if args.threads else None
        repeat = args.repeat if args.repeat != 5 else 3
        result = _bench.run_model(
            args.model, threads=threads, repeat=repeat, with_torch=not args.no_torch
        )
        print(format_model_table(result))
        payload = {"machine": info, "model": result.as_dict()}
    else:
        results = _bench.run_fills(
            args.size, args.repeat, threads=args.threads, with_torch=not args.no_torch
        )
        print(
            f"winit_fast {info['winit_fast']} on {info['cpu']}, "
            f"{info['cpu_count']} CPUs, SIMD {info['simd']}"
        )
        print(format_fill_table(results))
        print(
            "vs numpy/torch: their time over ours (higher is faster). "
            "of stores: our speed as a share of a plain-store fill of the "
            "same buffer on as many threads."
        )
        payload = {"machine": info, "fills": [r.as_dict() for r in results]}
        if args.plot:
            _plot(results, args.plot)
            print(f"plot written to {args.plot}", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
        print(f"results written to {args.json}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "bench":
        _check_outputs(parser, args)
        return _bench_command(args)
    show_config()
    return 0
