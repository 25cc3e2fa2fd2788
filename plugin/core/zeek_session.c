/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where Zeek draws the lines between connections on one address and port pair: its
 * timers (zk_conn_expire) and its reuse rule (zk_conn_reuse). The timers themselves are
 * set as the state machine runs (zeek_verdict.c).
 */
#include "zeek_verdict.h"

/* Zeek's TCP endpoint states, as in zeek_verdict.c. */
enum { ZK_INACTIVE, ZK_SYN_SENT, ZK_SYN_ACK_SENT };

bool zk_conn_expire(zk_conn *zk, uint64_t t_ns)
{
    const zk_endpoint *o = &zk->ep[zk->orig], *r = &zk->ep[zk->orig ^ 1u];

    if (!zk->started)
        return false;
    /* AttemptTimer: still only the originator's SYN, unanswered. */
    if (zk->attempt_at && t_ns >= zk->attempt_at) {
        zk->attempt_at = 0;
        if ((o->state == ZK_SYN_SENT || o->state == ZK_SYN_ACK_SENT) && r->state == ZK_INACTIVE)
            return true;
    }
    /* ConnDeleteTimer, after the close. */
    if (zk->delete_at && t_ns >= zk->delete_at)
        return true;
    /* The connection's inactivity timer. */
    uint64_t idle = zk->handshake_over ? ZK_INACTIVITY_NS : ZK_HANDSHAKE_IDLE_NS;
    return t_ns >= zk->last_ns + idle;
}

bool zk_conn_reuse(const zk_conn *zk, const tc_segment *seg)
{
    const zk_endpoint *o = &zk->ep[zk->orig], *r = &zk->ep[zk->orig ^ 1u];
    const zk_endpoint *opener = o;

    /* Only a SYN starts a connection again; a SYN-ACK only while the originator is silent. */
    if (!zk->started || !(seg->flags & TC_SYN))
        return false;
    if (seg->flags & TC_ACK) {
        if (o->state != ZK_INACTIVE)
            return false;
        opener = r;
    }
    /* Once either side has closed or reset, any SYN is a new connection. */
    if (o->did_close || r->did_close)
        return true;
    if (seg->seq == opener->start_seq)
        return false;
    /* A SYN matching a SYN-ACK seen before it: Zeek flips the roles instead. */
    if (!(seg->flags & TC_ACK) && opener->state == ZK_SYN_ACK_SENT && r->state == ZK_INACTIVE &&
        seg->seq == r->start_seq)
        return false;
    return true;
}
