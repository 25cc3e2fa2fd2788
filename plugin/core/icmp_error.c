/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMP errors quoting a TCP segment (see icmp_error.h).
 */
#include "icmp_error.h"

/* ICMP destination unreachable (type 3) codes, RFC 792, RFC 1122, RFC 1812. */
static tc_icmp_kind unreachable_v4(uint8_t code)
{
    switch (code) {
    case 0:  /* net */
    case 6:  /* net unknown */
    case 11: /* net for type of service */
        return TC_ICMP_NET_UNREACHABLE;
    case 1:  /* host */
    case 7:  /* host unknown */
    case 12: /* host for type of service */
        return TC_ICMP_HOST_UNREACHABLE;
    case 2:
        return TC_ICMP_PROTOCOL_UNREACHABLE;
    case 3:
        return TC_ICMP_PORT_UNREACHABLE;
    case 4:
        return TC_ICMP_FRAG_NEEDED;
    case 9:  /* net administratively prohibited */
    case 10: /* host administratively prohibited */
    case 13: /* communication administratively prohibited */
    case 14: /* host precedence violation */
    case 15: /* precedence cutoff */
        return TC_ICMP_ADMIN_PROHIBITED;
    default: /* 5 source route failed, 8 source host isolated, later codes */
        return TC_ICMP_UNREACHABLE;
    }
}

/* ICMPv6 destination unreachable (type 1) codes, RFC 4443 3.1. */
static tc_icmp_kind unreachable_v6(uint8_t code)
{
    switch (code) {
    case 0: /* no route to destination */
        return TC_ICMP_NET_UNREACHABLE;
    case 3: /* address unreachable */
        return TC_ICMP_HOST_UNREACHABLE;
    case 4:
        return TC_ICMP_PORT_UNREACHABLE;
    case 1: /* administratively prohibited */
    case 5: /* source address failed ingress/egress policy */
    case 6: /* reject route to destination */
        return TC_ICMP_ADMIN_PROHIBITED;
    default: /* 2 beyond scope of source address, later codes */
        return TC_ICMP_UNREACHABLE;
    }
}

tc_icmp_kind tc_icmp_classify(bool v6, uint8_t type, uint8_t code)
{
    if (v6) {
        switch (type) {
        case 1:
            return unreachable_v6(code);
        case 2:
            return TC_ICMP_FRAG_NEEDED; /* packet too big */
        case 3:
            return TC_ICMP_TIME_EXCEEDED;
        case 4:
            return TC_ICMP_PARAMETER_PROBLEM;
        default:
            return TC_ICMP_OTHER;
        }
    }
    switch (type) {
    case 3:
        return unreachable_v4(code);
    case 11:
        return TC_ICMP_TIME_EXCEEDED;
    case 12:
        return TC_ICMP_PARAMETER_PROBLEM;
    default: /* source quench (RFC 6633: ignored), redirect: not errors a connection acts on */
        return TC_ICMP_OTHER;
    }
}

/* The hard errors of RFC 1122 4.2.3.9 (protocol and port unreachable), and the prohibitions a
 * filter sends in place of a RST (RFC 1812 5.2.7.1): the destination will not take it. */
static bool refuses(tc_icmp_kind kind)
{
    return kind == TC_ICMP_PORT_UNREACHABLE || kind == TC_ICMP_PROTOCOL_UNREACHABLE ||
           kind == TC_ICMP_ADMIN_PROHIBITED;
}

/* The quoted segment among those of its sender the connection keeps: its SYN, FIN or the data
 * that reached furthest. */
static uint32_t find_quoted(const tc_endpoint *ep, const tc_icmp_error *err, uint8_t *quoted)
{
    bool syn = !err->flags_known || (err->flags & TC_SYN);
    bool fin = !err->flags_known || (err->flags & TC_FIN);
    *quoted = TC_CHECK_NONE;
    if (ep->syn_seen && syn && err->seq == ep->isn) {
        *quoted = TC_CHECK_SYN;
        return ep->syn_frame;
    }
    if (ep->fin_seen && fin && err->seq == ep->fin_seq) {
        *quoted = TC_CHECK_FIN;
        return ep->fin_frame;
    }
    if (ep->data_frame && err->seq == ep->data_seq) {
        *quoted = TC_CHECK_DATA;
        return ep->data_frame;
    }
    return 0;
}

/*
 * RFC 5927 4.1: the sender acts only on an error quoting a sequence number it has sent and not
 * had acknowledged, from its oldest unacknowledged byte to its next one (Linux's check, both
 * ends included). Unknown when the capture holds nothing it sent.
 */
static bool in_flight(const tc_endpoint *ep, const tc_endpoint *peer, uint32_t seq)
{
    if (!ep->seen)
        return true;
    uint32_t una = peer->ack_seen ? peer->max_ack : ep->syn_seen ? ep->isn : ep->base + 1;
    return tc_seq_geq(seq, una) && !tc_seq_lt(ep->next_seq, seq);
}

static tc_icmp_effect effect_of(const tc_conn *conn, const tc_icmp_error *err)
{
    const tc_endpoint *ep = &conn->ep[err->side], *peer = &conn->ep[err->side ^ 1u];
    tc_icmp_kind kind = (tc_icmp_kind)err->kind;
    if (kind == TC_ICMP_OTHER)
        return TC_ICMP_EFFECT_NO_EFFECT;
    if (!in_flight(ep, peer, err->seq))
        return TC_ICMP_EFFECT_NOT_IN_FLIGHT;
    if (kind == TC_ICMP_FRAG_NEEDED)
        return TC_ICMP_EFFECT_PATH_MTU;
    /* RFC 5461 2: stacks abort a connection still in SYN-SENT on any of these, soft or hard. */
    if (ep->state == TC_STATE_SYN_SENT)
        return refuses(kind) ? TC_ICMP_EFFECT_REFUSED : TC_ICMP_EFFECT_UNREACHABLE;
    return TC_ICMP_EFFECT_SOFT;
}

bool tc_icmp_ends_attempt(tc_icmp_effect effect)
{
    return effect == TC_ICMP_EFFECT_REFUSED || effect == TC_ICMP_EFFECT_UNREACHABLE;
}

bool tc_conn_ended_by_icmp(const tc_conn *conn)
{
    return conn->icmp_frame && tc_icmp_ends_attempt((tc_icmp_effect)conn->icmp_effect) &&
           !conn->icmp_then_sent && !conn->synack_seen && !conn->rst_seen;
}

/* Whether an error with this effect says something about the connection for its verdict. */
static bool concerns_conn(tc_icmp_effect effect)
{
    return effect != TC_ICMP_EFFECT_NO_EFFECT && effect != TC_ICMP_EFFECT_NOT_IN_FLIGHT &&
           effect != TC_ICMP_EFFECT_NO_CONNECTION;
}

void tc_conn_icmp(tc_conn *conn, const tc_icmp_error *err, tc_icmp_result *out)
{
    const tc_endpoint *ep = &conn->ep[err->side & 1u];
    tc_icmp_error e = *err;
    e.side &= 1u;
    if (e.kind >= TC_ICMP_KIND_COUNT)
        e.kind = TC_ICMP_OTHER;
    tc_icmp_effect effect = effect_of(conn, &e);
    out->quoted_frame = find_quoted(ep, &e, &out->quoted);
    out->effect = (uint8_t)effect;
    out->sender_state = ep->state;
    out->from_client = e.side == conn->client;
    /* The verdict names the latest error that ends the attempt, else the first that counts. */
    if (concerns_conn(effect) && (tc_icmp_ends_attempt(effect) || !conn->icmp_frame)) {
        conn->icmp_frame = e.frame;
        conn->icmp_effect = (uint8_t)effect;
        conn->icmp_side = e.side;
        conn->icmp_then_sent = false;
    }
}

#define TC_ICMP_KIND_TOKEN(name, token, english, chinese) token,
static const char *const kind_tokens[] = {TC_ICMP_KIND_TABLE(TC_ICMP_KIND_TOKEN)};
#undef TC_ICMP_KIND_TOKEN
#define TC_ICMP_KIND_ENGLISH(name, token, english, chinese) english,
static const char *const kind_english[] = {TC_ICMP_KIND_TABLE(TC_ICMP_KIND_ENGLISH)};
#undef TC_ICMP_KIND_ENGLISH
#define TC_ICMP_KIND_CHINESE(name, token, english, chinese) chinese,
static const char *const kind_chinese[] = {TC_ICMP_KIND_TABLE(TC_ICMP_KIND_CHINESE)};
#undef TC_ICMP_KIND_CHINESE
#define TC_ICMP_EFFECT_TOKEN(name, token, field, severity, summary) token,
static const char *const effect_tokens[] = {TC_ICMP_EFFECT_TABLE(TC_ICMP_EFFECT_TOKEN)};
#undef TC_ICMP_EFFECT_TOKEN

const char *tc_icmp_kind_token(tc_icmp_kind kind)
{
    return kind < TC_ICMP_KIND_COUNT ? kind_tokens[kind] : "";
}

const char *tc_icmp_kind_text(tc_icmp_kind kind, tc_language language)
{
    if (kind >= TC_ICMP_KIND_COUNT)
        return "";
    return language == TC_LANGUAGE_CHINESE ? kind_chinese[kind] : kind_english[kind];
}

const char *tc_icmp_effect_token(tc_icmp_effect effect)
{
    return effect < TC_ICMP_EFFECT_COUNT ? effect_tokens[effect] : "";
}
