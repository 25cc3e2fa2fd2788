/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "TCP Connection Lifecycle" statistics tree: segments by role, connections
 * by how and by whom they were ended, by Zeek conn_state, and handshake
 * round-trip times. It listens to the "tcpconn" tap, which delivers the stored
 * frame_record of every labelled segment on every pass, so retaps count the same.
 *
 * Endings and conn_state rows give the connections' durations, ms: to the segment that
 * ended them, or to their last segment.
 *
 * Wireshark 4.0's GUI sorts every level by name, descending, whatever the tree
 * asks; tshark sorts every level but the top one (printed as made) as the tree
 * asks. So the tree asks for that order too, section names descend in reading
 * order, and rows whose order is not alphabetical (roles as a connection goes
 * through them, endings as a connection can end, conn_state in Zeek's order, RTT
 * buckets by size) are marked as ranges, which both keep in ascending place order.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/stats_tree.h>
#include <epan/stats_tree_priv.h>

#include "connections/conn_table.h"
#include "core/icmp_error.h"
#include "display/stats_tree.h"

/* Names descending in reading order, in either case. */
static const char by_role[] = "Segments by role (average, min, max: payload bytes)";
static const char ignored_by_receiver[] = "ignored by its receiver (RFC 9293 3.10.7)";
static const char by_ending[] = "Connections: how they ended (average, min, max: duration, ms)";
static const char by_reset[] = "ended by a RST";
static const char not_closed[] = "not closed in the capture";
static const char by_icmp[] = "ended by an ICMP error (connection attempt)";
static const char by_initiator[] = "Connections: closed or aborted, by who began it";
static const char by_conn_state[] =
    "Connections: by Zeek conn_state (average, min, max: duration, ms)";
/* In one pass a connection's end is known only at the capture's end, which a tree never sees. */
static const char needs_two_passes[] = "known with tshark -2 or in the GUI";
static const char handshake_rtt[] = "All handshakes: RTT (ms) from SYN to final ACK";

static int by_role_node;
static int by_ending_node;
static int by_initiator_node;
static int by_conn_state_node;
static int handshake_rtt_node;

typedef struct {
    double below_ms; /* upper bound of the bucket */
    const char *name;
} rtt_bucket;

static const rtt_bucket rtt_buckets[] = {
    {1, "under 1 ms"},       {10, "1 to 10 ms"},           {100, "10 to 100 ms"},
    {1000, "100 ms to 1 s"}, {G_MAXDOUBLE, "1 s or more"},
};

/* tshark prints the top level in the order made: the sections, made here in reading order. */
static void init_tree(stats_tree *st)
{
    /* Switched off (Analyze > Enabled Protocols, --disable-protocol), tcpconn counts nothing:
     * say so rather than show zeros. */
    int proto = proto_get_id_by_filter_name("tcpconn");
    if (proto >= 0 && !proto_is_protocol_enabled(find_protocol_by_id(proto)))
        stats_tree_create_node(
            st, "tcpconn is switched off (Analyze > Enabled Protocols): nothing counted", 0,
            STAT_DT_INT, FALSE);
    by_role_node = stats_tree_create_node(st, by_role, 0, STAT_DT_INT, TRUE);
    by_ending_node = stats_tree_create_node(st, by_ending, 0, STAT_DT_FLOAT, TRUE);
    by_initiator_node = stats_tree_create_node(st, by_initiator, 0, STAT_DT_INT, TRUE);
    by_conn_state_node = stats_tree_create_node(st, by_conn_state, 0, STAT_DT_FLOAT, TRUE);
    handshake_rtt_node = stats_tree_create_node(st, handshake_rtt, 0, STAT_DT_FLOAT, TRUE);
}

/* Keeps a row at its place among its siblings, in the GUI and in tshark, by making it a range. */
static void keep_in_place(stats_tree *st, int id, int place)
{
    stat_node *node = (stat_node *)g_ptr_array_index(st->parents, id);
    if (!node->rng) {
        node->rng = g_new(range_pair_t, 1);
        node->rng->floor = node->rng->ceil = place;
    }
}

/* A segment its receiver would drop (RFC 9293 3.10.7) is counted in its role, and apart below it.
 */
static void count_role(stats_tree *st, tc_role role, gboolean taken, guint32 payload)
{
    tick_stat_node(st, by_role, 0, TRUE);
    int id = avg_stat_node_add_value_int(st, tc_role_token(role), by_role_node, TRUE, payload);
    keep_in_place(st, id, (int)role);
    if (!taken)
        avg_stat_node_add_value_int(st, ignored_by_receiver, id, FALSE, payload);
}

/* Places of the endings, in the order a connection can end: closed (by teardown kind), reset,
 * ended by an ICMP error, still open. */
enum { PLACE_RESET = TC_TEARDOWN_COUNT, PLACE_ICMP, PLACE_NOT_CLOSED };

/* Milliseconds from the connection's first segment to this time. */
static gfloat ms_since_start(const frame_record *frame, guint64 ns)
{
    return (gfloat)((double)(ns - frame->conn->conn.summary.first_ns) / 1e6);
}

/* A row kept in place is made a parent (only parents can be found by their id); a range row
 * shows its values' average, min and max, so each counts the connection's duration. */
static void count_ending(stats_tree *st, const char *how, int place, const char *reset_reason,
                         int reset_place, gfloat ms)
{
    avg_stat_node_add_value_float(st, by_ending, 0, TRUE, ms);
    int id = avg_stat_node_add_value_float(st, how, by_ending_node, TRUE, ms);
    keep_in_place(st, id, place);
    if (reset_reason)
        keep_in_place(st, avg_stat_node_add_value_float(st, reset_reason, id, TRUE, ms),
                      reset_place);
}

static void count_initiator(stats_tree *st, gboolean client)
{
    tick_stat_node(st, by_initiator, 0, TRUE);
    tick_stat_node(st, client ? "client" : "server", by_initiator_node, FALSE);
}

/* On a connection's first segment: what only the whole capture knows, when it is known. */
static void count_whole_connection(stats_tree *st, const frame_record *frame)
{
    const tc_conn *conn = &frame->conn->conn;
    if (!frame->whole_capture) {
        tick_stat_node(st, by_conn_state, 0, TRUE);
        tick_stat_node(st, needs_two_passes, by_conn_state_node, FALSE);
        return;
    }
    gfloat ms = ms_since_start(frame, conn->summary.last_ns);
    if (tc_conn_ended_by_icmp(conn))
        count_ending(st, by_icmp, PLACE_ICMP,
                     tc_icmp_effect_token((tc_icmp_effect)conn->icmp_effect),
                     (int)conn->icmp_effect, ms);
    else if (!conn->closed && !conn->rst_seen)
        count_ending(st, not_closed, PLACE_NOT_CLOSED, NULL, 0, ms);
    tc_conn_state state = zk_conn_state(&conn->zeek);
    char name[96];
    snprintf(name, sizeof name, "%s (%s)", tc_conn_state_token(state),
             tc_conn_state_meaning(state));
    /* In the order of Zeek's own list of conn_state values. */
    avg_stat_node_add_value_float(st, by_conn_state, 0, TRUE, ms);
    keep_in_place(st, avg_stat_node_add_value_float(st, name, by_conn_state_node, TRUE, ms),
                  (int)state);
}

/* Endings as they happen: a refused connection was never established, so nobody ended it. */
static void count_connection(stats_tree *st, packet_info *pinfo, const frame_record *frame)
{
    const tc_result *res = &frame->res;
    if (pinfo->num == frame->conn->conn.summary.first_frame)
        count_whole_connection(st, frame);
    gfloat ms = ms_since_start(frame, (guint64)pinfo->abs_ts.secs * 1000000000u +
                                          (guint64)pinfo->abs_ts.nsecs);
    if (res->events & TC_EVENT_BIT(TC_EVENT_REFUSED)) {
        count_ending(st, by_reset, PLACE_RESET, "refused", 0, ms);
    } else if (res->events & TC_EVENT_BIT(TC_EVENT_ABORTED)) {
        count_ending(st, by_reset, PLACE_RESET, "aborted", 1, ms);
        count_initiator(st, res->teardown_by_client);
    } else if (res->events & TC_EVENT_BIT(TC_EVENT_CLOSED)) {
        char how[48];
        snprintf(how, sizeof how, "closed, %s", tc_teardown_token((tc_teardown)res->teardown));
        count_ending(st, how, (int)res->teardown, NULL, 0, ms);
        count_initiator(st, res->teardown_by_client);
    }
}

static void add_rtt(stats_tree *st, double ms)
{
    size_t i = 0;
    while (ms >= rtt_buckets[i].below_ms)
        i++;
    avg_stat_node_add_value_float(st, handshake_rtt, 0, TRUE, (gfloat)ms);
    int id = avg_stat_node_add_value_float(st, rtt_buckets[i].name, handshake_rtt_node, TRUE,
                                           (gfloat)ms);
    keep_in_place(st, id, (int)i);
}

/* From the client's latest SYN before the SYN-ACK to the final ACK, as Wireshark's iRTT. */
static void time_handshake(stats_tree *st, const frame_record *frame)
{
    const tc_summary *sum = &frame->conn->conn.summary;
    if (!(frame->res.events & TC_EVENT_BIT(TC_EVENT_HANDSHAKE_COMPLETE)) ||
        !frame->conn->conn.ep[frame->conn->conn.client].syn_seen)
        return;
    add_rtt(st, (double)(sum->final_ack_ns - sum->syn_ns) / 1e6);
}

static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const frame_record *frame = (const frame_record *)data;
    /* Unknown where TCP queued no tap data (4.0: options cut short or malformed): counted 0. */
    count_role(st, (tc_role)frame->res.role, !(frame->res.events & TC_NOT_TAKEN),
               frame->numbers_known ? frame->numbers.len : 0);
    count_connection(st, pinfo, frame);
    time_handshake(st, frame);
    return TAP_PACKET_REDRAW;
}

void stats_tree_register_tcpconn(void)
{
    stats_tree_register_plugin("tcpconn", "tcpconn", "TCP Connection Lifecycle",
                               (ST_SORT_COL_NAME << ST_FLG_SRTCOL_SHIFT) | ST_FLG_SORT_DESC,
                               tree_packet, init_tree, NULL);
}
