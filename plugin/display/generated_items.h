/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Items tcpconn adds to a tree: all generated (computed, not bytes of the packet), at offset 0.
 */
#ifndef TCPCONN_GENERATED_ITEMS_H
#define TCPCONN_GENERATED_ITEMS_H

#include <epan/proto.h>

proto_item *generated_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value);
proto_item *generated_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 value);
proto_item *generated_boolean(proto_tree *tree, int hf, tvbuff_t *tvb, gboolean value);

#endif
