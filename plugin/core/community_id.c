/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Community ID v1 (see community_id.h): SHA-1 over seed, the lower endpoint's address, the
 * other address, protocol, a zero byte, the lower endpoint's port and the other port, all
 * in network order; then "1:" and the digest in base64.
 */
#include "community_id.h"

#include <stdbool.h>
#include <string.h>

/* The largest hash input: 2 + 16 + 16 + 1 + 1 + 2 + 2 bytes. */
#define INPUT_MAX 40

static uint32_t rotl(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void sha1_block(uint32_t h[5], const uint8_t block[64])
{
    uint32_t w[80];
    for (unsigned i = 0; i < 16; i++)
        w[i] = be32(block + 4 * i);
    for (unsigned i = 16; i < 80; i++)
        w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (unsigned i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t t = rotl(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

/* SHA-1 of a message short enough to pad into two blocks at most. */
static void sha1_short(const uint8_t *msg, size_t len, uint8_t digest[20])
{
    uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    uint8_t buf[128] = {0};
    size_t blocks = len + 9 <= 64 ? 1 : 2;
    uint64_t bits = (uint64_t)len * 8;

    memcpy(buf, msg, len);
    buf[len] = 0x80;
    for (unsigned i = 0; i < 8; i++)
        buf[blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < blocks; i++)
        sha1_block(h, buf + 64 * i);
    for (unsigned i = 0; i < 20; i++)
        digest[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static void base64(const uint8_t *in, size_t len, char *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        *out++ = alphabet[(v >> 18) & 63];
        *out++ = alphabet[(v >> 12) & 63];
        *out++ = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        *out++ = i + 2 < len ? alphabet[v & 63] : '=';
    }
    *out = '\0';
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    return p + 2;
}

const char *tc_community_id(const uint8_t *src, const uint8_t *dst, size_t addr_len, uint8_t proto,
                            uint16_t src_port, uint16_t dst_port, uint16_t seed, char *out)
{
    uint8_t input[INPUT_MAX], digest[20];
    out[0] = '\0';
    if (addr_len != 4 && addr_len != 16)
        return out;

    /* The direction must not matter: the smaller address (then port) goes first. */
    int order = memcmp(src, dst, addr_len);
    bool swap = order > 0 || (order == 0 && src_port > dst_port);
    uint8_t *p = put16(input, seed);
    memcpy(p, swap ? dst : src, addr_len);
    p += addr_len;
    memcpy(p, swap ? src : dst, addr_len);
    p += addr_len;
    *p++ = proto;
    *p++ = 0;
    p = put16(p, swap ? dst_port : src_port);
    p = put16(p, swap ? src_port : dst_port);

    sha1_short(input, (size_t)(p - input), digest);
    out[0] = '1';
    out[1] = ':';
    base64(digest, sizeof digest, out + 2);
    return out;
}
