/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Table-driven tests of the Zeek verdict: each case is a short packet sequence
 * with the conn_state and history Zeek's rules give for it, worked out by hand
 * (many are the examples in Zeek's own test baselines).
 */
#include "core/zeek_verdict.h"
#include "unit_check.h"

#include <stdio.h>

#define S TC_SYN
#define A TC_ACK
#define F TC_FIN
#define R TC_RST

typedef struct {
    char side; /* 'a' sends first; 'b' is the other side */
    unsigned flags;
    uint32_t seq, ack, len, window;
    bool bad_checksum;
} pkt;

typedef struct {
    const char *name;
    uint16_t port_a, port_b;
    const pkt *pkts;
    size_t count;
    const char *conn_state;
    const char *history;
    char orig; /* the side Zeek calls the originator */
} zcase;

#define ZCASE(name, pa, pb, pkts, state, history, orig)                                            \
    {                                                                                              \
        name, pa, pb, pkts, sizeof pkts / sizeof pkts[0], state, history, orig                     \
    }
#define W 64240

static const pkt full[] = {
    {'a', S, 100, 0, 0, W, false},       {'b', S | A, 900, 101, 0, W, false},
    {'a', A, 101, 901, 0, W, false},     {'a', A, 101, 901, 10, W, false},
    {'b', A, 901, 111, 20, W, false},    {'a', F | A, 111, 921, 0, W, false},
    {'b', F | A, 921, 112, 0, W, false}, {'a', A, 112, 922, 0, W, false},
};
static const pkt midstream_closed[] = {
    {'a', A, 100, 900, 10, W, false},    {'b', A, 900, 110, 0, W, false},
    {'a', F | A, 110, 900, 0, W, false}, {'b', F | A, 900, 111, 0, W, false},
    {'a', A, 111, 901, 0, W, false},
};
static const pkt rejected[] = {{'a', S, 100, 0, 0, W, false}, {'b', R | A, 0, 101, 0, 0, false}};
static const pkt syn_then_rst[] = {{'a', S, 100, 0, 0, W, false}, {'a', R, 101, 0, 0, 0, false}};
static const pkt syn_ack_rst[] = {
    {'a', S, 100, 0, 0, W, false},
    {'b', A, 900, 101, 0, W, false},
    {'a', R, 101, 0, 0, 0, false},
};
static const pkt syn_ack_fin_rst[] = {
    {'a', S, 100, 0, 0, W, false},
    {'b', A, 900, 101, 0, W, false},
    {'a', F, 101, 0, 0, W, false},
    {'a', R, 102, 0, 0, 0, false},
};
static const pkt lone_syn_ack_then_ack[] = {
    {'a', S | A, 900, 101, 0, W, false},
    {'b', A, 101, 901, 0, W, false},
};
static const pkt syn_ack_before_syn[] = {
    {'a', S | A, 900, 101, 0, W, false},
    {'b', S, 100, 0, 0, W, false},
    {'b', A, 101, 901, 0, W, false},
    {'a', A, 901, 101, 0, W, false},
};
static const pkt retransmissions[] = {
    {'a', S, 100, 0, 0, W, false},    {'b', S | A, 900, 101, 0, W, false},
    {'a', A, 101, 901, 0, W, false},  {'a', A, 101, 901, 10, W, false},
    {'a', A, 101, 901, 10, W, false}, {'a', A, 101, 901, 10, W, false},
    {'a', A, 101, 901, 10, W, false}, {'a', A, 101, 901, 10, W, false},
    {'a', A, 101, 901, 10, W, false}, {'a', A, 101, 901, 10, W, false},
    {'a', A, 101, 901, 10, W, false}, {'a', A, 101, 901, 10, W, false},
    {'a', A, 101, 901, 10, W, false}, {'a', A, 101, 901, 10, W, false},
};
static const pkt zero_window_and_bad_checksum[] = {
    {'a', S, 100, 0, 0, W, false},
    {'b', S | A, 900, 101, 0, W, true},
    {'b', S | A, 900, 101, 0, W, false},
    {'a', A, 101, 901, 0, 0, false},
};
static const pkt multi_flags[] = {
    {'a', S | F, 100, 0, 0, W, false},
    {'b', F | R, 900, 0, 0, 0, false},
};
static const pkt syn_retransmit_and_new_isn[] = {
    {'a', S, 100, 0, 0, W, false},
    {'a', S, 100, 0, 0, W, false},
    {'a', S, 5000, 0, 0, W, false},
};
static const pkt server_first_data[] = {
    {'a', A, 900, 100, 20, W, false},
    {'b', A, 100, 920, 0, W, false},
};
static const pkt responder_rst_to_data[] = {
    {'a', A, 100, 900, 10, W, false},
    {'b', R, 900, 0, 0, 0, false},
};
static const pkt rst_after_both_fins[] = {
    {'a', S, 100, 0, 0, W, false},       {'b', S | A, 900, 101, 0, W, false},
    {'a', A, 101, 901, 0, W, false},     {'a', F | A, 101, 901, 0, W, false},
    {'b', F | A, 901, 102, 0, W, false}, {'a', R, 102, 0, 0, 0, false},
};
static const pkt orig_closes_alone[] = {
    {'a', S, 100, 0, 0, W, false},
    {'a', F, 101, 0, 0, W, false},
};

static const zcase cases[] = {
    ZCASE("full connection", 40000, 80, full, "SF", "ShADdFf", 'a'),
    ZCASE("SF without any SYN", 40000, 80, midstream_closed, "SF", "DaFfA", 'a'),
    ZCASE("rejected", 40000, 80, rejected, "REJ", "Sr", 'a'),
    ZCASE("SYN then RST", 40000, 80, syn_then_rst, "RSTOS0", "SR", 'a'),
    ZCASE("SYN, responder ACK, RST", 40000, 80, syn_ack_rst, "RSTOS0", "SaR", 'a'),
    ZCASE("an F breaks RSTOS0", 40000, 80, syn_ack_fin_rst, "OTH", "SaFR", 'a'),
    ZCASE("lone SYN-ACK turns around", 40000, 40001, lone_syn_ack_then_ack, "OTH", "^hA", 'b'),
    ZCASE("SYN-ACK captured before its SYN", 40000, 40001, syn_ack_before_syn, "S1", "Hs^Aa", 'b'),
    ZCASE("ten retransmissions", 40000, 80, retransmissions, "S1", "ShADTT", 'a'),
    ZCASE("zero window, bad checksum", 40000, 80, zero_window_and_bad_checksum, "S1", "SchAW", 'a'),
    ZCASE("SYN+FIN, then FIN+RST after it", 40000, 80, multi_flags, "SF", "Qi", 'a'),
    ZCASE("SYN repeats only with a new ISN", 40000, 80, syn_retransmit_and_new_isn, "S0", "SS",
          'a'),
    ZCASE("server speaks first from a server port", 80, 40000, server_first_data, "OTH", "^dA",
          'b'),
    ZCASE("responder RST to midstream data", 40000, 80, responder_rst_to_data, "RSTRH", "Dr", 'a'),
    ZCASE("RST after both FINs keeps SF", 40000, 80, rst_after_both_fins, "SF", "ShAFfR", 'a'),
    ZCASE("originator SYN then FIN", 40000, 80, orig_closes_alone, "SH", "SF", 'a'),
};

static int run(const zcase *zc)
{
    zk_conn zk;
    zk_conn_init(&zk);
    for (size_t i = 0; i < zc->count; i++) {
        const pkt *p = &zc->pkts[i];
        unsigned side = p->side == 'b';
        tc_segment seg = {.frame = (uint32_t)(i + 1),
                          .seq = p->seq,
                          .ack = p->ack,
                          .len = p->len,
                          .window = p->window,
                          .flags = (uint16_t)p->flags,
                          .side = (uint8_t)side,
                          .bad_checksum = p->bad_checksum};
        uint16_t src = side ? zc->port_b : zc->port_a, dst = side ? zc->port_a : zc->port_b;
        zk_conn_segment(&zk, &seg, src, dst);
    }
    const char *state = tc_conn_state_token(zk_conn_state(&zk));
    char orig = zk.orig == 0 ? 'a' : 'b';
    char orig_side[2] = {orig, '\0'}, want_side[2] = {zc->orig, '\0'};
    int failures = unit_str("conn_state", state, zc->conn_state);
    failures += unit_str("history", zk.history, zc->history);
    failures += unit_str("originator side", orig_side, want_side);
    return failures;
}

/* A lone SYN-ACK from server_port: flipped at creation only when the port is a likely one. */
static int lone_synack_history(uint16_t server_port, const char *want)
{
    zk_conn zk;
    zk_conn_init(&zk);
    tc_segment seg = {.frame = 1, .seq = 900, .ack = 101, .window = W, .flags = S | A, .side = 0};
    zk_conn_segment(&zk, &seg, server_port, 40000);
    char what[48];
    snprintf(what, sizeof what, "history of a SYN-ACK from port %u", server_port);
    return unit_str(what, zk.history, want);
}

/* Zeek's defaults, none (zeek -b), a list of one's own. */
static int server_port_sets(void)
{
    static const uint16_t own[] = {8443};
    size_t count;
    const uint16_t *defaults = zk_default_server_ports(&count);
    int failures = lone_synack_history(80, "^h") + lone_synack_history(8443, "H") +
                   lone_synack_history(6668, "^h");
    zk_set_server_ports(NULL, 0);
    failures += lone_synack_history(80, "H");
    zk_set_server_ports(own, 1);
    failures += lone_synack_history(8443, "^h") + lone_synack_history(80, "H");
    zk_set_server_ports(defaults, count);
    return failures;
}

int main(void)
{
    unit_tally tally = {0, 0};
    unit_case(&tally, "server ports: Zeek's defaults, none, one's own", server_port_sets());
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        unit_case(&tally, cases[i].name, run(&cases[i]));
    return unit_summary(&tally);
}
