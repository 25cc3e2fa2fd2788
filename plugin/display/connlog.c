/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The conn.log export (see connlog.h). It listens to the "tcpconn" tap, notes each
 * connection at its first segment, and prints the rows once the capture has been read, in
 * Zeek's own TSV layout (zeek-cut and conn.log readers take it as it is) or in Zeek's JSON
 * form, one object per line, as most pipelines ingest it.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "display/connlog.h"
#include "connections/conn_table.h"
#include "ws_compat.h"
#include "connections/zeek_conns.h"

/* Zeek's default conn.log columns, in its order (as Zeek 7.1 and later write them), then the
 * Community ID column that Zeek's community-id package adds. */
#define CONNLOG_COLUMNS(X)                                                                         \
    X("ts", "time")                                                                                \
    X("uid", "string")                                                                             \
    X("id.orig_h", "addr")                                                                         \
    X("id.orig_p", "port")                                                                         \
    X("id.resp_h", "addr")                                                                         \
    X("id.resp_p", "port")                                                                         \
    X("proto", "enum")                                                                             \
    X("service", "string")                                                                         \
    X("duration", "interval")                                                                      \
    X("orig_bytes", "count")                                                                       \
    X("resp_bytes", "count")                                                                       \
    X("conn_state", "string")                                                                      \
    X("local_orig", "bool")                                                                        \
    X("local_resp", "bool")                                                                        \
    X("missed_bytes", "count")                                                                     \
    X("history", "string")                                                                         \
    X("orig_pkts", "count")                                                                        \
    X("orig_ip_bytes", "count")                                                                    \
    X("resp_pkts", "count")                                                                        \
    X("resp_ip_bytes", "count")                                                                    \
    X("tunnel_parents", "set[string]")                                                             \
    X("ip_proto", "count")                                                                         \
    X("community_id", "string")

/* TCP's IP protocol number, Zeek's ip_proto. */
#define IP_PROTO_TCP 6

typedef struct {
    gboolean json;    /* Zeek's JSON form (LogAscii::use_json=T): one object per line */
    GPtrArray *conns; /* zeek_record, in the order their first segments came */
    guint64 first_ns; /* the capture's first and last segment, for #open and #close */
    guint64 last_ns;
    gboolean any;
} connlog;

static void reset(void *data)
{
    connlog *log = (connlog *)data;
    g_ptr_array_set_size(log->conns, 0);
    log->any = FALSE;
}

static tap_packet_status packet(void *data, packet_info *pinfo, epan_dissect_t *edt _U_,
                                const void *record, tap_flags_t flags _U_)
{
    connlog *log = (connlog *)data;
    guint64 ns = (guint64)pinfo->abs_ts.secs * 1000000000u + (guint64)pinfo->abs_ts.nsecs;
    if (!log->any)
        log->first_ns = ns;
    log->last_ns = ns;
    log->any = TRUE;
    const zeek_record *z = zeek_conns_of((const frame_record *)record);
    if (z->first_frame == pinfo->num)
        g_ptr_array_add(log->conns, (gpointer)z);
    return TAP_PACKET_DONT_REDRAW;
}

/* Zeek's time and interval format: seconds with 6 decimals. */
static void print_seconds(guint64 ns)
{
    guint64 us = (ns + 500) / 1000;
    printf("%" G_GUINT64_FORMAT ".%06u", us / 1000000u, (unsigned)(us % 1000000u));
}

/* Zeek's #open and #close stamp; here the capture's own time, so the output is reproducible. */
static void print_stamp(const char *tag, guint64 ns)
{
    time_t secs = (time_t)(ns / 1000000000u);
    struct tm tm;
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%d-%H-%M-%S", gmtime_r(&secs, &tm));
    printf("#%s\t%s\n", tag, buf);
}

/* One row's values; NULL for a field Zeek leaves unset. */
typedef struct {
    char *orig_h, *resp_h, *uid;
    guint64 duration;
} row_text;

/* Zeek leaves local_orig and local_resp unset without Site::local_nets, tunnel_parents for a
 * connection in no tunnel, and service where no analyzer named one. */
static void print_tsv_row(const zeek_record *z, const row_text *t)
{
    const zk_conn *zk = z->zk;
    unsigned orig = zk->orig, resp = zk->orig ^ 1u;

    print_seconds(zk->first_ns);
    printf("\t%s\t%s\t%u\t%s\t%u\ttcp\t-\t", t->uid, t->orig_h, z->port[orig], t->resp_h,
           z->port[resp]);
    /* Zeek logs a duration and byte counts only for a connection that lasted. */
    if (t->duration) {
        print_seconds(t->duration);
        printf("\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT, zk_endpoint_size(zk, orig),
               zk_endpoint_size(zk, resp));
    } else {
        printf("-\t-\t-");
    }
    printf("\t%s\t-\t-\t0\t%s\t%u\t%" G_GUINT64_FORMAT "\t%u\t%" G_GUINT64_FORMAT "\t-\t%d\t%s\n",
           tc_conn_state_token(zk_conn_state(zk)), zk->len ? zk->history : "-", zk->ep[orig].pkts,
           zk->ep[orig].ip_bytes, zk->ep[resp].pkts, zk->ep[resp].ip_bytes, IP_PROTO_TCP,
           z->community_id[0] ? z->community_id : "-");
}

/* As Zeek's JSON writer: unset fields left out, times and intervals as seconds. Every string
 * written here (addresses, uid, conn_state, history letters, Community ID) needs no escape. */
static void print_json_row(const zeek_record *z, const row_text *t)
{
    const zk_conn *zk = z->zk;
    unsigned orig = zk->orig, resp = zk->orig ^ 1u;

    printf("{\"ts\":");
    print_seconds(zk->first_ns);
    printf(",\"uid\":\"%s\",\"id.orig_h\":\"%s\",\"id.orig_p\":%u,\"id.resp_h\":\"%s\","
           "\"id.resp_p\":%u,\"proto\":\"tcp\"",
           t->uid, t->orig_h, z->port[orig], t->resp_h, z->port[resp]);
    if (t->duration) {
        printf(",\"duration\":");
        print_seconds(t->duration);
        printf(",\"orig_bytes\":%" G_GUINT64_FORMAT ",\"resp_bytes\":%" G_GUINT64_FORMAT,
               zk_endpoint_size(zk, orig), zk_endpoint_size(zk, resp));
    }
    printf(",\"conn_state\":\"%s\",\"missed_bytes\":0", tc_conn_state_token(zk_conn_state(zk)));
    if (zk->len)
        printf(",\"history\":\"%s\"", zk->history);
    printf(",\"orig_pkts\":%u,\"orig_ip_bytes\":%" G_GUINT64_FORMAT ",\"resp_pkts\":%u,"
           "\"resp_ip_bytes\":%" G_GUINT64_FORMAT ",\"ip_proto\":%d",
           zk->ep[orig].pkts, zk->ep[orig].ip_bytes, zk->ep[resp].pkts, zk->ep[resp].ip_bytes,
           IP_PROTO_TCP);
    if (z->community_id[0])
        printf(",\"community_id\":\"%s\"", z->community_id);
    printf("}\n");
}

static void print_row(const zeek_record *z, gboolean json)
{
    unsigned orig = z->zk->orig;
    row_text t = {address_to_str(NULL, z->addr[orig]), address_to_str(NULL, z->addr[orig ^ 1u]),
                  (char *)zeek_conns_uid(NULL, z), zk_conn_duration_ns(z->zk)};
    if (json)
        print_json_row(z, &t);
    else
        print_tsv_row(z, &t);
    wmem_free(NULL, t.uid);
    wmem_free(NULL, t.orig_h);
    wmem_free(NULL, t.resp_h);
}

#define COLUMN_NAME(name, type) "\t" name
#define COLUMN_TYPE(name, type) "\t" type

static void draw(void *data)
{
    connlog *log = (connlog *)data;
    if (log->json) {
        for (guint i = 0; i < log->conns->len; i++)
            print_row((const zeek_record *)g_ptr_array_index(log->conns, i), TRUE);
        return;
    }
    printf("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
           "#path\tconn\n");
    print_stamp("open", log->first_ns);
    printf("#fields" CONNLOG_COLUMNS(COLUMN_NAME) "\n");
    printf("#types" CONNLOG_COLUMNS(COLUMN_TYPE) "\n");
    for (guint i = 0; i < log->conns->len; i++)
        print_row((const zeek_record *)g_ptr_array_index(log->conns, i), FALSE);
    print_stamp("close", log->last_ns);
}

static void finish(void *data)
{
    connlog *log = (connlog *)data;
    g_ptr_array_free(log->conns, TRUE);
    g_free(log);
}

/* -z tcpconn,connlog writes Zeek's TSV; -z tcpconn,connlog,json its JSON form. */
static tc_tap_init_result init(const char *opt_arg, void *userdata _U_)
{
    const char *form = opt_arg + strlen("tcpconn,connlog");
    if (*form && strcmp(form, ",json") != 0) {
        fprintf(stderr,
                "tshark: -z tcpconn,connlog: unknown form \"%s\" (none for Zeek's TSV, "
                "\",json\" for its JSON)\n",
                form + 1);
        TC_TAP_INIT_RETURN(false);
    }
    connlog *log = g_new0(connlog, 1);
    log->json = *form != '\0';
    log->conns = g_ptr_array_new();
    GString *error = register_tap_listener("tcpconn", log, NULL, TL_REQUIRES_NOTHING, reset, packet,
                                           draw, finish);
    if (error) {
        fprintf(stderr, "tshark: -z tcpconn,connlog: %s\n", error->str);
        g_string_free(error, TRUE);
        finish(log);
        TC_TAP_INIT_RETURN(false);
    }
    TC_TAP_INIT_RETURN(true);
}

void connlog_register(void)
{
    static stat_tap_ui ui = {REGISTER_STAT_GROUP_GENERIC, NULL, "tcpconn,connlog", init, 0, NULL};
    register_stat_tap_ui(&ui, NULL);
}
