/*
 * The first pass's result for every frame, packed (see frame_store.h). Frame n
 * is record n - 1, so a lookup is an index, not a search.
 */
#include "frame_store.h"

#include <epan/proto.h>
#include <epan/wmem_scopes.h>

#include "record_store.h"

typedef struct {
    guint32 conn;  /* connection index */
    guint32 check; /* index + 1 of its packed_check; 0 when none */
    guint64 bits;  /* the small fields, laid out below */
} packed_frame;

/* What an ack check needs beyond the small fields; acks_frame is frame when ACKS is set. */
typedef struct {
    guint32 frame;
    guint32 ack;
    guint32 acked_seq;
    guint32 acked_len;
    guint32 peer_base;
} packed_check;

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
    X(EVENTS, 16)

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
G_STATIC_ASSERT((int)TC_EVENT_COUNT <= W_EVENTS);
G_STATIC_ASSERT((int)ZK_HISTORY_MAX < 1 << W_HISTORY_LEN);

#define PUT(bits, name, value) ((bits) |= ((guint64)(value) & ((1u << W_##name) - 1)) << S_##name)
#define GET(bits, name)        ((guint)(((bits) >> S_##name) & ((1u << W_##name) - 1)))

static record_store *frames;
static record_store *checks;

void frame_store_open(void)
{
    frames = record_store_new(wmem_file_scope(), sizeof(packed_frame), 4096);
    checks = record_store_new(wmem_file_scope(), sizeof(packed_check), 4096);
}

static guint32 put_check(const tc_result *res)
{
    if (res->check == TC_CHECK_NONE && !res->acks_frame)
        return 0;
    packed_check *c = (packed_check *)record_store_append(checks);
    c->frame = res->check != TC_CHECK_NONE ? res->acked_frame : res->acks_frame;
    c->ack = res->ack;
    c->acked_seq = res->acked_seq;
    c->acked_len = res->acked_len;
    c->peer_base = res->peer_base;
    return record_store_count(checks);
}

void frame_store_put(guint32 num, frame_kind kind, const tc_result *res, guint32 conn_index,
                     history_ref history)
{
    while (record_store_count(frames) < num - 1)
        record_store_append(frames);
    packed_frame *p = (packed_frame *)record_store_append(frames);
    PUT(p->bits, KIND, kind);
    if (kind != FRAME_SEGMENT)
        return;
    /* A segment acknowledges the very segment its ack is checked against, when both exist. */
    DISSECTOR_ASSERT(!res->acks_frame || res->check == TC_CHECK_NONE ||
                     res->acks_frame == res->acked_frame);
    p->conn = conn_index;
    p->check = put_check(res);
    PUT(p->bits, ROLE, res->role);
    PUT(p->bits, STEP, res->step);
    PUT(p->bits, PHASE, res->phase);
    PUT(p->bits, TEARDOWN, res->teardown);
    PUT(p->bits, CHECK, res->check);
    PUT(p->bits, STATE_CLIENT, res->state_client);
    PUT(p->bits, STATE_SERVER, res->state_server);
    PUT(p->bits, CONN_STATE, res->conn_state);
    PUT(p->bits, FROM_CLIENT, res->from_client);
    PUT(p->bits, HANDSHAKE_SEEN, res->handshake_seen);
    PUT(p->bits, TEARDOWN_BY_CLIENT, res->teardown_by_client);
    PUT(p->bits, WITH_DATA, res->with_data);
    PUT(p->bits, RETRANSMISSION, res->retransmission);
    PUT(p->bits, CHECK_OK, res->check_ok);
    PUT(p->bits, ORIGINATOR_IS_CLIENT, res->originator_is_client);
    PUT(p->bits, ACKS, res->acks_frame != 0);
    PUT(p->bits, LONE_SYNACK, history.lone_synack);
    PUT(p->bits, CLIENT_UNSEEN, res->client_unseen);
    PUT(p->bits, SERVER_UNSEEN, res->server_unseen);
    PUT(p->bits, HISTORY_LEN, history.len);
    PUT(p->bits, EVENTS, res->events);
}

frame_kind frame_store_get(guint32 num, tc_result *res, guint32 *conn_index, history_ref *history)
{
    const packed_frame *p = num ? (const packed_frame *)record_store_at(frames, num - 1) : NULL;
    if (!p)
        return FRAME_NOT_SEEN;
    frame_kind kind = (frame_kind)GET(p->bits, KIND);
    if (kind != FRAME_SEGMENT)
        return kind;

    memset(res, 0, sizeof *res);
    *conn_index = p->conn;
    res->role = (guint8)GET(p->bits, ROLE);
    res->step = (guint8)GET(p->bits, STEP);
    res->phase = (guint8)GET(p->bits, PHASE);
    res->teardown = (guint8)GET(p->bits, TEARDOWN);
    res->check = (guint8)GET(p->bits, CHECK);
    res->state_client = (guint8)GET(p->bits, STATE_CLIENT);
    res->state_server = (guint8)GET(p->bits, STATE_SERVER);
    res->conn_state = (guint8)GET(p->bits, CONN_STATE);
    res->from_client = GET(p->bits, FROM_CLIENT);
    res->handshake_seen = GET(p->bits, HANDSHAKE_SEEN);
    res->teardown_by_client = GET(p->bits, TEARDOWN_BY_CLIENT);
    res->with_data = GET(p->bits, WITH_DATA);
    res->retransmission = GET(p->bits, RETRANSMISSION);
    res->check_ok = GET(p->bits, CHECK_OK);
    res->originator_is_client = GET(p->bits, ORIGINATOR_IS_CLIENT);
    res->events = GET(p->bits, EVENTS);
    res->client_unseen = GET(p->bits, CLIENT_UNSEEN);
    res->server_unseen = GET(p->bits, SERVER_UNSEEN);
    history->lone_synack = GET(p->bits, LONE_SYNACK);
    history->len = (guint8)GET(p->bits, HISTORY_LEN);

    const packed_check *c =
        p->check ? (const packed_check *)record_store_at(checks, p->check - 1) : NULL;
    if (c) {
        res->acks_frame = GET(p->bits, ACKS) ? c->frame : 0;
        res->acked_frame = c->frame;
        res->ack = c->ack;
        res->acked_seq = c->acked_seq;
        res->acked_len = c->acked_len;
        res->peer_base = c->peer_base;
        /* ack = seq + len, plus one for a SYN or FIN */
        res->expected_ack = c->acked_seq + c->acked_len + (res->check == TC_CHECK_DATA ? 0 : 1);
    }
    return kind;
}
