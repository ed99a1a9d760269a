"""Raw Philox4x32-10 words: known-answer vectors, key and counter layout, offsets."""

import hashlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
import reference

import winit_fast

# Each test runs once per SIMD path (see conftest.py).
pytestmark = pytest.mark.usefixtures("simd_path")

KAT_PATH = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "philox4x32_10_kat.txt"
)

UINT64_MAX = 2**64 - 1

# random_raw takes word offsets below 2^64, so it reaches blocks below 2^62.
MAX_REACHABLE_BLOCK = UINT64_MAX // 4


class KatRow(NamedTuple):
    counter: tuple[int, int, int, int]
    key: tuple[int, int]
    output: tuple[int, int, int, int]

    @property
    def seed(self) -> int:
        return self.key[0] + (self.key[1] << 32)

    @property
    def stream(self) -> int:
        return self.counter[2] + (self.counter[3] << 32)

    @property
    def block(self) -> int:
        return self.counter[0] + (self.counter[1] << 32)


def read_kat_rows() -> list[KatRow]:
    """Parse the Random123 known-answer file for philox4x32 with 10 rounds."""
    if not KAT_PATH.is_file():
        pytest.fail(
            f"known-answer file not found at {KAT_PATH}; it must sit in "
            "shared/data next to the repository checkout"
        )
    rows = []
    for line in KAT_PATH.read_text().splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if fields[0] != "philox4x32" or fields[1] != "10":
            continue
        values = tuple(int(field, 16) for field in fields[2:])
        rows.append(KatRow(values[0:4], values[4:6], values[6:10]))
    return rows


@pytest.fixture(scope="module")
def kat_rows() -> list[KatRow]:
    rows = read_kat_rows()
    assert len(rows) >= 3, f"expected at least 3 philox4x32 10 rows in {KAT_PATH}"
    return rows


def blake2b_stream(name: str) -> int:
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def test_kat_reference_philox(kat_rows):
    for row in kat_rows:
        output = reference.philox4x32_10([row.counter], row.key)
        assert tuple(int(word) for word in output[0]) == row.output, row


def test_kat_reference_raw_words(kat_rows):
    # The same vectors through the seed, stream and block layout of stream v1.
    for row in kat_rows:
        words = reference.raw_words(row.seed, row.stream, 4 * row.block, 4)
        assert tuple(int(word) for word in words) == row.output, row


def test_kat_all_ones_row_present(kat_rows):
    all_ones = [row for row in kat_rows if row.block == UINT64_MAX]
    assert len(all_ones) == 1
    assert all_ones[0].seed == UINT64_MAX
    assert all_ones[0].stream == UINT64_MAX


def test_kat_random_raw_reachable(kat_rows):
    reachable = [row for row in kat_rows if row.block <= MAX_REACHABLE_BLOCK]
    assert reachable, "no known-answer row has a block that random_raw can reach"
    for row in reachable:
        words = winit_fast.random_raw(
            4, seed=row.seed, stream=row.stream, offset=4 * row.block
        )
        assert tuple(int(word) for word in words) == row.output, row


def test_kat_random_raw_same_key(kat_rows):
    # Rows whose block is out of reach: check the same key and stream at the
    # highest block that random_raw can express, against the reference.
    for row in kat_rows:
        block = min(row.block, MAX_REACHABLE_BLOCK)
        words = winit_fast.random_raw(
            4, seed=row.seed, stream=row.stream, offset=4 * block
        )
        expected = reference.raw_words(row.seed, row.stream, 4 * block, 4)
        np.testing.assert_array_equal(words, expected, err_msg=str(row))


def test_zero_counter_is_first_block(kat_rows):
    zero_row = kat_rows[0]
    assert zero_row.counter == (0, 0, 0, 0)
    assert zero_row.key == (0, 0)
    words = winit_fast.random_raw(4, seed=0)
    assert tuple(int(word) for word in words) == zero_row.output


def test_random_raw_dtype_and_shape():
    words = winit_fast.random_raw(10, seed=1)
    assert words.dtype == np.uint32
    assert words.shape == (10,)
    assert words.flags.c_contiguous


def test_random_raw_zero_words():
    words = winit_fast.random_raw(0, seed=1, offset=5)
    assert words.dtype == np.uint32
    assert words.shape == (0,)


def test_random_raw_requires_seed():
    with pytest.raises(TypeError):
        winit_fast.random_raw(4)


@pytest.mark.parametrize("offset", [0, 1, 2, 3, 4, 5, 6, 7, 13, 1001])
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 9, 37])
def test_random_raw_offsets(offset, n):
    words = winit_fast.random_raw(n, seed=12345, stream=7, offset=offset)
    expected = reference.raw_words(12345, 7, offset, n)
    np.testing.assert_array_equal(words, expected)


@pytest.mark.parametrize(
    "offset",
    [
        4 * 2**32 - 9,  # from block 2^32 - 3, lane 3, across the carry
        4 * 2**32 - 4,  # block 2^32 - 1 exactly
        4 * 2**32 - 1,  # last lane before the carry
        4 * 2**32,  # first word of block 2^32
        4 * 2**32 + 2,
        4 * (2**33 - 1) - 3,  # second carry into the high block word
        4 * (2**62 - 8),  # near the end of the reachable words
    ],
)
def test_random_raw_block_carry(offset):
    words = winit_fast.random_raw(20, seed=99, stream=3, offset=offset)
    expected = reference.raw_words(99, 3, offset, 20)
    np.testing.assert_array_equal(words, expected)


@pytest.mark.parametrize("n", [1, 2, 4, 7])
def test_random_raw_last_offsets(n):
    offset = 2**64 - n
    words = winit_fast.random_raw(n, seed=5, stream=6, offset=offset)
    expected = reference.raw_words(5, 6, offset, n)
    np.testing.assert_array_equal(words, expected)


@pytest.mark.parametrize("seed", [0, 1, 2**32 - 1, 2**32, 2**63, UINT64_MAX])
@pytest.mark.parametrize("stream", [0, 1, 2**32 - 1, 2**32, 2**63, UINT64_MAX])
def test_random_raw_seed_stream_extremes(seed, stream):
    words = winit_fast.random_raw(11, seed=seed, stream=stream, offset=3)
    expected = reference.raw_words(seed, stream, 3, 11)
    np.testing.assert_array_equal(words, expected)


def test_random_raw_all_ones_key_and_stream():
    offset = 4 * MAX_REACHABLE_BLOCK
    words = winit_fast.random_raw(4, seed=UINT64_MAX, stream=UINT64_MAX, offset=offset)
    expected = reference.raw_words(UINT64_MAX, UINT64_MAX, offset, 4)
    np.testing.assert_array_equal(words, expected)


def test_random_raw_key_halves_differ():
    # seed 1 and seed 2^32 must give different keys (k0 = 1 vs k1 = 1).
    low = winit_fast.random_raw(8, seed=1)
    high = winit_fast.random_raw(8, seed=2**32)
    assert not np.array_equal(low, high)


def test_random_raw_stream_halves_differ():
    low = winit_fast.random_raw(8, seed=0, stream=1)
    high = winit_fast.random_raw(8, seed=0, stream=2**32)
    assert not np.array_equal(low, high)


def test_blake2b_mapping_little_endian():
    # Pins the mapping itself, so a change in the helper cannot go unnoticed.
    digest = hashlib.blake2b(b"", digest_size=8).digest()
    assert blake2b_stream("") == int.from_bytes(digest, "little")
    assert blake2b_stream("") != int.from_bytes(digest, "big")


@pytest.mark.parametrize(
    "name",
    [
        "",
        "layer1.weight",
        "encoder/block.0/attn/q_proj",
        "gewichte-\u00e4\u00f6\u00fc",
        "\u6743\u91cd",
    ],
)
def test_random_raw_string_stream(name):
    stream = blake2b_stream(name)
    words = winit_fast.random_raw(9, seed=2024, stream=name, offset=2)
    np.testing.assert_array_equal(
        words, winit_fast.random_raw(9, seed=2024, stream=stream, offset=2)
    )
    np.testing.assert_array_equal(words, reference.raw_words(2024, stream, 2, 9))


def test_random_raw_offset_split():
    whole = winit_fast.random_raw(103, seed=8, stream=9, offset=17)
    for split in [0, 1, 2, 3, 4, 5, 50, 101, 102, 103]:
        head = winit_fast.random_raw(split, seed=8, stream=9, offset=17)
        tail = winit_fast.random_raw(103 - split, seed=8, stream=9, offset=17 + split)
        np.testing.assert_array_equal(
            np.concatenate([head, tail]), whole, err_msg=f"split {split}"
        )


def test_random_raw_large_matches_reference():
    words = winit_fast.random_raw(
        100_003, seed=31337, stream=2**40 + 5, offset=4 * 2**32 - 50_001
    )
    expected = reference.raw_words(31337, 2**40 + 5, 4 * 2**32 - 50_001, 100_003)
    np.testing.assert_array_equal(words, expected)
