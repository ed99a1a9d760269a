/*
 * Per-call kernel parameters: uniform scaling, and for the truncated
 * normal the probabilities Phi(alpha), Phi(beta) - Phi(alpha) and their
 * complements, computed so that each keeps its relative precision deep
 * in either tail.
 */
#include <math.h>

#include "params.h"

#define WF_LN_SQRT_2PI 0.91893853320467274178

/* Below this z, Phi(z) is taken from its asymptotic series in logs. */
#define WF_ASYMPTOTIC_BELOW -35.0

/* Limits for the float32 truncated normal's float kernel: the smallest
   probability it may invert, and the smallest share of a side's largest
   probability that the interval may span (see side_fits_float). */
#define WF_FAST_F32_MIN_P 0x1p-120
#define WF_FAST_F32_MIN_SHARE 0x1p-4

static double
ndtr(double x)
{
    return 0.5 * erfc(-x * 0.70710678118654752440);
}

/*
 * ln Phi(x). For x < -35 the asymptotic series
 * Phi(x) = phi(x) / -x (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...), whose ninth
 * term is below 1e-18 there, avoids the underflow of erfc.
 */
static double
log_ndtr(double x)
{
    if (x >= WF_ASYMPTOTIC_BELOW) {
        if (x > 0.0)
            return log1p(-ndtr(-x));
        return log(ndtr(x));
    }
    double inv_x2 = 1.0 / (x * x);
    double term = 1.0;
    double sum = 1.0;
    for (int k = 1; k <= 8; k++) {
        term *= -(2.0 * k - 1.0) * inv_x2;
        sum += term;
    }
    return -0.5 * x * x - log(-x) - WF_LN_SQRT_2PI + log(sum);
}

/*
 * One side of the inverse-CDF map: probabilities from base to
 * base + scale, all multiplied by exp(log_offset). lo < hi are the bounds
 * seen from this side's tail (alpha, beta for the lower side; -beta,
 * -alpha for the upper side), and width = Phi(hi) - Phi(lo). Deep in the
 * tail the probabilities are taken relative to Phi(hi), so base + scale
 * is 1 and log_offset = ln Phi(hi).
 */
static void
tail_side(double lo, double hi, double width, double *base, double *scale,
          double *log_offset)
{
    if (hi >= WF_ASYMPTOTIC_BELOW) {
        *base = ndtr(lo);
        *scale = width;
        *log_offset = 0.0;
        return;
    }
    double log_ratio = log_ndtr(lo) - log_ndtr(hi);
    *base = exp(log_ratio);
    *scale = -expm1(log_ratio);
    *log_offset = log_ndtr(hi);
}

static float
float_at_least(double x)
{
    float f = (float)x;
    return (double)f < x ? nextafterf(f, INFINITY) : f;
}

static float
float_at_most(double x)
{
    float f = (float)x;
    return (double)f > x ? nextafterf(f, -INFINITY) : f;
}

/*
 * Return whether one side of the inverse-CDF map can run in float. Its
 * probabilities must need no log offset. The smallest of them, at
 * u = 2^-33, must be a normal float with room to spare, so that the float
 * kernel's log keeps its relative precision. They must also span at least
 * WF_FAST_F32_MIN_SHARE of the largest, so that rounding p to float
 * leaves more than 2^19 distinct values in the interval: a narrower one,
 * such as [0, 1e-6], would otherwise get a few dozen.
 */
static int
side_fits_float(double base, double scale, double log_offset)
{
    return log_offset == 0.0 && base + 0x1p-33 * scale >= WF_FAST_F32_MIN_P
        && scale >= WF_FAST_F32_MIN_SHARE * (base + scale);
}

static int
truncnorm_params(wf_dtype dtype, const double *p, wf_kparams *kp)
{
    double mean = p[0], std = p[1], a = p[2], b = p[3];
    if (!(std > 0.0) || !(a < b))
        return WF_EINVAL;
    double alpha = (a - mean) / std;
    double beta = (b - mean) / std;
    /* alpha == beta when [a, b] is narrower than the rounding of
       (b - mean) / std: every z is then alpha, clamped into [a, b]. */
    if (!(alpha <= beta) || alpha > WF_TRUNCNORM_TAIL_LIMIT
        || beta < -WF_TRUNCNORM_TAIL_LIMIT)
        return WF_ERANGE;

    kp->mean = mean;
    kp->std = std;
    kp->alpha = alpha;
    kp->beta = beta;
    if (dtype == WF_FLOAT32) {
        kp->lo_clamp = float_at_least(a);
        kp->hi_clamp = float_at_most(b);
    } else {
        kp->lo_clamp = a;
        kp->hi_clamp = b;
    }

    /* Phi(beta) - Phi(alpha), each term taken from its nearer tail. */
    double width;
    if (alpha >= 0.0)
        width = ndtr(-alpha) - ndtr(-beta);
    else if (beta <= 0.0)
        width = ndtr(beta) - ndtr(alpha);
    else
        width = (0.5 - ndtr(alpha)) + (0.5 - ndtr(-beta));

    /* Lower side for u <= u_split, where Phi(z) <= 1/2. */
    if (alpha >= 0.0)
        kp->u_split = -1.0;
    else if (beta <= 0.0)
        kp->u_split = 2.0;
    else
        kp->u_split = (0.5 - ndtr(alpha)) / width;

    tail_side(alpha, fmin(beta, 0.0), width, &kp->p_base, &kp->p_scale,
              &kp->p_log_offset);
    tail_side(-beta, fmin(-alpha, 0.0), width, &kp->q_base, &kp->q_scale,
              &kp->q_log_offset);
    if (dtype == WF_FLOAT32 && !isnan(kp->u_split)) {
        /* A side is in use unless u_split excludes it. */
        int lower_ok = kp->u_split <= 0.0
                    || side_fits_float(kp->p_base, kp->p_scale,
                                       kp->p_log_offset);
        int upper_ok = kp->u_split >= 1.0
                    || side_fits_float(kp->q_base, kp->q_scale,
                                       kp->q_log_offset);
        kp->fast_f32 = lower_ok && upper_ok;
    }
    return WF_OK;
}

/* Knuth's two-sum: the exact rounding error of sum = a + b. */
static double
two_sum_error(double a, double b, double sum)
{
    double b_part = sum - a;
    return (a - (sum - b_part)) + (b - b_part);
}

int
wf_kernel_params(wf_dist dist, wf_dtype dtype, const double *p,
                 wf_kparams *kp)
{
    *kp = (wf_kparams){0};
    switch (dist) {
    case WF_UNIFORM:
        if (!(p[0] <= p[1]))
            return WF_EINVAL;
        if (dtype == WF_FLOAT32) {
            float low = (float)p[0];
            float high = (float)p[1];
            float below = low == high ? high : nextafterf(high, -INFINITY);
            kp->low = low;
            kp->range = (double)high - (double)low;
            kp->exact_range = two_sum_error(high, -(double)low, kp->range)
                                  == 0.0
                           && (double)(float)kp->range == kp->range;
            kp->high_below = below;
            /* Doubles from the midpoint up round to high or above. */
            kp->clamp_from = low == high ? INFINITY
                                         : 0.5 * ((double)below + high);
        } else {
            double low = p[0], high = p[1];
            kp->low = low;
            kp->range = high - low;
            kp->range_lo = two_sum_error(high, -low, kp->range);
            kp->exact_range = kp->range_lo == 0.0;
            kp->high_below = low == high ? high : nextafter(high, -INFINITY);
        }
        return isfinite(kp->range) ? WF_OK : WF_EINVAL;
    case WF_NORMAL:
        if (!(p[1] >= 0.0))
            return WF_EINVAL;
        kp->mean = p[0];
        kp->std = p[1];
        return WF_OK;
    case WF_TRUNCNORM:
        return truncnorm_params(dtype, p, kp);
    }
    return WF_EINVAL;
}
