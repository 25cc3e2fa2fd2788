/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expert items: registered once for every event and every whole-capture finding of the
 * core's tables, and added to a frame with the numbers that explain them.
 */
#ifndef TCPCONN_EXPERT_ITEMS_H
#define TCPCONN_EXPERT_ITEMS_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "connections/conn_table.h"
#include "core/lifecycle.h"

void expert_items_register(int proto);

/* The items of the frame's own events, on item. */
void expert_items_add(packet_info *pinfo, proto_item *item, const frame_record *frame,
                      tc_language language);

/* The items of what only the whole capture shows (found: TC_HINDSIGHT_* bits), on item. */
void expert_items_add_hindsight(packet_info *pinfo, proto_item *item, const conn_record *rec,
                                tc_language language, guint32 found);

/* A TCP header cut short or malformed: the frame is not analysed. */
void expert_items_add_incomplete(packet_info *pinfo, proto_item *item);

#endif
