/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Field descriptions that list every value a string field takes, made from the
 * core's name tables so that they cannot drift from what the plugin writes.
 */
#ifndef TCPCONN_FIELD_VALUES_H
#define TCPCONN_FIELD_VALUES_H

/* The description for the tcpconn field with this abbreviation, or NULL to keep its own. */
const char *field_values_blurb(const char *abbrev);

#endif
