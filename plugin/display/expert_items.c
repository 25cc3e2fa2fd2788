/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expert items of a segment and of what the whole capture shows about its connection, in
 * the language the preference names (see expert_items.h).
 */
#include "display/expert_items.h"

#include "connections/icmp_table.h"
#include "display/dropped_messages.h"
#include "display/icmp_tree.h"

#define IN(english, chinese) (language == TC_LANGUAGE_CHINESE ? (chinese) : (english))

#define TC_EXPERT_FIELD(name, field, severity, summary) static expert_field ei_##name = EI_INIT;
TC_EVENT_TABLE(TC_EXPERT_FIELD)
#undef TC_EXPERT_FIELD
static expert_field ei_incomplete = EI_INIT;
#define TC_HINDSIGHT_FIELD(name, field, severity, summary)                                         \
    static expert_field ei_hindsight_##name = EI_INIT;
TC_HINDSIGHT_TABLE(TC_HINDSIGHT_FIELD)
#undef TC_HINDSIGHT_FIELD

/* A teardown kind in the human text: the tutorials' 四次挥手 and 三次挥手. */
static const char *teardown_text(tc_teardown kind, tc_language language)
{
    static const char *const english[] = {
        "", "half-close", "4-way close", "3-way close", "simultaneous close", "reset close"};
    static const char *const chinese[] = {"", "半关闭", "四次挥手", "三次挥手", "同时关闭", "RST"};
    G_STATIC_ASSERT(G_N_ELEMENTS(english) == TC_TEARDOWN_COUNT);
    G_STATIC_ASSERT(G_N_ELEMENTS(chinese) == TC_TEARDOWN_COUNT);
    return kind < TC_TEARDOWN_COUNT ? IN(english[kind], chinese[kind]) : "";
}

void expert_items_add_hindsight(packet_info *pinfo, proto_item *item, const conn_record *rec,
                                tc_language language, guint32 found)
{
    const tc_conn *conn = &rec->conn;
    const tc_endpoint *client = &conn->ep[conn->client];

    if (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_UNANSWERED))
        expert_add_info_format(pinfo, item, &ei_hindsight_SYN_UNANSWERED,
                               IN("SYN never answered: no SYN-ACK or RST in the capture (port "
                                  "filtered, host down, or a SYN flood or scan)",
                                  "SYN 始终没有得到应答：抓包中没有 SYN-ACK 或 "
                                  "RST（端口被过滤、主机不在线，或 SYN 洪泛、扫描）"));
    const icmp_record *icmp =
        (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_ICMP)) ? icmp_table_lookup(conn->icmp_frame) : NULL;
    if (icmp)
        expert_add_info_format(pinfo, item, &ei_hindsight_SYN_ICMP,
                               IN("SYN answered by ICMP %s and by no SYN-ACK or RST; the client "
                                  "sent nothing more: %s (Zeek's conn_state calls it unanswered)",
                                  "SYN 只得到%s，没有 SYN-ACK 或 RST，客户端之后没再发送：连接%s"
                                  "（Zeek 的 conn_state 仍算作没有应答）"),
                               icmp_tree_describe(pinfo->pool, icmp, language, TRUE),
                               icmp->res.effect == TC_ICMP_EFFECT_REFUSED
                                   ? IN("refused", "被拒绝")
                                   : IN("never opened", "没有建立"));
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_CHALLENGED))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_SYN_CHALLENGED,
            IN("SYN not taken: the %s still held an open connection on this port pair "
               "and answered with a challenge ACK in frame %u (RFC 9293 3.10.7.4, "
               "RFC 5961 4), not a SYN-ACK",
               "SYN 没有被接受：%s在这对端口上仍保持着一个未关闭的连接，在第 %u "
               "帧回了挑战 ACK（RFC 9293 3.10.7.4，RFC 5961 4），而不是 SYN-ACK"),
            tc_side_text(FALSE, language), conn->challenge_frame);
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_RETRANSMITTED))
        expert_add_info_format(pinfo, item, &ei_hindsight_SYN_RETRANSMITTED,
                               IN("SYN sent %u times", "SYN 发送了 %u 次"),
                               conn->summary.syn_count);
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_SYNACK_UNACKED))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_SYNACK_UNACKED,
            IN("SYN-ACK never acknowledged by the client", "客户端始终没有确认 SYN-ACK"));
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_SYN_SCAN))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_SYN_SCAN,
            IN("SYN, SYN-ACK, then RST from the client instead of the final ACK: "
               "a SYN (half-open) scan pattern",
               "SYN、SYN-ACK 之后客户端回 RST，而不是第三次握手的 ACK：SYN（半开）扫描"));
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_FIN_UNACKED))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_FIN_UNACKED,
            IN("FIN never acknowledged in the capture", "抓包中这个 FIN 始终没有被确认"));
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_HALF_CLOSED))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_HALF_CLOSED,
            IN("Connection left half-closed: only the %s sent a FIN (client %s, server %s "
               "%s)",
               "连接停在半关闭：只有%1$s发送了 FIN（%4$s客户端 %2$s，服务端 %3$s）"),
            tc_side_text(client->fin_seen, language), tc_state_name((tc_state)client->state),
            tc_state_name((tc_state)conn->ep[conn->client ^ 1u].state),
            conn->successor_frame
                ? wmem_strdup_printf(pinfo->pool,
                                     IN("when a new connection took the port pair in "
                                        "frame %u",
                                        "第 %u 帧的新连接占用这对端口时"),
                                     conn->successor_frame)
                : IN("at the end of the capture", "抓包结束时"));
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_STILL_OPEN))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_STILL_OPEN,
            IN("Connection still open at the end of the capture", "抓包结束时连接仍未关闭"));
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_REUSED_OPEN))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_REUSED_OPEN,
            IN("Connection not closed (no FIN or RST) when a new connection took its "
               "port pair in frame %u",
               "第 %u 帧的新连接占用这对端口时，这个连接还没有关闭（没有 FIN 或 RST）"),
            conn->successor_frame);
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_RECEIVER_ACTED)) {
        gboolean by_client = conn->dropped.receiver == conn->client;
        const char *receiver = tc_side_text(by_client, language),
                   *peer = tc_side_text(!by_client, language);
        const char *acted =
            conn->dropped.receiver_reset
                ? wmem_strdup_printf(pinfo->pool,
                                     IN("The %s answered the %s's next segments with a RST",
                                        "%s随后用 RST 回应%s的报文段"),
                                     receiver, peer)
                : wmem_strdup_printf(pinfo->pool,
                                     IN("The %s sent nothing more, though the %s sent more",
                                        "%s之后什么也没再发送，尽管%s还在发送"),
                                     receiver, peer);
        expert_add_info_format(
            pinfo, item, &ei_hindsight_RECEIVER_ACTED,
            IN("%s, as if it had taken this one: what reached it differs from what the "
               "capture point saw (a capture point on another path, or a forged segment "
               "that got through)",
               "%s，好像接受了这一个：它收到的与抓包点看到的不同（抓包点在另一条路径上，"
               "或伪造的报文段被接受了）"),
            acted);
    }
    if (found & TC_EVENT_BIT(TC_HINDSIGHT_ONE_SIDED))
        expert_add_info_format(
            pinfo, item, &ei_hindsight_ONE_SIDED,
            IN("Only the %s's segments are in the capture (one direction captured: "
               "asymmetric routing, or a tap on one direction); what needs the %s's "
               "segments is not judged",
               "抓包中只有%s的报文段（只抓到一个方向：非对称路由，或只接了一个方向）；"
               "需要%s报文段才能判断的结论不下"),
            tc_side_text(client->seen, language), tc_side_text(!client->seen, language));
}

void expert_items_add(packet_info *pinfo, proto_item *item, const frame_record *frame,
                      tc_language language)
{
    const tc_result *res = &frame->res;
    const tc_conn *conn = &frame->conn->conn;
    unsigned sender_side = res->from_client ? conn->client : conn->client ^ 1u;
    const tc_endpoint *peer = &conn->ep[sender_side ^ 1u];
    const char *sender = tc_side_text(res->from_client, language);
    guint32 ack_rel = res->ack - res->peer_base;
    guint32 want_rel = res->expected_ack - res->peer_base;

    if (res->events & TC_EVENT_BIT(TC_EVENT_HANDSHAKE_COMPLETE))
        expert_add_info_format(
            pinfo, item, &ei_HANDSHAKE_COMPLETE,
            IN("Handshake complete: this ACK acknowledges the SYN-ACK in frame %u",
               "三次握手完成：这个 ACK 确认了第 %u 帧的 SYN-ACK"),
            res->acks_frame);
    if (res->events & TC_EVENT_BIT(TC_EVENT_CLOSED))
        expert_add_info_format(
            pinfo, item, &ei_CLOSED,
            IN("Connection closed: %s initiated by the %s", "连接已关闭：%s，由%s发起"),
            teardown_text((tc_teardown)res->teardown, language),
            tc_side_text(res->teardown_by_client, language));
    if (res->events & TC_EVENT_BIT(TC_EVENT_NEW_CONNECTION))
        expert_add_info_format(pinfo, item, &ei_NEW_CONNECTION,
                               IN("New connection on a port pair whose previous connection ended",
                                  "同一端口对上的上一个连接已结束，这里开始一个新连接"));
    if (res->events & TC_EVENT_BIT(TC_EVENT_NO_HANDSHAKE))
        expert_add_info_format(
            pinfo, item, &ei_NO_HANDSHAKE,
            conn->port[0] == conn->port[1]
                ? IN("Handshake not seen (capture started mid-connection): both ends use "
                     "port %u; the sender of this segment is taken for the client",
                     "没有看到握手（抓包开始时连接已建立）：两端都用端口 %u；"
                     "发送这一段的一方被当作客户端")
                : IN("Handshake not seen (capture started mid-connection): which side "
                     "opened the connection is unknown; the end on port %u is taken for "
                     "the client, the end on the lower port %u for the server, as "
                     "Wireshark does",
                     "没有看到握手（抓包开始时连接已建立）：不知道哪一方发起了连接；"
                     "端口 %u 的一方被当作客户端，端口较小的 %u 一方当作服务端，"
                     "与 Wireshark 相同"),
            conn->port[conn->client], conn->port[conn->client ^ 1u]);
    if (res->events & TC_EVENT_BIT(TC_EVENT_REFUSED))
        expert_add_info_format(pinfo, item, &ei_REFUSED,
                               IN("Connection refused: this RST answers the SYN in frame %u",
                                  "连接被拒绝：这个 RST 回应第 %u 帧的 SYN"),
                               res->acks_frame);
    if (res->events & TC_EVENT_BIT(TC_EVENT_ABORTED))
        expert_add_info_format(pinfo, item, &ei_ABORTED,
                               IN("Connection aborted by the %s with a %s", "连接被%s用 %s 中止"),
                               sender, tc_role_token((tc_role)res->role));
    if (res->events & TC_EVENT_BIT(TC_EVENT_RETRANSMISSION))
        expert_add_info_format(
            pinfo, item, &ei_RETRANSMISSION,
            res->role == TC_ROLE_DATA
                ? IN("%s retransmitted: bytes sent before", "%s 重传：这些字节之前发送过")
                : IN("%s retransmitted: same sequence number as before", "%s 重传：序号与之前相同"),
            tc_role_token((tc_role)res->role));
    if (res->events & TC_EVENT_BIT(TC_EVENT_BAD_ACK))
        expert_add_info_format(
            pinfo, item, &ei_BAD_ACK,
            IN("ack %u (relative %u) is wrong: the %s in frame %u (seq %u) needs "
               "ack %u (relative %u)",
               "确认号 %u（相对 %u）不对：%s（第 %u 帧，序号 %u）需要确认号 %u（相对 %u）"),
            res->ack, ack_rel, tc_check_token((tc_check)res->check), res->acked_frame,
            res->acked_seq, res->expected_ack, want_rel);
    if (res->events & TC_EVENT_BIT(TC_EVENT_ACK_MISSES_FIN))
        expert_add_info_format(
            pinfo, item, &ei_ACK_MISSES_FIN,
            IN("ack %u (relative %u) does not acknowledge the FIN in frame %u, which "
               "could have arrived before this ACK was sent: that needs FIN seq %u + 1 "
               "= %u (relative %u)",
               "确认号 %u（相对 %u）没有确认第 %u 帧的 FIN（发这个 ACK 之前它可能已经到达）："
               "应为 FIN 序号 %u + 1 = %u（相对 %u）"),
            res->ack, ack_rel, peer->fin_frame, peer->fin_seq, peer->fin_seq + 1,
            peer->fin_seq + 1 - res->peer_base);
    if (res->events & TC_EVENT_BIT(TC_EVENT_ACKS_UNSEEN))
        expert_add_info_format(
            pinfo, item, &ei_ACKS_UNSEEN,
            IN("Acknowledges sequence space of the %s (data, SYN or FIN) not in the "
               "capture: lost before the capture point, captured later, or that "
               "direction is not captured",
               "确认了抓包中没有的%s序号空间（数据、SYN 或 FIN）：在抓包点之前丢失、"
               "稍后才被抓到，或者那个方向没有抓"),
            tc_side_text(!res->from_client, language));
    if (res->events & TC_EVENT_BIT(TC_EVENT_DATA_BEFORE_HANDSHAKE))
        expert_add_info_format(
            pinfo, item, &ei_DATA_BEFORE_HANDSHAKE,
            IN("The %s sent data before the handshake completed", "%s在三次握手完成之前发送了数据"),
            sender);
    if (res->events & TC_EVENT_BIT(TC_EVENT_DATA_AFTER_FIN))
        expert_add_info_format(
            pinfo, item, &ei_DATA_AFTER_FIN,
            IN("The %s sent data after its own FIN", "%s在自己的 FIN 之后还发送了数据"), sender);
    if (res->events & TC_EVENT_BIT(TC_EVENT_PORT_REUSE))
        expert_add_info_format(
            pinfo, item, &ei_PORT_REUSE,
            IN("New SYN with a different ISN on a connection that is still open "
               "(port reuse): a new connection starts here",
               "连接仍未关闭时出现了 ISN 不同的新 SYN（端口复用）：从这里开始一个新连接"));
    if (res->events & TC_EVENT_BIT(TC_EVENT_CHALLENGE_ACK))
        expert_add_info_format(
            pinfo, item, &ei_CHALLENGE_ACK,
            IN("The %s answers the new SYN from the connection it still holds: an ACK "
               "of the next byte it expects, a challenge ACK (RFC 5961 4). It did not "
               "take the SYN; this connection goes on",
               "%s用仍保持着的连接回应新的 SYN：确认它期待的下一个字节，即挑战 ACK"
               "（RFC 5961 4）。它没有接受这个 SYN，本连接继续"),
            sender);
    static const dropped_items dropped = {&ei_RST_OUT_OF_WINDOW, &ei_RST_NOT_NEXT,
                                          &ei_RST_UNACCEPTABLE,  &ei_OUT_OF_WINDOW,
                                          &ei_ACK_UNSENT,        &ei_ACK_TOO_OLD};
    dropped_messages_add(pinfo, item, res, peer->syn_frame, language, &dropped);
}

void expert_items_add_incomplete(packet_info *pinfo, proto_item *item)
{
    expert_add_info(pinfo, item, &ei_incomplete);
}

#define TC_HINDSIGHT_INFO(name, field, severity, summary)                                          \
    {&ei_hindsight_##name,                                                                         \
     {"tcpconn.analysis." field, PI_SEQUENCE, PI_##severity,                                       \
      summary " (once the whole capture is read)", EXPFILL}},
#define TC_EXPERT_INFO(name, field, severity, summary)                                             \
    {&ei_##name, {"tcpconn.analysis." field, PI_SEQUENCE, PI_##severity, summary, EXPFILL}},

void expert_items_register(int proto)
{
    static ei_register_info ei[] = {
        TC_EVENT_TABLE(TC_EXPERT_INFO) TC_HINDSIGHT_TABLE(TC_HINDSIGHT_INFO){
            &ei_incomplete,
            {"tcpconn.analysis.incomplete", PI_MALFORMED, PI_NOTE,
             "TCP header incomplete or malformed: segment not analysed", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}
