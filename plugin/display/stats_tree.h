/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics ▸ TCP Connection Lifecycle, and tshark -z tcpconn,tree.
 */
#ifndef TCPCONN_STATS_TREE_H
#define TCPCONN_STATS_TREE_H

/* Register the statistics tree (a tap plugin's register_tap_listener). */
void stats_tree_register_tcpconn(void);

#endif
