/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Community ID v1 of a flow (github.com/corelight/community-id-spec): the string Zeek,
 * Suricata and others log for a 5-tuple, so their records join on it.
 *
 * Plain C, no allocation, no I/O; SHA-1 is computed here.
 */
#ifndef TCPCONN_COMMUNITY_ID_H
#define TCPCONN_COMMUNITY_ID_H

#include <stddef.h>
#include <stdint.h>

/* "1:" and the base64 of a 20-byte SHA-1 digest, NUL-terminated. */
#define TC_COMMUNITY_ID_SIZE 31

/* IP protocol numbers the Community ID hashes with ports. */
#define TC_IPPROTO_TCP 6

/*
 * The Community ID of the flow between src and dst (addr_len 4 or 16 bytes each, network
 * order), whichever end sends; out gets TC_COMMUNITY_ID_SIZE bytes. Returns out, or "" for
 * an address length other than 4 or 16.
 */
const char *tc_community_id(const uint8_t *src, const uint8_t *dst, size_t addr_len, uint8_t proto,
                            uint16_t src_port, uint16_t dst_port, uint16_t seed, char *out);

#endif
