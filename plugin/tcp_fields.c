/*
 * Reading what Wireshark's TCP dissector already produced: its tap data (struct tcpheader)
 * where the tap queue is filled, its tcp.* fields otherwise.
 *
 * The fields are the post-dissector's wanted fields during the first pass of each capture
 * file, in every front end: tshark -2's first pass and sharkd's load queue no tap, and where
 * the tap is queued (tshark's single pass, the GUI's first pass) TCP queues it only once its
 * header, options included, is dissected: a header whose options are cut short or malformed
 * has its fields but no tap data, and it is labelled from the fields in every mode. Once the
 * first pass is over no field is wanted: later passes draw what it kept.
 *
 * Where the tap data is queued it is read first (fetch_tapped_data(), during the dissection;
 * a listener registered with TL_IS_DISSECTOR_HELPER keeps the queue filled without asking for
 * dissection or a tree), with the IP length from the IP dissectors' tap data: fewer lookups
 * than the fields'.
 *
 * A frame may hold several TCP headers: the outermost one is the frame's own
 * segment; an ICMP error quotes the header of another connection's segment,
 * which must not be mistaken for a segment of that connection.
 */
#include "tcp_fields.h"

#include <epan/dissectors/packet-ip.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/prefs-int.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "ws_compat.h"

/* Every field read, listed once; the order is the enum's. */
enum {
    F_STREAM,
    F_SRCPORT,
    F_DSTPORT,
    F_FLAGS,
    F_SEQ,
    F_ACK,
    F_LEN,
    F_WINDOW,
    F_CHECKSUM,
    F_IP_LEN,
    F_IPV6_PLEN,
    F_HDR_LEN,
    F_COUNT
};
/* Every field before F_CHECKSUM must be there; the checksum status is there only when checked,
 * and the IP length in its own IP version. */
#define F_REQUIRED F_CHECKSUM
static const char *const field_names[F_COUNT] = {
    "tcp.stream",          "tcp.srcport", "tcp.dstport", "tcp.flags",
    "tcp.seq_raw",         "tcp.ack_raw", "tcp.len",     "tcp.window_size_value",
    "tcp.checksum.status", "ip.len",      "ipv6.plen",   "tcp.hdr_len",
};
static int field_ids[F_COUNT];
static int proto_tcp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;
static int proto_ip = -1;
static int proto_ipv6 = -1;

/* Set when a field this plugin reads is missing or not an unsigned integer of up to 32 bits. */
static gboolean fields_unusable;

/* The post-dissector whose wanted fields these are. */
static dissector_handle_t wanting;
/* The taps read during the dissection; -1 when this Wireshark has none of that name. */
static int tcp_tap = -1;
static int ip_tap = -1;
static int ipv6_tap = -1;
/* A tap with no listener, queued to learn whether the tap queue is being filled. */
static int probe_tap = -1;
static const char probe_mark = 0;
/* Whether the fields are wanted now: during a first pass. */
static gboolean wanted_now;

static gboolean is_uint32_field(int id)
{
    if (id < 0)
        return FALSE;
    enum ftenum type = proto_registrar_get_ftype(id);
    return type == FT_UINT8 || type == FT_UINT16 || type == FT_UINT24 || type == FT_UINT32;
}

/* Whether Wireshark's TCP dissector checks checksums (tcp.check_checksum), so that its
 * verdict is in tcp.checksum.status. */
static gboolean tcp_checks_checksums(void)
{
    module_t *tcp = prefs_find_module("tcp");
    pref_t *check = tcp ? prefs_find_preference(tcp, "check_checksum") : NULL;
    return check && prefs_get_bool_value(check, pref_current);
}

/* Set the wanted fields, or none (epan takes the array and frees the one it held). */
static void want(gboolean all)
{
    if (fields_unusable)
        return;
    wanted_now = all;
    if (!all) {
        set_postdissector_wanted_hfids(wanting, NULL);
        return;
    }
    GArray *wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), F_COUNT);
    /* tcp.checksum.status says more than "unverified" only when Wireshark checks. */
    for (int i = 0; i < F_COUNT; i++) {
        if (field_ids[i] >= 0 && (i != F_CHECKSUM || tcp_checks_checksums()))
            g_array_append_val(wanted, field_ids[i]);
    }
    set_postdissector_wanted_hfids(wanting, wanted);
}

/* Each capture file's first pass; made again, as the preferences may have changed. */
static void file_opened(void)
{
    want(TRUE);
}

/* The first pass is over: later passes draw what it kept, and read no tcp.* field. */
static void first_pass_over(void)
{
    if (wanted_now)
        want(FALSE);
}

static int tap_id(const char *name)
{
    int id = find_tap_id(name);
    return id ? id : -1;
}

void tcp_fields_want(dissector_handle_t handle)
{
    for (int i = 0; i < F_COUNT; i++) {
        field_ids[i] = proto_registrar_get_id_byname(field_names[i]);
        /* A Wireshark whose TCP dissector changed a field: say so once and label nothing,
         * rather than read a value of another type. */
        if (!is_uint32_field(field_ids[i])) {
            ws_warning("tcpconn: this Wireshark has no unsigned integer field %s; tcpconn labels "
                       "nothing (see README, Supported Wireshark versions)",
                       field_names[i]);
            fields_unusable = TRUE;
        }
    }
    wanting = handle;
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    proto_ip = proto_get_id_by_filter_name("ip");
    proto_ipv6 = proto_get_id_by_filter_name("ipv6");
    tcp_tap = tap_id("tcp");
    ip_tap = tap_id("ip");
    ipv6_tap = tap_id("ipv6");
    probe_tap = register_tap("tcpconn.probe");
    /* One listener on TCP's tap, with no callback: it only keeps the queue filled. */
    if (tcp_tap >= 0) {
        GString *error = register_tap_listener("tcp", &tcp_tap, NULL, TL_IS_DISSECTOR_HELPER, NULL,
                                               NULL, NULL, NULL);
        if (error) {
            ws_warning("tcpconn: %s", error->str);
            g_string_free(error, TRUE);
            tcp_tap = -1;
        }
    }
    want(TRUE);
    register_init_routine(file_opened);
    register_postseq_cleanup_routine(first_pass_over);
}

/* The IP header that carries the TCP header: its field and which of that field's layers. */
typedef struct {
    int field; /* F_IP_LEN or F_IPV6_PLEN; F_COUNT when none */
    guint8 layer;
} ip_layer;

/* The first transport layer decides: TCP itself, or an ICMP error quoting TCP. */
static tcp_fields_status first_transport(packet_info *pinfo, ip_layer *ip)
{
    gboolean in_icmp = FALSE;
    guint8 ipv4 = 0, ipv6 = 0;
    ip->field = F_COUNT;
    ip->layer = 0;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (id == proto_tcp)
            return in_icmp ? TCP_FIELDS_QUOTED : TCP_FIELDS_OK;
        if (id == proto_icmp || id == proto_icmpv6)
            in_icmp = TRUE;
        if (id == proto_ip) {
            ip->field = F_IP_LEN;
            ip->layer = ++ipv4;
        } else if (id == proto_ipv6) {
            ip->field = F_IPV6_PLEN;
            ip->layer = ++ipv6;
        }
    }
    return TCP_FIELDS_ABSENT;
}

/* Zeek's IP_Hdr::TotalLen of the carrying header: the IPv4 total length, or the IPv6 payload
 * length plus its fixed header. */
static guint32 ip_total_len(proto_tree *tree, const ip_layer *ip)
{
    if (ip->field == F_COUNT || field_ids[ip->field] < 0)
        return 0;
    GPtrArray *found = proto_get_finfo_ptr_array(tree, field_ids[ip->field]);
    for (guint i = 0; found && i < found->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(found, i);
        if (fi->proto_layer_num == ip->layer)
            return TC_FIELD_UINT(fi) + (ip->field == F_IPV6_PLEN ? 40u : 0u);
    }
    return 0;
}

/* The field in the first TCP header of the frame, if that header has it. */
static field_info *first_field(proto_tree *tree, int field)
{
    GPtrArray *found = proto_get_finfo_ptr_array(tree, field_ids[field]);
    if (!found || found->len == 0)
        return NULL;
    field_info *fi = (field_info *)g_ptr_array_index(found, 0);
    return fi->proto_layer_num == 1 ? fi : NULL;
}

/* The field's value in the first TCP header of the frame, if that header has it. */
static gboolean first_value(proto_tree *tree, int field, guint32 *out)
{
    field_info *fi = first_field(tree, field);
    if (!fi)
        return FALSE;
    *out = TC_FIELD_UINT(fi);
    return TRUE;
}

/* Whether the tap queue is being filled for this dissection. */
static gboolean tapping(packet_info *pinfo)
{
    tap_queue_packet(probe_tap, pinfo, &probe_mark);
    return fetch_tapped_data(probe_tap, 0) == &probe_mark;
}

/* The IP length from the carrying IP header's tap data (the n-th of its version). */
static guint32 ip_total_len_tapped(const ip_layer *ip, const struct tcpheader *th)
{
    if (ip->field == F_IP_LEN && ip_tap >= 0) {
        const ws_ip4 *h = (const ws_ip4 *)fetch_tapped_data(ip_tap, ip->layer - 1);
        if (h && addresses_equal(&h->ip_src, &th->ip_src) &&
            addresses_equal(&h->ip_dst, &th->ip_dst))
            return h->ip_len;
    } else if (ip->field == F_IPV6_PLEN && ipv6_tap >= 0) {
        const ws_ip6 *h = (const ws_ip6 *)fetch_tapped_data(ipv6_tap, ip->layer - 1);
        if (h && addresses_equal(&h->ip6_src, &th->ip_src) &&
            addresses_equal(&h->ip6_dst, &th->ip_dst))
            return h->ip6_len + 40u;
    }
    return 0;
}

/* The segment from TCP's tap data, and from the fields wanted beside it. */
static tcp_fields_status read_tapped(packet_info *pinfo, proto_tree *tree, const ip_layer *ip,
                                     const struct tcpheader *th, tcp_fields *out)
{
    /* No tcp.len: the header is longer than the IP payload. */
    if (!th->th_have_seglen)
        return TCP_FIELDS_INCOMPLETE;
    memset(out, 0, sizeof *out);
    guint32 status = PROTO_CHECKSUM_E_UNVERIFIED;
    if (tree) {
        const field_info *port = first_field(tree, F_SRCPORT);
        if (port) {
            out->tvb = port->ds_tvb;
            out->offset = port->start;
        }
        if (!first_value(tree, F_CHECKSUM, &status))
            status = PROTO_CHECKSUM_E_UNVERIFIED;
    }
    out->hdr_len = th->th_hlen;
    out->checksum_checked = status == PROTO_CHECKSUM_E_GOOD || status == PROTO_CHECKSUM_E_BAD;
    out->stream = th->th_stream;
    out->srcport = th->th_sport;
    out->dstport = th->th_dport;
    out->seg.frame = pinfo->num;
    out->seg.flags = th->th_flags;
    out->seg.seq = th->th_rawseq;
    out->seg.ack = th->th_rawack;
    out->seg.len = th->th_seglen;
    /* Scaled when the scale is known; only whether it is zero is read (Zeek's W). */
    out->seg.window = th->th_win;
    out->seg.bad_checksum = status == PROTO_CHECKSUM_E_BAD;
    out->seg.ip_len = ip_total_len_tapped(ip, th);
    /* Not the carrying header's (tunnels): the IP field of its layer. */
    if (!out->seg.ip_len && tree)
        out->seg.ip_len = ip_total_len(tree, ip);
    out->seg.time_ns = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;
    return TCP_FIELDS_OK;
}

tcp_fields_status tcp_fields_read(packet_info *pinfo, proto_tree *tree, tcp_fields *out)
{
    guint32 v[F_COUNT];
    if (fields_unusable)
        return TCP_FIELDS_ABSENT;
    ip_layer ip;
    tcp_fields_status status = first_transport(pinfo, &ip);
    if (status != TCP_FIELDS_OK)
        return status;
    if (tcp_tap >= 0 && tapping(pinfo)) {
        /* The outermost TCP header is queued first: TCP queues it before its payload. */
        const struct tcpheader *th = (const struct tcpheader *)fetch_tapped_data(tcp_tap, 0);
        if (th)
            return read_tapped(pinfo, tree, &ip, th, out);
        /* Not queued: TCP gave up before the header's end (options cut short or malformed,
         * a bad header length); the fields say how far it got. */
    }
    for (int i = 0; i < F_REQUIRED; i++) {
        if (!first_value(tree, i, &v[i]))
            return TCP_FIELDS_INCOMPLETE;
    }
    if (!first_value(tree, F_CHECKSUM, &v[F_CHECKSUM]))
        v[F_CHECKSUM] = PROTO_CHECKSUM_E_UNVERIFIED;
    if (!first_value(tree, F_HDR_LEN, &v[F_HDR_LEN]))
        v[F_HDR_LEN] = 0;
    memset(out, 0, sizeof *out);
    /* The source port is the header's first field. */
    const field_info *port = first_field(tree, F_SRCPORT);
    out->tvb = port->ds_tvb;
    out->offset = port->start;
    out->hdr_len = v[F_HDR_LEN];
    out->checksum_checked =
        v[F_CHECKSUM] == PROTO_CHECKSUM_E_GOOD || v[F_CHECKSUM] == PROTO_CHECKSUM_E_BAD;
    out->stream = v[F_STREAM];
    out->srcport = (guint16)v[F_SRCPORT];
    out->dstport = (guint16)v[F_DSTPORT];
    out->seg.frame = pinfo->num;
    out->seg.flags = (guint16)v[F_FLAGS];
    out->seg.seq = v[F_SEQ];
    out->seg.ack = v[F_ACK];
    out->seg.len = v[F_LEN];
    out->seg.window = v[F_WINDOW];
    out->seg.bad_checksum = v[F_CHECKSUM] == PROTO_CHECKSUM_E_BAD;
    out->seg.ip_len = ip_total_len(tree, &ip);
    out->seg.time_ns = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;
    return TCP_FIELDS_OK;
}
