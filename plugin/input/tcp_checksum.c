/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCP checksum (see tcp_checksum.h): the one's-complement sum over the IPv4 or IPv6
 * pseudo-header and the segment comes out as 0 for a correct checksum.
 */
#include "input/tcp_checksum.h"

#include <epan/in_cksum.h>

#define IPPROTO_TCP_NUMBER  6
#define TCP_CHECKSUM_OFFSET 16

/* The pseudo-header of a TCP segment of tcp_len bytes into pseudo (40 bytes); its length, or
 * 0 when the segment is not carried by IPv4 or IPv6. */
static int pseudo_header(const packet_info *pinfo, guint32 tcp_len, guint8 *pseudo)
{
    const address *src = &pinfo->src, *dst = &pinfo->dst;
    if (src->type == AT_IPv4 && dst->type == AT_IPv4) {
        memcpy(pseudo, src->data, 4);
        memcpy(pseudo + 4, dst->data, 4);
        pseudo[8] = 0;
        pseudo[9] = IPPROTO_TCP_NUMBER;
        pseudo[10] = (guint8)(tcp_len >> 8);
        pseudo[11] = (guint8)tcp_len;
        return 12;
    }
    if (src->type == AT_IPv6 && dst->type == AT_IPv6) {
        memcpy(pseudo, src->data, 16);
        memcpy(pseudo + 16, dst->data, 16);
        pseudo[32] = (guint8)(tcp_len >> 24);
        pseudo[33] = (guint8)(tcp_len >> 16);
        pseudo[34] = (guint8)(tcp_len >> 8);
        pseudo[35] = (guint8)tcp_len;
        memset(pseudo + 36, 0, 3);
        pseudo[39] = IPPROTO_TCP_NUMBER;
        return 40;
    }
    return 0;
}

gboolean tcp_checksum_bad(packet_info *pinfo, tvbuff_t *tvb, gint offset, guint32 tcp_len)
{
    guint8 pseudo[40];
    if (!tvb || !tvb_bytes_exist(tvb, offset, (gint)tcp_len))
        return FALSE;
    int pseudo_len = pseudo_header(pinfo, tcp_len, pseudo);
    if (!pseudo_len)
        return FALSE;
    vec_t parts[2];
    SET_CKSUM_VEC_PTR(parts[0], pseudo, pseudo_len);
    SET_CKSUM_VEC_TVB(parts[1], tvb, offset, (int)tcp_len);
    return in_cksum(parts, 2) != 0;
}

gboolean tcp_checksum_unfinished(packet_info *pinfo, tvbuff_t *tvb, gint offset, guint32 tcp_len)
{
    guint8 pseudo[40];
    if (!tvb || !tvb_bytes_exist(tvb, offset + TCP_CHECKSUM_OFFSET, 2))
        return FALSE;
    int pseudo_len = pseudo_header(pinfo, tcp_len, pseudo);
    if (!pseudo_len)
        return FALSE;
    vec_t part;
    SET_CKSUM_VEC_PTR(part, pseudo, pseudo_len);
    /* in_cksum gives the complement of the folded sum, in network byte order. */
    guint16 sum = g_ntohs((guint16)~in_cksum(&part, 1));
    return tvb_get_ntohs(tvb, offset + TCP_CHECKSUM_OFFSET) == sum;
}
