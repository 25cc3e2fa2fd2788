# SPDX-License-Identifier: GPL-2.0-or-later
"""tcpconn.community_id on every segment, against the Community ID v1 computed here from the
segment's own addresses and ports (an implementation of the spec independent of the plugin's)."""
import base64
import hashlib
import ipaddress
import struct

import pytest

CAPTURES = ["real/http-client-close.pcapng", "real/ipv6-client-close.pcapng", "real/refused.pcapng",
            "crafted/port-reuse.pcap", "crafted/same-port-both-ends.pcap", "zeek/sf-synack-first.pcap"]


def community_id(src, dst, sport, dport, proto=6, seed=0):
    a, b = ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed
    if (a, sport) > (b, dport):
        a, b, sport, dport = b, a, dport, sport
    data = struct.pack(">H", seed) + a + b + bytes([proto, 0]) + struct.pack(">HH", sport, dport)
    return "1:" + base64.b64encode(hashlib.sha1(data).digest()).decode()


def test_the_spec_vector_here():
    # baseline/baseline_deflt.json of corelight/community-id-spec.
    assert community_id("128.232.110.120", "66.35.250.204", 34855, 80) == "1:LQU9qZlK+B5F3KDmev6m5PMibrg="


@pytest.mark.parametrize("capture", CAPTURES)
def test_every_segment_carries_its_flows_id(tshark, capture):
    fields = ["ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcpconn.community_id"]
    rows = tshark.fields(capture, fields, "-Y", "tcpconn.role")
    assert rows
    for ip_src, ip6_src, ip_dst, ip6_dst, sport, dport, cid in rows:
        assert cid == community_id(ip_src or ip6_src, ip_dst or ip6_dst, int(sport), int(dport))


def test_a_known_flow(tshark):
    rows = tshark.fields("real/http-client-close.pcapng", ["tcpconn.community_id"], "-Y", "tcpconn.role")
    assert {tuple(r) for r in rows} == {("1:GN00kj9I/vfv2o5KR+8l3MBTcwM=",)}
