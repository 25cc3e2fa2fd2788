/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Set bits and their ranks (see bit_rank.h): 64 bits a block, with the count of set bits
 * in all blocks before it.
 */
#include "store/bit_rank.h"

#include "store/record_store.h"

typedef struct {
    guint32 word[2]; /* bits 0-31, 32-63; not one guint64, which would pad the block to 16 */
    guint32 before;  /* set bits in the blocks before this one */
} rank_block;

struct bit_rank {
    record_store *blocks;
};

bit_rank *bit_rank_new(wmem_allocator_t *scope)
{
    bit_rank *ranks = wmem_new(scope, bit_rank);
    ranks->blocks = record_store_new(scope, sizeof(rank_block), 1024);
    return ranks;
}

/* Set bits in a word, without a compiler builtin (the plugin builds with MSVC too). */
static guint32 popcount(guint32 w)
{
    w = w - ((w >> 1) & 0x55555555u);
    w = (w & 0x33333333u) + ((w >> 2) & 0x33333333u);
    return (((w + (w >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

static guint32 block_bits(const rank_block *b)
{
    return (guint32)(popcount(b->word[0]) + popcount(b->word[1]));
}

void bit_rank_set(bit_rank *ranks, guint32 index)
{
    guint32 block = index / 64;
    /* Blocks before the index's are complete: no later index falls in them. */
    while (record_store_count(ranks->blocks) <= block) {
        guint32 count = record_store_count(ranks->blocks);
        const rank_block *last =
            count ? (const rank_block *)record_store_at(ranks->blocks, count - 1) : NULL;
        guint32 before = last ? last->before + block_bits(last) : 0;
        ((rank_block *)record_store_append(ranks->blocks))->before = before;
    }
    rank_block *b = (rank_block *)record_store_at(ranks->blocks, block);
    b->word[(index % 64) / 32] |= 1u << (index % 32);
}

gboolean bit_rank_get(const bit_rank *ranks, guint32 index, guint32 *rank)
{
    const rank_block *b = (const rank_block *)record_store_at(ranks->blocks, index / 64);
    guint32 bit = index % 64;
    if (!b || !(b->word[bit / 32] & (1u << (bit % 32))))
        return FALSE;
    guint32 word = bit / 32, below = word ? popcount(b->word[0]) : 0;
    below += popcount(b->word[word] & ((1u << (bit % 32)) - 1));
    *rank = b->before + below;
    return TRUE;
}
