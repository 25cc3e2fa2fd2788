/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tcpconn: a post-dissector that names the role of every TCP segment in its
 * connection's life (handshake, data, teardown).
 *
 * The first pass feeds each segment to the lifecycle core and keeps the result
 * with the frame; every later dissection (second pass, GUI clicks, filters)
 * only draws what was kept, so all of them show the same thing.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>

#include "core/lifecycle.h"
#include "packet-tcpconn.h"
#include "display/expert_items.h"
#include "input/capture_read.h"
#include "connections/conn_table.h"
#include "connections/icmp_table.h"
#include "display/icmp_tree.h"
#include "display/field_values.h"
#include "display/generated_items.h"
#include "input/tcp_fields.h"
#include "input/tcp_tap_numbers.h"
#include "connections/zeek_conns.h"
#include "connections/zeek_prefs.h"

/* The description of a field known only once the first pass has read the whole capture. */

static int proto_tcpconn = -1;
/* Tap "tcpconn": each labelled segment's frame_record, on every pass. */
static int tcpconn_tap = -1;

static int hf_role = -1;
static int hf_label = -1;
static int hf_sender = -1;
static int hf_connection = -1;
static int hf_step = -1;
static int hf_with_data = -1;
static int hf_accepted = -1;
static int hf_acks_frame = -1;
static int hf_check = -1;
static int hf_check_of = -1;
static int hf_check_ok = -1;
static int hf_check_frame = -1;
static int hf_check_ack = -1;
static int hf_check_expected = -1;
static int hf_check_ack_rel = -1;
static int hf_check_expected_rel = -1;
static int hf_check_acked_seq = -1;
static int hf_check_acked_seq_rel = -1;
static int hf_check_acked_len = -1;
static int hf_handshake = -1;
static int hf_handshake_seen = -1;
static int hf_handshake_step = -1;
static int hf_teardown = -1;
static int hf_teardown_step = -1;
static int hf_teardown_kind = -1;
static int hf_teardown_initiator = -1;
static int hf_state_client = -1;
static int hf_state_server = -1;
static int hf_state_assumed = -1;
static int hf_not_analysed = -1;
static int hf_rtt_server = -1;
static int hf_rtt_client = -1;
static int hf_so_far = -1;
static int hf_so_far_history = -1;
static int hf_so_far_conn_state = -1;
static int hf_so_far_originator = -1;
static int hf_conn = -1;
static int hf_conn_conn_state = -1;
static int hf_conn_history = -1;
static int hf_conn_originator = -1;
static int hf_conn_first_frame = -1;
static int hf_conn_last_frame = -1;
static int hf_conn_duration = -1;
static int hf_conn_client_segments = -1;
static int hf_conn_server_segments = -1;
static int hf_conn_client_bytes = -1;
static int hf_conn_server_bytes = -1;
static int hf_conn_handshake_frame = -1;
static int hf_conn_teardown_frame = -1;
static int hf_conn_one_sided = -1;
static int hf_conn_close = -1;
static int hf_community_id = -1;
static int hf_warning = -1;
static int hf_note = -1;
static int hf_whole_capture = -1;

static gint ett_tcpconn = -1;
static gint ett_check = -1;
static gint ett_handshake = -1;
static gint ett_teardown = -1;
static gint ett_so_far = -1;
static gint ett_conn = -1;

static const char *side_name(gboolean client)
{
    return client ? "client" : "server";
}

/* Labels and expert messages in the language the preference names; tokens never change. */
static gint label_language = TC_LANGUAGE_ENGLISH;
#define IN_LANGUAGE(english, chinese)                                                              \
    (label_language == TC_LANGUAGE_CHINESE ? (chinese) : (english))

tc_language tcpconn_language(void)
{
    return (tc_language)label_language;
}

/* A side in the human text of an expert message. */
static const char *side_text(gboolean client)
{
    return tc_side_text(client, (tc_language)label_language);
}

/* "seq + len + 1" as a reader writes it: no "+ len 0", and "+ 1" for a SYN or FIN. */
static const char *sum_text(wmem_allocator_t *pool, const tc_result *res, guint32 base)
{
    gboolean counts_flag = res->check != TC_CHECK_DATA;
    const char *len =
        res->acked_len || !counts_flag ? wmem_strdup_printf(pool, " + len %u", res->acked_len) : "";
    return wmem_strdup_printf(pool, "%u%s%s", res->acked_seq - base, len,
                              counts_flag ? " + 1" : "");
}

/* Item texts are only formatted for a tree someone reads (-V, the GUI's details). */
static gboolean shows_text(proto_tree *tree)
{
    return tree && PTREE_DATA(tree)->visible;
}

/* The arithmetic a reader does by hand: ack = seq + len, + 1 for a SYN or FIN. */
static void draw_check(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tc_result *res)
{
    const char *relation = res->check_ok ? "=" : "!=";
    gboolean text = shows_text(tree);
    proto_item *item = proto_tree_add_none_format(
        tree, hf_check, tvb, 0, 0,
        IN_LANGUAGE("Ack check: ack %u %s %s seq %s (relative: %u %s %s)%s",
                    "确认号检查：确认号 %u %s %s 序号 %s（相对：%u %s %s）%s"),
        res->ack, relation, tc_check_token((tc_check)res->check),
        text ? sum_text(pinfo->pool, res, 0) : "", res->ack - res->peer_base, relation,
        text ? sum_text(pinfo->pool, res, res->peer_base) : "",
        res->check_ok ? "" : IN_LANGUAGE(" [wrong]", " [错误]"));
    proto_item_set_generated(item);
    proto_tree *sub = proto_item_add_subtree(item, ett_check);
    generated_string(sub, hf_check_of, tvb, tc_check_token((tc_check)res->check));
    generated_boolean(sub, hf_check_ok, tvb, res->check_ok);
    generated_uint(sub, hf_check_frame, tvb, res->acked_frame);
    generated_uint(sub, hf_check_ack, tvb, res->ack);
    generated_uint(sub, hf_check_expected, tvb, res->expected_ack);
    generated_uint(sub, hf_check_ack_rel, tvb, res->ack - res->peer_base);
    generated_uint(sub, hf_check_expected_rel, tvb, res->expected_ack - res->peer_base);
    generated_uint(sub, hf_check_acked_seq, tvb, res->acked_seq);
    generated_uint(sub, hf_check_acked_seq_rel, tvb, res->acked_seq - res->peer_base);
    generated_uint(sub, hf_check_acked_len, tvb, res->acked_len);
}

static void add_ns(proto_tree *tree, int hf, tvbuff_t *tvb, guint64 ns)
{
    nstime_t t = {(time_t)(ns / 1000000000u), (int)(ns % 1000000000u)};
    proto_item_set_generated(proto_tree_add_time(tree, hf, tvb, 0, 0, &t));
}

static void add_duration(proto_tree *tree, int hf, tvbuff_t *tvb, guint64 from_ns, guint64 to_ns)
{
    add_ns(tree, hf, tvb, to_ns - from_ns);
}

/* Round-trip times where they are measured: SYN -> SYN-ACK, SYN-ACK -> final ACK. */
static void draw_rtt(proto_tree *tree, tvbuff_t *tvb, const frame_record *frame, guint32 num)
{
    const tc_conn *conn = &frame->conn->conn;
    guint64 server_ns = 0, client_ns = 0;
    gboolean server = tc_conn_rtt_server(conn, &server_ns);

    if (frame->res.role == TC_ROLE_SYN_ACK && num == conn->synack_frame && server)
        add_ns(tree, hf_rtt_server, tvb, server_ns);
    /* A final ACK of a SYN-ACK not in the capture times nothing. */
    if (frame->res.role == TC_ROLE_FINAL_ACK && num == conn->summary.final_ack_frame &&
        tc_conn_rtt_client(conn, &client_ns)) {
        if (server)
            add_ns(tree, hf_rtt_server, tvb, server_ns);
        add_ns(tree, hf_rtt_client, tvb, client_ns);
    }
}

static void draw_handshake(proto_tree *tree, tvbuff_t *tvb, const frame_record *frame, guint32 num)
{
    const tc_result *res = &frame->res;
    proto_item *item = proto_tree_add_none_format(
        tree, hf_handshake, tvb, 0, 0, IN_LANGUAGE("Handshake%s", "三次握手%s"),
        res->handshake_seen ? "" : IN_LANGUAGE(" (not seen)", "（抓包中没有）"));
    proto_item_set_generated(item);
    proto_tree *sub = proto_item_add_subtree(item, ett_handshake);
    generated_boolean(sub, hf_handshake_seen, tvb, res->handshake_seen);
    if (res->phase == TC_PHASE_HANDSHAKE)
        generated_uint(sub, hf_handshake_step, tvb, res->step);
    draw_rtt(sub, tvb, frame, num);
}

/* Zeek's view so far: the same on every pass. */
static void draw_verdict(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                         const frame_record *frame)
{
    const tc_result *res = &frame->res;
    const char *history = conn_table_history(pinfo->pool, frame);
    const char *state = tc_conn_state_token((tc_conn_state)res->conn_state);
    proto_item *item =
        proto_tree_add_none_format(tree, hf_so_far, tvb, 0, 0,
                                   IN_LANGUAGE("Verdict so far: conn_state %s, history %s",
                                               "目前的判定：conn_state %s，history %s"),
                                   state, history);
    proto_item_set_generated(item);
    proto_tree *sub = proto_item_add_subtree(item, ett_so_far);
    generated_string(sub, hf_so_far_history, tvb, history);
    generated_string(sub, hf_so_far_conn_state, tvb, state);
    generated_string(sub, hf_so_far_originator, tvb, side_name(res->originator_is_client));
}

/* The whole connection, known only once the first pass has read the capture. */
static void draw_connection(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                            const conn_record *rec)
{
    const tc_conn *conn = &rec->conn;
    const tc_summary *sum = &conn->summary;
    tc_conn_state state = zk_conn_state(&conn->zeek);
    unsigned client = conn->client, server = conn->client ^ 1u;
    char meaning[192];

    proto_item *item = proto_tree_add_none_format(
        tree, hf_conn, tvb, 0, 0, "Connection (whole capture): %s (%s), history %s",
        tc_conn_state_token(state), tc_conn_state_explain(conn, meaning, sizeof meaning),
        rec->conn.zeek.history);
    proto_item_set_generated(item);
    proto_tree *sub = proto_item_add_subtree(item, ett_conn);
    generated_string(sub, hf_conn_conn_state, tvb, tc_conn_state_token(state));
    generated_string(sub, hf_conn_history, tvb, rec->conn.zeek.history);
    generated_string(sub, hf_conn_originator, tvb, side_name(conn->zeek.orig == conn->client));
    generated_uint(sub, hf_conn_first_frame, tvb, sum->first_frame);
    generated_uint(sub, hf_conn_last_frame, tvb, sum->last_frame);
    add_duration(sub, hf_conn_duration, tvb, sum->first_ns, sum->last_ns);
    generated_uint(sub, hf_conn_client_segments, tvb, sum->segments[client]);
    generated_uint(sub, hf_conn_server_segments, tvb, sum->segments[server]);
    proto_item_set_generated(
        proto_tree_add_uint64(sub, hf_conn_client_bytes, tvb, 0, 0, sum->bytes[client]));
    proto_item_set_generated(
        proto_tree_add_uint64(sub, hf_conn_server_bytes, tvb, 0, 0, sum->bytes[server]));
    guint32 handshake[] = {conn->ep[client].syn_seen ? conn->ep[client].syn_frame : 0,
                           conn->synack_frame, sum->final_ack_frame};
    for (unsigned i = 0; i < G_N_ELEMENTS(handshake); i++) {
        if (handshake[i])
            generated_uint(sub, hf_conn_handshake_frame, tvb, handshake[i]);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(sum->teardown_frames); i++) {
        if (sum->teardown_frames[i])
            generated_uint(sub, hf_conn_teardown_frame, tvb, sum->teardown_frames[i]);
    }
    if (sum->rst_frame && sum->rst_frame != sum->teardown_frames[0])
        generated_uint(sub, hf_conn_teardown_frame, tvb, sum->rst_frame);
    tc_close close = tc_conn_close(conn);
    proto_item_append_text(generated_string(sub, hf_conn_close, tvb, tc_close_token(close)),
                           " (%s)", tc_close_meaning(close));
    if (tc_conn_one_sided(conn))
        proto_item_append_text(
            generated_string(sub, hf_conn_one_sided, tvb, side_name(conn->ep[client].seen)),
            " (only its segments are in the capture)");
    icmp_tree_draw_conn(sub, tvb, pinfo, rec, tcpconn_language());
}

/* tcpconn.warning or tcpconn.note, naming the expert item (e.g. "bad_ack"). */
static void add_finding(proto_tree *tree, tvbuff_t *tvb, const finding *found)
{
    if (found->severity == PI_WARN)
        generated_string(tree, hf_warning, tvb, found->field);
    else if (found->severity == PI_NOTE)
        generated_string(tree, hf_note, tvb, found->field);
}

static void add_findings(proto_tree *tree, tvbuff_t *tvb, const finding *table, unsigned count,
                         guint32 bits)
{
    for (unsigned i = 0; i < count; i++) {
        if (bits & TC_EVENT_BIT(i))
            add_finding(tree, tvb, &table[i]);
    }
}

/* Whether the close the teardown kind names was completed. */
static gboolean close_finished(tc_close close)
{
    return close == TC_CLOSE_FOUR_WAY || close == TC_CLOSE_THREE_WAY ||
           close == TC_CLOSE_SIMULTANEOUS;
}

static void draw_teardown(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                          const frame_record *frame)
{
    const tc_result *res = &frame->res;
    proto_item *item = proto_tree_add_none_format(tree, hf_teardown, tvb, 0, 0, "%s",
                                                  IN_LANGUAGE("Teardown", "挥手"));
    proto_item_set_generated(item);
    proto_tree *sub = proto_item_add_subtree(item, ett_teardown);
    if (res->phase == TC_PHASE_TEARDOWN && res->step)
        generated_uint(sub, hf_teardown_step, tvb, res->step);
    if (res->teardown != TC_TEARDOWN_NONE) {
        proto_item *kind = generated_string(sub, hf_teardown_kind, tvb,
                                            tc_teardown_token((tc_teardown)res->teardown));
        /* The kind is what the close looked like so far; the whole capture says if it ended. */
        tc_close close =
            capture_read_whole(pinfo) ? tc_conn_close(&frame->conn->conn) : TC_CLOSE_COUNT;
        if (res->teardown != TC_TEARDOWN_RESET && close != TC_CLOSE_COUNT && !close_finished(close))
            proto_item_append_text(kind, " (not finished: %s)", tc_close_meaning(close));
    }
    generated_string(sub, hf_teardown_initiator, tvb, side_name(res->teardown_by_client));
}

static void draw_skipped(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, gboolean quoted)
{
    const char *why = quoted ? "TCP header quoted by an ICMP error: not a segment of its connection"
                             : "TCP header incomplete or malformed: segment not analysed";
    proto_item *top = proto_tree_add_item(tree, proto_tcpconn, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    proto_tree *sub = proto_item_add_subtree(top, ett_tcpconn);
    proto_item *item = generated_string(sub, hf_not_analysed, tvb, why);
    if (!quoted) {
        expert_items_add_incomplete(pinfo, item);
        add_finding(sub, tvb, &incomplete_finding);
        return;
    }
    const icmp_record *icmp = icmp_table_lookup(pinfo->num);
    if (!icmp)
        return;
    char label[96];
    icmp_tree_label(icmp, tcpconn_language(), label, sizeof label);
    if (shows_text(tree))
        proto_item_set_text(top, IN_LANGUAGE("TCP connection: %s", "TCP 连接：%s"), label);
    generated_string(sub, hf_label, tvb, label);
    icmp_tree_draw(sub, item, tvb, pinfo, icmp, tcpconn_language());
    add_finding(sub, tvb, &icmp_findings[icmp->res.effect]);
}

/* Zeek records every RST and FIN in its history and conn_state, taken by the receiver or not:
 * where the two views part, both are said. */
static void draw_accepted(proto_tree *tree, tvbuff_t *tvb, const tc_result *res)
{
    gboolean taken = !(res->events & TC_NOT_TAKEN);
    proto_item *item = generated_boolean(tree, hf_accepted, tvb, taken);
    if (!taken)
        proto_item_append_text(item, "%s",
                               IN_LANGUAGE(" (Zeek's history and conn_state count it as received)",
                                           "（Zeek 的 history 和 conn_state 仍把它算作已接收）"));
}

/*
 * A side that has sent nothing in the capture so far is in a state inferred from what it was
 * sent (LISTEN for a SYN's receiver): an assumption, said as one.
 */
static void draw_state(proto_tree *tree, tvbuff_t *tvb, int hf, guint8 state, gboolean unseen,
                       gboolean client)
{
    proto_item *item = generated_string(tree, hf, tvb, tc_state_name((tc_state)state));
    if (!unseen || state == TC_STATE_UNKNOWN)
        return;
    proto_item_append_text(item, " (assumed: the %s has sent nothing in the capture so far)",
                           side_name(client));
    generated_string(tree, hf_state_assumed, tvb, side_name(client));
}

/*
 * Whether the tree would keep any tcpconn item: it is shown, or a filter, column or tap
 * references a tcpconn field (referencing any marks the protocol, their parent). Otherwise
 * epan fakes every item added (the root stands in for them), so none need be added.
 */
static gboolean keeps_items(proto_tree *tree)
{
    return tree && (shows_text(tree) || proto_field_is_referenced(tree, proto_tcpconn));
}

static void draw(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const frame_record *frame)
{
    const tc_result *res = &frame->res;
    char buf[96];

    if (!keeps_items(tree)) {
        /* The expert items still count (the expert tap, the highest severity, the column),
         * attached where the faked items would have put them. */
        expert_items_add(pinfo, tree, frame, (tc_language)label_language);
        if (capture_read_whole(pinfo))
            expert_items_add_hindsight(pinfo, tree, frame->conn, (tc_language)label_language,
                                       tc_conn_hindsight(&frame->conn->conn, res, pinfo->num));
        return;
    }
    const char *label =
        proto_field_is_referenced(tree, hf_label)
            ? wmem_strdup(pinfo->pool, tc_result_label_in(res, tcpconn_language(), buf, sizeof buf))
            : "";

    proto_item *top = proto_tree_add_item(tree, proto_tcpconn, tvb, 0, 0, ENC_NA);
    if (shows_text(tree))
        proto_item_set_text(top,
                            IN_LANGUAGE("TCP connection: %s from the %s", "TCP 连接：%s，来自%s"),
                            label, side_text(res->from_client));
    proto_item_set_generated(top);
    proto_tree *sub = proto_item_add_subtree(top, ett_tcpconn);

    proto_item *role = generated_string(sub, hf_role, tvb, tc_role_token((tc_role)res->role));
    generated_string(sub, hf_label, tvb, label);
    generated_string(sub, hf_sender, tvb, side_name(res->from_client));
    generated_uint(sub, hf_connection, tvb, frame->conn->index);
    if (res->step)
        generated_uint(sub, hf_step, tvb, res->step);
    if (res->with_data)
        generated_boolean(sub, hf_with_data, tvb, TRUE);
    if (res->role == TC_ROLE_RST || res->role == TC_ROLE_RST_ACK || (res->events & TC_NOT_TAKEN))
        draw_accepted(sub, tvb, res);
    if (res->acks_frame)
        generated_uint(sub, hf_acks_frame, tvb, res->acks_frame);
    if (res->check != TC_CHECK_NONE)
        draw_check(sub, tvb, pinfo, res);
    draw_handshake(sub, tvb, frame, pinfo->num);
    if (res->phase == TC_PHASE_TEARDOWN || res->teardown != TC_TEARDOWN_NONE)
        draw_teardown(sub, tvb, pinfo, frame);
    draw_state(sub, tvb, hf_state_client, res->state_client, res->client_unseen, TRUE);
    draw_state(sub, tvb, hf_state_server, res->state_server, res->server_unseen, FALSE);
    draw_verdict(sub, tvb, pinfo, frame);
    if (frame->conn->community_id[0])
        generated_string(sub, hf_community_id, tvb, frame->conn->community_id);
    zeek_conns_draw(sub, tvb, pinfo, frame);
    expert_items_add(pinfo, role, frame, (tc_language)label_language);
    add_findings(sub, tvb, event_findings, TC_EVENT_COUNT, res->events);
    /* Hindsight only once the first pass has seen the whole capture. */
    if (capture_read_whole(pinfo)) {
        guint32 found = tc_conn_hindsight(&frame->conn->conn, res, pinfo->num);
        draw_connection(sub, tvb, pinfo, frame->conn);
        expert_items_add_hindsight(pinfo, role, frame->conn, (tc_language)label_language, found);
        add_findings(sub, tvb, hindsight_findings, TC_HINDSIGHT_COUNT, found);
    } else if (shows_text(tree)) {
        /* Says where the rest is: in a second pass, or once a live capture has stopped. */
        proto_item_set_generated(proto_tree_add_none_format(
            sub, hf_whole_capture, tvb, 0, 0, "%s",
            PINFO_FD_VISITED(pinfo)
                ? "Connection (whole capture): not known when this packet was shown, while the "
                  "capture was running; conn_state, conn.* and the whole-capture warnings and "
                  "notes appear once it stops (select the packet again; View > Reload recolours "
                  "the rows coloured meanwhile)"
                : "Connection (whole capture): not known in one pass; conn_state, conn.* and "
                  "the whole-capture warnings and notes need tshark -2 (or the GUI)"));
    }
}

static int dissect_tcpconn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    frame_record frame;
    if (!PINFO_FD_VISITED(pinfo))
        capture_read_frame(pinfo);
    frame_kind kind = conn_table_lookup(pinfo, &frame);
    if (kind == FRAME_NOT_SEEN) {
        /* Only the first pass may compute: later passes are in any order. */
        if (PINFO_FD_VISITED(pinfo))
            return 0;
        conn_table_analyse(pinfo, tree);
        /* Drawn from what was kept, so the first pass shows what every later one will. */
        kind = conn_table_lookup(pinfo, &frame);
        if (kind == FRAME_QUOTED)
            icmp_table_analyse(pinfo, tree);
    }
    switch (kind) {
    case FRAME_QUOTED:
    case FRAME_INCOMPLETE:
        draw_skipped(tree, tvb, pinfo, kind == FRAME_QUOTED);
        break;
    case FRAME_SEGMENT:
        draw(tree, tvb, pinfo, &frame);
        /* The record and TCP's numbers are copied only for a listener to read. */
        if (have_tap_listener(tcpconn_tap)) {
            tcp_tap_numbers(&frame);
            tap_queue_packet(tcpconn_tap, pinfo, wmem_memdup(pinfo->pool, &frame, sizeof frame));
        }
        break;
    default:
        break;
    }
    return 0;
}

void proto_register_tcpconn(void)
{
    static hf_register_info hf[] = {
        {&hf_role,
         {"Role", "tcpconn.role", FT_STRING, BASE_NONE, NULL, 0x0,
          "What this segment does in its connection's life", HFILL}},
        {&hf_label,
         {"Label", "tcpconn.label", FT_STRING, BASE_NONE, NULL, 0x0,
          "Role and step in words, for a column: the role's text (SYN, SYN-ACK, final ACK, data, "
          "data ACK, ACK, FIN-ACK, FIN, ACK of FIN, data + ACK of FIN, RST-ACK, RST, ICMP), "
          "\" + data\" when it carries payload, then (open N/3), (close N), (close N/M), "
          "(simultaneous close N/4) with \", retransmission\", or for a RST (refused), (abort), "
          "(after close), (ignored: out of window), (ignored: not the next byte), (ignored: does "
          "not acknowledge the SYN); on an ICMP error quoting a segment, ICMP, the error and what "
          "it does, e.g. ICMP port unreachable (refused)",
          HFILL}},
        {&hf_sender,
         {"Sender", "tcpconn.sender", FT_STRING, BASE_NONE, NULL, 0x0,
          "Who sent this segment: client (the side that sent the SYN) or server", HFILL}},
        {&hf_connection,
         {"Connection", "tcpconn.connection", FT_UINT32, BASE_DEC, NULL, 0x0,
          "The connection's number, from 0 in the order the capture's connections began, as in "
          "Statistics > TCP Connections; unlike tcp.stream, a connection that reuses a port pair "
          "gets a number of its own",
          HFILL}},
        {&hf_step,
         {"Step", "tcpconn.step", FT_UINT8, BASE_DEC, NULL, 0x0,
          "Step within the handshake (1-3) or the teardown (1-4)", HFILL}},
        {&hf_with_data,
         {"Carries payload", "tcpconn.with_data", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "A SYN, FIN or RST that also carries data", HFILL}},
        {&hf_accepted,
         {"Accepted", "tcpconn.accepted", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "On a RST: whether its receiver takes it as a reset (RFC 9293 3.10.7, with RFC 5961's "
          "rule: only a RST at the next expected byte resets; in SYN-SENT, only one that "
          "acknowledges the SYN); false on a FIN, or an ACK that would complete the handshake "
          "or acknowledge a FIN, that its receiver drops as outside its window",
          HFILL}},
        {&hf_acks_frame,
         {"Acknowledges frame", "tcpconn.acks_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
          "The SYN, FIN or data segment this segment acknowledges", HFILL}},
        {&hf_check,
         {"Ack check", "tcpconn.ack_check", FT_NONE, BASE_NONE, NULL, 0x0,
          "ack = seq + len, plus 1 for a SYN or FIN", HFILL}},
        {&hf_check_of,
         {"Of", "tcpconn.ack_check.of", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the acknowledgment is checked against: SYN, FIN or data", HFILL}},
        {&hf_check_ok,
         {"Correct", "tcpconn.ack_check.ok", FT_BOOLEAN, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_check_frame,
         {"Checked against frame", "tcpconn.ack_check.frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          NULL, HFILL}},
        {&hf_check_ack,
         {"Ack (raw)", "tcpconn.ack_check.ack", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL}},
        {&hf_check_expected,
         {"Expected ack (raw)", "tcpconn.ack_check.expected", FT_UINT32, BASE_DEC, NULL, 0x0, NULL,
          HFILL}},
        {&hf_check_ack_rel,
         {"Ack (relative)", "tcpconn.ack_check.ack_rel", FT_UINT32, BASE_DEC, NULL, 0x0, NULL,
          HFILL}},
        {&hf_check_expected_rel,
         {"Expected ack (relative)", "tcpconn.ack_check.expected_rel", FT_UINT32, BASE_DEC, NULL,
          0x0, NULL, HFILL}},
        {&hf_check_acked_seq,
         {"Acknowledged seq (raw)", "tcpconn.ack_check.seq", FT_UINT32, BASE_DEC, NULL, 0x0, NULL,
          HFILL}},
        {&hf_check_acked_seq_rel,
         {"Acknowledged seq (relative)", "tcpconn.ack_check.seq_rel", FT_UINT32, BASE_DEC, NULL,
          0x0, NULL, HFILL}},
        {&hf_check_acked_len,
         {"Acknowledged length", "tcpconn.ack_check.len", FT_UINT32, BASE_DEC, NULL, 0x0, NULL,
          HFILL}},
        {&hf_handshake,
         {"Handshake", "tcpconn.handshake", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_handshake_seen,
         {"Seen", "tcpconn.handshake.seen", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "The capture holds this connection's SYN or SYN-ACK", HFILL}},
        {&hf_handshake_step,
         {"Step", "tcpconn.handshake.step", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL}},
        {&hf_teardown,
         {"Teardown", "tcpconn.teardown", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_teardown_step,
         {"Step", "tcpconn.teardown.step", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL}},
        {&hf_teardown_kind,
         {"Kind", "tcpconn.teardown.kind", FT_STRING, BASE_NONE, NULL, 0x0,
          "4-way, 3-way, simultaneous or reset (known from step 2 on)", HFILL}},
        {&hf_teardown_initiator,
         {"Initiator", "tcpconn.teardown.initiator", FT_STRING, BASE_NONE, NULL, 0x0,
          "Who sent the first FIN or the RST: client or server", HFILL}},
        {&hf_state_client,
         {"Client state", "tcpconn.state.client", FT_STRING, BASE_NONE, NULL, 0x0,
          "RFC 9293 state of the client after this segment", HFILL}},
        {&hf_state_server,
         {"Server state", "tcpconn.state.server", FT_STRING, BASE_NONE, NULL, 0x0,
          "RFC 9293 state of the server after this segment", HFILL}},
        {&hf_state_assumed,
         {"State assumed", "tcpconn.state.assumed", FT_STRING, BASE_NONE, NULL, 0x0,
          "The side whose state is inferred, not seen, as it has sent nothing in the capture so "
          "far: client or server",
          HFILL}},
        {&hf_rtt_server,
         {"Server RTT (SYN to SYN-ACK)", "tcpconn.handshake.rtt_server", FT_RELATIVE_TIME,
          BASE_NONE, NULL, 0x0, "Delay on the server's side of the capture point", HFILL}},
        {&hf_rtt_client,
         {"Client RTT (SYN-ACK to final ACK)", "tcpconn.handshake.rtt_client", FT_RELATIVE_TIME,
          BASE_NONE, NULL, 0x0, "Delay on the client's side of the capture point", HFILL}},
        {&hf_so_far,
         {"Verdict so far", "tcpconn.so_far", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_so_far_history,
         {"History so far", "tcpconn.so_far.history", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek conn.log history letters after this segment", HFILL}},
        {&hf_so_far_conn_state,
         {"conn_state so far", "tcpconn.so_far.conn_state", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek conn_state if the capture ended after this segment", HFILL}},
        {&hf_so_far_originator,
         {"Originator", "tcpconn.so_far.originator", FT_STRING, BASE_NONE, NULL, 0x0,
          "The side Zeek calls the originator: client or server", HFILL}},
        {&hf_conn,
         {"Connection", "tcpconn.conn", FT_NONE, BASE_NONE, NULL, 0x0,
          "The whole connection (needs the whole capture: tshark -2, or the GUI)", HFILL}},
        {&hf_conn_conn_state,
         {"conn_state", "tcpconn.conn.conn_state", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek conn_state of the whole connection", HFILL}},
        {&hf_conn_history,
         {"History", "tcpconn.conn.history", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zeek history of the whole connection", HFILL}},
        {&hf_conn_originator,
         {"Originator", "tcpconn.conn.originator", FT_STRING, BASE_NONE, NULL, 0x0,
          "The side Zeek calls the originator, in the end: client or server (needs the whole "
          "capture: tshark -2, or the GUI)",
          HFILL}},
        {&hf_conn_first_frame,
         {"First frame", "tcpconn.conn.first_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "The connection's first segment (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_last_frame,
         {"Last frame", "tcpconn.conn.last_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "The connection's last segment (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_duration,
         {"Duration", "tcpconn.conn.duration", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
          "From the connection's first segment to its last (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_client_segments,
         {"Client segments", "tcpconn.conn.client_segments", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Segments the client sent (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_server_segments,
         {"Server segments", "tcpconn.conn.server_segments", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Segments the server sent (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_client_bytes,
         {"Client payload bytes", "tcpconn.conn.client_bytes", FT_UINT48, BASE_DEC, NULL, 0x0,
          "Payload bytes the client sent (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_server_bytes,
         {"Server payload bytes", "tcpconn.conn.server_bytes", FT_UINT48, BASE_DEC, NULL, 0x0,
          "Payload bytes the server sent (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_handshake_frame,
         {"Handshake frame", "tcpconn.conn.handshake_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "The connection's SYN, SYN-ACK and final ACK (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_teardown_frame,
         {"Teardown frame", "tcpconn.conn.teardown_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "Each step of the connection's close, or its RST (" TC_WHOLE_CAPTURE ")", HFILL}},
        {&hf_conn_one_sided,
         {"One direction captured", "tcpconn.conn.one_sided", FT_STRING, BASE_NONE, NULL, 0x0,
          "Only this side's segments are in the capture: client or server (" TC_WHOLE_CAPTURE ")",
          HFILL}},
        {&hf_conn_close,
         {"Close", "tcpconn.conn.close", FT_STRING, BASE_NONE, NULL, 0x0,
          "How the connection ended: 4-way, 3-way, simultaneous (both FINs acknowledged), "
          "unfinished (both FINs, one never acknowledged), half-closed (one FIN), reset, "
          "fin-then-reset, icmp (an ICMP error answered the SYN), not-closed, or unknown (one "
          "direction or the other FIN not captured) "
          "(" TC_WHOLE_CAPTURE ")",
          HFILL}},
        {&hf_community_id,
         {"Community ID", "tcpconn.community_id", FT_STRING, BASE_NONE, NULL, 0x0,
          "Community ID v1 (seed 0) of the connection's address and port pair, as Zeek and "
          "Suricata log it: \"1:\" and a base64 SHA-1 hash",
          HFILL}},
        {&hf_not_analysed,
         {"Not analysed", "tcpconn.not_analysed", FT_STRING, BASE_NONE, NULL, 0x0,
          "Why this frame's TCP header is not labelled: \"TCP header quoted by an ICMP error: "
          "not a segment of its connection\" or \"TCP header incomplete or malformed: segment "
          "not analysed\"",
          HFILL}},
        /* Descriptions made from the expert tables at registration (field_values.c). */
        {&hf_warning, {"Warning", "tcpconn.warning", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_note, {"Note", "tcpconn.note", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_whole_capture,
         {"Whole capture", "tcpconn.whole_capture", FT_NONE, BASE_NONE, NULL, 0x0,
          "In single-pass output, and in the GUI while a live capture runs: where what needs the "
          "whole capture is (tshark -2, or the GUI once the capture is read)",
          HFILL}},
    };
    static gint *ett[] = {&ett_tcpconn,  &ett_check,  &ett_handshake,
                          &ett_teardown, &ett_so_far, &ett_conn};
    for (unsigned i = 0; i < G_N_ELEMENTS(hf); i++) {
        const char *blurb = field_values_blurb(hf[i].hfinfo.abbrev);
        if (blurb)
            hf[i].hfinfo.blurb = blurb;
    }
    proto_tcpconn = proto_register_protocol("TCP connection lifecycle", "TCPCONN", "tcpconn");
    static const enum_val_t languages[] = {
        {"english", "English", TC_LANGUAGE_ENGLISH},
        {"chinese", "简体中文 (Simplified Chinese)", TC_LANGUAGE_CHINESE},
        {NULL, NULL, 0},
    };
    module_t *module = prefs_register_protocol(proto_tcpconn, zeek_prefs_apply);
    prefs_register_enum_preference(
        module, "language", "Labels and messages",
        "Language of tcpconn.label, the Role column, the flow graph's arrows and the expert "
        "messages; role tokens, field names and filter values stay as they are",
        &label_language, languages, FALSE);
    proto_register_field_array(proto_tcpconn, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_items_register(proto_tcpconn);
    tcpconn_tap = register_tap("tcpconn");
    capture_read_register();
    conn_table_register();
    icmp_table_register();
    icmp_tree_register(proto_tcpconn);
    zeek_prefs_register(module);
    zeek_conns_register(proto_tcpconn);
}

void proto_reg_handoff_tcpconn(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_tcpconn, proto_tcpconn);
    register_postdissector(handle);
    tcp_fields_want(handle);
}
