/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the tcp.* fields Wireshark's TCP dissector already produced.
 *
 * The fields are the post-dissector's wanted fields during the first pass of each capture
 * file, in every front end. TCP's tap data (struct tcpheader) cannot replace them: tshark -2's
 * first pass and sharkd's load queue no tap, and where the tap is queued (tshark's single
 * pass, the GUI's first pass) TCP queues it only once its header, options included, is
 * dissected, so a header whose options are cut short or malformed has its fields but no tap
 * data. The fields stay wanted once the first pass is over: epan primes them only for a
 * frame not yet visited, so later passes (which draw what the first kept) pay nothing for
 * them, and the GUI's re-dissection decides whether to build a tree from them before it
 * starts the new session's first pass.
 *
 * A frame may hold several TCP headers: the outermost one is the frame's own
 * segment; an ICMP error quotes the header of another connection's segment,
 * which must not be mistaken for a segment of that connection.
 */
#include "input/tcp_fields.h"

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
    F_WSCALE,
    /* An ICMP error's, read only in the frames that hold one. */
    F_ICMP_TYPE,
    F_ICMP_CODE,
    F_ICMP_MTU,
    F_ICMPV6_TYPE,
    F_ICMPV6_CODE,
    F_ICMPV6_MTU,
    F_COUNT
};
/* Every field before F_CHECKSUM must be there; the checksum status is there only when checked,
 * the IP length in its own IP version, the window scale shift in a SYN that has the option. */
#define F_REQUIRED F_CHECKSUM
static const char *const field_names[F_COUNT] = {
    "tcp.stream",
    "tcp.srcport",
    "tcp.dstport",
    "tcp.flags",
    "tcp.seq_raw",
    "tcp.ack_raw",
    "tcp.len",
    "tcp.window_size_value",
    "tcp.checksum.status",
    "ip.len",
    "ipv6.plen",
    "tcp.hdr_len",
    "tcp.options.wscale.shift",
    "icmp.type",
    "icmp.code",
    "icmp.mtu",
    "icmpv6.type",
    "icmpv6.code",
    "icmpv6.mtu",
};
/* Without the ICMP fields, tcpconn still labels every segment. */
#define F_FIRST_OPTIONAL_FOR_LABELS F_ICMP_TYPE
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

static gboolean switched_on(void)
{
    int proto = dissector_handle_get_protocol_index(wanting);
    return proto < 0 || proto_is_protocol_enabled(find_protocol_by_id(proto));
}

/*
 * Set the wanted fields (epan takes the array and frees the one it held). Switched off, tcpconn
 * wants none: epan primes wanted fields, and builds a tree for them, whether their
 * post-dissector is enabled or not.
 */
static void want(void)
{
    if (fields_unusable)
        return;
    if (!switched_on()) {
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

/*
 * The GUI decides whether a re-dissection builds a tree before the new session starts, from
 * the fields wanted then: after tcpconn is switched on again, none. It asks once more after
 * the start, for a tap listener with a filter: one, on a tap of its own that nothing queues,
 * gets the first pass of that session the tree the fields need.
 */
static gboolean tree_asked;
static gboolean was_off;

static void ask_for_tree(gboolean ask)
{
    if (ask == tree_asked)
        return;
    if (!ask) {
        remove_tap_listener(&tree_asked);
        tree_asked = FALSE;
        return;
    }
    GString *error = register_tap_listener("tcpconn.tree", &tree_asked, "frame",
                                           TL_IS_DISSECTOR_HELPER, NULL, NULL, NULL, NULL);
    if (error) {
        ws_warning("tcpconn: %s", error->str);
        g_string_free(error, TRUE);
        return;
    }
    tree_asked = TRUE;
}

/* Each dissection session's first pass; made again, as the preferences may have changed. */
static void session_started(void)
{
    gboolean on = switched_on();
    ask_for_tree(on && was_off);
    was_off = !on;
    want();
}

void tcp_fields_want(dissector_handle_t handle)
{
    for (int i = 0; i < F_COUNT; i++) {
        field_ids[i] = proto_registrar_get_id_byname(field_names[i]);
        /* A Wireshark whose TCP dissector changed a field: say so once and label nothing,
         * rather than read a value of another type. */
        if (!is_uint32_field(field_ids[i]) && i < F_FIRST_OPTIONAL_FOR_LABELS) {
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
    want();
    register_tap("tcpconn.tree");
    register_init_routine(session_started);
}

/* The IP header that carries the TCP header: its field and which of that field's layers. */
typedef struct {
    int field; /* F_IP_LEN or F_IPV6_PLEN; F_COUNT when none */
    guint8 layer;
} ip_layer;

/*
 * The first transport layer decides: TCP itself, or an ICMP error quoting TCP. ip is the IP
 * header that carries the TCP header; for a quoted one, icmp is the header that carries the
 * ICMP error (its source reported it) and v6 says whether the error is ICMPv6.
 */
static tcp_fields_status first_transport(packet_info *pinfo, ip_layer *ip, ip_layer *icmp,
                                         gboolean *v6)
{
    gboolean in_icmp = FALSE;
    guint8 ipv4 = 0, ipv6 = 0;
    ip->field = icmp->field = F_COUNT;
    ip->layer = icmp->layer = 0;
    *v6 = FALSE;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (id == proto_tcp)
            return in_icmp ? TCP_FIELDS_QUOTED : TCP_FIELDS_OK;
        if (!in_icmp && (id == proto_icmp || id == proto_icmpv6)) {
            in_icmp = TRUE;
            *icmp = *ip;
            *v6 = id == proto_icmpv6;
        }
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

/* The IP header's length field of that layer. */
static field_info *ip_length_field(proto_tree *tree, const ip_layer *ip)
{
    GPtrArray *found = proto_get_finfo_ptr_array(tree, field_ids[ip->field]);
    for (guint i = 0; found && i < found->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(found, i);
        if (fi->proto_layer_num == ip->layer)
            return fi;
    }
    return NULL;
}

/* Zeek's IP_Hdr::TotalLen of the carrying header: the IPv4 total length, or the IPv6 payload
 * length plus its fixed header. */
static guint32 ip_total_len(proto_tree *tree, const ip_layer *ip)
{
    if (ip->field == F_COUNT || field_ids[ip->field] < 0)
        return 0;
    field_info *fi = ip_length_field(tree, ip);
    return fi ? TC_FIELD_UINT(fi) + (ip->field == F_IPV6_PLEN ? 40u : 0u) : 0;
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

/* The field's first value in the frame, in whichever layer. */
static gboolean first_any(proto_tree *tree, int field, guint32 *out)
{
    if (field_ids[field] < 0 || !is_uint32_field(field_ids[field]))
        return FALSE;
    GPtrArray *found = proto_get_finfo_ptr_array(tree, field_ids[field]);
    if (!found || found->len == 0)
        return FALSE;
    *out = TC_FIELD_UINT((field_info *)g_ptr_array_index(found, 0));
    return TRUE;
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

tcp_fields_status tcp_fields_read(packet_info *pinfo, proto_tree *tree, tcp_fields *out)
{
    guint32 v[F_COUNT];
    if (fields_unusable)
        return TCP_FIELDS_ABSENT;
    ip_layer ip, icmp;
    gboolean v6;
    tcp_fields_status status = first_transport(pinfo, &ip, &icmp, &v6);
    if (status != TCP_FIELDS_OK)
        return status;
    for (int i = 0; i < F_REQUIRED; i++) {
        if (!first_value(tree, i, &v[i]))
            return TCP_FIELDS_INCOMPLETE;
    }
    if (!first_value(tree, F_CHECKSUM, &v[F_CHECKSUM]))
        v[F_CHECKSUM] = PROTO_CHECKSUM_E_UNVERIFIED;
    if (!first_value(tree, F_HDR_LEN, &v[F_HDR_LEN]))
        v[F_HDR_LEN] = 0;
    gboolean wscale = first_value(tree, F_WSCALE, &v[F_WSCALE]);
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
    out->seg.wscale_opt = wscale ? (guint8)(MIN(v[F_WSCALE], 254u) + 1u) : 0;
    out->seg.bad_checksum = v[F_CHECKSUM] == PROTO_CHECKSUM_E_BAD;
    out->seg.ip_len = ip_total_len(tree, &ip);
    out->seg.time_ns = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;
    return TCP_FIELDS_OK;
}

/* Source (which 0) or destination (1) address of that IP header, read from its bytes: from its
 * length field, the IPv4 source is 10 bytes on and the IPv6 source 4. */
static gboolean ip_address(proto_tree *tree, const ip_layer *ip, int which, wmem_allocator_t *pool,
                           address *out)
{
    field_info *len = ip_length_field(tree, ip);
    if (!len)
        return FALSE;
    gboolean v6 = ip->field == F_IPV6_PLEN;
    gint size = v6 ? 16 : 4;
    gint offset = len->start + (v6 ? 4 : 10) + which * size;
    if (!tvb_bytes_exist(len->ds_tvb, offset, size))
        return FALSE;
    alloc_address_wmem(pool, out, v6 ? AT_IPv6 : AT_IPv4, size,
                       tvb_memdup(pool, len->ds_tvb, offset, size));
    return TRUE;
}

gboolean tcp_fields_read_quoted(packet_info *pinfo, proto_tree *tree, quoted_fields *out)
{
    ip_layer quoted, carrier;
    gboolean v6;
    memset(out, 0, sizeof *out);
    if (fields_unusable || first_transport(pinfo, &quoted, &carrier, &v6) != TCP_FIELDS_QUOTED ||
        carrier.field == F_COUNT || quoted.field == F_COUNT)
        return FALSE;
    guint32 type, code, mtu;
    if (!first_any(tree, v6 ? F_ICMPV6_TYPE : F_ICMP_TYPE, &type) ||
        !first_any(tree, v6 ? F_ICMPV6_CODE : F_ICMP_CODE, &code))
        return FALSE;
    if (!ip_address(tree, &carrier, 0, pinfo->pool, &out->reporter) ||
        !ip_address(tree, &quoted, 0, pinfo->pool, &out->src) ||
        !ip_address(tree, &quoted, 1, pinfo->pool, &out->dst))
        return FALSE;
    /* The quoted header's bytes: ports and sequence number are in every quote, the flags only
     * in one that reaches them. */
    const field_info *port = first_field(tree, F_SRCPORT);
    if (!port || !tvb_bytes_exist(port->ds_tvb, port->start, 8))
        return FALSE;
    out->v6 = v6;
    out->type = (guint8)type;
    out->code = (guint8)code;
    out->mtu = first_any(tree, v6 ? F_ICMPV6_MTU : F_ICMP_MTU, &mtu) ? mtu : 0;
    out->srcport = tvb_get_ntohs(port->ds_tvb, port->start);
    out->dstport = tvb_get_ntohs(port->ds_tvb, port->start + 2);
    out->seq = tvb_get_ntohl(port->ds_tvb, port->start + 4);
    out->flags_known = tvb_bytes_exist(port->ds_tvb, port->start + 12, 2);
    if (out->flags_known)
        out->flags = tvb_get_ntohs(port->ds_tvb, port->start + 12) & 0x0fffu;
    return TRUE;
}
