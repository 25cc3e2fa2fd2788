/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One bit per index, set in increasing index order, and the number of set bits before any
 * index: which records of a sparse kind a frame has, found by counting instead of by a
 * 4-byte index kept in every frame. Costs 12 bytes per 64 indices.
 */
#ifndef TCPCONN_BIT_RANK_H
#define TCPCONN_BIT_RANK_H

#include <wireshark.h>

typedef struct bit_rank bit_rank;

bit_rank *bit_rank_new(wmem_allocator_t *scope);

/* Set the bit at index, no lower than any index set before. */
void bit_rank_set(bit_rank *ranks, guint32 index);

/* Whether the bit at index is set; if so, *rank is the number of set bits before it. */
gboolean bit_rank_get(const bit_rank *ranks, guint32 index, guint32 *rank);

#endif
