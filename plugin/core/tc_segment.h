/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One TCP segment as the lifecycle core sees it, and sequence-number arithmetic.
 */
#ifndef TCPCONN_TC_SEGMENT_H
#define TCPCONN_TC_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

/* TCP header flag bits, as in the header's flags field. */
#define TC_FIN 0x01u
#define TC_SYN 0x02u
#define TC_RST 0x04u
#define TC_ACK 0x10u

/* The two ends of a connection, by the order the caller first saw them send. */
typedef enum { TC_SIDE_A = 0, TC_SIDE_B = 1 } tc_side;

/* One TCP segment as the caller read it from the wire (raw sequence numbers). */
typedef struct {
    uint64_t time_ns; /* capture time */
    uint32_t frame;
    uint32_t seq;
    uint32_t ack;
    uint32_t len;    /* payload bytes */
    uint32_t window; /* window field as sent, before any scaling */
    uint32_t ip_len; /* the IP packet's total length (IPv6: payload + 40); 0 when unknown */
    uint16_t flags;
    uint8_t side;       /* tc_side of the sender */
    uint8_t wscale_opt; /* a SYN's window scale option: its shift + 1; 0 when it has none */
    bool bad_checksum;  /* known bad; unknown counts as good */
} tc_segment;

/* Sequence-number comparisons modulo 2^32 (RFC 9293 section 3.4). */
static inline bool tc_seq_lt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static inline bool tc_seq_geq(uint32_t a, uint32_t b)
{
    return !tc_seq_lt(a, b);
}

#endif
