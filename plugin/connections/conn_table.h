/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connections of the open capture file: one lifecycle per connection
 * (a tcp.stream, or several when a port pair is reused within one stream),
 * and the result kept with each frame on the first pass.
 */
#ifndef TCPCONN_CONN_TABLE_H
#define TCPCONN_CONN_TABLE_H

#include <epan/packet.h>

#include "core/community_id.h"
#include "store/frame_store.h"
#include "core/lifecycle.h"

/* One connection; after the first pass it holds the whole capture's view of it. */
typedef struct conn_record {
    tc_conn conn;
    const address *addr_a; /* side A's address, kept only when both ends use the same port */

    /* Both ends' addresses by tc_side, and the flow's Community ID ("" for non-IP). */
    const address *addr[2];
    char community_id[TC_COMMUNITY_ID_SIZE];
    /* A connection begun with a SYN while an open one held its port pair: the open one
     * (held), and in it the newer one its receiver answered with a challenge ACK (pending),
     * which takes the SYN's retransmissions. */
    struct conn_record *held;
    struct conn_record *pending;
    guint32 index;       /* in the file's list of connections */
    guint32 zeek_shared; /* index + 1 of the Zeek connection begun with this one: see zeek_record */
} conn_record;

/* A segment's sequence and acknowledgment numbers as Wireshark's TCP shows them, and its payload.
 */
typedef struct {
    guint32 seq;
    guint32 ack; /* 0 without the ACK flag */
    guint32 len;
} segment_numbers;

/* A labelled segment as every dissection shows it, read back from the frame store. */
typedef struct {
    tc_result res;
    guint32 frame;
    const conn_record *conn;
    history_ref history;    /* Zeek history after this segment: see conn_table_history() */
    gboolean whole_capture; /* the first pass is over: conn holds the whole capture's view */
    gboolean numbers_known; /* numbers are filled: see tcp_tap_numbers() */
    segment_numbers numbers;
} frame_record;

/* At registration: tables that empty themselves when a capture file is closed. */
void conn_table_register(void);

/* First pass: feed the frame's segment to its connection and keep the result. */
void conn_table_analyse(packet_info *pinfo, proto_tree *tree);

/* The frame's Zeek history after its segment, as a string in scope. */
const char *conn_table_history(wmem_allocator_t *scope, const frame_record *frame);

/* What the first pass kept for the frame; *out is filled for FRAME_SEGMENT. */
frame_kind conn_table_lookup(packet_info *pinfo, frame_record *out);

/* First pass: the latest connection on the port pair of a segment sent from src:srcport to
 * dst:dstport, and the side that sent it; NULL when the capture has none so far. */
conn_record *conn_table_find(packet_info *pinfo, const address *src, const address *dst,
                             guint16 srcport, guint16 dstport, guint8 *side);

#endif
