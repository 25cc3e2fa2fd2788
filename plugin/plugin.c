/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The symbols Wireshark's plugin loader looks for.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/proto.h>
#include <epan/tap.h>
#include <ws_version.h>

#include "display/connlog.h"
#include "display/conns_table.h"
#include "display/flow_graph.h"
#include "packet-tcpconn.h"
#include "display/stats_tree.h"
#include "ws_compat.h"

#ifndef VERSION
#define VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

#if TC_PLUGIN_DESCRIBES
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return TC_PLUGIN_DESCRIPTION;
}
#endif

/* The flow graph needs the tcpconn protocol id, so it comes after registration. */
static void register_handoff(void)
{
    proto_reg_handoff_tcpconn();
#ifdef TCPCONN_FLOW_GRAPH
    flow_graph_register();
#endif
}

static void register_taps(void)
{
    stats_tree_register_tcpconn();
    connlog_register();
    conns_table_register();
}

void plugin_register(void)
{
    static proto_plugin plug;
    static tap_plugin taps;

    plug.register_protoinfo = proto_register_tcpconn;
    plug.register_handoff = register_handoff;
    proto_register_plugin(&plug);
    taps.register_tap_listener = register_taps;
    tap_register_plugin(&taps);
}
