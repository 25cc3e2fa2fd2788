/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What only the whole capture shows about a connection (see tc_conn_hindsight, tc_conn_close).
 */
#include "icmp_error.h"
#include "lifecycle.h"

/* The FIN sender acknowledged sequence space of the other side that the capture does not hold. */
static bool acked_beyond_capture(const tc_endpoint *acker, const tc_endpoint *peer)
{
    return acker->ack_seen && peer->seen && tc_seq_lt(peer->next_seq, acker->max_ack);
}

uint32_t tc_conn_hindsight(const tc_conn *conn, const tc_result *res, uint32_t frame)
{
    const tc_summary *sum = &conn->summary;
    const tc_endpoint *client = &conn->ep[conn->client], *server = &conn->ep[conn->client ^ 1u];
    uint32_t found = 0;

    if (client->syn_seen && frame == client->syn_frame && sum->syn_count > 1)
        found |= TC_EVENT_BIT(TC_HINDSIGHT_SYN_RETRANSMITTED);
    /* What the missing direction would have shown is not judged. */
    if (tc_conn_one_sided(conn)) {
        if (frame == sum->first_frame)
            found |= TC_EVENT_BIT(TC_HINDSIGHT_ONE_SIDED);
        return found;
    }
    if (client->syn_seen && frame == client->syn_frame) {
        if (conn->challenge_frame)
            found |= TC_EVENT_BIT(TC_HINDSIGHT_SYN_CHALLENGED);
        else if (tc_conn_ended_by_icmp(conn))
            found |= TC_EVENT_BIT(TC_HINDSIGHT_SYN_ICMP);
        else if (!conn->synack_seen && !conn->rst_seen)
            found |= TC_EVENT_BIT(TC_HINDSIGHT_SYN_UNANSWERED);
    }
    if (conn->synack_seen && frame == conn->synack_frame && !conn->handshake_done &&
        !conn->rst_seen)
        found |= TC_EVENT_BIT(TC_HINDSIGHT_SYNACK_UNACKED);
    if (conn->synack_seen && !conn->handshake_done && frame == sum->rst_frame &&
        sum->rst_side == conn->client)
        found |= TC_EVENT_BIT(TC_HINDSIGHT_SYN_SCAN);
    const tc_dropped *d = &conn->dropped;
    if (frame == d->frame && !d->receiver_spoke && (d->receiver_reset || d->peer_sent))
        found |= TC_EVENT_BIT(TC_HINDSIGHT_RECEIVER_ACTED);
    for (unsigned side = 0; side < 2; side++) {
        const tc_endpoint *ep = &conn->ep[side];
        if (ep->fin_seen && frame == ep->fin_frame && !ep->fin_acked && !res->retransmission)
            found |= TC_EVENT_BIT(TC_HINDSIGHT_FIN_UNACKED);
    }
    if (frame == sum->last_frame && !conn->rst_seen) {
        const tc_endpoint *closer = client->fin_seen ? client : server;
        const tc_endpoint *other = closer == client ? server : client;
        /* The other side's FIN may be in what its peer acknowledged but the capture lacks. */
        if (client->fin_seen != server->fin_seen && !acked_beyond_capture(closer, other))
            found |= TC_EVENT_BIT(TC_HINDSIGHT_HALF_CLOSED);
        else if (!client->fin_seen && !server->fin_seen && conn->started && !sum->rst_frame &&
                 (conn->handshake_done || !conn->handshake_seen))
            found |= TC_EVENT_BIT(conn->successor_frame ? TC_HINDSIGHT_REUSED_OPEN
                                                        : TC_HINDSIGHT_STILL_OPEN);
    }
    return found;
}

static bool interval(uint64_t from_ns, uint64_t to_ns, uint64_t *ns)
{
    if (to_ns < from_ns)
        return false;
    *ns = to_ns - from_ns;
    return true;
}

bool tc_conn_rtt_server(const tc_conn *conn, uint64_t *ns)
{
    return conn->synack_seen && conn->ep[conn->client].syn_seen &&
           interval(conn->summary.syn_ns, conn->summary.synack_ns, ns);
}

bool tc_conn_rtt_client(const tc_conn *conn, uint64_t *ns)
{
    return conn->synack_seen && conn->summary.final_ack_frame &&
           interval(conn->summary.synack_ns, conn->summary.final_ack_ns, ns);
}

tc_close tc_conn_close(const tc_conn *conn)
{
    const tc_endpoint *a = &conn->ep[TC_SIDE_A], *b = &conn->ep[TC_SIDE_B];
    if (conn->closed) {
        switch (conn->teardown) {
        case TC_TEARDOWN_THREE_WAY:
            return TC_CLOSE_THREE_WAY;
        case TC_TEARDOWN_SIMULTANEOUS:
            return TC_CLOSE_SIMULTANEOUS;
        default:
            return TC_CLOSE_FOUR_WAY;
        }
    }
    if (conn->rst_seen)
        return a->fin_seen || b->fin_seen ? TC_CLOSE_FIN_THEN_RESET : TC_CLOSE_RESET;
    if (tc_conn_ended_by_icmp(conn))
        return TC_CLOSE_ICMP;
    if (tc_conn_one_sided(conn))
        return TC_CLOSE_UNKNOWN;
    if (a->fin_seen && b->fin_seen)
        return TC_CLOSE_UNFINISHED;
    if (a->fin_seen || b->fin_seen) {
        const tc_endpoint *closer = a->fin_seen ? a : b, *other = closer == a ? b : a;
        return acked_beyond_capture(closer, other) ? TC_CLOSE_UNKNOWN : TC_CLOSE_HALF_CLOSED;
    }
    return TC_CLOSE_NOT_CLOSED;
}
