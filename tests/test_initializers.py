"""Initializers: parameters from fans and gains, statistics, defaults, errors.

Exact tests compare each initializer with the core fill (`uniform`, `normal`,
`truncated_normal`) at the same seed and stream. The test computes the
parameters of that fill from the formulas: Keras 3 VarianceScaling for the
variance and the truncated normal, PyTorch 2.13 for the gains. Exact tests
never use statistics, and the statistical tests state their p-value
threshold.
"""

import math

import numpy as np
import pytest
from scipy import stats

import winit_fast
from winit_fast import (
    constant,
    glorot_normal,
    glorot_uniform,
    he,
    he_normal,
    he_uniform,
    kaiming_normal,
    kaiming_uniform,
    lecun_normal,
    lecun_uniform,
    ones,
    variance_scaling,
    xavier_normal,
    xavier_uniform,
    zeros,
)

SEED = 20240611
TRUNCATED_STD = 0.87962566103423978  # std of N(0, 1) cut to [-2, 2]
DISTRIBUTIONS = ["normal", "truncated_normal", "uniform"]
LAYOUTS = [None, "torch"]
SHAPES = [(24, 40), (3, 24, 40), (3, 2, 24, 40), (2, 1, 3, 24, 40)]
GAINS = {
    "relu": math.sqrt(2.0),
    "tanh": 5.0 / 3,
    "linear": 1.0,
    "sigmoid": 1.0,
    "conv2d": 1.0,
    "selu": 0.75,
}


def fans_of(shape, layout):
    if layout == "torch":
        receptive_field = math.prod(shape[2:])
        return shape[1] * receptive_field, shape[0] * receptive_field
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def fan_for_mode(fan_in, fan_out, mode):
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[
        mode
    ]


def reference_fill(shape, variance, distribution, **tail):
    """Fill with the core function, with the std, truncated std and cut, or
    uniform limit that `variance` implies."""
    if distribution == "normal":
        return winit_fast.normal(shape, mean=0.0, std=math.sqrt(variance), **tail)
    if distribution == "truncated_normal":
        std = math.sqrt(variance) / TRUNCATED_STD
        return winit_fast.truncated_normal(
            shape, mean=0.0, std=std, a=-2 * std, b=2 * std, **tail
        )
    limit = math.sqrt(3 * variance)
    return winit_fast.uniform(shape, low=-limit, high=limit, **tail)


def assert_same_fill(actual, expected, variance):
    """Check two float64 fills from the same words, with parameters equal
    to within rounding of the last bit."""
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    # Uniform samples near 0 come from -limit + 2 limit u, whose rounding
    # error is relative to the limit, not to the sample.
    np.testing.assert_allclose(
        actual, expected, rtol=1e-14, atol=1e-14 * math.sqrt(3 * variance)
    )


def scheme_cases():
    """Yield (id, function, kwargs, variance(fan_in, fan_out))."""
    for distribution in DISTRIBUTIONS:
        for mode in ["fan_in", "fan_out", "fan_avg"]:
            for scale in [1.0, 2.0, 0.1]:
                yield (
                    f"variance_scaling-{scale}-{mode}-{distribution}",
                    variance_scaling,
                    {"scale": scale, "mode": mode, "distribution": distribution},
                    lambda fi, fo, s=scale, m=mode: s / fan_for_mode(fi, fo, m),
                )
        for function in [xavier_uniform, xavier_normal]:
            for gain in [1.0, 5.0 / 3]:
                yield (
                    f"{function.__name__}-{gain:.3f}-{distribution}",
                    function,
                    {"gain": gain, "distribution": distribution},
                    lambda fi, fo, g=gain: 2 * g**2 / (fi + fo),
                )
        for function in [he_normal, he_uniform]:
            for mode in ["fan_in", "fan_out"]:
                for nonlinearity, gain in GAINS.items():
                    yield (
                        f"{function.__name__}-{nonlinearity}-{mode}-{distribution}",
                        function,
                        {
                            "nonlinearity": nonlinearity,
                            "mode": mode,
                            "distribution": distribution,
                        },
                        lambda fi, fo, g=gain, m=mode: g**2 / fan_for_mode(fi, fo, m),
                    )
                for slope in [0.0, 0.01, 0.2]:
                    yield (
                        f"{function.__name__}-leaky_relu{slope}-{mode}-{distribution}",
                        function,
                        {
                            "nonlinearity": "leaky_relu",
                            "negative_slope": slope,
                            "mode": mode,
                            "distribution": distribution,
                        },
                        lambda fi, fo, s=slope, m=mode: (
                            2 / (1 + s**2) / fan_for_mode(fi, fo, m)
                        ),
                    )
        for function in [lecun_normal, lecun_uniform]:
            yield (
                f"{function.__name__}-{distribution}",
                function,
                {"distribution": distribution},
                lambda fi, fo: 1 / fi,
            )


CASES = list(scheme_cases())


# Parameters: every scheme, mode, distribution, layout and rank.


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize(
    ("function", "kwargs", "variance"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_scheme_parameters(function, kwargs, variance, shape, layout):
    fan_in, fan_out = fans_of(shape, layout)
    expected_variance = variance(fan_in, fan_out)
    tail = {"dtype": np.float64, "seed": SEED, "stream": 3}
    actual = function(shape, layout=layout, **kwargs, **tail)
    expected = reference_fill(shape, expected_variance, kwargs["distribution"], **tail)
    assert_same_fill(actual, expected, expected_variance)


@pytest.mark.parametrize(
    ("function", "distribution", "variance"),
    [
        (variance_scaling, "truncated_normal", lambda fi, fo: 1 / fi),
        (xavier_uniform, "uniform", lambda fi, fo: 2 / (fi + fo)),
        (xavier_normal, "normal", lambda fi, fo: 2 / (fi + fo)),
        (he_normal, "normal", lambda fi, fo: 2 / fi),
        (he_uniform, "uniform", lambda fi, fo: 2 / fi),
        (lecun_normal, "normal", lambda fi, fo: 1 / fi),
        (lecun_uniform, "uniform", lambda fi, fo: 1 / fi),
    ],
)
def test_defaults(function, distribution, variance):
    shape = (3, 5, 7)
    tail = {"dtype": np.float64, "seed": SEED}
    expected_variance = variance(*fans_of(shape, None))
    actual = function(shape, **tail)
    expected = reference_fill(shape, expected_variance, distribution, **tail)
    assert_same_fill(actual, expected, expected_variance)


def test_default_dtype_is_float32():
    assert he_normal((4, 5), seed=SEED).dtype == np.float32
    assert zeros((4, 5)).dtype == np.float32


def test_float32_matches_core_fill():
    actual = he_uniform((64, 32), seed=SEED, stream="w")
    limit = math.sqrt(6 / 64)
    expected = winit_fast.uniform(
        (64, 32), low=-limit, high=limit, seed=SEED, stream="w"
    )
    np.testing.assert_allclose(actual, expected, rtol=0, atol=4e-7 * limit)


def test_leaky_relu_with_zero_slope_equals_relu():
    relu = he_normal((8, 9), nonlinearity="relu", seed=SEED)
    leaky = he_normal((8, 9), nonlinearity="leaky_relu", seed=SEED)
    np.testing.assert_array_equal(relu, leaky)


def test_aliases():
    assert glorot_uniform is xavier_uniform
    assert glorot_normal is xavier_normal
    assert he is he_normal
    assert kaiming_normal is he_normal
    assert kaiming_uniform is he_uniform


def test_public_names_are_exported():
    from winit_fast import _initializers

    for name in _initializers.__all__:
        assert getattr(winit_fast, name) is getattr(_initializers, name)


# Fans: explicit values, axes and shapes with fewer than two dimensions.


def test_explicit_fans_override_shape():
    shape = (6, 10)
    tail = {"dtype": np.float64, "seed": SEED}
    actual = xavier_normal(shape, fan_in=30, **tail)
    assert_same_fill(actual, reference_fill(shape, 2 / 40, "normal", **tail), 2 / 40)
    actual = xavier_normal(shape, fan_out=50, **tail)
    assert_same_fill(actual, reference_fill(shape, 2 / 56, "normal", **tail), 2 / 56)
    actual = he_normal(shape, fan_in=7, fan_out=9, **tail)
    assert_same_fill(actual, reference_fill(shape, 2 / 7, "normal", **tail), 2 / 7)


@pytest.mark.parametrize("shape", [(), 10, (10,)])
def test_low_rank_shape_with_explicit_fans(shape):
    tail = {"dtype": np.float64, "seed": SEED}
    actual = he_normal(shape, fan_in=25, **tail)
    assert_same_fill(actual, reference_fill(shape, 2 / 25, "normal", **tail), 2 / 25)
    actual = he_uniform(shape, mode="fan_out", fan_out=4, **tail)
    assert_same_fill(actual, reference_fill(shape, 2 / 4, "uniform", **tail), 2 / 4)
    actual = xavier_uniform(shape, fan_in=3, fan_out=5, **tail)
    assert_same_fill(actual, reference_fill(shape, 2 / 8, "uniform", **tail), 2 / 8)
    actual = lecun_normal(shape, fan_in=16, **tail)
    assert_same_fill(actual, reference_fill(shape, 1 / 16, "normal", **tail), 1 / 16)


@pytest.mark.parametrize("shape", [(), 10, (10,), (0,)])
def test_low_rank_shape_without_fans_raises(shape):
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        he_normal(shape, seed=SEED)
    with pytest.raises(ValueError, match="fan_out"):
        xavier_uniform(shape, fan_in=4, seed=SEED)
    with pytest.raises(ValueError, match="fan_in"):
        variance_scaling(shape, mode="fan_in", fan_out=4, seed=SEED)


def test_custom_axes_set_fans():
    shape = (5, 6, 7)
    tail = {"dtype": np.float64, "seed": SEED}
    # in_axis=0, out_axis=1: fan_in = 5 * 7, fan_out = 6 * 7.
    actual = xavier_uniform(shape, in_axis=0, out_axis=1, **tail)
    variance = 2 / (35 + 42)
    assert_same_fill(
        actual, reference_fill(shape, variance, "uniform", **tail), variance
    )


@pytest.mark.parametrize(("in_axis", "out_axis"), [(0, 0), (-2, 0), (1, -1)])
def test_same_axis_raises(in_axis, out_axis):
    with pytest.raises(ValueError, match="must be different axes"):
        he_normal((3, 4), in_axis=in_axis, out_axis=out_axis, seed=SEED)


def test_bad_axes_raise_with_explicit_fans():
    with pytest.raises(ValueError, match="must be different axes"):
        he_normal((3, 4), in_axis=0, out_axis=0, fan_in=3, fan_out=4, seed=SEED)


def test_unknown_layout_raises():
    with pytest.raises(ValueError, match="layout must be one of"):
        he_normal((3, 4), layout="keras", seed=SEED)
    with pytest.raises(ValueError, match="layout must be one of"):
        he_normal((3,), layout="tf", fan_in=3, seed=SEED)


@pytest.mark.parametrize("fan", [0, -5])
def test_non_positive_fan_raises(fan):
    with pytest.raises(ValueError, match="fan_in must be a positive int"):
        he_normal((3, 4), fan_in=fan, seed=SEED)
    with pytest.raises(ValueError, match="fan_out must be a positive int"):
        xavier_normal((3, 4), fan_out=fan, seed=SEED)


@pytest.mark.parametrize("fan", [2.0, "3", True])
def test_fan_of_wrong_type_raises(fan):
    with pytest.raises(TypeError, match="fan_in must be an int"):
        he_normal((3, 4), fan_in=fan, seed=SEED)


# Zero elements and zero variance.

ALL_RANDOM_INITIALIZERS = [
    variance_scaling,
    xavier_uniform,
    xavier_normal,
    he_normal,
    he_uniform,
    lecun_normal,
    lecun_uniform,
]


@pytest.mark.parametrize("function", ALL_RANDOM_INITIALIZERS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (0, 0), (3, 0, 4), (2, 3, 0, 4)])
def test_zero_element_shape_gives_empty_result(function, shape, layout):
    result = function(shape, layout=layout, seed=SEED)
    assert result.shape == shape
    assert result.dtype == np.float32
    out = np.empty(shape, dtype=np.float64)
    assert function(out=out, layout=layout, seed=SEED) is out


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_zero_variance_gives_zeros(distribution):
    result = variance_scaling((4, 5), scale=0.0, distribution=distribution, seed=SEED)
    np.testing.assert_array_equal(result, np.zeros((4, 5), dtype=np.float32))
    assert not np.signbit(result).any()
    result = xavier_normal((4, 5), gain=0, distribution=distribution, seed=SEED)
    np.testing.assert_array_equal(result, np.zeros((4, 5), dtype=np.float32))


# Output arrays.


def test_out_is_filled_and_returned():
    out = np.full((16, 8), np.nan, dtype=np.float32)
    result = he_normal(out=out, seed=SEED, stream=1)
    assert result is out
    np.testing.assert_array_equal(out, he_normal((16, 8), seed=SEED, stream=1))


def test_out_fans_come_from_out_shape():
    out = np.empty((16, 8), dtype=np.float64)
    he_uniform(out=out, seed=SEED)
    expected = reference_fill((16, 8), 2 / 16, "uniform", dtype=np.float64, seed=SEED)
    assert_same_fill(out, expected, 2 / 16)


def test_out_view_is_filled_in_place():
    base = np.zeros((10, 12), dtype=np.float64)
    view = base[::2, 1::3]
    result = lecun_normal(out=view, seed=SEED)
    assert result is view
    expected = lecun_normal(view.shape, dtype=np.float64, seed=SEED)
    np.testing.assert_array_equal(base[::2, 1::3], expected)
    assert (base[1::2] == 0).all()


def test_missing_shape_and_out_raises():
    with pytest.raises(TypeError, match="missing shape"):
        he_normal(seed=SEED)


# Statistics of large fills. Each test passes when a two-sided p-value is
# above 1e-6; the seeds are fixed, so the outcome does not change between runs.

P_THRESHOLD = 1e-6


def scipy_distribution(distribution, variance):
    if distribution == "normal":
        return stats.norm(scale=math.sqrt(variance))
    if distribution == "truncated_normal":
        std = math.sqrt(variance) / TRUNCATED_STD
        return stats.truncnorm(-2, 2, scale=std)
    limit = math.sqrt(3 * variance)
    return stats.uniform(loc=-limit, scale=2 * limit)


def assert_variance_close(samples, variance, excess_kurtosis):
    """z-test of the sample variance, whose relative standard error is
    sqrt((excess_kurtosis + 2) / n) for large n."""
    n = samples.size
    relative_error = samples.astype(np.float64).var() / variance - 1
    z = relative_error / math.sqrt((excess_kurtosis + 2) / n)
    assert abs(z) < stats.norm.isf(P_THRESHOLD / 2), (relative_error, z)


def test_truncation_constant_is_truncated_std():
    assert stats.truncnorm(-2, 2).std() == pytest.approx(TRUNCATED_STD, rel=1e-15)


STAT_CASES = [
    (he_normal, {}, "normal", lambda fi, fo: 2 / fi),
    (
        he_normal,
        {"distribution": "truncated_normal"},
        "truncated_normal",
        lambda fi, fo: 2 / fi,
    ),
    (he_uniform, {"mode": "fan_out"}, "uniform", lambda fi, fo: 2 / fo),
    (
        xavier_uniform,
        {"gain": 5 / 3},
        "uniform",
        lambda fi, fo: 2 * (5 / 3) ** 2 / (fi + fo),
    ),
    (xavier_normal, {}, "normal", lambda fi, fo: 2 / (fi + fo)),
    (
        variance_scaling,
        {"scale": 3.0, "mode": "fan_avg"},
        "truncated_normal",
        lambda fi, fo: 3 / ((fi + fo) / 2),
    ),
    (lecun_normal, {}, "normal", lambda fi, fo: 1 / fi),
    (lecun_uniform, {}, "uniform", lambda fi, fo: 1 / fi),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    ("function", "kwargs", "distribution", "variance"),
    STAT_CASES,
    ids=[f"{case[0].__name__}-{case[2]}" for case in STAT_CASES],
)
def test_large_fill_statistics(function, kwargs, distribution, variance, dtype):
    shape = (64, 32, 128)  # 2**18 elements, fan_in = 2048, fan_out = 4096
    expected_variance = variance(*fans_of(shape, None))
    samples = function(shape, **kwargs, dtype=dtype, seed=SEED, stream="stats").ravel()
    reference = scipy_distribution(distribution, expected_variance)

    assert stats.kstest(samples, reference.cdf).pvalue > P_THRESHOLD
    assert_variance_close(samples, expected_variance, float(reference.stats("k")))
    assert abs(samples.mean()) < stats.norm.isf(P_THRESHOLD / 2) * math.sqrt(
        expected_variance / samples.size
    )
    if distribution != "normal":
        low, high = reference.support()
        assert samples.min() >= low
        assert samples.max() <= high
        # With 2**18 samples the extremes lie within 1e-3 of the support
        # except with probability below 1e-6.
        assert samples.min() < low + 1e-3 * (high - low)
        assert samples.max() > high - 1e-3 * (high - low)


# Constant initializers.


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_constant_values(dtype):
    np.testing.assert_array_equal(zeros((3, 4), dtype=dtype), np.zeros((3, 4), dtype))
    np.testing.assert_array_equal(ones((3, 4), dtype=dtype), np.ones((3, 4), dtype))
    result = constant((3, 4), value=-0.25, dtype=dtype)
    np.testing.assert_array_equal(result, np.full((3, 4), -0.25, dtype))
    assert result.dtype == dtype


def test_constant_is_seed_independent():
    first = constant((5,), value=0.5, seed=1, stream=2, offset=3, threads=1)
    second = constant((5,), value=0.5, seed=9, stream="x")
    np.testing.assert_array_equal(first, second)


def test_constant_fills_out():
    base = np.zeros((6, 6), dtype=np.float32)
    view = base[1::2, ::-1]
    assert ones(out=view) is view
    assert (base[1::2] == 1).all()
    assert (base[::2] == 0).all()
    assert constant(out=base, value=7) is base
    assert (base == 7).all()


def test_constant_numpy_and_non_finite_values():
    assert constant(2, value=np.float32(1.5))[0] == 1.5
    assert constant(2, value=np.int64(3))[0] == 3
    assert np.isneginf(constant(2, value=-math.inf)).all()
    assert np.isnan(constant(2, value=math.nan)).all()


def test_constant_overflow_raises():
    with pytest.raises(ValueError, match="value=1e.300 overflows float32"):
        constant(2, value=1e300)
    assert constant(2, value=1e300, dtype=np.float64)[0] == 1e300


@pytest.mark.parametrize("value", ["1", None, True, 1j, [1.0]])
def test_constant_value_of_wrong_type_raises(value):
    with pytest.raises(TypeError, match="value must be a real number"):
        constant(2, value=value)


def test_constant_requires_value():
    with pytest.raises(TypeError):
        constant((2, 2))


def test_constant_bad_out_raises():
    with pytest.raises(ValueError, match=r"shape \(4, 3\) does not match out.shape"):
        zeros((4, 3), out=np.empty((3, 4), np.float32))
    with pytest.raises(ValueError, match=r"shape\[index\] \(3,\) does not match"):
        zeros((4, 3), index=0, out=np.empty(4, np.float32))
    with pytest.raises(TypeError, match="Expected float32 or float64, got int64"):
        zeros(out=np.empty(3, np.int64))
    with pytest.raises(TypeError, match="dtype float64 does not match"):
        zeros(out=np.empty(3, np.float32), dtype=np.float64)
    with pytest.raises(TypeError, match="out must be a numpy.ndarray"):
        zeros(out=[0.0, 0.0])
    with pytest.raises(TypeError, match="Expected float32 or float64"):
        zeros(3, dtype=np.float16)
    read_only = np.zeros(3, np.float32)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        ones(out=read_only)


def test_constant_empty_shape():
    assert zeros((0, 3)).shape == (0, 3)
    assert constant((), value=2.0).shape == ()


# Bad arguments of the random initializers.


@pytest.mark.parametrize("mode", ["fan", "FAN_IN", "avg", ""])
def test_unknown_mode_lists_accepted(mode):
    with pytest.raises(ValueError, match="mode must be one of") as info:
        variance_scaling((3, 4), mode=mode, seed=SEED)
    assert "'fan_avg'" in str(info.value)
    assert repr(mode) in str(info.value)


def test_he_rejects_fan_avg():
    with pytest.raises(
        ValueError, match=r"mode must be one of \('fan_in', 'fan_out'\)"
    ):
        he_normal((3, 4), mode="fan_avg", seed=SEED)


@pytest.mark.parametrize("function", ALL_RANDOM_INITIALIZERS)
@pytest.mark.parametrize("distribution", ["untruncated_normal", "Normal", "gaussian"])
def test_unknown_distribution_lists_accepted(function, distribution):
    with pytest.raises(ValueError, match="distribution must be one of") as info:
        function((3, 4), distribution=distribution, seed=SEED)
    assert "'truncated_normal'" in str(info.value)
    assert repr(distribution) in str(info.value)


@pytest.mark.parametrize("function", [he_normal, he_uniform])
def test_unknown_nonlinearity_raises(function):
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        function((3, 4), nonlinearity="gelu", seed=SEED)


@pytest.mark.parametrize("value", [-1.0, -1e-300, math.inf, -math.inf, math.nan])
def test_bad_real_arguments_raise(value):
    with pytest.raises(ValueError, match="scale must be finite and non-negative"):
        variance_scaling((3, 4), scale=value, seed=SEED)
    with pytest.raises(ValueError, match="gain must be finite and non-negative"):
        xavier_uniform((3, 4), gain=value, seed=SEED)
    with pytest.raises(ValueError, match="negative_slope must be finite"):
        he_normal((3, 4), nonlinearity="leaky_relu", negative_slope=value, seed=SEED)


@pytest.mark.parametrize("value", ["1.0", None, [1.0], 1j, True])
def test_real_arguments_of_wrong_type_raise(value):
    with pytest.raises(TypeError, match="scale must be a real number"):
        variance_scaling((3, 4), scale=value, seed=SEED)
    with pytest.raises(TypeError, match="gain must be a real number"):
        xavier_normal((3, 4), gain=value, seed=SEED)
    with pytest.raises(TypeError, match="negative_slope must be a real number"):
        he_uniform((3, 4), negative_slope=value, seed=SEED)


@pytest.mark.parametrize("value", [None, 1, b"fan_in"])
def test_string_options_of_wrong_type_raise(value):
    with pytest.raises(TypeError, match="mode must be a str"):
        variance_scaling((3, 4), mode=value, seed=SEED)
    with pytest.raises(TypeError, match="distribution must be a str"):
        he_normal((3, 4), distribution=value, seed=SEED)
    with pytest.raises(TypeError, match="nonlinearity must be a str"):
        he_normal((3, 4), nonlinearity=value, seed=SEED)


def test_slope_with_other_nonlinearity_raises():
    with pytest.raises(ValueError, match="only used with nonlinearity='leaky_relu'"):
        he_normal((3, 4), nonlinearity="relu", negative_slope=0.2, seed=SEED)


def test_bad_shape_raises():
    with pytest.raises(ValueError, match="negative dimensions"):
        he_normal((3, -4), seed=SEED)
    with pytest.raises(TypeError, match="shape must"):
        he_normal((3.0, 4), seed=SEED)


def test_initializer_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        variance_scaling((3, 4), 2.0)
