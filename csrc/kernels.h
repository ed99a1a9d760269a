/*
 * Internal interface between the fill driver (fill.c) and the kernels,
 * which kernel_body.h defines once per instruction set.
 */
#ifndef WINIT_FAST_KERNELS_H
#define WINIT_FAST_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* The driver hands kernels whole units of this many Philox blocks. The
   Philox kernel needs a multiple of WF_PHILOX_SETS times its lane count
   (up to 4 x 16), and the transforms a multiple of their lane count. */
#define WF_UNIT_BLOCKS 64

/* Per-call parameters, all in double (see params.c). */
typedef struct wf_kparams {
    /*
     * uniform: low + (high - low) f with high - low = range + range_lo
     * (range_lo only for float64), then at most high_below; float32
     * results whose double value is at least clamp_from become
     * high_below. exact_range is 1 when high - low is exact in the
     * output dtype, and the kernels then take a one-fma path.
     */
    double low, range, range_lo, high_below, clamp_from;
    int exact_range;
    /* normal and truncated normal: mean + std * z */
    double mean, std;
    /* truncated normal: z is clamped to [alpha, beta], the result to
       [lo_clamp, hi_clamp] */
    double alpha, beta, lo_clamp, hi_clamp;
    /*
     * Truncated normal, u <= u_split: p = Phi(z) = (p_base + u * p_scale)
     * * exp(p_log_offset). u > u_split: q = 1 - Phi(z) = (q_base +
     * (1 - u) * q_scale) * exp(q_log_offset). The offsets are 0 unless
     * the interval lies deep in one tail, where they keep p and q from
     * underflowing.
     */
    double p_base, p_scale, p_log_offset;
    double q_base, q_scale, q_log_offset;
    double u_split;
    /* float32 truncated normal: 1 when every side in use passes
       side_fits_float in params.c, so that the kernel works in float. */
    int fast_f32;
} wf_kparams;

typedef void (*wf_philox_fn)(uint64_t seed, uint64_t stream, uint64_t block,
                             size_t nblocks, uint32_t *words);
typedef void (*wf_transform_fn)(const uint32_t *words, size_t nblocks,
                                void *out, const wf_kparams *params);

/* transform[distribution][dtype], indexed by wf_dist and wf_dtype. */
typedef struct wf_kernel_set {
    const char *name;
    unsigned block_granule; /* block counts must be multiples of this */
    wf_philox_fn philox;
    wf_transform_fn transform[3][2];
} wf_kernel_set;

extern const wf_kernel_set wf_kernels_scalar;
#ifdef WF_HAVE_AVX2
extern const wf_kernel_set wf_kernels_avx2;
#endif
#ifdef WF_HAVE_AVX512
extern const wf_kernel_set wf_kernels_avx512;
#endif

#endif
