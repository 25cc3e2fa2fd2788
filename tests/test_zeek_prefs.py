# SPDX-License-Identifier: GPL-2.0-or-later
"""The Zeek view's preferences, set with -o: checksum validation (Zeek's default, or zeek -C)
and the likely server ports (Zeek's defaults, none as zeek -b, or a list). Each expected row is
worked out from TCPAnalyzer::WantConnection (the flip at creation) and
TCPAnalyzer::ValidateChecksum (the drop), both in Zeek's src/packet_analysis/protocol/tcp/."""
import pytest

from test_connlog import connlog

NONE = ("-o", "tcpconn.zeek_server_ports:none")
LIST_45002 = ("-o", "tcpconn.zeek_server_ports:list", "-o", "tcpconn.zeek_server_port_list:45002")


def verdict(tshark, capture, *options):
    _, rows = connlog(tshark, f"zeek/{capture}", "-2", *options)
    return [(r["id.orig_h"], r["conn_state"], r["history"]) for r in rows]


@pytest.mark.parametrize("capture,options,want", [
    # Port 80 is a default likely server port: the first SYN-ACK, from 80, is flipped at creation.
    ("s1-synack-first.pcap", (), ("192.0.2.10", "S1", "^hADd")),
    # None (zeek -b): no flip; the server originates with SYN_ACK_SENT; the client's ACK turns
    # the lone H into ^h but the client, INACTIVE, becomes PARTIAL: OTH.
    ("s1-synack-first.pcap", NONE, ("192.0.2.10", "OTH", "^hADd")),
    # 45002 is no default port; listed, it flips like 80 by default.
    ("oth-synack-first-no-flip.pcap", (), ("192.0.2.10", "OTH", "^hADd")),
    ("oth-synack-first-no-flip.pcap", LIST_45002, ("192.0.2.10", "S1", "^hADd")),
    # Data from port 80 first: flipped by default (^d); with none the server is the originator.
    ("sf-midstream-server-first.pcap", (), ("192.0.2.10", "SF", "^dADFf")),
    ("sf-midstream-server-first.pcap", NONE, ("192.0.2.20", "SF", "DadfF")),
    ("sf-midstream-server-first.pcap", LIST_45002, ("192.0.2.20", "SF", "DadfF")),
])
def test_likely_server_ports(tshark, capture, options, want):
    assert verdict(tshark, capture, *options) == [want]


def test_bad_checksum_dropped_by_default(tshark):
    # tcpconn checks the checksum itself when Wireshark does not: frame 4 is C and uncounted.
    _, rows = connlog(tshark, "zeek/sf-bad-checksum.pcap", "-2")
    assert [(r["history"], r["orig_pkts"], r["orig_ip_bytes"]) for r in rows] == [("ShACDadFf", "6", "286")]


def test_bad_checksum_kept_as_with_zeek_C(tshark):
    # As zeek -C: frame 4 is the first data (D) and frame 5 its retransmission (T); 7 packets.
    _, rows = connlog(tshark, "zeek/sf-bad-checksum.pcap", "-2", "-o", "tcpconn.zeek_checksums:FALSE")
    assert [(r["history"], r["orig_pkts"], r["orig_ip_bytes"]) for r in rows] == [("ShADTadFf", "7", "368")]


def test_unfinished_checksums_are_not_bad(tshark):
    # A capture on the loopback interface, where each checksum holds only its pseudo-header's
    # sum: Wireshark 4.0, asked to check, calls them bad; 4.4 and 4.6 call them good ("matches
    # partial checksum ... likely caused by TCP checksum offload"). The Zeek view keeps them all,
    # as zeek -C would, whether Wireshark checked them or tcpconn did.
    capture = "real/loopback-offload.pcapng"
    checked = tshark.fields(capture, ["tcp.checksum.status"], "-o", "tcp.check_checksum:TRUE")
    status = {"4.0": "0"}.get(tshark.release, "1")  # PROTO_CHECKSUM_E_BAD, _GOOD
    assert sum(row == [status] for row in checked) >= 10, checked
    for options in [(), ("-o", "tcp.check_checksum:TRUE")]:
        _, rows = connlog(tshark, capture, "-2", *options)
        assert [(r["conn_state"], r["history"], r["orig_pkts"], r["resp_pkts"]) for r in rows] == \
            [("SF", "ShADadFf", "6", "5")], options


def test_no_false_checksum_alarm(tshark):
    # Every other bundled capture has good checksums: no C anywhere, IPv6 included.
    for capture in ["real/ipv6-client-close.pcapng", "real/http-client-close.pcapng", "crafted/truncated.pcap",
                    "crafted/seed-004-smtp.pcap"]:
        _, rows = connlog(tshark, capture, "-2")
        assert rows and not any("c" in r["history"].lower() for r in rows), capture
