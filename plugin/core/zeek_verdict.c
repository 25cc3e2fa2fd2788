/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Zeek's conn_state and history (see zeek_verdict.h). The rules follow Zeek's
 * TCPSessionAdapter and conn_state() in base/protocols/conn/main.zeek; where
 * they surprise (SF without a handshake, RSTOS0 read from the history, the
 * "^h" rewrite), the surprise is Zeek's and is kept.
 */
#include "zeek_verdict.h"

#include <string.h>

/* Zeek's TCP endpoint states, in Zeek's order. */
enum { ZK_INACTIVE, ZK_SYN_SENT, ZK_SYN_ACK_SENT, ZK_PARTIAL, ZK_ESTABLISHED, ZK_CLOSED, ZK_RESET };

#define CONN_STATE_TOKEN(name, token, meaning) token,
static const char *const conn_state_tokens[] = {TC_CONN_STATE_TABLE(CONN_STATE_TOKEN)};
#undef CONN_STATE_TOKEN

#define CONN_STATE_MEANING(name, token, meaning) meaning,
static const char *const conn_state_meanings[] = {TC_CONN_STATE_TABLE(CONN_STATE_MEANING)};
#undef CONN_STATE_MEANING

const char *tc_conn_state_token(tc_conn_state state)
{
    return state < TC_CONN_STATE_COUNT ? conn_state_tokens[state] : "";
}

const char *tc_conn_state_meaning(tc_conn_state state)
{
    return state < TC_CONN_STATE_COUNT ? conn_state_meanings[state] : "";
}

/*
 * Zeek's likely_server_ports as a default `zeek` fills it: the TCP ports of the `ports` that
 * the protocol scripts loaded by default add with `redef likely_server_ports += { ports }`
 * (zeek/zeek, scripts/base/protocols/<name>/main.zeek).
 */
static const uint16_t zeek_default_ports[] = {
    21,   22,   25,   53,   79,   80,   81,   88,   135,  139,   143,  389,  443,
    445,  465,  502,  514,  563,  585,  587,  614,  631,  636,   989,  990,  992,
    993,  995,  1080, 1434, 1883, 2811, 3128, 3268, 3306, 3389,  5222, 5223, 5269,
    5432, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
};

/* The set in use, one bit a port; Zeek's defaults until zk_set_server_ports says otherwise. */
static uint8_t server_ports[65536 / 8];
static bool server_ports_set;

void zk_set_server_ports(const uint16_t *ports, size_t count)
{
    memset(server_ports, 0, sizeof server_ports);
    for (size_t i = 0; i < count; i++)
        server_ports[ports[i] / 8] |= (uint8_t)(1u << (ports[i] % 8));
    server_ports_set = true;
}

const uint16_t *zk_default_server_ports(size_t *count)
{
    *count = sizeof zeek_default_ports / sizeof zeek_default_ports[0];
    return zeek_default_ports;
}

static bool likely_server_port(uint16_t port)
{
    if (!server_ports_set) {
        size_t count;
        const uint16_t *ports = zk_default_server_ports(&count);
        zk_set_server_ports(ports, count);
    }
    return server_ports[port / 8] & (1u << (port % 8));
}

void zk_conn_init(zk_conn *zk)
{
    memset(zk, 0, sizeof *zk);
}

static void append(zk_conn *zk, char letter)
{
    if (zk->len >= ZK_HISTORY_MAX)
        return;
    zk->history[zk->len++] = letter;
    zk->history[zk->len] = '\0';
}

/* Upper case for the originator, lower case for the responder. */
static void record(zk_conn *zk, unsigned side, char upper)
{
    append(zk, side == zk->orig ? upper : (char)(upper - 'A' + 'a'));
}

static void record_once(zk_conn *zk, unsigned side, zk_once which, char upper)
{
    if (zk->ep[side].once[which])
        return;
    zk->ep[side].once[which] = true;
    record(zk, side, upper);
}

static void record_scaled(zk_conn *zk, unsigned side, zk_scaled which, char upper)
{
    zk_endpoint *ep = &zk->ep[side];
    if (ep->scaled_next[which] == 0)
        ep->scaled_next[which] = 1;
    if (++ep->scaled_count[which] != ep->scaled_next[which])
        return;
    record(zk, side, upper);
    ep->scaled_next[which] =
        ep->scaled_next[which] > UINT32_MAX / 10 ? UINT32_MAX : ep->scaled_next[which] * 10;
}

static void flip_roles(zk_conn *zk)
{
    zk->orig ^= 1u;
    append(zk, '^');
}

/* At creation Zeek guesses the originator from the ports unless it sees a plain SYN. */
static void start(zk_conn *zk, const tc_segment *seg, uint16_t src_port, uint16_t dst_port)
{
    bool syn = seg->flags & TC_SYN, ack = seg->flags & TC_ACK;
    bool flip = false;

    zk->started = true;
    zk->orig = seg->side;
    if ((!syn || ack) && likely_server_port(src_port)) {
        if (likely_server_port(dst_port))
            flip = !syn && src_port < dst_port;
        else
            flip = true;
    }
    if (flip)
        flip_roles(zk);
}

static void record_flags(zk_conn *zk, const tc_segment *seg)
{
    unsigned side = seg->side;
    zk_endpoint *ep = &zk->ep[side];
    bool syn = seg->flags & TC_SYN, fin = seg->flags & TC_FIN, rst = seg->flags & TC_RST;

    if (syn + fin + rst > 1) {
        if (fin && rst)
            record_once(zk, side, ZK_ONCE_FIN_RST, 'I');
        else
            record_once(zk, side, ZK_ONCE_MULTI, 'Q');
    } else if (syn) {
        if (!ep->syn_seen || ep->last_syn_seq != seg->seq)
            record(zk, side, (seg->flags & TC_ACK) ? 'H' : 'S');
        ep->syn_seen = true;
        ep->last_syn_seq = seg->seq;
    } else if (fin) {
        uint32_t end = seg->seq + seg->len;
        if (!ep->fin_seen || ep->last_fin_end != end)
            record(zk, side, 'F');
        ep->fin_seen = true;
        ep->last_fin_end = end;
    } else if (rst) {
        if (!ep->rst_seen || ep->last_rst_seq != seg->seq)
            record(zk, side, 'R');
        ep->rst_seen = true;
        ep->last_rst_seq = seg->seq;
    } else if (seg->len || (seg->flags & TC_ACK)) {
        /* A connection first seen as a lone SYN-ACK turns around on its next segment. */
        if (zk->len == 1 && zk->history[0] == 'H') {
            zk->orig ^= 1u;
            memcpy(zk->history, "^h", 3);
            zk->len = 2;
        }
        if (seg->len)
            record_once(zk, side, ZK_ONCE_DATA, 'D');
        else
            record_once(zk, side, ZK_ONCE_ACK, 'A');
    }
}

static void record_scaled_events(zk_conn *zk, const tc_segment *seg)
{
    unsigned side = seg->side;
    const zk_endpoint *ep = &zk->ep[side], *peer = &zk->ep[side ^ 1u];

    if (seg->len && !(seg->flags & TC_SYN) && ep->top_seen &&
        !tc_seq_lt(ep->top_seq, seg->seq + seg->len))
        record_scaled(zk, side, ZK_SCALED_RETRANSMIT, 'T');
    if (seg->window == 0 && !(seg->flags & TC_RST) && !peer->fin_seen && ep->state != ZK_RESET)
        record_scaled(zk, side, ZK_SCALED_ZERO_WINDOW, 'W');
}

static void set_state(zk_endpoint *ep, uint8_t state)
{
    ep->prev_state = ep->state;
    ep->state = state;
}

static void on_syn(zk_conn *zk, const tc_segment *seg)
{
    unsigned side = seg->side;
    zk_endpoint *ep = &zk->ep[side], *peer = &zk->ep[side ^ 1u];
    bool ack = seg->flags & TC_ACK, is_orig = side == zk->orig;

    if (ep->state == ZK_INACTIVE) {
        if (is_orig) {
            set_state(ep, ack ? ZK_SYN_ACK_SENT : ZK_SYN_SENT);
        } else if (!ack && peer->state == ZK_SYN_ACK_SENT && peer->last_ack == seg->seq + 1) {
            /* The SYN-ACK was captured before the SYN it answers. */
            flip_roles(zk);
            set_state(ep, ZK_ESTABLISHED);
            set_state(peer, ZK_ESTABLISHED);
        } else {
            set_state(ep, ZK_ESTABLISHED);
            if (peer->state == ZK_SYN_SENT)
                set_state(peer, ZK_ESTABLISHED);
        }
    } else if (ep->state == ZK_PARTIAL && !ack && peer->state == ZK_INACTIVE) {
        set_state(ep, ZK_SYN_SENT);
    }
}

static void on_fin(zk_conn *zk, const tc_segment *seg)
{
    zk_endpoint *ep = &zk->ep[seg->side], *peer = &zk->ep[seg->side ^ 1u];

    switch (ep->state) {
    case ZK_ESTABLISHED:
    case ZK_PARTIAL:
        if (seg->flags & TC_RST)
            break;
        set_state(ep, ZK_CLOSED);
        if (peer->state == ZK_RESET && peer->prev_state == ZK_CLOSED)
            set_state(peer, ZK_CLOSED);
        break;
    case ZK_INACTIVE:
    case ZK_SYN_SENT:
    case ZK_SYN_ACK_SENT:
        set_state(ep, ZK_CLOSED);
        break;
    default:
        break;
    }
}

static void on_rst(zk_conn *zk, const tc_segment *seg)
{
    zk_endpoint *ep = &zk->ep[seg->side], *peer = &zk->ep[seg->side ^ 1u];

    if (ep->state == ZK_RESET)
        return;
    if (ep->state == ZK_CLOSED && peer->state == ZK_CLOSED)
        return; /* once both sides sent FIN, a RST changes nothing */
    set_state(ep, ZK_RESET);
}

static void on_other(zk_conn *zk, const tc_segment *seg)
{
    unsigned side = seg->side;
    zk_endpoint *ep = &zk->ep[side], *peer = &zk->ep[side ^ 1u];
    bool ack = seg->flags & TC_ACK;

    if (ep->state != ZK_INACTIVE)
        return;
    if (side != zk->orig && !seg->len && peer->state == ZK_SYN_SENT)
        return; /* an empty segment answering a SYN, ACK or not, is not the responder waking up */
    set_state(ep, ack && peer->state == ZK_ESTABLISHED ? ZK_ESTABLISHED : ZK_PARTIAL);
}

/* Larger jumps of a SYN's or RST's sequence number are not trusted (Zeek's TOO_LARGE_SEQ_DELTA). */
#define ZK_TOO_LARGE_SEQ_DELTA 1048576

static void init_seq(zk_endpoint *ep, uint32_t start, uint32_t last)
{
    ep->start_seq = ep->ack_seq = start;
    ep->last_seq = last;
}

/* TCPSessionAdapter's init_endpoint: where the endpoint's sequence space starts. */
static void init_endpoint(zk_endpoint *ep, const tc_segment *seg, uint32_t end)
{
    bool syn = seg->flags & TC_SYN;

    switch (ep->state) {
    case ZK_INACTIVE:
        /* Without a SYN, numbered as though one came just before. */
        if (syn)
            init_seq(ep, seg->seq, end);
        else
            init_seq(ep, seg->seq - 1, seg->seq);
        break;
    case ZK_SYN_SENT:
    case ZK_SYN_ACK_SENT:
        if (syn && seg->seq != ep->start_seq)
            init_seq(ep, seg->seq, end);
        break;
    case ZK_ESTABLISHED:
    case ZK_PARTIAL:
        if (syn)
            init_seq(ep, seg->seq, end);
        break;
    case ZK_RESET:
        if (syn && ep->prev_state == ZK_INACTIVE)
            init_seq(ep, seg->seq, end);
        break;
    default:
        break;
    }
}

/* init_peer and update_ack_seq: the peer's space as this segment acknowledges it. */
static void update_peer_ack(zk_endpoint *peer, const tc_segment *seg)
{
    if (!(seg->flags & TC_ACK))
        return;
    if (peer->state == ZK_INACTIVE) {
        init_seq(peer, seg->ack - 1, seg->ack - 1);
        return;
    }
    if (seg->flags & TC_RST)
        return; /* acks on a RST are not trusted */
    int32_t delta = (int32_t)(seg->ack - peer->ack_seq);
    if (delta > 0 && !(seg->ack == 0 && delta > ZK_TOO_LARGE_SEQ_DELTA))
        peer->ack_seq = seg->ack;
}

/* update_last_seq, before the state machine runs. */
static void update_last_seq(zk_endpoint *ep, const tc_segment *seg, uint32_t end)
{
    int32_t delta = (int32_t)(end - ep->last_seq);
    bool syn_rst = seg->flags & (TC_SYN | TC_RST);

    if (syn_rst && (delta > ZK_TOO_LARGE_SEQ_DELTA || delta < -ZK_TOO_LARGE_SEQ_DELTA))
        return;
    if ((seg->flags & TC_FIN) && ep->last_seq == ep->start_seq + 1)
        ep->last_seq = end;
    else if (ep->state != ZK_RESET && delta > 0)
        ep->last_seq = end;
}

/* The sequence space the segment takes: a RST's payload is not part of the stream. */
static uint32_t segment_end(const tc_segment *seg)
{
    uint32_t len = (seg->flags & TC_RST) ? 0 : seg->len;
    return seg->seq + len + ((seg->flags & TC_SYN) ? 1u : 0u) + ((seg->flags & TC_FIN) ? 1u : 0u);
}

uint64_t zk_endpoint_size(const zk_conn *zk, unsigned side)
{
    const zk_endpoint *ep = &zk->ep[side], *peer = &zk->ep[side ^ 1u];
    bool no_data_acked = ep->ack_seq == ep->start_seq || ep->ack_seq == ep->start_seq + 1;

    /* A half-open connection found and aborted: its numbers say nothing about data. */
    if (ep->prev_state == ZK_SYN_SENT && ep->state == ZK_RESET && peer->state == ZK_INACTIVE &&
        !no_data_acked)
        return 0;
    uint32_t top = tc_seq_lt(ep->ack_seq, ep->last_seq) ? ep->last_seq : ep->ack_seq;
    uint32_t size = top - ep->start_seq;
    /* Neither the SYN's nor the FIN's sequence number is data. */
    if (size)
        size--;
    if (ep->fin_count && size)
        size--;
    return size;
}

static bool in_handshake(uint8_t state)
{
    return state == ZK_INACTIVE || state == ZK_SYN_SENT || state == ZK_SYN_ACK_SENT;
}

/*
 * The timers TCPSessionAdapter sets: the attempt timer when the originator's SYN first takes
 * it out of INACTIVE (UpdateInactiveState); on an endpoint's first FIN or RST, if that
 * completes the close (ConnectionClosed: it reset, or the peer closed too, or the peer never
 * spoke), the other timers go and the connection is deleted tcp_close_delay after its last
 * time; the inactivity timeout lengthens once an endpoint leaves the handshake
 * (TCP_Endpoint::SetState).
 */
static void set_timers(zk_conn *zk, const tc_segment *seg, bool opens, bool closed_before)
{
    const zk_endpoint *ep = &zk->ep[seg->side], *peer = &zk->ep[seg->side ^ 1u];

    if (opens && !zk->attempt_at && !zk->delete_at)
        zk->attempt_at = seg->time_ns + ZK_ATTEMPT_DELAY_NS;
    if (ep->did_close && !closed_before &&
        (ep->state == ZK_RESET || peer->did_close || peer->state == ZK_INACTIVE)) {
        zk->attempt_at = 0;
        zk->delete_at = zk->last_ns + ZK_CLOSE_DELAY_NS;
    }
    if (!in_handshake(ep->state) || !in_handshake(peer->state))
        zk->handshake_over = true;
}

uint64_t zk_conn_duration_ns(const zk_conn *zk)
{
    return zk->last_ns - zk->first_ns;
}

void zk_conn_segment(zk_conn *zk, const tc_segment *seg, uint16_t src_port, uint16_t dst_port)
{
    zk_endpoint *ep = &zk->ep[seg->side], *peer = &zk->ep[seg->side ^ 1u];

    if (!zk->started) {
        start(zk, seg, src_port, dst_port);
        zk->first_ns = zk->last_ns = seg->time_ns;
    }
    if (seg->bad_checksum) {
        /* Zeek records the letter and drops the packet, uncounted. */
        record_scaled(zk, seg->side, ZK_SCALED_CHECKSUM, 'C');
        return;
    }
    uint32_t seq_end = segment_end(seg);
    init_endpoint(ep, seg, seq_end);
    record_flags(zk, seg);
    record_scaled_events(zk, seg);
    /* Once both sides have closed, later packets do not extend the connection. */
    if (!ep->did_close || !peer->did_close)
        zk->last_ns = seg->time_ns;
    if (seg->flags & TC_FIN)
        ep->fin_count++;
    update_peer_ack(peer, seg);
    update_last_seq(ep, seg, seq_end);
    ep->pkts++;
    ep->ip_bytes += seg->ip_len;

    bool opens = (seg->flags & TC_SYN) && seg->side == zk->orig && ep->state == ZK_INACTIVE;
    bool closed_before = ep->did_close;
    if (seg->flags & TC_SYN)
        on_syn(zk, seg);
    if (seg->flags & TC_FIN)
        on_fin(zk, seg);
    if (seg->flags & TC_RST)
        on_rst(zk, seg);
    if (!(seg->flags & (TC_SYN | TC_FIN | TC_RST)))
        on_other(zk, seg);
    if (seg->flags & (TC_FIN | TC_RST))
        ep->did_close = true;
    set_timers(zk, seg, opens, closed_before);

    uint32_t end =
        seg->seq + seg->len + ((seg->flags & TC_SYN) ? 1u : 0u) + ((seg->flags & TC_FIN) ? 1u : 0u);
    if (!ep->top_seen || tc_seq_lt(ep->top_seq, end))
        ep->top_seq = end;
    ep->top_seen = true;
    if (seg->flags & TC_ACK)
        ep->last_ack = seg->ack;
    ep->bytes += seg->len;
}

/* The history matches ^\^?S[^HAFGIQ]*R.*$ (Zeek compares patterns anchored). */
static bool syn_then_reset(const char *history)
{
    if (*history == '^')
        history++;
    if (*history++ != 'S')
        return false;
    for (; *history; history++) {
        if (*history == 'R')
            return true;
        if (strchr("HAFGIQ", *history))
            return false;
    }
    return false;
}

static bool inactive(uint8_t state)
{
    return state == ZK_INACTIVE || state == ZK_PARTIAL;
}

tc_conn_state zk_conn_state(const zk_conn *zk)
{
    if (!zk->started)
        return TC_CONN_STATE_NONE;
    const zk_endpoint *o = &zk->ep[zk->orig], *r = &zk->ep[zk->orig ^ 1u];
    uint8_t os = o->state, rs = r->state;

    if (rs == ZK_RESET) {
        if (os == ZK_SYN_SENT || os == ZK_SYN_ACK_SENT ||
            (os == ZK_RESET && o->bytes == 0 && r->bytes == 0))
            return TC_CONN_STATE_REJ;
        return inactive(os) ? TC_CONN_STATE_RSTRH : TC_CONN_STATE_RSTR;
    }
    if (os == ZK_RESET) {
        if (inactive(rs))
            return syn_then_reset(zk->history) ? TC_CONN_STATE_RSTOS0 : TC_CONN_STATE_OTH;
        return TC_CONN_STATE_RSTO;
    }
    if (os == ZK_CLOSED && rs == ZK_CLOSED)
        return TC_CONN_STATE_SF;
    if (os == ZK_CLOSED)
        return inactive(rs) ? TC_CONN_STATE_SH : TC_CONN_STATE_S2;
    if (rs == ZK_CLOSED)
        return inactive(os) ? TC_CONN_STATE_SHR : TC_CONN_STATE_S3;
    if (os == ZK_SYN_SENT && rs == ZK_INACTIVE)
        return TC_CONN_STATE_S0;
    if (os == ZK_ESTABLISHED && rs == ZK_ESTABLISHED)
        return TC_CONN_STATE_S1;
    return TC_CONN_STATE_OTH;
}
