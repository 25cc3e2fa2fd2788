/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first pass's result for every frame, packed: 11 bytes a frame, plus 8 for a
 * segment that acknowledges a SYN, FIN or data segment (its ack check; 28 for a rare
 * check that does not fit 8), 24 for a RST its receiver does not take, and 12 bytes per
 * 64 frames for each kind of record, to find them.
 */
#ifndef TCPCONN_FRAME_STORE_H
#define TCPCONN_FRAME_STORE_H

#include <wireshark.h>

#include "core/lifecycle.h"

typedef enum {
    FRAME_NO_TCP,     /* nothing to label */
    FRAME_QUOTED,     /* the only TCP header is one quoted by an ICMP error */
    FRAME_INCOMPLETE, /* the TCP header was cut short or malformed */
    FRAME_SEGMENT,    /* a labelled segment */
    FRAME_NOT_SEEN    /* the first pass has not reached the frame */
} frame_kind;

/* Where a segment's Zeek history is: a prefix of its connection's, or the lone "H". */
typedef struct {
    guint8 len;
    gboolean lone_synack; /* "H", before Zeek turned it into "^h" */
} history_ref;

/* When a capture file is opened: an empty store in its file scope. */
void frame_store_open(void);

/* First pass, frames in order: keep what was found for frame num. */
void frame_store_put(guint32 num, frame_kind kind, const tc_result *res, guint32 conn_index,
                     history_ref history);

/* What was kept for frame num; res, conn_index and history are filled for FRAME_SEGMENT. */
frame_kind frame_store_get(guint32 num, tc_result *res, guint32 *conn_index, history_ref *history);

#endif
