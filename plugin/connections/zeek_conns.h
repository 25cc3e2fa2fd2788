/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture's connections as Zeek cuts them: on each address and port pair, a new one
 * wherever Zeek's timers or its reuse rule end the previous one. Each segment belongs to one,
 * alongside the tcpconn connection whose roles and steps it carries.
 */
#ifndef TCPCONN_ZEEK_CONNS_H
#define TCPCONN_ZEEK_CONNS_H

#include <epan/packet.h>

#include "connections/conn_table.h"
#include "input/tcp_fields.h"

typedef struct {
    /*
     * Side 0 sent the connection's first packet. While Zeek's connection and the tcpconn
     * connection it began with take the same segments, this is that connection's own Zeek
     * state (shared); from the first segment where they part, a copy of its own.
     */
    zk_conn *zk;
    conn_record *shared;    /* whose state zk is while shared; NULL after */
    const address *addr[2]; /* by that side */
    guint16 port[2];
    guint32 first_frame;
    guint32 index; /* in the file's list of Zeek connections */
    const char *community_id;
} zeek_record;

/* At protocol registration: the tables and the tcpconn.zeek.* fields. */
void zeek_conns_register(int proto);

/*
 * First pass: the segment f of the tcpconn connection rec, to its Zeek connection, before
 * rec's lifecycle takes it (Zeek's timers and reuse rule look at the state before it).
 */
void zeek_conns_feed(packet_info *pinfo, const tcp_fields *f, conn_record *rec);

/* The Zeek connection of a labelled segment. */
const zeek_record *zeek_conns_of(const frame_record *frame);

/* Zeek's uid for the connection: "C" and its first frame's number. */
const char *zeek_conns_uid(wmem_allocator_t *scope, const zeek_record *z);

/* The frame's tcpconn.zeek.* fields; its whole connection only once the capture is read. */
void zeek_conns_draw(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                     const frame_record *frame);

#endif
