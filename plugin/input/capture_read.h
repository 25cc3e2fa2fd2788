/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether the first pass has read the whole capture, so that what only the whole capture
 * shows (a connection's conn_state, its summary, the whole-capture warnings) may be drawn.
 */
#ifndef TCPCONN_CAPTURE_READ_H
#define TCPCONN_CAPTURE_READ_H

#include <epan/packet.h>

void capture_read_register(void);

/* On the first pass, for every frame: how far the pass has read. */
void capture_read_frame(const packet_info *pinfo);

/* TRUE on a later pass once the capture has been read to its end (by a file's first pass, or
 * by the GUI's re-dissection of one that was); FALSE on the first pass, and while a live
 * capture is running, when the GUI re-dissects what has arrived so far. */
gboolean capture_read_whole(const packet_info *pinfo);

#endif
