/*
 * The "TCP Connection Lifecycle" statistics tree: segments by role, connections
 * by how and by whom they were torn down, and handshake round-trip times. It
 * listens to the "tcpconn" tap, which delivers a stored tc_result for every
 * labelled segment on every pass, so retaps count the same.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/stats_tree.h>
#include <epan/wmem_scopes.h>

#include "lifecycle.h"
#include "stats_tree.h"

static const char by_role[] = "Segments by role";
static const char by_kind[] = "Connections by teardown kind";
static const char not_closed[] = "not closed in the capture";
static const char by_initiator[] = "Connections by teardown initiator";
static const char handshake_rtt[] = "Handshake RTT (ms): SYN to final ACK";

static int by_role_node;
static int by_kind_node;
static int by_initiator_node;
static int handshake_rtt_node;

/*
 * Arrival time of each SYN, and of each SYN-ACK under the time of the SYN it
 * answers: the final ACK names its SYN-ACK (acks_frame), the SYN-ACK its SYN.
 * Only a final ACK that acknowledges the SYN-ACK correctly ends a timed handshake.
 * A function of the capture alone, so every tree and every retap can share it.
 */
static wmem_map_t *syn_times;

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
    /* Per-connection verdicts (conn_state) get their node here, after the teardown kind. */
    by_initiator_node = stats_tree_create_node(st, by_initiator, 0, STAT_DT_INT, TRUE);
    handshake_rtt_node = stats_tree_create_node(st, handshake_rtt, 0, STAT_DT_FLOAT, TRUE);
}

/*
 * The first segment of a connection as the core saw it: a new SYN, which leaves
 * its peer listening (not the second SYN of a simultaneous open, nor a SYN seen
 * after its SYN-ACK, whose peer is then SYN-RECEIVED), a SYN-ACK whose SYN was
 * not captured, or any segment of a connection caught mid-way.
 */
static gboolean starts_connection(const tc_result *res)
{
    guint8 sender = res->from_client ? res->state_client : res->state_server;
    guint8 peer = res->from_client ? res->state_server : res->state_client;
    if (res->events & TC_EVENT_BIT(TC_EVENT_NO_HANDSHAKE))
        return TRUE;
    if (res->retransmission)
        return FALSE;
    if (res->role == TC_ROLE_SYN)
        return sender == TC_STATE_SYN_SENT && peer == TC_STATE_LISTEN;
    return res->role == TC_ROLE_SYN_ACK && !res->acks_frame;
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

static void count_connection(stats_tree *st, const tc_result *res)
{
    if (starts_connection(res)) {
        tick_stat_node(st, by_kind, 0, TRUE);
        increase_stat_node(st, not_closed, by_kind_node, FALSE, 1);
    }
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

static void time_handshake(stats_tree *st, packet_info *pinfo, const tc_result *res)
{
    gpointer frame = GUINT_TO_POINTER(pinfo->num);
    gpointer acked = GUINT_TO_POINTER(res->acks_frame);
    if (res->retransmission)
        return;
    if (res->role == TC_ROLE_SYN) {
        wmem_map_insert(syn_times, frame,
                        wmem_memdup(wmem_file_scope(), &pinfo->abs_ts, sizeof pinfo->abs_ts));
    } else if (res->role == TC_ROLE_SYN_ACK && res->acks_frame) {
        gpointer syn_time = wmem_map_lookup(syn_times, acked);
        if (syn_time)
            wmem_map_insert(syn_times, frame, syn_time);
    } else if (res->events & TC_EVENT_BIT(TC_EVENT_HANDSHAKE_COMPLETE)) {
        const nstime_t *syn_time = (const nstime_t *)wmem_map_lookup(syn_times, acked);
        nstime_t rtt;
        if (!syn_time)
            return;
        nstime_delta(&rtt, &pinfo->abs_ts, syn_time);
        add_rtt(st, nstime_to_msec(&rtt));
    }
}

static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const tc_result *res = (const tc_result *)data;
    tick_stat_node(st, by_role, 0, TRUE);
    tick_stat_node(st, tc_role_token((tc_role)res->role), by_role_node, FALSE);
    count_connection(st, res);
    time_handshake(st, pinfo, res);
    return TAP_PACKET_REDRAW;
}

void stats_tree_register_tcpconn(void)
{
    syn_times =
        wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    stats_tree_register_plugin("tcpconn", "tcpconn", "TCP Connection Lifecycle", 0, tree_packet,
                               init_tree, NULL);
}
