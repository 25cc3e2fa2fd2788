/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Wireshark API differences between the releases tcpconn supports (4.0, 4.4, 4.6),
 * in one place so the rest of the plugin reads as one source.
 *
 * The layouts of the flow graph's structures differ too; they live in
 * sequence_analysis_decl.h, the one other file that knows about versions.
 */
#ifndef TCPCONN_WS_COMPAT_H
#define TCPCONN_WS_COMPAT_H

#include <wireshark.h>

#include <epan/proto.h>
#include <ws_version.h>

#define TC_WS_AT_LEAST(major, minor)                                                               \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                                          \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if !TC_WS_AT_LEAST(4, 0)
#error "tcpconn needs Wireshark 4.0 or newer (see README, Supported Wireshark versions)"
#endif

/* field_info holds its value inline in 4.0, behind a pointer from 4.2 on. */
#if TC_WS_AT_LEAST(4, 2)
#define TC_FIELD_UINT(fi) fvalue_get_uinteger((fi)->value)
#else
#define TC_FIELD_UINT(fi) fvalue_get_uinteger(&(fi)->value)
#endif

/* Boolean preferences are gboolean in 4.0 and bool in 4.4 and later. */
#if TC_WS_AT_LEAST(4, 4)
typedef bool tc_pref_bool;
#else
typedef gboolean tc_pref_bool;
#endif

/* A -z option's init callback says whether it started from 4.6 on; before, it returns nothing. */
#if TC_WS_AT_LEAST(4, 6)
typedef bool tc_tap_init_result;
#define TC_TAP_INIT_RETURN(started) return (started)
#else
typedef void tc_tap_init_result;
#define TC_TAP_INIT_RETURN(started) return
#endif

/*
 * From 4.2 on the loader asks a plugin what it provides (tshark -G plugins prints it as the
 * plugin's type, "unknown" without it); wsutil/plugins.h, which declares the flags, is not
 * shipped for 4.0.
 */
#if TC_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#define TC_PLUGIN_DESCRIBES   1
#define TC_PLUGIN_DESCRIPTION (WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER)
#else
#define TC_PLUGIN_DESCRIBES 0
#endif

#endif
