/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Table-driven tests of the lifecycle core. Each scenario is a connection as it
 * crosses the wire, one row per segment, with what a person reading the capture
 * by hand (RFC 9293 in hand) would say about that segment.
 */
#include "core/lifecycle.h"
#include "unit_check.h"

#include <ctype.h>
#include <stdio.h>

#define S        TC_SYN
#define A        TC_ACK
#define F        TC_FIN
#define R        TC_RST
#define EV(name) TC_EVENT_BIT(TC_EVENT_##name)

typedef struct {
    char side; /* 'a' or 'b': side A is whoever sends first */
    unsigned flags;
    uint32_t seq, ack, len;
    const char *label;
    char sender; /* 'c' client, 's' server */
    const char *client_state, *server_state;
    uint32_t acks_frame;
    uint32_t events;
} row;

typedef struct {
    const char *name;
    uint16_t port_a, port_b;
    const row *rows;
    size_t count;
    const uint32_t *ms; /* capture time of each row in ms, or NULL: all at time 0 */
    const char *close;  /* how the last connection ended (tc_conn_close), by the whole capture */
} scenario;

#define SCENARIO(name, pa, pb, rows, close)                                                        \
    {                                                                                              \
        name, pa, pb, rows, sizeof rows / sizeof rows[0], NULL, close                              \
    }
#define TIMED_SCENARIO(name, pa, pb, rows, ms, close)                                              \
    {                                                                                              \
        name, pa, pb, rows, sizeof rows / sizeof rows[0], ms, close                                \
    }

/* Seed 003: tcpdump, client 33762 -> server 8080, client closes, 4-way close. */
#define C3 3666571938u
#define S3 394631164u
static const row seed003[] = {
    {'a', S, C3, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, S3, C3 + 1, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, C3 + 1, S3 + 1, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, C3 + 1, S3 + 1, 6, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, S3 + 1, C3 + 7, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'b', A, S3 + 1, C3 + 7, 8, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', A, C3 + 7, S3 + 9, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 6, 0},
    {'a', F | A, C3 + 7, S3 + 9, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, S3 + 9, C3 + 8, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 8, 0},
    {'b', F | A, S3 + 9, C3 + 8, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', A, C3 + 8, S3 + 10, 0, "final ACK (close 4/4)", 'c', "TIME-WAIT", "CLOSED", 10,
     EV(CLOSED)},
};

/* Seed 001: netcat, 10 + 6 bytes, then a close in 3 segments (FIN and ACK merged). */
#define C1 4216076034u
#define S1 1768531804u
static const row seed001[] = {
    {'a', S, C1, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, S1, C1 + 1, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, C1 + 1, S1 + 1, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, C1 + 1, S1 + 1, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, S1 + 1, C1 + 11, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'a', A, C1 + 11, S1 + 1, 6, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, S1 + 1, C1 + 17, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 6, 0},
    {'a', F | A, C1 + 17, S1 + 1, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', F | A, S1 + 1, C1 + 18, 0, "FIN-ACK (close 2/3)", 's', "TIME-WAIT", "LAST-ACK", 8, 0},
    {'a', A, C1 + 18, S1 + 2, 0, "final ACK (close 3/3)", 'c', "TIME-WAIT", "CLOSED", 9,
     EV(CLOSED)},
};

/* Both FINs cross: each side goes FIN-WAIT-1 -> CLOSING -> TIME-WAIT. */
static const row simultaneous[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', F | A, 5001, 1001, 0, "FIN-ACK (simultaneous close 2/4)", 's', "CLOSING", "CLOSING", 0,
     0},
    {'a', A, 1002, 5002, 0, "ACK of FIN (simultaneous close 3/4)", 'c', "CLOSING", "TIME-WAIT", 5,
     0},
    {'b', A, 5002, 1002, 0, "final ACK (simultaneous close 4/4)", 's', "TIME-WAIT", "TIME-WAIT", 4,
     EV(CLOSED)},
};

static const row refused[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'a', S, 100, 0, 0, "SYN (open 1/3, retransmission)", 'c', "SYN-SENT", "LISTEN", 0,
     EV(RETRANSMISSION)},
    {'b', R | A, 0, 101, 0, "RST-ACK (refused)", 's', "CLOSED", "CLOSED", 1, EV(REFUSED)},
};

/*
 * RSTs the server would not take as a reset (RFC 9293 3.10.7.4, RFC 5961 3.2): below the next
 * byte it expects (721, after the client's 120 bytes), inside its window (65535, unscaled)
 * but not at 721, beyond the window; only the one at 721 resets.
 */
static const row rst_window[] = {
    {'a', S, 600, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 9000, 601, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 601, 9001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 601, 9001, 120, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 9001, 721, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'a', R, 601, 0, 0, "RST (ignored: out of window)", 'c', "ESTABLISHED", "ESTABLISHED", 0,
     EV(RST_OUT_OF_WINDOW)},
    {'a', R, 821, 0, 0, "RST (ignored: not the next byte)", 'c', "ESTABLISHED", "ESTABLISHED", 0,
     EV(RST_NOT_NEXT)},
    {'a', R, 721 + 70000, 0, 0, "RST (ignored: out of window)", 'c', "ESTABLISHED", "ESTABLISHED",
     0, EV(RST_OUT_OF_WINDOW)},
    {'a', R, 721, 0, 0, "RST (abort)", 'c', "CLOSED", "CLOSED", 0, EV(ABORTED)},
};

/* The same below the window across sequence wrap-around. */
static const row rst_window_wrap[] = {
    {'a', S, 0xFFFFFFF0u, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 9000, 0xFFFFFFF1u, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1,
     0},
    {'a', A, 0xFFFFFFF1u, 9001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 0xFFFFFFF1u, 9001, 120, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 9001, 0x69u, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'a', R, 0xFFFFFFF1u, 0, 0, "RST (ignored: out of window)", 'c', "ESTABLISHED", "ESTABLISHED",
     0, EV(RST_OUT_OF_WINDOW)},
    {'a', R, 0x69u, 0, 0, "RST (abort)", 'c', "CLOSED", "CLOSED", 0, EV(ABORTED)},
};

/* In SYN-SENT only a RST whose ACK acknowledges the SYN refuses (RFC 9293 3.10.7.3). */
static const row rst_syn_sent[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', R, 0, 0, 0, "RST (ignored: does not acknowledge the SYN)", 's', "SYN-SENT", "LISTEN", 0,
     EV(RST_UNACCEPTABLE)},
    {'b', R | A, 0, 500, 0, "RST-ACK (ignored: does not acknowledge the SYN)", 's', "SYN-SENT",
     "LISTEN", 0, EV(RST_UNACCEPTABLE) | EV(BAD_ACK)},
    {'b', R | A, 0, 101, 0, "RST-ACK (refused)", 's', "CLOSED", "CLOSED", 1, EV(REFUSED)},
};

/* A RST one below the next byte, repeating its sender's FIN's number, resets the peer in
 * CLOSE-WAIT, as Linux takes it. */
static const row rst_at_fin_seq[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 5001, 1002, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 4, 0},
    {'a', R, 1001, 0, 0, "RST (abort)", 'c', "CLOSED", "CLOSED", 0, EV(ABORTED)},
};

static const row aborted[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 1001, 5001, 5, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 5001, 1006, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'a', R | A, 1006, 5001, 0, "RST-ACK (abort)", 'c', "CLOSED", "CLOSED", 0, EV(ABORTED)},
    {'b', A, 5001, 1006, 0, "ACK", 's', "CLOSED", "CLOSED", 0, 0},
};

/* shutdown(SHUT_WR): the server goes on sending after the client's FIN. */
static const row half_close[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 1001, 5001, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', F | A, 1011, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 5001, 1012, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 5, 0},
    {'b', A, 5001, 1012, 100, "data", 's', "FIN-WAIT-2", "CLOSE-WAIT", 0, 0},
    {'a', A, 1012, 5101, 0, "data ACK", 'c', "FIN-WAIT-2", "CLOSE-WAIT", 7, 0},
    {'b', F | A, 5101, 1012, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', A, 1012, 5102, 0, "final ACK (close 4/4)", 'c', "TIME-WAIT", "CLOSED", 9, EV(CLOSED)},
};

/* The peer's FIN is first acknowledged by a data segment. */
static const row fin_acked_by_data[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 5001, 1002, 30, "data + ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 4,
     0},
    {'b', F | A, 5031, 1002, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', A, 1002, 5032, 0, "final ACK (close 4/4)", 'c', "TIME-WAIT", "CLOSED", 6, EV(CLOSED)},
};

/* No SYN in the capture; the server's port (80) is the lower one. */
static const row mid_connection[] = {
    {'a', A, 7000, 9000, 50, "data", 'c', "UNKNOWN", "UNKNOWN", 0, EV(NO_HANDSHAKE)},
    {'b', A, 9000, 7050, 200, "data", 's', "UNKNOWN", "UNKNOWN", 1, 0},
    {'a', A, 7050, 9200, 0, "data ACK", 'c', "UNKNOWN", "UNKNOWN", 2, 0},
    {'a', F | A, 7050, 9200, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 9200, 7051, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 4, 0},
    {'b', F | A, 9200, 7051, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', A, 7051, 9201, 0, "final ACK (close 4/4)", 'c', "TIME-WAIT", "CLOSED", 6, EV(CLOSED)},
};

/* Mid-connection again, but the server speaks first: side A is the server. */
static const row mid_connection_server_first[] = {
    {'a', A, 9000, 7000, 20, "data", 's', "UNKNOWN", "UNKNOWN", 0, EV(NO_HANDSHAKE)},
    {'b', A, 7000, 9020, 0, "data ACK", 'c', "UNKNOWN", "UNKNOWN", 1, 0},
    {'a', R, 9020, 0, 0, "RST (abort)", 's', "CLOSED", "CLOSED", 0, EV(ABORTED)},
};

/* Both ISNs just below 2^32: every number wraps during the data. */
static const row seq_wrap[] = {
    {'a', S, 0xFFFFFFF0u, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 0xFFFFFFFAu, 0xFFFFFFF1u, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED",
     "SYN-RECEIVED", 1, 0},
    {'a', A, 0xFFFFFFF1u, 0xFFFFFFFBu, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED",
     2, EV(HANDSHAKE_COMPLETE)},
    {'a', A, 0xFFFFFFF1u, 0xFFFFFFFBu, 20, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 0xFFFFFFFBu, 5, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'b', A, 0xFFFFFFFBu, 5, 10, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', A, 5, 5, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 6, 0},
    {'a', A, 5, 5, 0, "ACK", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', F | A, 5, 5, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', F | A, 5, 6, 0, "FIN-ACK (close 2/3)", 's', "TIME-WAIT", "LAST-ACK", 9, 0},
    {'a', A, 6, 6, 0, "final ACK (close 3/3)", 'c', "TIME-WAIT", "CLOSED", 10, EV(CLOSED)},
};

/* A new ISN while the connection is open, then one after it closed. */
static const row port_reuse[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', S, 77777, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, EV(PORT_REUSE)},
    {'b', S | A, 88888, 77778, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 4, 0},
    {'a', A, 77778, 88889, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 5,
     EV(HANDSHAKE_COMPLETE)},
    {'a', R, 77778, 0, 0, "RST (abort)", 'c', "CLOSED", "CLOSED", 0, EV(ABORTED)},
    {'b', R, 88889, 0, 0, "RST (after close)", 's', "CLOSED", "CLOSED", 0, 0},
    {'a', S, 123, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, EV(NEW_CONNECTION)},
};

/* Seed 002's close as printed: the last ACK is one short of the server's FIN. */
#define C2 1280378407u
#define S2 4092453323u
static const row seed002_close[] = {
    {'a', F | A, C2, S2, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0,
     EV(NO_HANDSHAKE)},
    {'b', A, S2, C2 + 1, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 1, 0},
    {'b', F | A, S2, C2 + 1, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', A, C2 + 1, S2, 0, "ACK", 'c', "TIME-WAIT", "LAST-ACK", 0, EV(ACK_MISSES_FIN)},
};

/* An ack one short of ISN + 1 does not acknowledge the SYN-ACK: no final ACK, but warned. */
static const row bad_acks[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 900, 102, 0, "SYN-ACK (open 2/3)", 's', "SYN-SENT", "SYN-RECEIVED", 1,
     EV(BAD_ACK)},
    {'a', A, 101, 900, 0, "ACK", 'c', "SYN-SENT", "SYN-RECEIVED", 0, EV(BAD_ACK)},
};

static const row early_and_late_data[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'a', A, 101, 0, 5, "data", 'c', "SYN-SENT", "LISTEN", 0, EV(DATA_BEFORE_HANDSHAKE)},
    {'b', S | A, 900, 101, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 101, 901, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 3,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 101, 901, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'a', A, 102, 901, 5, "data (retransmission)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0,
     EV(DATA_AFTER_FIN) | EV(RETRANSMISSION)},
};

/* TCP Fast Open: data on the SYN, acknowledged by the SYN-ACK; data on the final ACK. */
static const row data_on_handshake[] = {
    {'a', S, 100, 0, 5, "SYN + data (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 900, 106, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 106, 901, 10, "final ACK + data (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'b', A, 901, 116, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 3, 0},
    {'b', F | A, 901, 116, 7, "FIN-ACK + data (close 1)", 's', "CLOSE-WAIT", "FIN-WAIT-1", 0, 0},
    {'b', F | A, 901, 116, 7, "FIN-ACK + data (close 1, retransmission)", 's', "CLOSE-WAIT",
     "FIN-WAIT-1", 0, EV(RETRANSMISSION)},
};

/*
 * Simultaneous close, each FIN sent again with the ACK of the peer's FIN: those take the
 * close's steps 3 and 4, and the duplicate ACKs that answer them acknowledge nothing new.
 */
static const row simultaneous_fins_again[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', F | A, 5001, 1001, 0, "FIN-ACK (simultaneous close 2/4)", 's', "CLOSING", "CLOSING", 0,
     0},
    {'a', F | A, 1001, 5002, 0, "FIN-ACK (simultaneous close 3/4, retransmission)", 'c', "CLOSING",
     "TIME-WAIT", 5, EV(RETRANSMISSION)},
    {'b', F | A, 5001, 1002, 0, "FIN-ACK (simultaneous close 4/4, retransmission)", 's',
     "TIME-WAIT", "TIME-WAIT", 4, EV(RETRANSMISSION) | EV(CLOSED)},
    {'a', A, 1002, 5002, 0, "ACK", 'c', "TIME-WAIT", "TIME-WAIT", 0, 0},
    {'b', A, 5002, 1002, 0, "ACK", 's', "TIME-WAIT", "TIME-WAIT", 0, 0},
};

/* A FIN sent again takes the close's last step when it is the first ACK of the peer's FIN. */
static const row fin_again_acks_peer_fin[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 5001, 1002, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 4, 0},
    {'b', F | A, 5001, 1002, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', F | A, 1001, 5002, 0, "FIN-ACK (close 4/4, retransmission)", 'c', "TIME-WAIT", "CLOSED",
     6, EV(RETRANSMISSION) | EV(CLOSED)},
    {'a', A, 1002, 5002, 0, "ACK", 'c', "TIME-WAIT", "CLOSED", 0, 0},
};

/*
 * The real final ACK is captured before the SYN-ACK: it shows the SYN-ACK was sent, so it is
 * the final ACK (of a SYN-ACK not yet in the capture) and the server's banner is no early
 * data. The next ACK acknowledges the banner: a data ACK, right for what it acknowledges.
 */
static const row final_ack_captured_early[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'a', A, 101, 901, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 0,
     EV(ACKS_UNSEEN)},
    {'b', S | A, 900, 101, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "ESTABLISHED", 1, 0},
    {'b', A, 901, 101, 20, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', A, 101, 921, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'a', A, 101, 921, 5, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
};

/* An ACK unrelated to the SYN-ACK (a stray segment) is no step; the real one that follows is. */
static const row stray_ack_after_synack[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 900, 101, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 50, 400, 0, "ACK", 'c', "ESTABLISHED", "SYN-RECEIVED", 0, 0},
    {'a', A, 101, 901, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 101, 901, 5, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
};

/*
 * Two SYN-ACKs with different ISNs: the client took the first, so the second does not
 * replace its ISN and the ACK of the first completes the handshake.
 */
static const row two_synack_isns[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 900, 101, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'b', S | A, 7000, 101, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 101, 901, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 101, 901, 0, "ACK", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 901, 101, 8, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', A, 101, 909, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 6, 0},
};

/*
 * A FIN from another sequence space (older than the data around it, below what the client
 * already acknowledged): the client drops it, so it closes nothing and the data after it is
 * not late.
 */
static const row stray_fin[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'b', A, 5001, 1001, 100, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', F | A, 3000, 800, 0, "FIN-ACK (ignored: out of window)", 's', "ESTABLISHED",
     "ESTABLISHED", 0, EV(OUT_OF_WINDOW)},
    {'a', A, 1001, 5101, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'b', A, 5101, 1001, 50, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', A, 1001, 5151, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 7, 0},
};

/*
 * RFC 9293 3.10.7.4's acceptability test on the segments that would move their receiver's
 * state. A third segment 70 000 past the client's ISN + 1, beyond the server's 65 535-byte
 * window: the server drops it and stays in SYN-RECEIVED until the real final ACK.
 */
static const row final_ack_out_of_window[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001 + 70000, 5001, 0, "ACK (ignored: out of window)", 'c', "ESTABLISHED",
     "SYN-RECEIVED", 0, EV(OUT_OF_WINDOW)},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
};

/* A FIN and then an ACK of FIN, each first beyond its receiver's window, then in it. */
static const row close_out_of_window[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001 + 70000, 5001, 0, "FIN-ACK (ignored: out of window)", 'c', "ESTABLISHED",
     "ESTABLISHED", 0, EV(OUT_OF_WINDOW)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 5001 + 70000, 1002, 0, "ACK (ignored: out of window)", 's', "FIN-WAIT-1", "CLOSE-WAIT",
     0, EV(OUT_OF_WINDOW)},
    {'b', A, 5001, 1002, 0, "ACK of FIN (close 2/4)", 's', "FIN-WAIT-2", "CLOSE-WAIT", 5, 0},
    {'b', F | A, 5001, 1002, 0, "FIN-ACK (close 3/4)", 's', "TIME-WAIT", "LAST-ACK", 0, 0},
    {'a', A, 1002, 5002, 0, "final ACK (close 4/4)", 'c', "TIME-WAIT", "CLOSED", 8, EV(CLOSED)},
};

/* A stale FIN inside data the server already acknowledged, across sequence wrap-around. */
static const row stale_fin_wrap[] = {
    {'a', S, 0xFFFFFFF0u, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 0xFFFFFFF1u, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1,
     0},
    {'a', A, 0xFFFFFFF1u, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 0xFFFFFFF1u, 5001, 100, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 5001, 0x55, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'a', F | A, 0x5, 5001, 0, "FIN-ACK (ignored: out of window)", 'c', "ESTABLISHED",
     "ESTABLISHED", 0, EV(OUT_OF_WINDOW)},
    {'a', F | A, 0x55, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
};

/* The same with the stray FIN ahead of the data, which then passes it: the data sends again
 * the bytes the FIN's sequence number says were sent before it. */
static const row stray_fin_ahead[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'b', F | A, 5040, 1001, 0, "FIN-ACK (close 1)", 's', "CLOSE-WAIT", "FIN-WAIT-1", 0, 0},
    {'a', A, 1001, 5001, 0, "ACK", 'c', "CLOSE-WAIT", "FIN-WAIT-1", 0, 0},
    {'b', A, 5001, 1001, 100, "data (retransmission)", 's', "CLOSE-WAIT", "FIN-WAIT-1", 0,
     EV(DATA_AFTER_FIN) | EV(RETRANSMISSION)},
    {'a', A, 1001, 5101, 0, "data ACK", 'c', "CLOSE-WAIT", "FIN-WAIT-1", 6, 0},
};

/* Acks past a FIN, which acknowledge data never sent: dropped, from either side, a bare ACK
 * and a FIN-ACK; the real ones then close. */
static const row ack_past_fin[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
    {'b', A, 5001, 1003, 0, "ACK (ignored: acknowledges data never sent)", 's', "FIN-WAIT-1",
     "CLOSE-WAIT", 0, EV(ACK_UNSENT)},
    {'b', F | A, 5001, 1900, 0, "FIN-ACK (ignored: acknowledges data never sent)", 's',
     "FIN-WAIT-1", "CLOSE-WAIT", 0, EV(ACK_UNSENT)},
    {'b', F | A, 5001, 1002, 0, "FIN-ACK (close 2/3)", 's', "TIME-WAIT", "LAST-ACK", 4, 0},
    {'a', A, 1002, 5002, 0, "final ACK (close 3/3)", 'c', "TIME-WAIT", "CLOSED", 7, EV(CLOSED)},
};

/* Acks below what their sender acknowledged before: within 64 KiB (no window scaling), taken;
 * further, dropped, across sequence wrap-around. */
static const row ack_too_old[] = {
    {'a', S, 1000, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, 5000, 1001, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, 1001, 5001, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 1001, 5001 - 65535, 0, "ACK", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', F | A, 1001, 5001 - 65536, 0, "FIN-ACK (ignored: ack too old)", 'c', "ESTABLISHED",
     "ESTABLISHED", 0, EV(ACK_TOO_OLD)},
    {'b', A, 5001, 1001 - 70000, 10, "data (ignored: ack too old)", 's', "ESTABLISHED",
     "ESTABLISHED", 0, EV(ACK_TOO_OLD)},
    {'a', F | A, 1001, 5001, 0, "FIN-ACK (close 1)", 'c', "FIN-WAIT-1", "CLOSE-WAIT", 0, 0},
};

/* Split handshake: the server answers the SYN with its own SYN, the client with a SYN-ACK. */
static const row split_handshake[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S, 900, 0, 0, "SYN (open 1/3)", 's', "SYN-RECEIVED", "SYN-RECEIVED", 0, 0},
    {'a', S | A, 100, 901, 0, "SYN-ACK (open 2/3)", 'c', "SYN-RECEIVED", "ESTABLISHED", 2, 0},
    {'b', A, 901, 101, 0, "final ACK (open 3/3)", 's', "ESTABLISHED", "ESTABLISHED", 3,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, 101, 901, 5, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, 901, 106, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 5, 0},
};

/* Simultaneous open (RFC 9293 figure 8): each SYN-ACK carries its sender's own ISN again. */
static const row simultaneous_open[] = {
    {'a', S, 100, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S, 300, 0, 0, "SYN (open 1/3)", 's', "SYN-RECEIVED", "SYN-RECEIVED", 0, 0},
    {'a', S | A, 100, 301, 0, "SYN-ACK (open 2/3)", 'c', "SYN-RECEIVED", "ESTABLISHED", 2, 0},
    {'b', S | A, 300, 101, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "ESTABLISHED", 1, 0},
    {'a', A, 101, 301, 5, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', S | A, 300, 101, 0, "SYN-ACK (open 2/3, retransmission)", 's', "ESTABLISHED",
     "ESTABLISHED", 1, EV(RETRANSMISSION)},
};

/*
 * Data, the server's FIN, then the client's ACK of the data only (ack = the FIN's seq). The
 * client answers the SYN-ACK in 10 ms: an ACK 9 ms after the FIN was sent before the FIN
 * arrived; one 60 ms after it could have seen the FIN, and stops one short of it.
 */
#define CX 7000u
#define SX 9000u
static const row data_ack_crosses_fin[] = {
    {'a', S, CX, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, SX, CX + 1, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, CX + 1, SX + 1, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, CX + 1, SX + 1, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, SX + 1, CX + 11, 20, "data", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'b', F | A, SX + 21, CX + 11, 0, "FIN-ACK (close 1)", 's', "CLOSE-WAIT", "FIN-WAIT-1", 0, 0},
    {'a', A, CX + 11, SX + 21, 0, "data ACK", 'c', "CLOSE-WAIT", "FIN-WAIT-1", 5, 0},
    {'a', A, CX + 11, SX + 22, 0, "ACK of FIN (close 2/4)", 'c', "CLOSE-WAIT", "FIN-WAIT-2", 6, 0},
};
static const uint32_t crossing_ms[] = {0, 10, 20, 22, 32, 33, 42, 43};
static const row data_ack_after_fin[] = {
    {'a', S, CX, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, SX, CX + 1, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, CX + 1, SX + 1, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, CX + 1, SX + 1, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, SX + 1, CX + 11, 20, "data", 's', "ESTABLISHED", "ESTABLISHED", 4, 0},
    {'b', F | A, SX + 21, CX + 11, 0, "FIN-ACK (close 1)", 's', "CLOSE-WAIT", "FIN-WAIT-1", 0, 0},
    {'a', A, CX + 11, SX + 21, 0, "data ACK", 'c', "CLOSE-WAIT", "FIN-WAIT-1", 5,
     EV(ACK_MISSES_FIN)},
    {'a', A, CX + 11, SX + 22, 0, "ACK of FIN (close 2/4)", 'c', "CLOSE-WAIT", "FIN-WAIT-2", 6, 0},
};
static const uint32_t late_ms[] = {0, 10, 20, 22, 32, 33, 93, 94};

/* Only the client's direction is captured: its ACKs acknowledge what the capture lacks. */
static const row client_only[] = {
    {'a', S, CX, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'a', A, CX + 1, SX + 1, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 0,
     EV(ACKS_UNSEEN)},
    {'a', A, CX + 1, SX + 1, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'a', A, CX + 11, SX + 21, 0, "data ACK", 'c', "ESTABLISHED", "ESTABLISHED", 0,
     EV(ACKS_UNSEEN)},
    {'a', A, CX + 11, SX + 21, 0, "ACK", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
};

/* Only the server's: acknowledging beyond the SYN shows the handshake completed. */
static const row server_only[] = {
    {'a', S | A, SX, CX + 1, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 0, 0},
    {'a', A, SX + 1, CX + 11, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 0, EV(ACKS_UNSEEN)},
    {'a', A, SX + 1, CX + 11, 20, "data", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
};

/* Capture-point reordering: the ACK of the second data segment is captured before it. */
static const row ack_before_data[] = {
    {'a', S, CX, 0, 0, "SYN (open 1/3)", 'c', "SYN-SENT", "LISTEN", 0, 0},
    {'b', S | A, SX, CX + 1, 0, "SYN-ACK (open 2/3)", 's', "ESTABLISHED", "SYN-RECEIVED", 1, 0},
    {'a', A, CX + 1, SX + 1, 0, "final ACK (open 3/3)", 'c', "ESTABLISHED", "ESTABLISHED", 2,
     EV(HANDSHAKE_COMPLETE)},
    {'a', A, CX + 1, SX + 1, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, SX + 1, CX + 21, 0, "data ACK", 's', "ESTABLISHED", "ESTABLISHED", 0, EV(ACKS_UNSEEN)},
    {'a', A, CX + 11, SX + 1, 10, "data", 'c', "ESTABLISHED", "ESTABLISHED", 0, 0},
    {'b', A, SX + 1, CX + 21, 0, "ACK", 's', "ESTABLISHED", "ESTABLISHED", 0, 0},
};

static const scenario scenarios[] = {
    SCENARIO("seed 003: 4-way close by the client", 33762, 8080, seed003, "4-way"),
    SCENARIO("seed 001: 3-way close", 40000, 8113, seed001, "3-way"),
    SCENARIO("simultaneous close", 40001, 80, simultaneous, "simultaneous"),
    SCENARIO("refused connection", 40002, 81, refused, "reset"),
    SCENARIO("RSTs outside the window or not at its next byte", 40016, 80, rst_window, "reset"),
    SCENARIO("RST below the window across wrap-around", 40017, 80, rst_window_wrap, "reset"),
    SCENARIO("RSTs that do not acknowledge the SYN", 40018, 80, rst_syn_sent, "reset"),
    SCENARIO("RST at the FIN's number after the FIN", 40019, 80, rst_at_fin_seq, "fin-then-reset"),
    SCENARIO("abortive close", 40003, 80, aborted, "reset"),
    SCENARIO("half-close", 40004, 80, half_close, "4-way"),
    SCENARIO("FIN acknowledged by data", 40005, 80, fin_acked_by_data, "4-way"),
    SCENARIO("capture starts mid-connection", 51000, 80, mid_connection, "4-way"),
    SCENARIO("mid-connection, server first", 80, 51000, mid_connection_server_first, "reset"),
    SCENARIO("sequence wrap-around", 40006, 80, seq_wrap, "3-way"),
    SCENARIO("port reuse", 40007, 80, port_reuse, "not-closed"),
    SCENARIO("seed 002: final ACK misses the FIN", 11374, 80, seed002_close, "unfinished"),
    SCENARIO("wrong handshake acks", 40008, 80, bad_acks, "not-closed"),
    SCENARIO("data before the handshake and after the FIN", 40009, 80, early_and_late_data,
             "half-closed"),
    SCENARIO("data on SYN, final ACK and FIN", 40010, 80, data_on_handshake, "half-closed"),
    SCENARIO("simultaneous close, FINs sent again with the ACK", 40011, 80, simultaneous_fins_again,
             "simultaneous"),
    SCENARIO("FIN sent again as the last ACK of a close", 40012, 80, fin_again_acks_peer_fin,
             "4-way"),
    SCENARIO("final ACK captured before the SYN-ACK", 40013, 25, final_ack_captured_early,
             "not-closed"),
    SCENARIO("stray ACK after the SYN-ACK", 40014, 80, stray_ack_after_synack, "not-closed"),
    SCENARIO("two SYN-ACKs with different ISNs", 40015, 80, two_synack_isns, "not-closed"),
    SCENARIO("FIN from another sequence space", 40016, 80, stray_fin, "not-closed"),
    SCENARIO("final ACK outside the window", 40019, 80, final_ack_out_of_window, "not-closed"),
    SCENARIO("FIN and ACK of FIN outside the window", 40020, 80, close_out_of_window, "4-way"),
    SCENARIO("stale FIN below the window across wrap-around", 40021, 80, stale_fin_wrap,
             "half-closed"),
    SCENARIO("FIN from another sequence space, ahead", 40016, 80, stray_fin_ahead, "half-closed"),
    SCENARIO("acks past a FIN", 40022, 80, ack_past_fin, "3-way"),
    SCENARIO("acks too old", 40023, 80, ack_too_old, "half-closed"),
    SCENARIO("split handshake", 40017, 80, split_handshake, "not-closed"),
    SCENARIO("simultaneous open", 40018, 80, simultaneous_open, "not-closed"),
    TIMED_SCENARIO("data ACK sent before the FIN arrived", 40011, 80, data_ack_crosses_fin,
                   crossing_ms, "half-closed"),
    TIMED_SCENARIO("data ACK after the FIN could have arrived", 40012, 80, data_ack_after_fin,
                   late_ms, "half-closed"),
    SCENARIO("only the client's direction captured", 40013, 80, client_only, "unknown"),
    SCENARIO("only the server's direction captured", 80, 40014, server_only, "unknown"),
    SCENARIO("ACK captured before the data it covers", 40015, 80, ack_before_data, "not-closed"),
};

/* A check on frame's result, said so when it fails. */
static int check_str(const char *what, const char *got, const char *want, unsigned frame)
{
    char where[96];
    snprintf(where, sizeof where, "frame %u: %s", frame, what);
    return unit_str(where, got, want);
}

static int check_uint(const char *what, unsigned long got, unsigned long want, unsigned frame)
{
    char where[96];
    snprintf(where, sizeof where, "frame %u: %s", frame, what);
    return unit_uint(where, got, want);
}

static tc_segment segment_of(const scenario *sc, size_t index)
{
    const row *r = &sc->rows[index];
    tc_segment seg = {.time_ns = sc->ms ? (uint64_t)sc->ms[index] * 1000000u : 0,
                      .frame = (uint32_t)(index + 1),
                      .seq = r->seq,
                      .ack = r->ack,
                      .len = r->len,
                      .window = 65535,
                      .flags = (uint16_t)r->flags,
                      .side = (uint8_t)(r->side == 'b')};
    return seg;
}

/* As the plugin does: a SYN with a new ISN from a side that spoke starts a new connection. */
static void feed(tc_conn *conn, const tc_segment *seg, tc_result *res)
{
    if (tc_conn_new_syn(conn, seg)) {
        bool was_open = tc_conn_open(conn);
        tc_conn_init(conn, conn->port[TC_SIDE_A], conn->port[TC_SIDE_B]);
        tc_conn_follow(conn, was_open);
    }
    tc_conn_segment(conn, seg, res);
}

static int run_scenario(const scenario *sc)
{
    tc_conn conn;
    int failures = 0;

    tc_conn_init(&conn, sc->port_a, sc->port_b);
    for (size_t i = 0; i < sc->count; i++) {
        const row *r = &sc->rows[i];
        tc_segment seg = segment_of(sc, i);
        tc_result res;
        char label[96];
        unsigned frame = (unsigned)(i + 1);

        feed(&conn, &seg, &res);
        failures += check_str("label", tc_result_label(&res, label, sizeof label), r->label, frame);
        failures +=
            check_str("sender", res.from_client ? "c" : "s", r->sender == 'c' ? "c" : "s", frame);
        failures += check_str("client state", tc_state_name((tc_state)res.state_client),
                              r->client_state, frame);
        failures += check_str("server state", tc_state_name((tc_state)res.state_server),
                              r->server_state, frame);
        failures += check_uint("acks_frame", res.acks_frame, r->acks_frame, frame);
        failures += check_uint("events", res.events, r->events, frame);
    }
    failures +=
        check_str("close", tc_close_token(tc_conn_close(&conn)), sc->close, (unsigned)sc->count);
    return failures;
}

/* A check that says "correct" must hold arithmetically, and a wrong one must not. */
static int run_arithmetic_check(const scenario *sc)
{
    tc_conn conn;
    tc_result res;
    int failures = 0;

    tc_conn_init(&conn, sc->port_a, sc->port_b);
    for (size_t i = 0; i < sc->count; i++) {
        tc_segment seg = segment_of(sc, i);
        feed(&conn, &seg, &res);
        if (res.check == TC_CHECK_NONE)
            continue;
        uint32_t plus = res.check == TC_CHECK_DATA ? 0 : 1;
        uint32_t sum = res.acked_seq + res.acked_len + plus;
        failures += check_uint("expected", res.expected_ack, sum, (unsigned)(i + 1));
        failures += check_uint("check_ok", res.check_ok, res.ack == sum, (unsigned)(i + 1));
        if (res.acks_frame) /* the frame store keeps one frame for both */
            failures +=
                check_uint("acked_frame", res.acked_frame, res.acks_frame, (unsigned)(i + 1));
    }
    return failures;
}

/* A new tcp.stream on a port pair seen before: its first SYN says what came before. */
static int run_follow_check(void)
{
    static const struct {
        int predecessor; /* -1 none, 0 ended, 1 still open */
        unsigned flags;
        uint32_t events;
    } cases[] = {
        {-1, S, 0},    {0, S, EV(NEW_CONNECTION)}, {1, S, EV(PORT_REUSE)},
        {1, S | A, 0}, {1, A, EV(NO_HANDSHAKE)},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tc_conn conn;
        tc_result res;
        tc_segment seg = {.frame = 1, .seq = 1000, .flags = (uint16_t)cases[i].flags};
        tc_conn_init(&conn, 40000, 80);
        if (cases[i].predecessor >= 0)
            tc_conn_follow(&conn, cases[i].predecessor == 1);
        tc_conn_segment(&conn, &seg, &res);
        failures += check_uint("events", res.events, cases[i].events, (unsigned)(i + 1));
    }
    return failures;
}

/* The teardown kind says only what the close has shown: half-closed until the peer's FIN. */
static int run_kind_check(void)
{
    static const char *const kinds[] = {
        "", "", "", "", "", "half-closed", "half-closed", "half-closed", "4-way", "4-way"};
    const scenario sc = SCENARIO("half close", 40000, 80, half_close, "4-way");
    tc_conn conn;
    int failures = 0;
    tc_conn_init(&conn, sc.port_a, sc.port_b);
    for (size_t i = 0; i < sc.count; i++) {
        tc_segment seg = segment_of(&sc, i);
        tc_result res;
        feed(&conn, &seg, &res);
        failures += check_str("teardown kind", tc_teardown_token((tc_teardown)res.teardown),
                              kinds[i], (unsigned)(i + 1));
    }
    return failures;
}

/*
 * A SYN with a new ISN while the server is ESTABLISHED: the server's ACK of the old next byte
 * is a challenge ACK, taken by the old connection; an ACK of anything else, or one after the
 * server has spoken in the new connection, or from a server in TIME-WAIT, is not.
 */
static int challenge_case(unsigned server_fin_state, uint32_t ack, bool server_spoke,
                          bool want_challenge)
{
    enum { C = 5000, SV = 9000 };
    const row opening[] = {
        {'a', S, C, 0, 0, "", 'c', "", "", 0, 0},
        {'b', S | A, SV, C + 1, 0, "", 's', "", "", 0, 0},
        {'a', A, C + 1, SV + 1, 10, "", 'c', "", "", 0, 0},
        {'b', A, SV + 1, C + 11, 0, "", 's', "", "", 0, 0},
        /* for TIME-WAIT: the server closes first, then the client */
        {'b', F | A, SV + 1, C + 11, 0, "", 's', "", "", 0, 0},
        {'a', F | A, C + 11, SV + 2, 0, "", 'c', "", "", 0, 0},
        {'b', A, SV + 2, C + 12, 0, "", 's', "", "", 0, 0},
    };
    const scenario sc = {"challenge", 40000, 80, opening, server_fin_state ? 7 : 4, NULL, ""};
    tc_conn held, newer;
    tc_result res;
    int failures = 0;
    tc_conn_init(&held, 40000, 80);
    for (size_t i = 0; i < sc.count; i++) {
        tc_segment seg = segment_of(&sc, i);
        tc_conn_segment(&held, &seg, &res);
    }
    uint32_t next_c = server_fin_state ? C + 12 : C + 11,
             next_s = server_fin_state ? SV + 2 : SV + 1;
    tc_segment syn = {.frame = 20, .seq = 777000, .window = 65535, .flags = S, .side = 0};
    failures += check_uint("new SYN", tc_conn_new_syn(&held, &syn), 1, 20);
    tc_conn_init(&newer, 40000, 80);
    tc_conn_follow(&newer, tc_conn_open(&held));
    tc_conn_succeeded(&held, 20);
    tc_conn_segment(&newer, &syn, &res);
    if (server_spoke) {
        tc_segment rst = {.frame = 21, .seq = 0, .ack = 777001, .flags = R | A, .side = 1};
        tc_conn_segment(&newer, &rst, &res);
    }
    tc_segment answer = {.frame = 22,
                         .seq = next_s,
                         .ack = ack ? ack : next_c,
                         .window = 65535,
                         .flags = A,
                         .side = 1};
    bool challenge = tc_conn_challenge_ack(&held, &newer, &answer);
    failures += check_uint("challenge ACK", challenge, want_challenge, 22);
    if (!challenge)
        return failures;
    char label[96];
    tc_conn_segment_challenge(&held, &newer, &answer, &res);
    failures += check_str("label", tc_result_label(&res, label, sizeof label),
                          "ACK (challenge ACK to the SYN)", 22);
    failures += check_uint("events", res.events, EV(CHALLENGE_ACK), 22);
    failures += check_uint("held's successor", held.successor_frame, 0, 22);
    failures += check_uint("newer's challenge", newer.challenge_frame, 22, 22);
    failures += check_uint("hindsight", tc_conn_hindsight(&newer, &res, 20),
                           TC_EVENT_BIT(TC_HINDSIGHT_SYN_CHALLENGED), 20);
    failures +=
        check_str("held state", tc_state_name((tc_state)held.ep[1].state), "ESTABLISHED", 22);
    return failures;
}

static int run_challenge_check(void)
{
    return challenge_case(0, 0, false, true) +       /* the challenge ACK */
           challenge_case(0, 777001, false, false) + /* acknowledges the new SYN */
           challenge_case(0, 0, true, false) +       /* the server answered the SYN already */
           challenge_case(1, 0, false, false);       /* TIME-WAIT may take the SYN */
}

/* Each expert item's filter name is its enum suffix in lower case, so that one name is used
 * in the code and by users (tcpconn.analysis.<name>). */
static int name_check(const char *suffix, const char *field)
{
    char lower[64];
    size_t i = 0;
    for (; suffix[i] && i < sizeof lower - 1; i++)
        lower[i] = (char)tolower((unsigned char)suffix[i]);
    lower[i] = '\0';
    return check_str("expert item name", field, lower, 0);
}

static int run_name_check(void)
{
    int failures = 0;
#define TC_NAME_CHECK(name, field, severity, summary) failures += name_check(#name, field);
    TC_EVENT_TABLE(TC_NAME_CHECK)
    TC_HINDSIGHT_TABLE(TC_NAME_CHECK)
#undef TC_NAME_CHECK
    return failures;
}

/* The seeds' Chinese labels (docs/gui.md), frame by frame, on the connections they quote. */
static const char *const seed003_chinese[] = {
    "SYN（第一次握手）", "SYN-ACK（第二次握手）",
    "ACK（第三次握手）", "数据",
    "数据确认",          "数据",
    "数据确认",          "FIN-ACK（第一次挥手）",
    "ACK（第二次挥手）", "FIN-ACK（第三次挥手）",
    "ACK（第四次挥手）",
};
static const char *const seed001_chinese[] = {
    "SYN（第一次握手）",
    "SYN-ACK（第二次握手）",
    "ACK（第三次握手）",
    "数据",
    "数据确认",
    "数据",
    "数据确认",
    "FIN-ACK（第一次挥手）",
    "FIN-ACK（第二次挥手，共三次）",
    "ACK（第三次挥手，共三次）",
};

static int chinese_check(const scenario *sc, const char *const *want, size_t count)
{
    tc_conn conn;
    tc_result res;
    char label[128];
    int failures = (int)unit_uint("frames", sc->count, count);
    tc_conn_init(&conn, sc->port_a, sc->port_b);
    for (size_t i = 0; i < sc->count && i < count; i++) {
        tc_segment seg = segment_of(sc, i);
        feed(&conn, &seg, &res);
        failures += check_str("Chinese label",
                              tc_result_label_in(&res, TC_LANGUAGE_CHINESE, label, sizeof label),
                              want[i], (unsigned)(i + 1));
    }
    return failures;
}

static int run_chinese_check(void)
{
    /* scenarios[0] and [1] are seeds 003 and 001. */
    return chinese_check(&scenarios[0], seed003_chinese,
                         sizeof seed003_chinese / sizeof seed003_chinese[0]) +
           chinese_check(&scenarios[1], seed001_chinese,
                         sizeof seed001_chinese / sizeof seed001_chinese[0]);
}

/* The connection's conn_state in words, after the first count rows of sc. */
static int explain_case(const scenario *sc, size_t count, const char *want)
{
    tc_conn conn;
    tc_result res;
    char text[256];
    tc_conn_init(&conn, sc->port_a, sc->port_b);
    for (size_t i = 0; i < count; i++) {
        tc_segment seg = segment_of(sc, i);
        feed(&conn, &seg, &res);
    }
    return unit_str(sc->name, tc_conn_state_explain(&conn, text, sizeof text), want);
}

static int run_explain_check(void)
{
    const scenario *seed003_sc = &scenarios[0];
    const scenario *one_sided = NULL;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        if (scenarios[i].rows == client_only)
            one_sided = &scenarios[i];
    }
    return explain_case(seed003_sc, seed003_sc->count, "Normal establishment and termination") +
           explain_case(seed003_sc, 2,
                        "SYN and SYN-ACK, no final ACK, FIN or RST in the capture; Zeek: "
                        "Connection established, not terminated") +
           explain_case(one_sided, one_sided->count,
                        "Connection attempt seen, no reply; only the client's segments are in "
                        "the capture");
}

/* Seed 003's handshake with its rows in this order, at these times (ms). */
static void handshake_at(tc_conn *conn, const size_t order[3], const uint32_t ms[3])
{
    const scenario *sc = &scenarios[0];
    tc_result res;
    tc_conn_init(conn, sc->port_a, sc->port_b);
    for (size_t i = 0; i < 3; i++) {
        tc_segment seg = segment_of(sc, order[i]);
        seg.time_ns = (uint64_t)ms[i] * 1000000u;
        seg.frame = (uint32_t)(i + 1);
        feed(conn, &seg, &res);
    }
}

/* The handshake's RTTs, and none from a final ACK captured before its SYN-ACK. */
static int run_rtt_check(void)
{
    static const size_t in_order[3] = {0, 1, 2}, ack_first[3] = {0, 2, 1};
    static const uint32_t times[3] = {0, 3, 5};
    tc_conn conn;
    uint64_t ns = 0;
    int failures = 0;

    handshake_at(&conn, in_order, times);
    failures += unit_uint("server RTT measured", tc_conn_rtt_server(&conn, &ns), 1);
    failures += unit_uint("server RTT (ns)", ns, 3000000u);
    failures += unit_uint("client RTT measured", tc_conn_rtt_client(&conn, &ns), 1);
    failures += unit_uint("client RTT (ns)", ns, 2000000u);
    handshake_at(&conn, ack_first, times);
    failures += unit_uint("final ACK labelled", conn.summary.final_ack_frame, 2);
    failures += unit_uint("server RTT, final ACK first", tc_conn_rtt_server(&conn, &ns), 1);
    failures += unit_uint("server RTT (ns), final ACK first", ns, 5000000u);
    failures += unit_uint("client RTT, final ACK first", tc_conn_rtt_client(&conn, &ns), 0);
    return failures;
}

int main(void)
{
    unit_tally tally = {0, 0};
    size_t n = sizeof scenarios / sizeof scenarios[0];

    for (size_t i = 0; i < n; i++)
        unit_case(&tally, scenarios[i].name,
                  run_scenario(&scenarios[i]) + run_arithmetic_check(&scenarios[i]));
    unit_case(&tally, "connection following another on the same port pair", run_follow_check());
    unit_case(&tally, "challenge ACK to a SYN on an open connection", run_challenge_check());
    unit_case(&tally, "teardown kind along a half close", run_kind_check());
    unit_case(&tally, "expert item names are their enum names", run_name_check());
    unit_case(&tally, "Chinese labels of seeds 003 and 001", run_chinese_check());
    unit_case(&tally, "conn_state in words, where the capture lacks part", run_explain_check());
    unit_case(&tally, "handshake RTTs, in order and with the final ACK first", run_rtt_check());
    return unit_summary(&tally);
}
