/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCP connection lifecycle core (see lifecycle.h).
 *
 * States follow RFC 9293 as seen from the capture point: after a segment, its
 * sender is in the state sending it implies and its receiver in the state
 * receiving it implies (acknowledgment first, then FIN, as in RFC 9293
 * section 3.10.7.4). What an endpoint has received is read from its own
 * acknowledgment numbers, which is how a simultaneous close is told apart.
 */
#include "lifecycle.h"

#include <string.h>

#include "acceptance.h"

/* An acknowledgment beyond anything the endpoint sent acknowledges nothing. */
static bool acks_up_to(const tc_endpoint *ep, uint32_t seq, uint32_t ack)
{
    return tc_seq_geq(ack, seq) && tc_seq_geq(ep->next_seq, ack);
}

static bool acks_syn(const tc_endpoint *ep, uint32_t ack)
{
    return !ep->syn_seen || acks_up_to(ep, ep->isn + 1, ack);
}

/*
 * Nothing follows a FIN in its sender's sequence space, so its acknowledgment is exactly FIN
 * seq + 1; any other ack belongs to the data around it (or to another sequence space).
 */
static bool acks_fin(const tc_endpoint *ep, uint32_t ack)
{
    return ep->fin_seen && ack == ep->fin_seq + 1;
}

/* Whether the sender of seg has (now or before) acknowledged the FIN of ep. */
static bool has_acked_fin(const tc_endpoint *sender, const tc_endpoint *ep, const tc_segment *seg)
{
    if ((seg->flags & TC_ACK) && acks_fin(ep, seg->ack))
        return true;
    return sender->ack_seen && acks_fin(ep, sender->max_ack);
}

/* The receiver's transition: acknowledgment processing, then the FIN if it counts as one. */
static void deliver(tc_endpoint *rcv, const tc_segment *seg, bool fin)
{
    if (seg->flags & TC_ACK) {
        switch (rcv->state) {
        case TC_STATE_SYN_SENT:
            if ((seg->flags & TC_SYN) && acks_syn(rcv, seg->ack))
                rcv->state = TC_STATE_ESTABLISHED;
            break;
        case TC_STATE_SYN_RECEIVED:
            if (acks_syn(rcv, seg->ack))
                rcv->state = TC_STATE_ESTABLISHED;
            break;
        case TC_STATE_FIN_WAIT_1:
            if (acks_fin(rcv, seg->ack))
                rcv->state = TC_STATE_FIN_WAIT_2;
            break;
        case TC_STATE_CLOSING:
            if (acks_fin(rcv, seg->ack))
                rcv->state = TC_STATE_TIME_WAIT;
            break;
        case TC_STATE_LAST_ACK:
            if (acks_fin(rcv, seg->ack))
                rcv->state = TC_STATE_CLOSED;
            break;
        default:
            break;
        }
    }
    if (fin) {
        switch (rcv->state) {
        case TC_STATE_UNKNOWN:
        case TC_STATE_SYN_RECEIVED:
        case TC_STATE_ESTABLISHED:
            rcv->state = TC_STATE_CLOSE_WAIT;
            break;
        case TC_STATE_FIN_WAIT_1:
            rcv->state = TC_STATE_CLOSING;
            break;
        case TC_STATE_FIN_WAIT_2:
            rcv->state = TC_STATE_TIME_WAIT;
            break;
        default:
            break;
        }
    }
}

void tc_conn_init(tc_conn *conn, uint16_t port_a, uint16_t port_b)
{
    memset(conn, 0, sizeof *conn);
    zk_conn_init(&conn->zeek);
    conn->port[TC_SIDE_A] = port_a;
    conn->port[TC_SIDE_B] = port_b;
}

void tc_conn_follow(tc_conn *conn, bool previous_open)
{
    conn->predecessor = (uint8_t)(previous_open ? TC_PREDECESSOR_OPEN : TC_PREDECESSOR_ENDED);
}

void tc_conn_succeeded(tc_conn *conn, uint32_t frame)
{
    if (!conn->successor_frame)
        conn->successor_frame = frame;
}

bool tc_conn_one_sided(const tc_conn *conn)
{
    const tc_endpoint *a = &conn->ep[TC_SIDE_A], *b = &conn->ep[TC_SIDE_B];
    return a->seen != b->seen && (a->ack_seen || b->ack_seen);
}

bool tc_conn_open(const tc_conn *conn)
{
    return conn->started && !conn->rst_seen &&
           !(conn->ep[TC_SIDE_A].fin_seen && conn->ep[TC_SIDE_B].fin_seen);
}

/*
 * A SYN from a side that has already spoken, with an ISN it has not used, is a
 * new connection on the same port pair (not a retransmission, and not the
 * second SYN of a simultaneous open, whose sender has not spoken yet).
 */
bool tc_conn_new_syn(const tc_conn *conn, const tc_segment *seg)
{
    const tc_endpoint *sender = &conn->ep[seg->side & 1u];
    if ((seg->flags & (TC_SYN | TC_ACK | TC_RST)) != TC_SYN)
        return false;
    if (!conn->started || !sender->seen)
        return false;
    return !(sender->syn_seen && sender->isn == seg->seq);
}

bool tc_conn_challenge_ack(const tc_conn *held, const tc_conn *newer, const tc_segment *seg)
{
    unsigned side = seg->side & 1u;
    const tc_endpoint *self = &held->ep[side], *syn_sender = &held->ep[side ^ 1u];
    /* Only the receiver's first answer to the new SYN. */
    if (newer->ep[side].seen || !newer->ep[side ^ 1u].syn_seen)
        return false;
    if ((seg->flags & (TC_SYN | TC_FIN | TC_RST | TC_ACK)) != TC_ACK || seg->len)
        return false;
    return !held->rst_seen && tc_state_past_handshake((tc_state)self->state) && self->seen &&
           seg->seq == self->next_seq && syn_sender->seen && seg->ack == syn_sender->next_seq;
}

void tc_conn_segment_challenge(tc_conn *held, tc_conn *newer, const tc_segment *seg, tc_result *out)
{
    /* The port pair is held's again: newer did not take it over. */
    held->successor_frame = 0;
    if (!newer->challenge_frame)
        newer->challenge_frame = seg->frame;
    tc_conn_segment(held, seg, out);
    out->events |= TC_EVENT_BIT(TC_EVENT_CHALLENGE_ACK);
}

/* Without a SYN, the lower port is taken for the server's, as Wireshark does. */
static uint8_t guess_client(const tc_conn *conn, unsigned side)
{
    unsigned peer = side ^ 1u;
    if (conn->port[side] < conn->port[peer])
        return (uint8_t)peer;
    return (uint8_t)side;
}

static void begin(tc_conn *conn, const tc_segment *seg, tc_result *res)
{
    unsigned side = seg->side;
    conn->started = true;
    if ((seg->flags & (TC_SYN | TC_ACK | TC_RST)) == TC_SYN &&
        conn->predecessor != TC_PREDECESSOR_NONE)
        res->events |=
            TC_EVENT_BIT(conn->predecessor == TC_PREDECESSOR_OPEN ? TC_EVENT_PORT_REUSE
                                                                  : TC_EVENT_NEW_CONNECTION);
    if (seg->flags & TC_SYN) {
        conn->handshake_seen = true;
        conn->client = (uint8_t)((seg->flags & TC_ACK) ? side ^ 1u : side);
    } else {
        conn->client = guess_client(conn, side);
        res->events |= TC_EVENT_BIT(TC_EVENT_NO_HANDSHAKE);
    }
}

static void set_check(tc_result *res, tc_check check, uint32_t frame, uint32_t acked_seq,
                      uint32_t acked_len, uint32_t expected)
{
    res->check = (uint8_t)check;
    res->acked_frame = frame;
    res->acked_seq = acked_seq;
    res->acked_len = acked_len;
    res->expected_ack = expected;
}

/*
 * The acknowledgment of a SYN is ISN + 1; when the SYN carried data (TCP Fast
 * Open) the answer may also cover that data. frame: the SYN or SYN-ACK acknowledged.
 */
static void check_syn_ack(const tc_endpoint *syn_sender, uint32_t frame, const tc_segment *seg,
                          tc_result *res)
{
    uint32_t plain = syn_sender->isn + 1;
    uint32_t with_data = plain + syn_sender->syn_len;
    if (!syn_sender->syn_seen || !(seg->flags & TC_ACK))
        return;
    bool covers_data = syn_sender->syn_len && seg->ack == with_data;
    set_check(res, TC_CHECK_SYN, frame, syn_sender->isn, covers_data ? syn_sender->syn_len : 0,
              covers_data ? with_data : plain);
    res->check_ok = seg->ack == res->expected_ack;
    if (!res->check_ok)
        res->events |= TC_EVENT_BIT(TC_EVENT_BAD_ACK);
}

/* Data is early when the handshake was seen but has not completed. */
static void flag_early_data(const tc_conn *conn, const tc_segment *seg, tc_result *res)
{
    if (seg->len && conn->handshake_seen && !conn->handshake_done)
        res->events |= TC_EVENT_BIT(TC_EVENT_DATA_BEFORE_HANDSHAKE);
}

static void flag_data_after_fin(const tc_endpoint *sender, const tc_segment *seg, tc_result *res)
{
    if (seg->len && sender->fin_seen && tc_seq_lt(sender->fin_seq, seg->seq + seg->len))
        res->events |= TC_EVENT_BIT(TC_EVENT_DATA_AFTER_FIN);
}

static void on_syn(tc_conn *conn, tc_endpoint *self, tc_endpoint *peer, const tc_segment *seg,
                   tc_result *res)
{
    res->role = TC_ROLE_SYN;
    res->phase = TC_PHASE_HANDSHAKE;
    res->step = 1;
    if (self->syn_seen && self->isn == seg->seq) {
        res->retransmission = true;
        res->events |= TC_EVENT_BIT(TC_EVENT_RETRANSMISSION);
        return;
    }
    self->syn_seen = true;
    self->isn = self->base = seg->seq;
    self->syn_len = seg->len;
    self->syn_frame = seg->frame;
    conn->handshake_seen = true;
    if (peer->state == TC_STATE_SYN_SENT) { /* simultaneous open: the SYNs crossed */
        self->state = peer->state = TC_STATE_SYN_RECEIVED;
        return;
    }
    self->state = TC_STATE_SYN_SENT;
    if (peer->state == TC_STATE_UNKNOWN || peer->state == TC_STATE_CLOSED)
        peer->state = TC_STATE_LISTEN;
}

static void on_syn_ack(tc_conn *conn, tc_endpoint *self, tc_endpoint *peer, const tc_segment *seg,
                       tc_result *res)
{
    res->role = TC_ROLE_SYN_ACK;
    res->phase = TC_PHASE_HANDSHAKE;
    res->step = 2;
    res->acks_frame = peer->syn_seen ? peer->syn_frame : 0;
    check_syn_ack(peer, peer->syn_frame, seg, res);
    bool own_isn = self->syn_seen && self->isn == seg->seq;
    if (own_isn && self->synack_sent) {
        res->retransmission = true;
        res->events |= TC_EVENT_BIT(TC_EVENT_RETRANSMISSION);
        return;
    }
    /*
     * A receiver takes a new ISN only in SYN-SENT; in any later state the sequence number is
     * not acceptable and it answers with an ACK (RFC 9293 3.10.7.4), keeping the first one.
     */
    if (!own_isn && self->syn_seen && peer->state != TC_STATE_SYN_SENT)
        return;
    if (!own_isn) {
        self->syn_seen = true;
        self->isn = self->base = seg->seq;
        self->syn_len = seg->len;
        self->syn_frame = seg->frame;
    }
    /* With its own ISN it answers a SYN received in SYN-SENT (RFC 9293 3.10.7.3). */
    self->synack_sent = true;
    conn->handshake_seen = true;
    if (conn->synack_seen && conn->synack_side != seg->side) {
        /* Simultaneous open: this SYN-ACK acknowledges the other one (RFC 9293 figure 8). */
        conn->handshake_done = conn->handshake_done || res->check_ok;
    } else {
        conn->synack_seen = true;
        conn->synack_frame = seg->frame;
        conn->synack_side = seg->side;
    }
    if (self->state != TC_STATE_ESTABLISHED) /* the other SYN-ACK may have come first */
        self->state = TC_STATE_SYN_RECEIVED;
    if (peer->state == TC_STATE_UNKNOWN) /* its SYN was not captured, but was sent */
        peer->state = TC_STATE_SYN_SENT;
}

/* Whether the side that did not send the SYN-ACK is still to acknowledge it. */
static bool awaits_final_ack(const tc_conn *conn, unsigned side, const tc_segment *seg)
{
    return (seg->flags & TC_ACK) && conn->synack_seen && side != conn->synack_side &&
           !conn->handshake_done;
}

/*
 * The acknowledgment of a SYN-ACK: ISN + 1, or beyond the data it carried. RFC 9293 accepts
 * no other in SYN-RECEIVED (3.10.7.4), as long as the SYN-ACK's sender sent nothing more.
 */
static bool answers_syn(const tc_endpoint *syn_sender, uint32_t ack)
{
    uint32_t plain = syn_sender->isn + 1;
    return ack == plain || (syn_sender->syn_len && ack == plain + syn_sender->syn_len);
}

/* The SYN-ACK's receiver acknowledged it: the handshake is over, whichever segment did. */
static void synack_acknowledged(tc_conn *conn, tc_endpoint *self)
{
    conn->handshake_done = true;
    if (self->state == TC_STATE_SYN_SENT) /* it accepted the SYN-ACK, whatever we thought */
        self->state = TC_STATE_ESTABLISHED;
}

/* The first acknowledgment of the SYN-ACK by its receiver completes the handshake. */
static void on_final_ack(tc_conn *conn, tc_endpoint *self, tc_endpoint *peer, const tc_segment *seg,
                         tc_result *res)
{
    res->role = TC_ROLE_FINAL_ACK;
    res->phase = TC_PHASE_HANDSHAKE;
    res->step = 3;
    res->with_data = seg->len > 0;
    res->acks_frame = conn->synack_frame;
    check_syn_ack(peer, conn->synack_frame, seg, res);
    if (res->check_ok)
        res->events |= TC_EVENT_BIT(TC_EVENT_HANDSHAKE_COMPLETE);
    if (res->check != TC_CHECK_NONE && !res->check_ok)
        res->events &= ~TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN);
    synack_acknowledged(conn, self);
}

/*
 * An ack one short of the SYN-ACK's ISN + 1 acknowledges all before the SYN but not the SYN:
 * no final ACK, but the +1 missed, as ack_misses_fin is for a FIN. Other checks come first.
 */
static void flag_synack_missed(const tc_conn *conn, const tc_endpoint *peer, const tc_segment *seg,
                               tc_result *res)
{
    if (res->check != TC_CHECK_NONE || seg->ack != peer->isn)
        return;
    set_check(res, TC_CHECK_SYN, conn->synack_frame, peer->isn, 0, peer->isn + 1);
    res->check_ok = false;
    res->events |= TC_EVENT_BIT(TC_EVENT_BAD_ACK);
}

/* seg is the first to acknowledge the FIN of fin_sender. */
static void ack_fin(tc_conn *conn, tc_endpoint *fin_sender, const tc_segment *seg, tc_result *res)
{
    res->phase = TC_PHASE_TEARDOWN;
    res->acks_frame = fin_sender->fin_frame;
    set_check(res, TC_CHECK_FIN, fin_sender->fin_frame, fin_sender->fin_seq, 0,
              fin_sender->fin_seq + 1);
    res->check_ok = seg->ack == res->expected_ack;
    if (!res->check_ok)
        res->events |= TC_EVENT_BIT(TC_EVENT_BAD_ACK);
    fin_sender->fin_acked = true;
    const tc_endpoint *a = &conn->ep[TC_SIDE_A], *b = &conn->ep[TC_SIDE_B];
    if (a->fin_acked && b->fin_acked && !conn->closed && !conn->rst_seen) {
        conn->closed = true;
        res->events |= TC_EVENT_BIT(TC_EVENT_CLOSED);
    }
}

/* Step of an acknowledgment of a FIN that is not its sender's first FIN. */
static uint8_t close_ack_step(tc_conn *conn, const tc_endpoint *self)
{
    if (!self->fin_seen) {
        if (conn->teardown == TC_TEARDOWN_NONE)
            conn->teardown = TC_TEARDOWN_HALF_CLOSED;
        return 2;
    }
    switch (conn->teardown) {
    case TC_TEARDOWN_THREE_WAY:
        return 3;
    case TC_TEARDOWN_SIMULTANEOUS:
        return (uint8_t)(3 + conn->last_ack_steps++);
    default:
        return 4;
    }
}

static void on_fin(tc_conn *conn, unsigned side, const tc_segment *seg, tc_result *res)
{
    tc_endpoint *self = &conn->ep[side], *peer = &conn->ep[side ^ 1u];
    uint32_t fin_seq = seg->seq + seg->len;

    res->role = (seg->flags & TC_ACK) ? TC_ROLE_FIN_ACK : TC_ROLE_FIN;
    res->phase = TC_PHASE_TEARDOWN;
    res->with_data = seg->len > 0;
    if (self->fin_seen) {
        /* The same FIN again, or a FIN moved by data sent after the first one. */
        res->retransmission = fin_seq == self->fin_seq;
        res->events |=
            TC_EVENT_BIT(res->retransmission ? TC_EVENT_RETRANSMISSION : TC_EVENT_DATA_AFTER_FIN);
        res->step = self->fin_step;
        /* A close's step goes to the first segment that acknowledges each FIN, even a FIN. */
        if ((seg->flags & TC_ACK) && !peer->fin_acked && acks_fin(peer, seg->ack)) {
            res->step = close_ack_step(conn, self);
            ack_fin(conn, peer, seg, res);
        }
        return;
    }
    flag_early_data(conn, seg, res);
    bool acked_peer_fin = has_acked_fin(self, peer, seg);
    self->fin_seen = true;
    self->fin_seq = fin_seq;
    self->fin_frame = seg->frame;
    self->fin_ns = seg->time_ns;

    if (!peer->fin_seen) {
        res->step = 1;
        if (conn->teardown == TC_TEARDOWN_NONE)
            conn->initiator = (uint8_t)side;
    } else if (peer->fin_acked) {
        res->step = 3; /* the peer's FIN was acknowledged on its own: a 4-way close */
        if (conn->teardown == TC_TEARDOWN_HALF_CLOSED)
            conn->teardown = TC_TEARDOWN_FOUR_WAY;
    } else if (acked_peer_fin) {
        conn->teardown = TC_TEARDOWN_THREE_WAY;
        res->step = 2;
        ack_fin(conn, peer, seg, res);
    } else {
        conn->teardown = TC_TEARDOWN_SIMULTANEOUS;
        res->step = 2;
    }
    self->fin_step = res->step;

    switch (self->state) {
    case TC_STATE_CLOSE_WAIT:
        /* Sent before the peer's FIN arrived: the two FINs crossed. */
        self->state = acked_peer_fin ? TC_STATE_LAST_ACK : TC_STATE_CLOSING;
        break;
    case TC_STATE_CLOSED:
    case TC_STATE_FIN_WAIT_1:
    case TC_STATE_FIN_WAIT_2:
    case TC_STATE_CLOSING:
    case TC_STATE_LAST_ACK:
    case TC_STATE_TIME_WAIT:
        break;
    default:
        self->state = TC_STATE_FIN_WAIT_1;
        break;
    }
}

static void on_rst(tc_conn *conn, unsigned side, const tc_segment *seg, bool sender_spoke,
                   tc_result *res)
{
    tc_endpoint *self = &conn->ep[side], *peer = &conn->ep[side ^ 1u];

    res->role = (seg->flags & TC_ACK) ? TC_ROLE_RST_ACK : TC_ROLE_RST;
    res->with_data = seg->len > 0;
    if (peer->state == TC_STATE_SYN_SENT && !self->syn_seen) {
        /* In SYN-SENT only a RST whose ACK acknowledges the SYN counts (RFC 9293 3.10.7.3). */
        check_syn_ack(peer, peer->syn_frame, seg, res);
        if (!(seg->flags & TC_ACK) || !res->check_ok) {
            res->events |= TC_EVENT_BIT(TC_EVENT_RST_UNACCEPTABLE);
            return;
        }
        res->acks_frame = peer->syn_frame;
        res->events |= TC_EVENT_BIT(TC_EVENT_REFUSED);
    } else {
        res->events |= tc_rst_judge(conn, side, seg, sender_spoke, res);
        if (res->events & TC_RST_NOT_TAKEN)
            return;
        if (!conn->closed && !conn->rst_seen)
            res->events |= TC_EVENT_BIT(TC_EVENT_ABORTED);
    }
    res->phase = TC_PHASE_TEARDOWN;
    if (!conn->closed) {
        if (conn->teardown == TC_TEARDOWN_NONE && !conn->ep[side ^ 1u].fin_seen && !self->fin_seen)
            conn->initiator = (uint8_t)side;
        conn->teardown = TC_TEARDOWN_RESET;
    }
    conn->rst_seen = true;
    self->state = peer->state = TC_STATE_CLOSED;
}

/*
 * An acknowledgment acknowledges new data when it moves past all earlier ones,
 * whether or not the capture holds that data (one direction not captured, a
 * segment lost before the capture point, or captured later). Of a first
 * acknowledgment only data seen can tell.
 */
static bool acks_new_data(const tc_endpoint *self, const tc_endpoint *peer, const tc_segment *seg)
{
    if (!(seg->flags & TC_ACK))
        return false;
    if (self->ack_seen)
        return tc_seq_lt(self->max_ack, seg->ack);
    return peer->data_frame && tc_seq_lt(peer->data_seq, seg->ack);
}

/* Whether seg newly acknowledges sequence space of the peer that is not in the capture. */
static bool acks_unseen(const tc_endpoint *self, const tc_endpoint *peer, const tc_segment *seg)
{
    if ((seg->flags & (TC_ACK | TC_RST)) != TC_ACK)
        return false;
    if (!peer->seen)
        return self->ack_seen && tc_seq_lt(self->max_ack, seg->ack);
    return tc_seq_lt(peer->next_seq, seg->ack) &&
           (!self->ack_seen || tc_seq_lt(self->max_ack, seg->ack));
}

/* An acknowledgment that ends exactly at the peer's latest data: ack = seq + len. */
static void check_data_ack(const tc_endpoint *peer, const tc_segment *seg, tc_result *res)
{
    if (seg->ack != peer->data_seq + peer->data_len)
        return;
    res->acks_frame = peer->data_frame;
    set_check(res, TC_CHECK_DATA, peer->data_frame, peer->data_seq, peer->data_len, seg->ack);
    res->check_ok = true;
}

/*
 * Whether the peer's FIN could have reached self before self sent seg. An ACK
 * of nothing new (and no keep-alive, which repeats an old byte) has nothing
 * left to answer but the FIN. An ACK of new data answers that data: the FIN
 * could have arrived first only if seg came later after the FIN than self has
 * ever taken to answer a segment.
 */
static bool fin_could_have_arrived(const tc_endpoint *self, const tc_endpoint *peer,
                                   const tc_segment *seg, bool new_data)
{
    if (!new_data)
        return tc_seq_geq(seg->seq, self->next_seq);
    return self->answered && seg->time_ns >= peer->fin_ns &&
           seg->time_ns - peer->fin_ns >= self->answer_ns;
}

static void on_bare_ack(const tc_endpoint *self, const tc_endpoint *peer, const tc_segment *seg,
                        tc_result *res)
{
    bool new_data = acks_new_data(self, peer, seg);
    res->role = new_data ? TC_ROLE_DATA_ACK : TC_ROLE_ACK;
    if (new_data)
        check_data_ack(peer, seg, res);
    if (!(seg->flags & TC_ACK) || !peer->fin_seen || peer->fin_acked || seg->ack != peer->fin_seq)
        return;
    /* Everything up to the FIN is acknowledged, but not the FIN itself. */
    if (!fin_could_have_arrived(self, peer, seg, new_data))
        return;
    /* Checked against the data before the FIN when that data is in the capture. */
    if (res->check == TC_CHECK_NONE) {
        set_check(res, TC_CHECK_FIN, peer->fin_frame, peer->fin_seq, 0, peer->fin_seq + 1);
        res->check_ok = false;
    }
    res->events |= TC_EVENT_BIT(TC_EVENT_ACK_MISSES_FIN);
}

/* Remember the data segment that reached furthest, for "ack = seq + len". */
static void track_data(tc_endpoint *self, const tc_segment *seg)
{
    uint32_t end = seg->seq + seg->len;
    if (!self->data_frame || tc_seq_geq(end, self->data_seq + self->data_len)) {
        self->data_seq = seg->seq;
        self->data_len = seg->len;
        self->data_frame = seg->frame;
    }
}

/* Whether seg, neither SYN nor RST, would move its receiver's state if it took it. */
static bool moves_receiver(const tc_conn *conn, unsigned side, const tc_segment *seg)
{
    const tc_endpoint *self = &conn->ep[side], *peer = &conn->ep[side ^ 1u];
    if ((seg->flags & TC_FIN) && !self->fin_seen)
        return true;
    if (!(seg->flags & TC_ACK))
        return false;
    return (awaits_final_ack(conn, side, seg) && answers_syn(peer, seg->ack)) ||
           (!peer->fin_acked && acks_fin(peer, seg->ack));
}

/* A segment its receiver drops: named for what it is, with no step and no state change. */
static void on_dropped(const tc_segment *seg, uint32_t why, tc_result *res)
{
    res->events |= why;
    if (seg->flags & TC_FIN) {
        res->role = (seg->flags & TC_ACK) ? TC_ROLE_FIN_ACK : TC_ROLE_FIN;
        res->with_data = seg->len > 0;
    } else {
        res->role = seg->len ? TC_ROLE_DATA : TC_ROLE_ACK;
    }
}

static void classify(tc_conn *conn, unsigned side, const tc_segment *seg, bool sender_spoke,
                     tc_result *res)
{
    tc_endpoint *self = &conn->ep[side], *peer = &conn->ep[side ^ 1u];
    bool ack = seg->flags & TC_ACK;
    /* An ack beyond what was seen; unless a handshake check finds it wrong instead. */
    if (acks_unseen(self, peer, seg) && !(seg->flags & TC_SYN))
        res->events |= TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN);
    if (!(seg->flags & (TC_SYN | TC_RST)) && moves_receiver(conn, side, seg)) {
        uint32_t dropped = tc_segment_judge(conn, side, seg, sender_spoke, res);
        if (dropped) {
            on_dropped(seg, dropped, res);
            return;
        }
    }
    /* The receiver drops the whole segment, whatever else it carries (RFC 9293 3.10.7.4). */
    uint32_t bad_ack = tc_ack_judge(conn, side, seg, res);
    if (bad_ack) {
        if (bad_ack == TC_EVENT_BIT(TC_EVENT_ACK_UNSENT)) {
            set_check(res, TC_CHECK_FIN, peer->fin_frame, peer->fin_seq, 0, peer->fin_seq + 1);
            res->check_ok = false;
            res->events &= ~TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN);
        }
        on_dropped(seg, bad_ack, res);
        return;
    }
    /* The SYN-ACK's sender acknowledging beyond the SYN: the final ACK reached it, seen or not. */
    if (ack && conn->synack_seen && side == conn->synack_side && !conn->handshake_done &&
        self->ack_seen && tc_seq_lt(self->max_ack, seg->ack)) {
        conn->handshake_done = true;
        if (self->state == TC_STATE_SYN_RECEIVED)
            self->state = TC_STATE_ESTABLISHED;
    }

    if (seg->flags & TC_RST) {
        on_rst(conn, side, seg, sender_spoke, res);
        return;
    }
    if ((seg->flags & TC_SYN) && !ack) {
        res->with_data = seg->len > 0;
        on_syn(conn, self, peer, seg, res);
        return;
    }
    if (seg->flags & TC_SYN) {
        res->with_data = seg->len > 0;
        on_syn_ack(conn, self, peer, seg, res);
    } else if (seg->flags & TC_FIN) {
        on_fin(conn, side, seg, res);
    } else if (awaits_final_ack(conn, side, seg) && answers_syn(peer, seg->ack)) {
        on_final_ack(conn, self, peer, seg, res);
        if (seg->len)
            track_data(self, seg);
    } else if (ack && !seg->len && side == conn->client && self->syn_seen && !peer->seen &&
               !conn->synack_seen && !conn->handshake_done) {
        /* The SYN-ACK is not in the capture, but this bare ACK of it shows it was sent. */
        if (peer->state == TC_STATE_LISTEN)
            peer->state = TC_STATE_SYN_RECEIVED;
        on_final_ack(conn, self, peer, seg, res);
        res->events |= TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN);
    } else {
        /*
         * An ack past ISN + 1 within what the peer sent acknowledges its data: the SYN-ACK was
         * acknowledged by a segment lost or captured before it. Other acks are no step.
         */
        bool before_final_ack = awaits_final_ack(conn, side, seg);
        if (before_final_ack && acks_syn(peer, seg->ack))
            synack_acknowledged(conn, self);
        bool first_fin_ack = ack && !peer->fin_acked && acks_fin(peer, seg->ack);
        if (seg->len) {
            res->role = TC_ROLE_DATA;
            /* Bytes sent before: the same test as for a SYN or FIN, on sequence numbers. */
            if (tc_seq_lt(seg->seq, self->next_seq)) {
                res->retransmission = true;
                res->events |= TC_EVENT_BIT(TC_EVENT_RETRANSMISSION);
            }
            flag_early_data(conn, seg, res);
            flag_data_after_fin(self, seg, res);
            if (!first_fin_ack && acks_new_data(self, peer, seg))
                check_data_ack(peer, seg, res);
            track_data(self, seg);
        } else if (first_fin_ack) {
            res->role = TC_ROLE_CLOSE_ACK;
        } else {
            on_bare_ack(self, peer, seg, res);
        }
        if (first_fin_ack) {
            res->step = close_ack_step(conn, self);
            ack_fin(conn, peer, seg, res);
        }
        if (before_final_ack)
            flag_synack_missed(conn, peer, seg, res);
    }
    /* A SYN that also has FIN set is a SYN: its FIN is not counted. */
    deliver(peer, seg, res->role == TC_ROLE_FIN || res->role == TC_ROLE_FIN_ACK);
}

/*
 * How quickly self answers: from the segment that took the peer's sequence
 * space furthest to self's first acknowledgment of all of it.
 */
static void time_answer(tc_endpoint *self, const tc_endpoint *peer, const tc_segment *seg)
{
    if ((seg->flags & (TC_ACK | TC_RST)) != TC_ACK || !peer->reach_ns || seg->ack != peer->next_seq)
        return;
    if (self->ack_seen && !tc_seq_lt(self->max_ack, seg->ack))
        return;
    if (seg->time_ns < peer->reach_ns)
        return;
    uint64_t took = seg->time_ns - peer->reach_ns;
    if (!self->answered || took < self->answer_ns)
        self->answer_ns = took;
    self->answered = true;
}

/* Counts and landmark frames for the connection's summary. */
static void summarise(tc_conn *conn, const tc_segment *seg, const tc_result *res)
{
    tc_summary *sum = &conn->summary;
    bool from_client = seg->side == conn->client;

    if (!sum->first_frame) {
        sum->first_frame = seg->frame;
        sum->first_ns = seg->time_ns;
    }
    sum->last_frame = seg->frame;
    sum->last_ns = seg->time_ns;
    sum->segments[seg->side]++;
    sum->bytes[seg->side] += seg->len;

    switch (res->role) {
    case TC_ROLE_SYN:
        if (from_client) {
            sum->syn_count++;
            if (!conn->synack_seen)
                sum->syn_ns = seg->time_ns;
        }
        break;
    case TC_ROLE_SYN_ACK:
        if (!res->retransmission && seg->frame == conn->synack_frame)
            sum->synack_ns = seg->time_ns;
        break;
    case TC_ROLE_FINAL_ACK:
        sum->final_ack_frame = seg->frame;
        sum->final_ack_ns = seg->time_ns;
        break;
    case TC_ROLE_RST:
    case TC_ROLE_RST_ACK:
        if (!sum->rst_frame && !(res->events & TC_RST_NOT_TAKEN)) {
            sum->rst_frame = seg->frame;
            sum->rst_side = seg->side;
        }
        break;
    default:
        break;
    }
    if (res->phase == TC_PHASE_TEARDOWN && res->step >= 1 && res->step <= 4 &&
        !sum->teardown_frames[res->step - 1])
        sum->teardown_frames[res->step - 1] = seg->frame;
}

/* What the connection is after seg, into *res. */
static void describe(const tc_conn *conn, unsigned side, const tc_segment *seg, tc_result *res)
{
    res->ack = seg->ack;
    res->own_base = conn->ep[side].base;
    res->peer_base = conn->ep[side ^ 1u].base;
    res->from_client = side == conn->client;
    res->handshake_seen = conn->handshake_seen;
    res->teardown = conn->teardown;
    res->teardown_by_client = conn->initiator == conn->client;
    res->state_client = conn->ep[conn->client].state;
    res->state_server = conn->ep[conn->client ^ 1u].state;
    res->client_unseen = !conn->ep[conn->client].seen;
    res->server_unseen = !conn->ep[conn->client ^ 1u].seen;
    res->conn_state = (uint8_t)zk_conn_state(&conn->zeek);
    res->originator_is_client = conn->zeek.orig == conn->client;
}

/* What a segment its receiver takes changes in both endpoints, beyond its role. */
static void take(tc_endpoint *self, tc_endpoint *peer, const tc_segment *seg, bool other_space)
{
    time_answer(self, peer, seg);
    /* Whatever its role, a segment that moves the FIN's sender out of FIN-WAIT-1, CLOSING or
     * LAST-ACK acknowledges that FIN. */
    if ((seg->flags & (TC_ACK | TC_RST)) == TC_ACK && acks_fin(peer, seg->ack))
        peer->fin_acked = true;

    if (seg->flags & TC_ACK) {
        if (!self->ack_seen || tc_seq_lt(self->max_ack, seg->ack))
            self->max_ack = seg->ack;
        self->ack_seen = true;
    }
    if (other_space)
        return;
    /* A FIN on a SYN is not counted (classify): it takes no sequence number either. */
    bool fin = (seg->flags & (TC_FIN | TC_SYN)) == TC_FIN;
    uint32_t end = seg->seq + seg->len + ((seg->flags & TC_SYN) ? 1 : 0) + (fin ? 1 : 0);
    if (tc_seq_lt(self->next_seq, end)) {
        self->next_seq = end;
        self->reach_ns = seg->time_ns;
    }
    if (seg->flags & TC_SYN)
        self->wscale_opt = seg->wscale_opt;
    self->window = seg->window;
    self->window_seen = true;
    self->window_in_syn = seg->flags & TC_SYN;
}

/* Whether the receiver of the first dropped segment went on as if it had not taken it. */
static void follow_dropped(tc_conn *conn, const tc_segment *seg, const tc_result *res)
{
    tc_dropped *d = &conn->dropped;
    if (!d->frame) {
        if (res->events & TC_NOT_TAKEN) {
            d->frame = seg->frame;
            d->receiver = (uint8_t)(seg->side ^ 1u);
        }
        return;
    }
    if (d->receiver_spoke || d->receiver_reset)
        return;
    if (seg->side == d->receiver) {
        d->receiver_reset = seg->flags & TC_RST;
        d->receiver_spoke = !d->receiver_reset;
    } else if (seg->len || (seg->flags & TC_FIN)) {
        d->peer_sent = true;
    }
}

void tc_conn_segment(tc_conn *conn, const tc_segment *seg_in, tc_result *res)
{
    tc_segment seg = *seg_in;
    seg.side &= 1u;
    unsigned side = seg.side;

    memset(res, 0, sizeof *res);
    if (!conn->started)
        begin(conn, &seg, res);
    /* A side that sends again after an ICMP error about its segment did not give up on it. */
    if (conn->icmp_frame && side == conn->icmp_side)
        conn->icmp_then_sent = true;

    tc_endpoint *self = &conn->ep[side], *peer = &conn->ep[side ^ 1u];
    bool spoke = self->seen;
    if (!spoke) {
        self->seen = true;
        self->next_seq = seg.seq;
        /* As Wireshark counts: relative seq 1 for the first byte seen without a SYN. */
        self->base = seg.seq - 1;
    }
    /* A SYN with another ISN than the one its sender already used is from another sequence
     * space (a stray or second SYN-ACK): it does not move this one's highest sequence number. */
    bool other_space = (seg.flags & TC_SYN) && self->syn_seen && seg.seq != self->isn;
    classify(conn, side, &seg, spoke, res);
    if (!(res->events & TC_NOT_TAKEN)) {
        take(self, peer, &seg, other_space);
    } else if (!spoke) {
        /* Its receiver drops it: as far as the connection goes, its sender is still unseen
         * (only Zeek, which takes it, and the counts see it). */
        self->seen = false;
        self->next_seq = self->base = 0;
    }
    follow_dropped(conn, &seg, res);
    summarise(conn, &seg, res);
    zk_conn_segment(&conn->zeek, &seg, conn->port[side], conn->port[side ^ 1u]);
    describe(conn, side, &seg, res);
}
