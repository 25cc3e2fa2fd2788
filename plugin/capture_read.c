/*
 * Wireshark runs the post-sequential cleanup routines once its first pass has read a capture
 * to its end: tshark -2 between its passes, sharkd after loading, the GUI after reading a file
 * and when a live capture stops. While a live capture runs the GUI re-dissects frames (for the
 * packet list's colours and the details pane) that are already visited, so being visited
 * alone does not mean that no later packet can change a connection's verdict.
 */
#include "capture_read.h"

static gboolean read_to_end;

static void file_opened(void)
{
    read_to_end = FALSE;
}

static void file_read(void)
{
    read_to_end = TRUE;
}

void capture_read_register(void)
{
    register_init_routine(file_opened);
    register_postseq_cleanup_routine(file_read);
}

gboolean capture_read_whole(const packet_info *pinfo)
{
    return read_to_end && PINFO_FD_VISITED(pinfo);
}
