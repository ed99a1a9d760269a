"""Slow, readable reference implementation of stream v1.

This module does not import winit_fast. It computes, from the same Philox4x32-10
words that the package uses, the exact value of every output element that stream
v1 defines:

- Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy
  as 1, 2, 3", SC11) runs on uint64 numpy arrays that hold 32-bit values, so the
  32x32->64 products of each round are exact. It is vectorized over blocks.
- Uniform [0, 1) values are exact in float32 and float64.
- Standard normal values come from Box-Muller in np.longdouble (64-bit mantissa
  on x86-64). The reference error is below 2^-60 * max(1, |z|), at least 2^12
  times smaller than the float64 accuracy contract (2^-48 * max(1, |z|)).
- Truncated standard normal values come from mpmath at 128 bits, by Newton's
  method from a float64 starting point. The reference error is below
  2^-60 * max(1, |z|), at least 2^16 times smaller than the float64 contract
  (2^-44 * max(1, |z|)).

test_distributions.py checks both error claims against mpmath.

Element i of an output (counted from the stream start, so ``offset`` is
included) uses these raw words:

=================  =========  =========================
distribution       float32    float64
=================  =========  =========================
uniform            w_i        w_2i, w_2i+1
standard normal    w_2p,      w_4p .. w_4p+3, p = i // 2
                   w_2p+1
truncated normal   w_i        w_2i, w_2i+1
=================  =========  =========================
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from scipy.special import ndtri

# Philox4x32 round multipliers and Weyl key increments, as in Random123's
# philox.h (PHILOX_M4x32_0, PHILOX_M4x32_1, PHILOX_W32_0, PHILOX_W32_1).
PHILOX_M0 = 0xD2511F53
PHILOX_M1 = 0xCD9E8D57
PHILOX_W0 = 0x9E3779B9
PHILOX_W1 = 0xBB67AE85
PHILOX_ROUNDS = 10

MASK32 = 0xFFFFFFFF
UINT64_LIMIT = 2**64

# Precision of the mpmath evaluation of Phi in the truncated normal, and the
# stopping rule of the Newton iteration for Phi^-1.
TRUNCATED_NORMAL_PREC = 128
NEWTON_TOLERANCE = mpmath.mpf(2) ** -80
NEWTON_MAX_STEPS = 20

_EXTENDED_PRECISION = np.finfo(np.longdouble).nmant >= 63

# NOTE: the normal reference relies on np.longdouble having at least a 64-bit
# mantissa (x86-64 Linux, or quad precision). Where long double is plain
# double (Windows, macOS on arm64) the normal reference raises instead of
# silently losing 11 bits.
_PI = 4 * np.arctan(np.longdouble(1))


def philox4x32_10(counters, key) -> np.ndarray:
    """Run Philox4x32-10 on each counter and return the output blocks.

    Parameters
    ----------
    counters : array_like, shape (n, 4)
        32-bit counter words (c0, c1, c2, c3), one row per block.
    key : tuple of two ints
        32-bit key words (k0, k1).

    Returns
    -------
    numpy.ndarray of uint32, shape (n, 4)
    """
    blocks = np.asarray(counters, dtype=np.uint64).reshape(-1, 4)
    c0, c1, c2, c3 = (blocks[:, lane].copy() for lane in range(4))
    k0 = int(key[0]) & MASK32
    k1 = int(key[1]) & MASK32
    m0 = np.uint64(PHILOX_M0)
    m1 = np.uint64(PHILOX_M1)
    mask = np.uint64(MASK32)
    shift = np.uint64(32)

    for round_index in range(PHILOX_ROUNDS):
        if round_index > 0:
            k0 = (k0 + PHILOX_W0) & MASK32
            k1 = (k1 + PHILOX_W1) & MASK32

        # Both products fit in 64 bits because each factor is below 2^32.
        product0 = m0 * c0
        product1 = m1 * c2
        hi0 = product0 >> shift
        lo0 = product0 & mask
        hi1 = product1 >> shift
        lo1 = product1 & mask

        c0, c1, c2, c3 = (
            hi1 ^ c1 ^ np.uint64(k0),
            lo1,
            hi0 ^ c3 ^ np.uint64(k1),
            lo0,
        )

    return np.stack([c0, c1, c2, c3], axis=1).astype(np.uint32)


def raw_words(seed: int, stream: int, offset: int, n: int) -> np.ndarray:
    """Compute raw words offset .. offset + n - 1 of a stream.

    Block b of stream s uses the counter (b mod 2^32, b >> 32, s mod 2^32,
    s >> 32) and the key (seed mod 2^32, seed >> 32). Raw word j is lane j % 4
    of block j // 4. Unlike the package, ``offset`` may exceed 2^64 as long as
    the last block index stays below 2^64.

    Returns
    -------
    numpy.ndarray of uint32, shape (n,)
    """
    if not 0 <= seed < UINT64_LIMIT:
        raise ValueError(f"seed must be in [0, 2**64), got {seed}")
    if not 0 <= stream < UINT64_LIMIT:
        raise ValueError(f"stream must be in [0, 2**64), got {stream}")
    if offset < 0 or n < 0:
        raise ValueError(f"offset and n must be >= 0, got {offset} and {n}")
    if n == 0:
        return np.empty(0, dtype=np.uint32)

    first_block = offset // 4
    last_block = (offset + n - 1) // 4
    if last_block >= UINT64_LIMIT:
        raise ValueError(f"block index {last_block} does not fit in 64 bits")

    block_count = last_block - first_block + 1
    blocks = np.uint64(first_block) + np.arange(block_count, dtype=np.uint64)
    counters = np.empty((block_count, 4), dtype=np.uint64)
    counters[:, 0] = blocks & np.uint64(MASK32)
    counters[:, 1] = blocks >> np.uint64(32)
    counters[:, 2] = stream & MASK32
    counters[:, 3] = stream >> 32

    words = philox4x32_10(counters, (seed & MASK32, seed >> 32)).reshape(-1)
    start = offset - 4 * first_block
    return words[start : start + n]


def combine_words(low_words: np.ndarray, high_words: np.ndarray) -> np.ndarray:
    """Return the 64-bit integers low + 2^32 * high as uint64."""
    low = low_words.astype(np.uint64)
    high = high_words.astype(np.uint64)
    return low | (high << np.uint64(32))


def uniform01(seed: int, stream: int, offset: int, n: int, dtype) -> np.ndarray:
    """Compute uniform [0, 1) elements offset .. offset + n - 1 exactly.

    float32: (w_i >> 8) * 2^-24. float64: ((w_2i + 2^32 w_2i+1) >> 11) * 2^-53.
    Both products are exact in float64, so the float32 cast is exact too.
    """
    dtype = np.dtype(dtype)
    if dtype == np.float32:
        words = raw_words(seed, stream, offset, n).astype(np.uint64)
        mantissa = words >> np.uint64(8)
        return (mantissa.astype(np.float64) * 2.0**-24).astype(np.float32)
    if dtype == np.float64:
        words = raw_words(seed, stream, 2 * offset, 2 * n)
        combined = combine_words(words[0::2], words[1::2])
        mantissa = combined >> np.uint64(11)
        return mantissa.astype(np.float64) * 2.0**-53
    raise TypeError(f"dtype must be float32 or float64, got {dtype}")


def normal_pair_integers(words: np.ndarray, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Split the raw words of whole Box-Muller pairs into (K1, K2) as uint64.

    u1 = (K1 + 0.5) * 2^-B and t = (K2 + 0.5) * 2^-B, with B = 32 for float32
    (K1 = w_2p, K2 = w_2p+1) and B = 53 for float64 (K1 = U1 >> 11,
    K2 = U2 >> 11). ``words`` must start at the first word of a pair.
    """
    dtype = np.dtype(dtype)
    if dtype == np.float32:
        return words[0::2].astype(np.uint64), words[1::2].astype(np.uint64)
    if dtype == np.float64:
        u1_bits = combine_words(words[0::4], words[1::4]) >> np.uint64(11)
        t_bits = combine_words(words[2::4], words[3::4]) >> np.uint64(11)
        return u1_bits, t_bits
    raise TypeError(f"dtype must be float32 or float64, got {dtype}")


def _minus_log_u1(k1: np.ndarray, bits: int) -> np.ndarray:
    """Return -ln(u1) for u1 = (k1 + 0.5) 2^-bits in long double.

    Both u1 and its complement 1 - u1 are exact in long double (at most 54
    significant bits). Above u1 = 1/2 the logarithm uses log1p of the
    complement, so its relative error stays near one long double ulp even as
    u1 approaches 1.
    """
    scale = np.ldexp(np.longdouble(1), -bits)
    count = np.longdouble(2) ** bits
    k = k1.astype(np.longdouble)
    u1 = (k + np.longdouble(0.5)) * scale
    complement = (count - k - np.longdouble(0.5)) * scale
    near_one = u1 > np.longdouble(0.5)
    result = -np.log(u1)
    result[near_one] = -np.log1p(-complement[near_one])
    return result


def _cos_sin_two_pi(k2: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Return cos(2 pi t) and sin(2 pi t) for t = (k2 + 0.5) 2^-bits.

    The angle is reduced exactly: t = q / 4 + s with an integer quadrant q and
    |s| <= 1/8, both exact in long double. Only 2 pi s is rounded, so cos and
    sin keep a small relative error even where they are close to zero.
    """
    scale = np.ldexp(np.longdouble(1), -bits)
    t = (k2.astype(np.longdouble) + np.longdouble(0.5)) * scale
    quadrant = np.rint(4 * t)
    s = t - quadrant / 4
    theta = 2 * _PI * s
    cos_theta = np.cos(theta)
    sin_theta = np.sin(theta)

    quadrant = quadrant.astype(np.int64) % 4
    cos_table = [cos_theta, -sin_theta, -cos_theta, sin_theta]
    sin_table = [sin_theta, cos_theta, -sin_theta, -cos_theta]
    cos_value = np.choose(quadrant, cos_table)
    sin_value = np.choose(quadrant, sin_table)
    return cos_value, sin_value


def box_muller(k1: np.ndarray, k2: np.ndarray, bits: int) -> np.ndarray:
    """Return the Box-Muller pairs as long double, shape (len(k1), 2).

    Column 0 is r cos(2 pi t) and column 1 is r sin(2 pi t), with
    r = sqrt(-2 ln u1), u1 = (k1 + 0.5) 2^-bits and t = (k2 + 0.5) 2^-bits.
    """
    if not _EXTENDED_PRECISION:
        raise RuntimeError(
            "the normal reference needs np.longdouble with a 64-bit mantissa, "
            f"but this platform has {np.finfo(np.longdouble).nmant + 1} bits"
        )
    radius = np.sqrt(2 * _minus_log_u1(k1, bits))
    cos_value, sin_value = _cos_sin_two_pi(k2, bits)
    return np.stack([radius * cos_value, radius * sin_value], axis=1)


def standard_normal(seed: int, stream: int, offset: int, n: int, dtype) -> np.ndarray:
    """Compute standard normal elements offset .. offset + n - 1.

    Returns the exact Box-Muller values (before rounding to ``dtype``) as a
    long double array with error below 2^-60 * max(1, |z|).
    """
    dtype = np.dtype(dtype)
    if n == 0:
        return np.empty(0, dtype=np.longdouble)
    first_pair = offset // 2
    last_pair = (offset + n - 1) // 2
    pair_count = last_pair - first_pair + 1
    if dtype == np.float32:
        words_per_pair, bits = 2, 32
    elif dtype == np.float64:
        words_per_pair, bits = 4, 53
    else:
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")

    words = raw_words(
        seed, stream, words_per_pair * first_pair, words_per_pair * pair_count
    )
    k1, k2 = normal_pair_integers(words, dtype)
    values = box_muller(k1, k2, bits).reshape(-1)
    start = offset - 2 * first_pair
    return values[start : start + n]


def truncated_normal_integers(
    seed: int, stream: int, offset: int, n: int, dtype
) -> tuple[np.ndarray, int]:
    """Return the integers K and bit count B with u = (K + 0.5) 2^-B per element.

    float32: K = w_i, B = 32. float64: K = (w_2i + 2^32 w_2i+1) >> 11, B = 53.
    """
    dtype = np.dtype(dtype)
    if dtype == np.float32:
        return raw_words(seed, stream, offset, n).astype(np.uint64), 32
    if dtype == np.float64:
        words = raw_words(seed, stream, 2 * offset, 2 * n)
        return combine_words(words[0::2], words[1::2]) >> np.uint64(11), 53
    raise TypeError(f"dtype must be float32 or float64, got {dtype}")


def _normal_cdf(x: mpmath.mpf) -> mpmath.mpf:
    """Return Phi(x) with small relative error, also deep in the lower tail."""
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2


def _normal_pdf(x: mpmath.mpf) -> mpmath.mpf:
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def _lower_tail_quantile(p: mpmath.mpf) -> mpmath.mpf:
    """Return Phi^-1(p) for 0 < p <= 1/2 by Newton's method.

    scipy's float64 ndtri gives the start, about 2^-52 away in relative terms
    (less where p is subnormal in float64). The iteration converges
    quadratically, so once a step is below 2^-80 * max(1, |z|) the remaining
    error is far below 2^-100 * max(1, |z|).
    """
    start = float(ndtri(float(p)))
    if not math.isfinite(start):
        # float(p) underflowed to 0. Use the leading term of the tail.
        start = -math.sqrt(-2 * float(mpmath.log(p)))
    z = mpmath.mpf(start)
    for _ in range(NEWTON_MAX_STEPS):
        step = (_normal_cdf(z) - p) / _normal_pdf(z)
        z -= step
        if abs(step) <= NEWTON_TOLERANCE * max(1, abs(z)):
            return z
    raise ArithmeticError(f"Newton's method did not converge for Phi^-1({p})")


def _to_longdouble(value: mpmath.mpf) -> np.longdouble:
    """Round an mpmath number to long double through a float64 pair."""
    high = float(value)
    low = float(value - high)
    return np.longdouble(high) + np.longdouble(low)


def truncated_standard_normal_from_integers(
    integers: np.ndarray, bits: int, alpha: float, beta: float
) -> np.ndarray:
    """Return Phi^-1(Phi(alpha) + u (Phi(beta) - Phi(alpha))) as long double.

    u = (K + 0.5) 2^-bits for each K in ``integers``. Where the target
    probability p is above 1/2, the value is computed as -Phi^-1(q) with the
    complement q = Phi(-alpha) - u (Phi(-alpha) - Phi(-beta)), which equals
    1 - p exactly but keeps its relative precision when Phi(alpha) and
    Phi(beta) are both close to 1 (bounds deep in the upper tail).
    """
    if not alpha < beta:
        raise ValueError(f"alpha must be below beta, got {alpha} and {beta}")

    result = np.empty(len(integers), dtype=np.longdouble)
    with mpmath.workprec(TRUNCATED_NORMAL_PREC):
        alpha_mp = mpmath.mpf(alpha)
        beta_mp = mpmath.mpf(beta)
        lower_alpha = _normal_cdf(alpha_mp)
        lower_beta = _normal_cdf(beta_mp)
        upper_alpha = _normal_cdf(-alpha_mp)
        upper_beta = _normal_cdf(-beta_mp)
        scale = mpmath.ldexp(1, -bits)

        for index, integer in enumerate(integers):
            u = (mpmath.mpf(int(integer)) + mpmath.mpf(0.5)) * scale
            p = lower_alpha + u * (lower_beta - lower_alpha)
            if p <= 0.5:
                z = _lower_tail_quantile(p)
            else:
                q = upper_alpha - u * (upper_alpha - upper_beta)
                z = -_lower_tail_quantile(q)
            z = min(max(z, alpha_mp), beta_mp)
            result[index] = _to_longdouble(z)
    return result


def truncated_standard_normal(
    seed: int,
    stream: int,
    offset: int,
    n: int,
    dtype,
    alpha: float,
    beta: float,
) -> np.ndarray:
    """Compute truncated standard normal elements offset .. offset + n - 1.

    Returns the exact values on [alpha, beta] (before rounding to ``dtype``)
    as a long double array with error below 2^-60 * max(1, |z|).
    """
    integers, bits = truncated_normal_integers(seed, stream, offset, n, dtype)
    return truncated_standard_normal_from_integers(integers, bits, alpha, beta)
