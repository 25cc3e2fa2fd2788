/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A labelled segment's sequence and acknowledgment numbers and payload length as
 * Wireshark's TCP shows them (relative or raw, as its preferences say), read from TCP's
 * tap data in the pass that queues the tcpconn tap: the flow graph and the statistics
 * tree need them only then, so no pass keeps them.
 */
#ifndef TCPCONN_TCP_TAP_NUMBERS_H
#define TCPCONN_TCP_TAP_NUMBERS_H

#include <wireshark.h>

#include "connections/conn_table.h"

/*
 * During a dissection that fills the tap queue (tap callbacks cannot read it): the numbers of
 * the frame's labelled segment into frame->numbers. numbers_known is FALSE where TCP queued no
 * tap data for it (Wireshark 4.0 queues none for options cut short or malformed) or no tap is
 * listening.
 */
void tcp_tap_numbers(frame_record *frame);

#endif
