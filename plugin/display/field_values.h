/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Field descriptions that list every value a string field takes, made from the
 * core's name tables so that they cannot drift from what the plugin writes; and the
 * tables of expert item names that tcpconn.warning and tcpconn.note take.
 */
#ifndef TCPCONN_FIELD_VALUES_H
#define TCPCONN_FIELD_VALUES_H

#include "core/icmp_error.h"
#include "core/lifecycle.h"

/* How a field's description says that its value needs the whole capture. */
#define TC_WHOLE_CAPTURE "needs the whole capture: tshark -2, or the GUI"

/* An expert item's name and severity (PI_WARN, PI_NOTE, ...). */
typedef struct {
    const char *field;
    int severity;
} finding;

/* By tc_event and by tc_hindsight; and the item of a TCP header not analysed. */
extern const finding event_findings[TC_EVENT_COUNT];
extern const finding hindsight_findings[TC_HINDSIGHT_COUNT];
extern const finding incomplete_finding;
/* By tc_icmp_effect: the item of an ICMP error quoting a TCP segment. */
extern const finding icmp_findings[TC_ICMP_EFFECT_COUNT];

/* The description for the tcpconn field with this abbreviation, or NULL to keep its own. */
const char *field_values_blurb(const char *abbrev);

#endif
