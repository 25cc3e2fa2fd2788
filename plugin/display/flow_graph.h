/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics ▸ Flow Graph "TCP connection roles", and tshark -z flow,tcpconn,...
 */
#ifndef TCPCONN_FLOW_GRAPH_H
#define TCPCONN_FLOW_GRAPH_H

/* Register the flow graph; the tcpconn protocol must be registered already. */
void flow_graph_register(void);

#endif
