/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What tcpconn shows of an ICMP error quoting a TCP segment: on the error's frame, its kind,
 * reporter, the segment and connection it answers, what it does to them and an expert item;
 * on the connection's segments, the error its verdict names.
 */
#ifndef TCPCONN_ICMP_TREE_H
#define TCPCONN_ICMP_TREE_H

#include <epan/packet.h>

#include "connections/icmp_table.h"

void icmp_tree_register(int proto);

/* The error's label for the column, e.g. "ICMP port unreachable (refused)"; returns buf. */
const char *icmp_tree_label(const icmp_record *rec, tc_language language, char *buf, size_t size);

/* The error's own items and its expert item, under tree (item carries the expert item). */
void icmp_tree_draw(proto_tree *tree, proto_item *item, tvbuff_t *tvb, packet_info *pinfo,
                    const icmp_record *rec, tc_language language);

/* On a segment, once the whole capture is read: the ICMP error the connection's verdict names. */
void icmp_tree_draw_conn(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                         const conn_record *conn, tc_language language);

/* "port unreachable from 192.0.2.1 (the destination)", then " in frame 7" with_frame. */
const char *icmp_tree_describe(wmem_allocator_t *pool, const icmp_record *rec, tc_language language,
                               gboolean with_frame);

#endif
