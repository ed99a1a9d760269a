/* Kernel parameters from the user's distribution parameters. */
#ifndef WINIT_FAST_PARAMS_H
#define WINIT_FAST_PARAMS_H

#include "kernels.h"
#include "winit_core.h"

/* Fill kp from params (see wf_dist); WF_EINVAL or WF_ERANGE when they
   are invalid. */
int wf_kernel_params(wf_dist dist, wf_dtype dtype, const double *params,
                     wf_kparams *kp);

#endif
