/*
 * Vector helpers for AVX2 with FMA: 8 lanes of 32 bits, 4 of 64 bits.
 *
 * Same names and the same bit-exact results as simd_scalar.h. Masks are
 * vectors whose lanes are all ones or all zeros.
 */
#ifndef WINIT_FAST_SIMD_AVX2_H
#define WINIT_FAST_SIMD_AVX2_H

#include <immintrin.h>
#include <stdint.h>

#define WF_ISA avx2
#define WF_N32 8
/* Philox counter vectors in flight at once */
#define WF_PHILOX_SETS 4
#define WF_N64 4

typedef __m256i vu32;
typedef __m256 vf32;
typedef __m256i vu64;
typedef __m256d vf64;
typedef __m256i m32;
typedef __m256i m64;

/* 32-bit integer lanes */
static inline vu32 u32_set1(uint32_t x) { return _mm256_set1_epi32((int)x); }
static inline vu32
u32_iota(void)
{
    return _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
}
static inline vu32 u32_add(vu32 a, vu32 b) { return _mm256_add_epi32(a, b); }
static inline vu32 u32_sub(vu32 a, vu32 b) { return _mm256_sub_epi32(a, b); }
static inline vu32 u32_xor(vu32 a, vu32 b) { return _mm256_xor_si256(a, b); }
static inline vu32 u32_and(vu32 a, vu32 b) { return _mm256_and_si256(a, b); }
static inline vu32 u32_or(vu32 a, vu32 b) { return _mm256_or_si256(a, b); }
static inline vu32 u32_srl(vu32 a, int n) { return _mm256_srli_epi32(a, n); }
static inline vu32 u32_sll(vu32 a, int n) { return _mm256_slli_epi32(a, n); }
static inline m32 u32_top_bit(vu32 a) { return _mm256_srai_epi32(a, 31); }
static inline vu32
u32_select(m32 m, vu32 a, vu32 b)
{
    return _mm256_blendv_epi8(b, a, m);
}

static inline vu32
u32_load(const uint32_t *p)
{
    return _mm256_loadu_si256((const __m256i *)p);
}

/* Unsigned a < b, through a signed compare with the sign bits flipped. */
static inline m32
u32_lt(vu32 a, vu32 b)
{
    const __m256i flip = _mm256_set1_epi32(INT32_MIN);
    return _mm256_cmpgt_epi32(_mm256_xor_si256(b, flip),
                              _mm256_xor_si256(a, flip));
}

static inline m32
u32_nonzero(vu32 a)
{
    __m256i zero = _mm256_cmpeq_epi32(a, _mm256_setzero_si256());
    return _mm256_xor_si256(zero, _mm256_set1_epi32(-1));
}

/* 32 x 32 -> 64-bit products: even lanes directly, odd lanes shifted. */
static inline void
u32_mulhilo(vu32 a, uint32_t m, vu32 *hi, vu32 *lo)
{
    __m256i mult = _mm256_set1_epi32((int)m);
    __m256i prod_even = _mm256_mul_epu32(a, mult);
    __m256i prod_odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), mult);
    *lo = _mm256_blend_epi32(prod_even, _mm256_slli_epi64(prod_odd, 32),
                             0xAA);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(prod_even, 32), prod_odd,
                             0xAA);
}

/* 4 x 8 transpose: lane l of x0..x3 goes to words 4l..4l+3. */
static inline void
u32_store_blocks(uint32_t *dst, vu32 x0, vu32 x1, vu32 x2, vu32 x3)
{
    __m256i t01_lo = _mm256_unpacklo_epi32(x0, x1);
    __m256i t01_hi = _mm256_unpackhi_epi32(x0, x1);
    __m256i t23_lo = _mm256_unpacklo_epi32(x2, x3);
    __m256i t23_hi = _mm256_unpackhi_epi32(x2, x3);
    /* Each 128-bit half now holds one block of lanes (0,4), (1,5), ... */
    __m256i b04 = _mm256_unpacklo_epi64(t01_lo, t23_lo);
    __m256i b15 = _mm256_unpackhi_epi64(t01_lo, t23_lo);
    __m256i b26 = _mm256_unpacklo_epi64(t01_hi, t23_hi);
    __m256i b37 = _mm256_unpackhi_epi64(t01_hi, t23_hi);
    __m256i *out = (__m256i *)dst;
    _mm256_storeu_si256(out + 0, _mm256_permute2x128_si256(b04, b15, 0x20));
    _mm256_storeu_si256(out + 1, _mm256_permute2x128_si256(b26, b37, 0x20));
    _mm256_storeu_si256(out + 2, _mm256_permute2x128_si256(b04, b15, 0x31));
    _mm256_storeu_si256(out + 3, _mm256_permute2x128_si256(b26, b37, 0x31));
}

static inline void
u32_load_pairs(const uint32_t *src, vu32 *even, vu32 *odd)
{
    __m256 a = _mm256_castsi256_ps(u32_load(src));
    __m256 b = _mm256_castsi256_ps(u32_load(src + 8));
    __m256 ev = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
    __m256 od = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
    *even = _mm256_permute4x64_epi64(_mm256_castps_si256(ev),
                                     _MM_SHUFFLE(3, 1, 2, 0));
    *odd = _mm256_permute4x64_epi64(_mm256_castps_si256(od),
                                    _MM_SHUFFLE(3, 1, 2, 0));
}

/* 32-bit float lanes */
static inline vf32 f32_set1(float x) { return _mm256_set1_ps(x); }
static inline vf32 f32_add(vf32 a, vf32 b) { return _mm256_add_ps(a, b); }
static inline vf32 f32_sub(vf32 a, vf32 b) { return _mm256_sub_ps(a, b); }
static inline vf32 f32_mul(vf32 a, vf32 b) { return _mm256_mul_ps(a, b); }
static inline vf32 f32_div(vf32 a, vf32 b) { return _mm256_div_ps(a, b); }
static inline vf32
f32_fma(vf32 a, vf32 b, vf32 c)
{
    return _mm256_fmadd_ps(a, b, c);
}
static inline vf32 f32_sqrt(vf32 a) { return _mm256_sqrt_ps(a); }
static inline vf32 f32_min(vf32 a, vf32 b) { return _mm256_min_ps(a, b); }
static inline vf32 f32_max(vf32 a, vf32 b) { return _mm256_max_ps(a, b); }
static inline vf32 f32_from_i32(vu32 a) { return _mm256_cvtepi32_ps(a); }
static inline vu32 f32_bits(vf32 a) { return _mm256_castps_si256(a); }
static inline vf32 f32_from_bits(vu32 u) { return _mm256_castsi256_ps(u); }
static inline void f32_store(float *p, vf32 a) { _mm256_storeu_ps(p, a); }

static inline m32
f32_le(vf32 a, vf32 b)
{
    return _mm256_castps_si256(_mm256_cmp_ps(a, b, _CMP_LE_OQ));
}

static inline m32
f32_lt(vf32 a, vf32 b)
{
    return _mm256_castps_si256(_mm256_cmp_ps(a, b, _CMP_LT_OQ));
}

static inline m32
m32_not(m32 a)
{
    return _mm256_xor_si256(a, _mm256_set1_epi32(-1));
}
static inline m32 m32_andnot(m32 a, m32 b) { return _mm256_andnot_si256(a, b); }

static inline int
m32_any(m32 m)
{
    return _mm256_movemask_ps(_mm256_castsi256_ps(m)) != 0;
}

static inline vf32
f32_select(m32 m, vf32 a, vf32 b)
{
    return _mm256_blendv_ps(b, a, _mm256_castsi256_ps(m));
}

static inline void
f32_store_pairs(float *dst, vf32 even, vf32 odd)
{
    __m256 lo = _mm256_unpacklo_ps(even, odd);
    __m256 hi = _mm256_unpackhi_ps(even, odd);
    _mm256_storeu_ps(dst, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(dst + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
}

/* 64-bit integer lanes */
static inline vu64
u64_set1(uint64_t x)
{
    return _mm256_set1_epi64x((long long)x);
}
static inline vu64 u64_add(vu64 a, vu64 b) { return _mm256_add_epi64(a, b); }
static inline vu64 u64_sub(vu64 a, vu64 b) { return _mm256_sub_epi64(a, b); }
static inline vu64 u64_xor(vu64 a, vu64 b) { return _mm256_xor_si256(a, b); }
static inline vu64 u64_and(vu64 a, vu64 b) { return _mm256_and_si256(a, b); }
static inline vu64 u64_or(vu64 a, vu64 b) { return _mm256_or_si256(a, b); }
static inline vu64 u64_srl(vu64 a, int n) { return _mm256_srli_epi64(a, n); }
static inline vu64 u64_sll(vu64 a, int n) { return _mm256_slli_epi64(a, n); }
static inline vu64
u64_select(m64 m, vu64 a, vu64 b)
{
    return _mm256_blendv_epi8(b, a, m);
}

static inline m64
u64_top_bit(vu64 a)
{
    return _mm256_cmpgt_epi64(_mm256_setzero_si256(), a);
}

static inline m64
u64_nonzero(vu64 a)
{
    __m256i zero = _mm256_cmpeq_epi64(a, _mm256_setzero_si256());
    return _mm256_xor_si256(zero, _mm256_set1_epi32(-1));
}

static inline vu64
u64_load(const uint32_t *src)
{
    return _mm256_loadu_si256((const __m256i *)src);
}

static inline vu64
u64_load_u32(const uint32_t *src)
{
    return _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i *)src));
}

static inline void
u64_load_pairs(const uint32_t *src, vu64 *even, vu64 *odd)
{
    __m256i a = u64_load(src);
    __m256i b = u64_load(src + 8);
    *even = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a, b),
                                     _MM_SHUFFLE(3, 1, 2, 0));
    *odd = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a, b),
                                    _MM_SHUFFLE(3, 1, 2, 0));
}

/* 64-bit float lanes */
static inline vf64 f64_set1(double x) { return _mm256_set1_pd(x); }
static inline vf64 f64_add(vf64 a, vf64 b) { return _mm256_add_pd(a, b); }
static inline vf64 f64_sub(vf64 a, vf64 b) { return _mm256_sub_pd(a, b); }
static inline vf64 f64_mul(vf64 a, vf64 b) { return _mm256_mul_pd(a, b); }
static inline vf64 f64_div(vf64 a, vf64 b) { return _mm256_div_pd(a, b); }
static inline vf64
f64_fma(vf64 a, vf64 b, vf64 c)
{
    return _mm256_fmadd_pd(a, b, c);
}
static inline vf64 f64_sqrt(vf64 a) { return _mm256_sqrt_pd(a); }
static inline vf64 f64_min(vf64 a, vf64 b) { return _mm256_min_pd(a, b); }
static inline vf64 f64_max(vf64 a, vf64 b) { return _mm256_max_pd(a, b); }
static inline vu64 f64_bits(vf64 a) { return _mm256_castpd_si256(a); }
static inline vf64 f64_from_bits(vu64 u) { return _mm256_castsi256_pd(u); }
static inline void f64_store(double *p, vf64 a) { _mm256_storeu_pd(p, a); }
static inline void
f64_store_f32(float *p, vf64 a)
{
    _mm_storeu_ps(p, _mm256_cvtpd_ps(a));
}

static inline m64
f64_le(vf64 a, vf64 b)
{
    return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_LE_OQ));
}

static inline m64
f64_lt(vf64 a, vf64 b)
{
    return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_LT_OQ));
}

static inline vf64
f64_select(m64 m, vf64 a, vf64 b)
{
    return _mm256_blendv_pd(b, a, _mm256_castsi256_pd(m));
}

static inline m64
m64_not(m64 a)
{
    return _mm256_xor_si256(a, _mm256_set1_epi32(-1));
}
static inline m64 m64_and(m64 a, m64 b) { return _mm256_and_si256(a, b); }
static inline m64 m64_andnot(m64 a, m64 b) { return _mm256_andnot_si256(a, b); }

static inline int
m64_any(m64 m)
{
    return _mm256_movemask_pd(_mm256_castsi256_pd(m)) != 0;
}

/*
 * Exact conversion of an integer in [0, 2^53): both 32-bit halves become
 * exact doubles through the 2^84 and 2^52 exponent tricks, and their sum
 * is exact because it fits in 53 bits.
 */
static inline vf64
f64_from_u53(vu64 a)
{
    __m256i hi = _mm256_or_si256(_mm256_srli_epi64(a, 32),
                                 _mm256_set1_epi64x(0x4530000000000000LL));
    __m256i lo = _mm256_blend_epi32(a, _mm256_set1_epi64x(0x4330000000000000LL),
                                    0xAA);
    __m256d hi_d = _mm256_sub_pd(_mm256_castsi256_pd(hi),
                                 _mm256_set1_pd(0x1p84 + 0x1p52));
    return _mm256_add_pd(hi_d, _mm256_castsi256_pd(lo));
}

/* Exact conversion of a two's-complement integer in (-2^51, 2^51). */
static inline vf64
f64_from_i51(vu64 a)
{
    __m256i biased = _mm256_add_epi64(
        a, _mm256_set1_epi64x(0x4338000000000000LL));
    return _mm256_sub_pd(_mm256_castsi256_pd(biased), _mm256_set1_pd(0x1.8p52));
}

static inline void
f64_store_pairs(double *dst, vf64 even, vf64 odd)
{
    __m256d lo = _mm256_unpacklo_pd(even, odd);
    __m256d hi = _mm256_unpackhi_pd(even, odd);
    _mm256_storeu_pd(dst, _mm256_permute2f128_pd(lo, hi, 0x20));
    _mm256_storeu_pd(dst + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
}

#endif
