"""Initializers against PyTorch's torch.nn.init, and filling real torch modules.

Fans and gains are compared exactly with torch's own helpers. The std or
bound of each fill is compared, to within rounding of the last bit, with the
value that kaiming_*_ and xavier_*_ derive from those helpers. Samples are compared with torch's own fills by statistical tests whose
p-value threshold is 1e-6, at fixed seeds.
"""

import math

import numpy as np
import pytest
from scipy import stats

import winit_fast

torch = pytest.importorskip("torch")
torch_init = torch.nn.init

SEED = 424242
P_THRESHOLD = 1e-6
SHAPES = [(24, 40), (16, 8, 3), (16, 8, 3, 3), (8, 4, 3, 3, 2)]
NONLINEARITIES = [
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
]


def torch_tensor(shape):
    return torch.empty(shape, dtype=torch.float64)


def torch_kaiming_std(shape, mode, nonlinearity, a):
    """The std that torch.nn.init.kaiming_normal_ uses for this tensor."""
    fan = torch_init._calculate_correct_fan(torch_tensor(shape), mode)
    gain = torch_init.calculate_gain(nonlinearity, a)
    return gain / math.sqrt(fan)


def torch_xavier_std(shape, gain):
    """The std that torch.nn.init.xavier_normal_ uses for this tensor."""
    fan_in, fan_out = torch_init._calculate_fan_in_and_fan_out(torch_tensor(shape))
    return gain * math.sqrt(2.0 / float(fan_in + fan_out))


def assert_same_fill(actual, expected, scale):
    """Check two float64 fills from the same words whose parameters agree to
    rounding; uniform samples carry an absolute error relative to the bound."""
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=1e-14, atol=1e-14 * scale)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
def test_fans_match_torch(shape):
    expected = torch_init._calculate_fan_in_and_fan_out(torch_tensor(shape))
    assert winit_fast.compute_fans(shape, layout="torch") == expected


@pytest.mark.parametrize("nonlinearity", NONLINEARITIES)
@pytest.mark.parametrize("param", [None, 0, 0.2, 1, math.sqrt(5)])
def test_gains_match_torch(nonlinearity, param):
    expected = torch_init.calculate_gain(nonlinearity, param)
    assert winit_fast.calculate_gain(nonlinearity, param) == expected


KAIMING_CASES = [
    ("relu", 0.0),
    ("leaky_relu", 0.0),
    ("leaky_relu", 0.2),
    ("leaky_relu", math.sqrt(5)),
    ("tanh", 0.0),
    ("selu", 0.0),
    ("linear", 0.0),
    ("sigmoid", 0.0),
]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize(("nonlinearity", "slope"), KAIMING_CASES)
def test_kaiming_parameters_match_torch(shape, mode, nonlinearity, slope):
    std = torch_kaiming_std(shape, mode, nonlinearity, slope)
    bound = math.sqrt(3.0) * std  # as kaiming_uniform_ derives it
    options = {
        "layout": "torch",
        "mode": mode,
        "nonlinearity": nonlinearity,
        "negative_slope": slope,
    }
    tail = {"dtype": np.float64, "seed": SEED, "stream": "kaiming"}

    actual = winit_fast.kaiming_normal(shape, **options, **tail)
    expected = winit_fast.normal(shape, std=std, **tail)
    assert_same_fill(actual, expected, std)

    actual = winit_fast.kaiming_uniform(shape, **options, **tail)
    expected = winit_fast.uniform(shape, low=-bound, high=bound, **tail)
    assert_same_fill(actual, expected, bound)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{len(s)}d")
@pytest.mark.parametrize("gain", [1.0, 5.0 / 3, math.sqrt(2.0), 0.5])
def test_xavier_parameters_match_torch(shape, gain):
    std = torch_xavier_std(shape, gain)
    bound = math.sqrt(3.0) * std  # as xavier_uniform_ derives it
    tail = {"dtype": np.float64, "seed": SEED, "stream": "xavier"}

    actual = winit_fast.xavier_normal(shape, gain=gain, layout="torch", **tail)
    expected = winit_fast.normal(shape, std=std, **tail)
    assert_same_fill(actual, expected, std)

    actual = winit_fast.xavier_uniform(shape, gain=gain, layout="torch", **tail)
    expected = winit_fast.uniform(shape, low=-bound, high=bound, **tail)
    assert_same_fill(actual, expected, bound)


# Samples against torch's own fills. Both fills are compared with a two-sample
# Kolmogorov-Smirnov test and a test of the ratio of their variances.

SAMPLE_SHAPE = (512, 64, 2, 2)  # 2**17 elements, torch fan_in 256, fan_out 2048

TORCH_FILLS = [
    (
        "kaiming_normal_relu_fan_in",
        lambda t: torch_init.kaiming_normal_(t, nonlinearity="relu"),
        lambda **kw: winit_fast.he_normal(**kw),
    ),
    (
        "kaiming_normal_leaky_fan_out",
        lambda t: torch_init.kaiming_normal_(
            t, a=0.1, mode="fan_out", nonlinearity="leaky_relu"
        ),
        lambda **kw: winit_fast.he_normal(
            nonlinearity="leaky_relu", negative_slope=0.1, mode="fan_out", **kw
        ),
    ),
    (
        "kaiming_uniform_default",
        lambda t: torch_init.kaiming_uniform_(t),
        lambda **kw: winit_fast.he_uniform(nonlinearity="leaky_relu", **kw),
    ),
    (
        "xavier_uniform_tanh",
        lambda t: torch_init.xavier_uniform_(t, gain=5 / 3),
        lambda **kw: winit_fast.xavier_uniform(gain=5 / 3, **kw),
    ),
    (
        "xavier_normal",
        lambda t: torch_init.xavier_normal_(t),
        lambda **kw: winit_fast.xavier_normal(**kw),
    ),
]


@pytest.mark.parametrize(
    ("torch_fill", "our_fill"),
    [case[1:] for case in TORCH_FILLS],
    ids=[case[0] for case in TORCH_FILLS],
)
def test_samples_match_torch_fill(torch_fill, our_fill):
    generator_state = torch.random.get_rng_state()
    try:
        torch.manual_seed(SEED)
        theirs = torch_fill(torch.empty(SAMPLE_SHAPE, dtype=torch.float64)).numpy()
    finally:
        torch.random.set_rng_state(generator_state)
    ours = our_fill(
        shape=SAMPLE_SHAPE, layout="torch", dtype=np.float64, seed=SEED, stream=1
    )

    assert stats.ks_2samp(ours.ravel(), theirs.ravel()).pvalue > P_THRESHOLD
    # Both sample variances estimate the same variance, so their ratio is
    # close to 1. Its log has standard error sqrt(2 (kurtosis + 2) / n).
    excess_kurtosis = stats.kurtosis(theirs.ravel())
    log_ratio = math.log(ours.var() / theirs.var())
    z = log_ratio / math.sqrt(2 * (excess_kurtosis + 2) / ours.size)
    assert abs(z) < stats.norm.isf(P_THRESHOLD / 2)


# Real torch modules, filled in place through their numpy views.


def make_model():
    torch.manual_seed(SEED)
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, kernel_size=3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(16, 8, kernel_size=(3, 5)),
        torch.nn.Flatten(),
        torch.nn.Linear(8 * 6 * 4, 32),
        torch.nn.Tanh(),
        torch.nn.Linear(32, 10),
    )


def weights(model):
    return [
        (name, p) for name, p in model.named_parameters() if name.endswith("weight")
    ]


def test_xavier_uniform_fills_torch_modules():
    model = make_model()
    for name, parameter in weights(model):
        view = parameter.detach().numpy()
        result = winit_fast.xavier_uniform(
            out=view, layout="torch", seed=SEED, stream=name
        )
        assert result is view

    for name, parameter in weights(model):
        values = parameter.detach().numpy()
        bound = math.sqrt(3.0) * torch_xavier_std(tuple(parameter.shape), 1.0)
        expected = winit_fast.uniform(
            tuple(parameter.shape), low=-bound, high=bound, seed=SEED, stream=name
        )
        # The module's own storage contains the fill, written without a copy.
        np.testing.assert_allclose(values, expected, rtol=0, atol=4e-7 * bound)
        assert np.abs(values).max() <= bound
        assert np.abs(values).max() > 0.9 * bound
        assert parameter.requires_grad

    # Divided by their bounds, the weights of all layers (8816 samples) are
    # uniform on [-1, 1).
    normalized = np.concatenate(
        [
            parameter.detach().numpy().ravel()
            / (math.sqrt(3.0) * torch_xavier_std(tuple(parameter.shape), 1.0))
            for _, parameter in weights(model)
        ]
    )
    assert stats.kstest(normalized, stats.uniform(-1, 2).cdf).pvalue > P_THRESHOLD
    # The sample variance of U[-1, 1) has mean 1/3 and relative standard
    # error sqrt(0.8 / n).
    z = (normalized.var() * 3 - 1) / math.sqrt(0.8 / normalized.size)
    assert abs(z) < stats.norm.isf(P_THRESHOLD / 2)

    output = model(torch.ones(2, 3, 8, 8))
    assert output.shape == (2, 10)
    assert torch.isfinite(output).all()


def test_he_normal_fills_torch_modules_by_name():
    model = make_model()
    for name, parameter in weights(model):
        winit_fast.he_normal(
            out=parameter.detach().numpy(), layout="torch", seed=SEED, stream=name
        )
    for name, parameter in weights(model):
        std = torch_kaiming_std(tuple(parameter.shape), "fan_in", "relu", 0)
        expected = winit_fast.normal(
            tuple(parameter.shape), std=std, seed=SEED, stream=name
        )
        np.testing.assert_allclose(
            parameter.detach().numpy(), expected, rtol=4e-7, atol=0
        )


def test_torch_default_init_bound_is_reproduced():
    # torch.nn.Linear and Conv2d initialize their weights with
    # kaiming_uniform_(a=sqrt(5)), a bound of 1 / sqrt(fan_in).
    model = make_model()
    for name, parameter in weights(model):
        shape = tuple(parameter.shape)
        fan_in, _ = torch_init._calculate_fan_in_and_fan_out(parameter)
        ours = winit_fast.he_uniform(
            shape,
            nonlinearity="leaky_relu",
            negative_slope=math.sqrt(5),
            layout="torch",
            seed=SEED,
            stream=name,
        )
        bound = 1 / math.sqrt(fan_in)
        assert np.abs(ours).max() <= bound
        assert np.abs(parameter.detach().numpy()).max() <= bound
        assert ours.max() > 0.9 * bound


def test_conv3d_and_transposed_weights_use_torch_fans():
    for module in [
        torch.nn.Conv3d(4, 6, kernel_size=(2, 3, 3)),
        torch.nn.ConvTranspose2d(5, 7, kernel_size=3),
        torch.nn.Conv1d(3, 9, kernel_size=4),
    ]:
        weight = module.weight
        shape = tuple(weight.shape)
        assert winit_fast.compute_fans(
            shape, layout="torch"
        ) == torch_init._calculate_fan_in_and_fan_out(weight)
        view = weight.detach().numpy()
        winit_fast.lecun_normal(out=view, layout="torch", seed=SEED)
        np.testing.assert_array_equal(
            view, winit_fast.lecun_normal(shape, layout="torch", seed=SEED)
        )
