/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names and the human label of a lifecycle result, drawn from the X-macro tables.
 */
#include "icmp_error.h"
#include "lifecycle.h"

#include <stdio.h>

#define TC_ROLE_TOKEN(name, token, text) token,
static const char *const role_tokens[] = {TC_ROLE_TABLE(TC_ROLE_TOKEN)};
#undef TC_ROLE_TOKEN

#define TC_ROLE_TEXT(name, token, text) text,
static const char *const role_texts[] = {TC_ROLE_TABLE(TC_ROLE_TEXT)};
#undef TC_ROLE_TEXT

#define TC_STATE_NAME(name, token) token,
static const char *const state_names[] = {TC_STATE_TABLE(TC_STATE_NAME)};
#undef TC_STATE_NAME

#define TC_TEARDOWN_TOKEN(name, token, segments) token,
static const char *const teardown_tokens[] = {TC_TEARDOWN_TABLE(TC_TEARDOWN_TOKEN)};
#undef TC_TEARDOWN_TOKEN

#define TC_TEARDOWN_SEGMENTS(name, token, segments) segments,
static const unsigned teardown_segments[] = {TC_TEARDOWN_TABLE(TC_TEARDOWN_SEGMENTS)};
#undef TC_TEARDOWN_SEGMENTS

#define TC_CLOSE_TOKEN(name, token, meaning) token,
static const char *const close_tokens[] = {TC_CLOSE_TABLE(TC_CLOSE_TOKEN)};
#undef TC_CLOSE_TOKEN

#define TC_CLOSE_MEANING(name, token, meaning) meaning,
static const char *const close_meanings[] = {TC_CLOSE_TABLE(TC_CLOSE_MEANING)};
#undef TC_CLOSE_MEANING

#define TC_CHECK_TOKEN(name, token) token,
static const char *const check_tokens[] = {TC_CHECK_TABLE(TC_CHECK_TOKEN)};
#undef TC_CHECK_TOKEN

const char *tc_role_token(tc_role role)
{
    return role < TC_ROLE_COUNT ? role_tokens[role] : "";
}

const char *tc_state_name(tc_state state)
{
    return state < TC_STATE_COUNT ? state_names[state] : "";
}

const char *tc_teardown_token(tc_teardown kind)
{
    return kind < TC_TEARDOWN_COUNT ? teardown_tokens[kind] : "";
}

const char *tc_close_token(tc_close close)
{
    return close < TC_CLOSE_COUNT ? close_tokens[close] : "";
}

const char *tc_close_meaning(tc_close close)
{
    return close < TC_CLOSE_COUNT ? close_meanings[close] : "";
}

const char *tc_check_token(tc_check check)
{
    return check < TC_CHECK_COUNT ? check_tokens[check] : "";
}

/* "ACK of FIN" at the last step of a close is the close's final ACK. */
static const char *role_text(const tc_result *res, unsigned total)
{
    if (res->role == TC_ROLE_CLOSE_ACK && total && res->step == total)
        return "final ACK";
    if (res->role == TC_ROLE_DATA && res->step)
        return "data + ACK of FIN";
    return res->role < TC_ROLE_COUNT ? role_texts[res->role] : "";
}

/*
 * Why a RST is there, why its receiver drops a segment, or what a challenge ACK answers, in
 * both languages: the first event of the list the segment has, in order.
 */
static const struct {
    tc_event event;
    const char *english, *chinese;
} reasons[] = {
    {TC_EVENT_CHALLENGE_ACK, "challenge ACK to the SYN", "对 SYN 的挑战 ACK"},
    {TC_EVENT_OUT_OF_WINDOW, "ignored: out of window", "被忽略：在接收窗口外"},
    {TC_EVENT_RST_OUT_OF_WINDOW, "ignored: out of window", "被忽略：在接收窗口外"},
    {TC_EVENT_RST_NOT_NEXT, "ignored: not the next byte", "被忽略：不是下一个字节"},
    {TC_EVENT_RST_UNACCEPTABLE, "ignored: does not acknowledge the SYN", "被忽略：没有确认 SYN"},
    {TC_EVENT_ACK_UNSENT, "ignored: acknowledges data never sent", "被忽略：确认了从未发送的数据"},
    {TC_EVENT_ACK_TOO_OLD, "ignored: ack too old", "被忽略：确认号过旧"},
    {TC_EVENT_REFUSED, "refused", "拒绝连接"},
    {TC_EVENT_ABORTED, "abort", "中止连接"},
};

/* A RST, a dropped segment or a challenge ACK: its label gives its reason. */
static bool has_reason(const tc_result *res)
{
    return res->role == TC_ROLE_RST || res->role == TC_ROLE_RST_ACK ||
           (res->events & (TC_EVENT_BIT(TC_EVENT_OUT_OF_WINDOW) | TC_ACK_NOT_TAKEN |
                           TC_EVENT_BIT(TC_EVENT_CHALLENGE_ACK)));
}

static const char *reason(const tc_result *res, tc_language language)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (res->events & TC_EVENT_BIT(reasons[i].event))
            return language == TC_LANGUAGE_CHINESE ? reasons[i].chinese : reasons[i].english;
    }
    return language == TC_LANGUAGE_CHINESE ? "关闭之后" : "after close";
}

static const char *english_label(const tc_result *res, char *buf, size_t size)
{
    unsigned total = res->teardown < TC_TEARDOWN_COUNT ? teardown_segments[res->teardown] : 0;
    const char *data = res->with_data ? " + data" : "";
    const char *again = res->retransmission ? ", retransmission" : "";

    if (has_reason(res)) {
        snprintf(buf, size, "%s%s (%s)", role_text(res, 0), data, reason(res, TC_LANGUAGE_ENGLISH));
    } else if (res->phase == TC_PHASE_HANDSHAKE) {
        snprintf(buf, size, "%s%s (open %u/3%s)", role_text(res, 0), data, res->step, again);
    } else if (res->phase == TC_PHASE_TEARDOWN && res->step) {
        /* The first FIN cannot know how many segments the close will take. */
        const char *how =
            res->teardown == TC_TEARDOWN_SIMULTANEOUS ? "simultaneous close" : "close";
        if (res->teardown == TC_TEARDOWN_NONE || res->teardown == TC_TEARDOWN_RESET)
            snprintf(buf, size, "%s%s (%s %u%s)", role_text(res, 0), data, how, res->step, again);
        else
            snprintf(buf, size, "%s%s (%s %u/%u%s)", role_text(res, total), data, how, res->step,
                     total, again);
    } else {
        snprintf(buf, size, "%s%s%s", role_text(res, 0), data,
                 res->retransmission ? " (retransmission)" : "");
    }
    return buf;
}

/* The conn_states whose meaning Zeek words "established". */
static bool calls_established(tc_conn_state state)
{
    return state == TC_CONN_STATE_S2 || state == TC_CONN_STATE_S3 || state == TC_CONN_STATE_RSTO;
}

/*
 * Zeek's name for the conn_state assumes what Zeek saw; where the capture lacks part of the
 * connection, say what this connection shows, and keep Zeek's words beside it.
 */
const char *tc_conn_state_explain(const tc_conn *conn, char *buf, size_t size)
{
    tc_conn_state state = zk_conn_state(&conn->zeek);
    const char *zeek = tc_conn_state_meaning(state);
    const char *own = NULL;

    if (state == TC_CONN_STATE_SF && !conn->handshake_seen)
        own = "both sides sent a FIN; the establishment is not in the capture";
    else if (state == TC_CONN_STATE_SF && !conn->handshake_done)
        own = "both sides sent a FIN; the handshake's final ACK is not in the capture";
    else if (state == TC_CONN_STATE_S1 && !conn->handshake_done)
        own = "SYN and SYN-ACK, no final ACK, FIN or RST in the capture";
    else if (calls_established(state) && conn->handshake_seen && !conn->handshake_done)
        own = "the handshake's final ACK is not in the capture";
    else if (tc_conn_ended_by_icmp(conn))
        own = "an ICMP error answered the SYN, which Zeek's conn_state does not count";
    int n = own ? snprintf(buf, size, "%s; Zeek: %s", own, zeek) : snprintf(buf, size, "%s", zeek);
    if (tc_conn_one_sided(conn) && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "; only the %s's segments are in the capture",
                 conn->ep[conn->client].seen ? "client" : "server");
    return buf;
}

const char *tc_side_text(bool client, tc_language language)
{
    if (language == TC_LANGUAGE_CHINESE)
        return client ? "客户端" : "服务端";
    return client ? "client" : "server";
}

/* The tutorials' own words: 第一次握手 ... 第三次握手, 第一次挥手 ... 第四次挥手, 确认. */
static const char *const chinese_steps[] = {"", "一", "二", "三", "四"};

static const char *chinese_role(const tc_result *res)
{
    switch (res->role) {
    case TC_ROLE_FINAL_ACK:
    case TC_ROLE_CLOSE_ACK:
        return "ACK";
    case TC_ROLE_DATA:
        return res->step ? "数据＋ACK" : "数据";
    case TC_ROLE_DATA_ACK:
        return "数据确认";
    default:
        return res->role < TC_ROLE_COUNT ? role_tokens[res->role] : "";
    }
}

static const char *chinese_label(const tc_result *res, char *buf, size_t size)
{
    const char *role = chinese_role(res);
    const char *data = res->with_data ? "＋数据" : "";
    const char *again = res->retransmission ? "，重传" : "";
    const char *step = chinese_steps[res->step < 5 ? res->step : 0];

    if (has_reason(res)) {
        snprintf(buf, size, "%s%s（%s）", role, data, reason(res, TC_LANGUAGE_CHINESE));
    } else if (res->phase == TC_PHASE_HANDSHAKE) {
        snprintf(buf, size, "%s%s（第%s次握手%s）", role, data, step, again);
    } else if (res->phase == TC_PHASE_TEARDOWN && res->step) {
        const char *how = res->teardown == TC_TEARDOWN_THREE_WAY      ? "，共三次"
                          : res->teardown == TC_TEARDOWN_SIMULTANEOUS ? "，同时关闭"
                                                                      : "";
        snprintf(buf, size, "%s%s（第%s次挥手%s%s）", role, data, step, how, again);
    } else {
        snprintf(buf, size, "%s%s", role, data);
    }
    return buf;
}

const char *tc_result_label_in(const tc_result *res, tc_language language, char *buf, size_t size)
{
    return language == TC_LANGUAGE_CHINESE ? chinese_label(res, buf, size)
                                           : english_label(res, buf, size);
}

const char *tc_result_label(const tc_result *res, char *buf, size_t size)
{
    return english_label(res, buf, size);
}
