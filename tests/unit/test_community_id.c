/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Community ID against the spec's published baselines
 * (corelight/community-id-spec, baseline/baseline_deflt.json and baseline_seed1.json)
 * and the vector in Zeek's community_id_v1 test: each flow in both directions.
 */
#include "core/community_id.h"
#include "unit_check.h"

typedef struct {
    const char *name;
    size_t addr_len;
    uint8_t src[16], dst[16];
    uint8_t proto;
    uint16_t src_port, dst_port, seed;
    const char *id;
} vector;

#define V4(a, b, c, d)                                                                             \
    {                                                                                              \
        a, b, c, d                                                                                 \
    }

static const vector vectors[] = {
    {"tcp ipv4 (Zeek's test)", 4, V4(1, 2, 3, 4), V4(5, 6, 7, 8), 6, 1122, 3344, 0,
     "1:wCb3OG7yAFWelaUydu0D+125CLM="},
    {"tcp ipv4", 4, V4(128, 232, 110, 120), V4(66, 35, 250, 204), 6, 34855, 80, 0,
     "1:LQU9qZlK+B5F3KDmev6m5PMibrg="},
    {"tcp ipv4, seed 1", 4, V4(128, 232, 110, 120), V4(66, 35, 250, 204), 6, 34855, 80, 1,
     "1:3V71V58M3Ksw/yuFALMcW0LAHvc="},
    {"udp ipv4", 4, V4(192, 168, 1, 52), V4(8, 8, 8, 8), 17, 54585, 53, 0,
     "1:d/FP5EW3wiY1vCndhwleRRKHowQ="},
    {"sctp, same port at both ends", 4, V4(192, 168, 170, 8), V4(192, 168, 170, 56), 132, 7, 7, 0,
     "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs="},
    {"tcp ipv6",
     16,
     {0x20, 0x01, 0x04, 0x70, 0xe5, 0xbf, 0xde, 0xad, 0x49, 0x57, 0x21, 0x74, 0xe8, 0x2c, 0x48,
      0x87},
     {0x26, 0x07, 0xf8, 0xb0, 0x40, 0x0c, 0x0c, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x1a},
     6,
     63943,
     25,
     0,
     "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="},
    {"tcp ipv6, seed 1",
     16,
     {0x20, 0x01, 0x04, 0x70, 0xe5, 0xbf, 0xde, 0xad, 0x49, 0x57, 0x21, 0x74, 0xe8, 0x2c, 0x48,
      0x87},
     {0x26, 0x07, 0xf8, 0xb0, 0x40, 0x0c, 0x0c, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x1a},
     6,
     63943,
     25,
     1,
     "1:eJYTW6AOzFLlSUoESovMjnu7rMw="},
};

int main(void)
{
    unit_tally tally = {0, 0};
    char out[TC_COMMUNITY_ID_SIZE];
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const vector *v = &vectors[i];
        int failures = unit_str("forward",
                                tc_community_id(v->src, v->dst, v->addr_len, v->proto, v->src_port,
                                                v->dst_port, v->seed, out),
                                v->id);
        failures += unit_str("reverse",
                             tc_community_id(v->dst, v->src, v->addr_len, v->proto, v->dst_port,
                                             v->src_port, v->seed, out),
                             v->id);
        unit_case(&tally, v->name, failures);
    }
    static const uint8_t a[4] = {10, 0, 0, 1};
    unit_case(&tally, "an address of 5 bytes gives no ID",
              unit_str("ID", tc_community_id(a, a, 5, 6, 1, 2, 0, out), ""));
    return unit_summary(&tally);
}
