/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the tcp.* fields Wireshark's TCP dissector already produced.
 */
#ifndef TCPCONN_TCP_FIELDS_H
#define TCPCONN_TCP_FIELDS_H

#include <epan/packet.h>

#include "core/lifecycle.h"

typedef enum {
    TCP_FIELDS_ABSENT,     /* no TCP in this frame */
    TCP_FIELDS_QUOTED,     /* the only TCP header is one quoted by an ICMP error */
    TCP_FIELDS_INCOMPLETE, /* the TCP header was cut short or malformed */
    TCP_FIELDS_OK
} tcp_fields_status;

typedef struct {
    tc_segment seg; /* seg.side is left for the caller to decide */
    guint32 stream;
    guint16 srcport;
    guint16 dstport;
    /* Where the TCP header is, for a checksum check of one's own. */
    tvbuff_t *tvb;
    gint offset;
    guint32 hdr_len;
    gboolean checksum_checked; /* Wireshark checked it: seg.bad_checksum is its verdict */
} tcp_fields;

/* In the handoff routine: ask epan to fill in the fields this plugin reads. */
void tcp_fields_want(dissector_handle_t handle);

/* The outermost real TCP segment of the frame, from the primed fields. */
tcp_fields_status tcp_fields_read(packet_info *pinfo, proto_tree *tree, tcp_fields *out);

#endif
