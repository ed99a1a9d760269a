/*
 * Vector helpers for AVX-512 (F and DQ): 16 lanes of 32 bits, 8 of 64
 * bits.
 *
 * Same names and the same bit-exact results as simd_scalar.h. Masks are
 * the AVX-512 mask registers, one bit a lane.
 */
#ifndef WINIT_FAST_SIMD_AVX512_H
#define WINIT_FAST_SIMD_AVX512_H

#include <immintrin.h>
#include <stdint.h>

#define WF_ISA avx512
#define WF_N32 16
/* Philox counter vectors in flight at once */
#define WF_PHILOX_SETS 4
#define WF_N64 8

typedef __m512i vu32;
typedef __m512 vf32;
typedef __m512i vu64;
typedef __m512d vf64;
typedef __mmask16 m32;
typedef __mmask8 m64;

/* 32-bit integer lanes */
static inline vu32 u32_set1(uint32_t x) { return _mm512_set1_epi32((int)x); }
static inline vu32
u32_iota(void)
{
    return _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                             14, 15);
}
static inline vu32 u32_add(vu32 a, vu32 b) { return _mm512_add_epi32(a, b); }
static inline vu32 u32_sub(vu32 a, vu32 b) { return _mm512_sub_epi32(a, b); }
static inline vu32 u32_xor(vu32 a, vu32 b) { return _mm512_xor_si512(a, b); }
static inline vu32 u32_and(vu32 a, vu32 b) { return _mm512_and_si512(a, b); }
static inline vu32 u32_or(vu32 a, vu32 b) { return _mm512_or_si512(a, b); }
static inline vu32 u32_srl(vu32 a, int n) { return _mm512_srli_epi32(a, n); }
static inline vu32 u32_sll(vu32 a, int n) { return _mm512_slli_epi32(a, n); }
static inline m32 u32_top_bit(vu32 a) { return _mm512_movepi32_mask(a); }
static inline m32 u32_lt(vu32 a, vu32 b) { return _mm512_cmplt_epu32_mask(a, b); }
static inline m32 u32_nonzero(vu32 a) { return _mm512_test_epi32_mask(a, a); }

static inline vu32
u32_select(m32 m, vu32 a, vu32 b)
{
    return _mm512_mask_blend_epi32(m, b, a);
}

static inline vu32
u32_load(const uint32_t *p)
{
    return _mm512_loadu_si512((const void *)p);
}

/*
 * 32 x 32 -> 64-bit products: even lanes directly, odd lanes shifted.
 * Each half then reaches its lanes by one masked in-lane shuffle: the
 * low words of the odd products move up into the odd lanes of lo, the
 * high words of the even products down into the even lanes of hi.
 */
static inline void
u32_mulhilo(vu32 a, uint32_t m, vu32 *hi, vu32 *lo)
{
    __m512i mult = _mm512_set1_epi32((int)m);
    __m512i prod_even = _mm512_mul_epu32(a, mult);
    __m512i prod_odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), mult);
    *lo = _mm512_mask_shuffle_epi32(prod_even, 0xAAAA, prod_odd,
                                    _MM_PERM_CCAA);
    *hi = _mm512_mask_shuffle_epi32(prod_odd, 0x5555, prod_even,
                                    _MM_PERM_DDBB);
}

/*
 * 4 x 16 transpose: lane l of x0..x3 goes to words 4l..4l+3. After the
 * unpacks, 128-bit part k of b0..b3 contains blocks 4k..4k+3, and two
 * rounds of 128-bit shuffles put the blocks in order.
 */
static inline void
u32_store_blocks(uint32_t *dst, vu32 x0, vu32 x1, vu32 x2, vu32 x3)
{
    __m512i t01_lo = _mm512_unpacklo_epi32(x0, x1);
    __m512i t01_hi = _mm512_unpackhi_epi32(x0, x1);
    __m512i t23_lo = _mm512_unpacklo_epi32(x2, x3);
    __m512i t23_hi = _mm512_unpackhi_epi32(x2, x3);
    __m512i b0 = _mm512_unpacklo_epi64(t01_lo, t23_lo);
    __m512i b1 = _mm512_unpackhi_epi64(t01_lo, t23_lo);
    __m512i b2 = _mm512_unpacklo_epi64(t01_hi, t23_hi);
    __m512i b3 = _mm512_unpackhi_epi64(t01_hi, t23_hi);
    /* Parts (k of b0, k of b1) for k = 0, 1 and for k = 2, 3. */
    __m512i b01_low = _mm512_shuffle_i64x2(b0, b1, _MM_SHUFFLE(1, 0, 1, 0));
    __m512i b01_high = _mm512_shuffle_i64x2(b0, b1, _MM_SHUFFLE(3, 2, 3, 2));
    __m512i b23_low = _mm512_shuffle_i64x2(b2, b3, _MM_SHUFFLE(1, 0, 1, 0));
    __m512i b23_high = _mm512_shuffle_i64x2(b2, b3, _MM_SHUFFLE(3, 2, 3, 2));
    /* b01_low is (0 of b0, 1 of b0, 0 of b1, 1 of b1): pick 0, 2 and
       1, 3 of it, then the same parts of b23_low. */
    __m512i *out = (__m512i *)dst;
    _mm512_storeu_si512(out + 0, _mm512_shuffle_i64x2(b01_low, b23_low,
                                                      _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_si512(out + 1, _mm512_shuffle_i64x2(b01_low, b23_low,
                                                      _MM_SHUFFLE(3, 1, 3, 1)));
    _mm512_storeu_si512(out + 2, _mm512_shuffle_i64x2(b01_high, b23_high,
                                                      _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_si512(out + 3, _mm512_shuffle_i64x2(b01_high, b23_high,
                                                      _MM_SHUFFLE(3, 1, 3, 1)));
}

/* Load 2 * WF_N32 words and split them into even and odd words. */
static inline void
u32_load_pairs(const uint32_t *src, vu32 *even, vu32 *odd)
{
    const __m512i even_index = _mm512_setr_epi32(
        0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd_index = _mm512_add_epi32(even_index,
                                               _mm512_set1_epi32(1));
    __m512i a = u32_load(src);
    __m512i b = u32_load(src + 16);
    *even = _mm512_permutex2var_epi32(a, even_index, b);
    *odd = _mm512_permutex2var_epi32(a, odd_index, b);
}

/* 32-bit float lanes */
static inline vf32 f32_set1(float x) { return _mm512_set1_ps(x); }
static inline vf32 f32_add(vf32 a, vf32 b) { return _mm512_add_ps(a, b); }
static inline vf32 f32_sub(vf32 a, vf32 b) { return _mm512_sub_ps(a, b); }
static inline vf32 f32_mul(vf32 a, vf32 b) { return _mm512_mul_ps(a, b); }
static inline vf32 f32_div(vf32 a, vf32 b) { return _mm512_div_ps(a, b); }
static inline vf32
f32_fma(vf32 a, vf32 b, vf32 c)
{
    return _mm512_fmadd_ps(a, b, c);
}
static inline vf32 f32_sqrt(vf32 a) { return _mm512_sqrt_ps(a); }
static inline vf32 f32_min(vf32 a, vf32 b) { return _mm512_min_ps(a, b); }
static inline vf32 f32_max(vf32 a, vf32 b) { return _mm512_max_ps(a, b); }
static inline vf32 f32_from_i32(vu32 a) { return _mm512_cvtepi32_ps(a); }
static inline vu32 f32_bits(vf32 a) { return _mm512_castps_si512(a); }
static inline vf32 f32_from_bits(vu32 u) { return _mm512_castsi512_ps(u); }
static inline void f32_store(float *p, vf32 a) { _mm512_storeu_ps(p, a); }

static inline m32
f32_le(vf32 a, vf32 b)
{
    return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ);
}

static inline m32
f32_lt(vf32 a, vf32 b)
{
    return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ);
}

static inline vf32
f32_select(m32 m, vf32 a, vf32 b)
{
    return _mm512_mask_blend_ps(m, b, a);
}

static inline m32 m32_not(m32 a) { return (m32)~a; }
static inline m32 m32_andnot(m32 a, m32 b) { return (m32)(~a & b); }
static inline int m32_any(m32 m) { return m != 0; }

/* Store even[l] and odd[l] as elements 2l and 2l + 1. */
static inline void
f32_store_pairs(float *dst, vf32 even, vf32 odd)
{
    const __m512i low_index = _mm512_setr_epi32(
        0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i high_index = _mm512_add_epi32(low_index,
                                                _mm512_set1_epi32(8));
    _mm512_storeu_ps(dst, _mm512_permutex2var_ps(even, low_index, odd));
    _mm512_storeu_ps(dst + 16, _mm512_permutex2var_ps(even, high_index, odd));
}

/* 64-bit integer lanes */
static inline vu64
u64_set1(uint64_t x)
{
    return _mm512_set1_epi64((long long)x);
}
static inline vu64 u64_add(vu64 a, vu64 b) { return _mm512_add_epi64(a, b); }
static inline vu64 u64_sub(vu64 a, vu64 b) { return _mm512_sub_epi64(a, b); }
static inline vu64 u64_xor(vu64 a, vu64 b) { return _mm512_xor_si512(a, b); }
static inline vu64 u64_and(vu64 a, vu64 b) { return _mm512_and_si512(a, b); }
static inline vu64 u64_or(vu64 a, vu64 b) { return _mm512_or_si512(a, b); }
static inline vu64 u64_srl(vu64 a, int n) { return _mm512_srli_epi64(a, n); }
static inline vu64 u64_sll(vu64 a, int n) { return _mm512_slli_epi64(a, n); }
static inline m64 u64_top_bit(vu64 a) { return _mm512_movepi64_mask(a); }
static inline m64 u64_nonzero(vu64 a) { return _mm512_test_epi64_mask(a, a); }

static inline vu64
u64_select(m64 m, vu64 a, vu64 b)
{
    return _mm512_mask_blend_epi64(m, b, a);
}

/* Words 2l and 2l + 1 as one little-endian 64-bit lane l. */
static inline vu64
u64_load(const uint32_t *src)
{
    return _mm512_loadu_si512((const void *)src);
}

/* Word l, zero-extended, as lane l. */
static inline vu64
u64_load_u32(const uint32_t *src)
{
    return _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)src));
}

/*
 * Load 4 * WF_N64 words as 64-bit values and split them: lane l of even
 * is words 4l, 4l + 1 and lane l of odd is words 4l + 2, 4l + 3.
 */
static inline void
u64_load_pairs(const uint32_t *src, vu64 *even, vu64 *odd)
{
    const __m512i even_index = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd_index = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    __m512i a = u64_load(src);
    __m512i b = u64_load(src + 16);
    *even = _mm512_permutex2var_epi64(a, even_index, b);
    *odd = _mm512_permutex2var_epi64(a, odd_index, b);
}

/* 64-bit float lanes */
static inline vf64 f64_set1(double x) { return _mm512_set1_pd(x); }
static inline vf64 f64_add(vf64 a, vf64 b) { return _mm512_add_pd(a, b); }
static inline vf64 f64_sub(vf64 a, vf64 b) { return _mm512_sub_pd(a, b); }
static inline vf64 f64_mul(vf64 a, vf64 b) { return _mm512_mul_pd(a, b); }
static inline vf64 f64_div(vf64 a, vf64 b) { return _mm512_div_pd(a, b); }
static inline vf64
f64_fma(vf64 a, vf64 b, vf64 c)
{
    return _mm512_fmadd_pd(a, b, c);
}
static inline vf64 f64_sqrt(vf64 a) { return _mm512_sqrt_pd(a); }
static inline vf64 f64_min(vf64 a, vf64 b) { return _mm512_min_pd(a, b); }
static inline vf64 f64_max(vf64 a, vf64 b) { return _mm512_max_pd(a, b); }
static inline vu64 f64_bits(vf64 a) { return _mm512_castpd_si512(a); }
static inline vf64 f64_from_bits(vu64 u) { return _mm512_castsi512_pd(u); }
static inline void f64_store(double *p, vf64 a) { _mm512_storeu_pd(p, a); }

static inline void
f64_store_f32(float *p, vf64 a)
{
    _mm256_storeu_ps(p, _mm512_cvtpd_ps(a));
}

static inline m64
f64_le(vf64 a, vf64 b)
{
    return _mm512_cmp_pd_mask(a, b, _CMP_LE_OQ);
}

static inline m64
f64_lt(vf64 a, vf64 b)
{
    return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ);
}

static inline vf64
f64_select(m64 m, vf64 a, vf64 b)
{
    return _mm512_mask_blend_pd(m, b, a);
}

static inline m64 m64_not(m64 a) { return (m64)~a; }
static inline m64 m64_and(m64 a, m64 b) { return (m64)(a & b); }
static inline m64 m64_andnot(m64 a, m64 b) { return (m64)(~a & b); }
static inline int m64_any(m64 m) { return m != 0; }

/* Exact conversions: every value is an integer of at most 53 bits. */
static inline vf64 f64_from_u53(vu64 a) { return _mm512_cvtepu64_pd(a); }
static inline vf64 f64_from_i51(vu64 a) { return _mm512_cvtepi64_pd(a); }

/* Store even[l] and odd[l] as elements 2l and 2l + 1. */
static inline void
f64_store_pairs(double *dst, vf64 even, vf64 odd)
{
    const __m512i low_index = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const __m512i high_index = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    _mm512_storeu_pd(dst, _mm512_permutex2var_pd(even, low_index, odd));
    _mm512_storeu_pd(dst + 8, _mm512_permutex2var_pd(even, high_index, odd));
}

#endif
