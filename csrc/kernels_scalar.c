/* The portable C kernels: kernel_body.h over one-lane helpers. */
#include "simd_scalar.h"
#include "kernel_body.h"
