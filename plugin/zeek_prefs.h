/*
 * The preferences of tcpconn's Zeek view (-o tcpconn.zeek_...): checksum validation and the
 * likely server ports.
 */
#ifndef TCPCONN_ZEEK_PREFS_H
#define TCPCONN_ZEEK_PREFS_H

#include <epan/packet.h>

#include "tcp_fields.h"

/* At protocol registration. */
void zeek_prefs_register(int proto);

/* Whether the Zeek view drops the segment for its bad TCP checksum, as Zeek does unless run
 * with -C: Wireshark's verdict when it checked, tcpconn's own when it did not. */
gboolean zeek_prefs_checksum_bad(packet_info *pinfo, const tcp_fields *f);

#endif
