/*
 * Width-generic kernels of stream v1: Philox4x32-10 words, then the
 * conversion of words to uniform, normal and truncated normal values.
 *
 * Include this file after exactly one simd_<isa>.h. It is compiled once
 * per instruction set, always with -ffp-contract=off, so every path
 * performs the same IEEE operations in the same order and gives the same
 * bits; each fused multiply-add is written as one.
 *
 * What each element is (the stream v1 contract), with w_j the j-th raw
 * word: uniform float32 is (w_i >> 8) 2^-24; uniform float64 is
 * ((w_2i + 2^32 w_2i+1) >> 11) 2^-53; normal values are Box-Muller pairs
 * r cos(2 pi t), r sin(2 pi t) with r = sqrt(-2 ln u1); truncated normal
 * values are Phi^-1(Phi(alpha) + u (Phi(beta) - Phi(alpha))).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels.h"
#include "philox.h"

#define WF_STR2(x) #x
#define WF_STR(x) WF_STR2(x)
#define WF_CAT2(a, b) a##_##b
#define WF_CAT(a, b) WF_CAT2(a, b)
#define WF_FN(name) WF_CAT(name, WF_ISA)

/* ln 2 split so that e * WF_LN2_HI is exact for |e| < 2^9 (float) or
   2^21 (double). */
#define WF_LN2F_HI 0x1.62e4p-1f
#define WF_LN2F_LO 0x1.7f7d1cp-20f
#define WF_LN2_HI 0x1.62e42feep-1
#define WF_LN2_LO 0x1.a39ef35793c76p-33

/* 1 - sqrt(1/2): above it, 1 - c is reduced with exponent -1. */
#define WF_ONE_MINUS_SQRT_HALF 0.29289321881345247560

/* ---- Philox ---- */

/* Unrolling the ten rounds measured slightly faster on every path
   (kernel_rates on Zen 4). */
#if defined(__GNUC__) && !defined(__clang__)
#define WF_UNROLL_ROUNDS _Pragma("GCC unroll 10")
#elif defined(__clang__)
#define WF_UNROLL_ROUNDS _Pragma("unroll")
#else
#define WF_UNROLL_ROUNDS
#endif

/* Counters of WF_N32 consecutive blocks starting at block b. */
static inline void
WF_FN(philox_counters)(uint64_t b, uint64_t stream, vu32 ctr[4])
{
    vu32 base_lo = u32_set1((uint32_t)b);
    ctr[0] = u32_add(base_lo, u32_iota());
    /* A lane whose low word wrapped carries into the high word. */
    vu32 carry = u32_select(u32_lt(ctr[0], base_lo), u32_set1(1),
                            u32_set1(0));
    ctr[1] = u32_add(u32_set1((uint32_t)(b >> 32)), carry);
    ctr[2] = u32_set1((uint32_t)stream);
    ctr[3] = u32_set1((uint32_t)(stream >> 32));
}

static inline void
WF_FN(philox_round)(vu32 c[4], vu32 k0, vu32 k1)
{
    vu32 hi0, lo0, hi1, lo1;
    u32_mulhilo(c[0], WF_PHILOX_M0, &hi0, &lo0);
    u32_mulhilo(c[2], WF_PHILOX_M1, &hi1, &lo1);
    c[0] = u32_xor(u32_xor(hi1, c[1]), k0);
    c[1] = lo1;
    c[2] = u32_xor(u32_xor(hi0, c[3]), k1);
    c[3] = lo0;
}

/*
 * Words of blocks block .. block + nblocks - 1, in stream order.
 * nblocks is a multiple of WF_PHILOX_SETS * WF_N32: that many counter
 * vectors go through the rounds together, so that one's multiplies
 * overlap the others' latency.
 */
static void
WF_FN(philox_blocks)(uint64_t seed, uint64_t stream, uint64_t block,
                     size_t nblocks, uint32_t *words)
{
    const vu32 key_step0 = u32_set1(WF_PHILOX_W0);
    const vu32 key_step1 = u32_set1(WF_PHILOX_W1);

    for (size_t j = 0; j < nblocks; j += WF_PHILOX_SETS * WF_N32) {
        vu32 c[WF_PHILOX_SETS][4];
        for (int set = 0; set < WF_PHILOX_SETS; set++)
            WF_FN(philox_counters)(block + j + (size_t)set * WF_N32, stream,
                                   c[set]);
        vu32 k0 = u32_set1((uint32_t)seed);
        vu32 k1 = u32_set1((uint32_t)(seed >> 32));

        WF_UNROLL_ROUNDS
        for (int round = 0; round < WF_PHILOX_ROUNDS; round++) {
            if (round > 0) {
                k0 = u32_add(k0, key_step0);
                k1 = u32_add(k1, key_step1);
            }
            for (int set = 0; set < WF_PHILOX_SETS; set++)
                WF_FN(philox_round)(c[set], k0, k1);
        }
        for (int set = 0; set < WF_PHILOX_SETS; set++)
            u32_store_blocks(words + 4 * (j + (size_t)set * WF_N32),
                             c[set][0], c[set][1], c[set][2], c[set][3]);
    }
}

/* ---- uniform ---- */

/*
 * float32 uniform. When high - low is exact in float, one float fma
 * rounds the exact low + (high - low) f once. Otherwise the fma runs in
 * double, where high - low is exact, and the result rounds once more to
 * float: within one ulp, also where low and the product cancel. A double
 * at or above params->clamp_from would round to high or above, so it
 * becomes high_below.
 */
static void
WF_FN(uniform_f32)(const uint32_t *words, size_t nblocks, void *out,
                   const wf_kparams *params)
{
    float *dst = out;

    if (params->exact_range) {
        const vf32 scale = f32_set1(0x1p-24f);
        const vf32 low = f32_set1((float)params->low);
        const vf32 range = f32_set1((float)params->range);
        const vf32 high_below = f32_set1((float)params->high_below);
        for (size_t i = 0; i < 4 * nblocks; i += WF_N32) {
            vu32 w = u32_load(words + i);
            vf32 f = f32_mul(f32_from_i32(u32_srl(w, 8)), scale);
            f32_store(dst + i, f32_min(f32_fma(range, f, low), high_below));
        }
        return;
    }

    const vf64 scale = f64_set1(0x1p-24);
    const vf64 low = f64_set1(params->low);
    const vf64 range = f64_set1(params->range);
    const vf64 clamp_from = f64_set1(params->clamp_from);
    const vf64 high_below = f64_set1(params->high_below);
    for (size_t i = 0; i < 4 * nblocks; i += WF_N64) {
        vu64 w = u64_srl(u64_load_u32(words + i), 8);
        vf64 f = f64_mul(f64_from_u53(w), scale);
        vf64 y = f64_fma(range, f, low);
        f64_store_f32(dst + i, f64_select(f64_le(clamp_from, y), high_below,
                                          y));
    }
}

/* Knuth's two-sum: *sum = a + b rounded and *err its exact error. */
static inline void
WF_FN(two_sum)(vf64 a, vf64 b, vf64 *sum, vf64 *err)
{
    vf64 s = f64_add(a, b);
    vf64 b_part = f64_sub(s, a);
    *err = f64_add(f64_sub(a, f64_sub(s, b_part)), f64_sub(b, b_part));
    *sum = s;
}

/*
 * float64 uniform. When high - low is exact, one fma. Otherwise
 * high - low = range + range_lo exactly, both products with f are split
 * exactly by fma, and the five terms are summed by Ogita, Rump and
 * Oishi's SumK with K = 4 ("Accurate sum and dot product", SIAM J. Sci.
 * Comput. 26, 2005): as if in four times double precision, so the result
 * stays within one ulp even where low and the products cancel.
 */
static void
WF_FN(uniform_f64)(const uint32_t *words, size_t nblocks, void *out,
                   const wf_kparams *params)
{
    double *dst = out;
    const vf64 scale = f64_set1(0x1p-53);
    const vf64 low = f64_set1(params->low);
    const vf64 range = f64_set1(params->range);
    const vf64 range_lo = f64_set1(params->range_lo);
    const vf64 high_below = f64_set1(params->high_below);

    if (params->exact_range) {
        for (size_t i = 0; i < 2 * nblocks; i += WF_N64) {
            vu64 bits = u64_load(words + 2 * i);
            vf64 f = f64_mul(f64_from_u53(u64_srl(bits, 11)), scale);
            f64_store(dst + i, f64_min(f64_fma(range, f, low), high_below));
        }
        return;
    }

    for (size_t i = 0; i < 2 * nblocks; i += WF_N64) {
        vu64 bits = u64_load(words + 2 * i);
        vf64 f = f64_mul(f64_from_u53(u64_srl(bits, 11)), scale);
        vf64 terms[5];
        terms[0] = f64_mul(range_lo, f);
        terms[1] = f64_fma(range_lo, f, f64_sub(f64_set1(0.0), terms[0]));
        terms[2] = f64_mul(range, f);
        terms[3] = f64_fma(range, f, f64_sub(f64_set1(0.0), terms[2]));
        terms[4] = low;
        for (int pass = 0; pass < 3; pass++)
            for (int j = 1; j < 5; j++)
                WF_FN(two_sum)(terms[j], terms[j - 1], &terms[j],
                               &terms[j - 1]);
        vf64 tail = f64_add(f64_add(terms[0], terms[1]),
                            f64_add(terms[2], terms[3]));
        vf64 y = f64_add(terms[4], tail);
        f64_store(dst + i, f64_min(y, high_below));
    }
}

/* ---- logarithms ---- */

/*
 * log1p(f) for f in [1/sqrt(2) - 1, sqrt(2) - 1], as 2 atanh(s) with
 * s = f / (2 + f), |s| < 0.1716: the series 2 (s + s^3/3 + ... + s^9/9)
 * leaves a relative error below 2^-28.
 */
static inline vf32
WF_FN(log1p_reduced_f32)(vf32 f)
{
    vf32 s = f32_div(f, f32_add(f32_set1(2.0f), f));
    vf32 z = f32_mul(s, s);
    vf32 poly = f32_set1(1.0f / 9.0f);
    poly = f32_fma(poly, z, f32_set1(1.0f / 7.0f));
    poly = f32_fma(poly, z, f32_set1(1.0f / 5.0f));
    poly = f32_fma(poly, z, f32_set1(1.0f / 3.0f));
    vf32 two_s = f32_add(s, s);
    return f32_fma(f32_mul(two_s, z), poly, two_s);
}

/* As log1p_reduced_f32, with the series to s^19 (relative error below
   2^-55). */
static inline vf64
WF_FN(log1p_reduced_f64)(vf64 f)
{
    static const double coef[9] = {
        1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
        1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,
    };
    vf64 s = f64_div(f, f64_add(f64_set1(2.0), f));
    vf64 z = f64_mul(s, s);
    vf64 poly = f64_set1(coef[0]);
    for (int k = 1; k < 9; k++)
        poly = f64_fma(poly, z, f64_set1(coef[k]));
    vf64 two_s = f64_add(s, s);
    return f64_fma(f64_mul(two_s, z), poly, two_s);
}

/*
 * Split a positive normal float x as m 2^e with m in [sqrt(1/2),
 * sqrt(2)); return m - 1 (exact) and e.
 */
static inline vf32
WF_FN(reduce_f32)(vf32 x, vf32 *exponent)
{
    vu32 bits = u32_add(f32_bits(x), u32_set1(0x3f800000u - 0x3f3504f3u));
    vu32 biased = u32_srl(bits, 23);
    *exponent = f32_sub(f32_from_i32(biased), f32_set1(127.0f));
    vu32 mant = u32_add(u32_and(bits, u32_set1(0x007fffffu)),
                        u32_set1(0x3f3504f3u));
    return f32_sub(f32_from_bits(mant), f32_set1(1.0f));
}

static inline vf64
WF_FN(reduce_f64)(vf64 x, vf64 *exponent)
{
    const uint64_t sqrt_half = UINT64_C(0x3fe6a09e667f3bcd);
    vu64 bits = u64_add(f64_bits(x),
                        u64_set1(UINT64_C(0x3ff0000000000000) - sqrt_half));
    vu64 biased = u64_srl(bits, 52);
    *exponent = f64_sub(f64_from_u53(biased), f64_set1(1023.0));
    vu64 mant = u64_add(u64_and(bits, u64_set1(UINT64_C(0x000fffffffffffff))),
                        u64_set1(sqrt_half));
    return f64_sub(f64_from_bits(mant), f64_set1(1.0));
}

/* ln(2^e (1 + f)) for f as reduce_f32 returns it, ln 2 in two parts. */
static inline vf32
WF_FN(log_parts_f32)(vf32 f, vf32 e)
{
    vf32 tail = f32_fma(e, f32_set1(WF_LN2F_LO), WF_FN(log1p_reduced_f32)(f));
    return f32_fma(e, f32_set1(WF_LN2F_HI), tail);
}

static inline vf64
WF_FN(log_parts_f64)(vf64 f, vf64 e)
{
    vf64 tail = f64_fma(e, f64_set1(WF_LN2_LO), WF_FN(log1p_reduced_f64)(f));
    return f64_fma(e, f64_set1(WF_LN2_HI), tail);
}

/* Natural log of a positive normal float. */
static inline vf32
WF_FN(log_f32)(vf32 x)
{
    vf32 e;
    vf32 f = WF_FN(reduce_f32)(x, &e);
    return WF_FN(log_parts_f32)(f, e);
}

/* Natural log of a positive normal double. */
static inline vf64
WF_FN(log_f64)(vf64 x)
{
    vf64 e;
    vf64 f = WF_FN(reduce_f64)(x, &e);
    return WF_FN(log_parts_f64)(f, e);
}

/* ---- Box-Muller radius ---- */

/*
 * r = sqrt(-2 ln u1) with u1 = (w + 0.5) 2^-32. Box-Muller is
 * ill-conditioned as u1 approaches 1, so for w >= 2^31 the log is taken
 * of 1 - c with c = (~w + 0.5) 2^-32, the exact complement: 1 - c is
 * reduced by hand as (-c, e = 0) or (1 - 2c, e = -1), which keeps every
 * bit of c.
 */
static inline vf32
WF_FN(radius_f32)(vu32 w)
{
    m32 upper = u32_top_bit(w);
    vu32 v = u32_select(upper, u32_xor(w, u32_set1(0xffffffffu)), w);
    /* v < 2^31, so the signed conversion applies (rounding to 24 bits). */
    vf32 a = f32_fma(f32_from_i32(v), f32_set1(0x1p-32f), f32_set1(0x1p-33f));

    vf32 e_low;
    vf32 f_low = WF_FN(reduce_f32)(a, &e_low);

    m32 near_one = f32_le(a, f32_set1((float)WF_ONE_MINUS_SQRT_HALF));
    vf32 f_high = f32_select(near_one, f32_sub(f32_set1(0.0f), a),
                             f32_sub(f32_set1(1.0f), f32_add(a, a)));
    vf32 e_high = f32_select(near_one, f32_set1(0.0f), f32_set1(-1.0f));

    vf32 f = f32_select(upper, f_high, f_low);
    vf32 e = f32_select(upper, e_high, e_low);
    vf32 log_u1 = WF_FN(log_parts_f32)(f, e);
    return f32_sqrt(f32_mul(log_u1, f32_set1(-2.0f)));
}

/* As radius_f32 for u1 = ((U >> 11) + 0.5) 2^-53. */
static inline vf64
WF_FN(radius_f64)(vu64 bits)
{
    const uint64_t low53 = (UINT64_C(1) << 53) - 1;
    m64 upper = u64_top_bit(bits);
    vu64 k = u64_srl(bits, 11);
    vu64 v = u64_select(upper, u64_xor(k, u64_set1(low53)), k);
    /* v < 2^52, so (v + 0.5) 2^-53 is exact. */
    vf64 a = f64_fma(f64_from_u53(v), f64_set1(0x1p-53), f64_set1(0x1p-54));

    vf64 e_low;
    vf64 f_low = WF_FN(reduce_f64)(a, &e_low);

    m64 near_one = f64_le(a, f64_set1(WF_ONE_MINUS_SQRT_HALF));
    vf64 f_high = f64_select(near_one, f64_sub(f64_set1(0.0), a),
                             f64_sub(f64_set1(1.0), f64_add(a, a)));
    vf64 e_high = f64_select(near_one, f64_set1(0.0), f64_set1(-1.0));

    vf64 f = f64_select(upper, f_high, f_low);
    vf64 e = f64_select(upper, e_high, e_low);
    vf64 log_u1 = WF_FN(log_parts_f64)(f, e);
    return f64_sqrt(f64_mul(log_u1, f64_set1(-2.0)));
}

/* ---- Box-Muller angle ---- */

/*
 * cos and sin of 2 pi t, t = (w + 0.5) 2^-32, without rounding 2 pi t:
 * the top 3 bits of w are the octant, so theta = q pi/2 + y with q the
 * nearest quadrant and y = (g + 0.5) pi/4 2^-29, |y| < pi/4, where g is
 * the rest of w, less 2^29 in odd octants. sin y and cos y are Taylor
 * polynomials to y^9 and y^10 (truncation error below 2^-30).
 */
static inline void
WF_FN(sincos_f32)(vu32 w, vf32 *cos_out, vf32 *sin_out)
{
    vu32 octant = u32_srl(w, 29);
    vu32 odd = u32_and(octant, u32_set1(1));
    vu32 g = u32_sub(u32_and(w, u32_set1(0x1fffffffu)), u32_sll(odd, 29));
    vu32 twice_g_plus_1 = u32_add(u32_sll(g, 1), u32_set1(1));
    vf32 y = f32_mul(f32_from_i32(twice_g_plus_1),
                     f32_set1((float)(0.78539816339744830962 * 0x1p-30)));
    vu32 quadrant = u32_srl(u32_add(octant, u32_set1(1)), 1);

    vf32 y2 = f32_mul(y, y);
    vf32 ps = f32_set1(1.0f / 362880.0f);
    ps = f32_fma(ps, y2, f32_set1(-1.0f / 5040.0f));
    ps = f32_fma(ps, y2, f32_set1(1.0f / 120.0f));
    ps = f32_fma(ps, y2, f32_set1(-1.0f / 6.0f));
    vf32 sin_y = f32_fma(f32_mul(y, y2), ps, y);
    vf32 pc = f32_set1(-1.0f / 3628800.0f);
    pc = f32_fma(pc, y2, f32_set1(1.0f / 40320.0f));
    pc = f32_fma(pc, y2, f32_set1(-1.0f / 720.0f));
    pc = f32_fma(pc, y2, f32_set1(1.0f / 24.0f));
    pc = f32_fma(pc, y2, f32_set1(-0.5f));
    vf32 cos_y = f32_fma(y2, pc, f32_set1(1.0f));

    /* cos(q pi/2 + y) and sin(q pi/2 + y) by quadrant q mod 4. */
    m32 swap = u32_nonzero(u32_and(quadrant, u32_set1(1)));
    vf32 c = f32_select(swap, sin_y, cos_y);
    vf32 s = f32_select(swap, cos_y, sin_y);
    vu32 cos_sign = u32_sll(u32_and(u32_add(quadrant, u32_set1(1)),
                                    u32_set1(2)), 30);
    vu32 sin_sign = u32_sll(u32_and(quadrant, u32_set1(2)), 30);
    *cos_out = f32_from_bits(u32_xor(f32_bits(c), cos_sign));
    *sin_out = f32_from_bits(u32_xor(f32_bits(s), sin_sign));
}

/* As sincos_f32 for t = ((U >> 11) + 0.5) 2^-53; Taylor polynomials to
   y^15 and y^16 (truncation error below 2^-54). */
static inline void
WF_FN(sincos_f64)(vu64 bits, vf64 *cos_out, vf64 *sin_out)
{
    static const double sin_coef[7] = {
        -1.0 / 1307674368000.0, 1.0 / 6227020800.0, -1.0 / 39916800.0,
        1.0 / 362880.0,         -1.0 / 5040.0,      1.0 / 120.0,
        -1.0 / 6.0,
    };
    static const double cos_coef[8] = {
        1.0 / 20922789888000.0, -1.0 / 87178291200.0, 1.0 / 479001600.0,
        -1.0 / 3628800.0,       1.0 / 40320.0,        -1.0 / 720.0,
        1.0 / 24.0,             -0.5,
    };
    vu64 k = u64_srl(bits, 11);
    vu64 octant = u64_srl(k, 50);
    vu64 odd = u64_and(octant, u64_set1(1));
    vu64 g = u64_sub(u64_and(k, u64_set1((UINT64_C(1) << 50) - 1)),
                     u64_sll(odd, 50));
    vu64 twice_g_plus_1 = u64_add(u64_sll(g, 1), u64_set1(1));
    vf64 y = f64_mul(f64_from_i51(twice_g_plus_1),
                     f64_set1(0.78539816339744830962 * 0x1p-51));
    vu64 quadrant = u64_srl(u64_add(octant, u64_set1(1)), 1);

    vf64 y2 = f64_mul(y, y);
    vf64 ps = f64_set1(sin_coef[0]);
    for (int j = 1; j < 7; j++)
        ps = f64_fma(ps, y2, f64_set1(sin_coef[j]));
    vf64 sin_y = f64_fma(f64_mul(y, y2), ps, y);
    vf64 pc = f64_set1(cos_coef[0]);
    for (int j = 1; j < 8; j++)
        pc = f64_fma(pc, y2, f64_set1(cos_coef[j]));
    vf64 cos_y = f64_fma(y2, pc, f64_set1(1.0));

    m64 swap = u64_nonzero(u64_and(quadrant, u64_set1(1)));
    vf64 c = f64_select(swap, sin_y, cos_y);
    vf64 s = f64_select(swap, cos_y, sin_y);
    vu64 cos_sign = u64_sll(u64_and(u64_add(quadrant, u64_set1(1)),
                                    u64_set1(2)), 62);
    vu64 sin_sign = u64_sll(u64_and(quadrant, u64_set1(2)), 62);
    *cos_out = f64_from_bits(u64_xor(f64_bits(c), cos_sign));
    *sin_out = f64_from_bits(u64_xor(f64_bits(s), sin_sign));
}

/* ---- normal ---- */

/*
 * Number of independent vectors that each normal step works on, each
 * stage written for all of them in turn. The Box-Muller chain is long, so
 * this puts work from another chain within the out-of-order window. On
 * Zen 4, two gave 10% to 18% more than one (kernel_rates), and four less
 * than two. Block counts are multiples of 2 * WF_N32, so two always fit.
 */
#define WF_WAYS 2

static void
WF_FN(normal_f32)(const uint32_t *words, size_t nblocks, void *out,
                  const wf_kparams *params)
{
    float *dst = out;
    const vf32 mean = f32_set1((float)params->mean);
    const vf32 std = f32_set1((float)params->std);

    /* Each step makes WF_WAYS * WF_N32 pairs from 2 * WF_WAYS * WF_N32
       words. */
    for (size_t i = 0; i < 4 * nblocks; i += WF_WAYS * 2 * WF_N32) {
        vu32 w_radius[WF_WAYS], w_angle[WF_WAYS];
        vf32 r[WF_WAYS], c[WF_WAYS], s[WF_WAYS];
        for (int k = 0; k < WF_WAYS; k++)
            u32_load_pairs(words + i + k * 2 * WF_N32, &w_radius[k],
                           &w_angle[k]);
        for (int k = 0; k < WF_WAYS; k++)
            r[k] = WF_FN(radius_f32)(w_radius[k]);
        for (int k = 0; k < WF_WAYS; k++)
            WF_FN(sincos_f32)(w_angle[k], &c[k], &s[k]);
        for (int k = 0; k < WF_WAYS; k++)
            f32_store_pairs(dst + i + k * 2 * WF_N32,
                            f32_fma(std, f32_mul(r[k], c[k]), mean),
                            f32_fma(std, f32_mul(r[k], s[k]), mean));
    }
}

static void
WF_FN(normal_f64)(const uint32_t *words, size_t nblocks, void *out,
                  const wf_kparams *params)
{
    double *dst = out;
    const vf64 mean = f64_set1(params->mean);
    const vf64 std = f64_set1(params->std);

    /* Each step makes WF_WAYS * WF_N64 pairs from 4 * WF_WAYS * WF_N64
       words. */
    for (size_t p = 0; p < nblocks; p += WF_WAYS * WF_N64) {
        vu64 radius_bits[WF_WAYS], angle_bits[WF_WAYS];
        vf64 r[WF_WAYS], c[WF_WAYS], s[WF_WAYS];
        for (int k = 0; k < WF_WAYS; k++)
            u64_load_pairs(words + 4 * (p + (size_t)k * WF_N64),
                           &radius_bits[k], &angle_bits[k]);
        for (int k = 0; k < WF_WAYS; k++)
            r[k] = WF_FN(radius_f64)(radius_bits[k]);
        for (int k = 0; k < WF_WAYS; k++)
            WF_FN(sincos_f64)(angle_bits[k], &c[k], &s[k]);
        for (int k = 0; k < WF_WAYS; k++)
            f64_store_pairs(dst + 2 * (p + (size_t)k * WF_N64),
                            f64_fma(std, f64_mul(r[k], c[k]), mean),
                            f64_fma(std, f64_mul(r[k], s[k]), mean));
    }
}

/* ---- truncated normal ---- */

static inline vf64
WF_FN(polyval8)(const double coef[8], vf64 x)
{
    vf64 acc = f64_set1(coef[7]);
    for (int j = 6; j >= 0; j--)
        acc = f64_fma(acc, x, f64_set1(coef[j]));
    return acc;
}

/* Above this sqrt(-ln p), that is beyond about 36.7 standard deviations,
   the tail is solved by Newton steps instead of AS 241. */
#define WF_DEEP_TAIL_R 26.0

/*
 * x > 0 with ln Q(x) = log_p, Q the upper normal tail, for x beyond
 * about 36 standard deviations. ln Q(x) = -x^2/2 - ln(x sqrt(2 pi))
 * + ln S(x), with S(x) = 1 - 1/x^2 + 3/x^4 - ... (the asymptotic series,
 * eighth term below 2e-19 there). Start from x^2 = t - ln(2 pi t),
 * t = -2 log_p; three Newton steps with slope -(x + 1/x) bring the
 * relative error below 1e-16.
 */
static inline vf64
WF_FN(deep_tail)(vf64 log_p)
{
    static const double series[8] = {
        -135135.0, 10395.0, -945.0, 105.0, -15.0, 3.0, -1.0, 1.0,
    };
    const double ln_sqrt_2pi = 0.91893853320467274178;
    vf64 t = f64_mul(log_p, f64_set1(-2.0));
    const vf64 two_pi = f64_set1(6.28318530717958647693);
    vf64 guess = f64_sub(t, WF_FN(log_f64)(f64_mul(t, two_pi)));
    vf64 x = f64_sqrt(guess);
    for (int step = 0; step < 3; step++) {
        vf64 inv_x = f64_div(f64_set1(1.0), x);
        vf64 inv_x2 = f64_mul(inv_x, inv_x);
        vf64 s = f64_set1(series[0]);
        for (int k = 1; k < 8; k++)
            s = f64_fma(s, inv_x2, f64_set1(series[k]));
        vf64 log_q = f64_mul(f64_mul(x, x), f64_set1(-0.5));
        log_q = f64_sub(log_q, WF_FN(log_f64)(x));
        log_q = f64_sub(log_q, f64_set1(ln_sqrt_2pi));
        log_q = f64_add(log_q, WF_FN(log_f64)(s));
        x = f64_add(x, f64_div(f64_sub(log_q, log_p), f64_add(x, inv_x)));
    }
    return x;
}

/*
 * Phi^-1 of a probability p <= 0.5 + (rounding), given as
 * p_scaled exp(log_offset); log_offset is 0 unless p is deep in the tail.
 * Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988)
 * 477-484: a rational function of p - 0.5 in the centre, of sqrt(-ln p)
 * in the tail, relative error about 1e-16 for |z| up to 38 (checked
 * against mpmath); deep_tail takes over beyond about 36.7.
 */
static inline vf64
WF_FN(ndtri_lower)(vf64 p_scaled, vf64 log_offset)
{
    static const double a[8] = {
        3.3871328727963666080e0,  1.3314166789178437745e+2,
        1.9715909503065514427e+3, 1.3731693765509461125e+4,
        4.5921953931549871457e+4, 6.7265770927008700853e+4,
        3.3430575583588128105e+4, 2.5090809287301226727e+3,
    };
    static const double b[8] = {
        1.0,                      4.2313330701600911252e+1,
        6.8718700749205790830e+2, 5.3941960214247511077e+3,
        2.1213794301586595867e+4, 3.9307895800092710610e+4,
        2.8729085735721942674e+4, 5.2264952788528545610e+3,
    };
    static const double c[8] = {
        1.42343711074968357734e0,  4.63033784615654529590e0,
        5.76949722146069140550e0,  3.64784832476320460504e0,
        1.27045825245236838258e0,  2.41780725177450611770e-1,
        2.27238449892691845833e-2, 7.74545014278341407640e-4,
    };
    static const double d[8] = {
        1.0,                       2.05319162663775882187e0,
        1.67638483018380384940e0,  6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2,
        5.47593808499534494600e-4, 1.05075007164441684324e-9,
    };
    static const double e_num[8] = {
        6.65790464350110377720e0,  5.46378491116411436990e0,
        1.78482653991729133580e0,  2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3,
        2.71155556874348757815e-5, 2.01033439929228813265e-7,
    };
    static const double f_den[8] = {
        1.0,                       5.99832206555887937690e-1,
        1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5,
        1.42151175831644588870e-7, 2.04426310338993978564e-15,
    };

    vf64 q = f64_sub(p_scaled, f64_set1(0.5));
    m64 unscaled = f64_le(f64_set1(0.0), log_offset);
    m64 central = m64_and(unscaled,
                          f64_le(f64_max(q, f64_sub(f64_set1(0.0), q)),
                                 f64_set1(0.425)));
    vf64 z = f64_set1(0.0);

    if (m64_any(central)) {
        vf64 r = f64_fma(f64_sub(f64_set1(0.0), q), q, f64_set1(0.180625));
        vf64 zc = f64_div(f64_mul(q, WF_FN(polyval8)(a, r)),
                          WF_FN(polyval8)(b, r));
        z = f64_select(central, zc, z);
    }
    m64 tail = m64_not(central);
    if (m64_any(tail)) {
        vf64 log_p = f64_add(WF_FN(log_f64)(p_scaled), log_offset);
        vf64 r = f64_sqrt(f64_sub(f64_set1(0.0), log_p));
        m64 near = f64_le(r, f64_set1(5.0));
        vf64 zt = f64_set1(0.0);
        if (m64_any(m64_and(tail, near))) {
            vf64 x = f64_sub(r, f64_set1(1.6));
            zt = f64_div(WF_FN(polyval8)(c, x), WF_FN(polyval8)(d, x));
        }
        if (m64_any(m64_andnot(near, tail))) {
            vf64 x = f64_sub(r, f64_set1(5.0));
            vf64 zf = f64_div(WF_FN(polyval8)(e_num, x),
                              WF_FN(polyval8)(f_den, x));
            zt = f64_select(near, zt, zf);
        }
        m64 deep = m64_and(tail, f64_lt(f64_set1(WF_DEEP_TAIL_R), r));
        if (m64_any(deep))
            zt = f64_select(deep, WF_FN(deep_tail)(log_p), zt);
        z = f64_select(central, z, f64_sub(f64_set1(0.0), zt));
    }
    return z;
}

/* z for u = (k + 0.5) 2^-bits and 1 - u, both given exactly. */
static inline vf64
WF_FN(truncnorm_z)(vf64 u, vf64 one_minus_u, const wf_kparams *params)
{
    m64 upper = f64_lt(f64_set1(params->u_split), u);
    vf64 p_lower = f64_fma(u, f64_set1(params->p_scale),
                           f64_set1(params->p_base));
    vf64 p_upper = f64_fma(one_minus_u, f64_set1(params->q_scale),
                           f64_set1(params->q_base));
    vf64 p = f64_select(upper, p_upper, p_lower);
    vf64 log_offset = f64_select(upper, f64_set1(params->q_log_offset),
                                 f64_set1(params->p_log_offset));
    vf64 z = WF_FN(ndtri_lower)(p, log_offset);
    z = f64_select(upper, f64_sub(f64_set1(0.0), z), z);
    return f64_min(f64_max(z, f64_set1(params->alpha)),
                   f64_set1(params->beta));
}

static inline vf32
WF_FN(polyval4_f32)(const float coef[4], vf32 x)
{
    vf32 acc = f32_set1(coef[3]);
    for (int j = 2; j >= 0; j--)
        acc = f32_fma(acc, x, f32_set1(coef[j]));
    return acc;
}

/*
 * Phi^-1(p) in float for a normal float p <= 1/2 + (rounding), by
 * Wichura's lower-precision AS 241 (PPND7, same paper as ndtri_lower).
 * Its rationals have degree 3 instead of 7, and its relative error in
 * exact arithmetic is below 2^-23.0 (against scipy's ndtri). The centre
 * and the tail share one division.
 */
static inline vf32
WF_FN(ndtri_lower_f32)(vf32 p)
{
    static const float a[4] = {
        3.3871327179f, 50.434271938f, 159.29113202f, 59.109374720f,
    };
    static const float b[4] = {
        1.0f, 17.895169469f, 78.757757664f, 67.187563600f,
    };
    static const float c[4] = {
        1.4234372777f, 2.7568153900f, 1.3067284816f, 0.17023821103f,
    };
    static const float d[4] = {1.0f, 0.73700164250f, 0.12021132975f, 0.0f};
    static const float e_num[4] = {
        6.6579051150f, 3.0812263860f, 0.42868294337f, 0.017337203997f,
    };
    static const float f_den[4] = {1.0f, 0.24197894225f, 0.012258202635f,
                                   0.0f};

    const vf32 zero = f32_set1(0.0f);
    vf32 q = f32_sub(p, f32_set1(0.5f));
    m32 central = f32_le(f32_max(q, f32_sub(zero, q)), f32_set1(0.425f));
    vf32 num = zero;
    vf32 den = f32_set1(1.0f);

    if (m32_any(central)) {
        vf32 r = f32_fma(f32_sub(zero, q), q, f32_set1(0.180625f));
        num = f32_mul(q, WF_FN(polyval4_f32)(a, r));
        den = WF_FN(polyval4_f32)(b, r);
    }
    m32 tail = m32_not(central);
    if (m32_any(tail)) {
        vf32 r = f32_sqrt(f32_sub(zero, WF_FN(log_f32)(p)));
        m32 near = f32_le(r, f32_set1(5.0f));
        vf32 x = f32_sub(r, f32_set1(1.6f));
        vf32 tail_num = WF_FN(polyval4_f32)(c, x);
        vf32 tail_den = WF_FN(polyval4_f32)(d, x);
        if (m32_any(m32_andnot(near, tail))) {
            x = f32_sub(r, f32_set1(5.0f));
            tail_num = f32_select(near, tail_num,
                                  WF_FN(polyval4_f32)(e_num, x));
            tail_den = f32_select(near, tail_den,
                                  WF_FN(polyval4_f32)(f_den, x));
        }
        num = f32_select(central, num, f32_sub(zero, tail_num));
        den = f32_select(central, den, tail_den);
    }
    return f32_div(num, den);
}

/*
 * The float32 truncated normal when params->fast_f32 is set: u, p and
 * Phi^-1 all in float, WF_N32 lanes at a time. The parameters guarantee
 * a normal float p on every side in use (see params.c).
 */
static void
WF_FN(truncnorm_fast_f32)(const uint32_t *words, size_t nblocks, float *dst,
                          const wf_kparams *params)
{
    const vf32 zero = f32_set1(0.0f);
    const vf32 u_split = f32_set1((float)params->u_split);
    const vf32 p_scale = f32_set1((float)params->p_scale);
    const vf32 p_base = f32_set1((float)params->p_base);
    const vf32 q_scale = f32_set1((float)params->q_scale);
    const vf32 q_base = f32_set1((float)params->q_base);
    const vf32 alpha = f32_set1((float)params->alpha);
    const vf32 beta = f32_set1((float)params->beta);
    const vf32 mean = f32_set1((float)params->mean);
    const vf32 std = f32_set1((float)params->std);
    const vf32 lo_clamp = f32_set1((float)params->lo_clamp);
    const vf32 hi_clamp = f32_set1((float)params->hi_clamp);

    for (size_t i = 0; i < 4 * nblocks; i += WF_N32) {
        vu32 w = u32_load(words + i);
        /* The smaller of u and 1 - u from v < 2^31 (so the signed
           conversion applies), the larger as 1 minus it. */
        m32 top = u32_top_bit(w);
        vu32 v = u32_select(top, u32_xor(w, u32_set1(0xffffffffu)), w);
        vf32 small = f32_fma(f32_from_i32(v), f32_set1(0x1p-32f),
                             f32_set1(0x1p-33f));
        vf32 large = f32_sub(f32_set1(1.0f), small);
        vf32 u = f32_select(top, large, small);
        vf32 one_minus_u = f32_select(top, small, large);

        m32 upper = f32_lt(u_split, u);
        vf32 p = f32_select(upper, f32_fma(one_minus_u, q_scale, q_base),
                            f32_fma(u, p_scale, p_base));
        vf32 z = WF_FN(ndtri_lower_f32)(p);
        z = f32_select(upper, f32_sub(zero, z), z);
        z = f32_min(f32_max(z, alpha), beta);
        vf32 value = f32_fma(std, z, mean);
        f32_store(dst + i,
                  f32_min(f32_max(value, lo_clamp), hi_clamp));
    }
}

static void
WF_FN(truncnorm_f32)(const uint32_t *words, size_t nblocks, void *out,
                     const wf_kparams *params)
{
    float *dst = out;
    if (params->fast_f32) {
        WF_FN(truncnorm_fast_f32)(words, nblocks, dst, params);
        return;
    }
    const vu64 all_ones = u64_set1(0xffffffffu);
    const float mean = (float)params->mean;
    const float std = (float)params->std;
    const float lo_clamp = (float)params->lo_clamp;
    const float hi_clamp = (float)params->hi_clamp;

    for (size_t i = 0; i < 4 * nblocks; i += WF_N64) {
        vu64 w = u64_load_u32(words + i);
        vf64 u = f64_fma(f64_from_u53(w), f64_set1(0x1p-32),
                         f64_set1(0x1p-33));
        vf64 one_minus_u = f64_fma(f64_from_u53(u64_xor(w, all_ones)),
                                   f64_set1(0x1p-32), f64_set1(0x1p-33));
        /* z is computed in double and rounded once to float; the
           scaling then happens in float, lane by lane. */
        float z[WF_N64];
        f64_store_f32(z, WF_FN(truncnorm_z)(u, one_minus_u, params));
        for (int l = 0; l < WF_N64; l++) {
            float v = fmaf(std, z[l], mean);
            v = v < lo_clamp ? lo_clamp : v;
            dst[i + l] = v > hi_clamp ? hi_clamp : v;
        }
    }
}

static void
WF_FN(truncnorm_f64)(const uint32_t *words, size_t nblocks, void *out,
                     const wf_kparams *params)
{
    double *dst = out;
    const uint64_t low53 = (UINT64_C(1) << 53) - 1;
    const vf64 mean = f64_set1(params->mean);
    const vf64 std = f64_set1(params->std);
    const vf64 lo_clamp = f64_set1(params->lo_clamp);
    const vf64 hi_clamp = f64_set1(params->hi_clamp);

    for (size_t i = 0; i < 2 * nblocks; i += WF_N64) {
        vu64 k = u64_srl(u64_load(words + 2 * i), 11);
        vf64 u = f64_fma(f64_from_u53(k), f64_set1(0x1p-53),
                         f64_set1(0x1p-54));
        vf64 one_minus_u = f64_fma(f64_from_u53(u64_xor(k, u64_set1(low53))),
                                   f64_set1(0x1p-53), f64_set1(0x1p-54));
        vf64 z = WF_FN(truncnorm_z)(u, one_minus_u, params);
        vf64 v = f64_fma(std, z, mean);
        f64_store(dst + i, f64_min(f64_max(v, lo_clamp), hi_clamp));
    }
}

const wf_kernel_set WF_CAT(wf_kernels, WF_ISA) = {
    .name = WF_STR(WF_ISA),
    .block_granule = WF_PHILOX_SETS * WF_N32,
    .philox = WF_FN(philox_blocks),
    .transform = {
        {WF_FN(uniform_f32), WF_FN(uniform_f64)},
        {WF_FN(normal_f32), WF_FN(normal_f64)},
        {WF_FN(truncnorm_f32), WF_FN(truncnorm_f64)},
    },
};
