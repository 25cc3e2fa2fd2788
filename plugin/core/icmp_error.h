/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMP and ICMPv6 errors that quote a TCP segment: what kind of error each is, which segment of
 * which side it answers, and what it does to that side's connection (RFC 1122 4.2.3.9,
 * RFC 5461, RFC 5927).
 *
 * Plain C with no Wireshark include, like the lifecycle core it reads.
 */
#ifndef TCPCONN_ICMP_ERROR_H
#define TCPCONN_ICMP_ERROR_H

#include "lifecycle.h"

/* X(ENUM_SUFFIX, "filter token", "English text", "Chinese text") */
#define TC_ICMP_KIND_TABLE(X)                                                                      \
    X(PORT_UNREACHABLE, "port_unreachable", "port unreachable", "端口不可达")                      \
    X(PROTOCOL_UNREACHABLE, "protocol_unreachable", "protocol unreachable", "协议不可达")          \
    X(ADMIN_PROHIBITED, "admin_prohibited", "administratively prohibited", "被管理策略禁止")       \
    X(HOST_UNREACHABLE, "host_unreachable", "host unreachable", "主机不可达")                      \
    X(NET_UNREACHABLE, "net_unreachable", "network unreachable", "网络不可达")                     \
    X(UNREACHABLE, "unreachable", "destination unreachable", "目的不可达")                         \
    X(FRAG_NEEDED, "frag_needed", "packet too big", "报文过大（需要分片）")                        \
    X(TIME_EXCEEDED, "time_exceeded", "time exceeded", "超时")                                     \
    X(PARAMETER_PROBLEM, "parameter_problem", "parameter problem", "参数问题")                     \
    X(OTHER, "other", "not an error TCP acts on", "TCP 不处理的报文")

/*
 * What the error does to the sender of the quoted segment, and its expert item:
 * X(ENUM_SUFFIX, "token", "expert item name", severity, "summary").
 */
#define TC_ICMP_EFFECT_TABLE(X)                                                                    \
    X(REFUSED, "refused", "icmp_refused", WARN,                                                    \
      "ICMP error refuses the connection: a hard error answers the SYN")                           \
    X(UNREACHABLE, "unreachable", "icmp_unreachable", WARN,                                        \
      "ICMP error answers the SYN: destination unreachable")                                       \
    X(PATH_MTU, "path_mtu", "icmp_path_mtu", NOTE,                                                 \
      "ICMP error: a segment too big for the path, to be sent again smaller")                      \
    X(SOFT, "soft", "icmp_soft", NOTE,                                                             \
      "ICMP error on an open connection: a soft error, it goes on")                                \
    X(NOT_IN_FLIGHT, "not_in_flight", "icmp_not_in_flight", NOTE,                                  \
      "ICMP error quoting a sequence number not in flight: ignored by its receiver")               \
    X(NO_EFFECT, "no_effect", "icmp_no_effect", NOTE, "ICMP message TCP does not act on")          \
    X(NO_CONNECTION, "no_connection", "icmp_no_connection", NOTE,                                  \
      "ICMP error quoting a TCP segment of no connection in the capture")

#define TC_ENUM_ICMP_KIND(name, token, english, chinese) TC_ICMP_##name,
typedef enum { TC_ICMP_KIND_TABLE(TC_ENUM_ICMP_KIND) TC_ICMP_KIND_COUNT } tc_icmp_kind;
#undef TC_ENUM_ICMP_KIND

#define TC_ENUM_ICMP_EFFECT(name, token, field, severity, summary) TC_ICMP_EFFECT_##name,
typedef enum { TC_ICMP_EFFECT_TABLE(TC_ENUM_ICMP_EFFECT) TC_ICMP_EFFECT_COUNT } tc_icmp_effect;
#undef TC_ENUM_ICMP_EFFECT

/* An ICMP error as the caller read it: the header it quotes, as far as the quote goes. */
typedef struct {
    uint32_t frame;
    uint32_t seq;     /* the quoted header's sequence number (in every quote: its bytes 4-7) */
    uint16_t flags;   /* the quoted header's flags, when flags_known */
    uint8_t side;     /* tc_side of the quoted segment's sender */
    uint8_t kind;     /* tc_icmp_kind */
    bool flags_known; /* the quote reaches the flags (RFC 792 asks for only 8 bytes) */
} tc_icmp_error;

/* What the core says about an ICMP error. */
typedef struct {
    uint32_t quoted_frame; /* the quoted segment, found in the capture; 0 when not */
    uint8_t quoted;        /* tc_check: SYN (or SYN-ACK), FIN or data; NONE when not found */
    uint8_t effect;        /* tc_icmp_effect */
    uint8_t sender_state;  /* tc_state of the quoted segment's sender when the error came */
    bool from_client;      /* the quoted segment's sender is the client */
} tc_icmp_result;

/* The kind of an ICMP (v6 false) or ICMPv6 (v6 true) message, by its type and code. */
tc_icmp_kind tc_icmp_classify(bool v6, uint8_t type, uint8_t code);

/* Account for an ICMP error quoting a segment of the connection, in capture order. */
void tc_conn_icmp(tc_conn *conn, const tc_icmp_error *err, tc_icmp_result *out);

/* Whether the effect ends a connection attempt: the connection's verdict names it. */
bool tc_icmp_ends_attempt(tc_icmp_effect effect);

/* Whether an ICMP error answered the SYN and ended the attempt: no SYN-ACK or RST, and nothing
 * more from the side it was sent to. */
bool tc_conn_ended_by_icmp(const tc_conn *conn);

const char *tc_icmp_kind_token(tc_icmp_kind kind);
const char *tc_icmp_kind_text(tc_icmp_kind kind, tc_language language);
const char *tc_icmp_effect_token(tc_icmp_effect effect);

#endif
