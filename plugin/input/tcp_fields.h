/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the tcp.* fields Wireshark's TCP dissector already produced, and of an ICMP error the
 * TCP header it quotes.
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

/* An ICMP or ICMPv6 error quoting a TCP header: who sent it, and what it quotes. */
typedef struct {
    address reporter; /* the error's source, in the packet's scope */
    address src;      /* the quoted segment's source and destination */
    address dst;
    guint32 seq;
    guint32 mtu; /* the next hop's, for fragmentation needed or packet too big; 0 unknown */
    guint16 srcport;
    guint16 dstport;
    guint16 flags; /* valid when flags_known: a quote of 8 bytes ends before them */
    guint8 type;
    guint8 code;
    gboolean v6; /* ICMPv6 */
    gboolean flags_known;
} quoted_fields;

/* In the handoff routine: ask epan to fill in the fields this plugin reads. */
void tcp_fields_want(dissector_handle_t handle);

/* The outermost real TCP segment of the frame, from the primed fields. */
tcp_fields_status tcp_fields_read(packet_info *pinfo, proto_tree *tree, tcp_fields *out);

/* For a TCP_FIELDS_QUOTED frame: the ICMP error and what it quotes; FALSE when the frame does
 * not hold all of it. */
gboolean tcp_fields_read_quoted(packet_info *pinfo, proto_tree *tree, quoted_fields *out);

#endif
