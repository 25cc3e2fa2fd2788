/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCP connection lifecycle core: given the segments of one connection in
 * capture order, it names each segment's role, its step in the handshake or
 * teardown, and the endpoints' RFC 9293 states as far as the wire shows them.
 *
 * Plain C with no Wireshark include: no allocation, no I/O, so that it can be
 * unit-tested and fuzzed on its own. All state lives in a tc_conn the caller owns.
 */
#ifndef TCPCONN_LIFECYCLE_H
#define TCPCONN_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lifecycle_names.h"
#include "tc_segment.h"
#include "zeek_verdict.h"

#define TC_ENUM_ROLE(name, token, text) TC_ROLE_##name,
typedef enum { TC_ROLE_TABLE(TC_ENUM_ROLE) TC_ROLE_COUNT } tc_role;
#undef TC_ENUM_ROLE

#define TC_ENUM_STATE(name, token) TC_STATE_##name,
typedef enum { TC_STATE_TABLE(TC_ENUM_STATE) TC_STATE_COUNT } tc_state;
#undef TC_ENUM_STATE

#define TC_ENUM_TEARDOWN(name, token, segments) TC_TEARDOWN_##name,
typedef enum { TC_TEARDOWN_TABLE(TC_ENUM_TEARDOWN) TC_TEARDOWN_COUNT } tc_teardown;
#define TC_ENUM_CLOSE(name, token, meaning) TC_CLOSE_##name,
typedef enum { TC_CLOSE_TABLE(TC_ENUM_CLOSE) TC_CLOSE_COUNT } tc_close;
#undef TC_ENUM_TEARDOWN

#define TC_ENUM_CHECK(name, token) TC_CHECK_##name,
typedef enum { TC_CHECK_TABLE(TC_ENUM_CHECK) TC_CHECK_COUNT } tc_check;
#undef TC_ENUM_CHECK

#define TC_ENUM_EVENT(name, field, severity, summary) TC_EVENT_##name,
typedef enum { TC_EVENT_TABLE(TC_ENUM_EVENT) TC_EVENT_COUNT } tc_event;
#undef TC_ENUM_EVENT

#define TC_EVENT_BIT(ev) (1u << (ev))

/* The events of a RST its receiver does not take as a reset: it changes nothing. */
#define TC_RST_NOT_TAKEN                                                                           \
    (TC_EVENT_BIT(TC_EVENT_RST_OUT_OF_WINDOW) | TC_EVENT_BIT(TC_EVENT_RST_NOT_NEXT) |              \
     TC_EVENT_BIT(TC_EVENT_RST_UNACCEPTABLE))

/* The events of an ACK its receiver drops for its acknowledgment number. */
#define TC_ACK_NOT_TAKEN (TC_EVENT_BIT(TC_EVENT_ACK_UNSENT) | TC_EVENT_BIT(TC_EVENT_ACK_TOO_OLD))

/* The events of any segment its receiver drops: it changes nothing. */
#define TC_NOT_TAKEN (TC_RST_NOT_TAKEN | TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW) | TC_ACK_NOT_TAKEN)

/* The events that judge a segment by its receiver's numbers: the last five of the table. */
#define TC_JUDGED_EVENTS                                                                           \
    (TC_EVENT_BIT(TC_EVENT_RST_OUT_OF_WINDOW) | TC_EVENT_BIT(TC_EVENT_RST_NOT_NEXT) |              \
     TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW) | TC_ACK_NOT_TAKEN)
#define TC_FIRST_JUDGED_EVENT TC_EVENT_RST_OUT_OF_WINDOW

#define TC_ENUM_HINDSIGHT(name, field, severity, summary) TC_HINDSIGHT_##name,
typedef enum { TC_HINDSIGHT_TABLE(TC_ENUM_HINDSIGHT) TC_HINDSIGHT_COUNT } tc_hindsight;
#undef TC_ENUM_HINDSIGHT

typedef enum { TC_PHASE_NONE, TC_PHASE_HANDSHAKE, TC_PHASE_TEARDOWN } tc_phase;

typedef enum { TC_PREDECESSOR_NONE, TC_PREDECESSOR_OPEN, TC_PREDECESSOR_ENDED } tc_predecessor;

/* Members are ordered widest first, so that no padding is left between them. */
typedef struct {
    uint64_t reach_ns;  /* when next_seq last moved */
    uint64_t fin_ns;    /* when the first FIN was seen */
    uint64_t answer_ns; /* shortest time taken to acknowledge all the peer had sent */
    uint32_t base;      /* relative seq 0: the ISN, else one before the first seq seen */
    uint32_t isn;       /* valid when syn_seen */
    uint32_t syn_len;   /* payload carried on the SYN */
    uint32_t syn_frame; /* the first SYN (or SYN-ACK) with this ISN */
    uint32_t next_seq;  /* highest sequence number sent so far, plus one */
    uint32_t max_ack;   /* highest acknowledgment number sent, valid when ack_seen */
    uint32_t fin_seq;   /* sequence number the FIN occupies, valid when fin_seen */
    uint32_t fin_frame; /* the first FIN */
    uint32_t data_seq;  /* the data segment that reached furthest, for "ack = seq + len" */
    uint32_t data_len;
    uint32_t data_frame; /* 0 when no data has been sent */
    uint32_t window;     /* window field of the latest segment, as sent */
    uint8_t state;       /* tc_state */
    uint8_t wscale_opt;  /* its SYN's window scale option (tc_segment), when syn_seen */
    uint8_t fin_step;    /* teardown step the FIN took, repeated on retransmission */
    bool seen;
    bool syn_seen;
    bool ack_seen;
    bool fin_seen;
    bool fin_acked;
    bool synack_sent; /* a SYN-ACK with this ISN, so that another is a retransmission */
    bool answered;    /* answer_ns is valid */
    bool window_seen;
    bool window_in_syn; /* window came from a SYN, which is never scaled (RFC 7323) */
} tc_endpoint;

/* The whole connection in numbers, for its summary once the capture is read. */
typedef struct {
    uint64_t first_ns;
    uint64_t last_ns;
    uint64_t syn_ns;    /* the client's latest SYN before the SYN-ACK */
    uint64_t synack_ns; /* the first SYN-ACK */
    uint64_t final_ack_ns;
    uint64_t bytes[2]; /* payload bytes sent, by tc_side */
    uint32_t segments[2];
    uint32_t first_frame;
    uint32_t last_frame;
    uint32_t final_ack_frame;
    uint32_t teardown_frames[4]; /* by teardown step */
    uint32_t rst_frame;          /* the first RST */
    uint32_t syn_count;          /* SYNs from the client, retransmissions included */
    uint8_t rst_side;            /* tc_side that sent it */
} tc_summary;

/*
 * The connection's first segment its receiver would drop, and what the receiver did next: a
 * receiver that goes on sending took no notice; one that stays silent while its peer sends
 * more, or answers with a RST, acted as if it had taken it.
 */
typedef struct {
    uint32_t frame;      /* 0: none */
    uint8_t receiver;    /* tc_side */
    bool receiver_spoke; /* it sent a segment other than a RST, first */
    bool receiver_reset; /* it sent a RST, first */
    bool peer_sent;      /* the other side then sent data or a FIN, which wants an answer */
} tc_dropped;

typedef struct {
    tc_endpoint ep[2];
    tc_summary summary;
    tc_dropped dropped;
    zk_conn zeek;
    uint32_t synack_frame;
    uint32_t successor_frame; /* first frame of a later connection on this port pair; 0 none */
    uint32_t challenge_frame; /* the challenge ACK that answered this connection's SYN; 0 none */
    uint32_t icmp_frame;      /* the ICMP error its verdict names (see tc_conn_icmp); 0 none */
    uint16_t port[2];
    uint8_t client;         /* tc_side of the client */
    uint8_t synack_side;    /* tc_side that sent the SYN-ACK, valid when synack_seen */
    uint8_t teardown;       /* tc_teardown */
    uint8_t initiator;      /* tc_side that sent the first FIN or RST */
    uint8_t last_ack_steps; /* ACKs of FIN seen after both FINs (simultaneous close) */
    uint8_t predecessor;    /* tc_predecessor: what came before on the same port pair */
    uint8_t icmp_effect;    /* tc_icmp_effect of icmp_frame */
    uint8_t icmp_side;      /* tc_side the error of icmp_frame was sent to */
    bool started;
    bool handshake_seen; /* a SYN or SYN-ACK opened this connection in the capture */
    bool synack_seen;
    bool handshake_done;
    bool rst_seen;
    bool closed;
    bool icmp_then_sent; /* icmp_side sent a segment after icmp_frame */
} tc_conn;

/* What the core says about one segment; a small value the caller can store as is. */
typedef struct {
    uint32_t acks_frame; /* frame of the SYN, FIN or data this segment acknowledges; 0 none */
    uint32_t events;     /* TC_EVENT_BIT() set */
    /* The acknowledgment check: ack == acked_seq + acked_len (+ 1 for SYN and FIN). */
    uint32_t acked_frame; /* the segment whose sequence number the check uses */
    uint32_t ack;
    uint32_t acked_seq;
    uint32_t acked_len;
    uint32_t expected_ack;
    uint32_t peer_base; /* relative ack = ack - peer_base */
    uint32_t own_base;  /* relative seq = seq - own_base */
    /*
     * A segment its receiver drops for its number (RST_OUT_OF_WINDOW, RST_NOT_NEXT,
     * OUT_OF_WINDOW); for ACK_TOO_OLD its ack, the receiver's SND.UNA and the widest window
     * the sender can have offered.
     */
    uint32_t seq;     /* its sequence number */
    uint32_t rcv_nxt; /* the next byte the receiver expects */
    uint32_t rcv_wnd; /* the receiver's window in bytes; a lower bound unless rcv_wnd_exact */
    uint8_t role;     /* tc_role */
    uint8_t step;     /* 1.. within the phase; 0 when none */
    uint8_t phase;    /* tc_phase */
    uint8_t teardown; /* tc_teardown known so far */
    uint8_t check;    /* tc_check */
    uint8_t state_client;
    uint8_t state_server;
    bool from_client;
    bool handshake_seen;
    bool teardown_by_client; /* meaningful when teardown != NONE or step 1 of the teardown */
    bool with_data;          /* a SYN, FIN or RST role that also carries payload */
    bool retransmission;     /* a SYN, SYN-ACK or FIN seen before, or data sent before */
    bool check_ok;
    bool client_unseen; /* no segment of the client's so far: its state is inferred */
    bool server_unseen;
    uint8_t conn_state;        /* tc_conn_state Zeek would log if the capture ended here */
    bool originator_is_client; /* Zeek's originator, so far */
    bool rcv_wnd_seen;         /* the receiver has advertised a window */
    bool rcv_wnd_exact;        /* its scale is known (both SYNs in the capture) */
} tc_result;

/* Start a connection whose side A and side B use these ports. */
void tc_conn_init(tc_conn *conn, uint16_t port_a, uint16_t port_b);

/*
 * Whether seg is a SYN that opens a new connection on this port pair: a new ISN
 * from a side that has already spoken. The caller then starts a new tc_conn.
 */
bool tc_conn_new_syn(const tc_conn *conn, const tc_segment *seg);

/*
 * The connection takes over a port pair on which an earlier connection was seen
 * (Wireshark gives a reused port pair a new tcp.stream); its first SYN says so.
 */
void tc_conn_follow(tc_conn *conn, bool previous_open);

/* A later connection, starting at this frame, took over the port pair. */
void tc_conn_succeeded(tc_conn *conn, uint32_t frame);

/*
 * Whether seg, after newer began on held's port pair with a SYN, is held's receiver of that SYN
 * answering it from held: an ACK at its next byte that acknowledges the next byte it expects
 * (RFC 5961 section 4's challenge ACK). Its receiver did not take the SYN: held goes on.
 */
bool tc_conn_challenge_ack(const tc_conn *held, const tc_conn *newer, const tc_segment *seg);

/* held takes seg, the challenge ACK answering newer's SYN; newer keeps which frame it was. */
void tc_conn_segment_challenge(tc_conn *held, tc_conn *newer, const tc_segment *seg,
                               tc_result *out);

/* Whether the connection has started and neither closed nor been reset. */
bool tc_conn_open(const tc_conn *conn);

/*
 * Whether only one side's segments are in the capture so far, and they
 * acknowledge the other side's: one direction of the connection not captured.
 */
bool tc_conn_one_sided(const tc_conn *conn);

/* Account for one segment (in capture order) and describe it in *out. */
void tc_conn_segment(tc_conn *conn, const tc_segment *seg, tc_result *out);

/*
 * Once every segment has been fed: what the whole capture shows about the
 * connection that concerns this frame (TC_EVENT_BIT() of tc_hindsight values).
 */
uint32_t tc_conn_hindsight(const tc_conn *conn, const tc_result *res, uint32_t frame);

/* Once every segment has been fed: how the connection ended. */
tc_close tc_conn_close(const tc_conn *conn);

/*
 * The handshake's round-trip times the capture measures, in ns: from the client's SYN to the
 * SYN-ACK (the server's side of the path), and from the SYN-ACK to the final ACK (the
 * client's). False where either segment is missing, or the later one was captured first.
 */
bool tc_conn_rtt_server(const tc_conn *conn, uint64_t *ns);
bool tc_conn_rtt_client(const tc_conn *conn, uint64_t *ns);

/* conn_state's meaning as it applies to this connection, for the summary; returns buf. */
const char *tc_conn_state_explain(const tc_conn *conn, char *buf, size_t size);

/* Human label for the column, e.g. "FIN-ACK (close 3/4)"; returns buf. */
const char *tc_result_label(const tc_result *res, char *buf, size_t size);

/* The languages a label can be written in; tokens and field names never change. */
typedef enum { TC_LANGUAGE_ENGLISH, TC_LANGUAGE_CHINESE } tc_language;

/* The label in a language, e.g. "FIN-ACK（第三次挥手）" in Simplified Chinese; returns buf. */
const char *tc_result_label_in(const tc_result *res, tc_language language, char *buf, size_t size);
/* "client" or "server" in that language, for the human text of a message. */
const char *tc_side_text(bool client, tc_language language);

const char *tc_role_token(tc_role role);
const char *tc_state_name(tc_state state);
const char *tc_teardown_token(tc_teardown kind);
const char *tc_close_token(tc_close close);
const char *tc_close_meaning(tc_close close);
const char *tc_check_token(tc_check check);

#endif
