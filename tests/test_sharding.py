"""Sharded fills: `index=` gives exactly full[index], with the whole tensor's fans."""

import numpy as np
import pytest

import winit_fast
from winit_fast import Generator

SEED = 1357
SHAPE = (6, 5, 4)

INDEXES = [
    np.s_[:],
    np.s_[2],
    np.s_[-1],
    np.s_[1:5],
    np.s_[::2],
    np.s_[::-1],
    np.s_[5:0:-2],
    np.s_[1:4, ::2],
    np.s_[:, 3],
    np.s_[:, :, -1],
    np.s_[2, 1:4, ::-3],
    np.s_[-1, -1, -1],
    np.s_[..., 2],
    np.s_[1, ..., ::2],
    np.s_[..., 1:3, :],
    np.s_[...],
    np.s_[()],
    np.s_[np.int64(3), np.int32(-2)],
    np.s_[2:2],
    np.s_[10:20],
    np.s_[:, ::-1, 1:],
]

FILLS = {
    "uniform": lambda **kw: winit_fast.uniform(low=-1.0, high=2.0, **kw),
    "normal": lambda **kw: winit_fast.normal(mean=0.5, std=2.0, **kw),
    "truncated_normal": lambda **kw: winit_fast.truncated_normal(**kw),
    "variance_scaling": lambda **kw: winit_fast.variance_scaling(**kw),
    "xavier_uniform": lambda **kw: winit_fast.xavier_uniform(**kw),
    "xavier_normal_torch": lambda **kw: winit_fast.xavier_normal(layout="torch", **kw),
    "he_normal_fan_out": lambda **kw: winit_fast.he_normal(mode="fan_out", **kw),
    "he_uniform_leaky": lambda **kw: winit_fast.he_uniform(
        nonlinearity="leaky_relu", negative_slope=0.1, **kw
    ),
    "lecun_normal_truncated": lambda **kw: winit_fast.lecun_normal(
        distribution="truncated_normal", **kw
    ),
    "lecun_uniform": lambda **kw: winit_fast.lecun_uniform(**kw),
    "constant": lambda **kw: winit_fast.constant(value=0.75, **kw),
    "zeros": lambda **kw: winit_fast.zeros(**kw),
}


def assert_bits_equal(actual, expected):
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(
        actual.view(f"u{actual.itemsize}"), expected.view(f"u{expected.itemsize}")
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("index", INDEXES, ids=repr)
@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_block_equals_slice_of_whole_fill(fill, index, dtype):
    tail = {"dtype": dtype, "seed": SEED, "stream": "shard"}
    full = fill(shape=SHAPE, **tail)
    block = fill(shape=SHAPE, index=index, **tail)
    assert_bits_equal(block, full[index])


@pytest.mark.parametrize("index", INDEXES[:12], ids=repr)
@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_block_into_out(fill, index):
    full = fill(shape=SHAPE, dtype=np.float64, seed=SEED, stream=4, offset=7)
    out = np.full(full[index].shape, np.nan)
    result = fill(shape=SHAPE, index=index, out=out, seed=SEED, stream=4, offset=7)
    assert result is out
    assert_bits_equal(out, full[index])


def test_block_into_strided_view():
    full = winit_fast.he_normal(SHAPE, seed=SEED)
    base = np.zeros((5, 8), dtype=np.float32)
    view = base[:, ::2]
    result = winit_fast.he_normal(SHAPE, index=np.s_[1:, 2], out=view, seed=SEED)
    assert result is view
    assert_bits_equal(base[:, ::2], full[1:, 2])
    assert (base[:, 1::2] == 0).all()


def test_shards_tile_the_whole_tensor():
    shape = (8, 12)
    full = winit_fast.xavier_uniform(shape, seed=SEED, stream="w")
    assembled = np.empty(shape, dtype=np.float32)
    for row in range(0, 8, 3):
        for column in range(0, 12, 5):
            index = np.s_[row : row + 3, column : column + 5]
            winit_fast.xavier_uniform(
                shape, index=index, out=assembled[index], seed=SEED, stream="w"
            )
    assert_bits_equal(assembled, full)


def test_fans_come_from_whole_shape():
    # A column of a (300, 100) kernel has the fans of the kernel, not of the
    # (300,) block, whose fans could not even be computed.
    column = winit_fast.he_uniform((300, 100), index=np.s_[:, 7], seed=SEED)
    assert column.shape == (300,)
    limit = np.sqrt(6 / 300)
    assert np.abs(column).max() <= limit
    assert np.abs(column).max() > 0.9 * limit


def test_generator_shards_match():
    # Each rank creates its generator with the same seed and makes the same
    # calls, so the tensors get the same streams.
    whole = Generator(SEED)
    rank = Generator(SEED)
    whole.lecun_normal((10, 6))
    second = whole.he_normal((6, 4))
    rank.lecun_normal((10, 6), index=np.s_[5:])
    block = rank.he_normal((6, 4), index=np.s_[:, 2:])
    assert_bits_equal(block, second[:, 2:])
    assert rank.next_stream == whole.next_stream == 2


@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_index_with_out_but_no_shape_raises(fill):
    with pytest.raises(ValueError, match="shape"):
        fill(index=np.s_[0], out=np.empty(SHAPE[1:], np.float32), seed=SEED)


@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_index_without_shape_raises(fill):
    with pytest.raises(ValueError, match="shape"):
        fill(index=np.s_[0], seed=SEED)


@pytest.mark.parametrize(
    "index",
    [
        np.s_[6],
        np.s_[-7],
        np.s_[:, 5],
        np.s_[0, 0, 4],
        np.s_[0, 0, 0, 0],
        np.s_[..., ...],
    ],
    ids=repr,
)
@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_index_outside_shape_raises(fill, index):
    with pytest.raises(IndexError):
        fill(shape=SHAPE, index=index, seed=SEED)


@pytest.mark.parametrize(
    "index", [np.s_[1.0], np.s_[None, 0], np.s_[True], np.s_["a"]], ids=repr
)
@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_unsupported_index_entry_raises(fill, index):
    with pytest.raises(IndexError, match="indices"):
        fill(shape=SHAPE, index=index, seed=SEED)


@pytest.mark.parametrize("fill", FILLS.values(), ids=FILLS.keys())
def test_out_of_wrong_block_shape_raises(fill):
    out = np.empty((6, 5), np.float32)
    with pytest.raises(ValueError, match="does not match out.shape"):
        fill(shape=SHAPE, index=np.s_[:, 0], out=out, seed=SEED)
