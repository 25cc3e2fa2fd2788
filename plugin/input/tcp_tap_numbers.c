/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The numbers of a labelled segment from TCP's tap data (see tcp_tap_numbers.h).
 */
#include "input/tcp_tap_numbers.h"

#include <epan/dissectors/packet-tcp.h>
#include <epan/tap.h>

void tcp_tap_numbers(frame_record *frame)
{
    /* Looked up here: TCP registers its tap after the plugin's protocol registration. */
    static int tcp_tap;
    if (!tcp_tap)
        tcp_tap = find_tap_id("tcp");
    /* The labelled segment is the frame's first TCP header; a later one is another flow's. */
    const tcp_info_t *h = (const tcp_info_t *)fetch_tapped_data(tcp_tap, 0);
    const tc_conn *conn = &frame->conn->conn;
    unsigned sender = frame->res.from_client ? conn->client : conn->client ^ 1u;
    frame->numbers_known =
        h && h->th_sport == conn->port[sender] && h->th_dport == conn->port[sender ^ 1u];
    if (!frame->numbers_known)
        return;
    frame->numbers.seq = h->th_seq;
    frame->numbers.ack = (h->th_flags & TH_ACK) ? h->th_ack : 0;
    frame->numbers.len = h->th_have_seglen ? h->th_seglen : 0;
}
