/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ICMP errors quoting a TCP segment (see icmp_table.h).
 */
#include "connections/icmp_table.h"

#include "input/tcp_fields.h"

/* By frame number: ICMP errors are few, so a map of them costs the other frames nothing. */
static wmem_map_t *errors;

void icmp_table_register(void)
{
    errors =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}

void icmp_table_analyse(packet_info *pinfo, proto_tree *tree)
{
    quoted_fields q;
    if (!tcp_fields_read_quoted(pinfo, tree, &q))
        return;
    icmp_record *rec = wmem_new0(wmem_file_scope(), icmp_record);
    rec->frame = pinfo->num;
    rec->seq = q.seq;
    rec->mtu = q.mtu;
    rec->type = q.type;
    rec->code = q.code;
    rec->v6 = q.v6;
    rec->kind = (guint8)tc_icmp_classify(q.v6, q.type, q.code);
    rec->from_destination = addresses_equal(&q.reporter, &q.dst);
    copy_address_wmem(wmem_file_scope(), &rec->reporter, &q.reporter);

    guint8 side = TC_SIDE_A;
    conn_record *conn = conn_table_find(pinfo, &q.src, &q.dst, q.srcport, q.dstport, &side);
    if (conn) {
        tc_icmp_error err = {pinfo->num, q.seq, q.flags, side, rec->kind, q.flags_known != 0};
        tc_conn_icmp(&conn->conn, &err, &rec->res);
        rec->conn = conn;
    } else {
        rec->res.effect = TC_ICMP_EFFECT_NO_CONNECTION;
    }
    wmem_map_insert(errors, GUINT_TO_POINTER(pinfo->num), rec);
}

const icmp_record *icmp_table_lookup(guint32 frame)
{
    return (const icmp_record *)wmem_map_lookup(errors, GUINT_TO_POINTER(frame));
}
