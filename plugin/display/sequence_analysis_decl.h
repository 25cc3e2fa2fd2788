/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The part of epan/sequence_analysis.h that the flow graph uses.
 *
 * Debian's libwireshark-dev ships that header for none of 4.0, 4.4 and 4.6, yet
 * libwireshark exports its functions. A wrong layout builds, loads and draws an
 * empty graph, so each release has its own declaration, checked against the sizes
 * its libwireshark allocates (sequence_analysis_info_new,
 * sequence_analysis_create_sai_with_addresses), and any other release is refused.
 * Where a release ships the header, it is used instead.
 *
 * The plugin writes the item's fields up to info_ptr and only the info's items
 * queue; the rest is declared so that the offsets and sizes are right.
 */
#ifndef TCPCONN_SEQUENCE_ANALYSIS_DECL_H
#define TCPCONN_SEQUENCE_ANALYSIS_DECL_H

#include "ws_compat.h"

#if __has_include(<epan/sequence_analysis.h>)
#include <epan/sequence_analysis.h>
#else

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/tap.h>

#define MAX_NUM_NODES 40

typedef enum _ga_info_type { GA_INFO_TYPE_NONE = 0, GA_INFO_TYPE_RTP } ga_info_type;

#if WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 0
/* 4.0: gboolean flags; nothing after info_ptr. */
typedef struct _seq_analysis_item {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar *frame_label; /* above the arrow */
    gchar *time_str;
    gchar *comment; /* right of the ladder */
    guint16 conv_num;
    unsigned fg_color; /* 0xRRGGBB */
    unsigned bg_color;
    gboolean has_color_filter;
    gboolean display;
    guint src_node;
    guint dst_node;
    guint16 line_style;
    ga_info_type info_type;
    void *info_ptr;
} seq_analysis_item_t;

typedef struct _seq_analysis_info {
    const char *name;
    gboolean any_addr;
    int nconv;
    GQueue *items;
    GHashTable *ht;
    address nodes[MAX_NUM_NODES];
    guint32 num_nodes;
} seq_analysis_info_t;

#define TC_SAI_ITEM_SIZE 0x90
#define TC_SAI_INFO_SIZE 0x3e8

#elif WIRESHARK_VERSION_MAJOR == 4 && (WIRESHARK_VERSION_MINOR == 4 || WIRESHARK_VERSION_MINOR == 6)
/* 4.4: the flags became bool and the info gained a per-node occurrence list;
 * 4.6: the item gained a destructor for info_ptr. */
typedef struct _seq_analysis_item {
    uint32_t frame_number;
    address src_addr;
    uint16_t port_src;
    address dst_addr;
    uint16_t port_dst;
    char *frame_label;
    char *time_str;
    char *comment;
    uint16_t conv_num;
    unsigned fg_color;
    unsigned bg_color;
    bool has_color_filter;
    bool display;
    unsigned src_node;
    unsigned dst_node;
    uint16_t line_style;
    ga_info_type info_type;
    void *info_ptr;
#if WIRESHARK_VERSION_MINOR == 6
    void (*free_info_ptr)(void *);
#endif
} seq_analysis_item_t;

typedef struct _seq_analysis_info {
    const char *name;
    bool any_addr;
    int nconv;
    GQueue *items;
    GHashTable *ht;
    address nodes[MAX_NUM_NODES];
    uint8_t occurrence[MAX_NUM_NODES];
    uint32_t num_nodes;
} seq_analysis_info_t;

#if WIRESHARK_VERSION_MINOR == 6
#define TC_SAI_ITEM_SIZE 0x90
#else
#define TC_SAI_ITEM_SIZE 0x88
#endif
#define TC_SAI_INFO_SIZE 0x410

#else
/* Build with -DTCPCONN_FLOW_GRAPH=OFF on any other release. */
#error "the flow graph's layouts are checked for Wireshark 4.0, 4.4 and 4.6 only"
#endif

/* Sizes as the 64-bit libraries allocate them (read off their allocation calls). */
G_STATIC_ASSERT(sizeof(void *) != 8 || sizeof(seq_analysis_item_t) == TC_SAI_ITEM_SIZE);
G_STATIC_ASSERT(sizeof(void *) != 8 || sizeof(seq_analysis_info_t) == TC_SAI_INFO_SIZE);

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, unsigned tap_flags,
                                         tap_packet_cb tap_func);

WS_DLL_PUBLIC seq_analysis_item_t *
sequence_analysis_create_sai_with_addresses(packet_info *pinfo, seq_analysis_info_t *sainfo);

WS_DLL_PUBLIC void sequence_analysis_use_color_filter(packet_info *pinfo, seq_analysis_item_t *sai);

#endif /* __has_include */

#endif
