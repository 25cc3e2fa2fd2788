/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether a segment's receiver takes it, judged from what the capture shows: a RST by RFC
 * 9293 section 3.10.7.4 and the rule for resets it takes from RFC 5961 section 3.2; a FIN or
 * an ACK that would move the receiver's state by the same section's acceptability test; any
 * acknowledgment by what the receiver can have sent (RFC 9293 3.10.7.4, RFC 5961 5.2).
 */
#ifndef TCPCONN_ACCEPTANCE_H
#define TCPCONN_ACCEPTANCE_H

#include "lifecycle.h"

/*
 * ESTABLISHED up to LAST-ACK: the synchronized states but TIME-WAIT, in which a SYN is answered
 * with a challenge ACK (RFC 9293 3.10.7.4; TIME-WAIT may take one, RFC 6191).
 */
bool tc_state_past_handshake(tc_state state);

/*
 * The widest receive window a dropped segment's numbers (in res) allow: the receiver's window,
 * or, where its scale was not captured, the largest its field can stand for.
 */
uint64_t tc_widest_window(const tc_result *res);

/*
 * A RST from side to an endpoint in a synchronized state (or one whose state the capture
 * does not show). sender_spoke: the sender has sent a segment before this one. Returns 0
 * when the receiver resets the connection, else the TC_EVENT_BIT() saying why it does not,
 * with seq, rcv_nxt and the window in *res.
 */
uint32_t tc_rst_judge(const tc_conn *conn, unsigned side, const tc_segment *seg, bool sender_spoke,
                      tc_result *res);

/*
 * A FIN, or an ACK that completes the handshake or acknowledges a FIN, from side. Returns 0
 * when the receiver takes it or the capture cannot tell (no window of the receiver's seen),
 * else TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW), with seq, rcv_nxt and the window in *res.
 */
uint32_t tc_segment_judge(const tc_conn *conn, unsigned side, const tc_segment *seg,
                          bool sender_spoke, tc_result *res);

/*
 * The acknowledgment of a segment from side, neither SYN nor RST, to an endpoint past the
 * handshake. Returns 0 when the receiver takes it or the capture cannot tell; else
 * TC_EVENT_BIT(TC_EVENT_ACK_UNSENT), an ack past the receiver's FIN (nothing follows a FIN,
 * RFC 9293 3.10.7.4), or TC_EVENT_BIT(TC_EVENT_ACK_TOO_OLD), an ack more than any window its
 * sender can have offered below what it acknowledged before (RFC 5961 5.2), with the ack, that
 * acknowledgment and the window in *res.
 */
uint32_t tc_ack_judge(const tc_conn *conn, unsigned side, const tc_segment *seg, tc_result *res);

#endif
