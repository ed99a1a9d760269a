/*
 * Largest error of the float32 truncated normal's float kernel, over
 * every 32-bit word (or every STRIDE-th word plus the first and last
 * 2^20), against the same kernel set's double AS 241 path, which the
 * float kernel replaced. The double path is within about 1e-16 of the
 * exact value before its result is rounded to float, so the true error
 * is at most the printed error plus 2^-24 (in units of
 * max(1, |z|)). DESIGN.md allows 2^-20. Build the objects as for
 * kernel_rates.c, then:
 *
 *   gcc -O3 -DWF_HAVE_AVX2 -DWF_HAVE_AVX512 -Icsrc \
 *       benchmarks/c/truncnorm_f32_error.c params.o kernels_scalar.o \
 *       kernels_avx2.o kernels_avx512.o -lm -o truncnorm_f32_error
 *   ./truncnorm_f32_error ALPHA BETA [STRIDE]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernels.h"
#include "params.h"

#define WORDS (WF_UNIT_BLOCKS * 4)

static const wf_kernel_set *
best_set(void)
{
#ifdef WF_HAVE_AVX512
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        return &wf_kernels_avx512;
#endif
#ifdef WF_HAVE_AVX2
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return &wf_kernels_avx2;
#endif
    return &wf_kernels_scalar;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s ALPHA BETA [STRIDE]\n", argv[0]);
        return 2;
    }
    const double params[4] = {0.0, 1.0, atof(argv[1]), atof(argv[2])};
    const uint64_t stride = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
    const wf_kernel_set *set = best_set();
    wf_transform_fn kernel = set->transform[WF_TRUNCNORM][WF_FLOAT32];

    wf_kparams fast, slow;
    if (wf_kernel_params(WF_TRUNCNORM, WF_FLOAT32, params, &fast) != 0) {
        fprintf(stderr, "invalid bounds [%g, %g]: ALPHA must be below BETA\n",
                params[2], params[3]);
        return 2;
    }
    slow = fast;
    slow.fast_f32 = 0;
    printf("%s path, [%g, %g], float kernel %s\n", set->name, params[2],
           params[3], fast.fast_f32 ? "on" : "off: nothing to check");
    if (!fast.fast_f32)
        return 0;

    static uint32_t words[WORDS];
    static float fast_out[WORDS], slow_out[WORDS];
    double worst = 0.0;
    uint32_t worst_word = 0;
    float worst_fast = 0.0f, worst_slow = 0.0f;
    const uint64_t edge = UINT64_C(1) << 20, top = UINT64_C(1) << 32;
    uint64_t checked = 0, next = 0;
    while (next < top) {
        int valid = 0;
        for (int k = 0; k < WORDS; k++) {
            /* Every word near the ends and every stride-th one between.
               Past the last word, the buffer is padded with copies of it. */
            words[k] = next < top ? (uint32_t)next : UINT32_MAX;
            if (next < top) {
                valid++;
                next += (next < edge || next >= top - edge) ? 1 : stride;
            }
        }
        kernel(words, WF_UNIT_BLOCKS, fast_out, &fast);
        kernel(words, WF_UNIT_BLOCKS, slow_out, &slow);
        for (int k = 0; k < valid; k++) {
            double ref = slow_out[k];
            double err = fabs((double)fast_out[k] - ref) / fmax(1.0, fabs(ref));
            if (err > worst) {
                worst = err;
                worst_word = words[k];
                worst_fast = fast_out[k];
                worst_slow = slow_out[k];
            }
        }
        checked += (uint64_t)valid;
    }
    printf("%llu words: largest error 2^%.2f (word %u: %.9g, double path "
           "%.9g)\n",
           (unsigned long long)checked, worst > 0 ? log2(worst) : -INFINITY,
           worst_word, worst_fast, worst_slow);
    return 0;
}
