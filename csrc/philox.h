/*
 * Philox4x32-10 constants and a scalar block function.
 *
 * Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
 * 1, 2, 3", SC11 (2011). The constants are the ones published with the
 * Random123 reference implementation; the known-answer vectors of that
 * implementation check this code in the test suite.
 */
#ifndef WINIT_FAST_PHILOX_H
#define WINIT_FAST_PHILOX_H

#include <stdint.h>

#define WF_PHILOX_M0 UINT32_C(0xD2511F53) /* round multiplier, lanes 0-1 */
#define WF_PHILOX_M1 UINT32_C(0xCD9E8D57) /* round multiplier, lanes 2-3 */
#define WF_PHILOX_W0 UINT32_C(0x9E3779B9) /* key increment: golden ratio */
#define WF_PHILOX_W1 UINT32_C(0xBB67AE85) /* key increment: sqrt(3) - 1 */
#define WF_PHILOX_ROUNDS 10

/* Encrypt one counter under one key; ctr is replaced by the output. */
static inline void
wf_philox4x32_10(uint32_t ctr[4], uint32_t key0, uint32_t key1)
{
    for (int round = 0; round < WF_PHILOX_ROUNDS; round++) {
        if (round > 0) {
            key0 += WF_PHILOX_W0;
            key1 += WF_PHILOX_W1;
        }
        uint64_t prod0 = (uint64_t)WF_PHILOX_M0 * ctr[0];
        uint64_t prod1 = (uint64_t)WF_PHILOX_M1 * ctr[2];
        uint32_t hi0 = (uint32_t)(prod0 >> 32);
        uint32_t lo0 = (uint32_t)prod0;
        uint32_t hi1 = (uint32_t)(prod1 >> 32);
        uint32_t lo1 = (uint32_t)prod1;
        ctr[0] = hi1 ^ ctr[1] ^ key0;
        ctr[1] = lo1;
        ctr[2] = hi0 ^ ctr[3] ^ key1;
        ctr[3] = lo0;
    }
}

#endif
