/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ICMP errors of the open capture file that quote a TCP segment: each linked, on the first
 * pass, to the connection whose segment it quotes.
 */
#ifndef TCPCONN_ICMP_TABLE_H
#define TCPCONN_ICMP_TABLE_H

#include <epan/packet.h>

#include "connections/conn_table.h"
#include "core/icmp_error.h"

typedef struct {
    tc_icmp_result res;
    const conn_record *conn; /* NULL: no connection in the capture has that port pair */
    address reporter;        /* the error's source */
    guint32 frame;
    guint32 seq; /* the quoted sequence number */
    guint32 mtu; /* for fragmentation needed or packet too big: the next hop's; 0 unknown */
    guint8 kind; /* tc_icmp_kind */
    guint8 type;
    guint8 code;
    gboolean v6;
    gboolean from_destination; /* the reporter is the quoted segment's destination */
} icmp_record;

/* At registration: a table that empties itself when a capture file is closed. */
void icmp_table_register(void);

/* First pass, a frame the frame store calls FRAME_QUOTED: link its error to its connection. */
void icmp_table_analyse(packet_info *pinfo, proto_tree *tree);

/* What the first pass found for the ICMP error in this frame; NULL when none. */
const icmp_record *icmp_table_lookup(guint32 frame);

#endif
