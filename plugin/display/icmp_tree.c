/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMP errors quoting a TCP segment, as tcpconn shows them (see icmp_tree.h).
 */
#include "display/icmp_tree.h"

#include <epan/to_str.h>
#include <epan/expert.h>

#include "display/field_values.h"
#include "display/generated_items.h"

#define IN(english, chinese) (language == TC_LANGUAGE_CHINESE ? (chinese) : (english))

static int hf_icmp = -1;
static int hf_error = -1;
static int hf_effect = -1;
static int hf_reporter = -1;
static int hf_reporter_is = -1;
static int hf_quoted_sender = -1;
static int hf_quoted_frame = -1;
static int hf_quoted_seq = -1;
static int hf_mtu = -1;
static int hf_conn_frame = -1;
static int hf_conn_icmp = -1;
static int hf_conn_icmp_frame = -1;
static gint ett_icmp = -1;

#define TC_ICMP_EXPERT_FIELD(name, token, field, severity, summary)                                \
    static expert_field ei_##name = EI_INIT;
TC_ICMP_EFFECT_TABLE(TC_ICMP_EXPERT_FIELD)
#undef TC_ICMP_EXPERT_FIELD

static const char *effect_words(tc_icmp_effect effect, tc_language language)
{
    switch (effect) {
    case TC_ICMP_EFFECT_REFUSED:
        return IN("refused", "拒绝连接");
    case TC_ICMP_EFFECT_UNREACHABLE:
        return IN("SYN not delivered", "SYN 未送达");
    case TC_ICMP_EFFECT_PATH_MTU:
        return IN("segment too big", "报文段过大");
    case TC_ICMP_EFFECT_SOFT:
        return IN("soft error", "软错误");
    case TC_ICMP_EFFECT_NOT_IN_FLIGHT:
        return IN("ignored: not in flight", "被忽略：序号不在途中");
    case TC_ICMP_EFFECT_NO_CONNECTION:
        return IN("no connection in the capture", "抓包中没有这个连接");
    default:
        return IN("ignored", "被忽略");
    }
}

const char *icmp_tree_label(const icmp_record *rec, tc_language language, char *buf, size_t size)
{
    const char *kind = tc_icmp_kind_text((tc_icmp_kind)rec->kind, language);
    if (rec->res.effect == TC_ICMP_EFFECT_PATH_MTU && rec->mtu)
        snprintf(buf, size, IN("ICMP %s (path MTU %u)", "ICMP %s（路径 MTU %u）"), kind, rec->mtu);
    else
        snprintf(buf, size, IN("ICMP %s (%s)", "ICMP %s（%s）"), kind,
                 effect_words((tc_icmp_effect)rec->res.effect, language));
    return buf;
}

static const char *reporter_role(const icmp_record *rec, tc_language language)
{
    return rec->from_destination ? IN("the destination", "目的主机")
                                 : IN("a router on the path", "路径上的路由器");
}

const char *icmp_tree_describe(wmem_allocator_t *pool, const icmp_record *rec, tc_language language,
                               gboolean with_frame)
{
    const char *text =
        wmem_strdup_printf(pool, IN("%1$s from %2$s (%3$s)", "来自 %2$s（%3$s）的%1$s"),
                           tc_icmp_kind_text((tc_icmp_kind)rec->kind, language),
                           address_to_str(pool, &rec->reporter), reporter_role(rec, language));
    return with_frame
               ? wmem_strdup_printf(pool, IN("%s in frame %u", "%s（第 %u 帧）"), text, rec->frame)
               : text;
}

/* "the client's SYN (frame 1)", or the quoted sequence number when the capture lacks it. */
static const char *quoted_text(wmem_allocator_t *pool, const icmp_record *rec, tc_language language)
{
    const char *side = tc_side_text(rec->res.from_client, language);
    if (!rec->res.quoted_frame)
        return wmem_strdup_printf(pool,
                                  IN("a segment of the %s's at seq %u not in the capture",
                                     "%s序号为 %u 的报文段（抓包中没有）"),
                                  side, rec->seq);
    const char *role = rec->res.quoted == TC_CHECK_SYN && !rec->res.from_client
                           ? "SYN-ACK"
                           : tc_check_token((tc_check)rec->res.quoted);
    return wmem_strdup_printf(pool, IN("the %s's %s (frame %u)", "%s的 %s（第 %u 帧）"), side, role,
                              rec->res.quoted_frame);
}

static void add_expert(packet_info *pinfo, proto_item *item, const icmp_record *rec,
                       tc_language language)
{
    wmem_allocator_t *pool = pinfo->pool;
    const char *error = icmp_tree_describe(pool, rec, language, FALSE);
    const char *quoted = rec->conn ? quoted_text(pool, rec, language) : "";
    const char *sender = tc_side_text(rec->res.from_client, language);
    switch ((tc_icmp_effect)rec->res.effect) {
    case TC_ICMP_EFFECT_REFUSED:
        expert_add_info_format(pinfo, item, &ei_REFUSED,
                               IN("Connection refused by ICMP %s: it answers %s, a hard error "
                                  "in SYN-SENT (RFC 1122 4.2.3.9)",
                                  "连接被拒绝：%s回应%s，SYN-SENT 下的硬错误（RFC 1122 4.2.3.9）"),
                               error, quoted);
        break;
    case TC_ICMP_EFFECT_UNREACHABLE:
        expert_add_info_format(pinfo, item, &ei_UNREACHABLE,
                               IN("Connection attempt answered by ICMP %s: it answers %s; most "
                                  "stacks give up a connection in SYN-SENT on it (RFC 5461)",
                                  "连接尝试得到%s：它回应%s；多数协议栈在 SYN-SENT 下就此放弃"
                                  "（RFC 5461）"),
                               error, quoted);
        break;
    case TC_ICMP_EFFECT_PATH_MTU:
        expert_add_info_format(pinfo, item, &ei_PATH_MTU,
                               IN("ICMP %s: %s is too big for the path (next-hop MTU %u); its "
                                  "sender sends smaller segments (RFC 1191, RFC 8201)",
                                  "%s：%s对路径太大（下一跳 MTU %u），发送方改发更小的报文段"),
                               error, quoted, rec->mtu);
        break;
    case TC_ICMP_EFFECT_SOFT:
        expert_add_info_format(pinfo, item, &ei_SOFT,
                               IN("ICMP %s answers %s while the %s is %s: a soft error, the "
                                  "connection goes on (RFC 5461)",
                                  "%s回应%s，此时%s为 %s：软错误，连接继续（RFC 5461）"),
                               error, quoted, sender,
                               tc_state_name((tc_state)rec->res.sender_state));
        break;
    case TC_ICMP_EFFECT_NOT_IN_FLIGHT:
        expert_add_info_format(pinfo, item, &ei_NOT_IN_FLIGHT,
                               IN("ICMP %s quotes seq %u, not in flight from the %s: ignored "
                                  "(RFC 5927 4.1), a late or forged error",
                                  "%s引用的序号 %u 不在%s的在途数据中：被忽略（RFC 5927 "
                                  "4.1），迟到或伪造的差错"),
                               error, rec->seq, sender);
        break;
    case TC_ICMP_EFFECT_NO_EFFECT:
        expert_add_info_format(pinfo, item, &ei_NO_EFFECT,
                               IN("ICMP%s type %u code %u quotes %s: TCP does not act on it",
                                  "ICMP%s 类型 %u 代码 %u 引用%s：TCP 不处理它"),
                               rec->v6 ? "v6" : "", rec->type, rec->code, quoted);
        break;
    case TC_ICMP_EFFECT_NO_CONNECTION:
    default:
        expert_add_info_format(pinfo, item, &ei_NO_CONNECTION,
                               IN("ICMP %s quotes a TCP segment of no connection in the capture "
                                  "so far",
                                  "%s引用的 TCP 报文段不属于抓包中已有的任何连接"),
                               error);
        break;
    }
}

void icmp_tree_draw(proto_tree *tree, proto_item *item, tvbuff_t *tvb, packet_info *pinfo,
                    const icmp_record *rec, tc_language language)
{
    proto_item *top =
        proto_tree_add_none_format(tree, hf_icmp, tvb, 0, 0, IN("ICMP error: %s", "ICMP 差错：%s"),
                                   icmp_tree_describe(pinfo->pool, rec, language, FALSE));
    proto_item_set_generated(top);
    proto_tree *sub = proto_item_add_subtree(top, ett_icmp);
    generated_string(sub, hf_error, tvb, tc_icmp_kind_token((tc_icmp_kind)rec->kind));
    generated_string(sub, hf_effect, tvb, tc_icmp_effect_token((tc_icmp_effect)rec->res.effect));
    generated_string(sub, hf_reporter, tvb, address_to_str(pinfo->pool, &rec->reporter));
    generated_string(sub, hf_reporter_is, tvb, rec->from_destination ? "destination" : "path");
    if (rec->mtu)
        generated_uint(sub, hf_mtu, tvb, rec->mtu);
    generated_uint(sub, hf_quoted_seq, tvb, rec->seq);
    if (rec->conn) {
        generated_string(sub, hf_quoted_sender, tvb, rec->res.from_client ? "client" : "server");
        if (rec->res.quoted_frame)
            generated_uint(sub, hf_quoted_frame, tvb, rec->res.quoted_frame);
        generated_uint(sub, hf_conn_frame, tvb, rec->conn->conn.summary.first_frame);
    }
    add_expert(pinfo, item, rec, language);
}

void icmp_tree_draw_conn(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                         const conn_record *conn, tc_language language)
{
    const icmp_record *rec =
        conn->conn.icmp_frame ? icmp_table_lookup(conn->conn.icmp_frame) : NULL;
    if (!rec)
        return;
    tc_icmp_effect effect = (tc_icmp_effect)rec->res.effect;
    /* An error that would end the attempt, after which the connection was answered or its
     * client sent again, did not end it. */
    gboolean went_on = tc_icmp_ends_attempt(effect) && !tc_conn_ended_by_icmp(&conn->conn);
    proto_item_append_text(generated_string(tree, hf_conn_icmp, tvb, tc_icmp_effect_token(effect)),
                           " (%s%s)", icmp_tree_describe(pinfo->pool, rec, language, TRUE),
                           went_on ? IN("; the connection went on after it", "；之后连接仍在继续")
                                   : "");
    generated_uint(tree, hf_conn_icmp_frame, tvb, rec->frame);
}

#define TC_ICMP_EXPERT_INFO(name, token, field, severity, summary)                                 \
    {&ei_##name, {"tcpconn.analysis." field, PI_SEQUENCE, PI_##severity, summary, EXPFILL}},

void icmp_tree_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_icmp,
         {"ICMP error", "tcpconn.icmp", FT_NONE, BASE_NONE, NULL, 0x0,
          "An ICMP or ICMPv6 error quoting a TCP segment: which connection and segment it "
          "answers, and what it does to them",
          HFILL}},
        {&hf_error, {"Error", "tcpconn.icmp.error", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_effect,
         {"Effect", "tcpconn.icmp.effect", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_reporter,
         {"Reporter", "tcpconn.icmp.reporter", FT_STRING, BASE_NONE, NULL, 0x0,
          "Who sent the ICMP error: its source address", HFILL}},
        {&hf_reporter_is,
         {"Reporter is", "tcpconn.icmp.reporter_is", FT_STRING, BASE_NONE, NULL, 0x0,
          "Where the error came from: destination (the quoted segment's destination) or path (a "
          "router on the way)",
          HFILL}},
        {&hf_quoted_sender,
         {"Quoted segment's sender", "tcpconn.icmp.quoted_sender", FT_STRING, BASE_NONE, NULL, 0x0,
          "The side the error is sent to: client or server", HFILL}},
        {&hf_quoted_frame,
         {"Quoted segment", "tcpconn.icmp.quoted_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "The segment the error quotes, when the capture holds it (its SYN, FIN or the data "
          "that reached furthest, matched by sequence number)",
          HFILL}},
        {&hf_quoted_seq,
         {"Quoted seq (raw)", "tcpconn.icmp.quoted_seq", FT_UINT32, BASE_DEC, NULL, 0x0,
          "The sequence number of the quoted TCP header", HFILL}},
        {&hf_mtu,
         {"Next-hop MTU", "tcpconn.icmp.mtu", FT_UINT32, BASE_DEC, NULL, 0x0,
          "For fragmentation needed or packet too big: the MTU the reporter can forward", HFILL}},
        {&hf_conn_frame,
         {"Connection's first frame", "tcpconn.icmp.conn_first_frame", FT_FRAMENUM, BASE_NONE, NULL,
          0x0,
          "The first segment of the connection the error answers: filter its segments with "
          "tcpconn.conn.first_frame == N",
          HFILL}},
        {&hf_conn_icmp,
         {"ICMP error", "tcpconn.conn.icmp", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_conn_icmp_frame,
         {"ICMP error frame", "tcpconn.conn.icmp_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "The ICMP error tcpconn.conn.icmp names (" TC_WHOLE_CAPTURE ")", HFILL}},
    };
    static gint *ett[] = {&ett_icmp};
    static ei_register_info ei[] = {TC_ICMP_EFFECT_TABLE(TC_ICMP_EXPERT_INFO)};
    for (unsigned i = 0; i < G_N_ELEMENTS(hf); i++) {
        const char *blurb = field_values_blurb(hf[i].hfinfo.abbrev);
        if (blurb)
            hf[i].hfinfo.blurb = blurb;
    }
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}
