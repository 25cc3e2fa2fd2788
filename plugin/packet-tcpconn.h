/*
 * Registration entry points of the tcpconn post-dissector.
 */
#ifndef TCPCONN_PACKET_TCPCONN_H
#define TCPCONN_PACKET_TCPCONN_H

void proto_register_tcpconn(void);
void proto_reg_handoff_tcpconn(void);

#endif
