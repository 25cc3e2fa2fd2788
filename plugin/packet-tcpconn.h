/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Registration entry points of the tcpconn post-dissector.
 */
#ifndef TCPCONN_PACKET_TCPCONN_H
#define TCPCONN_PACKET_TCPCONN_H

#include "core/lifecycle.h"

void proto_register_tcpconn(void);

/* The language the "tcpconn.language" preference asks labels and messages in. */
tc_language tcpconn_language(void);
void proto_reg_handoff_tcpconn(void);

#endif
