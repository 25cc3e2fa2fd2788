/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Zeek's counts: orig_bytes/resp_bytes as TCP_Endpoint::Size() gives them (sequence space,
 * gaps included, retransmissions once), packets and IP bytes as the ConnSize analyzer counts
 * them (checksum drops left out), and the duration (nothing after both sides closed).
 * Each expectation worked out by hand from Zeek's TCPSessionAdapter and TCP_Endpoint.
 */
#include "core/zeek_verdict.h"
#include "unit_check.h"

#define S  TC_SYN
#define A  TC_ACK
#define F  TC_FIN
#define R  TC_RST
#define MS 1000000u

typedef struct {
    char side;
    unsigned flags;
    uint32_t seq, ack, len;
    uint32_t ms;
    bool bad_checksum;
} pkt;

typedef struct {
    const char *name;
    const pkt *pkts;
    size_t count;
    uint64_t size_a, size_b;
    uint32_t pkts_a, pkts_b;
    uint64_t ip_bytes_a;
    uint64_t duration_ms;
} ccase;

#define CCASE(name, pkts, sa, sb, pa, pb, ipa, dur)                                                \
    {                                                                                              \
        name, pkts, sizeof pkts / sizeof pkts[0], sa, sb, pa, pb, ipa, dur                         \
    }

/* 10 bytes from a, 20 from b, both close; the last ACK comes 50 ms after both FINs. */
static const pkt full[] = {
    {'a', S, 100, 0, 0, 0, false},       {'b', S | A, 900, 101, 0, 1, false},
    {'a', A, 101, 901, 0, 2, false},     {'a', A, 101, 901, 10, 3, false},
    {'b', A, 901, 111, 20, 4, false},    {'a', F | A, 111, 921, 0, 5, false},
    {'b', F | A, 921, 112, 0, 6, false}, {'a', A, 112, 922, 0, 56, false},
};
/* a's 10 bytes sent twice: counted once (the sequence space, not the sum). */
static const pkt retransmitted[] = {
    {'a', S, 100, 0, 0, 0, false},    {'b', S | A, 900, 101, 0, 1, false},
    {'a', A, 101, 901, 10, 2, false}, {'a', A, 101, 901, 10, 3, false},
    {'b', A, 901, 111, 0, 4, false},
};
/* a's bytes 11-20 are never seen: the gap counts (30 bytes of space). */
static const pkt gap[] = {
    {'a', S, 100, 0, 0, 0, false},    {'b', S | A, 900, 101, 0, 1, false},
    {'a', A, 101, 901, 10, 2, false}, {'a', A, 121, 901, 10, 3, false},
    {'b', A, 901, 131, 0, 4, false},
};
/* Midstream: no SYN, numbered as though one came just before the first byte. */
static const pkt midstream[] = {
    {'a', A, 5000, 7000, 100, 0, false},
    {'b', A, 7000, 5100, 40, 1, false},
};
/* A bad checksum: not counted, no size, no time. */
static const pkt bad_checksum[] = {
    {'a', S, 100, 0, 0, 0, false},
    {'b', S | A, 900, 101, 0, 1, false},
    {'a', A, 101, 901, 10, 2, true},
};
/* SYN, SYN retransmitted, RST: a single packet time, so no duration. */
static const pkt lone_syn[] = {{'a', S, 100, 0, 0, 0, false}};

static const ccase cases[] = {
    CCASE("full connection", full, 10, 20, 5, 3, 5 * 40 + 10, 6),
    CCASE("retransmission counted once", retransmitted, 10, 0, 3, 2, 3 * 40 + 20, 4),
    CCASE("gap included", gap, 30, 0, 3, 2, 3 * 40 + 20, 4),
    CCASE("midstream", midstream, 100, 40, 1, 1, 140, 1),
    CCASE("bad checksum dropped", bad_checksum, 0, 0, 1, 1, 40, 1),
    CCASE("single packet", lone_syn, 0, 0, 1, 0, 40, 0),
};

static int run(const ccase *cc)
{
    zk_conn zk;
    zk_conn_init(&zk);
    for (size_t i = 0; i < cc->count; i++) {
        const pkt *p = &cc->pkts[i];
        unsigned side = p->side == 'b';
        tc_segment seg = {.time_ns = (uint64_t)p->ms * MS,
                          .frame = (uint32_t)(i + 1),
                          .seq = p->seq,
                          .ack = p->ack,
                          .len = p->len,
                          .window = 64240,
                          .ip_len = 40 + p->len,
                          .flags = (uint16_t)p->flags,
                          .side = (uint8_t)side,
                          .bad_checksum = p->bad_checksum};
        zk_conn_segment(&zk, &seg, side ? 80 : 40000, side ? 40000 : 80);
    }
    return unit_uint("size of a", zk_endpoint_size(&zk, 0), cc->size_a) +
           unit_uint("size of b", zk_endpoint_size(&zk, 1), cc->size_b) +
           unit_uint("packets of a", zk.ep[0].pkts, cc->pkts_a) +
           unit_uint("packets of b", zk.ep[1].pkts, cc->pkts_b) +
           unit_uint("IP bytes of a", zk.ep[0].ip_bytes, cc->ip_bytes_a) +
           unit_uint("duration (ms)", zk_conn_duration_ns(&zk) / MS, cc->duration_ms);
}

int main(void)
{
    unit_tally tally = {0, 0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        unit_case(&tally, cases[i].name, run(&cases[i]));
    return unit_summary(&tally);
}
