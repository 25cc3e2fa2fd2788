/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Expert items of segments their receiver drops (see dropped_messages.h).
 */
#include "display/dropped_messages.h"

#include "core/acceptance.h"

#define IN(english, chinese) (language == TC_LANGUAGE_CHINESE ? (chinese) : (english))

/* The segment's receiver, in the message's language. */
static const char *receiver(const tc_result *res, tc_language language)
{
    return tc_side_text(!res->from_client, language);
}

/*
 * A segment below the receiver's next byte or beyond its window; what: its role, "RST" or
 * "FIN-ACK"; drops: what the receiver does with it. Messages stay under ITEM_LABEL_LENGTH (240
 * bytes) with the longest numbers: longer ones are cut.
 */
static void out_of_window(packet_info *pinfo, proto_item *item, const tc_result *res,
                          const char *what, const char *drops, tc_language language,
                          expert_field *ei)
{
    guint32 seq_rel = res->seq - res->own_base, nxt_rel = res->rcv_nxt - res->own_base;
    const char *rcv = receiver(res, language);
    if ((gint32)(res->seq - res->rcv_nxt) < 0) {
        expert_add_info_format(pinfo, item, ei,
                               IN("%s seq %u (relative %u) is below %u (relative %u), the next "
                                  "byte the %s expects: outside its window, so it %s (RFC 9293 "
                                  "3.10.7.4): stale, forged or injected%s",
                                  "%s 序号 %u（相对 %u）小于 %u（相对 %u），即%s期望的下一个字节："
                                  "在窗口之外，%s（RFC 9293 3.10.7.4）：过期、伪造或注入的 %s"),
                               what, res->seq, seq_rel, res->rcv_nxt, nxt_rel, rcv, drops,
                               IN("", what));
        return;
    }
    guint64 widest = tc_widest_window(res);
    expert_add_info_format(
        pinfo, item, ei,
        IN("%s seq %u (relative %u) is beyond the %s's window, %u (relative %u) + "
           "%" G_GUINT64_FORMAT " bytes%s: it %s (RFC 9293 3.10.7.4): stale, forged or injected%s",
           "%s 序号 %u（相对 %u）超出%s的窗口 %u（相对 %u）+ %" G_GUINT64_FORMAT
           " 字节%s：%s（RFC 9293 3.10.7.4）：过期、伪造或注入的 %s"),
        what, res->seq, seq_rel, rcv, res->rcv_nxt, nxt_rel, widest,
        res->rcv_wnd_exact ? "" : IN(" at the most (scale not captured)", "（最多，缩放未知）"),
        drops, IN("", what));
}

static void not_next(packet_info *pinfo, proto_item *item, const tc_result *res,
                     tc_language language, expert_field *ei)
{
    const char *why =
        !res->rcv_wnd_seen ? IN("no reset (RFC 5961 3.2)", "不会重置连接（RFC 5961 3.2）")
        : res->rcv_wnd_exact
            ? IN("inside its window, so a challenge ACK answers it, not a reset (RFC 5961 3.2)",
                 "在窗口之内：对方回一个挑战 ACK，不重置连接（RFC 5961 3.2）")
            : IN("inside or beyond its window (scale not captured): no reset either way "
                 "(RFC 5961 3.2)",
                 "在窗口之内或之外（未抓到缩放因子）：都不会重置连接（RFC 5961 3.2）");
    expert_add_info_format(
        pinfo, item, ei,
        IN("RST seq %u (relative %u) is not %u (relative %u), the next byte the %s expects: %s",
           "RST 序号 %u（相对 %u）不是 %u（相对 %u），即%s期望的下一个字节：%s"),
        res->seq, res->seq - res->own_base, res->rcv_nxt, res->rcv_nxt - res->own_base,
        receiver(res, language), why);
}

static void unacceptable(packet_info *pinfo, proto_item *item, const tc_result *res,
                         guint32 syn_frame, tc_language language, expert_field *ei)
{
    if (res->check == TC_CHECK_NONE)
        expert_add_info_format(
            pinfo, item, ei,
            IN("RST without ACK to the SYN in frame %u: the %s, in SYN-SENT, drops it "
               "(RFC 9293 3.10.7.3); only a RST that acknowledges the SYN refuses a connection",
               "回应第 %u 帧 SYN 的 RST 没有 ACK：处于 SYN-SENT 的%s会丢弃它"
               "（RFC 9293 3.10.7.3）；只有确认了 SYN 的 RST 才能拒绝连接"),
            syn_frame, receiver(res, language));
    else
        expert_add_info_format(
            pinfo, item, ei,
            IN("RST's ack %u does not acknowledge the SYN in frame %u (that needs %u): the %s, "
               "in SYN-SENT, drops it (RFC 9293 3.10.7.3)",
               "RST 的确认号 %u 没有确认第 %u 帧的 SYN（应为 %u）：处于 SYN-SENT 的%s会丢弃它"
               "（RFC 9293 3.10.7.3）"),
            res->ack, res->acked_frame, res->expected_ack, receiver(res, language));
}

/* An ack past the receiver's FIN; the check the core made holds the FIN and its ack. */
static void unsent(packet_info *pinfo, proto_item *item, const tc_result *res, tc_language language,
                   expert_field *ei)
{
    expert_add_info_format(
        pinfo, item, ei,
        IN("ack %u (relative %u) is past the %s's FIN in frame %u (its ack is %u, relative %u): "
           "it acknowledges data never sent, which the %s ACKs and drops (RFC 9293 3.10.7.4): "
           "forged or injected",
           "确认号 %u（相对 %u）超过了%s第 %u 帧 FIN 的确认号 %u（相对 %u）："
           "确认了从未发送的数据，%s会回 ACK 并丢弃（RFC 9293 3.10.7.4）：伪造或注入"),
        res->ack, res->ack - res->peer_base, receiver(res, language), res->acked_frame,
        res->expected_ack, res->expected_ack - res->peer_base, receiver(res, language));
}

/* An ack far below what its sender acknowledged before. */
static void too_old(packet_info *pinfo, proto_item *item, const tc_result *res,
                    tc_language language, expert_field *ei)
{
    guint32 ack_rel = res->seq - res->peer_base, una_rel = res->rcv_nxt - res->peer_base;
    const char *sender = tc_side_text(res->from_client, language);
    if (language == TC_LANGUAGE_CHINESE)
        expert_add_info_format(pinfo, item, ei,
                               "确认号 %u（相对 %u）比%s之前确认过的 %u（相对 %u）小了 %u "
                               "字节以上（其最大窗口）：%s会丢弃并回挑战 ACK（RFC 5961 5.2）："
                               "伪造或注入",
                               res->seq, ack_rel, sender, res->rcv_nxt, una_rel, res->rcv_wnd,
                               receiver(res, language));
    else
        expert_add_info_format(pinfo, item, ei,
                               "ack %u (relative %u) is over %u bytes (the %s's widest window) "
                               "below %u (relative %u), which it acknowledged before: the %s "
                               "drops it with a challenge ACK (RFC 5961 5.2): forged or injected",
                               res->seq, ack_rel, res->rcv_wnd, sender, res->rcv_nxt, una_rel,
                               receiver(res, language));
}

void dropped_messages_add(packet_info *pinfo, proto_item *item, const tc_result *res,
                          guint32 syn_frame, tc_language language, const dropped_items *items)
{
    if (res->events & TC_EVENT_BIT(TC_EVENT_RST_OUT_OF_WINDOW))
        out_of_window(pinfo, item, res, "RST", IN("drops the RST", "会被丢弃"), language,
                      items->rst_out_of_window);
    if (res->events & TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW))
        out_of_window(pinfo, item, res, tc_role_token((tc_role)res->role),
                      IN("ACKs and drops it", "丢弃并回 ACK"), language, items->out_of_window);
    if (res->events & TC_EVENT_BIT(TC_EVENT_RST_NOT_NEXT))
        not_next(pinfo, item, res, language, items->rst_not_next);
    if (res->events & TC_EVENT_BIT(TC_EVENT_RST_UNACCEPTABLE))
        unacceptable(pinfo, item, res, syn_frame, language, items->rst_unacceptable);
    if (res->events & TC_EVENT_BIT(TC_EVENT_ACK_UNSENT))
        unsent(pinfo, item, res, language, items->ack_unsent);
    if (res->events & TC_EVENT_BIT(TC_EVENT_ACK_TOO_OLD))
        too_old(pinfo, item, res, language, items->ack_too_old);
}
