/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The preferences of tcpconn's Zeek view (-o tcpconn.zeek_...): checksum validation and the
 * likely server ports.
 */
#ifndef TCPCONN_ZEEK_PREFS_H
#define TCPCONN_ZEEK_PREFS_H

#include <epan/packet.h>
#include <epan/prefs.h>

#include "input/tcp_fields.h"

/* At protocol registration. */
/* The Zeek view's preferences, in the tcpconn module (a protocol has one module: Wireshark
 * 4.6 aborts on a second). zeek_prefs_apply is the module's apply callback. */
void zeek_prefs_register(module_t *module);
void zeek_prefs_apply(void);

/* Whether the Zeek view drops the segment for its bad TCP checksum, as Zeek does unless run
 * with -C: Wireshark's verdict when it checked, tcpconn's own when it did not. */
gboolean zeek_prefs_checksum_bad(packet_info *pinfo, const tcp_fields *f);

#endif
