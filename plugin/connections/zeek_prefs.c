/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Zeek view's preferences (see zeek_prefs.h). The port set is handed to the core
 * (zk_set_server_ports) whenever the preferences are applied; Wireshark then dissects the
 * file again, so every connection is judged with one set.
 */
#include "connections/zeek_prefs.h"

#include <epan/prefs.h>
#include <epan/range.h>

#include "input/tcp_checksum.h"
#include "ws_compat.h"
#include "core/zeek_verdict.h"

typedef enum { PORTS_ZEEK, PORTS_NONE, PORTS_LIST } port_choice;

static const enum_val_t port_choices[] = {
    {"zeek", "Zeek's defaults (a default zeek run)", PORTS_ZEEK},
    {"none", "None (zeek -b)", PORTS_NONE},
    {"list", "The list below", PORTS_LIST},
    {NULL, NULL, 0},
};

static tc_pref_bool checksums = TRUE;
static gint ports = PORTS_ZEEK;
static range_t *port_list;

gboolean zeek_prefs_checksum_bad(packet_info *pinfo, const tcp_fields *f)
{
    if (!checksums)
        return FALSE;
    guint32 tcp_len = f->hdr_len + f->seg.len;
    gboolean bad = f->checksum_checked ? f->seg.bad_checksum
                                       : tcp_checksum_bad(pinfo, f->tvb, f->offset, tcp_len);
    /* Zeek would drop an unfinished one too, and then warn of checksum offloading: a capture
     * taken on a sending host would lose every segment that host sent. */
    return bad && !tcp_checksum_unfinished(pinfo, f->tvb, f->offset, tcp_len);
}

void zeek_prefs_apply(void)
{
    size_t count = 0;
    const guint16 *defaults;
    guint16 *chosen;

    switch (ports) {
    case PORTS_NONE:
        zk_set_server_ports(NULL, 0);
        break;
    case PORTS_LIST:
        chosen = g_new(guint16, 65536);
        for (guint32 i = 0; port_list && i < port_list->nranges; i++) {
            for (guint32 p = port_list->ranges[i].low; p <= port_list->ranges[i].high; p++) {
                if (count < 65536)
                    chosen[count++] = (guint16)p;
            }
        }
        zk_set_server_ports(chosen, count);
        g_free(chosen);
        break;
    default:
        defaults = zk_default_server_ports(&count);
        zk_set_server_ports(defaults, count);
        break;
    }
}

void zeek_prefs_register(module_t *module)
{
    port_list = range_empty(wmem_epan_scope());
    prefs_register_bool_preference(
        module, "zeek_checksums", "Zeek: drop segments with a bad TCP checksum",
        "As Zeek does unless run with -C: such a segment adds C or c to the history and is "
        "otherwise left out of the Zeek view (states, counts). tcpconn checks the checksum "
        "itself when Wireshark does not (tcp.check_checksum). A checksum that holds only the "
        "pseudo-header's sum (captured before checksum offload filled it in, as on the "
        "loopback interface) is not counted bad. The roles are not affected.",
        &checksums);
    prefs_register_enum_preference(
        module, "zeek_server_ports", "Zeek: likely server ports",
        "The ports Zeek takes for a server's when a connection starts without a plain SYN "
        "(likely_server_ports): Zeek's defaults, none as with zeek -b, or the list below",
        &ports, port_choices, FALSE);
    prefs_register_range_preference(
        module, "zeek_server_port_list", "Zeek: likely server ports (list)",
        "Used when the likely server ports are \"list\"", &port_list, 65535);
}
