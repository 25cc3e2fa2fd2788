/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixed-size records in chunks (see record_store.h).
 */
#include "store/record_store.h"

struct record_store {
    wmem_allocator_t *scope;
    size_t record_size;
    guint32 chunk_records;
    guint32 count;
    guint32 chunk_slots;
    guint8 **chunks;
};

record_store *record_store_new(wmem_allocator_t *scope, size_t record_size, guint32 chunk_records)
{
    record_store *store = wmem_new0(scope, record_store);
    store->scope = scope;
    store->record_size = record_size;
    store->chunk_records = chunk_records;
    return store;
}

guint32 record_store_count(const record_store *store)
{
    return store->count;
}

void *record_store_append(record_store *store)
{
    guint32 chunk = store->count / store->chunk_records, slot = store->count % store->chunk_records;
    if (slot == 0) {
        if (chunk == store->chunk_slots) {
            store->chunk_slots = store->chunk_slots ? store->chunk_slots * 2 : 16;
            store->chunks = (guint8 **)wmem_realloc(store->scope, store->chunks,
                                                    store->chunk_slots * sizeof *store->chunks);
        }
        store->chunks[chunk] =
            (guint8 *)wmem_alloc0(store->scope, store->chunk_records * store->record_size);
    }
    store->count++;
    return store->chunks[chunk] + slot * store->record_size;
}

void *record_store_at(const record_store *store, guint32 index)
{
    if (index >= store->count)
        return NULL;
    return store->chunks[index / store->chunk_records] +
           (index % store->chunk_records) * store->record_size;
}
