/*
 * The connections of the open capture file: one lifecycle per connection
 * (a tcp.stream, or several when a port pair is reused within one stream),
 * and the result kept with each frame on the first pass.
 */
#ifndef TCPCONN_CONN_TABLE_H
#define TCPCONN_CONN_TABLE_H

#include <epan/packet.h>

#include "lifecycle.h"

/* One connection; after the first pass it holds the whole capture's view of it. */
typedef struct {
    tc_conn conn;
    const char *history; /* Zeek history so far, in file scope */
    guint16 history_version;
} conn_record;

/* What the first pass found for one frame's TCP segment. */
typedef struct {
    tc_result res;
    const conn_record *conn;
    const char *history; /* Zeek history after this segment */
} frame_record;

/* Kept for frames whose TCP header is not a segment to label. */
extern const frame_record conn_table_quoted;
extern const frame_record conn_table_incomplete;

/* At registration: tables that empty themselves when a capture file is closed. */
void conn_table_register(void);

/* First pass: feed the frame's segment to its connection; NULL when the frame has no TCP. */
const frame_record *conn_table_analyse(packet_info *pinfo, proto_tree *tree);

#endif
