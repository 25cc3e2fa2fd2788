/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Invariants of the lifecycle core (see lifecycle_invariants.h). The facts are the
 * harness's own record of what it fed, not the core's state, so a state the core
 * reaches without its cause on the wire is caught.
 */
#include "lifecycle_invariants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(cond, ...)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "invariant broken at frame %u: %s: ", seg->frame, #cond);              \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static bool has(const tc_result *res, tc_event ev)
{
    return (res->events & TC_EVENT_BIT(ev)) != 0;
}

static bool is_fin_role(uint8_t role)
{
    return role == TC_ROLE_FIN || role == TC_ROLE_FIN_ACK;
}

static bool is_rst_role(uint8_t role)
{
    return role == TC_ROLE_RST || role == TC_ROLE_RST_ACK;
}

/* The role follows from the flags alone for SYN, SYN-ACK, FIN and RST segments. */
static void check_role(const tc_segment *seg, const tc_result *res)
{
    bool ack = seg->flags & TC_ACK;
    REQUIRE(res->role > TC_ROLE_NONE && res->role < TC_ROLE_COUNT, "role %u", res->role);
    if (seg->flags & TC_RST)
        REQUIRE(res->role == (ack ? TC_ROLE_RST_ACK : TC_ROLE_RST), "role %u", res->role);
    else if (seg->flags & TC_SYN)
        REQUIRE(res->role == (ack ? TC_ROLE_SYN_ACK : TC_ROLE_SYN), "role %u", res->role);
    else if (seg->flags & TC_FIN)
        REQUIRE(res->role == (ack ? TC_ROLE_FIN_ACK : TC_ROLE_FIN), "role %u", res->role);
    else
        REQUIRE(!is_fin_role(res->role) && !is_rst_role(res->role), "role %u", res->role);
    if (res->role == TC_ROLE_DATA)
        REQUIRE(seg->len > 0, "DATA without payload");
    /* ACK is "any other segment without payload": a segment without flags is one too. */
    if (res->role == TC_ROLE_ACK)
        REQUIRE(seg->len == 0, "ACK with len %u", seg->len);
    if (res->role == TC_ROLE_DATA_ACK || res->role == TC_ROLE_CLOSE_ACK)
        REQUIRE(seg->len == 0 && ack, "role %u with len %u, flags %#x", res->role, seg->len,
                seg->flags);
    if (res->with_data)
        REQUIRE(seg->len > 0 && res->role != TC_ROLE_DATA, "with_data on role %u", res->role);
    if (res->retransmission)
        REQUIRE(res->role == TC_ROLE_SYN || res->role == TC_ROLE_SYN_ACK ||
                    is_fin_role(res->role) || res->role == TC_ROLE_DATA,
                "retransmission on role %u", res->role);
}

static void check_step(const tc_segment *seg, const tc_result *res)
{
    static const unsigned handshake_step[TC_ROLE_COUNT] = {
        [TC_ROLE_SYN] = 1, [TC_ROLE_SYN_ACK] = 2, [TC_ROLE_FINAL_ACK] = 3};
    static const unsigned teardown_total[TC_TEARDOWN_COUNT] = {
        [TC_TEARDOWN_NONE] = 4,      [TC_TEARDOWN_HALF_CLOSED] = 4,  [TC_TEARDOWN_FOUR_WAY] = 4,
        [TC_TEARDOWN_THREE_WAY] = 3, [TC_TEARDOWN_SIMULTANEOUS] = 4, [TC_TEARDOWN_RESET] = 4};

    REQUIRE(res->phase <= TC_PHASE_TEARDOWN, "phase %u", res->phase);
    REQUIRE(res->teardown < TC_TEARDOWN_COUNT, "teardown %u", res->teardown);
    REQUIRE(res->check < TC_CHECK_COUNT, "check %u", res->check);
    REQUIRE((res->phase == TC_PHASE_HANDSHAKE) == (handshake_step[res->role] != 0),
            "phase %u for role %u", res->phase, res->role);
    if (res->phase == TC_PHASE_HANDSHAKE)
        REQUIRE(res->step == handshake_step[res->role], "step %u for role %u", res->step,
                res->role);
    else if (res->phase == TC_PHASE_TEARDOWN)
        REQUIRE(res->step <= teardown_total[res->teardown], "teardown step %u of kind %u",
                res->step, res->teardown);
    else
        REQUIRE(res->step == 0, "step %u outside any phase", res->step);
    /* A FIN has a step of the close unless its receiver drops it. */
    if (is_fin_role(res->role) && !(res->events & TC_NOT_TAKEN))
        REQUIRE(res->step >= 1, "FIN without a step");
}

/* Each endpoint's state needs the segments that lead to it. */
static void check_state(const lifecycle_facts *f, const tc_segment *seg, uint8_t state,
                        unsigned side)
{
    unsigned peer = side ^ 1u;
    bool any_syn = f->sent_syn[0] || f->sent_syn[1] || f->sent_synack[0] || f->sent_synack[1];
    REQUIRE(state < TC_STATE_COUNT, "state %u", state);
    switch (state) {
    case TC_STATE_LISTEN:
        REQUIRE(f->sent_syn[peer], "LISTEN without the peer's SYN");
        break;
    case TC_STATE_SYN_SENT:
    case TC_STATE_SYN_RECEIVED:
    case TC_STATE_ESTABLISHED:
        REQUIRE(any_syn, "%s without a SYN", tc_state_name((tc_state)state));
        break;
    case TC_STATE_FIN_WAIT_1:
    case TC_STATE_FIN_WAIT_2:
        REQUIRE(f->sent_fin[side], "%s without its own FIN", tc_state_name((tc_state)state));
        break;
    case TC_STATE_CLOSE_WAIT:
        REQUIRE(f->sent_fin[peer], "CLOSE-WAIT without the peer's FIN");
        break;
    case TC_STATE_CLOSING:
    case TC_STATE_LAST_ACK:
    case TC_STATE_TIME_WAIT:
        REQUIRE(f->sent_fin[side] && f->sent_fin[peer], "%s without both FINs",
                tc_state_name((tc_state)state));
        break;
    case TC_STATE_CLOSED:
        REQUIRE(f->rst || (f->sent_fin[side] && f->sent_fin[peer]),
                "CLOSED without a RST or both FINs");
        break;
    default:
        break;
    }
}

/* Events need their cause in this segment or before it. */
static void check_events(const lifecycle_facts *f, const lifecycle_facts *after,
                         const tc_segment *seg, const tc_result *res, unsigned side)
{
    REQUIRE(res->events < TC_EVENT_BIT(TC_EVENT_COUNT), "events %#x", res->events);
    /* Without a check when it also covers what the server sent after its SYN-ACK. */
    if (has(res, TC_EVENT_HANDSHAKE_COMPLETE))
        REQUIRE(res->role == TC_ROLE_FINAL_ACK && (res->check_ok || res->check == TC_CHECK_NONE),
                "handshake complete on role %u", res->role);
    if (has(res, TC_EVENT_CLOSED))
        REQUIRE(!f->closed_reported && after->sent_fin[0] && after->sent_fin[1],
                "closed twice or without both FINs");
    if (has(res, TC_EVENT_NEW_CONNECTION) || has(res, TC_EVENT_PORT_REUSE))
        REQUIRE(res->role == TC_ROLE_SYN, "new connection on role %u", res->role);
    if (has(res, TC_EVENT_REFUSED))
        REQUIRE(is_rst_role(res->role) && f->sent_syn[side ^ 1u], "refused without a SYN");
    if (has(res, TC_EVENT_ABORTED))
        REQUIRE(is_rst_role(res->role), "aborted on role %u", res->role);
    if (has(res, TC_EVENT_RETRANSMISSION))
        REQUIRE(res->retransmission, "retransmitted event without the flag");
    /* A RST not taken as a reset is one reason, and neither a refusal nor an abort. */
    if (res->events & TC_RST_NOT_TAKEN) {
        uint32_t why = res->events & TC_RST_NOT_TAKEN;
        REQUIRE(is_rst_role(res->role) && (why & (why - 1)) == 0 && !has(res, TC_EVENT_REFUSED) &&
                    !has(res, TC_EVENT_ABORTED) && res->phase == TC_PHASE_NONE,
                "RST not taken: events %#x role %u phase %u", res->events, res->role, res->phase);
    }
    /* Any other segment dropped for its number has no step, no check and no other reason. */
    if (has(res, TC_EVENT_OUT_OF_WINDOW))
        REQUIRE(!(seg->flags & (TC_SYN | TC_RST)) && !(res->events & TC_RST_NOT_TAKEN) &&
                    res->phase == TC_PHASE_NONE && res->step == 0 && res->check == TC_CHECK_NONE &&
                    !(res->events &
                      ~(TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW) | TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN))),
                "dropped segment: events %#x role %u phase %u step %u", res->events, res->role,
                res->phase, res->step);
    /* One dropped for its ack has one reason, no step, and its check against the FIN when it
     * acknowledges past it. */
    if (res->events & TC_ACK_NOT_TAKEN) {
        uint32_t why = res->events & TC_ACK_NOT_TAKEN;
        REQUIRE((seg->flags & (TC_SYN | TC_RST | TC_ACK)) == TC_ACK && (why & (why - 1)) == 0 &&
                    res->phase == TC_PHASE_NONE && res->step == 0 &&
                    !(res->events & ~(why | TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN))),
                "dropped for its ack: events %#x role %u phase %u step %u", res->events, res->role,
                res->phase, res->step);
        if (why == TC_EVENT_BIT(TC_EVENT_ACK_UNSENT))
            REQUIRE(res->check == TC_CHECK_FIN && !res->check_ok && !has(res, TC_EVENT_ACKS_UNSEEN),
                    "ack past the FIN: check %u ok %d", res->check, res->check_ok);
        else
            REQUIRE(res->check == TC_CHECK_NONE, "ack too old with check %u", res->check);
    }
    if (has(res, TC_EVENT_BAD_ACK))
        REQUIRE(res->check != TC_CHECK_NONE && !res->check_ok, "bad ack event with check %u ok %d",
                res->check, res->check_ok);
    /* Short of the FIN: a wrong FIN check, or a right check of the data before the FIN. */
    if (has(res, TC_EVENT_ACK_MISSES_FIN))
        REQUIRE(res->check == TC_CHECK_FIN ? !res->check_ok
                                           : res->check == TC_CHECK_DATA && res->check_ok,
                "ack short of the FIN with check %u ok %d", res->check, res->check_ok);
    if (has(res, TC_EVENT_DATA_BEFORE_HANDSHAKE))
        REQUIRE(seg->len > 0, "data before handshake without data");
    if (has(res, TC_EVENT_DATA_AFTER_FIN))
        REQUIRE(f->sent_fin[side], "data after FIN without an earlier FIN");
    if (res->check != TC_CHECK_NONE)
        REQUIRE(res->check_ok == (res->ack == res->expected_ack), "check_ok %d: ack %u want %u",
                res->check_ok, res->ack, res->expected_ack);
    else
        REQUIRE(!res->check_ok, "check_ok without a check");
}

/* A frame link points back to an earlier segment of the peer. */
static void check_link(const frame_sides *sides, const tc_segment *seg, uint32_t frame,
                       const char *what)
{
    if (!frame)
        return;
    REQUIRE(frame < seg->frame && frame <= sides->frames, "%s %u is not earlier", what, frame);
    REQUIRE(sides->side_of_frame[frame] != seg->side, "%s %u is the sender's own", what, frame);
}

/* The glue's label buffer holds every label whole. */
static void check_label(const tc_segment *seg, const tc_result *res)
{
    char buf[96];
    const char *label = tc_result_label(res, buf, sizeof buf);
    REQUIRE(label == buf && buf[0] != '\0' && strlen(buf) < sizeof buf - 1, "label \"%s\"", buf);
}

static void learn(lifecycle_facts *f, const tc_segment *seg, const tc_result *res)
{
    unsigned side = seg->side;
    if (has(res, TC_EVENT_NEW_CONNECTION) || has(res, TC_EVENT_PORT_REUSE))
        memset(f, 0, sizeof *f);
    if (!f->started) {
        f->started = true;
        f->client = (uint8_t)(res->from_client ? side : side ^ 1u);
    }
    /* A segment its receiver drops is not part of the connection: its sender may still be
     * one that has sent nothing, and its FIN closes nothing. */
    bool taken = !(res->events & TC_NOT_TAKEN);
    if (taken)
        f->sent_any[side] = true;
    if ((seg->flags & (TC_SYN | TC_RST)) == TC_SYN) {
        if (seg->flags & TC_ACK)
            f->sent_synack[side] = true;
        else
            f->sent_syn[side] = true;
    }
    if ((seg->flags & (TC_SYN | TC_RST | TC_FIN)) == TC_FIN && taken)
        f->sent_fin[side] = true;
    if (seg->flags & TC_RST)
        f->rst = true;
    if (has(res, TC_EVENT_CLOSED))
        f->closed_reported = true;
}

void lifecycle_check(lifecycle_facts *facts, const frame_sides *sides, const tc_segment *seg,
                     const tc_result *res)
{
    unsigned side = seg->side;
    lifecycle_facts after = *facts;
    learn(&after, seg, res);

    check_role(seg, res);
    check_step(seg, res);
    check_events(facts, &after, seg, res, side);
    check_link(sides, seg, res->acks_frame, "acks_frame");
    check_link(sides, seg, res->check != TC_CHECK_NONE ? res->acked_frame : 0, "acked_frame");
    check_label(seg, res);
    unsigned client = res->from_client ? side : side ^ 1u;
    REQUIRE(!after.started || client == after.client, "client changed within a connection");
    /* The side that received the SYN-ACK: the client, or the server of a split handshake; or,
     * while its peer has sent nothing, the SYN's sender acknowledging a SYN-ACK not captured. */
    if (res->role == TC_ROLE_FINAL_ACK)
        REQUIRE(facts->sent_synack[side ^ 1u] ||
                    (!facts->sent_any[side ^ 1u] && facts->sent_syn[side] &&
                     has(res, TC_EVENT_ACKS_UNSEEN)),
                "final ACK without the peer's SYN-ACK");
    check_state(&after, seg, res->state_client, client);
    check_state(&after, seg, res->state_server, client ^ 1u);
    *facts = after;
}
