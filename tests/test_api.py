"""Public fill API: shapes, out arrays, dtypes, offsets, seeds and streams."""

import hashlib

import numpy as np
import pytest

import winit_fast

DTYPES = [np.float32, np.float64]
FILLS = {
    "uniform": winit_fast.uniform,
    "normal": winit_fast.normal,
    "truncated_normal": winit_fast.truncated_normal,
}
FILL_NAMES = list(FILLS)

SENTINEL = -123.25


def fill(name, shape=None, **kwargs):
    return FILLS[name](shape, **kwargs)


def assert_bits_equal(actual, expected):
    """Assert equal shape, dtype and bits (so -0.0 differs from 0.0)."""
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    unsigned = np.uint32 if actual.dtype == np.float32 else np.uint64
    actual_bits = np.ascontiguousarray(actual).view(unsigned)
    expected_bits = np.ascontiguousarray(expected).view(unsigned)
    np.testing.assert_array_equal(actual_bits, expected_bits)


# ---------------------------------------------------------------------------
# Shapes and new arrays.


@pytest.mark.parametrize("name", FILL_NAMES)
def test_int_shape(name):
    values = fill(name, 7, seed=1)
    assert values.shape == (7,)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 5), (1, 1, 1, 9)])
def test_tuple_shape(name, shape):
    values = fill(name, shape, seed=1)
    assert values.shape == shape


@pytest.mark.parametrize("name", FILL_NAMES)
def test_scalar_shape(name):
    values = fill(name, (), seed=4, offset=3)
    assert values.shape == ()
    assert_bits_equal(values.reshape(1), fill(name, 1, seed=4, offset=3))


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_new_array_c_contiguous(name, dtype):
    values = fill(name, (5, 6, 7), dtype=dtype, seed=1)
    assert isinstance(values, np.ndarray)
    assert values.flags.c_contiguous
    assert values.flags.writeable


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_shape_is_c_order_of_flat(name, dtype):
    # Element idx of a shaped fill is element flat_index(idx) of the stream.
    shaped = fill(name, (4, 5, 6), dtype=dtype, seed=2, offset=11)
    flat = fill(name, 120, dtype=dtype, seed=2, offset=11)
    assert_bits_equal(shaped.reshape(-1), flat)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("shape", [0, (0,), (3, 0), (0, 5, 2)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_element_shapes(name, shape, dtype):
    values = fill(name, shape, dtype=dtype, seed=1)
    expected_shape = (shape,) if isinstance(shape, int) else shape
    assert values.shape == expected_shape
    assert values.dtype == dtype
    assert values.size == 0


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize(
    "shape", [(0,), (0, 3), (4, 0), (2, 0, 3)], ids=["0", "0x3", "4x0", "2x0x3"]
)
def test_zero_element_out(name, shape):
    out = np.empty(shape, dtype=np.float64)
    result = fill(name, out=out, seed=1)
    assert result is out


# ---------------------------------------------------------------------------
# dtype rules.


@pytest.mark.parametrize("name", FILL_NAMES)
def test_default_dtype_float32(name):
    values = fill(name, 10, seed=1)
    assert values.dtype == np.float32


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize(
    "spelling",
    [
        np.float32,
        "float32",
        np.dtype(np.float32),
        np.float64,
        "float64",
        np.dtype(np.float64),
    ],
    ids=["type32", "str32", "dtype32", "type64", "str64", "dtype64"],
)
def test_dtype_spellings(name, spelling):
    values = fill(name, 10, dtype=spelling, seed=1)
    assert values.dtype == np.dtype(spelling)
    assert_bits_equal(values, fill(name, 10, dtype=np.dtype(spelling).type, seed=1))


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_out_dtype_used(name, dtype):
    out = np.full(10, SENTINEL, dtype=dtype)
    result = fill(name, out=out, seed=3)
    assert result.dtype == dtype
    assert_bits_equal(result, fill(name, 10, dtype=dtype, seed=3))


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_out_with_matching_dtype(name, dtype):
    out = np.empty(10, dtype=dtype)
    result = fill(name, out=out, dtype=dtype, seed=3)
    assert result is out


# ---------------------------------------------------------------------------
# out arrays.


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_out_identity(name, dtype):
    out = np.full((3, 4), SENTINEL, dtype=dtype)
    result = fill(name, out=out, seed=7)
    assert result is out
    assert not np.any(out == SENTINEL)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("shape", [(3, 4), 12])
def test_out_with_equal_shape(name, shape):
    out = np.empty(shape, dtype=np.float32)
    result = fill(name, shape, out=out, seed=7)
    assert result is out
    assert_bits_equal(out, fill(name, shape, seed=7))


# Non-contiguous out arrays: (shape of the base array, view of the base).
VIEWS = {
    "columns-step-2": ((6, 10), lambda base: base[:, ::2]),
    "transpose": ((5, 7), lambda base: base.T),
    "reversed": ((23,), lambda base: base[::-1]),
    "reversed-step-3": ((40,), lambda base: base[-2::-3]),
    "3d-steps": ((6, 5, 8), lambda base: base[::2, 1:, ::-3]),
    "3d-transpose": ((4, 5, 6), lambda base: base.transpose(2, 0, 1)),
    "3d-mixed": ((4, 9, 6), lambda base: base[1:, ::-2, 2:5].transpose(1, 2, 0)),
    "interior-block": ((8, 9), lambda base: base[1:-1, 2:6]),
    "length-one-axis": ((3, 1, 7), lambda base: base[:, :, ::2]),
}


@pytest.mark.parametrize("view_name", list(VIEWS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FILL_NAMES)
def test_non_contiguous_out(name, dtype, view_name):
    base_shape, make_view = VIEWS[view_name]
    base = np.full(base_shape, SENTINEL, dtype=dtype)
    view = make_view(base)
    assert not view.flags.c_contiguous
    inside = np.zeros(base_shape, dtype=bool)
    make_view(inside)[...] = True

    result = fill(name, out=view, seed=21, stream=4, offset=5)
    expected = fill(name, view.shape, dtype=dtype, seed=21, stream=4, offset=5)
    assert result is view
    assert_bits_equal(view, expected)
    assert np.all(base[~inside] == SENTINEL)


# ---------------------------------------------------------------------------
# Offsets.


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base_offset", [0, 1, 6])
def test_offset_split(name, dtype, base_offset):
    size = 203
    whole = fill(name, size, dtype=dtype, seed=13, stream=2, offset=base_offset)
    for split in [1, 2, 3, 4, 5, 8, 9, 100, 101, 202]:
        parts = np.full(size, SENTINEL, dtype=dtype)
        fill(name, out=parts[:split], seed=13, stream=2, offset=base_offset)
        fill(name, out=parts[split:], seed=13, stream=2, offset=base_offset + split)
        assert_bits_equal(parts, whole)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_offset_split_rows(name, dtype):
    # Rows 0-2 and 3-6 of a (7, 9) tensor, the second part at offset 3 * 9.
    whole = fill(name, (7, 9), dtype=dtype, seed=14)
    parts = np.full((7, 9), SENTINEL, dtype=dtype)
    fill(name, out=parts[:3], seed=14)
    fill(name, out=parts[3:], seed=14, offset=27)
    assert_bits_equal(parts, whole)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_offset_shifts_elements(name):
    whole = fill(name, 50, dtype=np.float64, seed=15)
    shifted = fill(name, 47, dtype=np.float64, seed=15, offset=3)
    assert_bits_equal(shifted, whole[3:])


@pytest.mark.parametrize("name", FILL_NAMES)
def test_large_offset(name):
    # Offsets count elements, and a start above 2^63 is valid.
    values = fill(name, 6, dtype=np.float64, seed=15, offset=2**63 + 1)
    assert values.shape == (6,)
    tail = fill(name, 5, dtype=np.float64, seed=15, offset=2**63 + 2)
    assert_bits_equal(tail, values[1:])


# ---------------------------------------------------------------------------
# Seeds, streams and keyword-only parameters.


@pytest.mark.parametrize("name", FILL_NAMES)
def test_same_seed_same_values(name):
    first = fill(name, 100, seed=99, stream=3)
    second = fill(name, 100, seed=99, stream=3)
    assert_bits_equal(first, second)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_seed_none_differs(name):
    first = fill(name, 100, seed=None)
    second = fill(name, 100, seed=None)
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_default_seed_differs(name):
    first = fill(name, 100)
    second = fill(name, 100)
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("seed", [0, 2**32 - 1, 2**64 - 1])
def test_seed_extremes(name, seed):
    values = fill(name, 10, seed=seed)
    assert np.all(np.isfinite(values))


@pytest.mark.parametrize("name", FILL_NAMES)
def test_streams_differ(name):
    first = fill(name, 100, seed=1, stream=0)
    second = fill(name, 100, seed=1, stream=1)
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("stream_name", ["", "conv1.weight", "\u6743\u91cd"])
def test_string_stream(name, stream_name):
    digest = hashlib.blake2b(stream_name.encode("utf-8"), digest_size=8).digest()
    stream = int.from_bytes(digest, "little")
    by_name = fill(name, 20, seed=6, stream=stream_name)
    by_number = fill(name, 20, seed=6, stream=stream)
    assert_bits_equal(by_name, by_number)


@pytest.mark.parametrize("name", FILL_NAMES)
def test_stream_extremes(name):
    values = fill(name, 10, seed=1, stream=2**64 - 1)
    assert np.all(np.isfinite(values))


@pytest.mark.parametrize("name", FILL_NAMES)
def test_parameters_keyword_only(name):
    with pytest.raises(TypeError):
        FILLS[name](3, 0.0)


@pytest.mark.parametrize("name", FILL_NAMES)
@pytest.mark.parametrize("threads", [None, 1, 2])
def test_threads_argument(name, threads):
    values = fill(name, 1000, seed=8, threads=threads)
    assert_bits_equal(values, fill(name, 1000, seed=8))


def test_zero_dim_array_arguments():
    expected = winit_fast.normal(5, mean=1.0, std=2.0, seed=3, stream=4)
    values = winit_fast.normal(
        np.array(5),
        mean=np.array(1.0),
        std=np.array(2.0),
        seed=np.array(3, dtype=np.uint64),
        stream=np.array(4),
    )
    np.testing.assert_array_equal(values, expected)


def test_truncated_interval_narrower_than_rounding():
    # alpha and beta round to the same value: every element lies in [a, b].
    values = winit_fast.truncated_normal(
        100, mean=1.0, std=1.0, a=1e-17, b=2e-17, dtype=np.float64, seed=1
    )
    assert values.min() >= 1e-17
    assert values.max() <= 2e-17


def test_truncated_std_below_mean_resolution():
    values = winit_fast.truncated_normal(
        10, mean=1.0, std=1e-30, dtype=np.float64, seed=1
    )
    np.testing.assert_array_equal(values, np.ones(10))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unaligned_out(dtype):
    size = np.dtype(dtype).itemsize
    raw = np.zeros(70_001 * size + 1, dtype=np.uint8)
    out = raw[1:].view(dtype)
    assert not out.flags.aligned
    winit_fast.normal(out=out, seed=2)
    np.testing.assert_array_equal(out, winit_fast.normal(70_001, dtype=dtype, seed=2))
