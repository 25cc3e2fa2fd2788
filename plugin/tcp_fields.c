/*
 * Reading the tcp.* fields Wireshark's TCP dissector already produced.
 *
 * A frame may hold several TCP headers: the outermost one is the frame's own
 * segment; an ICMP error quotes the header of another connection's segment,
 * which must not be mistaken for a segment of that connection.
 */
#include "tcp_fields.h"

#include <epan/proto.h>

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
    F_COUNT
};
/* Every field before F_CHECKSUM must be there; the checksum status is there only when checked. */
#define F_REQUIRED F_CHECKSUM
static const char *const field_names[F_COUNT] = {
    "tcp.stream",  "tcp.srcport", "tcp.dstport",           "tcp.flags",           "tcp.seq_raw",
    "tcp.ack_raw", "tcp.len",     "tcp.window_size_value", "tcp.checksum.status",
};
static int field_ids[F_COUNT];
static int proto_tcp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

/* Set when a field this plugin reads is missing or not an unsigned integer of up to 32 bits. */
static gboolean fields_unusable;

static gboolean is_uint32_field(int id)
{
    if (id < 0)
        return FALSE;
    enum ftenum type = proto_registrar_get_ftype(id);
    return type == FT_UINT8 || type == FT_UINT16 || type == FT_UINT24 || type == FT_UINT32;
}

void tcp_fields_want(dissector_handle_t handle)
{
    GArray *wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), F_COUNT);
    for (int i = 0; i < F_COUNT; i++) {
        field_ids[i] = proto_registrar_get_id_byname(field_names[i]);
        /* A Wireshark whose TCP dissector changed a field: say so once and label nothing,
         * rather than read a value of another type. */
        if (!is_uint32_field(field_ids[i])) {
            ws_warning("tcpconn: this Wireshark has no unsigned integer field %s; tcpconn labels "
                       "nothing (see README, Supported Wireshark versions)",
                       field_names[i]);
            fields_unusable = TRUE;
            continue;
        }
        g_array_append_val(wanted, field_ids[i]);
    }
    set_postdissector_wanted_hfids(handle, wanted);
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
}

/* The first transport layer decides: TCP itself, or an ICMP error quoting TCP. */
static tcp_fields_status first_transport(packet_info *pinfo)
{
    gboolean in_icmp = FALSE;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (id == proto_tcp)
            return in_icmp ? TCP_FIELDS_QUOTED : TCP_FIELDS_OK;
        if (id == proto_icmp || id == proto_icmpv6)
            in_icmp = TRUE;
    }
    return TCP_FIELDS_ABSENT;
}

/* The field's value in the first TCP header of the frame, if that header has it. */
static gboolean first_value(proto_tree *tree, int field, guint32 *out)
{
    GPtrArray *found = proto_get_finfo_ptr_array(tree, field_ids[field]);
    if (!found || found->len == 0)
        return FALSE;
    field_info *fi = (field_info *)g_ptr_array_index(found, 0);
    if (fi->proto_layer_num != 1)
        return FALSE;
    *out = TC_FIELD_UINT(fi);
    return TRUE;
}

tcp_fields_status tcp_fields_read(packet_info *pinfo, proto_tree *tree, tcp_fields *out)
{
    guint32 v[F_COUNT];
    if (fields_unusable)
        return TCP_FIELDS_ABSENT;
    tcp_fields_status status = first_transport(pinfo);
    if (status != TCP_FIELDS_OK)
        return status;
    for (int i = 0; i < F_REQUIRED; i++) {
        if (!first_value(tree, i, &v[i]))
            return TCP_FIELDS_INCOMPLETE;
    }
    if (!first_value(tree, F_CHECKSUM, &v[F_CHECKSUM]))
        v[F_CHECKSUM] = PROTO_CHECKSUM_E_UNVERIFIED;
    memset(out, 0, sizeof *out);
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
    out->seg.time_ns = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;
    return TCP_FIELDS_OK;
}
