/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wireshark runs the post-sequential cleanup routines once its first pass has read a capture
 * to its end: tshark -2 between its passes, sharkd after loading, the GUI after reading a file
 * and when a live capture stops. While a live capture runs the GUI re-dissects frames (for the
 * packet list's colours and the details pane) that are already visited, so being visited
 * alone does not mean that no later packet can change a connection's verdict.
 *
 * The GUI's re-dissection (after a preference, profile, Decode As or enabled-protocol change,
 * an ignored packet, reloaded Lua plugins) frees every dissector's state, marks every frame
 * unvisited and dissects them all again in order, but runs no post-sequential cleanup. It
 * reuses the frames' frame_data, so a session whose first frame is the previous session's
 * first frame, with no tap reset between the two (reading a file resets the taps after
 * opening it; a re-dissection does so before), re-reads frames that were read to their end:
 * once it has passed the last of them, or once a frame is dissected again (the re-dissection's
 * sequential pass is then over: trailing ignored frames never reach a post-dissector), the
 * whole capture is known again.
 */
#include "input/capture_read.h"

#include <epan/tap.h>

/* A frame as the GUI keeps it across re-dissections. */
typedef struct {
    const frame_data *fd;
    guint32 num;
    gint64 offset;
    nstime_t ts;
} frame_identity;

/* What one dissection session's first pass has read. */
typedef struct {
    gboolean started; /* a frame was dissected for the first time */
    gboolean whole;   /* read to its end */
    frame_identity first;
    guint32 last_num;
} session_reading;

static session_reading before, now;
/* The session may re-read before's frames: it began with no tap reset yet. */
static gboolean may_reread;
/* It does: its first frame is before's. */
static gboolean rereading;

static void file_opened(void)
{
    /* A session in which tcpconn was switched off read nothing: the one before it stands. */
    if (now.started)
        before = now;
    memset(&now, 0, sizeof now);
    may_reread = before.whole;
    rereading = FALSE;
}

static void file_read(void)
{
    now.whole = TRUE;
}

/* Reading a file resets the taps once it is open, before its first frame. */
static void taps_reset(void *unused _U_)
{
    if (!now.started)
        may_reread = FALSE;
}

static frame_identity identity_of(const frame_data *fd)
{
    frame_identity id = {fd, fd->num, fd->file_off, fd->abs_ts};
    return id;
}

static gboolean same_frame(const frame_identity *id, const frame_data *fd)
{
    return id->fd == fd && id->num == fd->num && id->offset == fd->file_off &&
           nstime_cmp(&id->ts, &fd->abs_ts) == 0;
}

void capture_read_register(void)
{
    register_init_routine(file_opened);
    register_postseq_cleanup_routine(file_read);
    /* A tap of its own that nothing queues: its listener only hears the resets. */
    register_tap("tcpconn.reading");
    GString *error = register_tap_listener("tcpconn.reading", &now, NULL, TL_IS_DISSECTOR_HELPER,
                                           taps_reset, NULL, NULL, NULL);
    if (error) {
        ws_warning("tcpconn: %s", error->str);
        g_string_free(error, TRUE);
    }
}

void capture_read_frame(const packet_info *pinfo)
{
    const frame_data *fd = pinfo->fd;
    if (!now.started) {
        now.started = TRUE;
        /* A first frame after the frames' first: those before it are ignored in this
         * re-dissection. */
        rereading = may_reread && (same_frame(&before.first, fd) || fd->num > before.first.num);
        /* Ignored frames may come back: the frames' first stays the one of their first read. */
        now.first = rereading ? before.first : identity_of(fd);
    }
    if (fd->num > now.last_num)
        now.last_num = fd->num;
    if (rereading && fd->num >= before.last_num)
        now.whole = TRUE;
}

gboolean capture_read_whole(const packet_info *pinfo)
{
    if (!PINFO_FD_VISITED(pinfo))
        return FALSE;
    if (rereading && !now.whole) {
        now.whole = TRUE;
        now.last_num = MAX(now.last_num, before.last_num);
    }
    return now.whole;
}
