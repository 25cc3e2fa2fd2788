/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generated tree items (see generated_items.h).
 */
#include "display/generated_items.h"

proto_item *generated_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
    proto_item *item = proto_tree_add_string(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

proto_item *generated_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 value)
{
    proto_item *item = proto_tree_add_uint(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

proto_item *generated_boolean(proto_tree *tree, int hf, tvbuff_t *tvb, gboolean value)
{
    proto_item *item = proto_tree_add_boolean(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}
