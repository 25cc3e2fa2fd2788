/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Connections table (see conns_table.h), through Wireshark's table statistics: the GUI
 * shows it in a dialog that sorts on any column and filters the packets it reads, tshark prints
 * it as text. Rows come from the "tcpconn" tap, one per connection, in the order they began.
 *
 * The GUI's dialogs of one table share its rows and keep pointers into them (to sort), so a row
 * is never freed while a dialog is open: a reset puts its rows in a pool, and the pool is
 * emptied only once every dialog has closed and Wireshark has freed the table.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/stat_tap_ui.h>
#include <epan/to_str.h>

#include "display/conns_table.h"
#include "connections/conn_table.h"
#include "display/field_values.h"

/* X(COLUMN, type, alignment, heading, format); the headings are the table's interface. */
#define CONNS_COLUMNS(X)                                                                           \
    X(CONN, UINT, RIGHT, "Connection", "%u")                                                       \
    X(CLIENT, STRING, LEFT, "Client", "%s")                                                        \
    X(SERVER, STRING, LEFT, "Server", "%s")                                                        \
    X(FIRST_FRAME, UINT, RIGHT, "First frame", "%u")                                               \
    X(LAST_FRAME, UINT, RIGHT, "Last frame", "%u")                                                 \
    X(START, FLOAT, RIGHT, "Start (s)", "%.6f")                                                    \
    X(DURATION, FLOAT, RIGHT, "Duration (s)", "%.6f")                                              \
    X(CONN_STATE, STRING, LEFT, "conn_state", "%s")                                                \
    X(HISTORY, STRING, LEFT, "History", "%s")                                                      \
    X(CLOSE, STRING, LEFT, "Close", "%s")                                                          \
    X(CLOSED_BY, STRING, LEFT, "Closed by", "%s")                                                  \
    X(RTT_SERVER, STRING, RIGHT, "SYN to SYN-ACK (ms)", "%s")                                      \
    X(RTT_CLIENT, STRING, RIGHT, "SYN-ACK to ACK (ms)", "%s")                                      \
    X(CLIENT_SEGMENTS, UINT, RIGHT, "Client segments", "%u")                                       \
    X(SERVER_SEGMENTS, UINT, RIGHT, "Server segments", "%u")                                       \
    X(CLIENT_BYTES, FLOAT, RIGHT, "Client bytes", "%.0f")                                          \
    X(SERVER_BYTES, FLOAT, RIGHT, "Server bytes", "%.0f")                                          \
    X(WARNINGS, STRING, LEFT, "Warnings", "%s")                                                    \
    X(MEANING, STRING, LEFT, "Meaning", "%s")

#define COLUMN_ENUM(name, type, align, heading, format) COL_##name,
enum { CONNS_COLUMNS(COLUMN_ENUM) COLUMN_COUNT };
#undef COLUMN_ENUM

#define COLUMN_ITEM(name, type, align, heading, format)                                            \
    {TABLE_ITEM_##type, TAP_ALIGN_##align, heading, format},
static stat_tap_table_item columns[] = {CONNS_COLUMNS(COLUMN_ITEM)};
#undef COLUMN_ITEM

#define COLUMN_TYPE(name, type, align, heading, format) TABLE_ITEM_##type,
static const stat_tap_table_item_enum column_types[] = {CONNS_COLUMNS(COLUMN_TYPE)};
#undef COLUMN_TYPE

#define TABLE_TITLE "TCP connections"

/* What a row has gathered from its connection's segments so far. */
typedef struct {
    guint32 events;    /* TC_EVENT_BIT()s of its segments */
    guint32 hindsight; /* TC_HINDSIGHT bits of its segments, once the capture has been read */
} row_findings;

static GArray *row_of_conn;   /* guint32 by connection index: its row + 1, 0 for none yet */
static GArray *findings;      /* row_findings by row */
static GPtrArray *spare_rows; /* rows a reset dropped, for the next rows */

static void free_cell(stat_tap_table *table _U_, guint row _U_, guint column,
                      stat_tap_table_item_type *cell)
{
    if (column_types[column] == TABLE_ITEM_STRING) {
        g_free((char *)cell->value.string_value);
        cell->value.string_value = NULL;
    }
}

static void free_row_strings(stat_tap_table_item_type *cells)
{
    for (unsigned col = 0; col < COLUMN_COUNT; col++)
        free_cell(NULL, 0, col, &cells[col]);
}

static void free_spare_rows(void)
{
    for (guint i = 0; i < spare_rows->len; i++) {
        stat_tap_table_item_type *cells = g_ptr_array_index(spare_rows, i);
        free_row_strings(cells);
        g_free(cells);
    }
    g_ptr_array_set_size(spare_rows, 0);
}

static void set_text(stat_tap_table_item_type *cells, unsigned col, const char *text)
{
    if (g_strcmp0(cells[col].value.string_value, text) != 0) {
        g_free((char *)cells[col].value.string_value);
        cells[col].value.string_value = g_strdup(text);
    }
}

static stat_tap_table_item_type *add_row(stat_tap_table *table)
{
    stat_tap_table_item_type *cells =
        spare_rows->len ? g_ptr_array_remove_index_fast(spare_rows, spare_rows->len - 1)
                        : g_new0(stat_tap_table_item_type, COLUMN_COUNT);
    free_row_strings(cells);
    memset(cells, 0, COLUMN_COUNT * sizeof *cells);
    for (unsigned col = 0; col < COLUMN_COUNT; col++)
        cells[col].type = column_types[col];
    /* Wireshark frees the rows and the array with g_free(). */
    table->elements = g_renew(stat_tap_table_item_type *, table->elements, table->num_elements + 1);
    table->elements[table->num_elements++] = cells;
    row_findings none = {0, 0};
    g_array_append_val(findings, none);
    return cells;
}

/* "192.0.2.1:80", "[2001:db8::1]:80". */
static void set_endpoint(stat_tap_table_item_type *cells, unsigned col, const address *addr,
                         guint16 port)
{
    char *host = addr ? address_to_str(NULL, addr) : NULL;
    char *text = addr && addr->type == AT_IPv6 ? g_strdup_printf("[%s]:%u", host, port)
                                               : g_strdup_printf("%s:%u", host ? host : "?", port);
    set_text(cells, col, text);
    g_free(text);
    wmem_free(NULL, host);
}

static void set_ms(stat_tap_table_item_type *cells, unsigned col, gboolean known, guint64 ns)
{
    /* Padded to one width, so that the GUI's sort on text sorts by time; blank when unknown. */
    char text[24];
    if (known)
        snprintf(text, sizeof text, "%10.3f", (double)ns / 1e6);
    set_text(cells, col, known ? text : "");
}

static void append_warnings(GString *text, const finding *table, unsigned count, guint32 bits)
{
    for (unsigned i = 0; i < count; i++) {
        if ((bits & TC_EVENT_BIT(i)) && table[i].severity == PI_WARN)
            g_string_append_printf(text, "%s%s", text->len ? ", " : "", table[i].field);
    }
}

static void set_warnings(stat_tap_table_item_type *cells, const row_findings *found,
                         const tc_conn *conn, gboolean whole)
{
    GString *text = g_string_new(NULL);
    append_warnings(text, event_findings, TC_EVENT_COUNT, found->events);
    append_warnings(text, hindsight_findings, TC_HINDSIGHT_COUNT, found->hindsight);
    if (whole && conn->icmp_frame)
        append_warnings(text, &icmp_findings[conn->icmp_effect], 1, 1);
    set_text(cells, COL_WARNINGS, text->str);
    g_string_free(text, TRUE);
}

/* The verdict: the whole capture's once it has been read, else what the segments show so far. */
static void set_verdict(stat_tap_table_item_type *cells, packet_info *pinfo,
                        const frame_record *frame)
{
    const tc_conn *conn = &frame->conn->conn;
    char buf[192];
    if (frame->whole_capture) {
        tc_conn_state state = zk_conn_state(&conn->zeek);
        set_text(cells, COL_CONN_STATE, tc_conn_state_token(state));
        set_text(cells, COL_MEANING, tc_conn_state_explain(conn, buf, sizeof buf));
        set_text(cells, COL_HISTORY, conn->zeek.history);
        set_text(cells, COL_CLOSE, tc_close_token(tc_conn_close(conn)));
        return;
    }
    const tc_result *res = &frame->res;
    snprintf(buf, sizeof buf, "%s (so far)", tc_conn_state_token((tc_conn_state)res->conn_state));
    set_text(cells, COL_CONN_STATE, buf);
    set_text(cells, COL_MEANING, "the verdict " TC_WHOLE_CAPTURE " once the capture stops");
    set_text(cells, COL_HISTORY, conn_table_history(pinfo->pool, frame));
    if (res->teardown == TC_TEARDOWN_NONE) {
        set_text(cells, COL_CLOSE, "");
    } else {
        snprintf(buf, sizeof buf, "%s (so far)", tc_teardown_token((tc_teardown)res->teardown));
        set_text(cells, COL_CLOSE, buf);
    }
}

/* The side that sent the first FIN or the RST its peer took, as tcpconn.teardown.initiator. */
static void set_closed_by(stat_tap_table_item_type *cells, const tc_conn *conn)
{
    gboolean closing =
        conn->teardown != TC_TEARDOWN_NONE || conn->ep[0].fin_seen || conn->ep[1].fin_seen;
    set_text(cells, COL_CLOSED_BY,
             !closing ? "" : (conn->initiator == conn->client ? "client" : "server"));
}

static void set_numbers(stat_tap_table_item_type *cells, packet_info *pinfo,
                        const frame_record *frame)
{
    const tc_conn *conn = &frame->conn->conn;
    const tc_summary *sum = &conn->summary;
    unsigned client = conn->client, server = conn->client ^ 1u;
    guint64 now_ns = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;

    cells[COL_FIRST_FRAME].value.uint_value = sum->first_frame;
    cells[COL_LAST_FRAME].value.uint_value = sum->last_frame;
    /* As the Time column counts: from the first packet (or the time reference). */
    gint64 rel_ns = (gint64)pinfo->rel_ts.secs * 1000000000 + pinfo->rel_ts.nsecs;
    cells[COL_START].value.float_value = (double)(rel_ns - (gint64)(now_ns - sum->first_ns)) / 1e9;
    cells[COL_DURATION].value.float_value = (double)(sum->last_ns - sum->first_ns) / 1e9;
    guint64 server_ns = 0, client_ns = 0;
    gboolean server_known = tc_conn_rtt_server(conn, &server_ns);
    gboolean client_known = tc_conn_rtt_client(conn, &client_ns);
    set_ms(cells, COL_RTT_SERVER, server_known, server_ns);
    set_ms(cells, COL_RTT_CLIENT, client_known, client_ns);
    cells[COL_CLIENT_SEGMENTS].value.uint_value = sum->segments[client];
    cells[COL_SERVER_SEGMENTS].value.uint_value = sum->segments[server];
    cells[COL_CLIENT_BYTES].value.float_value = (double)sum->bytes[client];
    cells[COL_SERVER_BYTES].value.float_value = (double)sum->bytes[server];
}

static tap_packet_status packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                const void *data, tap_flags_t flags _U_)
{
    stat_data_t *stat_data = (stat_data_t *)tapdata;
    stat_tap_table *table = g_array_index(stat_data->stat_tap_data->tables, stat_tap_table *, 0);
    const frame_record *frame = (const frame_record *)data;
    const conn_record *rec = frame->conn;

    if (rec->index >= row_of_conn->len)
        g_array_set_size(row_of_conn, rec->index + 1);
    guint32 *row = &g_array_index(row_of_conn, guint32, rec->index);
    gboolean new_row = !*row;
    stat_tap_table_item_type *cells;
    if (new_row) {
        cells = add_row(table);
        *row = table->num_elements;
        cells[COL_CONN].value.uint_value = rec->index;
        set_endpoint(cells, COL_CLIENT, rec->addr[rec->conn.client],
                     rec->conn.port[rec->conn.client]);
        set_endpoint(cells, COL_SERVER, rec->addr[rec->conn.client ^ 1u],
                     rec->conn.port[rec->conn.client ^ 1u]);
    } else {
        cells = table->elements[*row - 1];
    }
    /* Once the capture has been read the connection is known whole at its first segment. */
    if (new_row || !frame->whole_capture) {
        set_numbers(cells, pinfo, frame);
        set_verdict(cells, pinfo, frame);
        set_closed_by(cells, &rec->conn);
    }
    row_findings *found = &g_array_index(findings, row_findings, *row - 1);
    row_findings before = *found;
    found->events |= frame->res.events;
    if (frame->whole_capture)
        found->hindsight |= tc_conn_hindsight(&rec->conn, &frame->res, pinfo->num);
    if (found->events != before.events || found->hindsight != before.hindsight ||
        !cells[COL_WARNINGS].value.string_value)
        set_warnings(cells, found, &rec->conn, frame->whole_capture);
    return TAP_PACKET_REDRAW;
}

static void forget_rows(void)
{
    g_array_set_size(row_of_conn, 0);
    g_array_set_size(findings, 0);
}

static void reset(stat_tap_table *table)
{
    for (guint i = 0; i < table->num_elements; i++)
        g_ptr_array_add(spare_rows, table->elements[i]);
    table->num_elements = 0;
    forget_rows();
}

static void init(stat_tap_table_ui *ui)
{
    stat_tap_table *table = stat_tap_find_table(ui, TABLE_TITLE);
    if (table) {
        reset(table);
        return;
    }
    /* No table: no dialog is open, so no one holds a spare row. */
    free_spare_rows();
    forget_rows();
    stat_tap_add_table(ui, stat_tap_init_table(TABLE_TITLE, COLUMN_COUNT, 0, NULL));
}

void conns_table_register(void)
{
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "TCP Connections",
        "tcpconn",
        "tcpconn,conns",
        init,
        packet,
        reset,
        free_cell,
        NULL,
        G_N_ELEMENTS(columns),
        columns,
        0,
        NULL,
        NULL,
        0,
    };
    row_of_conn = g_array_new(FALSE, TRUE, sizeof(guint32));
    findings = g_array_new(FALSE, TRUE, sizeof(row_findings));
    spare_rows = g_ptr_array_new();
    register_stat_tap_table_ui(&ui);
}
