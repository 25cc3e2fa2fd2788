/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether the receiver of a RST takes it as a reset, by RFC 9293 section 3.10.7.4 and the
 * rule for resets it takes from RFC 5961 section 3.2, judged from what the capture shows.
 */
#ifndef TCPCONN_RST_ACCEPTANCE_H
#define TCPCONN_RST_ACCEPTANCE_H

#include "lifecycle.h"

/*
 * A RST from side to an endpoint in a synchronized state (or one whose state the capture
 * does not show). sender_spoke: the sender has sent a segment before this one. Returns 0
 * when the receiver resets the connection, else the TC_EVENT_BIT() saying why it does not,
 * with seq, rcv_nxt and the window in *res.
 */
uint32_t tc_rst_judge(const tc_conn *conn, unsigned side, const tc_segment *seg, bool sender_spoke,
                      tc_result *res);

#endif
