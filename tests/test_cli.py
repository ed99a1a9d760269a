"""The winit-fast command line and the benchmark helpers behind it.

Timings are never asserted: these tests check what the commands print and
write, on sizes small enough to run in a second.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

import winit_fast
from winit_fast import _bench, _cli, _models

# Published parameter counts of the four GPT-2 sizes (the output head shares
# the token embedding).
GPT2_PARAMETERS = {
    "gpt2": 124_439_808,
    "gpt2-medium": 354_823_168,
    "gpt2-large": 774_030_080,
    "gpt2-xl": 1_557_611_200,
}


@pytest.mark.parametrize("model", list(GPT2_PARAMETERS))
def test_gpt2_parameter_count(model):
    specs = _models.gpt2_params(model)
    assert sum(spec.size for spec in specs) == GPT2_PARAMETERS[model]


def test_gpt2_initial_values():
    specs = {spec.name: spec for spec in _models.gpt2_params("gpt2")}
    assert specs["wte.weight"].shape == (50257, 768)
    assert specs["wpe.weight"].shape == (1024, 768)
    assert specs["h.0.attn.c_attn.weight"].std == 0.02
    assert specs["h.11.mlp.c_proj.weight"].std == pytest.approx(0.02 / 24**0.5)
    assert specs["h.3.attn.c_proj.weight"].std == pytest.approx(0.02 / 24**0.5)
    assert specs["h.0.ln_1.weight"].init == "ones"
    assert specs["ln_f.bias"].init == "zeros"
    assert specs["h.5.mlp.c_fc.bias"].init == "zeros"


def test_gpt2_unknown_model():
    with pytest.raises(ValueError, match="gpt2-medium"):
        _models.gpt2_params("gpt3")


def test_model_init_fills_arena():
    specs = _models.gpt2_params("gpt2")[:14]  # embeddings and the first layer
    total = sum(spec.size for spec in specs)
    arena = np.full(total, np.nan, dtype=np.float32)
    _bench._init_winit(arena, specs, threads=2)
    for spec, view in _bench._arena_views(arena, specs):
        if spec.init == "ones":
            assert np.all(view == 1.0), spec.name
        elif spec.init == "zeros":
            assert np.all(view == 0.0), spec.name
        else:
            expected = winit_fast.normal(
                spec.shape, std=spec.std, seed=0, stream=spec.name
            )
            np.testing.assert_array_equal(view, expected, err_msg=spec.name)


def test_run_fills_rows():
    results = _bench.run_fills(
        4096,
        repeat=1,
        threads=[1],
        dtypes=("float32",),
        small_size=256,
        with_torch=False,
        progress=False,
    )
    jobs = [(r.job, r.dtype, r.n, r.threads) for r in results]
    assert jobs == [
        ("uniform", "float32", 4096, 1),
        ("normal", "float32", 4096, 1),
        ("truncated_normal", "float32", 4096, 1),
        ("normal", "float32", 256, 1),
    ]
    for row in results:
        assert row.seconds > 0
        assert row.numpy_seconds > 0
        assert row.torch_seconds is None


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "winit_fast", *args],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )


def test_bench_command_table_and_json(tmp_path):
    path = tmp_path / "bench.json"
    result = run_cli(
        "bench",
        "--size",
        "4096",
        "--repeat",
        "1",
        "--threads",
        "1",
        "--no-torch",
        "--json",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[1].split()
    assert header[:4] == ["job", "dtype", "n", "threads"]
    assert "truncated_normal" in result.stdout
    # stderr is a pipe, not a terminal: no progress bar.
    assert "[#" not in result.stderr
    payload = json.loads(path.read_text())
    assert payload["machine"]["simd"] == winit_fast._core.simd_active()
    assert len(payload["fills"]) == 7
    assert {row["dtype"] for row in payload["fills"]} == {"float32", "float64"}


def test_bench_model_command(tmp_path):
    path = tmp_path / "model.json"
    result = run_cli(
        "bench",
        "--model",
        "gpt2",
        "--repeat",
        "1",
        "--threads",
        "2",
        "--no-torch",
        "--json",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    assert "124,439,808 parameters" in result.stdout
    payload = json.loads(path.read_text())
    assert set(payload["model"]["seconds"]) == {"winit_fast", "numpy"}


def test_bench_plot_checked_before_timing(tmp_path):
    # Without matplotlib the command stops at once; with it, the option is
    # accepted by the same check.
    import importlib.util

    result = run_cli(
        "bench",
        "--size",
        "4096",
        "--repeat",
        "1",
        "--threads",
        "1",
        "--no-torch",
        "--plot",
        str(tmp_path / "plot.png"),
    )
    if importlib.util.find_spec("matplotlib") is None:
        assert result.returncode == 2
        assert "--plot needs matplotlib" in result.stderr
        assert result.stdout == ""
    else:
        assert result.returncode == 0
        assert (tmp_path / "plot.png").stat().st_size > 0


def test_bench_plot_without_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    results = [_bench.BenchResult("normal", "float32", 4096, 1, 1e-3)]
    with pytest.raises(SystemExit, match="matplotlib"):
        _cli._plot(results, str(tmp_path / "plot.png"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bench", "--threads", "0"], "thread counts must be >= 1"),
        (["bench", "--threads", "two"], "invalid thread list"),
        (["bench", "--size", "-5"], "expected an int >= 1"),
        (["bench", "--model", "gpt5"], "invalid choice"),
        (["bench", "--model", "gpt2", "--threads", "1,2"], "one thread count"),
        (["bench", "--json", "/nonexistent/folder/x.json"], "does not exist"),
    ],
)
def test_bench_bad_arguments(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_config_command():
    result = run_cli("config")
    assert result.returncode == 0
    assert f"SIMD path in use: {winit_fast._core.simd_active()}" in result.stdout
    assert "OpenMP:" in result.stdout


def test_fill_table_mkl_column():
    plain = _bench.BenchResult("normal", "float64", 4096, 1, 1e-3, numpy_seconds=2e-3)
    with_mkl = _bench.BenchResult("normal", "float64", 4096, 1, 1e-3, mkl_seconds=5e-4)
    assert "vs mkl_random" not in _cli.format_fill_table([plain])
    table = _cli.format_fill_table([plain, with_mkl])
    assert table.splitlines()[0].endswith("vs mkl_random")
    assert table.splitlines()[3].split()[-1] == "0.50x"
