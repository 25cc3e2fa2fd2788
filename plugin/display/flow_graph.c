/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A flow graph whose arrows carry each segment's role and step, e.g.
 * "SYN (open 1/3)" ... "final ACK (close 4/4)", with its direction (client or
 * server), relative seq/ack/len and both endpoints' states as the comment. It listens to the
 * "tcpconn" tap, which delivers the stored frame_record of every labelled segment on every pass,
 * with the numbers from TCP's tap data of the same frame.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/proto.h>

#include "display/flow_graph.h"
#include "packet-tcpconn.h"
#include "connections/conn_table.h"
#include "display/sequence_analysis_decl.h"

static int proto_tcp = -1;

/*
 * The tcp.stream of the segment, for the ladder's conversation number (tshark
 * prints it when a graph holds several connections; the GUI colors by it when
 * coloring rules are off). Read-only: the TCP dissector made the data already.
 */
static guint16 tcp_stream(packet_info *pinfo)
{
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);
    const struct tcp_analysis *tcpd =
        conv ? (const struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;
    return tcpd ? (guint16)tcpd->stream : 0;
}

/*
 * Which end is the client, the numbers as Wireshark's TCP flow shows them (none where TCP
 * queued no tap data), the states after.
 */
static gchar *segment_comment(const frame_record *frame)
{
    const tc_result *res = &frame->res;
    const segment_numbers *n = &frame->numbers;
    gchar *numbers = frame->numbers_known
                         ? g_strdup_printf(" seq=%u ack=%u len=%u", n->seq, n->ack, n->len)
                         : g_strdup("");
    gboolean wrong_ack = res->check != TC_CHECK_NONE && !res->check_ok;
    /* The arrow's label is cut at its width: the comment says in full what the receiver does. */
    const char *dropped = !(res->events & TC_NOT_TAKEN) ? ""
                          : res->from_client            ? "; ignored by the server"
                                                        : "; ignored by the client";
    gchar *comment = g_strdup_printf(
        "%s%s; client %s, server %s%s%s", res->from_client ? "client->server" : "server->client",
        numbers, tc_state_name((tc_state)res->state_client),
        tc_state_name((tc_state)res->state_server), wrong_ack ? "; wrong ack" : "", dropped);
    g_free(numbers);
    return comment;
}

static tap_packet_status flow_graph_packet(void *tapdata, packet_info *pinfo,
                                           epan_dissect_t *edt _U_, const void *data,
                                           tap_flags_t flags _U_)
{
    seq_analysis_info_t *sainfo = (seq_analysis_info_t *)tapdata;
    const frame_record *frame = (const frame_record *)data;
    const tc_result *res = &frame->res;
    seq_analysis_item_t *sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    if (!sai)
        return TAP_PACKET_DONT_REDRAW;

    char label[96];
    sai->frame_number = pinfo->num;
    sai->port_src = (guint16)pinfo->srcport;
    sai->port_dst = (guint16)pinfo->destport;
    sai->frame_label = g_strdup(tc_result_label_in(res, tcpconn_language(), label, sizeof label));
    sai->comment = segment_comment(frame);
    sai->conv_num = tcp_stream(pinfo);
    /* The arrows take the packet list's colors: with the tcpconn profile, its coloring rules. */
    sequence_analysis_use_color_filter(pinfo, sai);
    sai->line_style = 1;
    sai->display = TRUE;
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

void flow_graph_register(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    register_seq_analysis("tcpconn", "TCP Connection Roles", proto_get_id_by_filter_name("tcpconn"),
                          "tcpconn", TL_REQUIRES_NOTHING, flow_graph_packet);
}
