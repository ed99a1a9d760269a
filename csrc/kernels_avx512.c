/* The AVX-512 kernels: kernel_body.h over 16 x 32-bit helpers. This file
   is compiled with -mavx512f -mavx512dq and only called after a CPU
   check. */
#include "simd_avx512.h"
#include "kernel_body.h"
