/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Descriptions (tshark -G fields, the GUI's status bar) that name every value of
 * tcpconn's string fields, and say which fields need the whole capture.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/expert.h>

#include "display/field_values.h"
#include "core/lifecycle.h"

#define WHOLE_CAPTURE " (" TC_WHOLE_CAPTURE ")"

/* "intro: A, B, C" from the table's names first..count-1; the text lives as long as the fields. */
static GString *listed(const char *intro, const char *(*name)(unsigned), unsigned first,
                       unsigned count)
{
    GString *text = g_string_new(intro);
    for (unsigned i = first; i < count; i++)
        g_string_append_printf(text, "%s%s", i == first ? ": " : ", ", name(i));
    return text;
}

static const char *role(unsigned i)
{
    return tc_role_token((tc_role)i);
}

static const char *state(unsigned i)
{
    return tc_state_name((tc_state)i);
}

static const char *teardown(unsigned i)
{
    return tc_teardown_token((tc_teardown)i);
}

static const char *check(unsigned i)
{
    return tc_check_token((tc_check)i);
}

static const char *icmp_kind(unsigned i)
{
    return tc_icmp_kind_token((tc_icmp_kind)i);
}

static const char *icmp_effect(unsigned i)
{
    return tc_icmp_effect_token((tc_icmp_effect)i);
}

static const char *conn_state(unsigned i)
{
    return tc_conn_state_token((tc_conn_state)i);
}

#define TC_FINDING(name, field, severity, summary) {field, PI_##severity},
const finding event_findings[TC_EVENT_COUNT] = {TC_EVENT_TABLE(TC_FINDING)};
const finding hindsight_findings[TC_HINDSIGHT_COUNT] = {TC_HINDSIGHT_TABLE(TC_FINDING)};
#undef TC_FINDING
const finding incomplete_finding = {"incomplete", PI_NOTE};
#define TC_ICMP_FINDING(name, token, field, severity, summary) {field, PI_##severity},
const finding icmp_findings[TC_ICMP_EFFECT_COUNT] = {TC_ICMP_EFFECT_TABLE(TC_ICMP_FINDING)};
#undef TC_ICMP_FINDING

/* Append the names of this severity, the first after *before, the others after ", ". */
static void append_findings(GString *text, const finding *table, unsigned count, int severity,
                            const char **before)
{
    for (unsigned i = 0; i < count; i++) {
        if (table[i].severity == severity) {
            g_string_append_printf(text, "%s%s", *before, table[i].field);
            *before = ", ";
        }
    }
}

static GString *findings(int severity, const char *what)
{
    GString *text = g_string_new(NULL);
    g_string_printf(
        text, "Set by every tcpconn %s, to its expert item's name (tcpconn.analysis.NAME):", what);
    const char *before = " ";
    append_findings(text, event_findings, TC_EVENT_COUNT, severity, &before);
    append_findings(text, &incomplete_finding, 1, severity, &before);
    append_findings(text, icmp_findings, TC_ICMP_EFFECT_COUNT, severity, &before);
    before = "; with the whole capture (tshark -2, or the GUI) also ";
    append_findings(text, hindsight_findings, TC_HINDSIGHT_COUNT, severity, &before);
    return text;
}

static const char zeek_letters[] =
    ": Zeek history letters, upper case for the originator, lower case for the responder: "
    "S SYN, H SYN-ACK, A pure ACK, D data, F FIN, R RST, T retransmission, W zero window, "
    "C bad checksum, I inconsistent, Q multi-flag, ^ originator and responder swapped";

static GString *fixed(const char *text)
{
    return g_string_new(text);
}

const char *field_values_blurb(const char *abbrev)
{
    GString *text = NULL;
    if (!strcmp(abbrev, "tcpconn.role"))
        text = listed("What this segment does in its connection's life", role, 1, TC_ROLE_COUNT);
    else if (!strcmp(abbrev, "tcpconn.teardown.kind"))
        text = listed(
            "How the connection is closing, as far as the capture has shown it, from step 2 on",
            teardown, 1, TC_TEARDOWN_COUNT);
    else if (!strcmp(abbrev, "tcpconn.state.client"))
        text = listed("RFC 9293 state of the client after this segment", state, 0, TC_STATE_COUNT);
    else if (!strcmp(abbrev, "tcpconn.state.server"))
        text = listed("RFC 9293 state of the server after this segment", state, 0, TC_STATE_COUNT);
    else if (!strcmp(abbrev, "tcpconn.ack_check.of"))
        text = listed("What the acknowledgment is checked against", check, 1, TC_CHECK_COUNT);
    else if (!strcmp(abbrev, "tcpconn.so_far.conn_state"))
        text = listed("Zeek conn_state if the capture ended after this segment", conn_state, 1,
                      TC_CONN_STATE_COUNT);
    else if (!strcmp(abbrev, "tcpconn.conn.conn_state"))
        g_string_append(text = listed("Zeek conn_state of the whole connection", conn_state, 1,
                                      TC_CONN_STATE_COUNT),
                        WHOLE_CAPTURE);
    else if (!strcmp(abbrev, "tcpconn.zeek.so_far.conn_state"))
        text = listed("The Zeek connection's conn_state if the capture ended after this segment",
                      conn_state, 1, TC_CONN_STATE_COUNT);
    else if (!strcmp(abbrev, "tcpconn.zeek.conn_state"))
        g_string_append(text = listed("Zeek conn_state of the Zeek connection", conn_state, 1,
                                      TC_CONN_STATE_COUNT),
                        WHOLE_CAPTURE);
    else if (!strcmp(abbrev, "tcpconn.zeek.so_far.history"))
        g_string_append(text = fixed("The Zeek connection's history after this segment"),
                        zeek_letters);
    else if (!strcmp(abbrev, "tcpconn.zeek.history"))
        g_string_append(
            g_string_append(text = fixed("Zeek history of the Zeek connection"), zeek_letters),
            WHOLE_CAPTURE);
    else if (!strcmp(abbrev, "tcpconn.icmp.error"))
        text = listed("What the ICMP or ICMPv6 error says, by its type and code", icmp_kind, 0,
                      TC_ICMP_KIND_COUNT);
    else if (!strcmp(abbrev, "tcpconn.icmp.effect"))
        text = listed("What the error does to the quoted segment's sender and its connection",
                      icmp_effect, 0, TC_ICMP_EFFECT_COUNT);
    else if (!strcmp(abbrev, "tcpconn.conn.icmp"))
        g_string_append(text = listed("The ICMP error that ended the connection attempt, else the "
                                      "first that concerns the connection, by its effect",
                                      icmp_effect, 0, TC_ICMP_EFFECT_NOT_IN_FLIGHT),
                        WHOLE_CAPTURE);
    else if (!strcmp(abbrev, "tcpconn.warning"))
        text = findings(PI_WARN, "warning");
    else if (!strcmp(abbrev, "tcpconn.note"))
        text = findings(PI_NOTE, "note");
    else if (!strcmp(abbrev, "tcpconn.so_far.history"))
        g_string_append(text = fixed("History so far"), zeek_letters);
    else if (!strcmp(abbrev, "tcpconn.conn.history"))
        g_string_append(
            g_string_append(text = fixed("History of the whole connection"), zeek_letters),
            WHOLE_CAPTURE);
    return text ? g_string_free(text, FALSE) : NULL;
}
