/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCP checksum, checked as Zeek checks it when Wireshark has not.
 */
#ifndef TCPCONN_TCP_CHECKSUM_H
#define TCPCONN_TCP_CHECKSUM_H

#include <epan/packet.h>

/*
 * Whether the TCP segment of tcp_len bytes (header and payload) at offset in tvb, sent
 * from pinfo->src to pinfo->dst, has a wrong checksum. A segment not captured whole is not
 * checked, as in Zeek (TCPAnalyzer::ValidateChecksum needs caplen >= len).
 */
gboolean tcp_checksum_bad(packet_info *pinfo, tvbuff_t *tvb, gint offset, guint32 tcp_len);

/*
 * Whether the segment's checksum field holds only the sum of its pseudo-header: the segment
 * was captured on the sending host before the network card filled the checksum in (checksum
 * offload; every segment on the loopback interface), so the field says nothing about it.
 */
gboolean tcp_checksum_unfinished(packet_info *pinfo, tvbuff_t *tvb, gint offset, guint32 tcp_len);

#endif
