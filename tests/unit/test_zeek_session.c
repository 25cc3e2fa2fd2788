/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Zeek's connection boundaries on one address and port pair: each case is a packet
 * sequence with times and the conn.log rows (conn_state and history, in order) Zeek writes
 * for it, worked out by hand from TCPSessionAdapter (AttemptTimer, ConnectionClosed and
 * ConnDeleteTimer, IsReuse) and the Connection inactivity timer, with the default timeouts
 * of init-bare.zeek.
 */
#include "core/zeek_verdict.h"
#include "unit_check.h"

#include <stdio.h>
#include <string.h>

#define S TC_SYN
#define A TC_ACK
#define F TC_FIN
#define R TC_RST

typedef struct {
    char side; /* 'c' client (port 40000), 's' server (port 80 or 22) */
    unsigned flags;
    uint32_t seq, ack, len;
    double at; /* seconds */
} pkt;

typedef struct {
    const char *name;
    uint16_t server_port;
    const pkt *pkts;
    size_t count;
    const char *rows; /* "STATE history" for each row, separated by " | " */
} scase;

#define SCASE(name, port, pkts, rows)                                                              \
    {                                                                                              \
        name, port, pkts, sizeof pkts / sizeof pkts[0], rows                                       \
    }

/* A one-sided capture: the SYN goes unanswered 5 s, so the attempt timer logs S0. */
static const pkt one_sided[] = {
    {'c', S, 100, 0, 0, 0.0},  {'c', A, 101, 900, 0, 0.1}, {'c', A, 101, 900, 10, 0.2},
    {'c', A, 111, 900, 10, 6}, {'c', A, 121, 900, 0, 6.1}, {'c', F | A, 121, 900, 0, 7},
};
/* A client RST, then data 15 s later: deleted 5 s after the reset. */
static const pkt data_after_reset[] = {
    {'c', S, 100, 0, 0, 0.0},     {'s', S | A, 900, 101, 0, 0.1}, {'c', R, 101, 0, 0, 0.2},
    {'c', A, 101, 901, 10, 15.2}, {'s', R, 901, 0, 0, 15.3},
};
/* Refused, and the SYN retransmitted with the same ISN: after the RST, every SYN is new. */
static const pkt refused_retransmitted[] = {
    {'c', S, 100, 0, 0, 0.0},       {'s', R | A, 0, 101, 0, 0.001}, {'c', S, 100, 0, 0, 1.0},
    {'s', R | A, 0, 101, 0, 1.001}, {'c', S, 100, 0, 0, 3.0},       {'s', R | A, 0, 101, 0, 3.001},
};
/* SYN-ACKs while the originator is silent: a new ISN is a new connection, the same is not. */
static const pkt synacks[] = {
    {'s', S | A, 900, 101, 0, 0.0},
    {'s', S | A, 900, 101, 0, 0.5},
    {'s', S | A, 5000, 101, 0, 1.0},
};
/* A stray ACK within tcp_close_delay after the close stays; one after it is a new row. */
static const pkt late_acks[] = {
    {'c', S, 100, 0, 0, 0.0},       {'s', S | A, 900, 101, 0, 0.1}, {'c', A, 101, 901, 0, 0.2},
    {'c', F | A, 101, 901, 0, 1.0}, {'s', F | A, 901, 102, 0, 1.1}, {'c', A, 102, 902, 0, 1.2},
    {'c', A, 102, 902, 0, 4.0},     {'c', A, 102, 902, 0, 6.2},
};
/* Five minutes of silence after the handshake: the inactivity timeout. */
static const pkt idle[] = {
    {'c', S, 100, 0, 0, 0.0},    {'s', S | A, 900, 101, 0, 0.1}, {'c', A, 101, 901, 0, 0.2},
    {'c', A, 101, 901, 10, 0.3}, {'c', A, 111, 901, 10, 300.4},
};
/* The answer 6 s after the SYN comes after the attempt timer: S0, then a lone SYN-ACK. */
static const pkt late_answer[] = {
    {'c', S, 100, 0, 0, 0.0},
    {'s', S | A, 900, 101, 0, 6.0},
};
/* A SYN with a new ISN on an open connection is a new one; the same ISN is not. */
static const pkt new_isn[] = {
    {'c', S, 100, 0, 0, 0.0},
    {'c', S, 100, 0, 0, 1.0},
    {'c', S, 7000, 0, 0, 2.0},
};

static const scase cases[] = {
    SCASE("one-sided: attempt timer", 22, one_sided, "S0 SAD | SH DAF"),
    SCASE("data after a reset: close delay", 80, data_after_reset, "RSTO ShR | RSTRH Dr"),
    SCASE("refused SYN retransmitted: reuse", 80, refused_retransmitted,
          "REJ Sr | REJ Sr | REJ Sr"),
    SCASE("SYN-ACK with a new ISN: reuse", 80, synacks, "OTH ^h | OTH ^h"),
    SCASE("late ACKs after the close", 80, late_acks, "SF ShAFf | OTH A"),
    SCASE("inactivity timeout", 80, idle, "S1 ShAD | OTH D"),
    SCASE("answer after the attempt timer", 80, late_answer, "S0 S | OTH ^h"),
    SCASE("new ISN on an open connection", 80, new_isn, "S0 S | S0 S"),
};

static void log_row(const zk_conn *zk, char *rows, size_t size)
{
    size_t used = strlen(rows);
    snprintf(rows + used, size - used, "%s%s %s", used ? " | " : "",
             tc_conn_state_token(zk_conn_state(zk)), zk->history);
}

static int run(const scase *sc)
{
    char rows[256] = "";
    zk_conn zk;
    zk_conn_init(&zk);
    for (size_t i = 0; i < sc->count; i++) {
        const pkt *p = &sc->pkts[i];
        unsigned side = p->side == 's';
        tc_segment seg = {.time_ns = (uint64_t)(p->at * 1e9),
                          .frame = (uint32_t)(i + 1),
                          .seq = p->seq,
                          .ack = p->ack,
                          .len = p->len,
                          .window = 64240,
                          .flags = (uint16_t)p->flags,
                          .side = (uint8_t)side};
        if (zk_conn_expire(&zk, seg.time_ns) || zk_conn_reuse(&zk, &seg)) {
            log_row(&zk, rows, sizeof rows);
            zk_conn_init(&zk);
        }
        uint16_t src = side ? sc->server_port : 40000, dst = side ? 40000 : sc->server_port;
        zk_conn_segment(&zk, &seg, src, dst);
    }
    log_row(&zk, rows, sizeof rows);
    return unit_str("rows", rows, sc->rows);
}

int main(void)
{
    unit_tally tally = {0, 0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        unit_case(&tally, cases[i].name, run(&cases[i]));
    return unit_summary(&tally);
}
