/*
 * Whether the first pass has read the whole capture, so that what only the whole capture
 * shows (a connection's conn_state, its summary, the whole-capture warnings) may be drawn.
 */
#ifndef TCPCONN_CAPTURE_READ_H
#define TCPCONN_CAPTURE_READ_H

#include <epan/packet.h>

void capture_read_register(void);

/* TRUE on a later pass once the capture has been read to its end; FALSE on the first pass,
 * and while a live capture is running, when the GUI re-dissects what has arrived so far. */
gboolean capture_read_whole(const packet_info *pinfo);

#endif
