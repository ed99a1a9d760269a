/*
 * winit_fast core: fills float32 and float64 buffers with stream v1
 * values (uniform, normal, truncated normal) on any number of threads.
 *
 * Plain C11, no Python headers. Element i of a fill is element
 * first_index + i of the stream named by (seed, stream). Its value does
 * not depend on the thread count, on how the work is split, or on the
 * SIMD path. The declarations in src/winit_fast/_core.pxd must match
 * this file.
 */
#ifndef WINIT_FAST_CORE_H
#define WINIT_FAST_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wf_dist {
    WF_UNIFORM = 0,   /* params: low, high */
    WF_NORMAL = 1,    /* params: mean, std */
    WF_TRUNCNORM = 2, /* params: mean, std, a, b (absolute bounds) */
} wf_dist;

typedef enum wf_dtype {
    WF_FLOAT32 = 0,
    WF_FLOAT64 = 1,
} wf_dtype;

typedef enum wf_status {
    WF_OK = 0,
    WF_EINVAL = 1,  /* a parameter the caller should have checked */
    WF_ERANGE = 2,  /* indices past the end of the stream, or bounds too
                       deep in one tail */
    WF_EINTR = 3,   /* the interrupt callback stopped the fill; the buffer
                       is partly written */
} wf_status;

/*
 * Interrupt callback: the calling thread invokes it between units of
 * work, at most about every WF_POLL_INTERVAL_MS milliseconds; a nonzero
 * return stops the fill. It lets a caller such as the Python layer
 * check for Ctrl-C without the core knowing about signals.
 */
typedef int (*wf_interrupt_fn)(void *context);
#define WF_POLL_INTERVAL_MS 20

/* Truncation bounds further than this many standard deviations into
   one tail (alpha > limit or beta < -limit) are rejected: squaring them
   would overflow a double. */
#define WF_TRUNCNORM_TAIL_LIMIT 1e150

/*
 * How a fill runs its threads. GNU OpenMP's thread pool does not survive
 * fork: a child forked after its parent ran a parallel region hangs in
 * its own first one. WF_THREADS_FRESH starts new C11 threads for the
 * call instead, which works there, at the cost of thread start-up (tens
 * of microseconds) per call. It also runs threads in builds without
 * OpenMP.
 */
typedef enum wf_threading {
    WF_THREADS_OPENMP = 0,
    WF_THREADS_FRESH = 1,
} wf_threading;

/*
 * Fill an n-dimensional strided array. Element (i_0, ..., i_{ndim-1})
 * lives at base + sum(i_d * byte_strides[d]) and gets stream element
 * first_index + sum(i_d * index_strides[d]) (mod 2^64; index_strides may
 * be negative). threads <= 0 means the OpenMP default. The caller
 * guarantees that every element's stream index lies in [0, 2^64).
 * interrupt may be NULL.
 */
int wf_fill_strided(wf_dist dist, wf_dtype dtype, const double *params,
                    uint64_t seed, uint64_t stream, char *base, int ndim,
                    const int64_t *shape, const int64_t *byte_strides,
                    const int64_t *index_strides, uint64_t first_index,
                    int threads, wf_threading threading,
                    wf_interrupt_fn interrupt, void *interrupt_context);

/* Set every element of a strided array to value (rounded to dtype). */
int wf_fill_constant(wf_dtype dtype, double value, char *base, int ndim,
                     const int64_t *shape, const int64_t *byte_strides,
                     int threads, wf_threading threading);

/* Contiguous fills of n elements, element i = stream element offset+i. */
int wf_fill_uniform_f32(float *out, uint64_t n, double low, double high,
                        uint64_t seed, uint64_t stream, uint64_t offset,
                        int threads);
int wf_fill_uniform_f64(double *out, uint64_t n, double low, double high,
                        uint64_t seed, uint64_t stream, uint64_t offset,
                        int threads);
int wf_fill_normal_f32(float *out, uint64_t n, double mean, double std,
                       uint64_t seed, uint64_t stream, uint64_t offset,
                       int threads);
int wf_fill_normal_f64(double *out, uint64_t n, double mean, double std,
                       uint64_t seed, uint64_t stream, uint64_t offset,
                       int threads);
int wf_fill_truncnorm_f32(float *out, uint64_t n, double mean, double std,
                          double a, double b, uint64_t seed,
                          uint64_t stream, uint64_t offset, int threads);
int wf_fill_truncnorm_f64(double *out, uint64_t n, double mean, double std,
                          double a, double b, uint64_t seed,
                          uint64_t stream, uint64_t offset, int threads);

/* Raw words offset .. offset + n - 1 of the stream. */
void wf_random_raw(uint32_t *out, uint64_t n, uint64_t seed,
                   uint64_t stream, uint64_t offset);

/* SIMD path: "scalar" or "avx2". wf_simd_select returns 0 on success,
   -1 for an unknown name, -2 when this CPU or build lacks the path. */
const char *wf_simd_active(void);
int wf_simd_available(const char *name);
int wf_simd_select(const char *name);

/* 1 when built with OpenMP; the thread count a threads <= 0 call uses. */
int wf_openmp_enabled(void);
int wf_default_threads(void);

#ifdef __cplusplus
}
#endif

#endif
