/*
 * Time 1- and 2-thread fills of 2^10 .. 2^18 elements with the parallel
 * threshold switched off, to choose WF_PARALLEL_MIN in csrc/fill.c.
 * Build and run from the repository root:
 *
 *   FLAGS="-O3 -std=c11 -ffp-contract=off -fno-math-errno -Icsrc"
 *   gcc $FLAGS -fopenmp -DWF_HAVE_AVX2 -DWF_HAVE_AVX512 \
 *       -DWF_PARALLEL_MIN=0 \
 *       -c csrc/fill.c csrc/params.c csrc/kernels_scalar.c csrc/dispatch.c
 *   gcc $FLAGS -mavx2 -mfma -c csrc/kernels_avx2.c
 *   gcc $FLAGS -mavx512f -mavx512dq -c csrc/kernels_avx512.c
 *   gcc -O3 -fopenmp -Icsrc benchmarks/c/thread_threshold.c *.o -lm \
 *       -o thread_threshold && ./thread_threshold
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "winit_core.h"

static double
seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

/* Best of 5 batches of the mean time of one fill. */
static double
fill_seconds(wf_dist dist, float *buf, int64_t n, int threads)
{
    const double params[4] = {0.0, 1.0, -2.0, 2.0};
    const int64_t byte_stride = 4, index_stride = 1;
    const long calls = 2000000 / n + 5;
    double best = 1e30;
    for (int batch = 0; batch < 5; batch++) {
        double start = seconds_now();
        for (long k = 0; k < calls; k++)
            wf_fill_strided(dist, WF_FLOAT32, params, 1, 0, (char *)buf, 1,
                            &n, &byte_stride, &index_stride, 0, threads,
                            WF_THREADS_OPENMP, NULL, NULL);
        double mean = (seconds_now() - start) / (double)calls;
        best = mean < best ? mean : best;
    }
    return best;
}

int
main(void)
{
    static const char *names[3] = {"uniform", "normal", "truncated_normal"};
    float *buf = malloc(sizeof(float) << 18);
    if (buf == NULL)
        return 1;
    for (int dist = 0; dist < 3; dist++) {
        for (int log2n = 10; log2n <= 18; log2n++) {
            int64_t n = (int64_t)1 << log2n;
            double one_thread = fill_seconds((wf_dist)dist, buf, n, 1);
            double two_threads = fill_seconds((wf_dist)dist, buf, n, 2);
            printf("%-16s 2^%-2d  1 thread %9.1f us  2 threads %9.1f us"
                   "  speed-up %.2f\n",
                   names[dist], log2n, one_thread * 1e6, two_threads * 1e6,
                   one_thread / two_threads);
        }
    }
    free(buf);
    return 0;
}
