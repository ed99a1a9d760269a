/*
 * Run-time choice of the SIMD path: the best one this CPU supports,
 * unless wf_simd_select names another. This is the core's only global
 * state.
 */
#include <stdatomic.h>
#include <string.h>

#include "dispatch.h"

/* Atomic because fills read it without the GIL while a caller may
   select another path; every path gives the same bits. */
static _Atomic(const wf_kernel_set *) active_set;

static const wf_kernel_set *
find_set(const char *name)
{
    if (strcmp(name, "scalar") == 0)
        return &wf_kernels_scalar;
#ifdef WF_HAVE_AVX2
    if (strcmp(name, "avx2") == 0) {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
            return &wf_kernels_avx2;
    }
#endif
#ifdef WF_HAVE_AVX512
    if (strcmp(name, "avx512") == 0) {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f")
            && __builtin_cpu_supports("avx512dq"))
            return &wf_kernels_avx512;
    }
#endif
    return NULL;
}

static int
known_name(const char *name)
{
    return strcmp(name, "scalar") == 0 || strcmp(name, "avx2") == 0
        || strcmp(name, "avx512") == 0;
}

const wf_kernel_set *
wf_active_kernels(void)
{
    const wf_kernel_set *set = atomic_load(&active_set);
    if (set == NULL) {
        static const char *const preference[] = {"avx512", "avx2"};
        set = &wf_kernels_scalar;
        for (size_t i = 0; i < sizeof preference / sizeof *preference; i++) {
            const wf_kernel_set *found = find_set(preference[i]);
            if (found != NULL) {
                set = found;
                break;
            }
        }
        atomic_store(&active_set, set);
    }
    return set;
}

const char *
wf_simd_active(void)
{
    return wf_active_kernels()->name;
}

int
wf_simd_available(const char *name)
{
    return find_set(name) != NULL;
}

int
wf_simd_select(const char *name)
{
    if (!known_name(name))
        return -1;
    const wf_kernel_set *set = find_set(name);
    if (set == NULL)
        return -2;
    atomic_store(&active_set, set);
    return 0;
}
