/* The AVX2 + FMA kernels: kernel_body.h over 8 x 32-bit helpers. This
   file is compiled with -mavx2 -mfma and only called after a CPU check. */
#include "simd_avx2.h"
#include "kernel_body.h"
