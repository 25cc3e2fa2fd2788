/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Segment acceptance (see acceptance.h).
 *
 * The receiver is taken to have received all the capture shows its peer sending, as the
 * rest of the core takes it: its next expected byte (RCV.NXT) is the end of what the
 * segment's sender sent, or further if the receiver acknowledged more. RFC 9293 section
 * 3.10.7.4 with RFC 5961 section 3.2 (what Linux, Windows and the BSDs do): a RST at RCV.NXT
 * resets; one elsewhere in the receive window is answered with a challenge ACK; one outside
 * it is dropped. Neither of the last two changes the receiver's state. Any other segment
 * outside the window is dropped and answered with an ACK.
 */
#include "acceptance.h"

/* The largest shift RFC 7323 allows: a larger one is taken as 14. */
#define TC_MAX_WSCALE 14u

bool tc_state_past_handshake(tc_state state)
{
    switch (state) {
    case TC_STATE_ESTABLISHED:
    case TC_STATE_FIN_WAIT_1:
    case TC_STATE_FIN_WAIT_2:
    case TC_STATE_CLOSE_WAIT:
    case TC_STATE_CLOSING:
    case TC_STATE_LAST_ACK:
        return true;
    default:
        return false;
    }
}

static bool synchronized_or_unknown(tc_state state)
{
    return state == TC_STATE_UNKNOWN || state == TC_STATE_SYN_RECEIVED ||
           tc_state_past_handshake(state);
}

static bool both_syns_seen(const tc_conn *conn)
{
    return conn->ep[TC_SIDE_A].syn_seen && conn->ep[TC_SIDE_B].syn_seen;
}

/*
 * The shift of ep's window: its SYN's, only when both SYNs carried the option (RFC 7323
 * section 2.2), else none. A larger one than 14 is taken as 14.
 */
static unsigned window_shift(const tc_conn *conn, const tc_endpoint *ep)
{
    if (!conn->ep[TC_SIDE_A].wscale_opt || !conn->ep[TC_SIDE_B].wscale_opt)
        return 0;
    unsigned shift = ep->wscale_opt - 1u;
    return shift < TC_MAX_WSCALE ? shift : TC_MAX_WSCALE;
}

/*
 * The receiver's window in bytes, from its latest segment, which a SYN's is never scaled;
 * without both SYNs in the capture the scale is not known, and the window is the field's value
 * at least.
 */
static uint32_t receive_window(const tc_conn *conn, const tc_endpoint *rcv, bool *exact)
{
    *exact = rcv->window_in_syn || both_syns_seen(conn);
    if (rcv->window_in_syn)
        return rcv->window;
    uint64_t window = (uint64_t)rcv->window << window_shift(conn, rcv);
    return window > UINT32_MAX ? UINT32_MAX : (uint32_t)window;
}

/* RCV.NXT of rcv: all its peer sent, or further if it acknowledged more. */
static uint32_t receive_next(const tc_endpoint *sender, const tc_endpoint *rcv, bool sender_spoke)
{
    uint32_t rcv_nxt = sender->next_seq;
    if (!sender_spoke || (rcv->ack_seen && tc_seq_lt(rcv_nxt, rcv->max_ack)))
        rcv_nxt = rcv->max_ack;
    return rcv_nxt;
}

/*
 * The numbers a dropped segment's message gives, into *res; returns the largest window the
 * receiver's field could stand for (itself when its scale is known).
 */
static uint64_t put_numbers(const tc_conn *conn, const tc_endpoint *rcv, const tc_segment *seg,
                            uint32_t rcv_nxt, tc_result *res)
{
    res->seq = seg->seq;
    res->rcv_nxt = rcv_nxt;
    res->rcv_wnd_seen = rcv->window_seen;
    res->rcv_wnd = rcv->window_seen ? receive_window(conn, rcv, &res->rcv_wnd_exact) : 0;
    return tc_widest_window(res);
}

uint64_t tc_widest_window(const tc_result *res)
{
    return res->rcv_wnd_exact ? res->rcv_wnd : (uint64_t)res->rcv_wnd << TC_MAX_WSCALE;
}

uint32_t tc_rst_judge(const tc_conn *conn, unsigned side, const tc_segment *seg, bool sender_spoke,
                      tc_result *res)
{
    const tc_endpoint *sender = &conn->ep[side], *rcv = &conn->ep[side ^ 1u];
    if (!synchronized_or_unknown((tc_state)rcv->state) || (!sender_spoke && !rcv->ack_seen))
        return 0;
    uint32_t rcv_nxt = receive_next(sender, rcv, sender_spoke);
    int32_t offset = (int32_t)(seg->seq - rcv_nxt);
    if (offset == 0)
        return 0;
    /* Linux also takes a RST one below RCV.NXT that repeats its sender's FIN's number, as
     * some stacks send it (tcp_reset_check()). */
    if (offset == -1 && sender->fin_seen && seg->seq == sender->fin_seq &&
        (rcv->state == TC_STATE_CLOSE_WAIT || rcv->state == TC_STATE_LAST_ACK ||
         rcv->state == TC_STATE_CLOSING))
        return 0;

    uint64_t widest = put_numbers(conn, rcv, seg, rcv_nxt, res);
    if (offset < 0)
        return TC_EVENT_BIT(TC_EVENT_RST_OUT_OF_WINDOW);
    if (rcv->window_seen && (uint64_t)(uint32_t)offset >= widest)
        return TC_EVENT_BIT(TC_EVENT_RST_OUT_OF_WINDOW);
    return TC_EVENT_BIT(TC_EVENT_RST_NOT_NEXT);
}

uint32_t tc_segment_judge(const tc_conn *conn, unsigned side, const tc_segment *seg,
                          bool sender_spoke, tc_result *res)
{
    const tc_endpoint *sender = &conn->ep[side], *rcv = &conn->ep[side ^ 1u];
    if (!synchronized_or_unknown((tc_state)rcv->state) || (!sender_spoke && !rcv->ack_seen) ||
        !rcv->window_seen)
        return 0;
    uint32_t rcv_nxt = receive_next(sender, rcv, sender_spoke);
    uint32_t end = seg->seq + seg->len + ((seg->flags & TC_FIN) ? 1u : 0u);
    /*
     * Linux's bounds (tcp_sequence()), a little wider than RFC 9293's test, so that a copy
     * of what the receiver already acknowledged still has its ACK processed: the segment
     * must reach the receiver's latest acknowledgment, and start no later than the right
     * edge of its window.
     */
    uint32_t acked = rcv->ack_seen ? rcv->max_ack : rcv_nxt;
    int32_t offset = (int32_t)(seg->seq - rcv_nxt);
    uint64_t widest = put_numbers(conn, rcv, seg, rcv_nxt, res);
    if (tc_seq_geq(end, acked) && (offset <= 0 || (uint64_t)(uint32_t)offset <= widest))
        return 0;
    return TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW);
}

/*
 * Nothing follows a FIN in its sender's sequence space, so an ack past it acknowledges data
 * never sent. Only a FIN bounds what the capture shows a side sent, and only while the capture
 * shows nothing of that side's beyond it.
 */
static bool acks_past_fin(const tc_endpoint *rcv, uint32_t ack)
{
    switch (rcv->state) {
    case TC_STATE_FIN_WAIT_1:
    case TC_STATE_FIN_WAIT_2:
    case TC_STATE_CLOSING:
    case TC_STATE_LAST_ACK:
        return rcv->fin_seen && tc_seq_geq(rcv->fin_seq + 1, rcv->next_seq) &&
               tc_seq_lt(rcv->fin_seq + 1, ack);
    default:
        return false;
    }
}

/*
 * The widest window sender can have offered, the bound of RFC 5961 5.2's MAX.SND.WND: the
 * field's largest value, scaled by its shift when both SYNs show it, else by the largest.
 */
static uint32_t widest_offer(const tc_conn *conn, const tc_endpoint *sender)
{
    return (uint32_t)UINT16_MAX << (both_syns_seen(conn) ? window_shift(conn, sender)
                                                         : TC_MAX_WSCALE);
}

uint32_t tc_ack_judge(const tc_conn *conn, unsigned side, const tc_segment *seg, tc_result *res)
{
    const tc_endpoint *sender = &conn->ep[side], *rcv = &conn->ep[side ^ 1u];
    if ((seg->flags & (TC_ACK | TC_RST | TC_SYN)) != TC_ACK ||
        !tc_state_past_handshake((tc_state)rcv->state))
        return 0;
    if (acks_past_fin(rcv, seg->ack))
        return TC_EVENT_BIT(TC_EVENT_ACK_UNSENT);
    if (!sender->ack_seen)
        return 0;
    /* The receiver's SND.UNA: all its peer acknowledged, but no more than the capture shows
     * it sent, so that an earlier forged ack far ahead does not make true ones look old. */
    uint32_t una = sender->max_ack;
    if (rcv->seen && tc_seq_lt(rcv->next_seq, una))
        una = rcv->next_seq;
    uint32_t widest = widest_offer(conn, sender);
    if (!tc_seq_lt(seg->ack, una - widest))
        return 0;
    res->seq = seg->ack;
    res->rcv_nxt = una;
    res->rcv_wnd = widest;
    return TC_EVENT_BIT(TC_EVENT_ACK_TOO_OLD);
}
