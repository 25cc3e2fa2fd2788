/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target of the lifecycle core: arbitrary segment sequences (flags, seq/ack,
 * lengths, both directions) fed to one connection, every result checked against the
 * invariants, and the whole sequence replayed to check the core is deterministic.
 *
 * Input: 3 header bytes (predecessor, port of side A, port of side B), then 8 bytes
 * per segment; a segment whose byte 5 has high nibble 0xA is followed by an ICMP error quoting
 * it (or, by byte 2's low bit, sent to its peer), of a kind byte 3 picks. Sequence and
 * acknowledgment numbers are mostly drawn relative to what each side has sent, so that coherent
 * connections are common, with raw values and numbers at the 2^32 wrap mixed in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/icmp_error.h"
#include "core/lifecycle.h"
#include "lifecycle_invariants.h"

#define MAX_SEGMENTS  512
#define RECORD_BYTES  8
#define HEADER_BYTES  3
#define WRAP_ISN_BASE 0xFFFFFF00u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint16_t u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* A sequence-like number: next exactly, next + delta, raw, or near the 2^32 wrap. */
static uint32_t pick(unsigned mode, uint32_t next, uint16_t delta, uint16_t other)
{
    switch (mode & 3u) {
    case 0:
        return next;
    case 1:
        return next + (uint32_t)(int32_t)(int16_t)delta;
    case 2:
        return (uint32_t)delta << 16 | other;
    default:
        return WRAP_ISN_BASE + (delta & 0x1FFu);
    }
}

/*
 * Record layout: flags/side, modes/length class, seq delta (2), ack delta (2), length (2).
 * byte 0: bit 0 side, bits 1-4 FIN SYN RST ACK, bits 5-6 seq mode
 * byte 1: bits 0-1 ack mode, bit 2 empty payload, bit 3 bad checksum, bits 4-7 window
 * byte 7: bits 3-7 window scale option (0 none, else shift + 1)
 */
static tc_segment decode(const uint8_t *rec, uint32_t frame, const uint32_t next[2])
{
    tc_segment seg;
    unsigned side = rec[0] & 1u;
    memset(&seg, 0, sizeof seg);
    seg.frame = frame;
    seg.side = (uint8_t)side;
    seg.flags = (uint16_t)((rec[0] & 0x02 ? TC_FIN : 0) | (rec[0] & 0x04 ? TC_SYN : 0) |
                           (rec[0] & 0x08 ? TC_RST : 0) | (rec[0] & 0x10 ? TC_ACK : 0));
    seg.seq = pick(rec[0] >> 5, next[side], u16(rec + 2), u16(rec + 4));
    seg.ack = pick(rec[1], next[side ^ 1u], u16(rec + 4), u16(rec + 2));
    seg.len = (rec[1] & 0x04) ? 0 : u16(rec + 6) & 0x7FFu;
    seg.bad_checksum = (rec[1] & 0x08) != 0;
    seg.window = (uint32_t)(rec[1] >> 4) << 12;
    seg.wscale_opt = (uint8_t)(rec[7] >> 3); /* shifts past RFC 7323's 14 too */
    seg.time_ns = (uint64_t)frame * 1000000u + (rec[6] >> 3);
    return seg;
}

/*
 * An ICMP error about seg (bytes 2, 3 and 6 pick its side, kind and how much it quotes); what
 * the core says must name a frame of the side it was sent to, and its effect must be one an
 * error on that connection can have.
 */
static void icmp_about(tc_conn *conn, const tc_segment *seg, const uint8_t *rec,
                       const frame_sides *sides, bool check)
{
    tc_icmp_error err = {seg->frame,
                         seg->seq,
                         seg->flags,
                         (uint8_t)(seg->side ^ (rec[2] & 1u)),
                         (uint8_t)(rec[3] % (TC_ICMP_KIND_COUNT + 1)),
                         (rec[6] & 1u) != 0};
    tc_icmp_result out;
    tc_conn_icmp(conn, &err, &out);
    if (!check)
        return;
    if (out.effect >= TC_ICMP_EFFECT_COUNT || out.effect == TC_ICMP_EFFECT_NO_CONNECTION ||
        out.quoted >= TC_CHECK_COUNT || (out.quoted_frame == 0) != (out.quoted == TC_CHECK_NONE))
        abort();
    if (out.quoted_frame && (out.quoted_frame > sides->frames ||
                             sides->side_of_frame[out.quoted_frame] != (err.side & 1u)))
        abort();
    if (tc_conn_ended_by_icmp(conn) && tc_conn_close(conn) != TC_CLOSE_ICMP)
        abort();
}

/* As the plugin does: a new SYN on a port pair that was used starts a new connection. */
static void start_next(tc_conn *conn, lifecycle_facts *facts)
{
    bool was_open = tc_conn_open(conn);
    tc_conn_init(conn, conn->port[TC_SIDE_A], conn->port[TC_SIDE_B]);
    tc_conn_follow(conn, was_open);
    memset(facts, 0, sizeof *facts);
}

static size_t run(const uint8_t *data, size_t size, tc_result *results, bool check)
{
    tc_conn conn, held;
    bool holding = false;
    lifecycle_facts facts;
    uint8_t side_of_frame[MAX_SEGMENTS + 1] = {0};
    frame_sides sides = {side_of_frame, 0};
    uint32_t next[2] = {0, 0};
    bool seen[2] = {false, false};
    size_t n = 0;

    tc_conn_init(&conn, u16(data + 1), (uint16_t)(data[1] ^ data[2] << 3));
    if (data[0] % 3)
        tc_conn_follow(&conn, data[0] % 3 == 1);
    memset(&facts, 0, sizeof facts);
    for (size_t off = HEADER_BYTES; off + RECORD_BYTES <= size && n < MAX_SEGMENTS;
         off += RECORD_BYTES, n++) {
        tc_segment seg = decode(data + off, (uint32_t)n + 1, next);
        if (tc_conn_new_syn(&conn, &seg)) {
            held = conn;
            holding = true;
            start_next(&conn, &facts);
        }
        /* The plugin gives a challenge ACK to the held connection; here a copy of it takes
         * one, so that conn's own story, which the invariants follow, goes on unchanged. */
        if (holding && tc_conn_challenge_ack(&held, &conn, &seg)) {
            tc_conn answered = held, newer = conn;
            tc_result challenge;
            tc_conn_segment_challenge(&answered, &newer, &seg, &challenge);
            if (!(challenge.events & TC_EVENT_BIT(TC_EVENT_CHALLENGE_ACK)) ||
                newer.challenge_frame != seg.frame)
                abort();
        }
        tc_conn_segment(&conn, &seg, &results[n]);
        if (check)
            lifecycle_check(&facts, &sides, &seg, &results[n]);
        side_of_frame[seg.frame] = seg.side;
        sides.frames = seg.frame;
        uint32_t end = seg.seq + seg.len + !!(seg.flags & TC_SYN) + !!(seg.flags & TC_FIN);
        if (!seen[seg.side] || tc_seq_lt(next[seg.side], end))
            next[seg.side] = end;
        seen[seg.side] = true;
        if ((data[off + 5] & 0xF0u) == 0xA0u)
            icmp_about(&conn, &seg, data + off, &sides, check);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tc_result first[MAX_SEGMENTS], again[MAX_SEGMENTS];
    if (size < HEADER_BYTES)
        return 0;
    size_t n = run(data, size, first, true);
    /* The same segments give the same results: nothing depends on uninitialised memory. */
    if (run(data, size, again, false) != n || memcmp(first, again, n * sizeof first[0]) != 0)
        abort();
    return 0;
}
