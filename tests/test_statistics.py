"""Statistical checks of the distributions: KS tests, chi-square and moments.

Every test uses fixed seeds, so each one gives the same result on every run.
Goodness-of-fit tests pass when p > 1e-3: a correct generator fails one such
test for about one seed in a thousand, and then fails it on every run. Moment
checks allow 5 standard errors (two-sided p about 6e-7 for a normal estimate).
"""

import numpy as np
import pytest
from scipy import stats

import winit_fast

P_THRESHOLD = 1e-3
STANDARD_ERRORS = 5.0
SAMPLES = 1_000_000
# scipy's truncnorm.cdf is slow (of the order of a second per 10^6 points), so
# the truncated normal KS tests use fewer samples.
TRUNCATED_KS_SAMPLES = 300_000
DTYPES = [np.float32, np.float64]

TRUNCATED_BOUNDS = [(-2.0, 2.0), (0.5, 3.0), (6.0, 7.0), (-12.0, -11.0), (-1.0, 30.0)]


def bounds_id(bounds) -> str:
    return f"[{bounds[0]:g},{bounds[1]:g}]"


def assert_ks(values, cdf, args=()):
    result = stats.kstest(values.astype(np.float64), cdf, args=args)
    assert result.pvalue > P_THRESHOLD, (
        f"KS statistic {result.statistic:.3g}, p {result.pvalue:.3g}"
    )


def assert_mean(values, expected):
    sample = values.astype(np.float64)
    standard_error = sample.std() / np.sqrt(sample.size)
    difference = abs(sample.mean() - expected)
    assert difference <= STANDARD_ERRORS * standard_error, (
        f"mean {sample.mean():.6g}, expected {expected:.6g}, "
        f"{difference / standard_error:.2f} standard errors away"
    )


def assert_variance(values, expected):
    sample = values.astype(np.float64)
    deviations = sample - sample.mean()
    variance = np.mean(deviations**2)
    # Standard error of the sample variance: sqrt((m4 - m2^2) / n).
    standard_error = np.sqrt((np.mean(deviations**4) - variance**2) / sample.size)
    difference = abs(variance - expected)
    assert difference <= STANDARD_ERRORS * standard_error, (
        f"variance {variance:.6g}, expected {expected:.6g}, "
        f"{difference / standard_error:.2f} standard errors away"
    )


def assert_uncorrelated(first, second):
    correlation = np.corrcoef(first.astype(np.float64), second.astype(np.float64))[0, 1]
    # Under independence the sample correlation has standard error 1 / sqrt(n).
    limit = STANDARD_ERRORS / np.sqrt(first.size)
    assert abs(correlation) <= limit, f"correlation {correlation:.3g}"


# ---------------------------------------------------------------------------
# Uniform.


@pytest.mark.parametrize(("low", "high"), [(0.0, 1.0), (-3.0, 5.0)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform_ks(dtype, low, high):
    values = winit_fast.uniform(SAMPLES, low=low, high=high, dtype=dtype, seed=101)
    assert_ks(values, "uniform", args=(low, high - low))


@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform_chi_square(dtype):
    values = winit_fast.uniform(SAMPLES, dtype=dtype, seed=102, stream=1)
    counts, _ = np.histogram(values, bins=1000, range=(0.0, 1.0))
    result = stats.chisquare(counts)
    assert result.pvalue > P_THRESHOLD


@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform_moments(dtype):
    low, high = -1.5, 2.5
    values = winit_fast.uniform(SAMPLES, low=low, high=high, dtype=dtype, seed=103)
    assert_mean(values, (low + high) / 2)
    assert_variance(values, (high - low) ** 2 / 12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_uniform_lag_one_correlation(dtype):
    values = winit_fast.uniform(SAMPLES, dtype=dtype, seed=104)
    assert_uncorrelated(values[:-1], values[1:])


def test_uniform_float32_low_bit_balanced():
    # The last of the 24 mantissa bits comes from word bit 8.
    values = winit_fast.uniform(SAMPLES, dtype=np.float32, seed=105)
    low_bits = (values.astype(np.float64) * 2.0**24).astype(np.int64) & 1
    result = stats.binomtest(int(low_bits.sum()), SAMPLES)
    assert result.pvalue > P_THRESHOLD


# ---------------------------------------------------------------------------
# Normal.


@pytest.mark.parametrize(("mean", "std"), [(0.0, 1.0), (2.0, 0.05)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_ks(dtype, mean, std):
    values = winit_fast.normal(SAMPLES, mean=mean, std=std, dtype=dtype, seed=201)
    assert_ks(values, "norm", args=(mean, std))


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_moments(dtype):
    values = winit_fast.normal(SAMPLES, mean=-0.5, std=3.0, dtype=dtype, seed=202)
    assert_mean(values, -0.5)
    assert_variance(values, 9.0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_skew_and_kurtosis(dtype):
    values = winit_fast.normal(SAMPLES, dtype=dtype, seed=203).astype(np.float64)
    # Standard errors of the sample skewness and excess kurtosis of a normal
    # sample: sqrt(6 / n) and sqrt(24 / n).
    skewness = stats.skew(values)
    kurtosis = stats.kurtosis(values)
    assert abs(skewness) <= STANDARD_ERRORS * np.sqrt(6 / SAMPLES)
    assert abs(kurtosis) <= STANDARD_ERRORS * np.sqrt(24 / SAMPLES)


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_pair_halves_independent(dtype):
    # Even elements are r cos(2 pi t) and odd ones r sin(2 pi t) of the same
    # pair. They are independent, so neither they nor their squares correlate.
    values = winit_fast.normal(SAMPLES, dtype=dtype, seed=204)
    even = values[0::2]
    odd = values[1::2]
    assert_uncorrelated(even, odd)
    assert_uncorrelated(even**2, odd**2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_lag_two_correlation(dtype):
    values = winit_fast.normal(SAMPLES, dtype=dtype, seed=205)
    assert_uncorrelated(values[:-2], values[2:])


@pytest.mark.parametrize("dtype", DTYPES)
def test_normal_tail_frequency(dtype):
    # P(|z| > 4) = 6.334e-5: about 63 of 10^6 draws, Poisson distributed.
    values = winit_fast.normal(SAMPLES, dtype=dtype, seed=206)
    count = int(np.count_nonzero(np.abs(values) > 4))
    expected = SAMPLES * 2 * stats.norm.sf(4)
    result = stats.poisson(expected)
    assert result.cdf(count) > P_THRESHOLD / 2
    assert result.sf(count - 1) > P_THRESHOLD / 2


# ---------------------------------------------------------------------------
# Truncated normal.


@pytest.mark.parametrize("bounds", TRUNCATED_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_ks_standard(dtype, bounds):
    alpha, beta = bounds
    values = winit_fast.truncated_normal(
        TRUNCATED_KS_SAMPLES, a=alpha, b=beta, dtype=dtype, seed=301
    )
    assert_ks(values, stats.truncnorm(alpha, beta).cdf)


@pytest.mark.parametrize("bounds", TRUNCATED_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_ks_absolute(dtype, bounds):
    # A mean and std far from 0 and 1, with the bounds given in absolute units.
    alpha, beta = bounds
    mean, std = 3.0, 0.5
    values = winit_fast.truncated_normal(
        TRUNCATED_KS_SAMPLES,
        mean=mean,
        std=std,
        a=mean + std * alpha,
        b=mean + std * beta,
        dtype=dtype,
        seed=302,
    )
    assert_ks(values, stats.truncnorm(alpha, beta, loc=mean, scale=std).cdf)


@pytest.mark.parametrize("bounds", TRUNCATED_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_moments(dtype, bounds):
    alpha, beta = bounds
    mean, std = 3.0, 0.5
    distribution = stats.truncnorm(alpha, beta, loc=mean, scale=std)
    values = winit_fast.truncated_normal(
        SAMPLES,
        mean=mean,
        std=std,
        a=mean + std * alpha,
        b=mean + std * beta,
        dtype=dtype,
        seed=303,
    )
    assert_mean(values, distribution.mean())
    assert_variance(values, distribution.var())


@pytest.mark.parametrize("bounds", [(6.0, 7.0), (-12.0, -11.0)], ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_deep_tail_std(dtype, bounds):
    # Deep in a tail the standard deviation is far below std (about 0.15 on
    # [6, 7] and 0.09 on [-12, -11]), so a sample spread by rounding or by a
    # cancelling Phi difference would show here.
    alpha, beta = bounds
    distribution = stats.truncnorm(alpha, beta)
    values = winit_fast.truncated_normal(
        SAMPLES, a=alpha, b=beta, dtype=dtype, seed=304
    )
    assert_mean(values, distribution.mean())
    assert_variance(values, distribution.var())


@pytest.mark.parametrize("bounds", TRUNCATED_BOUNDS, ids=bounds_id)
@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_quantiles(dtype, bounds):
    # The fraction below each decile of scipy's truncnorm is binomial.
    alpha, beta = bounds
    distribution = stats.truncnorm(alpha, beta)
    values = winit_fast.truncated_normal(
        SAMPLES, a=alpha, b=beta, dtype=dtype, seed=305
    )
    for probability in np.linspace(0.1, 0.9, 9):
        quantile = distribution.ppf(probability)
        below = int(np.count_nonzero(values < quantile))
        result = stats.binomtest(below, SAMPLES, probability)
        # Nine checks per test: Bonferroni keeps the whole test at P_THRESHOLD.
        assert result.pvalue > P_THRESHOLD / 9, f"probability {probability:.1f}"


@pytest.mark.parametrize("dtype", DTYPES)
def test_truncated_lag_one_correlation(dtype):
    values = winit_fast.truncated_normal(SAMPLES, dtype=dtype, seed=306)
    assert_uncorrelated(values[:-1], values[1:])


# ---------------------------------------------------------------------------
# Streams and seeds.


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param({"seed": 7, "stream": 0}, {"seed": 7, "stream": 1}, id="streams"),
        pytest.param({"seed": 7, "stream": 0}, {"seed": 8, "stream": 0}, id="seeds"),
        pytest.param(
            {"seed": 7, "stream": 0},
            {"seed": 7 + 2**32, "stream": 0},
            id="seed-high-half",
        ),
        pytest.param(
            {"seed": 7, "stream": 0},
            {"seed": 7, "stream": 2**32},
            id="stream-high-half",
        ),
        pytest.param(
            {"seed": 7, "stream": "a"}, {"seed": 7, "stream": "b"}, id="names"
        ),
    ],
)
def test_neighbouring_streams_uncorrelated(first, second):
    values_first = winit_fast.normal(SAMPLES, dtype=np.float64, **first)
    values_second = winit_fast.normal(SAMPLES, dtype=np.float64, **second)
    assert_uncorrelated(values_first, values_second)


def test_offset_streams_uncorrelated():
    # The same stream shifted by one element: no lag-1 structure across blocks.
    first = winit_fast.uniform(SAMPLES, dtype=np.float64, seed=9, offset=0)
    second = winit_fast.uniform(SAMPLES, dtype=np.float64, seed=9, offset=SAMPLES)
    assert_uncorrelated(first, second)
