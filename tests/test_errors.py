"""Invalid arguments: exception type, message and an untouched out array.

Every check runs before anything is written, so each case that can take an
out array also passes a pre-filled one and checks that it is unchanged.
"""

import math

import numpy as np
import pytest

import winit_fast

SENTINEL = 7.5
UINT64_LIMIT = 2**64

FILLS = {
    "uniform": winit_fast.uniform,
    "normal": winit_fast.normal,
    "truncated_normal": winit_fast.truncated_normal,
}
FILL_NAMES = list(FILLS)

UNSUPPORTED_DTYPES = {
    "int64": np.int64,
    "int32": np.int32,
    "float16": np.float16,
    "complex64": np.complex64,
    "complex128": np.complex128,
    "object": object,
    "bool": np.bool_,
    "structured": np.dtype([("x", np.float32), ("y", np.float32)]),
}

# Patterns for pytest.raises(match=...): each names the parameter.
SHAPE_PATTERN = r"(?i)shape|dimension"


def prefilled(shape=(3, 4), dtype=np.float32) -> np.ndarray:
    return np.full(shape, SENTINEL, dtype=dtype)


def assert_unchanged(out: np.ndarray) -> None:
    assert np.all(out == SENTINEL), "out was modified before the error was raised"


# ---------------------------------------------------------------------------
# out arrays.


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize(
    "bad_out",
    [[0.0, 0.0, 0.0], (0.0,), 3.0, memoryview(bytearray(12))],
    ids=["list", "tuple", "float", "memoryview"],
)
def test_out_not_ndarray(name, bad_out):
    with pytest.raises(TypeError, match="out"):
        FILLS[name](out=bad_out, seed=1)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_out_read_only(name):
    out = prefilled()
    out.flags.writeable = False
    with pytest.raises(ValueError, match="out"):
        FILLS[name](out=out, seed=1)
    assert_unchanged(out)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_out_read_only_view(name):
    base = prefilled((4, 6))
    view = base[:, ::2]
    view.flags.writeable = False
    with pytest.raises(ValueError, match="out"):
        FILLS[name](out=view, seed=1)
    assert_unchanged(base)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype_name", list(UNSUPPORTED_DTYPES))
def test_out_unsupported_dtype(name, dtype_name):
    out = prefilled(dtype=UNSUPPORTED_DTYPES[dtype_name])
    before = out.copy()
    with pytest.raises(TypeError) as error:
        FILLS[name](out=out, seed=1)
    assert "float32" in str(error.value)
    assert "float64" in str(error.value)
    assert np.array_equal(out, before)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize(
    ("out_dtype", "dtype"),
    [(np.float32, np.float64), (np.float64, np.float32), (np.float64, "float32")],
)
def test_out_dtype_conflict(name, out_dtype, dtype):
    out = prefilled(dtype=out_dtype)
    with pytest.raises(TypeError, match="dtype"):
        FILLS[name](out=out, dtype=dtype, seed=1)
    assert_unchanged(out)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("shape", [(4, 3), (12,), (3, 4, 1), 12, (3, 5)])
def test_out_shape_conflict(name, shape):
    out = prefilled((3, 4))
    with pytest.raises(ValueError, match="shape"):
        FILLS[name](shape, out=out, seed=1)
    assert_unchanged(out)


# ---------------------------------------------------------------------------
# dtype and shape without out.


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype_name", list(UNSUPPORTED_DTYPES))
def test_unsupported_dtype(name, dtype_name):
    with pytest.raises(TypeError) as error:
        FILLS[name](5, dtype=UNSUPPORTED_DTYPES[dtype_name], seed=1)
    assert "float32" in str(error.value)
    assert "float64" in str(error.value)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("shape", [-1, (-1,), (3, -2), (0, -1)])
def test_negative_dimension(name, shape):
    with pytest.raises(ValueError, match=SHAPE_PATTERN):
        FILLS[name](shape, seed=1)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("shape", [2.5, (2.5,), (3, 2.0), (3, 2.5)])
def test_float_dimension(name, shape):
    with pytest.raises(TypeError, match=SHAPE_PATTERN):
        FILLS[name](shape, seed=1)


# ---------------------------------------------------------------------------
# seed, stream, offset and threads, each with a pre-filled out.

COMMON_CASES = [
    pytest.param({"seed": -1}, ValueError, "seed", id="seed-negative"),
    pytest.param({"seed": UINT64_LIMIT}, ValueError, "seed", id="seed-2**64"),
    pytest.param({"seed": 2**70}, ValueError, "seed", id="seed-2**70"),
    pytest.param({"seed": True}, TypeError, "seed", id="seed-true"),
    pytest.param({"seed": False}, TypeError, "seed", id="seed-false"),
    pytest.param({"seed": 1.0}, TypeError, "seed", id="seed-float"),
    pytest.param({"seed": 2.5}, TypeError, "seed", id="seed-fraction"),
    pytest.param({"stream": -1}, ValueError, "stream", id="stream-negative"),
    pytest.param({"stream": UINT64_LIMIT}, ValueError, "stream", id="stream-2**64"),
    pytest.param({"offset": -1}, ValueError, "offset", id="offset-negative"),
    pytest.param({"threads": 0}, ValueError, "threads", id="threads-zero"),
    pytest.param({"threads": -2}, ValueError, "threads", id="threads-negative"),
]


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize(("kwargs", "error_type", "pattern"), COMMON_CASES)
def test_common_arguments(name, kwargs, error_type, pattern):
    out = prefilled()
    arguments = {"seed": 1, **kwargs}
    with pytest.raises(error_type, match=pattern):
        FILLS[name](out=out, **arguments)
    assert_unchanged(out)


RAW_CASES = [case for case in COMMON_CASES if "threads" not in case.values[0]]


@pytest.mark.parametrize(("kwargs", "error_type", "pattern"), RAW_CASES)
def test_random_raw_arguments(kwargs, error_type, pattern):
    arguments = {"seed": 1, **kwargs}
    with pytest.raises(error_type, match=pattern):
        winit_fast.random_raw(4, **arguments)


# ---------------------------------------------------------------------------
# Distribution parameters, each with a pre-filled out.

NOT_FINITE = [math.nan, math.inf, -math.inf]


def not_finite_cases(parameters):
    return [
        pytest.param({parameter: value}, parameter, id=f"{parameter}-{value}")
        for parameter in parameters
        for value in NOT_FINITE
    ]


@pytest.mark.parametrize(("kwargs", "parameter"), not_finite_cases(["low", "high"]))
def test_uniform_not_finite(kwargs, parameter):
    out = prefilled()
    with pytest.raises(ValueError, match=parameter):
        winit_fast.uniform(out=out, seed=1, **kwargs)
    assert_unchanged(out)


@pytest.mark.parametrize(("low", "high"), [(1.0, 0.0), (0.5, 0.25), (-1.0, -2.0)])
def test_uniform_low_above_high(low, high):
    out = prefilled()
    with pytest.raises(ValueError, match="low|high"):
        winit_fast.uniform(out=out, low=low, high=high, seed=1)
    assert_unchanged(out)


@pytest.mark.parametrize(("kwargs", "parameter"), not_finite_cases(["mean", "std"]))
def test_normal_not_finite(kwargs, parameter):
    out = prefilled()
    with pytest.raises(ValueError, match=parameter):
        winit_fast.normal(out=out, seed=1, **kwargs)
    assert_unchanged(out)


@pytest.mark.parametrize("name", ["normal", "truncated_normal"])
@pytest.mark.parametrize("std", [-1.0, -1e-300])
def test_negative_std(name, std):
    out = prefilled()
    with pytest.raises(ValueError, match="std"):
        FILLS[name](out=out, std=std, seed=1)
    assert_unchanged(out)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        *not_finite_cases(["mean", "std"]),
        *[
            pytest.param(
                {parameter: value}, rf"\b{parameter}\b", id=f"{parameter}-{value}"
            )
            for parameter in ["a", "b"]
            for value in NOT_FINITE
        ],
    ],
)
def test_truncated_not_finite(kwargs, parameter):
    out = prefilled()
    with pytest.raises(ValueError, match=parameter):
        winit_fast.truncated_normal(out=out, seed=1, **kwargs)
    assert_unchanged(out)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"a": 1.0, "b": 1.0}, id="equal"),
        pytest.param({"a": 2.0, "b": 1.0}, id="reversed"),
        pytest.param({"a": 3.0}, id="a-above-default-b"),
        pytest.param({"b": -3.0}, id="b-below-default-a"),
        pytest.param(
            {"mean": 5.0, "std": 0.5, "a": 6.5, "b": 6.5}, id="equal-absolute"
        ),
    ],
)
def test_truncated_a_not_below_b(kwargs):
    out = prefilled()
    with pytest.raises(ValueError, match=r"\b[ab]\b"):
        winit_fast.truncated_normal(out=out, seed=1, **kwargs)
    assert_unchanged(out)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"a": 2e150, "b": 3e150}, id="upper-tail"),
        pytest.param({"a": -3e150, "b": -2e150}, id="lower-tail"),
        pytest.param({"mean": 1.0, "std": 1e-200, "a": 2.0, "b": 3.0}, id="tiny-std"),
    ],
)
def test_truncated_interval_too_deep(kwargs):
    out = prefilled(dtype=np.float64)
    with pytest.raises(ValueError, match="standard deviations"):
        winit_fast.truncated_normal(out=out, seed=1, **kwargs)
    assert_unchanged(out)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        pytest.param({"low": 1e39}, "low", id="low"),
        pytest.param({"low": -1e39, "high": 0.0}, "low", id="negative-low"),
        pytest.param({"high": 4e38}, "high", id="high"),
    ],
)
def test_uniform_overflows_float32(kwargs, parameter):
    out = prefilled()
    with pytest.raises(ValueError, match=parameter):
        winit_fast.uniform(out=out, seed=1, **kwargs)
    assert_unchanged(out)


def test_uniform_width_overflows_float64():
    out = prefilled(dtype=np.float64)
    with pytest.raises(ValueError, match="high - low"):
        winit_fast.uniform(out=out, low=-1e308, high=1e308, seed=1)
    assert_unchanged(out)


def test_out_zero_stride():
    base = np.full(4, SENTINEL, dtype=np.float32)
    out = np.lib.stride_tricks.as_strided(base, shape=(3, 4), strides=(0, 4))
    with pytest.raises(ValueError, match="zero stride"):
        winit_fast.normal(out=out, seed=1)
    assert np.all(base == SENTINEL)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_out_non_native_byte_order(name):
    out = np.full((3, 4), SENTINEL, dtype=np.dtype(np.float32).newbyteorder())
    with pytest.raises(TypeError, match="float32"):
        FILLS[name](out=out, seed=1)
    assert np.all(out == SENTINEL)


def test_truncated_default_bound_overflows():
    out = prefilled(dtype=np.float64)
    with pytest.raises(ValueError, match="std"):
        winit_fast.truncated_normal(out=out, mean=1e308, std=1e308, seed=1)
    assert_unchanged(out)


def test_huge_int_parameter():
    out = prefilled()
    with pytest.raises(ValueError, match="low"):
        winit_fast.uniform(out=out, low=10**400, high=10**401, seed=1)
    assert_unchanged(out)


def test_shape_too_many_elements():
    with pytest.raises(ValueError, match="elements"):
        winit_fast.normal((2, 2**63), seed=1, index=np.s_[0, :4])


# ---------------------------------------------------------------------------
# A sweep of odd values through every keyword of every public function: each
# call either works or raises TypeError, ValueError or IndexError, and a
# pre-filled out is only changed by calls that work.

ODD_VALUES = [
    None,
    "x",
    1j,
    [1, 2],
    (),
    object(),
    math.nan,
    math.inf,
    -math.inf,
    -1,
    0,
    2**70,
    -(2**70),
    1e300,
    np.array([1.0, 2.0]),
    np.float32(0.5),
    True,
]

SWEPT_FUNCTIONS = {
    "uniform": ["low", "high", "seed", "stream", "offset", "threads", "index", "dtype"],
    "normal": ["mean", "std", "seed", "stream", "offset", "threads", "index"],
    "truncated_normal": ["mean", "std", "a", "b", "seed", "offset", "threads"],
    "he_normal": ["nonlinearity", "negative_slope", "mode", "fan_in", "in_axis"],
    "xavier_uniform": ["gain", "fan_out", "out_axis", "layout", "distribution"],
    "variance_scaling": ["scale", "mode", "distribution", "fan_in"],
    "constant": ["value", "seed", "threads"],
}


@pytest.mark.parametrize(
    ("name", "keyword"),
    [
        (name, keyword)
        for name, keywords in SWEPT_FUNCTIONS.items()
        for keyword in keywords
    ],
)
def test_odd_values_raise_cleanly(name, keyword):
    function = getattr(winit_fast, name)
    for value in ODD_VALUES:
        out = prefilled((4, 6))
        kwargs = {"out": out, "seed": 1, keyword: value}
        if name == "constant" and keyword != "value":
            kwargs["value"] = 0.25
        if keyword == "index":
            kwargs["shape"] = (4, 6)
            del kwargs["out"]
        try:
            function(**kwargs)
        except (TypeError, ValueError, IndexError):
            if "out" in kwargs:
                assert_unchanged(out)
