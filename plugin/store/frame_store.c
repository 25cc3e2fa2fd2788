/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first pass's result for every frame, packed (see frame_store.h). Frame n
 * is record n - 1, so a lookup is an index, not a search.
 */
#include "store/frame_store.h"

#include <epan/proto.h>
#include <epan/wmem_scopes.h>

#include "store/bit_rank.h"
#include "store/record_store.h"

/*
 * 11 bytes a frame: the small fields laid out below as one 64-bit word, then the connection
 * index in 24 bits. An index that does not fit (16 777 215 connections and more) is kept
 * apart, for the frames that have one.
 */
typedef struct {
    guint8 bytes[11];
} packed_frame;

/*
 * The short forms' limits. TCPCONN_SMALL_LIMITS lowers them to a few, so that a test build
 * takes the long forms on ordinary captures (tests/test_frame_store_limits.py).
 */
#ifdef TCPCONN_SMALL_LIMITS
#define CONN_APART      1u
#define SHORT_CHECK_MAX 3u
#else
#define CONN_APART      0xFFFFFFu
#define SHORT_CHECK_MAX 0xFFFFu /* frames back, and bytes, in a short_check */
#endif

/*
 * A check in 8 bytes: the acknowledged segment at most 65 535 frames back and under 64 KiB
 * long, the ack the one expected from it, and the peer's base the one its connection's first
 * check from the same end used. Any other check is a full_check, and this holds its index.
 */
typedef struct {
    guint32 acked_seq; /* with CHECK_FULL: the full_check's index */
    guint16 back;      /* frames back to the acknowledged segment */
    guint16 acked_len;
} short_check;

/* What an ack check needs beyond the small fields; acks_frame is frame when ACKS is set. */
typedef struct {
    guint32 frame;
    guint32 ack;
    guint32 acked_seq;
    guint32 acked_len;
    guint32 peer_base;
} full_check;

/* A segment its receiver drops for its number: the numbers its expert item gives. */
typedef struct {
    guint32 seq;
    guint32 rcv_nxt;
    guint32 rcv_wnd;
    guint32 own_base;
    guint32 peer_base;
    guint8 wnd_seen;
    guint8 wnd_exact;
    guint8 events; /* the frame's judged events, shifted down to TC_FIRST_JUDGED_EVENT */
} drop_judgement;

/* Per connection: the peer's base in the first check from each end (by from_client). */
typedef struct {
    guint32 peer_base[2];
    guint8 set; /* bit per end */
} check_bases;

/* Bit fields of packed_frame.bits: X(name, width), in order from bit 0. */
#define PACKED_FIELDS(X)                                                                           \
    X(KIND, 3)                                                                                     \
    X(ROLE, 4)                                                                                     \
    X(STEP, 3)                                                                                     \
    X(PHASE, 2)                                                                                    \
    X(TEARDOWN, 3)                                                                                 \
    X(CHECK, 2)                                                                                    \
    X(STATE_CLIENT, 4)                                                                             \
    X(STATE_SERVER, 4)                                                                             \
    X(CONN_STATE, 4)                                                                               \
    X(FROM_CLIENT, 1)                                                                              \
    X(HANDSHAKE_SEEN, 1)                                                                           \
    X(TEARDOWN_BY_CLIENT, 1)                                                                       \
    X(WITH_DATA, 1)                                                                                \
    X(RETRANSMISSION, 1)                                                                           \
    X(CHECK_OK, 1)                                                                                 \
    X(ORIGINATOR_IS_CLIENT, 1)                                                                     \
    X(ACKS, 1)                                                                                     \
    X(LONE_SYNACK, 1)                                                                              \
    X(CLIENT_UNSEEN, 1)                                                                            \
    X(SERVER_UNSEEN, 1)                                                                            \
    X(HISTORY_LEN, 6)                                                                              \
    X(CHECK_FULL, 1)                                                                               \
    X(EVENTS, 17)

#define FIELD_WIDTH(name, width) W_##name = width,
enum { PACKED_FIELDS(FIELD_WIDTH) };
#undef FIELD_WIDTH
#define FIELD_SHIFT(name, width) S_##name, S_##name##_END = S_##name + width - 1,
enum { PACKED_FIELDS(FIELD_SHIFT) S_TOTAL };
#undef FIELD_SHIFT

G_STATIC_ASSERT(S_TOTAL <= 64);
G_STATIC_ASSERT((int)TC_ROLE_COUNT <= 1 << W_ROLE);
G_STATIC_ASSERT((int)TC_TEARDOWN_COUNT <= 1 << W_TEARDOWN);
G_STATIC_ASSERT((int)TC_CHECK_COUNT <= 1 << W_CHECK);
G_STATIC_ASSERT((int)TC_STATE_COUNT <= 1 << W_STATE_CLIENT);
G_STATIC_ASSERT((int)TC_CONN_STATE_COUNT <= 1 << W_CONN_STATE);
/* The judged events live in the frame's drop_judgement, not in EVENTS: they end the table. */
G_STATIC_ASSERT((int)TC_FIRST_JUDGED_EVENT <= W_EVENTS);
G_STATIC_ASSERT(TC_JUDGED_EVENTS >> TC_FIRST_JUDGED_EVENT == 31u &&
                TC_EVENT_COUNT == TC_FIRST_JUDGED_EVENT + 5);
G_STATIC_ASSERT((int)ZK_HISTORY_MAX < 1 << W_HISTORY_LEN);

#define PUT(bits, name, value) ((bits) |= ((guint64)(value) & ((1u << W_##name) - 1)) << S_##name)
#define GET(bits, name)        ((guint)(((bits) >> S_##name) & ((1u << W_##name) - 1)))

static record_store *frames;
/* A bit per frame whose connection index is CONN_APART; its rank is its index in conns_apart. */
static bit_rank *apart;
static record_store *conns_apart;
/* A bit per frame with a check; its rank is the frame's short_check. */
static bit_rank *checked;
static record_store *short_checks;
static record_store *full_checks;
static record_store *bases;
/* A bit per frame dropped by its receiver for its number; its rank is its drop_judgement. */
static bit_rank *judged;
static record_store *judgements;

void frame_store_open(void)
{
    frames = record_store_new(wmem_file_scope(), sizeof(packed_frame), 4096);
    apart = bit_rank_new(wmem_file_scope());
    conns_apart = record_store_new(wmem_file_scope(), sizeof(guint32), 1024);
    checked = bit_rank_new(wmem_file_scope());
    short_checks = record_store_new(wmem_file_scope(), sizeof(short_check), 4096);
    full_checks = record_store_new(wmem_file_scope(), sizeof(full_check), 1024);
    bases = record_store_new(wmem_file_scope(), sizeof(check_bases), 1024);
    judged = bit_rank_new(wmem_file_scope());
    judgements = record_store_new(wmem_file_scope(), sizeof(drop_judgement), 64);
}

static void put_judgement(guint32 num, const tc_result *res)
{
    if (!(res->events & TC_JUDGED_EVENTS))
        return;
    bit_rank_set(judged, num);
    drop_judgement *j = (drop_judgement *)record_store_append(judgements);
    j->seq = res->seq;
    j->rcv_nxt = res->rcv_nxt;
    j->rcv_wnd = res->rcv_wnd;
    j->own_base = res->own_base;
    j->peer_base = res->peer_base;
    j->wnd_seen = res->rcv_wnd_seen;
    j->wnd_exact = res->rcv_wnd_exact;
    j->events = (guint8)((res->events & TC_JUDGED_EVENTS) >> TC_FIRST_JUDGED_EVENT);
}

static void get_judgement(guint32 num, tc_result *res)
{
    guint32 rank;
    if (!bit_rank_get(judged, num, &rank))
        return;
    const drop_judgement *j = (const drop_judgement *)record_store_at(judgements, rank);
    res->seq = j->seq;
    res->rcv_nxt = j->rcv_nxt;
    res->rcv_wnd = j->rcv_wnd;
    res->own_base = j->own_base;
    res->peer_base = j->peer_base;
    res->rcv_wnd_seen = j->wnd_seen;
    res->rcv_wnd_exact = j->wnd_exact;
    res->events |= (guint32)j->events << TC_FIRST_JUDGED_EVENT;
}

/* ack = seq + len, plus one for a SYN or FIN */
static guint32 expected_ack(const tc_result *res, guint32 acked_seq, guint32 acked_len)
{
    return acked_seq + acked_len + (res->check == TC_CHECK_DATA ? 0 : 1);
}

static check_bases *bases_of(guint32 conn_index)
{
    while (record_store_count(bases) <= conn_index)
        record_store_append(bases);
    return (check_bases *)record_store_at(bases, conn_index);
}

/*
 * Whether the check fits a short_check alone. The connection's first check from each end that
 * otherwise fits sets the peer base that end's short checks share.
 */
static gboolean fits_short(guint32 num, guint32 frame, const tc_result *res, guint32 conn_index)
{
    if (frame > num || num - frame > SHORT_CHECK_MAX || res->acked_len > SHORT_CHECK_MAX ||
        res->ack != expected_ack(res, res->acked_seq, res->acked_len))
        return FALSE;
    check_bases *b = bases_of(conn_index);
    guint8 end = (guint8)(1u << res->from_client);
    if (!(b->set & end)) {
        b->set |= end;
        b->peer_base[res->from_client] = res->peer_base;
    }
    return b->peer_base[res->from_client] == res->peer_base;
}

/* The frame's check, if it has one; TRUE when it needs a full_check. */
static gboolean put_check(guint32 num, const tc_result *res, guint32 conn_index)
{
    if (res->check == TC_CHECK_NONE && !res->acks_frame)
        return FALSE;
    guint32 frame = res->check != TC_CHECK_NONE ? res->acked_frame : res->acks_frame;
    bit_rank_set(checked, num);
    short_check *c = (short_check *)record_store_append(short_checks);
    if (fits_short(num, frame, res, conn_index)) {
        c->acked_seq = res->acked_seq;
        c->back = (guint16)(num - frame);
        c->acked_len = (guint16)res->acked_len;
        return FALSE;
    }
    full_check *full = (full_check *)record_store_append(full_checks);
    full->frame = frame;
    full->ack = res->ack;
    full->acked_seq = res->acked_seq;
    full->acked_len = res->acked_len;
    full->peer_base = res->peer_base;
    c->acked_seq = record_store_count(full_checks) - 1;
    return TRUE;
}

/* Little-endian whatever the host's order, as the layout is the store's own. */
static void store_bits(packed_frame *p, guint64 bits)
{
    for (int i = 0; i < 8; i++)
        p->bytes[i] = (guint8)(bits >> (8 * i));
}

static guint64 load_bits(const packed_frame *p)
{
    guint64 bits = 0;
    for (int i = 0; i < 8; i++)
        bits |= (guint64)p->bytes[i] << (8 * i);
    return bits;
}

static void store_conn(packed_frame *p, guint32 num, guint32 conn_index)
{
    guint32 stored = conn_index < CONN_APART ? conn_index : CONN_APART;
    if (stored == CONN_APART) {
        bit_rank_set(apart, num);
        *(guint32 *)record_store_append(conns_apart) = conn_index;
    }
    for (int i = 0; i < 3; i++)
        p->bytes[8 + i] = (guint8)(stored >> (8 * i));
}

static guint32 load_conn(const packed_frame *p, guint32 num)
{
    guint32 stored = (guint32)p->bytes[8] | (guint32)p->bytes[9] << 8 | (guint32)p->bytes[10] << 16;
    guint32 rank;
    if (stored == CONN_APART && bit_rank_get(apart, num, &rank))
        return *(const guint32 *)record_store_at(conns_apart, rank);
    return stored;
}

void frame_store_put(guint32 num, frame_kind kind, const tc_result *res, guint32 conn_index,
                     history_ref history)
{
    while (record_store_count(frames) < num - 1)
        record_store_append(frames);
    packed_frame *p = (packed_frame *)record_store_append(frames);
    guint64 bits = 0;
    PUT(bits, KIND, kind);
    if (kind != FRAME_SEGMENT) {
        store_bits(p, bits);
        return;
    }
    /* A segment acknowledges the very segment its ack is checked against, when both exist. */
    DISSECTOR_ASSERT(!res->acks_frame || res->check == TC_CHECK_NONE ||
                     res->acks_frame == res->acked_frame);
    store_conn(p, num, conn_index);
    PUT(bits, CHECK_FULL, put_check(num, res, conn_index));
    PUT(bits, ROLE, res->role);
    PUT(bits, STEP, res->step);
    PUT(bits, PHASE, res->phase);
    PUT(bits, TEARDOWN, res->teardown);
    PUT(bits, CHECK, res->check);
    PUT(bits, STATE_CLIENT, res->state_client);
    PUT(bits, STATE_SERVER, res->state_server);
    PUT(bits, CONN_STATE, res->conn_state);
    PUT(bits, FROM_CLIENT, res->from_client);
    PUT(bits, HANDSHAKE_SEEN, res->handshake_seen);
    PUT(bits, TEARDOWN_BY_CLIENT, res->teardown_by_client);
    PUT(bits, WITH_DATA, res->with_data);
    PUT(bits, RETRANSMISSION, res->retransmission);
    PUT(bits, CHECK_OK, res->check_ok);
    PUT(bits, ORIGINATOR_IS_CLIENT, res->originator_is_client);
    PUT(bits, ACKS, res->acks_frame != 0);
    PUT(bits, LONE_SYNACK, history.lone_synack);
    PUT(bits, CLIENT_UNSEEN, res->client_unseen);
    PUT(bits, SERVER_UNSEEN, res->server_unseen);
    PUT(bits, HISTORY_LEN, history.len);
    PUT(bits, EVENTS, res->events & ~TC_JUDGED_EVENTS);
    store_bits(p, bits);
    put_judgement(num, res);
}

/* The frame's check into res, from its short_check and, if it has one, its full_check. */
static void get_check(guint32 num, guint32 rank, gboolean full, guint32 conn_index, gboolean acks,
                      tc_result *res)
{
    const short_check *c = (const short_check *)record_store_at(short_checks, rank);
    guint32 frame;
    if (full) {
        const full_check *f = (const full_check *)record_store_at(full_checks, c->acked_seq);
        frame = f->frame;
        res->ack = f->ack;
        res->acked_seq = f->acked_seq;
        res->acked_len = f->acked_len;
        res->peer_base = f->peer_base;
    } else {
        frame = num - c->back;
        res->acked_seq = c->acked_seq;
        res->acked_len = c->acked_len;
        res->peer_base =
            ((const check_bases *)record_store_at(bases, conn_index))->peer_base[res->from_client];
    }
    res->acks_frame = acks ? frame : 0;
    res->acked_frame = frame;
    res->expected_ack = expected_ack(res, res->acked_seq, res->acked_len);
    if (!full)
        res->ack = res->expected_ack; /* a short check's ack is the one expected */
}

frame_kind frame_store_get(guint32 num, tc_result *res, guint32 *conn_index, history_ref *history)
{
    const packed_frame *p = num ? (const packed_frame *)record_store_at(frames, num - 1) : NULL;
    if (!p)
        return FRAME_NOT_SEEN;
    guint64 bits = load_bits(p);
    frame_kind kind = (frame_kind)GET(bits, KIND);
    if (kind != FRAME_SEGMENT)
        return kind;

    memset(res, 0, sizeof *res);
    *conn_index = load_conn(p, num);
    res->role = (guint8)GET(bits, ROLE);
    res->step = (guint8)GET(bits, STEP);
    res->phase = (guint8)GET(bits, PHASE);
    res->teardown = (guint8)GET(bits, TEARDOWN);
    res->check = (guint8)GET(bits, CHECK);
    res->state_client = (guint8)GET(bits, STATE_CLIENT);
    res->state_server = (guint8)GET(bits, STATE_SERVER);
    res->conn_state = (guint8)GET(bits, CONN_STATE);
    res->from_client = GET(bits, FROM_CLIENT);
    res->handshake_seen = GET(bits, HANDSHAKE_SEEN);
    res->teardown_by_client = GET(bits, TEARDOWN_BY_CLIENT);
    res->with_data = GET(bits, WITH_DATA);
    res->retransmission = GET(bits, RETRANSMISSION);
    res->check_ok = GET(bits, CHECK_OK);
    res->originator_is_client = GET(bits, ORIGINATOR_IS_CLIENT);
    res->events = GET(bits, EVENTS);
    res->client_unseen = GET(bits, CLIENT_UNSEEN);
    res->server_unseen = GET(bits, SERVER_UNSEEN);
    history->lone_synack = GET(bits, LONE_SYNACK);
    history->len = (guint8)GET(bits, HISTORY_LEN);

    guint32 rank;
    if (bit_rank_get(checked, num, &rank))
        get_check(num, rank, GET(bits, CHECK_FULL), *conn_index, GET(bits, ACKS), res);
    get_judgement(num, res);
    return kind;
}
