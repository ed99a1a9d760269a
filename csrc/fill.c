/*
 * The fill driver: splits an n-dimensional fill into row segments,
 * spreads them over OpenMP threads, and runs the kernels over whole
 * units of Philox blocks. Every element is a pure function of its stream
 * index, so any split gives the same bits.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef __STDC_NO_THREADS__
#include <threads.h>
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

#include "dispatch.h"
#include "params.h"
#include "winit_core.h"

/*
 * Fills with fewer elements run on one thread: they are a single
 * segment anyway. On the 2-core development machine (AMD EPYC, AVX2),
 * benchmarks/c/thread_threshold.c measured two threads filling 2^13
 * elements 1.1x (normal) to 1.9x (truncated normal) faster than one.
 */
#ifndef WF_PARALLEL_MIN
#define WF_PARALLEL_MIN (UINT64_C(1) << 13)
#endif

/* Rows are cut into segments of at most this many elements, the unit of
   work a thread takes. Smaller fills use smaller segments, down to
   WF_MIN_SEGMENT, so that every thread gets one. */
#define WF_SEGMENT ((int64_t)1 << 16)
#define WF_MIN_SEGMENT ((int64_t)1 << 12)

/* Doubles of scratch for a strided row: the stream run made at a time. */
#define WF_SCATTER_CHUNK 512

/* Rows whose stream index steps by more than this are made element by
   element rather than gathered from a run that is mostly thrown away. */
#define WF_GATHER_MAX_STEP 64

#define WF_MAX_DIMS 64

/* Most threads one WF_THREADS_FRESH fill starts. */
#define WF_MAX_FRESH_THREADS 256

typedef struct fill_job {
    const wf_kernel_set *kernels;
    wf_transform_fn transform;
    wf_transform_fn transform_scalar;
    size_t itemsize;
    uint64_t per_block; /* elements made from one Philox block */
    uint64_t seed;
    uint64_t stream;
    wf_kparams params;
} fill_job;

/*
 * Elements first .. first + n - 1 of the stream into contiguous dst.
 * Whole units go straight into dst. A partial unit is made in scratch,
 * with only the blocks it needs (rounded up to the kernels' granule),
 * and copied.
 */
static void
fill_range(const fill_job *job, uint64_t first, uint64_t n, char *dst)
{
    uint32_t words[WF_UNIT_BLOCKS * 4];
    double scratch[WF_UNIT_BLOCKS * 2]; /* one unit of either dtype */
    const uint64_t per_block = job->per_block;
    const uint64_t unit = WF_UNIT_BLOCKS * per_block;
    const uint64_t granule = job->kernels->block_granule;
    /* The kernels store through float and double pointers, so a buffer
       that numpy allows to be unaligned goes through scratch. */
    const int aligned = (uintptr_t)dst % job->itemsize == 0;

    while (n > 0) {
        uint64_t block = first / per_block;
        uint64_t skip = first % per_block;
        uint64_t take;
        if (skip == 0 && n >= unit && aligned) {
            job->kernels->philox(job->seed, job->stream, block,
                                 WF_UNIT_BLOCKS, words);
            job->transform(words, WF_UNIT_BLOCKS, dst, &job->params);
            take = unit;
        } else {
            uint64_t blocks = (skip + n + per_block - 1) / per_block;
            blocks = (blocks + granule - 1) / granule * granule;
            if (blocks > WF_UNIT_BLOCKS)
                blocks = WF_UNIT_BLOCKS;
            job->kernels->philox(job->seed, job->stream, block, blocks,
                                 words);
            job->transform(words, blocks, scratch, &job->params);
            take = blocks * per_block - skip;
            take = take < n ? take : n;
            memcpy(dst, (char *)scratch + skip * job->itemsize,
                   take * job->itemsize);
        }
        first += take;
        n -= take;
        dst += take * job->itemsize;
    }
}

/* One element, through the one-lane kernels (same bits as any path).
   The one-lane Philox makes blocks in pairs; the second is unused. */
static void
fill_one(const fill_job *job, uint64_t index, char *dst)
{
    uint32_t words[8];
    double values[4];
    wf_kernels_scalar.philox(job->seed, job->stream, index / job->per_block,
                             2, words);
    job->transform_scalar(words, 1, values, &job->params);
    memcpy(dst, (char *)values + (index % job->per_block) * job->itemsize,
           job->itemsize);
}

/*
 * Elements j0 .. j1 - 1 of one row: element j lives at
 * row + j * byte_stride and is stream element start + j * index_stride.
 * Index steps up to WF_GATHER_MAX_STEP are gathered from runs of
 * consecutive stream elements; larger steps are made one by one.
 */
static void
fill_segment(const fill_job *job, char *row, int64_t byte_stride,
             int64_t index_stride, uint64_t start, int64_t j0, int64_t j1)
{
    const size_t size = job->itemsize;

    if (index_stride == 1 && byte_stride == (int64_t)size) {
        fill_range(job, start + (uint64_t)j0, (uint64_t)(j1 - j0),
                   row + j0 * byte_stride);
        return;
    }
    const int64_t step = index_stride < 0 ? -index_stride : index_stride;
    if (step > WF_GATHER_MAX_STEP) {
        for (int64_t j = j0; j < j1; j++)
            fill_one(job, start + (uint64_t)j * (uint64_t)index_stride,
                     row + j * byte_stride);
        return;
    }

    double scratch[WF_SCATTER_CHUNK];
    const int64_t span_max = (int64_t)(sizeof scratch / size);
    const int64_t chunk = (span_max - 1) / step + 1; /* elements per run */
    char *src = (char *)scratch;
    for (int64_t j = j0; j < j1; j += chunk) {
        int64_t m = j1 - j < chunk ? j1 - j : chunk;
        int64_t span = (m - 1) * step + 1;
        /* The run covers the stream indices of elements j .. j + m - 1
           in rising order; element j + k sits k * step from one end. */
        uint64_t first = start + (uint64_t)j * (uint64_t)index_stride;
        if (index_stride < 0)
            first -= (uint64_t)((m - 1) * step);
        fill_range(job, first, (uint64_t)span, src);
        for (int64_t k = 0; k < m; k++) {
            int64_t at = index_stride > 0 ? k * step : (m - 1 - k) * step;
            memcpy(row + (j + k) * byte_stride, src + at * (int64_t)size,
                   size);
        }
    }
}

/*
 * Drop dimensions of length 1 and merge neighbours whose memory and
 * index strides both nest, so a contiguous array becomes one row.
 * Returns the new dimension count; 0 dimensions means one element.
 */
static int
collapse_dims(int ndim, int64_t *shape, int64_t *bstr, int64_t *istr)
{
    int out = 0;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 1)
            continue;
        if (out > 0 && bstr[out - 1] == bstr[d] * shape[d]
            && istr[out - 1] == istr[d] * shape[d]) {
            shape[out - 1] *= shape[d];
            bstr[out - 1] = bstr[d];
            istr[out - 1] = istr[d];
            continue;
        }
        shape[out] = shape[d];
        bstr[out] = bstr[d];
        istr[out] = istr[d];
        out++;
    }
    return out;
}

/* The thread count a call requests: threads, or the OpenMP default.
   Reading the default is safe in a forked child, which may not start
   OpenMP's pool. */
static int
requested_threads(int threads)
{
    if (threads > 0)
        return threads;
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static int
thread_count(int threads, wf_threading threading, uint64_t total,
             int64_t tasks)
{
    int n = requested_threads(threads);
#ifdef _OPENMP
    (void)threading;
#else
    /* Without OpenMP only fresh threads run in parallel. */
    if (threading != WF_THREADS_FRESH)
        n = 1;
#endif
    if (total < WF_PARALLEL_MIN)
        n = 1;
    if ((int64_t)n > tasks)
        n = (int)tasks;
    return n < 1 ? 1 : n;
}

/* An n-dimensional array cut into row segments, the unit of work a
   thread takes. */
typedef struct layout {
    char *base;
    int ndim;
    int64_t dims[WF_MAX_DIMS];
    int64_t bstr[WF_MAX_DIMS];
    int64_t istr[WF_MAX_DIMS];
    int64_t row_len;
    int64_t segment;  /* elements per task */
    int64_t segments; /* per row */
    int64_t tasks;
    uint64_t first_index;
} layout;

/* Returns 0 when the array has no elements, else 1. */
static int
make_layout(layout *lay, char *base, int ndim, const int64_t *shape,
            const int64_t *byte_strides, const int64_t *index_strides,
            uint64_t first_index, size_t itemsize, int threads)
{
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 0)
            return 0;
        lay->dims[d] = shape[d];
        lay->bstr[d] = byte_strides[d];
        lay->istr[d] = index_strides != NULL ? index_strides[d] : 0;
    }
    ndim = collapse_dims(ndim, lay->dims, lay->bstr, lay->istr);
    if (ndim == 0) {
        lay->dims[0] = 1;
        lay->bstr[0] = (int64_t)itemsize;
        lay->istr[0] = 1;
        ndim = 1;
    }
    lay->base = base;
    lay->ndim = ndim;
    lay->first_index = first_index;
    lay->row_len = lay->dims[ndim - 1];
    int64_t rows = 1;
    for (int d = 0; d < ndim - 1; d++)
        rows *= lay->dims[d];
    lay->segment = WF_SEGMENT;
    if (threads > 1 && rows * lay->row_len < threads * WF_SEGMENT) {
        int64_t share = (rows * lay->row_len + threads - 1) / threads;
        share = (share + 255) / 256 * 256;
        lay->segment = share > WF_MIN_SEGMENT ? share : WF_MIN_SEGMENT;
    }
    lay->segments = (lay->row_len + lay->segment - 1) / lay->segment;
    lay->tasks = rows * lay->segments;
    return 1;
}

/* Locate task t: its row's address and stream index, and its columns. */
static char *
task_row(const layout *lay, int64_t t, uint64_t *start, int64_t *j0,
         int64_t *j1)
{
    int64_t row = t / lay->segments;
    int64_t seg = t % lay->segments;
    char *ptr = lay->base;
    *start = lay->first_index;
    for (int d = lay->ndim - 2; d >= 0; d--) {
        int64_t i = row % lay->dims[d];
        row /= lay->dims[d];
        ptr += i * lay->bstr[d];
        *start += (uint64_t)i * (uint64_t)lay->istr[d];
    }
    *j0 = seg * lay->segment;
    *j1 = *j0 + lay->segment < lay->row_len ? *j0 + lay->segment
                                            : lay->row_len;
    return ptr;
}

/*
 * 1 when every element's stream index is first_index plus its C-order
 * flat position: the whole array is one run of the stream, whatever its
 * memory layout (a transpose, a Fortran-order array, a strided view).
 */
static int
layout_is_one_run(const layout *lay)
{
    int64_t expected = 1;
    for (int d = lay->ndim - 1; d >= 0; d--) {
        if (lay->istr[d] != expected)
            return 0;
        expected *= lay->dims[d];
    }
    return 1;
}

/*
 * Flat positions pos0 .. pos1 - 1 of a one-run layout: made in
 * consecutive chunks of the stream and scattered to memory in C order,
 * so short or permuted rows cost no more than long ones.
 */
static void
scatter_run(const fill_job *job, const layout *lay, int64_t pos0,
            int64_t pos1)
{
    const size_t size = job->itemsize;
    const int inner = lay->ndim - 1;
    int64_t index[WF_MAX_DIMS];
    char *ptr = lay->base;
    int64_t rest = pos0;
    for (int d = inner; d >= 0; d--) {
        index[d] = rest % lay->dims[d];
        rest /= lay->dims[d];
        ptr += index[d] * lay->bstr[d];
    }

    double scratch[WF_SCATTER_CHUNK];
    const int64_t chunk = (int64_t)(sizeof scratch / size);
    for (int64_t pos = pos0; pos < pos1; pos += chunk) {
        int64_t m = pos1 - pos < chunk ? pos1 - pos : chunk;
        fill_range(job, lay->first_index + (uint64_t)pos, (uint64_t)m,
                   (char *)scratch);
        for (int64_t k = 0; k < m; k++) {
            memcpy(ptr, (char *)scratch + k * (int64_t)size, size);
            /* Step to the next element in C order. */
            int d = inner;
            ptr += lay->bstr[d];
            while (++index[d] == lay->dims[d] && d > 0) {
                ptr -= lay->dims[d] * lay->bstr[d];
                index[d] = 0;
                d--;
                ptr += lay->bstr[d];
            }
        }
    }
}

/* Interrupt polling shared by the threads of one fill. */
typedef struct interrupt_poll {
    wf_interrupt_fn check;
    void *context;
    atomic_int stopped;
    double next_check;  /* seconds; read and written by the caller only */
} interrupt_poll;

static double
seconds_now(void)
{
    struct timespec now;
    timespec_get(&now, TIME_UTC);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

/*
 * Return 1 once the fill should stop. Only the calling thread runs the
 * callback, at most every WF_POLL_INTERVAL_MS, so a callback that waits
 * for a lock costs little. The other threads only read the flag, and
 * skip their remaining tasks once it is set.
 */
static int
poll_interrupt(interrupt_poll *poll, int is_caller)
{
    if (atomic_load_explicit(&poll->stopped, memory_order_relaxed))
        return 1;
    if (poll->check == NULL || !is_caller)
        return 0;
    double now = seconds_now();
    if (now < poll->next_check)
        return 0;
    poll->next_check = now + 1e-3 * WF_POLL_INTERVAL_MS;
    if (poll->check(poll->context) == 0)
        return 0;
    atomic_store_explicit(&poll->stopped, 1, memory_order_relaxed);
    return 1;
}

/* What the tasks of one call do: a random fill, or a constant. */
typedef struct task_plan {
    const fill_job *job; /* NULL for a constant fill */
    const layout *lay;
    interrupt_poll *poll;
    int one_run;         /* the layout is one run of the stream */
    int64_t total;       /* elements */
    double value;        /* constant fills */
    size_t itemsize;
} task_plan;

static void
fill_constant_segment(const task_plan *plan, char *row, int64_t j0,
                      int64_t j1)
{
    const int64_t step = plan->lay->bstr[plan->lay->ndim - 1];
    if (plan->itemsize == 4) {
        const float value32 = (float)plan->value;
        for (int64_t j = j0; j < j1; j++)
            memcpy(row + j * step, &value32, 4);
    } else {
        for (int64_t j = j0; j < j1; j++)
            memcpy(row + j * step, &plan->value, 8);
    }
}

/* Tasks t0 .. t1 - 1; is_caller marks the thread that polls. */
static void
run_tasks(const task_plan *plan, int64_t t0, int64_t t1, int is_caller)
{
    const layout *lay = plan->lay;
    const int inner = lay->ndim - 1;
    for (int64_t t = t0; t < t1; t++) {
        if (poll_interrupt(plan->poll, is_caller))
            return;
        if (plan->one_run) {
            int64_t pos1 = (t + 1) * lay->segment;
            scatter_run(plan->job, lay, t * lay->segment,
                        pos1 < plan->total ? pos1 : plan->total);
            continue;
        }
        uint64_t start;
        int64_t j0, j1;
        char *row = task_row(lay, t, &start, &j0, &j1);
        if (plan->job == NULL)
            fill_constant_segment(plan, row, j0, j1);
        else
            fill_segment(plan->job, row, lay->bstr[inner], lay->istr[inner],
                         start, j0, j1);
    }
}

/* Thread k of n takes the k-th of n contiguous shares of the tasks. */
typedef struct task_share {
    const task_plan *plan;
    int64_t t0, t1;
} task_share;

static task_share
share_of(const task_plan *plan, int64_t tasks, int k, int n)
{
    task_share share = {plan, tasks * k / n, tasks * (k + 1) / n};
    return share;
}

#ifndef __STDC_NO_THREADS__
static int
run_share(void *arg)
{
    const task_share *share = arg;
    run_tasks(share->plan, share->t0, share->t1, 0);
    return 0;
}
#endif

/*
 * Run every task on n threads: OpenMP's pool, or (WF_THREADS_FRESH) new
 * C11 threads that end with the call. A thread that cannot be started
 * leaves its share to the caller.
 */
static void
run_all(const task_plan *plan, int64_t tasks, int n, wf_threading threading)
{
    if (n <= 1) {
        run_tasks(plan, 0, tasks, 1);
        return;
    }
    if (threading == WF_THREADS_FRESH) {
#ifndef __STDC_NO_THREADS__
        thrd_t ids[WF_MAX_FRESH_THREADS];
        task_share shares[WF_MAX_FRESH_THREADS];
        int started[WF_MAX_FRESH_THREADS];
        n = n < WF_MAX_FRESH_THREADS ? n : WF_MAX_FRESH_THREADS;
        for (int k = 1; k < n; k++) {
            shares[k] = share_of(plan, tasks, k, n);
            started[k] = thrd_create(&ids[k], run_share, &shares[k])
                         == thrd_success;
        }
        task_share own = share_of(plan, tasks, 0, n);
        run_tasks(plan, own.t0, own.t1, 1);
        for (int k = 1; k < n; k++) {
            if (started[k])
                thrd_join(ids[k], NULL);
            else
                run_tasks(plan, shares[k].t0, shares[k].t1, 1);
        }
#else
        run_tasks(plan, 0, tasks, 1);
#endif
        return;
    }
#ifdef _OPENMP
#pragma omp parallel num_threads(n)
    {
        task_share share = share_of(plan, tasks, omp_get_thread_num(),
                                    omp_get_num_threads());
        run_tasks(plan, share.t0, share.t1, omp_get_thread_num() == 0);
    }
#else
    run_tasks(plan, 0, tasks, 1);
#endif
}

int
wf_fill_strided(wf_dist dist, wf_dtype dtype, const double *params,
                uint64_t seed, uint64_t stream, char *base, int ndim,
                const int64_t *shape, const int64_t *byte_strides,
                const int64_t *index_strides, uint64_t first_index,
                int threads, wf_threading threading,
                wf_interrupt_fn interrupt, void *interrupt_context)
{
    if ((unsigned)dist > WF_TRUNCNORM || (unsigned)dtype > WF_FLOAT64
        || ndim < 0 || ndim > WF_MAX_DIMS)
        return WF_EINVAL;
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0)
            return WF_EINVAL;

    fill_job job;
    int status = wf_kernel_params(dist, dtype, params, &job.params);
    if (status != WF_OK)
        return status;
    job.kernels = wf_active_kernels();
    job.transform = job.kernels->transform[dist][dtype];
    job.transform_scalar = wf_kernels_scalar.transform[dist][dtype];
    job.itemsize = dtype == WF_FLOAT32 ? 4 : 8;
    job.per_block = dtype == WF_FLOAT32 ? 4 : 2;
    job.seed = seed;
    job.stream = stream;

    layout lay;
    if (!make_layout(&lay, base, ndim, shape, byte_strides, index_strides,
                     first_index, job.itemsize,
                     requested_threads(threads)))
        return WF_OK; /* no elements */
    interrupt_poll poll = {interrupt, interrupt_context, 0, 0.0};
    if (interrupt != NULL)
        poll.next_check = seconds_now() + 1e-3 * WF_POLL_INTERVAL_MS;

    task_plan plan = {&job, &lay, &poll, 0, 0, 0.0, job.itemsize};
    plan.total = lay.tasks / lay.segments * lay.row_len;
    int64_t tasks = lay.tasks;
    if (lay.ndim > 1 && layout_is_one_run(&lay)) {
        plan.one_run = 1;
        tasks = (plan.total + lay.segment - 1) / lay.segment;
    }
    run_all(&plan, tasks,
            thread_count(threads, threading, (uint64_t)plan.total, tasks),
            threading);
    return atomic_load(&poll.stopped) ? WF_EINTR : WF_OK;
}

int
wf_fill_constant(wf_dtype dtype, double value, char *base, int ndim,
                 const int64_t *shape, const int64_t *byte_strides,
                 int threads, wf_threading threading)
{
    if ((unsigned)dtype > WF_FLOAT64 || ndim < 0 || ndim > WF_MAX_DIMS)
        return WF_EINVAL;
    for (int d = 0; d < ndim; d++)
        if (shape[d] < 0)
            return WF_EINVAL;

    const size_t size = dtype == WF_FLOAT32 ? 4 : 8;
    layout lay;
    if (!make_layout(&lay, base, ndim, shape, byte_strides, NULL, 0, size,
                     requested_threads(threads)))
        return WF_OK;
    interrupt_poll poll = {NULL, NULL, 0, 0.0};
    task_plan plan = {NULL, &lay, &poll, 0, 0, value, size};
    plan.total = lay.tasks / lay.segments * lay.row_len;
    run_all(&plan, lay.tasks,
            thread_count(threads, threading, (uint64_t)plan.total,
                         lay.tasks),
            threading);
    return WF_OK;
}

static int
fill_contiguous(wf_dist dist, wf_dtype dtype, const double *params,
                void *out, uint64_t n, uint64_t seed, uint64_t stream,
                uint64_t offset, int threads)
{
    if (n > (uint64_t)INT64_MAX || (n > 0 && offset > UINT64_MAX - (n - 1)))
        return WF_ERANGE;
    int64_t shape = (int64_t)n;
    int64_t byte_stride = dtype == WF_FLOAT32 ? 4 : 8;
    int64_t index_stride = 1;
    return wf_fill_strided(dist, dtype, params, seed, stream, out, 1, &shape,
                           &byte_stride, &index_stride, offset, threads,
                           WF_THREADS_OPENMP, NULL, NULL);
}

int
wf_fill_uniform_f32(float *out, uint64_t n, double low, double high,
                    uint64_t seed, uint64_t stream, uint64_t offset,
                    int threads)
{
    const double params[2] = {low, high};
    return fill_contiguous(WF_UNIFORM, WF_FLOAT32, params, out, n, seed,
                           stream, offset, threads);
}

int
wf_fill_uniform_f64(double *out, uint64_t n, double low, double high,
                    uint64_t seed, uint64_t stream, uint64_t offset,
                    int threads)
{
    const double params[2] = {low, high};
    return fill_contiguous(WF_UNIFORM, WF_FLOAT64, params, out, n, seed,
                           stream, offset, threads);
}

int
wf_fill_normal_f32(float *out, uint64_t n, double mean, double std,
                   uint64_t seed, uint64_t stream, uint64_t offset,
                   int threads)
{
    const double params[2] = {mean, std};
    return fill_contiguous(WF_NORMAL, WF_FLOAT32, params, out, n, seed,
                           stream, offset, threads);
}

int
wf_fill_normal_f64(double *out, uint64_t n, double mean, double std,
                   uint64_t seed, uint64_t stream, uint64_t offset,
                   int threads)
{
    const double params[2] = {mean, std};
    return fill_contiguous(WF_NORMAL, WF_FLOAT64, params, out, n, seed,
                           stream, offset, threads);
}

int
wf_fill_truncnorm_f32(float *out, uint64_t n, double mean, double std,
                      double a, double b, uint64_t seed, uint64_t stream,
                      uint64_t offset, int threads)
{
    const double params[4] = {mean, std, a, b};
    return fill_contiguous(WF_TRUNCNORM, WF_FLOAT32, params, out, n, seed,
                           stream, offset, threads);
}

int
wf_fill_truncnorm_f64(double *out, uint64_t n, double mean, double std,
                      double a, double b, uint64_t seed, uint64_t stream,
                      uint64_t offset, int threads)
{
    const double params[4] = {mean, std, a, b};
    return fill_contiguous(WF_TRUNCNORM, WF_FLOAT64, params, out, n, seed,
                           stream, offset, threads);
}

void
wf_random_raw(uint32_t *out, uint64_t n, uint64_t seed, uint64_t stream,
              uint64_t offset)
{
    uint32_t words[WF_UNIT_BLOCKS * 4];
    const wf_kernel_set *kernels = wf_active_kernels();
    /* Word j of the stream is lane j % 4 of block j / 4. */
    while (n > 0) {
        uint64_t skip = offset % 4;
        uint64_t avail = WF_UNIT_BLOCKS * 4 - skip;
        uint64_t take = avail < n ? avail : n;
        kernels->philox(seed, stream, offset / 4, WF_UNIT_BLOCKS, words);
        memcpy(out, words + skip, take * sizeof *out);
        out += take;
        offset += take;
        n -= take;
    }
}

int
wf_openmp_enabled(void)
{
#ifdef _OPENMP
    return 1;
#else
    return 0;
#endif
}

int
wf_default_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}
