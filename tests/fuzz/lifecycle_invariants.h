/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What must hold for every result the lifecycle core gives, whatever segments it is fed:
 * values in range, steps consistent with roles and phases, and no state, event or link
 * reached without the segments that cause it.
 */
#ifndef TCPCONN_LIFECYCLE_INVARIANTS_H
#define TCPCONN_LIFECYCLE_INVARIANTS_H

#include "core/lifecycle.h"

/* What the segments fed so far, since the connection last (re)started, have shown. */
typedef struct {
    bool sent_syn[2];    /* a SYN without ACK */
    bool sent_synack[2]; /* a SYN with ACK */
    bool sent_fin[2];
    bool sent_any[2]; /* any segment */
    bool rst;
    bool closed_reported;
    uint8_t client; /* valid once started */
    bool started;
} lifecycle_facts;

/* The sender of each frame, by frame number, so that links can be checked. */
typedef struct {
    const uint8_t *side_of_frame; /* index: frame number */
    uint32_t frames;              /* frames fed so far, numbered 1.. */
} frame_sides;

/*
 * Checks seg's result against the facts (before seg), then adds seg to the facts.
 * Aborts with a message on the first broken invariant.
 */
void lifecycle_check(lifecycle_facts *facts, const frame_sides *sides, const tc_segment *seg,
                     const tc_result *res);

#endif
