/*
 * Tests of the C core alone, without Python: known-answer vectors, the
 * same bits on every SIMD path, thread count and layout, interrupts and
 * parameter errors. Run by ctest (see CMakeLists.txt), also under
 * AddressSanitizer, UndefinedBehaviorSanitizer and valgrind in CI.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winit_core.h"

static int passed;
static int failed;

#define CHECK(condition)                                                     \
    do {                                                                     \
        if (condition) {                                                     \
            passed++;                                                        \
        } else {                                                             \
            failed++;                                                        \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,          \
                    __LINE__, #condition);                                   \
        }                                                                    \
    } while (0)

/* Random123's known-answer vector for counter 0, key 0. */
static void
test_known_answer(void)
{
    static const uint32_t expected[4] = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
                                         0x9b00dbd8};
    uint32_t words[7];
    wf_random_raw(words, 4, 0, 0, 0);
    CHECK(memcmp(words, expected, sizeof expected) == 0);
    /* A start inside the block gives the same words. */
    wf_random_raw(words, 3, 0, 0, 1);
    CHECK(memcmp(words, expected + 1, 3 * sizeof *words) == 0);
}

static void
fill(wf_dist dist, wf_dtype dtype, void *out, int64_t n, uint64_t offset,
     int threads, wf_threading threading, int *status)
{
    const double params[4] = {0.5, 2.0, -1.0, 3.0};
    const int64_t byte_stride = dtype == WF_FLOAT32 ? 4 : 8;
    const int64_t index_stride = 1;
    *status = wf_fill_strided(dist, dtype, params, 42, 7, out, 1, &n,
                              &byte_stride, &index_stride, offset, threads,
                              threading, NULL, NULL);
}

/* Every path, thread count, threading and split gives the bits of one
   scalar fill. */
static void
test_identical_bits(void)
{
    const int64_t n = 300007; /* odd, above the threading threshold */
    const uint64_t offset = UINT64_C(4) * 0xffffffff - 3; /* near a carry */
    const char *paths[3] = {"scalar", "avx2", "avx512"};
    for (int dist = 0; dist < 3; dist++) {
        for (int dtype = 0; dtype < 2; dtype++) {
            size_t size = dtype == WF_FLOAT32 ? 4 : 8;
            char *expected = malloc((size_t)n * size);
            char *got = malloc((size_t)n * size);
            int status;
            wf_simd_select("scalar");
            fill(dist, dtype, expected, n, offset, 1, WF_THREADS_OPENMP,
                 &status);
            CHECK(status == WF_OK);
            for (int p = 0; p < 3; p++) {
                if (wf_simd_select(paths[p]) != 0)
                    continue;
                for (int threads = 1; threads <= 3; threads++) {
                    for (int mode = 0; mode < 2; mode++) {
                        fill(dist, dtype, got, n, offset, threads,
                             (wf_threading)mode, &status);
                        CHECK(status == WF_OK);
                        CHECK(memcmp(got, expected, (size_t)n * size) == 0);
                    }
                }
                /* Two pieces at an odd split, by offset. */
                int64_t k = 1001;
                fill(dist, dtype, got, k, offset, 2, WF_THREADS_OPENMP,
                     &status);
                fill(dist, dtype, got + (size_t)k * size, n - k,
                     offset + (uint64_t)k, 2, WF_THREADS_FRESH, &status);
                CHECK(memcmp(got, expected, (size_t)n * size) == 0);
            }
            free(expected);
            free(got);
        }
    }
    wf_simd_select("scalar");
}

/* A transposed, reversed 2-D view equals the contiguous fill. */
static void
test_strided_layout(void)
{
    enum { ROWS = 37, COLS = 53 };
    static double contiguous[ROWS * COLS];
    static double transposed[COLS * ROWS];
    const double params[2] = {0.0, 1.0};
    int64_t shape1 = ROWS * COLS, stride1 = 8, index1 = 1;
    CHECK(wf_fill_strided(WF_NORMAL, WF_FLOAT64, params, 3, 0,
                          (char *)contiguous, 1, &shape1, &stride1, &index1,
                          5, 2, WF_THREADS_OPENMP, NULL, NULL)
          == WF_OK);
    /* Logical element (i, j) lives at transposed[(COLS - 1 - j) * ROWS + i]. */
    int64_t shape[2] = {ROWS, COLS};
    int64_t bytes[2] = {8, -8 * ROWS};
    int64_t index[2] = {COLS, 1};
    char *base = (char *)(transposed + (COLS - 1) * ROWS);
    CHECK(wf_fill_strided(WF_NORMAL, WF_FLOAT64, params, 3, 0, base, 2,
                          shape, bytes, index, 5, 2, WF_THREADS_FRESH, NULL,
                          NULL)
          == WF_OK);
    int same = 1;
    for (int i = 0; i < ROWS; i++)
        for (int j = 0; j < COLS; j++)
            same &= transposed[(COLS - 1 - j) * ROWS + i]
                    == contiguous[i * COLS + j];
    CHECK(same);
}

static int calls;

static int
stop_at_second_call(void *context)
{
    (void)context;
    return ++calls >= 2;
}

/* An interrupt callback that returns nonzero stops the fill. */
static void
test_interrupt(void)
{
    const int64_t n = (int64_t)1 << 24;
    float *out = malloc((size_t)n * sizeof *out);
    const double params[4] = {0.0, 1.0, -2.0, 2.0};
    int64_t byte_stride = 4, index_stride = 1, shape = n;
    calls = 0;
    int status = wf_fill_strided(WF_TRUNCNORM, WF_FLOAT32, params, 1, 0,
                                 (char *)out, 1, &shape, &byte_stride,
                                 &index_stride, 0, 1, WF_THREADS_OPENMP,
                                 stop_at_second_call, NULL);
    CHECK(status == WF_EINTR);
    CHECK(calls == 2);
    free(out);
}

static void
test_parameter_errors(void)
{
    float out[4];
    int64_t shape = 4, byte_stride = 4, index_stride = 1;
    const double reversed[2] = {1.0, 0.0};
    const double negative_std[2] = {0.0, -1.0};
    const double deep[4] = {0.0, 1.0, 2e150, 3e150};
    CHECK(wf_fill_strided(WF_UNIFORM, WF_FLOAT32, reversed, 0, 0, (char *)out,
                          1, &shape, &byte_stride, &index_stride, 0, 1,
                          WF_THREADS_OPENMP, NULL, NULL)
          == WF_EINVAL);
    CHECK(wf_fill_strided(WF_NORMAL, WF_FLOAT32, negative_std, 0, 0,
                          (char *)out, 1, &shape, &byte_stride, &index_stride,
                          0, 1, WF_THREADS_OPENMP, NULL, NULL)
          == WF_EINVAL);
    CHECK(wf_fill_strided(WF_TRUNCNORM, WF_FLOAT32, deep, 0, 0, (char *)out, 1,
                          &shape, &byte_stride, &index_stride, 0, 1,
                          WF_THREADS_OPENMP, NULL, NULL)
          == WF_ERANGE);
    CHECK(wf_fill_uniform_f32(out, 4, 0.0, 1.0, 0, 0, UINT64_MAX - 2, 1)
          == WF_ERANGE);
    CHECK(wf_simd_select("neon") == -1);
}

/* Arrays with no elements write nothing and succeed. */
static void
test_empty(void)
{
    float out[2] = {7.5f, 7.5f};
    const double params[2] = {0.0, 1.0};
    int64_t shape[2] = {2, 0}, bytes[2] = {4, 4}, index[2] = {0, 1};
    CHECK(wf_fill_strided(WF_NORMAL, WF_FLOAT32, params, 0, 0, (char *)out, 2,
                          shape, bytes, index, 0, 2, WF_THREADS_OPENMP, NULL,
                          NULL)
          == WF_OK);
    CHECK(wf_fill_constant(WF_FLOAT32, 1.0, (char *)out, 2, shape, bytes, 2,
                           WF_THREADS_OPENMP)
          == WF_OK);
    CHECK(out[0] == 7.5f);
    CHECK(out[1] == 7.5f);
}

/* Uniform values stay in [low, high); truncated ones in [a, b]. */
static void
test_ranges(void)
{
    enum { N = 100000 };
    static float out[N];
    CHECK(wf_fill_uniform_f32(out, N, -1.0, 1.0, 9, 0, 0, 2) == WF_OK);
    int inside = 1;
    for (int i = 0; i < N; i++)
        inside &= out[i] >= -1.0f && out[i] < 1.0f;
    CHECK(inside);
    CHECK(wf_fill_truncnorm_f32(out, N, 0.0, 1.0, 6.0, 7.0, 9, 0, 0, 2)
          == WF_OK);
    inside = 1;
    for (int i = 0; i < N; i++)
        inside &= out[i] >= 6.0f && out[i] <= 7.0f && isfinite(out[i]);
    CHECK(inside);
}

int
main(void)
{
    test_known_answer();
    test_identical_bits();
    test_strided_layout();
    test_interrupt();
    test_parameter_errors();
    test_empty();
    test_ranges();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
