/*
 * The connections of the open capture file (see conn_table.h).
 */
#include "conn_table.h"

#include <epan/to_str.h>

#include "record_store.h"
#include "tcp_fields.h"

/* Per tcp.stream: its current connection and which address speaks as side A. */
typedef struct {
    conn_record *current;
    address addr_a;
    guint16 port_a;
} stream_state;

static wmem_map_t *streams;
/* Per port pair (both addresses and ports, in either order): its latest connection. */
static wmem_map_t *port_pairs;
/* Every connection of the file, by the index frames refer to it with. */
static record_store *connections;

static void open_file(void)
{
    connections = record_store_new(wmem_file_scope(), sizeof(conn_record), 256);
    frame_store_open();
}

void conn_table_register(void)
{
    streams =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    port_pairs =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_str_hash, g_str_equal);
    register_init_routine(open_file);
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
    conn_record *rec = (conn_record *)record_store_append(connections);
    rec->index = record_store_count(connections) - 1;
    tc_conn_init(&rec->conn, port_a, port_b);

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

static frame_kind kind_of(tcp_fields_status status)
{
    switch (status) {
    case TCP_FIELDS_QUOTED:
        return FRAME_QUOTED;
    case TCP_FIELDS_INCOMPLETE:
        return FRAME_INCOMPLETE;
    case TCP_FIELDS_OK:
        return FRAME_SEGMENT;
    default:
        return FRAME_NO_TCP;
    }
}

void conn_table_analyse(packet_info *pinfo, proto_tree *tree)
{
    tcp_fields f;
    tc_result res;
    history_ref history = {0, FALSE};
    frame_kind kind = kind_of(tcp_fields_read(pinfo, tree, &f));
    if (kind == FRAME_NO_TCP)
        return;
    if (kind != FRAME_SEGMENT) {
        frame_store_put(pinfo->num, kind, NULL, 0, history);
        return;
    }
    stream_state *st = stream_of(pinfo, &f);
    f.seg.side = side_of(st, &f, pinfo);
    if (tc_conn_new_syn(&st->current->conn, &f.seg))
        st->current = new_connection(pinfo, &f, st->current->conn.port[TC_SIDE_A],
                                     st->current->conn.port[TC_SIDE_B]);

    conn_record *rec = st->current;
    tc_conn_segment(&rec->conn, &f.seg, &res);
    /* Zeek's history only grows, except that a lone "H" becomes "^h": a frame's history is
     * a prefix of its connection's. */
    history.len = rec->conn.zeek.len;
    history.lone_synack = history.len == 1 && rec->conn.zeek.history[0] == 'H';
    frame_store_put(pinfo->num, kind, &res, rec->index, history);
}

frame_kind conn_table_lookup(packet_info *pinfo, frame_record *out)
{
    guint32 index = 0;
    history_ref history;
    frame_kind kind = frame_store_get(pinfo->num, &out->res, &index, &history);
    if (kind != FRAME_SEGMENT)
        return kind;
    out->conn = (const conn_record *)record_store_at(connections, index);
    out->history = history.lone_synack
                       ? "H"
                       : wmem_strndup(pinfo->pool, out->conn->conn.zeek.history, history.len);
    return kind;
}
