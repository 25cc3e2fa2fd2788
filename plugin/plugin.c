/*
 * The symbols Wireshark's plugin loader looks for.
 */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/proto.h>
#include <ws_version.h>

#include "packet-tcpconn.h"

#ifndef VERSION
#define VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_tcpconn;
    plug.register_handoff = proto_reg_handoff_tcpconn;
    proto_register_plugin(&plug);
}
