"""Conversion of raw words to uniform floats, exact and scaled."""

from fractions import Fraction

import numpy as np
import pytest
import reference

import winit_fast

# Each test runs once per SIMD path (see conftest.py).
pytestmark = pytest.mark.usefixtures("simd_path")

DTYPES = [np.float32, np.float64]

# Element offsets that start mid-block, plus offsets across the block counter
# carry (block 2^32 - 1 to 2^32). A float32 element uses one word and a float64
# element two, so the carry sits at element 4 * 2^32 or 2 * 2^32. The last
# offset ends at the last element of the stream.
OFFSETS = {
    np.float32: [0, 1, 2, 3, 5, 4 * 2**32 - 5, 4 * 2**32, 2**60 + 1, 2**64 - 37],
    np.float64: [0, 1, 2, 3, 5, 2 * 2**32 - 3, 2 * 2**32, 2**60 + 1, 2**64 - 37],
}


def offset_cases():
    return [
        pytest.param(dtype, offset, id=f"{np.dtype(dtype).name}-{offset}")
        for dtype in DTYPES
        for offset in OFFSETS[dtype]
    ]


def exact_scaled(low, high, unit_values) -> list[Fraction]:
    """Return low + (high - low) * f in exact rational arithmetic."""
    low_exact = Fraction(float(low))
    width = Fraction(float(high)) - low_exact
    return [low_exact + width * Fraction(float(value)) for value in unit_values]


def ulp_tolerance(values: np.ndarray, exact: list[Fraction]) -> np.ndarray:
    """Return one ulp at each result, or at the rounded exact value if larger.

    Taking the larger of the two keeps the tolerance at one ulp of the exact
    value when the result sits just below a power of two.
    """
    rounded_exact = np.array([float(value) for value in exact]).astype(values.dtype)
    return np.maximum(np.spacing(np.abs(values)), np.spacing(np.abs(rounded_exact)))


def assert_within_one_ulp(values: np.ndarray, exact: list[Fraction]) -> None:
    tolerance = ulp_tolerance(values, exact)
    errors = [
        abs(Fraction(float(value)) - target) for value, target in zip(values, exact)
    ]
    bad = [
        index
        for index, (error, limit) in enumerate(zip(errors, tolerance))
        if error > Fraction(float(limit))
    ]
    assert not bad, (
        f"{len(bad)} elements more than 1 ulp from the exact value, first at index "
        f"{bad[0]}: got {values[bad[0]]!r}, exact {float(exact[bad[0]])!r}"
    )


@pytest.mark.parametrize(("dtype", "offset"), offset_cases())
def test_uniform01_bit_exact(dtype, offset):
    values = winit_fast.uniform(37, dtype=dtype, seed=77, stream=5, offset=offset)
    expected = reference.uniform01(77, 5, offset, 37, dtype)
    assert values.dtype == dtype
    np.testing.assert_array_equal(values, expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform01_large_bit_exact(dtype):
    values = winit_fast.uniform(
        100_001, dtype=dtype, seed=2**64 - 1, stream=2**63, offset=3
    )
    expected = reference.uniform01(2**64 - 1, 2**63, 3, 100_001, dtype)
    np.testing.assert_array_equal(values, expected)


@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform01_explicit_bounds_same(dtype):
    default = winit_fast.uniform(1000, dtype=dtype, seed=4, offset=1)
    explicit = winit_fast.uniform(
        1000, low=0.0, high=1.0, dtype=dtype, seed=4, offset=1
    )
    np.testing.assert_array_equal(explicit, default)


def test_uniform01_float32_word_layout():
    # Element i of float32 is word i with its low 8 bits dropped.
    words = winit_fast.random_raw(64, seed=3, stream=1, offset=10)
    values = winit_fast.uniform(64, dtype=np.float32, seed=3, stream=1, offset=10)
    mantissas = (values.astype(np.float64) * 2.0**24).astype(np.uint64)
    np.testing.assert_array_equal(mantissas, words.astype(np.uint64) >> np.uint64(8))


def test_uniform01_float64_word_layout():
    # Element i of float64 is words 2i (low half) and 2i + 1 (high half).
    words = winit_fast.random_raw(128, seed=3, stream=1, offset=20)
    values = winit_fast.uniform(64, dtype=np.float64, seed=3, stream=1, offset=10)
    combined = reference.combine_words(words[0::2], words[1::2])
    mantissas = (values * 2.0**53).astype(np.uint64)
    np.testing.assert_array_equal(mantissas, combined >> np.uint64(11))


@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform01_range(dtype):
    values = winit_fast.uniform(200_000, dtype=dtype, seed=11)
    assert values.min() >= 0
    assert values.max() < 1


# Ranges whose width high - low is exact in float32 and float64.
EXACT_WIDTH_RANGES = [
    pytest.param(0.5, 3.25, id="positive"),
    pytest.param(-7.0, -2.0, id="negative"),
    pytest.param(0.0, 4.0, id="power-of-two"),
    pytest.param(-1.0, 1.0, id="symmetric"),
    pytest.param(-3.5, 2.25, id="crossing-zero"),
]

# Ranges whose width rounds in the output dtype. The contract measures the
# error against low + (high - low) * f in exact arithmetic, so that rounding
# counts against the 1 ulp.
ROUNDED_WIDTH_RANGES = [
    pytest.param(1e-3, 1e6, id="wide"),
    pytest.param(0.1, 0.7, id="positive"),
    pytest.param(-3.7, 2.1, id="crossing-zero"),
    pytest.param(-0.1, 1e-7, id="crossing-zero-near-high"),
]

SCALED_RANGES = EXACT_WIDTH_RANGES + ROUNDED_WIDTH_RANGES


def check_scaled_uniform(dtype, low, high):
    values = winit_fast.uniform(
        3000, low=low, high=high, dtype=dtype, seed=21, offset=5
    )
    unit = reference.uniform01(21, 0, 5, 3000, dtype)
    low_cast = dtype(low)
    high_cast = dtype(high)
    exact = exact_scaled(low_cast, high_cast, unit)
    assert values.dtype == dtype
    assert_within_one_ulp(values, exact)
    assert values.min() >= low_cast
    assert values.max() < high_cast


@pytest.mark.parametrize(("low", "high"), EXACT_WIDTH_RANGES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_scaled_uniform_exact_width(dtype, low, high):
    check_scaled_uniform(dtype, low, high)


@pytest.mark.parametrize(("low", "high"), ROUNDED_WIDTH_RANGES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_scaled_uniform_rounded_width(dtype, low, high):
    check_scaled_uniform(dtype, low, high)


@pytest.mark.parametrize(("low", "high"), SCALED_RANGES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_scaled_uniform_below_high(dtype, low, high):
    values = winit_fast.uniform(300_000, low=low, high=high, dtype=dtype, seed=22)
    assert values.max() < dtype(high)
    assert values.min() >= dtype(low)


@pytest.mark.parametrize(
    ("dtype", "low", "high"),
    [
        # One ulp wide: half the exact values round to high and must become low.
        pytest.param(np.float32, 2.0**26, 2.0**26 + 8, id="float32-one-ulp"),
        pytest.param(np.float64, 2.0**55, 2.0**55 + 8, id="float64-one-ulp"),
        # Two ulps wide, so the largest value below high is low + 1 ulp.
        pytest.param(np.float32, 1.0, 1.0 + 2.0**-22, id="float32-two-ulps"),
        pytest.param(np.float64, 1.0, 1.0 + 2.0**-51, id="float64-two-ulps"),
    ],
)
def test_scaled_uniform_rounding_to_high(dtype, low, high):
    values = winit_fast.uniform(10_000, low=low, high=high, dtype=dtype, seed=23)
    below_high = np.nextafter(dtype(high), dtype(low))
    unit = reference.uniform01(23, 0, 0, 10_000, dtype)
    exact = exact_scaled(dtype(low), dtype(high), unit)
    assert values.max() == below_high
    assert values.min() == dtype(low)
    assert_within_one_ulp(values, exact)


@pytest.mark.parametrize("value", [0.0, -2.5, 3.3, 1e30])
@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform_low_equals_high(dtype, value):
    values = winit_fast.uniform((4, 5), low=value, high=value, dtype=dtype, seed=1)
    np.testing.assert_array_equal(values, np.full((4, 5), value, dtype=dtype))


def cancelling_high(low: float, f: float) -> float:
    """Return a high for which low + (high - low) * f nearly cancels to zero."""
    return low - low / f


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("element", [3, 43, 97])
def test_scaled_uniform_cancellation(dtype, element):
    # Choose high so that element `element` lands near zero, far below ulp(low):
    # the rounding of high - low and of the product must not leak into it.
    unit = reference.uniform01(0, 0, 0, 128, dtype)
    low = -1.0
    high = cancelling_high(low, float(unit[element]))
    values = winit_fast.uniform(128, low=low, high=high, dtype=dtype, seed=0)
    exact = exact_scaled(dtype(low), dtype(high), unit)
    assert abs(values[element]) < 2.0**-20
    assert_within_one_ulp(values, exact)


def test_scaled_uniform_cancellation_known_case():
    low, high = -1.0, 0.09647305666869344
    values = winit_fast.uniform(64, low=low, high=high, dtype=np.float64, seed=0)
    unit = reference.uniform01(0, 0, 0, 64, np.float64)
    assert_within_one_ulp(values, exact_scaled(low, high, unit))
