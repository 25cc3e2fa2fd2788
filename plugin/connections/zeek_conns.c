/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Zeek connections of the open capture file (see zeek_conns.h). The first pass keeps,
 * per address and port pair (its Community ID), the current Zeek connection, and for each
 * frame whose Zeek connection does not share its tcpconn connection's state, the one it went
 * to; later passes only read.
 */
#include "connections/zeek_conns.h"

#include "input/capture_read.h"
#include "display/field_values.h"

#include <epan/proto.h>

#include "store/bit_rank.h"
#include "store/record_store.h"

/* Per Community ID: the pair's current Zeek connection. */
static wmem_map_t *current;
static record_store *records;
/*
 * A segment whose Zeek connection does not share its tcpconn connection's state: that Zeek
 * connection and its verdict after the segment, found by the frame's rank among such frames;
 * every other segment's are its tcpconn connection's, in its frame record.
 */
typedef struct {
    guint32 index;      /* the Zeek connection's index */
    guint8 history_len; /* the history then is a prefix of the final one... */
    guint8 lone_synack; /* ...or the lone "H" Zeek later rewrites to "^h" */
    guint8 conn_state;  /* tc_conn_state if the capture ended after the frame */
} frame_slot;
static bit_rank *apart;
static record_store *slots;

static int hf_uid = -1;
static int hf_history_so_far = -1;
static int hf_state_so_far = -1;
static int hf_zeek = -1;
static int hf_state = -1;
static int hf_history = -1;
static int hf_originator = -1;
static int hf_duration = -1;
static int hf_orig_bytes = -1;
static int hf_resp_bytes = -1;
static int hf_orig_pkts = -1;
static int hf_resp_pkts = -1;
static gint ett_zeek = -1;

static void open_file(void)
{
    records = record_store_new(wmem_file_scope(), sizeof(zeek_record), 256);
    apart = bit_rank_new(wmem_file_scope());
    slots = record_store_new(wmem_file_scope(), sizeof(frame_slot), 4096);
}

static guint8 sender_side(const zeek_record *z, packet_info *pinfo, const tcp_fields *f)
{
    if (z->port[0] != z->port[1])
        return f->srcport == z->port[0] ? 0 : 1;
    return addresses_equal(&pinfo->src, z->addr[0]) ? 0 : 1;
}

static zeek_record *new_record(packet_info *pinfo, const tcp_fields *f, conn_record *rec)
{
    zeek_record *z = (zeek_record *)record_store_append(records);
    /* Begun with the tcpconn connection's first segment, sent from its side A: the same. */
    if (!rec->conn.started && f->seg.side == TC_SIDE_A) {
        z->zk = &rec->conn.zeek;
        z->shared = rec;
        rec->zeek_shared = record_store_count(records);
    } else {
        z->zk = wmem_new(wmem_file_scope(), zk_conn);
        zk_conn_init(z->zk);
    }
    /* The same two ends as the tcpconn connection's, whose copies last as long. */
    z->addr[0] = rec->addr[f->seg.side];
    z->addr[1] = rec->addr[f->seg.side ^ 1u];
    z->port[0] = f->srcport;
    z->port[1] = f->dstport;
    z->first_frame = pinfo->num;
    z->index = record_store_count(records) - 1;
    z->community_id = rec->community_id;
    wmem_map_insert(current, (gpointer)rec->community_id, z);
    return z;
}

/* The two connections part: Zeek's keeps the state so far as its own. */
static void stop_sharing(zeek_record *z)
{
    if (!z->shared)
        return;
    z->zk = (zk_conn *)wmem_memdup(wmem_file_scope(), z->zk, sizeof *z->zk);
    z->shared = NULL;
}

void zeek_conns_feed(packet_info *pinfo, const tcp_fields *f, conn_record *rec)
{
    zeek_record *z = (zeek_record *)wmem_map_lookup(current, rec->community_id);
    tc_segment seg = f->seg;

    if (z) {
        if (z->shared != rec)
            stop_sharing(z);
        seg.side = sender_side(z, pinfo, f);
        /* Zeek runs its timers before the packet, then asks whether it starts anew. */
        if (zk_conn_expire(z->zk, seg.time_ns) || zk_conn_reuse(z->zk, &seg)) {
            stop_sharing(z);
            z = NULL;
        }
    }
    if (!z) {
        z = new_record(pinfo, f, rec);
        seg.side = 0;
    }
    if (z->shared && seg.side == f->seg.side)
        return; /* rec's lifecycle feeds the shared state next */
    stop_sharing(z);
    zk_conn_segment(z->zk, &seg, f->srcport, f->dstport);

    bit_rank_set(apart, pinfo->num);
    frame_slot *slot = (frame_slot *)record_store_append(slots);
    slot->index = z->index;
    slot->history_len = z->zk->len;
    slot->lone_synack = z->zk->len == 1 && z->zk->history[0] == 'H';
    slot->conn_state = (guint8)zk_conn_state(z->zk);
}

/* The frame's Zeek connection and its verdict after the frame. */
static const zeek_record *zeek_of(const frame_record *frame, frame_slot *out)
{
    guint32 rank;
    if (bit_rank_get(apart, frame->frame, &rank)) {
        *out = *(const frame_slot *)record_store_at(slots, rank);
    } else {
        out->index = frame->conn->zeek_shared - 1;
        out->history_len = frame->history.len;
        out->lone_synack = (guint8)frame->history.lone_synack;
        out->conn_state = frame->res.conn_state;
    }
    return (const zeek_record *)record_store_at(records, out->index);
}

const zeek_record *zeek_conns_of(const frame_record *frame)
{
    frame_slot slot;
    return zeek_of(frame, &slot);
}

const char *zeek_conns_uid(wmem_allocator_t *scope, const zeek_record *z)
{
    return wmem_strdup_printf(scope, "C%u", z->first_frame);
}

/* client or server, as the frame's tcpconn connection names its ends. */
static const char *originator_name(const zeek_record *z, const conn_record *tcpconn)
{
    unsigned orig = z->zk->orig, client = tcpconn->conn.client;
    gboolean same = z->port[orig] == tcpconn->conn.port[client] &&
                    addresses_equal(z->addr[orig], tcpconn->addr[client]);
    return same ? "client" : "server";
}

static void add_generated(proto_item *item)
{
    proto_item_set_generated(item);
}

void zeek_conns_draw(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const frame_record *frame)
{
    frame_slot so_far;
    const zeek_record *z = zeek_of(frame, &so_far);
    const frame_slot *slot = &so_far;
    const conn_record *tcpconn = frame->conn;
    gboolean whole = capture_read_whole(pinfo);
    /* The strings are made only for a tree that keeps them. */
    const char *uid =
        whole || proto_field_is_referenced(tree, hf_uid) ? zeek_conns_uid(pinfo->pool, z) : "";
    const char *history = !proto_field_is_referenced(tree, hf_history_so_far) ? ""
                          : slot->lone_synack
                              ? "H"
                              : wmem_strndup(pinfo->pool, z->zk->history, slot->history_len);
    add_generated(proto_tree_add_string(tree, hf_uid, tvb, 0, 0, uid));
    add_generated(proto_tree_add_string(tree, hf_history_so_far, tvb, 0, 0, history));
    add_generated(proto_tree_add_string(tree, hf_state_so_far, tvb, 0, 0,
                                        tc_conn_state_token((tc_conn_state)slot->conn_state)));
    /* The rest is the whole connection: known once the first pass has read the capture. */
    if (!whole)
        return;
    const zk_conn *zk = z->zk;
    unsigned orig = zk->orig, resp = orig ^ 1u;
    tc_conn_state state = zk_conn_state(zk);
    proto_item *item =
        proto_tree_add_none_format(tree, hf_zeek, tvb, 0, 0, "Zeek connection %s: %s, history %s",
                                   uid, tc_conn_state_token(state), zk->len ? zk->history : "-");
    add_generated(item);
    proto_tree *sub = proto_item_add_subtree(item, ett_zeek);
    add_generated(proto_tree_add_string(sub, hf_state, tvb, 0, 0, tc_conn_state_token(state)));
    add_generated(proto_tree_add_string(sub, hf_history, tvb, 0, 0, zk->history));
    add_generated(
        proto_tree_add_string(sub, hf_originator, tvb, 0, 0, originator_name(z, tcpconn)));
    guint64 ns = zk_conn_duration_ns(zk);
    nstime_t duration = {(time_t)(ns / 1000000000u), (int)(ns % 1000000000u)};
    add_generated(proto_tree_add_time(sub, hf_duration, tvb, 0, 0, &duration));
    add_generated(proto_tree_add_uint64(sub, hf_orig_bytes, tvb, 0, 0, zk_endpoint_size(zk, orig)));
    add_generated(proto_tree_add_uint64(sub, hf_resp_bytes, tvb, 0, 0, zk_endpoint_size(zk, resp)));
    add_generated(proto_tree_add_uint(sub, hf_orig_pkts, tvb, 0, 0, zk->ep[orig].pkts));
    add_generated(proto_tree_add_uint(sub, hf_resp_pkts, tvb, 0, 0, zk->ep[resp].pkts));
}

void zeek_conns_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_uid,
         {"Zeek uid", "tcpconn.zeek.uid", FT_STRING, BASE_NONE, NULL, 0x0,
          "The Zeek connection (conn.log row) this segment belongs to: C and its first frame",
          HFILL}},
        {&hf_history_so_far,
         {"Zeek history so far", "tcpconn.zeek.so_far.history", FT_STRING, BASE_NONE, NULL, 0x0,
          "The Zeek connection's history after this segment", HFILL}},
        {&hf_state_so_far,
         {"Zeek conn_state so far", "tcpconn.zeek.so_far.conn_state", FT_STRING, BASE_NONE, NULL,
          0x0, "The Zeek connection's conn_state if the capture ended after this segment", HFILL}},
        {&hf_zeek,
         {"Zeek connection", "tcpconn.zeek", FT_NONE, BASE_NONE, NULL, 0x0,
          "The connection as Zeek cuts it, timers and reuse included (needs the whole capture)",
          HFILL}},
        {&hf_state,
         {"conn_state", "tcpconn.zeek.conn_state", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek conn_state of the Zeek connection", HFILL}},
        {&hf_history,
         {"History", "tcpconn.zeek.history", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek history of the Zeek connection", HFILL}},
        {&hf_originator,
         {"Originator", "tcpconn.zeek.originator", FT_STRING, BASE_NONE, NULL, 0x0,
          "The Zeek connection's originator, as tcpconn names the ends: client or server", HFILL}},
        {&hf_duration,
         {"Duration", "tcpconn.zeek.duration", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
          "Zeek's duration: first packet to the last one before both sides closed", HFILL}},
        {&hf_orig_bytes,
         {"Originator bytes", "tcpconn.zeek.orig_bytes", FT_UINT48, BASE_DEC, NULL, 0x0,
          "Zeek's orig_bytes: the sequence space sent, gaps included", HFILL}},
        {&hf_resp_bytes,
         {"Responder bytes", "tcpconn.zeek.resp_bytes", FT_UINT48, BASE_DEC, NULL, 0x0,
          "Zeek's resp_bytes: the sequence space sent, gaps included", HFILL}},
        {&hf_orig_pkts,
         {"Originator packets", "tcpconn.zeek.orig_pkts", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Zeek's orig_pkts: bad-checksum drops left out", HFILL}},
        {&hf_resp_pkts,
         {"Responder packets", "tcpconn.zeek.resp_pkts", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Zeek's resp_pkts: bad-checksum drops left out", HFILL}},
    };
    static gint *ett[] = {&ett_zeek};
    for (size_t i = 0; i < array_length(hf); i++) {
        const char *blurb = field_values_blurb(hf[i].hfinfo.abbrev);
        if (blurb)
            hf[i].hfinfo.blurb = blurb;
    }
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    current = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
    register_init_routine(open_file);
}
