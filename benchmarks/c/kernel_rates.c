/*
 * Single-thread rates of the kernels alone, without the driver: Philox
 * words per second, and each transform's elements per second from words
 * already in L1. Shows which part of a fill bounds its speed. Build and
 * run from the repository root:
 *
 *   FLAGS="-O3 -std=c11 -ffp-contract=off -fno-math-errno -Icsrc"
 *   gcc $FLAGS -c csrc/params.c csrc/kernels_scalar.c
 *   gcc $FLAGS -mavx2 -mfma -c csrc/kernels_avx2.c
 *   gcc $FLAGS -mavx512f -mavx512dq -c csrc/kernels_avx512.c
 *   gcc -O3 -DWF_HAVE_AVX2 -DWF_HAVE_AVX512 -Icsrc \
 *       benchmarks/c/kernel_rates.c params.o kernels_scalar.o \
 *       kernels_avx2.o kernels_avx512.o -lm -o kernel_rates
 *   ./kernel_rates
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "kernels.h"
#include "params.h"

#define UNITS 200000L

static double
seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

static void
report(const wf_kernel_set *set)
{
    static uint32_t words[WF_UNIT_BLOCKS * 4];
    static double out[WF_UNIT_BLOCKS * 2];
    static const char *names[3] = {"uniform", "normal", "truncated_normal"};
    const double params[4] = {0.0, 1.0, -2.0, 2.0};

    double start = seconds_now();
    for (long u = 0; u < UNITS; u++)
        set->philox(1, 0, (uint64_t)u * WF_UNIT_BLOCKS, WF_UNIT_BLOCKS,
                    words);
    double words_rate = UNITS * WF_UNIT_BLOCKS * 4 / (seconds_now() - start);
    printf("%-7s philox              %6.3f G words/s\n", set->name,
           words_rate / 1e9);

    for (int dist = 0; dist < 3; dist++) {
        for (int dtype = 0; dtype < 2; dtype++) {
            wf_kparams kp;
            wf_kernel_params((wf_dist)dist, (wf_dtype)dtype, params, &kp);
            start = seconds_now();
            for (long u = 0; u < UNITS; u++)
                set->transform[dist][dtype](words, WF_UNIT_BLOCKS, out, &kp);
            double elements = UNITS * WF_UNIT_BLOCKS * (dtype == 0 ? 4 : 2);
            printf("%-7s %-16s %s %6.3f G elements/s\n", set->name,
                   names[dist], dtype == 0 ? "f32" : "f64",
                   elements / (seconds_now() - start) / 1e9);
        }
    }
}

int
main(void)
{
    report(&wf_kernels_scalar);
#ifdef WF_HAVE_AVX2
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        report(&wf_kernels_avx2);
#endif
#ifdef WF_HAVE_AVX512
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        report(&wf_kernels_avx512);
#endif
    return 0;
}
