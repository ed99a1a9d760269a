"""Generator: stream ids per call, reproducibility, pickling and threads."""

import copy
import inspect
import pickle
import threading

import numpy as np
import pytest

import winit_fast
from winit_fast import Generator, _initializers

SEED = 987654321

STREAM_METHODS = [
    "uniform",
    "normal",
    "truncated_normal",
    "variance_scaling",
    "xavier_uniform",
    "xavier_normal",
    "glorot_uniform",
    "glorot_normal",
    "he_normal",
    "he_uniform",
    "he",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
]


def test_has_every_initializer():
    for name in _initializers.__all__:
        assert callable(getattr(Generator, name)), name
    for name in ["uniform", "normal", "truncated_normal", "random_raw"]:
        assert callable(getattr(Generator, name)), name


def test_same_seed_same_sequence():
    first = Generator(SEED)
    second = Generator(SEED)
    for _ in range(3):
        np.testing.assert_array_equal(
            first.he_normal((16, 8)), second.he_normal((16, 8))
        )
        np.testing.assert_array_equal(first.uniform(10), second.uniform(10))


def test_calls_take_successive_streams():
    rng = Generator(SEED)
    assert rng.next_stream == 0
    for stream, name in enumerate(STREAM_METHODS):
        actual = getattr(rng, name)((6, 5))
        expected = getattr(winit_fast, name)((6, 5), seed=SEED, stream=stream)
        np.testing.assert_array_equal(actual, expected, err_msg=name)
        assert rng.next_stream == stream + 1


def test_successive_tensors_differ():
    rng = Generator(SEED)
    first = rng.normal(64)
    second = rng.normal(64)
    assert not np.array_equal(first, second)


def test_random_raw_takes_stream():
    rng = Generator(SEED)
    rng.normal(3)
    words = rng.random_raw(8, offset=4)
    np.testing.assert_array_equal(
        words, winit_fast.random_raw(8, seed=SEED, stream=1, offset=4)
    )
    assert rng.next_stream == 2


@pytest.mark.parametrize("stream", [7, "encoder.layer0.weight", 2**64 - 1])
def test_explicit_stream_is_passed_through(stream):
    rng = Generator(SEED)
    rng.normal(3)
    actual = rng.xavier_uniform((4, 6), stream=stream, dtype=np.float64)
    expected = winit_fast.xavier_uniform(
        (4, 6), seed=SEED, stream=stream, dtype=np.float64
    )
    np.testing.assert_array_equal(actual, expected)
    assert rng.next_stream == 1


def test_constant_methods_take_no_stream():
    rng = Generator(SEED)
    np.testing.assert_array_equal(rng.zeros((2, 3)), np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(rng.ones(4, dtype=np.float64), np.ones(4))
    np.testing.assert_array_equal(rng.constant(2, value=3.0), [3.0, 3.0])
    assert rng.next_stream == 0


def test_method_options_are_passed_through():
    rng = Generator(SEED)
    out = np.empty((8, 3, 3, 3), dtype=np.float64)
    result = rng.he_uniform(out=out, layout="torch", mode="fan_out", offset=5)
    assert result is out
    expected = winit_fast.he_uniform(
        (8, 3, 3, 3),
        layout="torch",
        mode="fan_out",
        offset=5,
        dtype=np.float64,
        seed=SEED,
        stream=0,
    )
    np.testing.assert_array_equal(out, expected)


def test_seed_drawn_from_os_is_exposed():
    rng = Generator()
    assert isinstance(rng.seed, int)
    assert 0 <= rng.seed < 2**64
    replay = Generator(rng.seed)
    np.testing.assert_array_equal(rng.normal(32), replay.normal(32))


def test_seed_accepts_numpy_int():
    assert Generator(np.uint64(2**64 - 1)).seed == 2**64 - 1


@pytest.mark.parametrize("seed", [-1, 2**64])
def test_seed_out_of_range_raises(seed):
    with pytest.raises(ValueError, match="seed must be in"):
        Generator(seed)


@pytest.mark.parametrize("seed", [1.5, "42", True])
def test_seed_of_wrong_type_raises(seed):
    with pytest.raises(TypeError, match="seed must be an int"):
        Generator(seed)


def test_seed_argument_to_method_raises():
    rng = Generator(SEED)
    with pytest.raises(TypeError, match="unexpected keyword argument 'seed'"):
        rng.normal(3, seed=1)
    assert rng.next_stream == 0


def test_seed_is_read_only():
    rng = Generator(SEED)
    with pytest.raises(AttributeError):
        rng.seed = 3


def test_pickle_round_trip_keeps_seed_and_next_stream():
    rng = Generator(SEED)
    rng.normal(3)
    rng.normal(3)
    restored = pickle.loads(pickle.dumps(rng))
    assert restored.seed == SEED
    assert restored.next_stream == 2
    np.testing.assert_array_equal(restored.he_normal((5, 7)), rng.he_normal((5, 7)))
    assert restored.next_stream == rng.next_stream == 3


def test_copies_are_independent():
    rng = Generator(SEED)
    rng.normal(3)
    duplicate = copy.deepcopy(rng)
    duplicate.normal(3)
    assert rng.next_stream == 1
    assert duplicate.next_stream == 2
    assert copy.copy(rng).next_stream == 1


def test_repr_shows_seed_and_next_stream():
    rng = Generator(SEED)
    rng.uniform(2)
    assert repr(rng) == f"Generator(seed={SEED}, next_stream=1)"


def test_signature_has_no_seed():
    signature = inspect.signature(Generator.he_normal)
    assert "seed" not in signature.parameters
    assert signature.parameters["stream"].default is None
    assert list(signature.parameters)[:2] == ["self", "shape"]
    assert "nonlinearity" in signature.parameters
    assert "seed" not in inspect.signature(Generator.random_raw).parameters


def test_threads_sharing_a_generator_get_distinct_streams():
    rng = Generator(SEED)
    calls_per_thread = 50
    thread_count = 8
    results = [[] for _ in range(thread_count)]
    barrier = threading.Barrier(thread_count)

    def work(slot):
        barrier.wait()
        for _ in range(calls_per_thread):
            results[slot].append(rng.random_raw(4))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(thread_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = thread_count * calls_per_thread
    assert rng.next_stream == total
    expected = {
        winit_fast.random_raw(4, seed=SEED, stream=stream).tobytes(): stream
        for stream in range(total)
    }
    assert len(expected) == total
    received = [words.tobytes() for slot in results for words in slot]
    assert sorted(expected[words] for words in received) == list(range(total))
