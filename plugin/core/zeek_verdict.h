/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Zeek's view of a TCP connection: its conn.log conn_state and history letters,
 * computed with Zeek's own rules (endpoint states INACTIVE .. RESET, letters
 * S H A D F R C T W I Q ^), so tcpconn output can be put beside a conn.log.
 *
 * Plain C, no allocation, no I/O.
 */
#ifndef TCPCONN_ZEEK_VERDICT_H
#define TCPCONN_ZEEK_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lifecycle_names.h"
#include "tc_segment.h"

#define TC_ENUM_CONN_STATE(name, token, meaning) TC_CONN_STATE_##name,
typedef enum { TC_CONN_STATE_TABLE(TC_ENUM_CONN_STATE) TC_CONN_STATE_COUNT } tc_conn_state;
#undef TC_ENUM_CONN_STATE

/* Zeek's default timeouts (scripts/base/init-bare.zeek), in ns. */
#define ZK_SECOND_NS         1000000000ull
#define ZK_ATTEMPT_DELAY_NS  (5 * ZK_SECOND_NS)   /* tcp_attempt_delay */
#define ZK_CLOSE_DELAY_NS    (5 * ZK_SECOND_NS)   /* tcp_close_delay */
#define ZK_INACTIVITY_NS     (300 * ZK_SECOND_NS) /* tcp_inactivity_timeout */
#define ZK_HANDSHAKE_IDLE_NS (60 * ZK_SECOND_NS)  /* udp_inactivity_timeout, set at creation */

/* Letters past this many are not recorded (Zeek has no limit; real histories stay short). */
#define ZK_HISTORY_MAX 47

/* Letters logged at the 1st, 10th, 100th ... occurrence, per direction. */
typedef enum {
    ZK_SCALED_CHECKSUM,
    ZK_SCALED_RETRANSMIT,
    ZK_SCALED_ZERO_WINDOW,
    ZK_SCALED_COUNT
} zk_scaled;

/* Letters logged at most once per direction. */
typedef enum { ZK_ONCE_ACK, ZK_ONCE_DATA, ZK_ONCE_FIN_RST, ZK_ONCE_MULTI, ZK_ONCE_COUNT } zk_once;

/* Members are ordered widest first, so that no padding is left between them. */
typedef struct {
    uint64_t bytes; /* payload bytes sent */
    uint64_t ip_bytes;
    uint32_t last_syn_seq; /* S and H share this slot */
    uint32_t last_fin_end; /* seq + len of the last FIN */
    uint32_t last_rst_seq;
    uint32_t top_seq; /* highest sequence number sent, plus one */
    uint32_t last_ack;
    /* Zeek's sequence bookkeeping, for its byte count (TCP_Endpoint::Size) */
    uint32_t start_seq;
    uint32_t last_seq;
    uint32_t ack_seq; /* the highest ack the peer sent for this side's data */
    uint32_t fin_count;
    uint32_t pkts; /* packets Zeek counts: all but those dropped for their checksum */
    uint32_t scaled_count[ZK_SCALED_COUNT];
    uint32_t scaled_next[ZK_SCALED_COUNT];
    bool did_close; /* sent a FIN or RST (Zeek's did_close) */
    uint8_t state;  /* Zeek's TCP endpoint state */
    uint8_t prev_state;
    bool syn_seen;
    bool fin_seen;
    bool rst_seen;
    bool top_seen;
    bool once[ZK_ONCE_COUNT];
} zk_endpoint;

typedef struct {
    zk_endpoint ep[2]; /* indexed by tc_side */
    uint64_t first_ns; /* Zeek's start_time and last_time */
    uint64_t last_ns;
    /* Zeek's timers that end the connection, as packet times (0: not set) */
    uint64_t attempt_at; /* tcp_attempt_delay after the originator's first SYN */
    uint64_t delete_at;  /* tcp_close_delay after the close completed */
    uint8_t orig;        /* tc_side Zeek calls the originator */
    bool handshake_over; /* an endpoint left the handshake: the long inactivity timeout */
    bool started;
    uint8_t len;
    char history[ZK_HISTORY_MAX + 1];
} zk_conn;

/*
 * The likely server ports that decide the originator of a connection first seen without a
 * plain SYN (Zeek's likely_server_ports); Zeek's defaults until set. Not thread-safe: set it
 * between captures.
 */
void zk_set_server_ports(const uint16_t *ports, size_t count);
const uint16_t *zk_default_server_ports(size_t *count);

void zk_conn_init(zk_conn *zk);

/* Account for one segment; ports are the sender's and the receiver's. */
void zk_conn_segment(zk_conn *zk, const tc_segment *seg, uint16_t src_port, uint16_t dst_port);

/* Zeek's orig_bytes or resp_bytes for the side: its sequence space, gaps included. */
uint64_t zk_endpoint_size(const zk_conn *zk, unsigned side);

/* Zeek's duration: last_time - start_time, in ns. */
uint64_t zk_conn_duration_ns(const zk_conn *zk);

/*
 * Whether Zeek has removed the connection by the time a packet at t_ns arrives: its
 * timers, run from packet times before the packet is processed. A fired attempt timer is
 * spent, as in Zeek, whatever it found.
 */
bool zk_conn_expire(zk_conn *zk, uint64_t t_ns);

/* Whether seg, sent on the connection's address and port pair, starts a new connection
 * there (TCPSessionAdapter::IsReuse). */
bool zk_conn_reuse(const zk_conn *zk, const tc_segment *seg);

/* conn_state as Zeek would log it if the connection ended now. */
tc_conn_state zk_conn_state(const zk_conn *zk);

const char *tc_conn_state_token(tc_conn_state state);
const char *tc_conn_state_meaning(tc_conn_state state);

#endif
