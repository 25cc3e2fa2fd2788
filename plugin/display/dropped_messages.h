/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expert items of a segment its receiver drops, or a RST it does not take as a reset
 * (core/acceptance.h), with the numbers that show why.
 */
#ifndef TCPCONN_DROPPED_MESSAGES_H
#define TCPCONN_DROPPED_MESSAGES_H

#include <epan/expert.h>

#include "core/lifecycle.h"

/* The items registered for TC_EVENT_RST_OUT_OF_WINDOW, _RST_NOT_NEXT, _RST_UNACCEPTABLE,
 * _OUT_OF_WINDOW, _ACK_UNSENT and _ACK_TOO_OLD. */
typedef struct {
    expert_field *rst_out_of_window;
    expert_field *rst_not_next;
    expert_field *rst_unacceptable;
    expert_field *out_of_window;
    expert_field *ack_unsent;
    expert_field *ack_too_old;
} dropped_items;

/* Add the items res's events name, on item; syn_frame is the SYN a SYN-SENT receiver sent. */
void dropped_messages_add(packet_info *pinfo, proto_item *item, const tc_result *res,
                          guint32 syn_frame, tc_language language, const dropped_items *items);

#endif
