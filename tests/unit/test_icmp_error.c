/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMP errors quoting a TCP segment: each case is a connection's segments, with ICMP errors
 * among them, and what the errors do, worked out from RFC 1122 4.2.3.9, RFC 5461 and RFC 5927
 * 4.1 (and Linux's tcp_v4_err), then the connection's close and hindsight on its SYN.
 */
#include "core/icmp_error.h"
#include "unit_check.h"

#include <stdio.h>
#include <string.h>

#define S TC_SYN
#define A TC_ACK
#define F TC_FIN

/* A segment ('c' client, 's' server) or an ICMP error sent to one ('C', 'S'). */
typedef struct {
    char who;
    unsigned flags; /* a segment's; for an error, the quoted header's (0: an 8-byte quote) */
    uint32_t seq, ack, len;
    tc_icmp_kind kind;     /* for an error */
    const char *effect;    /* for an error: tc_icmp_effect_token */
    uint32_t quoted_frame; /* for an error */
} event;

typedef struct {
    const char *name;
    const event *events;
    size_t count;
    const char *close;   /* tc_conn_close once all are fed */
    uint32_t icmp_frame; /* the error the verdict names */
    bool syn_icmp;       /* hindsight on the SYN: answered by an ICMP error only */
} icase;

#define ICASE(name, events, close, frame, syn_icmp)                                                \
    {                                                                                              \
        name, events, sizeof events / sizeof events[0], close, frame, syn_icmp                     \
    }

static const event port_unreachable[] = {
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'C', S, 100, 0, 0, TC_ICMP_PORT_UNREACHABLE, "refused", 1},
};

/* An 8-byte quote has no flags: the SYN is found by its ISN. */
static const event short_quote[] = {
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'C', 0, 100, 0, 0, TC_ICMP_ADMIN_PROHIBITED, "refused", 1},
};

/* The client sent its SYN again after the first error: the second is the one it gave up on. */
static const event retried[] = {
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'C', S, 100, 0, 0, TC_ICMP_HOST_UNREACHABLE, "unreachable", 1},
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'C', S, 100, 0, 0, TC_ICMP_HOST_UNREACHABLE, "unreachable", 1},
};

/* ... and after the last one too: no error ended it, the SYN went unanswered. */
static const event went_on[] = {
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'C', S, 100, 0, 0, TC_ICMP_TIME_EXCEEDED, "unreachable", 1},
    {'c', S, 100, 0, 0, 0, NULL, 0},
};

/* A SYN-ACK after the error: the connection opened anyway. */
static const event answered_anyway[] = {
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'C', S, 100, 0, 0, TC_ICMP_PORT_UNREACHABLE, "refused", 1},
    {'s', S | A, 500, 101, 0, 0, NULL, 0},
    {'c', A, 101, 501, 0, 0, NULL, 0},
};

/* On an open connection: soft, path MTU on the data, and errors quoting what is not in flight:
 * acknowledged data, and data never sent. */
static const event open_connection[] = {
    {'c', S, 100, 0, 0, 0, NULL, 0},
    {'s', S | A, 500, 101, 0, 0, NULL, 0},
    {'c', A, 101, 501, 0, 0, NULL, 0},
    {'c', A, 101, 501, 1400, 0, NULL, 0},
    {'C', A, 101, 501, 0, TC_ICMP_FRAG_NEEDED, "path_mtu", 4},
    {'C', A, 101, 501, 0, TC_ICMP_HOST_UNREACHABLE, "soft", 4},
    {'S', A, 501, 0, 0, TC_ICMP_PORT_UNREACHABLE, "soft", 0},
    {'C', A, 0x40000000, 501, 0, TC_ICMP_HOST_UNREACHABLE, "not_in_flight", 0},
    {'s', A, 501, 1501, 0, 0, NULL, 0},
    {'C', A, 101, 501, 0, TC_ICMP_HOST_UNREACHABLE, "not_in_flight", 4},
    {'C', A, 1501, 501, 0, TC_ICMP_OTHER, "no_effect", 0},
    {'c', F | A, 1501, 501, 0, 0, NULL, 0},
    {'C', F | A, 1501, 501, 0, TC_ICMP_HOST_UNREACHABLE, "soft", 12},
    {'s', F | A, 501, 1502, 0, 0, NULL, 0},
    {'c', A, 1502, 502, 0, 0, NULL, 0},
};

static const icase cases[] = {
    ICASE("port unreachable answers the SYN", port_unreachable, "icmp", 2, true),
    ICASE("8-byte quote, admin prohibited", short_quote, "icmp", 2, true),
    ICASE("SYN sent again after the first error", retried, "icmp", 4, true),
    ICASE("SYN sent again after the last error", went_on, "not-closed", 2, false),
    ICASE("SYN-ACK after the error", answered_anyway, "not-closed", 2, false),
    ICASE("errors on an open connection", open_connection, "3-way", 5, false),
};

static int run_case(const icase *c)
{
    tc_conn conn;
    tc_result res;
    int failures = 0;
    char what[96];
    tc_conn_init(&conn, 40000, 80);
    for (size_t i = 0; i < c->count; i++) {
        const event *e = &c->events[i];
        uint32_t frame = (uint32_t)i + 1;
        bool error = e->who == 'C' || e->who == 'S';
        uint8_t side = (e->who == 'c' || e->who == 'C') ? TC_SIDE_A : TC_SIDE_B;
        if (!error) {
            tc_segment seg = {0};
            seg.frame = frame;
            seg.flags = (uint16_t)e->flags;
            seg.seq = e->seq;
            seg.ack = e->ack;
            seg.len = e->len;
            seg.window = 65535;
            seg.side = side;
            tc_conn_segment(&conn, &seg, &res);
            continue;
        }
        tc_icmp_error err = {frame, e->seq,           (uint16_t)e->flags,
                             side,  (uint8_t)e->kind, e->flags != 0};
        tc_icmp_result out;
        tc_conn_icmp(&conn, &err, &out);
        snprintf(what, sizeof what, "frame %u effect", frame);
        failures += unit_str(what, tc_icmp_effect_token((tc_icmp_effect)out.effect), e->effect);
        snprintf(what, sizeof what, "frame %u quoted frame", frame);
        failures += unit_uint(what, out.quoted_frame, e->quoted_frame);
        snprintf(what, sizeof what, "frame %u from client", frame);
        failures += unit_uint(what, out.from_client, side == TC_SIDE_A);
    }
    failures += unit_str("close", tc_close_token(tc_conn_close(&conn)), c->close);
    failures += unit_uint("verdict's ICMP frame", conn.icmp_frame, c->icmp_frame);
    uint32_t found = tc_conn_hindsight(&conn, &res, conn.ep[conn.client].syn_frame);
    failures += unit_uint("SYN answered by ICMP only",
                          (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_ICMP)) != 0, c->syn_icmp);
    failures +=
        unit_uint("SYN never answered", (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_UNANSWERED)) != 0,
                  strcmp(c->close, "not-closed") == 0 && !conn.synack_seen);
    return failures;
}

/* Type and code, ICMP and ICMPv6, as RFC 792, 1812 and 4443 number them. */
static int classify_cases(void)
{
    static const struct {
        bool v6;
        uint8_t type, code;
        const char *kind;
    } rows[] = {
        {false, 3, 0, "net_unreachable"},
        {false, 3, 1, "host_unreachable"},
        {false, 3, 2, "protocol_unreachable"},
        {false, 3, 3, "port_unreachable"},
        {false, 3, 4, "frag_needed"},
        {false, 3, 5, "unreachable"},
        {false, 3, 10, "admin_prohibited"},
        {false, 3, 13, "admin_prohibited"},
        {false, 3, 99, "unreachable"},
        {false, 4, 0, "other"},
        {false, 5, 1, "other"},
        {false, 11, 0, "time_exceeded"},
        {false, 12, 0, "parameter_problem"},
        {true, 1, 0, "net_unreachable"},
        {true, 1, 1, "admin_prohibited"},
        {true, 1, 3, "host_unreachable"},
        {true, 1, 4, "port_unreachable"},
        {true, 1, 6, "admin_prohibited"},
        {true, 2, 0, "frag_needed"},
        {true, 3, 0, "time_exceeded"},
        {true, 4, 1, "parameter_problem"},
        {true, 128, 0, "other"},
    };
    int failures = 0;
    char what[64];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(what, sizeof what, "ICMP%s %u/%u", rows[i].v6 ? "v6" : "", rows[i].type,
                 rows[i].code);
        failures += unit_str(
            what, tc_icmp_kind_token(tc_icmp_classify(rows[i].v6, rows[i].type, rows[i].code)),
            rows[i].kind);
    }
    return failures;
}

int main(void)
{
    unit_tally tally = {0, 0};
    unit_case(&tally, "ICMP and ICMPv6 types and codes", classify_cases());
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        unit_case(&tally, cases[i].name, run_case(&cases[i]));
    return unit_summary(&tally);
}
