"""Normal and truncated normal elements against the high-precision reference."""

import mpmath
import numpy as np
import pytest
import reference
from scipy.stats import truncnorm

import winit_fast

# Each test runs once per SIMD path (see conftest.py).
pytestmark = pytest.mark.usefixtures("simd_path")

DTYPES = [np.float32, np.float64]

# Accuracy contract of stream v1, as a multiple of max(1, |z|).
NORMAL_BOUND = {np.float32: 2.0**-20, np.float64: 2.0**-48}
TRUNCATED_BOUND = {np.float32: 2.0**-20, np.float64: 2.0**-44}

# Error claimed by the reference module, as a multiple of max(1, |z|). It must
# stay at least 16 times below every bound tested here.
REFERENCE_ERROR = 2.0**-60

SEED = 0x5EED_0F_D157
STREAM = 17

# Words scanned to find elements in ill-conditioned regions.
SCAN_SEED = 2**63 + 12345
SCAN_STREAM = 99
SCAN_WORDS = 2**22
PICKS_PER_REGION = 6

# A normal pair of two elements uses 2 words (float32) or 4 words (float64),
# and a block has 4 words. So the block counter carry (block 2^32) sits at
# element 4 * 2^32 or 2 * 2^32. Odd offsets start in the middle of a pair.
NORMAL_OFFSETS = {
    np.float32: [0, 1, 2, 3, 5, 7, 4 * 2**32 - 5, 4 * 2**32 + 1, 2**61 + 3],
    np.float64: [0, 1, 2, 3, 5, 7, 2 * 2**32 - 5, 2 * 2**32 + 1, 2**61 + 3],
}

# A truncated normal element uses 1 word (float32) or 2 words (float64).
TRUNCATED_OFFSETS = {
    np.float32: [0, 3, 4 * 2**32 - 7],
    np.float64: [0, 3, 2 * 2**32 - 7],
}

STANDARD_BOUNDS = [
    (-2.0, 2.0),
    (0.5, 3.0),
    (6.0, 7.0),
    (-12.0, -11.0),
    (-1.0, 30.0),
    # Near the supported tail depth: Phi(-38) is subnormal in float64.
    (37.0, 37.5),
    (-38.0, -37.5),
]

# (mean, std) pairs with a power-of-two std, so that a = mean + std * alpha,
# b = mean + std * beta and alpha = (a - mean) / std are all exact.
ABSOLUTE_PARAMETERS = [(1.5, 0.25), (-40.0, 8.0)]


def bounds_id(bounds) -> str:
    return f"[{bounds[0]:g},{bounds[1]:g}]"


def dtype_cases(offsets):
    return [
        pytest.param(dtype, offset, id=f"{np.dtype(dtype).name}-{offset}")
        for dtype in DTYPES
        for offset in offsets[dtype]
    ]


def assert_within_bound(values, exact, bound, scale=1.0, shift=0.0, offsets=None):
    """Assert |values - (shift + scale * exact)| <= scale * bound * max(1, |exact|).

    With a scale or shift (absolute units), the limit also allows one ulp in
    the output dtype for each of the two roundings, of scale * z and of
    shift + scale * z.
    """
    expected = np.longdouble(shift) + np.longdouble(scale) * exact
    error = np.abs(values.astype(np.longdouble) - expected)
    limit = np.longdouble(scale) * np.longdouble(bound) * np.maximum(1, np.abs(exact))
    if scale != 1.0 or shift != 0.0:
        product = np.abs(np.longdouble(scale) * exact).astype(values.dtype)
        limit = limit + np.spacing(product).astype(np.longdouble)
        limit = limit + np.spacing(np.abs(values)).astype(np.longdouble)
    bad = np.flatnonzero(error > limit)
    if bad.size:
        index = bad[0]
        where = f" (element {offsets[index]})" if offsets is not None else ""
        ratio = float(error[index] / limit[index])
        raise AssertionError(
            f"{bad.size} elements outside the bound, first at index {index}{where}: "
            f"got {values[index]!r}, exact {float(expected[index])!r}, "
            f"error {ratio:.3g} times the bound"
        )


# ---------------------------------------------------------------------------
# Reference self-checks: these do not call winit_fast.


def box_muller_mpmath(k1: int, k2: int, bits: int) -> tuple:
    with mpmath.workprec(200):
        scale = mpmath.ldexp(1, -bits)
        u1 = (mpmath.mpf(k1) + mpmath.mpf(0.5)) * scale
        t = (mpmath.mpf(k2) + mpmath.mpf(0.5)) * scale
        radius = mpmath.sqrt(-2 * mpmath.log(u1))
        angle = 2 * mpmath.pi * t
        return radius * mpmath.cos(angle), radius * mpmath.sin(angle)


def longdouble_to_mpf(value) -> mpmath.mpf:
    high = float(value)
    low = float(value - np.longdouble(high))
    with mpmath.workprec(200):
        return mpmath.mpf(high) + mpmath.mpf(low)


def hard_box_muller_integers(bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (K1, K2) pairs at the ends of u1 and at octant boundaries of t."""
    top = 2**bits
    k1_values = [
        0,
        1,
        7,
        top // 2 - 1,
        top // 2,
        top // 2 + 1,
        top - 8,
        top - 2,
        top - 1,
    ]
    k2_values = []
    for octant in range(8):
        boundary = octant * top // 8
        k2_values += [max(boundary - 1, 0), boundary]
    k2_values += [top - 1, 12345 % top]
    pairs = [(k1, k2) for k1 in k1_values for k2 in k2_values]
    k1 = np.array([pair[0] for pair in pairs], dtype=np.uint64)
    k2 = np.array([pair[1] for pair in pairs], dtype=np.uint64)
    return k1, k2


@pytest.mark.parametrize("bits", [32, 53])
def test_reference_normal_vs_mpmath(bits):
    rng = np.random.default_rng(bits)
    hard_k1, hard_k2 = hard_box_muller_integers(bits)
    random_k1 = rng.integers(0, 2**bits, 100, dtype=np.uint64)
    random_k2 = rng.integers(0, 2**bits, 100, dtype=np.uint64)
    k1 = np.concatenate([hard_k1, random_k1])
    k2 = np.concatenate([hard_k2, random_k2])
    values = reference.box_muller(k1, k2, bits)
    for index in range(len(k1)):
        exact = box_muller_mpmath(int(k1[index]), int(k2[index]), bits)
        for lane in range(2):
            computed = longdouble_to_mpf(values[index, lane])
            error = abs(computed - exact[lane]) / max(1, abs(exact[lane]))
            assert error <= REFERENCE_ERROR, (int(k1[index]), int(k2[index]), lane)


def test_reference_normal_vs_float64():
    # Independent plain float64 Box-Muller. For 32-bit words u1 is exact in
    # float64, so the two agree to a few float64 ulps times r.
    rng = np.random.default_rng(5)
    k1 = rng.integers(0, 2**32, 10_000, dtype=np.uint64)
    k2 = rng.integers(0, 2**32, 10_000, dtype=np.uint64)
    u1 = (k1.astype(np.float64) + 0.5) * 2.0**-32
    t = (k2.astype(np.float64) + 0.5) * 2.0**-32
    radius = np.sqrt(-2 * np.log(u1))
    plain = np.stack(
        [radius * np.cos(2 * np.pi * t), radius * np.sin(2 * np.pi * t)], axis=1
    )
    values = reference.box_muller(k1, k2, 32).astype(np.float64)
    np.testing.assert_allclose(values, plain, rtol=0, atol=1e-13)


def test_reference_normal_pair_order():
    # Element 2p is r cos(2 pi t) and element 2p + 1 is r sin(2 pi t).
    words = reference.raw_words(3, 4, 0, 2).astype(np.float64)
    u1 = (words[0] + 0.5) * 2.0**-32
    t = (words[1] + 0.5) * 2.0**-32
    radius = np.sqrt(-2 * np.log(u1))
    values = reference.standard_normal(3, 4, 0, 2, np.float32).astype(np.float64)
    assert values[0] == pytest.approx(radius * np.cos(2 * np.pi * t), abs=1e-12)
    assert values[1] == pytest.approx(radius * np.sin(2 * np.pi * t), abs=1e-12)


def lower_tail_root(target, start):
    """Solve Phi(x) = target with mpmath's root finder, in relative terms."""
    return mpmath.findroot(
        lambda x: mpmath.ncdf(x) / target - 1, start, tol=mpmath.mpf(2) ** -180
    )


@pytest.mark.parametrize("bounds", STANDARD_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("bits", [32, 53])
def test_reference_truncated_residual(bits, bounds):
    # Solve Phi(z) = p again with mpmath's secant method at 200 bits.
    alpha, beta = bounds
    top = 2**bits
    integers = np.array([0, 1, top // 3, top // 2, top - 2, top - 1], dtype=np.uint64)
    values = reference.truncated_standard_normal_from_integers(
        integers, bits, alpha, beta
    )
    with mpmath.workprec(200):
        lower_alpha = mpmath.ncdf(alpha)
        lower_beta = mpmath.ncdf(beta)
        upper_alpha = mpmath.ncdf(-alpha)
        upper_beta = mpmath.ncdf(-beta)
        for integer, value in zip(integers, values):
            u = (mpmath.mpf(int(integer)) + mpmath.mpf(0.5)) * mpmath.ldexp(1, -bits)
            computed = longdouble_to_mpf(value)
            p = lower_alpha + u * (lower_beta - lower_alpha)
            if p <= 0.5:
                exact = lower_tail_root(p, computed)
            else:
                q = upper_alpha - u * (upper_alpha - upper_beta)
                exact = -lower_tail_root(q, -computed)
            error = abs(computed - exact) / max(1, abs(exact))
            assert error <= REFERENCE_ERROR, (int(integer), float(exact))


@pytest.mark.parametrize(
    "bounds", [(-2.0, 2.0), (0.5, 3.0), (-12.0, -11.0)], ids=bounds_id
)
def test_reference_truncated_vs_scipy(bounds):
    # scipy's float64 truncnorm.ppf is accurate to about 1e-15 on these bounds.
    alpha, beta = bounds
    rng = np.random.default_rng(8)
    integers = rng.integers(0, 2**32, 300, dtype=np.uint64)
    values = reference.truncated_standard_normal_from_integers(
        integers, 32, alpha, beta
    )
    u = (integers.astype(np.float64) + 0.5) * 2.0**-32
    expected = truncnorm.ppf(u, alpha, beta)
    np.testing.assert_allclose(
        values.astype(np.float64), expected, rtol=1e-13, atol=1e-13
    )


def test_reference_error_below_bounds():
    for bound in [*NORMAL_BOUND.values(), *TRUNCATED_BOUND.values()]:
        assert REFERENCE_ERROR * 16 <= bound


# ---------------------------------------------------------------------------
# Scans of raw words for elements in ill-conditioned regions.


def pick_smallest(scores: np.ndarray, count: int) -> list[int]:
    """Return the indices of the ``count`` smallest scores."""
    return np.argpartition(scores, count)[:count].tolist()


def pick_extremes(keys: np.ndarray, count: int) -> list[int]:
    """Return the indices of the ``count`` smallest and largest keys."""
    as_float = keys.astype(np.float64)
    return pick_smallest(as_float, count) + pick_smallest(-as_float, count)


def pick_nearest(keys: np.ndarray, target: float, count: int) -> list[int]:
    return pick_smallest(np.abs(keys.astype(np.float64) - target), count)


def hard_normal_pairs(words: np.ndarray, dtype) -> list[int]:
    """Return pair indices whose words fall in ill-conditioned regions.

    The regions are u1 close to 0 (large r), u1 close to 1/2 and u1 close to
    1, where r is close to 0 and a rounded u1 breaks the bound. Further
    regions are t close to each octant boundary k/8, and large r with cos or
    sin close to 0, where a rounded angle 2 pi t breaks the bound.
    """
    k1, k2 = reference.normal_pair_integers(words, dtype)
    bits = 32 if np.dtype(dtype) == np.float32 else 53
    top = float(2**bits)
    picks = pick_extremes(k1, PICKS_PER_REGION)
    picks += pick_nearest(k1, top / 2, PICKS_PER_REGION)
    for octant in range(9):
        picks += pick_nearest(k2, octant * top / 8, 2)

    u1 = (k1.astype(np.float64) + 0.5) / top
    t = (k2.astype(np.float64) + 0.5) / top
    radius = np.sqrt(-2 * np.log(u1))
    quarter_distance = np.abs(4 * t - np.rint(4 * t))
    score = np.where(radius > 3.5, quarter_distance, np.inf)
    picks += pick_smallest(score, PICKS_PER_REGION)
    return sorted(set(picks))


def hard_truncated_offsets(words: np.ndarray, dtype) -> list[int]:
    """Return element indices with u close to 0, 1/2 or 1."""
    if np.dtype(dtype) == np.float32:
        keys = words.astype(np.uint64)
        top = float(2**32)
    else:
        keys = reference.combine_words(words[0::2], words[1::2]) >> np.uint64(11)
        top = float(2**53)
    picks = pick_extremes(keys, PICKS_PER_REGION)
    picks += pick_nearest(keys, top / 2, 2)
    return sorted(set(picks))


@pytest.fixture(scope="module")
def scan_words() -> np.ndarray:
    return winit_fast.random_raw(SCAN_WORDS, seed=SCAN_SEED, stream=SCAN_STREAM)


@pytest.fixture(scope="module")
def hard_pairs(scan_words) -> dict:
    """Map each dtype to the indices of its hard normal pairs."""
    return {dtype: hard_normal_pairs(scan_words, dtype) for dtype in DTYPES}


@pytest.fixture(scope="module")
def hard_offsets(scan_words) -> dict:
    """Map each dtype to the indices of its hard truncated normal elements."""
    return {dtype: hard_truncated_offsets(scan_words, dtype) for dtype in DTYPES}


# ---------------------------------------------------------------------------
# Normal.


@pytest.mark.parametrize(("dtype", "offset"), dtype_cases(NORMAL_OFFSETS))
def test_normal_matches_reference(dtype, offset):
    values = winit_fast.normal(41, dtype=dtype, seed=SEED, stream=STREAM, offset=offset)
    exact = reference.standard_normal(SEED, STREAM, offset, 41, dtype)
    assert values.dtype == dtype
    assert_within_bound(values, exact, NORMAL_BOUND[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_many_match_reference(dtype):
    values = winit_fast.normal(20_001, dtype=dtype, seed=SEED, stream=STREAM, offset=9)
    exact = reference.standard_normal(SEED, STREAM, 9, 20_001, dtype)
    assert_within_bound(values, exact, NORMAL_BOUND[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_hard_pairs(dtype, hard_pairs):
    pairs = hard_pairs[dtype]
    assert len(pairs) >= 30
    for pair in pairs:
        offset = 2 * pair
        values = winit_fast.normal(
            2, dtype=dtype, seed=SCAN_SEED, stream=SCAN_STREAM, offset=offset
        )
        exact = reference.standard_normal(SCAN_SEED, SCAN_STREAM, offset, 2, dtype)
        assert_within_bound(
            values, exact, NORMAL_BOUND[dtype], offsets=[offset, offset + 1]
        )


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_hard_pairs_odd_offset(dtype, hard_pairs):
    # The sine half of each pair, requested on its own.
    for pair in hard_pairs[dtype]:
        offset = 2 * pair + 1
        values = winit_fast.normal(
            1, dtype=dtype, seed=SCAN_SEED, stream=SCAN_STREAM, offset=offset
        )
        exact = reference.standard_normal(SCAN_SEED, SCAN_STREAM, offset, 1, dtype)
        assert_within_bound(values, exact, NORMAL_BOUND[dtype], offsets=[offset])


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_hard_pairs_in_bulk(dtype, hard_pairs):
    # The same pairs inside one large fill, where the SIMD kernels run.
    pairs = hard_pairs[dtype]
    words_per_pair = 2 if np.dtype(dtype) == np.float32 else 4
    size = 2 * (SCAN_WORDS // words_per_pair)
    values = winit_fast.normal(size, dtype=dtype, seed=SCAN_SEED, stream=SCAN_STREAM)
    for pair in pairs:
        exact = reference.standard_normal(SCAN_SEED, SCAN_STREAM, 2 * pair, 2, dtype)
        assert_within_bound(
            values[2 * pair : 2 * pair + 2],
            exact,
            NORMAL_BOUND[dtype],
            offsets=[2 * pair, 2 * pair + 1],
        )


@pytest.mark.parametrize(("mean", "std"), [(1.5, 0.25), (-40.0, 8.0), (0.1, 0.3)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_scaled(dtype, mean, std):
    values = winit_fast.normal(
        5000, mean=mean, std=std, dtype=dtype, seed=SEED, offset=1
    )
    exact = reference.standard_normal(SEED, 0, 1, 5000, dtype)
    # The scaling uses mean and std rounded to the output dtype.
    mean_cast = float(dtype(mean))
    std_cast = float(dtype(std))
    assert_within_bound(
        values, exact, NORMAL_BOUND[dtype], scale=std_cast, shift=mean_cast
    )


@pytest.mark.parametrize("mean", [0.0, 2.5, -1e10])
@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_zero_std(dtype, mean):
    values = winit_fast.normal((3, 7), mean=mean, std=0.0, dtype=dtype, seed=2)
    np.testing.assert_array_equal(values, np.full((3, 7), mean, dtype=dtype))


# ---------------------------------------------------------------------------
# Truncated normal.

_truncated_cache: dict = {}


def truncated_reference(offset, n, dtype, bounds, seed=SEED, stream=STREAM):
    """Return the cached reference values, which take about 0.2 ms each."""
    key = (seed, stream, offset, n, np.dtype(dtype).name, bounds)
    if key not in _truncated_cache:
        _truncated_cache[key] = reference.truncated_standard_normal(
            seed, stream, offset, n, dtype, *bounds
        )
    return _truncated_cache[key]


@pytest.mark.parametrize("bounds", STANDARD_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize(("dtype", "offset"), dtype_cases(TRUNCATED_OFFSETS))
def test_truncated_standard_units(dtype, offset, bounds):
    alpha, beta = bounds
    values = winit_fast.truncated_normal(
        150, a=alpha, b=beta, dtype=dtype, seed=SEED, stream=STREAM, offset=offset
    )
    exact = truncated_reference(offset, 150, dtype, bounds)
    assert values.dtype == dtype
    assert_within_bound(values, exact, TRUNCATED_BOUND[dtype])
    assert values.min() >= alpha
    assert values.max() <= beta


@pytest.mark.parametrize(("mean", "std"), ABSOLUTE_PARAMETERS)
@pytest.mark.parametrize("bounds", STANDARD_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_absolute_units(dtype, bounds, mean, std):
    alpha, beta = bounds
    low = mean + std * alpha
    high = mean + std * beta
    assert float(dtype(low)) == low
    assert float(dtype(high)) == high
    values = winit_fast.truncated_normal(
        150,
        mean=mean,
        std=std,
        a=low,
        b=high,
        dtype=dtype,
        seed=SEED,
        stream=STREAM,
        offset=3,
    )
    exact = truncated_reference(3, 150, dtype, bounds)
    assert_within_bound(values, exact, TRUNCATED_BOUND[dtype], scale=std, shift=mean)
    assert values.min() >= low
    assert values.max() <= high


@pytest.mark.parametrize("bounds", STANDARD_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_hard_elements(dtype, bounds, hard_offsets):
    alpha, beta = bounds
    for offset in hard_offsets[dtype]:
        values = winit_fast.truncated_normal(
            1,
            a=alpha,
            b=beta,
            dtype=dtype,
            seed=SCAN_SEED,
            stream=SCAN_STREAM,
            offset=offset,
        )
        exact = truncated_reference(
            offset, 1, dtype, bounds, seed=SCAN_SEED, stream=SCAN_STREAM
        )
        assert_within_bound(values, exact, TRUNCATED_BOUND[dtype], offsets=[offset])
        assert values[0] >= alpha
        assert values[0] <= beta


@pytest.mark.parametrize("bounds", STANDARD_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_hard_elements_in_bulk(dtype, bounds, hard_offsets):
    alpha, beta = bounds
    offsets = hard_offsets[dtype]
    size = max(offsets) + 1
    values = winit_fast.truncated_normal(
        size, a=alpha, b=beta, dtype=dtype, seed=SCAN_SEED, stream=SCAN_STREAM
    )
    for offset in offsets:
        exact = truncated_reference(
            offset, 1, dtype, bounds, seed=SCAN_SEED, stream=SCAN_STREAM
        )
        assert_within_bound(
            values[offset : offset + 1], exact, TRUNCATED_BOUND[dtype], offsets=[offset]
        )


@pytest.mark.parametrize("bounds", STANDARD_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_never_outside(dtype, bounds):
    alpha, beta = bounds
    values = winit_fast.truncated_normal(200_000, a=alpha, b=beta, dtype=dtype, seed=31)
    assert values.min() >= alpha
    assert values.max() <= beta


@pytest.mark.parametrize(
    "bounds",
    [(-2.0, 2.0), (6.0, 7.0), (-0.01, 0.01), (0.0, 1e-6), (6.0, 6.001)],
    ids=bounds_id,
)
def test_truncated_float32_keeps_resolution(bounds):
    # Wide intervals invert p in float, narrow ones in double. Either way
    # float32 values must be about as varied as float64 values rounded to
    # float32, not a few dozen levels of a float p.
    alpha, beta = bounds
    n = 2**16
    values = winit_fast.truncated_normal(n, a=alpha, b=beta, dtype=np.float32, seed=5)
    rounded = winit_fast.truncated_normal(n, a=alpha, b=beta, seed=5).astype(np.float32)
    assert np.unique(values).size >= np.unique(rounded).size - 0.02 * n


@pytest.mark.parametrize(
    ("mean", "std", "low", "high"),
    [
        # mean and std are not exact in binary, but the bounds are.
        pytest.param(0.1, 0.3, -0.375, 0.6875, id="center"),
        pytest.param(0.1, 0.3, 1.9375, 2.1875, id="upper-tail"),
        pytest.param(0.1, 0.3, -3.5, -3.1875, id="lower-tail"),
        pytest.param(-7.3, 1e-3, -7.3125, -7.29296875, id="narrow"),
        # Bounds that float32 cannot represent: values must still lie in the
        # real interval [a, b].
        pytest.param(0.1, 0.3, 0.1, 0.7, id="inexact-center"),
        pytest.param(0.1, 0.3, 1.9, 2.2, id="inexact-upper-tail"),
        pytest.param(0.0, 1.0, 6.1, 6.3, id="inexact-deep-tail"),
    ],
)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_never_outside_absolute(dtype, mean, std, low, high):
    values = winit_fast.truncated_normal(
        200_000, mean=mean, std=std, a=low, b=high, dtype=dtype, seed=32
    )
    assert float(values.min()) >= low
    assert float(values.max()) <= high


@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_default_bounds(dtype):
    mean, std = 0.75, 0.5
    default = winit_fast.truncated_normal(
        1000, mean=mean, std=std, dtype=dtype, seed=12
    )
    explicit = winit_fast.truncated_normal(
        1000,
        mean=mean,
        std=std,
        a=mean - 2 * std,
        b=mean + 2 * std,
        dtype=dtype,
        seed=12,
    )
    np.testing.assert_array_equal(default, explicit)


@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_default_bounds_reference(dtype):
    values = winit_fast.truncated_normal(
        150, dtype=dtype, seed=SEED, stream=STREAM, offset=3
    )
    exact = truncated_reference(3, 150, dtype, (-2.0, 2.0))
    assert_within_bound(values, exact, TRUNCATED_BOUND[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_zero_std(dtype):
    values = winit_fast.truncated_normal(
        (4, 4), mean=1.25, std=0.0, a=-1.0, b=2.0, dtype=dtype, seed=3
    )
    np.testing.assert_array_equal(values, np.full((4, 4), 1.25, dtype=dtype))


# Intervals beyond the reach of AS 241 (about 36.7 standard deviations), where
# the kernels solve ln Q(z) = ln q by Newton steps instead.
DEEP_TAIL_BOUNDS = [
    (38.0, 39.0),
    (45.0, 46.0),
    (-101.0, -100.0),
    (1000.0, 1000.5),
    (-1e6 - 1.0, -1e6),
]


def deep_tail_exact(u: mpmath.mpf, alpha: float, beta: float) -> mpmath.mpf:
    """Solve the truncated-normal quantile in log space with mpmath.

    For an interval in the upper tail, Q(z) = Q(beta) + (1 - u)(Q(alpha) -
    Q(beta)) with Q the upper tail; the lower tail is its mirror image.
    """
    sign = 1 if alpha > 0 else -1
    low, high = sorted((sign * alpha, sign * beta))

    def upper_tail(x):
        return mpmath.erfc(x / mpmath.sqrt(2)) / 2

    with mpmath.workdps(60):
        q_low, q_high = upper_tail(mpmath.mpf(low)), upper_tail(mpmath.mpf(high))
        weight = 1 - u if sign > 0 else u
        target = mpmath.log(q_high + weight * (q_low - q_high))
        root = mpmath.findroot(
            lambda x: mpmath.log(upper_tail(x)) - target,
            mpmath.mpf(low) + mpmath.mpf(1) / low,
        )
    return sign * root


@pytest.mark.parametrize("bounds", DEEP_TAIL_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_deep_tail_accuracy(dtype, bounds):
    alpha, beta = bounds
    n = 24
    values = winit_fast.truncated_normal(n, a=alpha, b=beta, dtype=dtype, seed=31)
    integers, bits = reference.truncated_normal_integers(31, 0, 0, n, dtype)
    bound = 2.0**-20 if dtype == np.float32 else 2.0**-44
    for value, integer in zip(values, integers):
        u = (mpmath.mpf(int(integer)) + mpmath.mpf(0.5)) * mpmath.mpf(2) ** -bits
        exact = deep_tail_exact(u, alpha, beta)
        error = abs(mpmath.mpf(float(value)) - exact) / max(1, abs(exact))
        assert error <= bound, f"value {value!r}, exact {exact}"
    assert values.min() >= dtype(alpha)
    assert values.max() <= dtype(beta)
