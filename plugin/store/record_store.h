/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixed-size records in chunks, addressed by index: an array that grows without
 * moving what it holds, so per-frame results cost their size and nothing more.
 */
#ifndef TCPCONN_RECORD_STORE_H
#define TCPCONN_RECORD_STORE_H

#include <wireshark.h>

typedef struct record_store record_store;

/* Records are allocated chunk_records at a time. */
record_store *record_store_new(wmem_allocator_t *scope, size_t record_size, guint32 chunk_records);

guint32 record_store_count(const record_store *store);

/* A new zeroed record at index record_store_count() - 1. */
void *record_store_append(record_store *store);

/* The record at index, or NULL past the end. */
void *record_store_at(const record_store *store, guint32 index);

#endif
