/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The expert items of a RST its receiver does not take as a reset (rst_acceptance.h), with
 * the numbers that show why.
 */
#ifndef TCPCONN_RST_MESSAGES_H
#define TCPCONN_RST_MESSAGES_H

#include <epan/expert.h>

#include "core/lifecycle.h"

/* The items registered for TC_EVENT_RST_OUT_OF_WINDOW, _NOT_NEXT and _UNACCEPTABLE. */
typedef struct {
    expert_field *out_of_window;
    expert_field *not_next;
    expert_field *unacceptable;
} rst_items;

/* Add the items res's events name, on item; syn_frame is the SYN a SYN-SENT receiver sent. */
void rst_messages_add(packet_info *pinfo, proto_item *item, const tc_result *res, guint32 syn_frame,
                      tc_language language, const rst_items *items);

#endif
