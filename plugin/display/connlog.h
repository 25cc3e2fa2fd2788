/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tshark -z tcpconn,connlog: the capture's TCP connections as a Zeek conn.log (TSV).
 */
#ifndef TCPCONN_CONNLOG_H
#define TCPCONN_CONNLOG_H

/* At tap registration: make "-z tcpconn,connlog" known. */
void connlog_register(void);

#endif
