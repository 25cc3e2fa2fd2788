/*
 * The "TCP Connection Lifecycle" statistics tree: segments by role, connections
 * by how and by whom they were torn down, by Zeek conn_state, and handshake
 * round-trip times. It listens to the "tcpconn" tap, which delivers the stored
 * frame_record of every labelled segment on every pass, so retaps count the same.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/stats_tree.h>

#include "conn_table.h"
#include "stats_tree.h"

static const char by_role[] = "Segments by role";
static const char by_kind[] = "Connections by teardown kind";
static const char not_closed[] = "not closed in the capture";
static const char by_initiator[] = "Connections by teardown initiator";
static const char by_conn_state[] = "Connections by conn_state";
static const char handshake_rtt[] = "Handshake RTT (ms): SYN to final ACK";

static int by_role_node;
static int by_kind_node;
static int by_initiator_node;
static int by_conn_state_node;
/* Each connection's conn_state so far, so that its count can move when the state does. */
static GHashTable *conn_states;
static int handshake_rtt_node;

typedef struct {
    double below_ms; /* upper bound of the bucket */
    const char *name;
} rtt_bucket;

static const rtt_bucket rtt_buckets[] = {
    {1, "under 1 ms"},       {10, "1 to 10 ms"},           {100, "10 to 100 ms"},
    {1000, "100 ms to 1 s"}, {G_MAXDOUBLE, "1 s or more"},
};

static void init_tree(stats_tree *st)
{
    by_role_node = stats_tree_create_node(st, by_role, 0, STAT_DT_INT, TRUE);
    by_kind_node = stats_tree_create_node(st, by_kind, 0, STAT_DT_INT, TRUE);
    by_conn_state_node = stats_tree_create_node(st, by_conn_state, 0, STAT_DT_INT, TRUE);
    g_hash_table_remove_all(conn_states);
    by_initiator_node = stats_tree_create_node(st, by_initiator, 0, STAT_DT_INT, TRUE);
    handshake_rtt_node = stats_tree_create_node(st, handshake_rtt, 0, STAT_DT_FLOAT, TRUE);
}

/* The reset reason, when this RST ends its connection. */
static const char *reset_reason(const tc_result *res)
{
    if (res->events & TC_EVENT_BIT(TC_EVENT_REFUSED))
        return "refused";
    if (res->events & TC_EVENT_BIT(TC_EVENT_ABORTED))
        return "aborted";
    return NULL;
}

/* A connection counts under its latest conn_state: at the end, its final one. */
static void count_conn_state(stats_tree *st, const frame_record *frame)
{
    gpointer before = g_hash_table_lookup(conn_states, frame->conn);
    guint now = frame->res.conn_state;
    if (before && GPOINTER_TO_UINT(before) - 1 == now)
        return;
    if (before)
        increase_stat_node(st, tc_conn_state_token((tc_conn_state)(GPOINTER_TO_UINT(before) - 1)),
                           by_conn_state_node, FALSE, -1);
    else
        tick_stat_node(st, by_conn_state, 0, TRUE);
    tick_stat_node(st, tc_conn_state_token((tc_conn_state)now), by_conn_state_node, FALSE);
    g_hash_table_insert(conn_states, (gpointer)frame->conn, GUINT_TO_POINTER(now + 1));
}

static void count_connection(stats_tree *st, packet_info *pinfo, const frame_record *frame)
{
    const tc_result *res = &frame->res;
    const tc_summary *sum = &frame->conn->conn.summary;
    if (pinfo->num == sum->first_frame) {
        tick_stat_node(st, by_kind, 0, TRUE);
        increase_stat_node(st, not_closed, by_kind_node, FALSE, 1);
    }
    count_conn_state(st, frame);
    const char *reason = reset_reason(res);
    gboolean closed = (res->events & TC_EVENT_BIT(TC_EVENT_CONNECTION_CLOSED)) != 0;
    if (!reason && !closed)
        return;
    if (reason) {
        int reset = tick_stat_node(st, tc_teardown_token(TC_TEARDOWN_RESET), by_kind_node, TRUE);
        tick_stat_node(st, reason, reset, FALSE);
    } else {
        tick_stat_node(st, tc_teardown_token((tc_teardown)res->teardown), by_kind_node, FALSE);
    }
    increase_stat_node(st, not_closed, by_kind_node, FALSE, -1);
    tick_stat_node(st, by_initiator, 0, TRUE);
    tick_stat_node(st, res->teardown_by_client ? "client" : "server", by_initiator_node, FALSE);
}

static void add_rtt(stats_tree *st, double ms)
{
    size_t i = 0;
    while (ms >= rtt_buckets[i].below_ms)
        i++;
    avg_stat_node_add_value_float(st, handshake_rtt, 0, TRUE, (gfloat)ms);
    avg_stat_node_add_value_float(st, rtt_buckets[i].name, handshake_rtt_node, FALSE, (gfloat)ms);
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
    tick_stat_node(st, by_role, 0, TRUE);
    tick_stat_node(st, tc_role_token((tc_role)frame->res.role), by_role_node, FALSE);
    count_connection(st, pinfo, frame);
    time_handshake(st, frame);
    return TAP_PACKET_REDRAW;
}

void stats_tree_register_tcpconn(void)
{
    conn_states = g_hash_table_new(g_direct_hash, g_direct_equal);
    stats_tree_register_plugin("tcpconn", "tcpconn", "TCP Connection Lifecycle", 0, tree_packet,
                               init_tree, NULL);
}
