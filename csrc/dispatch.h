/* The kernel set in use (see dispatch.c). */
#ifndef WINIT_FAST_DISPATCH_H
#define WINIT_FAST_DISPATCH_H

#include "kernels.h"
#include "winit_core.h"

const wf_kernel_set *wf_active_kernels(void);

#endif
