# Declarations of csrc/winit_core.h; keep the two in step.
from libc.stdint cimport int64_t, uint32_t, uint64_t


cdef extern from "winit_core.h" nogil:
    ctypedef enum wf_dist:
        WF_UNIFORM
        WF_NORMAL
        WF_TRUNCNORM

    ctypedef enum wf_dtype:
        WF_FLOAT32
        WF_FLOAT64

    ctypedef enum wf_status:
        WF_OK
        WF_EINVAL
        WF_ERANGE
        WF_EINTR

    ctypedef int (*wf_interrupt_fn)(void *context) noexcept nogil

    ctypedef enum wf_threading:
        WF_THREADS_OPENMP
        WF_THREADS_FRESH

    double WF_TRUNCNORM_TAIL_LIMIT

    int wf_fill_strided(wf_dist dist, wf_dtype dtype, const double *params,
                        uint64_t seed, uint64_t stream, char *base, int ndim,
                        const int64_t *shape, const int64_t *byte_strides,
                        const int64_t *index_strides, uint64_t first_index,
                        int threads, wf_threading threading,
                        wf_interrupt_fn interrupt,
                        void *interrupt_context) noexcept
    int wf_fill_constant(wf_dtype dtype, double value, char *base, int ndim,
                         const int64_t *shape, const int64_t *byte_strides,
                         int threads, wf_threading threading) noexcept
    void wf_random_raw(uint32_t *out, uint64_t n, uint64_t seed,
                       uint64_t stream, uint64_t offset) noexcept
    const char *wf_simd_active() noexcept
    int wf_simd_available(const char *name) noexcept
    int wf_simd_select(const char *name) noexcept
    int wf_openmp_enabled() noexcept
    int wf_default_threads() noexcept
