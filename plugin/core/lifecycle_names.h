/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of the lifecycle core's enumerations, kept in one X-macro table each so
 * that the enum values, the filter tokens and the human texts cannot drift apart.
 */
#ifndef TCPCONN_LIFECYCLE_NAMES_H
#define TCPCONN_LIFECYCLE_NAMES_H

/* X(ENUM_SUFFIX, "filter token", "label text") */
#define TC_ROLE_TABLE(X)                                                                           \
    X(NONE, "", "")                                                                                \
    X(SYN, "SYN", "SYN")                                                                           \
    X(SYN_ACK, "SYN-ACK", "SYN-ACK")                                                               \
    X(FINAL_ACK, "FINAL-ACK", "final ACK")                                                         \
    X(DATA, "DATA", "data")                                                                        \
    X(DATA_ACK, "DATA-ACK", "data ACK")                                                            \
    X(ACK, "ACK", "ACK")                                                                           \
    X(FIN_ACK, "FIN-ACK", "FIN-ACK")                                                               \
    X(FIN, "FIN", "FIN")                                                                           \
    X(CLOSE_ACK, "CLOSE-ACK", "ACK of FIN")                                                        \
    X(RST_ACK, "RST-ACK", "RST-ACK")                                                               \
    X(RST, "RST", "RST")

/* RFC 9293 section 3.3.2 states, plus UNKNOWN for an endpoint seen only mid-connection. */
#define TC_STATE_TABLE(X)                                                                          \
    X(UNKNOWN, "UNKNOWN")                                                                          \
    X(CLOSED, "CLOSED")                                                                            \
    X(LISTEN, "LISTEN")                                                                            \
    X(SYN_SENT, "SYN-SENT")                                                                        \
    X(SYN_RECEIVED, "SYN-RECEIVED")                                                                \
    X(ESTABLISHED, "ESTABLISHED")                                                                  \
    X(FIN_WAIT_1, "FIN-WAIT-1")                                                                    \
    X(FIN_WAIT_2, "FIN-WAIT-2")                                                                    \
    X(CLOSE_WAIT, "CLOSE-WAIT")                                                                    \
    X(CLOSING, "CLOSING")                                                                          \
    X(LAST_ACK, "LAST-ACK")                                                                        \
    X(TIME_WAIT, "TIME-WAIT")

/*
 * The close as the capture has shown it so far: X(ENUM_SUFFIX, "token", number of segments in
 * a complete teardown of this kind). Half-closed: one FIN, acknowledged on its own, and none
 * from the peer yet; its second FIN makes it 4-way.
 */
#define TC_TEARDOWN_TABLE(X)                                                                       \
    X(NONE, "", 0)                                                                                 \
    X(HALF_CLOSED, "half-closed", 4)                                                               \
    X(FOUR_WAY, "4-way", 4)                                                                        \
    X(THREE_WAY, "3-way", 3)                                                                       \
    X(SIMULTANEOUS, "simultaneous", 4)                                                             \
    X(RESET, "reset", 1)

/* How the connection ended, by the whole capture: X(ENUM_SUFFIX, "token", "meaning"). The
 * teardown kind is what the close looked like so far; this says whether it finished. */
#define TC_CLOSE_TABLE(X)                                                                          \
    X(NOT_CLOSED, "not-closed", "no FIN or RST in the capture")                                    \
    X(HALF_CLOSED, "half-closed", "only one side sent a FIN")                                      \
    X(UNFINISHED, "unfinished", "both sides sent a FIN, but one was never acknowledged")           \
    X(FOUR_WAY, "4-way", "both FINs sent, each acknowledged on its own")                           \
    X(THREE_WAY, "3-way", "both FINs acknowledged, the second FIN with the first one's ACK")       \
    X(SIMULTANEOUS, "simultaneous", "the FINs crossed, both acknowledged")                         \
    X(RESET, "reset", "a RST ended it, with no FIN before")                                        \
    X(FIN_THEN_RESET, "fin-then-reset", "a RST ended it after a FIN")                              \
    X(UNKNOWN, "unknown",                                                                          \
      "the capture lacks what would tell: one direction, or where the other FIN would be")         \
    X(ICMP, "icmp", "an ICMP error answered the SYN and ended the attempt")

/* Zeek's conn.log conn_state values: X(ENUM_SUFFIX, "token", "meaning") */
#define TC_CONN_STATE_TABLE(X)                                                                     \
    X(NONE, "", "")                                                                                \
    X(S0, "S0", "Connection attempt seen, no reply")                                               \
    X(S1, "S1", "Connection established, not terminated")                                          \
    X(SF, "SF", "Normal establishment and termination")                                            \
    X(REJ, "REJ", "Connection attempt rejected")                                                   \
    X(S2, "S2", "Established, originator tried to close, no reply from responder")                 \
    X(S3, "S3", "Established, responder tried to close, no reply from originator")                 \
    X(RSTO, "RSTO", "Established, originator aborted (sent a RST)")                                \
    X(RSTR, "RSTR", "Responder sent a RST")                                                        \
    X(RSTOS0, "RSTOS0", "Originator sent a SYN then a RST, no SYN-ACK seen")                       \
    X(RSTRH, "RSTRH", "Responder sent a SYN-ACK then a RST, no SYN from the originator seen")      \
    X(SH, "SH", "Originator sent a SYN then a FIN, no SYN-ACK seen (half open)")                   \
    X(SHR, "SHR", "Responder sent a SYN-ACK then a FIN, no SYN from the originator seen")          \
    X(OTH, "OTH", "No SYN seen, just midstream traffic")

/* What the acknowledgment number of a segment is checked against. */
#define TC_CHECK_TABLE(X)                                                                          \
    X(NONE, "")                                                                                    \
    X(SYN, "SYN")                                                                                  \
    X(FIN, "FIN")                                                                                  \
    X(DATA, "data")

/*
 * Events the core reports for a segment; the glue turns each into an expert item.
 * X(ENUM_SUFFIX, "expert item name", severity, "summary"): the item filters as
 * tcpconn.analysis.<name>, the suffix in lower case (the unit tests check); severities as
 * Wireshark's TCP dissector gives the same finding: a RST is a warning, port reuse and
 * retransmission notes. The last five are the judged ones (TC_JUDGED_EVENTS): their numbers
 * are kept apart, and with them which of the five it was.
 */
#define TC_EVENT_TABLE(X)                                                                          \
    X(HANDSHAKE_COMPLETE, "handshake_complete", CHAT, "Handshake complete")                        \
    X(CLOSED, "closed", CHAT, "Connection closed")                                                 \
    X(NEW_CONNECTION, "new_connection", NOTE, "New connection on a port pair used before")         \
    X(NO_HANDSHAKE, "no_handshake", NOTE, "Handshake not seen (capture started mid-connection)")   \
    X(REFUSED, "refused", WARN, "Connection refused (RST answers the SYN)")                        \
    X(ABORTED, "aborted", WARN, "Connection aborted (RST)")                                        \
    X(RETRANSMISSION, "retransmission", NOTE, "SYN, SYN-ACK, FIN or data retransmitted")           \
    X(BAD_ACK, "bad_ack", WARN, "Acknowledgment number is not the expected one")                   \
    X(ACK_MISSES_FIN, "ack_misses_fin", WARN, "ACK stops short of the peer's FIN")                 \
    X(DATA_BEFORE_HANDSHAKE, "data_before_handshake", WARN, "Data before the handshake completed") \
    X(DATA_AFTER_FIN, "data_after_fin", WARN, "Data after the sender's own FIN")                   \
    X(PORT_REUSE, "port_reuse", NOTE, "New SYN on a connection that is still open")                \
    X(ACKS_UNSEEN, "acks_unseen", NOTE, "ACK of data not in the capture")                          \
    X(RST_UNACCEPTABLE, "rst_unacceptable", WARN,                                                  \
      "RST that does not acknowledge the SYN: ignored in SYN-SENT")                                \
    X(CHALLENGE_ACK, "challenge_ack", WARN,                                                        \
      "Challenge ACK: a SYN on a connection its receiver still holds is not taken")                \
    X(RST_OUT_OF_WINDOW, "rst_out_of_window", WARN,                                                \
      "RST outside the receive window: ignored by the receiver")                                   \
    X(RST_NOT_NEXT, "rst_not_next", WARN,                                                          \
      "RST not at the receiver's next byte: a challenge ACK, not a reset")                         \
    X(OUT_OF_WINDOW, "out_of_window", WARN,                                                        \
      "FIN or ACK outside the receive window: ignored by the receiver")                            \
    X(ACK_UNSENT, "ack_unsent", WARN,                                                              \
      "ACK past the receiver's FIN: acknowledges data never sent, ignored by the receiver")        \
    X(ACK_TOO_OLD, "ack_too_old", WARN,                                                            \
      "ACK far below what its sender acknowledged before: ignored by the receiver")

/*
 * What only the whole capture shows about a connection, reported on the frame
 * it concerns. X(ENUM_SUFFIX, "expert item name", severity, "summary"), named as above
 */
#define TC_HINDSIGHT_TABLE(X)                                                                      \
    X(SYN_UNANSWERED, "syn_unanswered", WARN, "SYN never answered")                                \
    X(SYN_ICMP, "syn_icmp", WARN, "SYN answered by an ICMP error only")                            \
    X(SYN_RETRANSMITTED, "syn_retransmitted", NOTE, "SYN sent more than once")                     \
    X(SYN_CHALLENGED, "syn_challenged", WARN,                                                      \
      "SYN not taken: its receiver answered from the connection it still holds")                   \
    X(SYNACK_UNACKED, "synack_unacked", WARN, "SYN-ACK never acknowledged")                        \
    X(SYN_SCAN, "syn_scan", NOTE, "SYN, SYN-ACK, then RST from the client: a SYN scan pattern")    \
    X(FIN_UNACKED, "fin_unacked", WARN, "FIN never acknowledged")                                  \
    X(HALF_CLOSED, "half_closed", WARN, "Connection left half-closed")                             \
    X(STILL_OPEN, "still_open", NOTE, "Connection still open at the end of the capture")           \
    X(ONE_SIDED, "one_sided", NOTE, "Only one direction of the connection is in the capture")      \
    X(REUSED_OPEN, "reused_open", NOTE, "Port pair reused before the connection closed")           \
    X(RECEIVER_ACTED, "receiver_acted", WARN,                                                      \
      "The receiver acted on a segment it would have dropped: the capture point saw otherwise")

#endif
