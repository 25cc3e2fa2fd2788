/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Connections table: Statistics ▸ TCP Connections in the GUI and tshark -z tcpconn,conns, one
 * row per connection with its endpoints, times, verdict and counts.
 */
#ifndef TCPCONN_CONNS_TABLE_H
#define TCPCONN_CONNS_TABLE_H

/* At tap registration, before Wireshark lists its table statistics. */
void conns_table_register(void);

#endif
