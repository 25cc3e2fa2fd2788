/*
 * The connections of the open capture file (see conn_table.h).
 */
#include "conn_table.h"

#include <epan/to_str.h>

#include "tcp_fields.h"

const frame_record conn_table_quoted;
const frame_record conn_table_incomplete;

/* Per tcp.stream: its current connection and which address speaks as side A. */
typedef struct {
    conn_record *current;
    address addr_a;
    guint16 port_a;
} stream_state;

static wmem_map_t *streams;
/* Per port pair (both addresses and ports, in either order): its latest connection. */
static wmem_map_t *port_pairs;

void conn_table_register(void)
{
    streams =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    port_pairs =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
}

static guint8 side_of(const stream_state *st, const tcp_fields *f, packet_info *pinfo)
{
    if (f->srcport != f->dstport)
        return f->srcport == st->port_a ? TC_SIDE_A : TC_SIDE_B;
    return addresses_equal(&pinfo->src, &st->addr_a) ? TC_SIDE_A : TC_SIDE_B;
}

/* The same key for both directions of a port pair. */
static const char *port_pair_key(packet_info *pinfo, const tcp_fields *f)
{
    const char *src = address_to_str(pinfo->pool, &pinfo->src);
    const char *dst = address_to_str(pinfo->pool, &pinfo->dst);
    int order = strcmp(src, dst);
    if (order > 0 || (order == 0 && f->srcport > f->dstport))
        return wmem_strdup_printf(wmem_file_scope(), "%s %u %s %u", dst, f->dstport, src,
                                  f->srcport);
    return wmem_strdup_printf(wmem_file_scope(), "%s %u %s %u", src, f->srcport, dst, f->dstport);
}

/* A connection on the port pair, after whatever connection used it before. */
static conn_record *new_connection(packet_info *pinfo, const tcp_fields *f, guint16 port_a,
                                   guint16 port_b)
{
    conn_record *rec = wmem_new0(wmem_file_scope(), conn_record);
    tc_conn_init(&rec->conn, port_a, port_b);
    rec->history = "";

    const char *pair = port_pair_key(pinfo, f);
    const conn_record *previous = (const conn_record *)wmem_map_lookup(port_pairs, pair);
    if (previous)
        tc_conn_follow(&rec->conn, tc_conn_open(&previous->conn));
    wmem_map_insert(port_pairs, pair, rec);
    return rec;
}

static stream_state *stream_of(packet_info *pinfo, const tcp_fields *f)
{
    gpointer key = GUINT_TO_POINTER(f->stream + 1);
    stream_state *st = (stream_state *)wmem_map_lookup(streams, key);
    if (!st) {
        st = wmem_new0(wmem_file_scope(), stream_state);
        copy_address_wmem(wmem_file_scope(), &st->addr_a, &pinfo->src);
        st->port_a = f->srcport;
        st->current = new_connection(pinfo, f, f->srcport, f->dstport);
        wmem_map_insert(streams, key, st);
    }
    return st;
}

const frame_record *conn_table_analyse(packet_info *pinfo, proto_tree *tree)
{
    tcp_fields f;
    switch (tcp_fields_read(pinfo, tree, &f)) {
    case TCP_FIELDS_ABSENT:
        return NULL;
    case TCP_FIELDS_QUOTED:
        return &conn_table_quoted;
    case TCP_FIELDS_INCOMPLETE:
        return &conn_table_incomplete;
    case TCP_FIELDS_OK:
        break;
    }
    stream_state *st = stream_of(pinfo, &f);
    f.seg.side = side_of(st, &f, pinfo);
    if (tc_conn_new_syn(&st->current->conn, &f.seg))
        st->current = new_connection(pinfo, &f, st->current->conn.port[TC_SIDE_A],
                                     st->current->conn.port[TC_SIDE_B]);

    conn_record *rec = st->current;
    frame_record *frame = wmem_new(wmem_file_scope(), frame_record);
    tc_conn_segment(&rec->conn, &f.seg, &frame->res);
    if (frame->res.history_version != rec->history_version) {
        rec->history = wmem_strdup(wmem_file_scope(), rec->conn.zeek.history);
        rec->history_version = frame->res.history_version;
    }
    frame->conn = rec;
    frame->history = rec->history;
    return frame;
}
