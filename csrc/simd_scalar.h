/*
 * Vector helpers for the portable C path: every "vector" has one lane.
 *
 * The kernels in kernel_body.h are written once against the helper names
 * below; simd_avx2.h provides the same names for 8 x 32-bit lanes. Each
 * helper must give bit-identical results on every path, so arithmetic is
 * IEEE-754 round-to-nearest with every fused multiply-add written out.
 */
#ifndef WINIT_FAST_SIMD_SCALAR_H
#define WINIT_FAST_SIMD_SCALAR_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define WF_ISA scalar
#define WF_N32 1 /* lanes of a 32-bit vector */
/* Philox counter vectors in flight at once */
#define WF_PHILOX_SETS 2
#define WF_N64 1 /* lanes of a 64-bit vector */

typedef uint32_t vu32;
typedef float vf32;
typedef uint64_t vu64;
typedef double vf64;
typedef int m32; /* lane mask: 0 or 1 */
typedef int m64;

/* 32-bit integer lanes */
static inline vu32 u32_set1(uint32_t x) { return x; }
static inline vu32 u32_iota(void) { return 0; }
static inline vu32 u32_add(vu32 a, vu32 b) { return a + b; }
static inline vu32 u32_sub(vu32 a, vu32 b) { return a - b; }
static inline vu32 u32_xor(vu32 a, vu32 b) { return a ^ b; }
static inline vu32 u32_and(vu32 a, vu32 b) { return a & b; }
static inline vu32 u32_or(vu32 a, vu32 b) { return a | b; }
static inline vu32 u32_srl(vu32 a, int n) { return a >> n; }
static inline vu32 u32_sll(vu32 a, int n) { return a << n; }
static inline vu32 u32_load(const uint32_t *p) { return p[0]; }
static inline m32 u32_lt(vu32 a, vu32 b) { return a < b; }
static inline m32 u32_top_bit(vu32 a) { return (int)(a >> 31); }
static inline m32 u32_nonzero(vu32 a) { return a != 0; }
static inline vu32 u32_select(m32 m, vu32 a, vu32 b) { return m ? a : b; }

static inline void
u32_mulhilo(vu32 a, uint32_t m, vu32 *hi, vu32 *lo)
{
    uint64_t prod = (uint64_t)a * m;
    *hi = (uint32_t)(prod >> 32);
    *lo = (uint32_t)prod;
}

/* Store lane l of x0..x3 as words 4l..4l+3 (one Philox block a lane). */
static inline void
u32_store_blocks(uint32_t *dst, vu32 x0, vu32 x1, vu32 x2, vu32 x3)
{
    dst[0] = x0;
    dst[1] = x1;
    dst[2] = x2;
    dst[3] = x3;
}

/* Load 2 * WF_N32 words and split them into even and odd words. */
static inline void
u32_load_pairs(const uint32_t *src, vu32 *even, vu32 *odd)
{
    *even = src[0];
    *odd = src[1];
}

/* 32-bit float lanes */
static inline vf32 f32_set1(float x) { return x; }
static inline vf32 f32_add(vf32 a, vf32 b) { return a + b; }
static inline vf32 f32_sub(vf32 a, vf32 b) { return a - b; }
static inline vf32 f32_mul(vf32 a, vf32 b) { return a * b; }
static inline vf32 f32_div(vf32 a, vf32 b) { return a / b; }
static inline vf32 f32_fma(vf32 a, vf32 b, vf32 c) { return fmaf(a, b, c); }
static inline vf32 f32_sqrt(vf32 a) { return sqrtf(a); }
/* min and max return b unless a < b (a > b), as SSE and AVX do. */
static inline vf32 f32_min(vf32 a, vf32 b) { return a < b ? a : b; }
static inline vf32 f32_max(vf32 a, vf32 b) { return a > b ? a : b; }
static inline m32 f32_le(vf32 a, vf32 b) { return a <= b; }
static inline m32 f32_lt(vf32 a, vf32 b) { return a < b; }
static inline vf32 f32_select(m32 m, vf32 a, vf32 b) { return m ? a : b; }
static inline vf32 f32_from_i32(vu32 a) { return (float)(int32_t)a; }
static inline void f32_store(float *p, vf32 a) { p[0] = a; }

static inline m32 m32_not(m32 a) { return !a; }
static inline m32 m32_andnot(m32 a, m32 b) { return (!a) & b; }
static inline int m32_any(m32 m) { return m; }

static inline vu32
f32_bits(vf32 a)
{
    uint32_t u;
    memcpy(&u, &a, sizeof u);
    return u;
}

static inline vf32
f32_from_bits(vu32 u)
{
    float a;
    memcpy(&a, &u, sizeof a);
    return a;
}

/* Store even[l] and odd[l] as elements 2l and 2l + 1. */
static inline void
f32_store_pairs(float *dst, vf32 even, vf32 odd)
{
    dst[0] = even;
    dst[1] = odd;
}

/* 64-bit integer lanes */
static inline vu64 u64_set1(uint64_t x) { return x; }
static inline vu64 u64_add(vu64 a, vu64 b) { return a + b; }
static inline vu64 u64_sub(vu64 a, vu64 b) { return a - b; }
static inline vu64 u64_xor(vu64 a, vu64 b) { return a ^ b; }
static inline vu64 u64_and(vu64 a, vu64 b) { return a & b; }
static inline vu64 u64_or(vu64 a, vu64 b) { return a | b; }
static inline vu64 u64_srl(vu64 a, int n) { return a >> n; }
static inline vu64 u64_sll(vu64 a, int n) { return a << n; }
static inline m64 u64_top_bit(vu64 a) { return (int)(a >> 63); }
static inline m64 u64_nonzero(vu64 a) { return a != 0; }
static inline vu64 u64_select(m64 m, vu64 a, vu64 b) { return m ? a : b; }

/* Words 2l and 2l + 1 as one little-endian 64-bit lane l. */
static inline vu64
u64_load(const uint32_t *src)
{
    return (uint64_t)src[0] | ((uint64_t)src[1] << 32);
}

/* Word l, zero-extended, as lane l. */
static inline vu64 u64_load_u32(const uint32_t *src) { return src[0]; }

/*
 * Load 4 * WF_N64 words as 64-bit values and split them: lane l of even
 * is words 4l, 4l + 1 and lane l of odd is words 4l + 2, 4l + 3.
 */
static inline void
u64_load_pairs(const uint32_t *src, vu64 *even, vu64 *odd)
{
    *even = u64_load(src);
    *odd = u64_load(src + 2);
}

/* 64-bit float lanes */
static inline vf64 f64_set1(double x) { return x; }
static inline vf64 f64_add(vf64 a, vf64 b) { return a + b; }
static inline vf64 f64_sub(vf64 a, vf64 b) { return a - b; }
static inline vf64 f64_mul(vf64 a, vf64 b) { return a * b; }
static inline vf64 f64_div(vf64 a, vf64 b) { return a / b; }
static inline vf64 f64_fma(vf64 a, vf64 b, vf64 c) { return fma(a, b, c); }
static inline vf64 f64_sqrt(vf64 a) { return sqrt(a); }
static inline vf64 f64_min(vf64 a, vf64 b) { return a < b ? a : b; }
static inline vf64 f64_max(vf64 a, vf64 b) { return a > b ? a : b; }
static inline m64 f64_le(vf64 a, vf64 b) { return a <= b; }
static inline m64 f64_lt(vf64 a, vf64 b) { return a < b; }
static inline vf64 f64_select(m64 m, vf64 a, vf64 b) { return m ? a : b; }
static inline void f64_store(double *p, vf64 a) { p[0] = a; }
static inline void f64_store_f32(float *p, vf64 a) { p[0] = (float)a; }

static inline m64 m64_not(m64 a) { return !a; }
static inline m64 m64_and(m64 a, m64 b) { return a & b; }
static inline m64 m64_andnot(m64 a, m64 b) { return (!a) & b; }
static inline int m64_any(m64 m) { return m; }

static inline vu64
f64_bits(vf64 a)
{
    uint64_t u;
    memcpy(&u, &a, sizeof u);
    return u;
}

static inline vf64
f64_from_bits(vu64 u)
{
    double a;
    memcpy(&a, &u, sizeof a);
    return a;
}

/* Exact conversion of an integer in [0, 2^53). */
static inline vf64 f64_from_u53(vu64 a) { return (double)a; }

/* Exact conversion of a two's-complement integer in (-2^51, 2^51). */
static inline vf64 f64_from_i51(vu64 a) { return (double)(int64_t)a; }

static inline void
f64_store_pairs(double *dst, vf64 even, vf64 odd)
{
    dst[0] = even;
    dst[1] = odd;
}

#endif
