/*
 * The part of Wireshark 4.0's epan/sequence_analysis.h that the flow graph uses.
 *
 * Debian's libwireshark-dev does not ship that header, yet libwireshark16
 * exports its functions. These layouts are those of Wireshark 4.0 (they changed
 * in 4.2); the size checks below match what libwireshark16 allocates
 * (sequence_analysis_info_new, sequence_analysis_create_sai_with_addresses).
 */
#ifndef TCPCONN_SEQUENCE_ANALYSIS_4_0_H
#define TCPCONN_SEQUENCE_ANALYSIS_4_0_H

#include <wireshark.h>

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/tap.h>

#define MAX_NUM_NODES 40

typedef enum _ga_info_type { GA_INFO_TYPE_NONE = 0, GA_INFO_TYPE_RTP } ga_info_type;

/* One arrow of the ladder. */
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

/* One flow graph: the tap listener's data. */
typedef struct _seq_analysis_info {
    const char *name;
    gboolean any_addr;
    int nconv;
    GQueue *items;
    GHashTable *ht;
    address nodes[MAX_NUM_NODES];
    guint32 num_nodes;
} seq_analysis_info_t;

G_STATIC_ASSERT(sizeof(void *) != 8 || sizeof(seq_analysis_item_t) == 0x90);
G_STATIC_ASSERT(sizeof(void *) != 8 || sizeof(seq_analysis_info_t) == 0x3e8);

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, guint tap_flags,
                                         tap_packet_cb tap_func);

WS_DLL_PUBLIC seq_analysis_item_t *
sequence_analysis_create_sai_with_addresses(packet_info *pinfo, seq_analysis_info_t *sainfo);

WS_DLL_PUBLIC void sequence_analysis_use_color_filter(packet_info *pinfo, seq_analysis_item_t *sai);

#endif
