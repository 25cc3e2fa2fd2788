/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connections of the open capture file (see conn_table.h).
 */
#include "connections/conn_table.h"

#include "input/capture_read.h"
#include "store/record_store.h"
#include "input/tcp_fields.h"
#include "connections/zeek_conns.h"
#include "connections/zeek_prefs.h"

/*
 * Per tcp.stream: its current connection's index plus one (0: none). TCP numbers its streams
 * from 0 as frames open them, so an array serves; a stream number past the frame's own
 * number (which no stream of TCP's reaches) goes to the map instead.
 */
static record_store *stream_slots;
static wmem_map_t *streams;
/* Per port pair (both addresses and ports, in either order): its latest connection. */
static wmem_map_t *port_pairs;
/* Every connection of the file, by the index frames refer to it with. */
static record_store *connections;

/* A port pair's two ends, the lower first, so that both directions make the same key. */
typedef struct {
    guint16 port[2];
    guint16 addr_len[2];
    guint8 addr_type[2];
    guint8 addr[]; /* the lower end's address, then the higher end's */
} pair_key;

static size_t pair_key_size(const pair_key *key)
{
    return offsetof(pair_key, addr) + key->addr_len[0] + key->addr_len[1];
}

static guint pair_key_hash(gconstpointer key)
{
    return wmem_strong_hash((const guint8 *)key, pair_key_size((const pair_key *)key));
}

static gboolean pair_key_equal(gconstpointer a, gconstpointer b)
{
    size_t size = pair_key_size((const pair_key *)a);
    return size == pair_key_size((const pair_key *)b) && memcmp(a, b, size) == 0;
}

static void open_file(void)
{
    connections = record_store_new(wmem_file_scope(), sizeof(conn_record), 256);
    stream_slots = record_store_new(wmem_file_scope(), sizeof(guint32), 4096);
    frame_store_open();
}

void conn_table_register(void)
{
    streams =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    port_pairs =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), pair_key_hash, pair_key_equal);
    register_init_routine(open_file);
}

/* The side that sent from src and srcport. */
static guint8 side_from(const conn_record *rec, guint16 srcport, guint16 dstport,
                        const address *src)
{
    if (srcport != dstport)
        return srcport == rec->conn.port[TC_SIDE_A] ? TC_SIDE_A : TC_SIDE_B;
    return addresses_equal(src, rec->addr_a) ? TC_SIDE_A : TC_SIDE_B;
}

static guint8 side_of(const conn_record *rec, const tcp_fields *f, packet_info *pinfo)
{
    return side_from(rec, f->srcport, f->dstport, &pinfo->src);
}

/* Made in the pool; kept in file scope only when inserted. */
static pair_key *pair_key_of(wmem_allocator_t *pool, const address *src, const address *dst,
                             guint16 srcport, guint16 dstport)
{
    const address *end[2] = {src, dst};
    guint16 port[2] = {srcport, dstport};
    int order = cmp_address(end[0], end[1]);
    int lo = order > 0 || (order == 0 && port[0] > port[1]) ? 1 : 0;
    pair_key *key = (pair_key *)wmem_alloc0(pool, offsetof(pair_key, addr) + (size_t)end[0]->len +
                                                      (size_t)end[1]->len);
    guint8 *addr = key->addr;
    for (int i = 0; i < 2; i++) {
        const address *a = end[lo ^ i];
        key->port[i] = port[lo ^ i];
        key->addr_len[i] = (guint16)a->len;
        key->addr_type[i] = (guint8)a->type;
        if (a->len)
            memcpy(addr, a->data, (size_t)a->len);
        addr += a->len;
    }
    return key;
}

static pair_key *port_pair_key(packet_info *pinfo, const tcp_fields *f)
{
    return pair_key_of(pinfo->pool, &pinfo->src, &pinfo->dst, f->srcport, f->dstport);
}

/* A connection on the port pair, after whatever connection used it before. */
static conn_record *new_connection(packet_info *pinfo, const tcp_fields *f, guint16 port_a,
                                   guint16 port_b, const address *addr_a)
{
    conn_record *rec = (conn_record *)record_store_append(connections);
    rec->index = record_store_count(connections) - 1;
    rec->addr_a = addr_a;
    tc_conn_init(&rec->conn, port_a, port_b);

    pair_key *pair = port_pair_key(pinfo, f);
    conn_record *previous = (conn_record *)wmem_map_lookup(port_pairs, pair);
    if (previous) {
        tc_conn_follow(&rec->conn, tc_conn_open(&previous->conn));
        rec->held = previous;
        /* The previous connection's story ends here, not at the end of the capture. */
        tc_conn_succeeded(&previous->conn, pinfo->num);
    } else {
        pair = (pair_key *)wmem_memdup(wmem_file_scope(), pair, pair_key_size(pair));
    }
    /* Over an equal key the map keeps the key it holds and takes the new value. */
    wmem_map_insert(port_pairs, pair, rec);
    return rec;
}

/* Stream 0 as a key that is not NULL. */
static gpointer stream_key(const tcp_fields *f)
{
    return GUINT_TO_POINTER(f->stream + 1);
}

static gboolean in_array(packet_info *pinfo, const tcp_fields *f)
{
    return f->stream < pinfo->num;
}

static conn_record *stream_conn(packet_info *pinfo, const tcp_fields *f)
{
    if (!in_array(pinfo, f))
        return (conn_record *)wmem_map_lookup(streams, stream_key(f));
    const guint32 *slot = (const guint32 *)record_store_at(stream_slots, f->stream);
    return slot && *slot ? (conn_record *)record_store_at(connections, *slot - 1) : NULL;
}

static void set_stream_conn(packet_info *pinfo, const tcp_fields *f, conn_record *rec)
{
    if (!in_array(pinfo, f)) {
        wmem_map_insert(streams, stream_key(f), rec);
        return;
    }
    while (record_store_count(stream_slots) <= f->stream)
        record_store_append(stream_slots);
    *(guint32 *)record_store_at(stream_slots, f->stream) = rec->index + 1;
}

/* Both addresses, and the flow's Community ID, from the stream's first segment. */
static void set_endpoints(conn_record *rec, packet_info *pinfo, const tcp_fields *f)
{
    address *addr[2] = {wmem_new(wmem_file_scope(), address), wmem_new(wmem_file_scope(), address)};
    copy_address_wmem(wmem_file_scope(), addr[TC_SIDE_A], &pinfo->src);
    copy_address_wmem(wmem_file_scope(), addr[TC_SIDE_B], &pinfo->dst);
    rec->addr[TC_SIDE_A] = addr[TC_SIDE_A];
    rec->addr[TC_SIDE_B] = addr[TC_SIDE_B];
    if ((pinfo->src.type == AT_IPv4 || pinfo->src.type == AT_IPv6) &&
        pinfo->src.type == pinfo->dst.type)
        tc_community_id((const guint8 *)pinfo->src.data, (const guint8 *)pinfo->dst.data,
                        (size_t)pinfo->src.len, TC_IPPROTO_TCP, f->srcport, f->dstport, 0,
                        rec->community_id);
}

/* The stream's segments and the port pair go to rec from this frame on. */
static void take_back(packet_info *pinfo, const tcp_fields *f, conn_record *rec)
{
    set_stream_conn(pinfo, f, rec);
    wmem_map_insert(port_pairs, port_pair_key(pinfo, f), rec);
}

/*
 * A SYN that repeats the one held's receiver answered with a challenge ACK: the connection that
 * SYN began takes it, and the port pair, over again. NULL for any other segment.
 */
static conn_record *pending_for(packet_info *pinfo, const tcp_fields *f, conn_record *held)
{
    conn_record *next = held ? held->pending : NULL;
    if (!next)
        return NULL;
    tc_segment seg = f->seg;
    seg.side = side_of(next, f, pinfo);
    if ((seg.flags & (TC_SYN | TC_ACK | TC_RST)) != TC_SYN || tc_conn_new_syn(&next->conn, &seg))
        return NULL;
    take_back(pinfo, f, next);
    tc_conn_succeeded(&held->conn, pinfo->num);
    return next;
}

/* The stream's current connection; its first one speaks from this segment's source as side A. */
static conn_record *stream_of(packet_info *pinfo, const tcp_fields *f)
{
    conn_record *rec = stream_conn(pinfo, f);
    /* Wireshark 4.4 and later give a SYN sent again after a RST a tcp.stream of its own. */
    if (!rec)
        rec = pending_for(pinfo, f,
                          (conn_record *)wmem_map_lookup(port_pairs, port_pair_key(pinfo, f)));
    if (!rec) {
        address *addr_a = NULL;
        /* Only a port pair with the same port at both ends needs the address to tell them apart. */
        if (f->srcport == f->dstport) {
            addr_a = wmem_new(wmem_file_scope(), address);
            copy_address_wmem(wmem_file_scope(), addr_a, &pinfo->src);
        }
        rec = new_connection(pinfo, f, f->srcport, f->dstport, addr_a);
        set_endpoints(rec, pinfo, f);
        set_stream_conn(pinfo, f, rec);
    }
    return rec;
}

/*
 * The connection a new SYN on rec's port pair begins: the one its first copy began, when
 * rec's receiver answered that with a challenge ACK, or else a new one.
 */
static conn_record *successor(packet_info *pinfo, const tcp_fields *f, conn_record *rec)
{
    conn_record *next = pending_for(pinfo, f, rec);
    if (next)
        return next;
    next =
        new_connection(pinfo, f, rec->conn.port[TC_SIDE_A], rec->conn.port[TC_SIDE_B], rec->addr_a);
    /* The same port pair: the same endpoints and Community ID. */
    next->addr[TC_SIDE_A] = rec->addr[TC_SIDE_A];
    next->addr[TC_SIDE_B] = rec->addr[TC_SIDE_B];
    memcpy(next->community_id, rec->community_id, sizeof next->community_id);
    set_stream_conn(pinfo, f, next);
    return next;
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
    f.seg.bad_checksum = zeek_prefs_checksum_bad(pinfo, &f);
    conn_record *rec = stream_of(pinfo, &f);
    f.seg.side = side_of(rec, &f, pinfo);
    conn_record *challenged = NULL;
    if (tc_conn_new_syn(&rec->conn, &f.seg)) {
        rec = successor(pinfo, &f, rec);
    } else if (rec->held && tc_conn_challenge_ack(&rec->held->conn, &rec->conn, &f.seg)) {
        challenged = rec;
        rec = rec->held;
        rec->pending = challenged;
        take_back(pinfo, &f, rec);
    }
    zeek_conns_feed(pinfo, &f, rec);
    if (challenged)
        tc_conn_segment_challenge(&rec->conn, &challenged->conn, &f.seg, &res);
    else
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
    frame_kind kind = frame_store_get(pinfo->num, &out->res, &index, &out->history);
    if (kind != FRAME_SEGMENT)
        return kind;
    out->frame = pinfo->num;
    out->conn = (const conn_record *)record_store_at(connections, index);
    /* Taps run after the frame is marked visited: they read this instead. */
    out->whole_capture = capture_read_whole(pinfo);
    out->numbers_known = FALSE;
    return kind;
}

const char *conn_table_history(wmem_allocator_t *scope, const frame_record *frame)
{
    return frame->history.lone_synack
               ? "H"
               : wmem_strndup(scope, frame->conn->conn.zeek.history, frame->history.len);
}

conn_record *conn_table_find(packet_info *pinfo, const address *src, const address *dst,
                             guint16 srcport, guint16 dstport, guint8 *side)
{
    conn_record *rec = (conn_record *)wmem_map_lookup(
        port_pairs, pair_key_of(pinfo->pool, src, dst, srcport, dstport));
    if (rec)
        *side = side_from(rec, srcport, dstport, src);
    return rec;
}
