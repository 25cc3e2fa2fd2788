#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the handcrafted captures in crafted/ (classic pcap, Ethernet + IPv4).

    /usr/bin/python3 sample-pcaps/make_crafted.py            all of them
    /usr/bin/python3 sample-pcaps/make_crafted.py FILE...    only these, e.g. fin-without-ack

A FILE is named as in crafted/, with or without ".pcap".

Needs scapy (Debian: python3-scapy). The output is deterministic: fixed addresses, MACs,
ISNs, IP ids and timestamps, so regenerating gives byte-identical files. Every connection is
self-consistent TCP (SYN and FIN take one sequence number, acks count exactly what the peer
sent) except where a capture exists to show a particular mistake; those places are marked.
sample-pcaps/README.md describes each capture frame by frame.
"""

import hashlib
import pathlib
import sys

from scapy.all import ICMP, IP, TCP, Ether, ICMPv6DestUnreach, ICMPv6PacketTooBig, IPv6

# Found whatever the current directory: Python puts this script's folder on sys.path.
from pcap_craft import (C, CLIENT_MAC, REQUEST, RESPONSE, S, SERVER_MAC, T0, Conn, Trace, ms,
                        utc_us)

OUT = pathlib.Path(__file__).resolve().parent / "crafted"

ROUTER_MAC = "02:00:00:00:00:fe"

# Seed 003 (Linux on both ends): the option layout Linux uses, and the one tcpdump printed.
LINUX_SYN_OPTIONS = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", None), ("NOP", None),
                     ("WScale", 7)]


def filler(label, size):
    """Deterministic bytes that look random (stand-in for encrypted payload)."""
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(b"%s/%d" % (label.encode(), counter)).digest()
        counter += 1
    return out[:size]


def icmp_error(trace, router, quoted, dt, code, ip_id):
    """An ICMP destination-unreachable from `router` to the sender of `quoted`, quoting its IP
    header and the first 20 bytes of its TCP header (RFC 792's 'IP header + 64 bits' is the
    minimum; routers today quote more, here exactly the fixed TCP header)."""
    ip = IP(bytes(quoted[IP]))  # parsed back, so that ihl has its built value
    quote = bytes(ip)[:ip.ihl * 4 + 20]
    frame = (Ether(src=ROUTER_MAC, dst=quoted.src)
             / IP(src=router, dst=ip.src, ttl=64, id=ip_id)
             / ICMP(type=3, code=code) / quote)
    return trace.add(frame, dt=dt)


# --- close and sequence-number edge cases ---------------------------------------------------

def simultaneous_close():
    t = Trace("simultaneous-close.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40100), ("192.0.2.20", 7000), 1000, 5000)
    c.handshake()
    c.exchange(b"ping\n", b"pong\n")
    # Both FINs cross on the wire: each one's ack covers the peer's data but not its FIN.
    client_fin_seq = c.next_seq(C)
    server_fin_seq = c.next_seq(S)
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=100, ack=client_fin_seq)
    c.send(C, "A", dt=ms(0.5))
    c.send(S, "A", dt=100)
    assert c.next_seq(C) == client_fin_seq + 1 and c.next_seq(S) == server_fin_seq + 1
    return t


def mid_connection():
    t = Trace("mid-connection.pcap", T0)
    # The capture starts on an established connection: no handshake, starting numbers
    # chosen as if many bytes had already been exchanged.
    c = Conn(t, ("192.0.2.10", 51000), ("198.51.100.80", 80), 0x1A2B3C4D, 0x5E6F7081)
    c.send(C, "PA", b"GET /a.css HTTP/1.1\r\nHost: www.example.test\r\n\r\n", dt=0)
    c.send(S, "A", dt=ms(15))
    css = b"".join(b".c%d { margin: %dpx; }\n" % (i, i % 40) for i in range(80))
    response = (b"HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n"
                b"Content-Length: %d\r\n\r\n" % len(css)) + css
    assert 1460 < len(response) < 2920
    c.send(S, "A", response[:1460], dt=ms(1))
    c.send(S, "PA", response[1460:], dt=100)
    c.send(C, "A", dt=ms(15))
    c.send(C, "PA", b"GET /b.js HTTP/1.1\r\nHost: www.example.test\r\n\r\n", dt=ms(20))
    c.send(S, "PA", b"HTTP/1.1 304 Not Modified\r\n\r\n", dt=ms(16))
    c.send(C, "A", dt=ms(15))
    c.close(C, rtt=ms(30))
    return t


def seq_wrap():
    t = Trace("seq-wrap.pcap", T0)
    # Both ISNs sit just below 2^32, so sequence numbers wrap to 0 inside the data:
    # client data starts at 0xFFFFFFF1, server data at 0xFFFFFFFB.
    c = Conn(t, ("192.0.2.10", 40200), ("192.0.2.20", 7001), 0xFFFFFFF0, 0xFFFFFFFA)
    c.handshake()
    for i in range(3):  # 0xFFFFFFF1..+10, the second one crosses 2^32, the third starts past it
        c.send(C, "PA", b"client-%02d\n" % i, dt=ms(2))
        c.send(S, "A", dt=ms(0.5))
    for i in range(3):  # 0xFFFFFFFB..+3, +3 crosses 2^32 (0xFFFFFFFE..0x1), then 0x1
        c.send(S, "PA", b"s%d\n" % i, dt=ms(2))
        c.send(C, "A", dt=ms(0.5))
    c.close(C)
    return t


def port_reuse():
    t = Trace("port-reuse.pcap", T0)
    client, server = ("192.0.2.10", 40300), ("192.0.2.20", 80)
    # 1st incarnation: complete and closed.
    a = Conn(t, client, server, 100000, 700000)
    a.handshake()
    a.exchange(REQUEST, RESPONSE)
    a.close(C)
    # 2nd incarnation, same 4-tuple, two seconds later, ISNs well past the old ones (as a
    # stack reusing a TIME-WAIT 4-tuple picks them).
    t.now += 2_000_000
    b = Conn(t, client, server, 3000000, 9000000)
    b.handshake()
    b.exchange(REQUEST, RESPONSE)
    b.close(C)
    # Another 4-tuple: established with data, then a SYN with a new ISN arrives with no FIN
    # or RST before it (e.g. the client rebooted and reused the port), and the server, having
    # lost its state too, completes a new handshake.
    other = ("192.0.2.10", 40301)
    x = Conn(t, other, server, 5000000, 8000000)
    x.handshake()
    x.exchange(REQUEST, RESPONSE)
    t.now += 1_000_000
    y = Conn(t, other, server, 6000000, 8800000)
    y.handshake()
    y.exchange(REQUEST, RESPONSE)
    y.close(C)
    return t


def icmp_quoted():
    t = Trace("icmp-quoted.pcap", T0)
    # Captured on the client's link; 10.0.0.254 is the router towards the servers.
    router = "10.0.0.254"
    dead = Conn(t, ("10.0.1.10", 50000), ("10.0.0.2", 443), 0x11223344, 0,
                server_mac=ROUTER_MAC, syn_options=[])  # 20-byte TCP header, quoted whole
    syn = dead.send(C, "S", dt=0)
    icmp_error(t, router, syn, dt=ms(3), code=1, ip_id=0x7001)
    retrans = dead.send(C, "S", dt=ms(1000), seq=0x11223344)
    icmp_error(t, router, retrans, dt=ms(3), code=1, ip_id=0x7002)

    # 2nd connection: the server becomes unreachable just as the client closes; the router
    # returns the client's FIN inside an ICMP error, the FIN is retransmitted once the route
    # is back. The ICMP frame carries a TCP header with FIN set that is not a segment.
    live = Conn(t, ("10.0.1.10", 50001), ("10.0.0.3", 80), 0x22334455, 0x66778899,
                server_mac=ROUTER_MAC, syn_options=[])
    live.handshake(rtt=ms(2))
    live.exchange(REQUEST, RESPONSE, rtt=ms(2))
    fin_seq = live.next_seq(C)
    fin = live.send(C, "FA", dt=ms(10))
    icmp_error(t, router, fin, dt=ms(1), code=1, ip_id=0x7003)
    live.send(C, "FA", dt=ms(210), seq=fin_seq)
    live.send(S, "A", dt=ms(1))
    live.send(S, "FA", dt=ms(2))
    live.send(C, "A", dt=ms(1))
    return t


def icmp_reply(trace, reporter, quoted, dt, icmp, quote_len=20, ip_id=0x7100):
    """An ICMP or ICMPv6 error from `reporter` to the sender of `quoted`, quoting its IP header
    and the first quote_len bytes of its TCP header (8: RFC 792's minimum, which ends before
    the flags)."""
    if IPv6 in quoted:
        ip = IPv6(bytes(quoted[IPv6]))
        carrier = IPv6(src=reporter, dst=ip.src, hlim=64)
        quote = bytes(ip)[:40 + quote_len]
    else:
        ip = IP(bytes(quoted[IP]))
        carrier = IP(src=reporter, dst=ip.src, ttl=64, id=ip_id)
        quote = bytes(ip)[:ip.ihl * 4 + quote_len]
    frame = Ether(src=quoted.dst, dst=quoted.src) / carrier / icmp / quote
    return trace.add(frame, dt=dt)


def ipv6_segment(src, dst, flags, seq, ack=0, payload=b""):
    frame = (Ether(src=CLIENT_MAC if src[0].endswith("::1") else SERVER_MAC,
                   dst=SERVER_MAC if src[0].endswith("::1") else CLIENT_MAC)
             / IPv6(src=src[0], dst=dst[0], hlim=64)
             / TCP(sport=src[1], dport=dst[1], seq=seq, ack=ack, flags=flags, window=64800))
    return frame / payload if payload else frame


def icmp_errors():
    """One connection per kind of ICMP error a TCP user meets, each quoting a real segment."""
    t = Trace("icmp-errors.pcap", T0)
    router = "10.0.0.254"
    # 1. Port unreachable from the destination, quoting the whole fixed header: refused.
    a = Conn(t, ("10.0.1.10", 50100), ("10.0.0.2", 8443), 1000, 0, syn_options=[])
    icmp_reply(t, "10.0.0.2", a.send(C, "S", dt=0), ms(1), ICMP(type=3, code=3))
    # 2. Administratively prohibited from a router, quoting only 8 bytes (RFC 792): refused.
    b = Conn(t, ("10.0.1.10", 50101), ("10.0.0.3", 22), 2000, 0, syn_options=[])
    icmp_reply(t, router, b.send(C, "S", dt=ms(100)), ms(2), ICMP(type=3, code=13),
               quote_len=8, ip_id=0x7101)
    # 3. Host unreachable from a router, then the client tries again and gets no answer at all:
    #    the verdict is an unanswered SYN, not the ICMP error.
    c = Conn(t, ("10.0.1.10", 50102), ("10.0.0.4", 80), 3000, 0, syn_options=[])
    icmp_reply(t, router, c.send(C, "S", dt=ms(100)), ms(3), ICMP(type=3, code=1),
               ip_id=0x7102)
    c.send(C, "S", dt=ms(1000), seq=3000)
    # 4. Fragmentation needed for a data segment of an open connection: path MTU, goes on.
    d = Conn(t, ("10.0.1.10", 50103), ("10.0.0.5", 80), 4000, 9000, syn_options=[])
    d.handshake()
    big = d.send(C, "PA", b"x" * 1400, dt=ms(2))
    icmp_reply(t, router, big, ms(1), ICMP(type=3, code=4, nexthopmtu=1280), ip_id=0x7103)
    d.send(C, "PA", b"x" * 1200, dt=ms(1), seq=4001)
    d.send(C, "PA", b"x" * 200, dt=0)
    d.send(S, "A", dt=ms(1))
    # 5. A forged or late error quoting a sequence number the client never sent: ignored.
    icmp_reply(t, router, d.segment(C, "A", seq=4001 + 0x40000000), ms(5),
               ICMP(type=3, code=1), ip_id=0x7104)
    d.close(C)
    # 6. An error quoting a segment of a connection the capture does not hold.
    ghost = Conn(t, ("10.0.1.10", 50199), ("10.0.0.9", 25), 7000, 0, syn_options=[])
    icmp_reply(t, router, ghost.segment(C, "S"), ms(10), ICMP(type=3, code=0), ip_id=0x7105)
    # 7. IPv6: port unreachable from the destination (refused).
    cli6, srv6 = ("2001:db8::1", 50200), ("2001:db8:1::2", 8080)
    syn6 = t.add(ipv6_segment(cli6, srv6, "S", 5000), dt=ms(100))
    icmp_reply(t, srv6[0], syn6, ms(1), ICMPv6DestUnreach(code=4))
    # 8. IPv6: packet too big from a router for a data segment of an open connection.
    cli6b, srv6b = ("2001:db8::1", 50201), ("2001:db8:1::2", 80)
    t.add(ipv6_segment(cli6b, srv6b, "S", 6000), dt=ms(100))
    t.add(ipv6_segment(srv6b, cli6b, "SA", 8000, 6001), dt=ms(1))
    t.add(ipv6_segment(cli6b, srv6b, "A", 6001, 8001), dt=ms(1))
    big6 = t.add(ipv6_segment(cli6b, srv6b, "PA", 6001, 8001, b"y" * 1400), dt=ms(1))
    icmp_reply(t, "2001:db8::fe", big6, ms(1), ICMPv6PacketTooBig(mtu=1280), quote_len=1232 - 40)
    return t


def truncated():
    t = Trace("truncated.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40400), ("192.0.2.20", 80), 0x0A0B0C0D, 0x1A1B1C1D,
             syn_options=[])
    c.handshake()
    headers = 14 + 20  # Ethernet + IPv4 before the TCP header

    def cut(frame, tcp_bytes):
        """Keep only the first tcp_bytes of the TCP header, as a short snaplen would."""
        data = bytes(frame)
        short = Ether(data[:headers + tcp_bytes])
        short.wirelen = len(data)
        return short

    # Client request, cut after 13 TCP header bytes (ports, seq, ack, data offset; no flags).
    t.add(cut(c.segment(C, "PA", REQUEST), 13), dt=ms(2))
    # Server ACK, cut after 6 bytes (ports and half of the sequence number).
    t.add(cut(c.segment(S, "A"), 6), dt=ms(0.5))
    # Server response whose IP total length (1400) claims far more than the frame holds. The
    # TCP checksum stays the one of the real segment; only the IP header is redone.
    bogus_len = Ether(bytes(c.segment(S, "PA", RESPONSE)))
    bogus_len[IP].len = 1400
    del bogus_len[IP].chksum
    t.add(bogus_len, dt=ms(0.1))
    # Client ACK of the response with a TCP data offset of 4 (16 bytes, below the minimum 20).
    bad_offset = c.segment(C, "A")
    bad_offset[TCP].dataofs = 4
    t.add(bad_offset, dt=ms(0.5))
    # The connection itself went on normally: the close is intact and counts the damaged
    # segments' payload.
    c.close(C)
    return t


# --- handshake edge cases -------------------------------------------------------------------

def refused_syn_retrans():
    t = Trace("refused-syn-retrans.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40500), ("192.0.2.20", 8443), 0x31415926, 0)
    isn = c.next_seq(C)
    c.send(C, "S", dt=0)
    c.send(C, "S", dt=ms(1000), seq=isn)
    c.send(C, "S", dt=ms(2000), seq=isn)
    # RFC 793 reset for a SYN to a closed port: seq 0, ack = ISN + 1.
    c.send(S, "RA", dt=ms(0.3), seq=0, options=[])
    return t


def unanswered_syn():
    t = Trace("unanswered-syn.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40600), ("203.0.113.99", 443), 0x27182818, 0)
    isn = c.next_seq(C)
    c.send(C, "S", dt=0)
    c.send(C, "S", dt=ms(1000), seq=isn)
    c.send(C, "S", dt=ms(2000), seq=isn)
    return t


def syn_with_data():
    t = Trace("syn-with-data.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40700), ("192.0.2.20", 7002), 0x50000000, 0x60000000)
    # TCP Fast Open: the SYN carries a cookie and 5 bytes; the SYN-ACK acknowledges both.
    tfo = [("MSS", 1460), ("NOP", None), ("NOP", None), ("TFO", (0x1F2E3D4C, 0x5B6A7988))]
    c.send(C, "S", b"hello", dt=0, options=tfo)
    c.send(S, "SA", dt=ms(0.5))
    c.send(C, "A", dt=ms(0.5))
    # The server answers and closes in one segment: FIN with payload.
    c.send(S, "FPA", b"bye\n", dt=ms(1))
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "FA", dt=ms(5))
    c.send(S, "A", dt=ms(0.5))
    return t


def data_before_handshake():
    t = Trace("data-before-handshake.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40800), ("192.0.2.20", 80), 0x70000000, 0x80000000)
    # The client's first data segment is captured before the SYN-ACK and the handshake's ACK
    # (a reordering capture point): its numbers are those it had after the handshake.
    syn = c.segment(C, "S")
    synack = c.segment(S, "SA")
    final_ack = c.segment(C, "A")
    request = c.segment(C, "PA", REQUEST)
    for frame, dt in ((syn, 0), (request, ms(1)), (synack, 100), (final_ack, 50)):
        t.add(frame, dt=dt)
    c.send(S, "A", dt=ms(0.5))
    c.close(C)
    return t


def bad_handshake_ack():
    t = Trace("bad-handshake-ack.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40900), ("192.0.2.20", 80), 0x90000000, 0xA0000000)
    client_isn, server_isn = c.next_seq(C), c.next_seq(S)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(0.5), ack=client_isn + 2)  # mistake: should be ISN + 1
    c.send(C, "A", dt=ms(0.5), ack=server_isn)  # mistake: should be server ISN + 1
    return t


def syn_scan():
    """A half-open scan: SYN, SYN-ACK, then RST from the scanner instead of the final ACK; then
    a second port whose SYN-ACK is never acknowledged at all."""
    t = Trace("syn-scan.pcap", T0)
    c = Conn(t, ("192.0.2.66", 45001), ("192.0.2.20", 22), 0xB0000000, 0xC0000000)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(0.4))
    c.send(C, "R", dt=ms(0.1), ack=0)
    c = Conn(t, ("192.0.2.66", 45001), ("192.0.2.20", 80), 0xB1000000, 0xC1000000)
    c.send(C, "S", dt=ms(1))
    c.send(S, "SA", dt=ms(0.4))
    return t


def data_after_fin():
    t = Trace("data-after-fin.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41000), ("192.0.2.20", 7003), 0xB0000000, 0xC0000000)
    c.handshake()
    c.exchange(b"first\n", b"ok\n")
    c.send(C, "FA", dt=ms(10))
    ack_of_fin = c.next_seq(C)
    c.send(S, "A", dt=ms(0.5))
    # Mistake: 7 bytes after the client's own FIN (its sequence numbers continue past it).
    c.send(C, "PA", b"second\n", dt=ms(1))
    # The server discards them (its ack stays at FIN + 1) and closes.
    c.send(S, "FA", dt=ms(5), ack=ack_of_fin)
    c.send(C, "A", dt=ms(0.5))
    return t


def same_port_both_ends():
    """Both ends on port 7000 (peer-to-peer protocols do this): only the addresses tell the two
    sides apart. The client has the higher address, and the server closes first."""
    t = Trace("same-port-both-ends.pcap", T0)
    c = Conn(t, ("192.0.2.30", 7000), ("192.0.2.20", 7000), 0x30000000, 0x20000000)
    c.handshake()
    c.exchange(b"hello\n", b"hi\n")
    c.close(S)
    return t


def fin_without_ack():
    t = Trace("fin-without-ack.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41100), ("192.0.2.20", 7004), 0xD0000000, 0xE0000000)
    c.handshake()
    c.exchange(b"hi\n", b"hello\n")
    # The client's FIN has no ACK flag; its ack field is 0. Unusual: RFC 9293 says ACK is
    # always set once the connection is established (3.1), and a receiver in a synchronized
    # state drops a segment without it (3.10.7.4, fifth check). Here the server ACKs the FIN
    # anyway: the capture is about how a FIN with flags F only is labelled.
    c.send(C, "F", dt=ms(10))
    c.send(S, "A", dt=ms(0.5))
    c.send(S, "FA", dt=ms(5))
    c.send(C, "A", dt=ms(0.5))
    # 2nd connection, other client port: after the handshake the server resets it with a RST
    # without ACK, seq = its next sequence number, ack field 0 (RFC 9293's reset for an ABORT
    # call in ESTABLISHED, 3.10.5; Linux would set ACK).
    t.now += 1_000_000
    r = Conn(t, ("192.0.2.10", 41101), ("192.0.2.20", 7004), 0xD1000000, 0xE1000000)
    r.handshake()
    server_next = r.next_seq(S)
    r.send(S, "R", dt=ms(2))
    assert r.next_seq(S) == server_next  # a RST takes no sequence number
    return t


# --- handshakes and closes that do not follow the textbook ----------------------------------

def simultaneous_close_fin_retrans():
    t = Trace("simultaneous-close-fin-retrans.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41200), ("192.0.2.20", 7005), 0x11000000, 0x21000000)
    c.handshake()
    c.exchange(b"ping\n", b"pong\n")
    client_fin_seq, server_fin_seq = c.next_seq(C), c.next_seq(S)
    # The FINs cross, as in simultaneous-close; neither's ACK comes, so each side sends its FIN
    # again, now carrying the ACK of the peer's FIN; each answers the other's repeated FIN
    # with a duplicate ACK.
    c.send(C, "FA", dt=ms(10))
    c.send(S, "FA", dt=100, ack=client_fin_seq)
    c.send(C, "FA", dt=ms(200), seq=client_fin_seq)
    c.send(S, "FA", dt=100, seq=server_fin_seq)
    c.send(C, "A", dt=ms(0.5))
    c.send(S, "A", dt=100)
    return t


def final_ack_before_synack():
    t = Trace("final-ack-before-synack.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41300), ("192.0.2.20", 25), 0x12000000, 0x22000000)
    # The capture point sees the client's final ACK before the SYN-ACK it answers (reordering);
    # the server speaks first, so the client's next ACK acknowledges the banner too.
    syn = c.segment(C, "S")
    synack = c.segment(S, "SA")
    final_ack = c.segment(C, "A")
    for frame, dt in ((syn, 0), (final_ack, ms(1)), (synack, 100)):
        t.add(frame, dt=dt)
    c.send(S, "PA", b"220 mail.example.test ESMTP\r\n", dt=ms(1))
    c.send(C, "A", dt=ms(0.5))
    c.send(C, "PA", b"QUIT\r\n", dt=ms(1))
    c.send(S, "PA", b"221 Bye\r\n", dt=ms(0.5))
    c.send(C, "A", dt=ms(0.5))
    c.close(S)
    return t


def stray_ack_after_synack():
    t = Trace("stray-ack-after-synack.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41400), ("192.0.2.20", 80), 0x13000000, 0x23000000)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(0.5))
    # Between the SYN-ACK and the real final ACK, an ACK from the client's port with numbers of
    # another sequence space (a delayed segment of an earlier connection on this port pair).
    c.send(C, "A", dt=100, seq=0x0FFF0000, ack=0x1FFF0000)
    c.send(C, "A", dt=ms(0.5))
    c.exchange(REQUEST, RESPONSE)
    c.close(C)
    return t


def synack_two_isns():
    t = Trace("synack-two-isns.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41500), ("192.0.2.20", 80), 0x14000000, 0x24000000)
    client_isn = c.next_seq(C)
    c.send(C, "S", dt=0)
    c.send(C, "S", dt=ms(1000), seq=client_isn)
    # The server answers each SYN, the second time with another ISN (as SYN cookies can); the
    # client took the first SYN-ACK, acknowledges it, and answers the second with a duplicate
    # ACK (RFC 9293 3.10.7.4: a sequence number it does not accept).
    c.send(S, "SA", dt=ms(0.5))
    c.send(S, "SA", dt=100, seq=0x3A000000)
    c.send(C, "A", dt=100)
    c.send(C, "A", dt=100)
    c.exchange(REQUEST, RESPONSE)
    c.close(C)
    return t


def stray_fin():
    t = Trace("stray-fin.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41600), ("192.0.2.20", 80), 0x15000000, 0x25000000)
    c.handshake()
    c.send(C, "PA", REQUEST, dt=ms(2))
    # A FIN-ACK from the server's port with a sequence number 20 bytes ahead of the server's
    # (a delayed segment of an earlier connection whose numbers lay close); the client answers
    # with a duplicate ACK. The server's response then runs past that number.
    c.send(S, "FA", dt=100, seq=c.next_seq(S) + 20, ack=0x05000000)
    c.send(C, "A", dt=100)
    c.send(S, "PA", RESPONSE, dt=ms(0.5))
    c.send(C, "A", dt=ms(0.5))
    return t


def split_handshake():
    t = Trace("split-handshake.pcap", T0)
    c = Conn(t, ("192.0.2.10", 41700), ("192.0.2.20", 80), 0x16000000, 0x26000000)
    client_isn = c.next_seq(C)
    # The server answers the SYN with a SYN of its own; the client, in SYN-SENT, answers that
    # with a SYN-ACK carrying its own ISN again (RFC 9293 3.10.7.3), which the server ACKs.
    c.send(C, "S", dt=0)
    c.send(S, "S", dt=ms(0.5))
    c.send(C, "SA", dt=ms(0.5), seq=client_isn)
    c.send(S, "A", dt=ms(0.5))
    c.exchange(REQUEST, RESPONSE)
    c.close(C)
    return t


# --- seed rebuilds: the connections the tutorials quote (sample-pcaps/README.md) -----------

def seed_003_tcpdump():
    """Rebuilt from the tcpdump -vvn output in the seed: every field tcpdump printed (times,
    IP ids, windows, options, TS values). The TCP checksums come out equal to the ones tcpdump
    calls correct, which confirms the rebuild. Times are taken as UTC, on the post's date."""
    t = Trace("seed-003-tcpdump.pcap", 0)
    c = Conn(t, ("192.168.52.67", 33762), ("192.168.52.39", 8080), 3666571938, 394631164)

    def ts(val, ecr):
        return [("NOP", None), ("NOP", None), ("Timestamp", (val, ecr))]

    def syn_options(val, ecr):
        return [(k, (val, ecr) if k == "Timestamp" else v) for k, v in LINUX_SYN_OPTIONS]

    day = "2023-06-16 "
    c.send(C, "S", at=utc_us(day + "13:29:25.569020"), ip_id=57345, window=64240,
           options=syn_options(1128528921, 0))
    c.send(S, "SA", at=utc_us(day + "13:29:25.569049"), ip_id=0, window=65160,
           options=syn_options(4121163671, 1128528921))
    c.send(C, "A", at=utc_us(day + "13:29:25.571512"), ip_id=57346, window=502,
           options=ts(1128528925, 4121163671))
    c.send(C, "PA", b"ABCDEF", at=utc_us(day + "13:29:25.571513"), ip_id=57347, window=502,
           options=ts(1128528925, 4121163671))
    c.send(S, "A", at=utc_us(day + "13:29:25.571554"), ip_id=45420, window=510,
           options=ts(4121163674, 1128528925))
    c.send(S, "PA", b"ABCDEFGH", at=utc_us(day + "13:29:25.571658"), ip_id=45421, window=510,
           options=ts(4121163674, 1128528925))
    c.send(C, "A", at=utc_us(day + "13:29:25.577532"), ip_id=57348, window=502,
           options=ts(1128528929, 4121163674))
    c.send(C, "FA", at=utc_us(day + "13:29:30.578167"), ip_id=57349, window=502,
           options=ts(1128533930, 4121163674))
    c.send(S, "A", at=utc_us(day + "13:29:30.618353"), ip_id=45422, window=510,
           options=ts(4121168721, 1128533930))
    c.send(S, "FA", at=utc_us(day + "13:29:35.571866"), ip_id=45423, window=510,
           options=ts(4121173674, 1128533930))
    c.send(C, "A", at=utc_us(day + "13:29:35.576375"), ip_id=0, window=502,
           options=ts(1128538928, 4121173674))
    return t


def seed_001_netcat():
    """Raw numbers from the seed; the client's address and port and all times are ours."""
    t = Trace("seed-001-netcat.pcap", utc_us("2020-04-20 10:00:00"))
    c = Conn(t, ("192.0.2.33", 40112), ("120.77.204.248", 8113), 4216076034, 1768531804)
    c.handshake(rtt=ms(30))
    c.send(C, "PA", b"hello2020\n", dt=ms(4000))
    c.send(S, "A", dt=ms(30))
    c.send(C, "PA", b"world\n", dt=ms(3000))
    c.send(S, "A", dt=ms(30))
    # Ctrl-C: the client's FIN; the server's ACK and FIN leave merged; the client's last ACK.
    c.send(C, "FA", dt=ms(5000))
    c.send(S, "FA", dt=ms(30))
    c.send(C, "A", dt=ms(30))
    assert c.next_seq(C) == 4216076052 and c.next_seq(S) == 1768531806  # the table's last ACK
    return t


SEED_002_CLIENT = "192.0.2.44"
SEED_002_SERVER = "106.3.45.11"


def seed_002_handshake():
    t = Trace("seed-002-handshake.pcap", utc_us("2020-08-04 22:16:46"))
    c = Conn(t, (SEED_002_CLIENT, 11374), (SEED_002_SERVER, 80), 3835654651, 1610539220)
    c.handshake(rtt=ms(24))
    return t


def http_request_458():
    """A browser-like GET of exactly 458 bytes, the length the seed quotes."""
    head = (b"GET / HTTP/1.1\r\n"
            b"Host: 106.3.45.11\r\n"
            b"Connection: keep-alive\r\n"
            b"Upgrade-Insecure-Requests: 1\r\n"
            b"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            b"(KHTML, like Gecko) Chrome/84.0.4147.105 Safari/537.36\r\n"
            b"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,"
            b"*/*;q=0.8\r\n"
            b"Accept-Encoding: gzip, deflate\r\n"
            b"Accept-Language: zh-CN,zh;q=0.9\r\n")
    cookie_head, end = b"Cookie: sid=", b"\r\n\r\n"
    pad = 458 - len(head) - len(cookie_head) - len(end)
    request = head + cookie_head + filler("seed-002-cookie", pad).hex().encode()[:pad] + end
    assert len(request) == 458
    return request


def seed_002_data():
    """Request seq 1354298230 ack 3832919684 (458 bytes), response seq 3832919684 ack
    1354298688, as quoted; the handshake before them is derived (ISN = first seq - 1). The
    response fits in one segment, so that the frame Wireshark labels "HTTP/1.1 200 OK" has
    exactly the quoted numbers, as in the tutorial's screenshot."""
    t = Trace("seed-002-data.pcap", utc_us("2020-08-04 23:16:23"))
    c = Conn(t, (SEED_002_CLIENT, 11376), (SEED_002_SERVER, 80), 1354298229, 3832919683)
    c.handshake(rtt=ms(24))
    body = b"<!DOCTYPE html>\n<html><head><title>106.3.45.11</title></head><body>\n"
    body += filler("seed-002-body", 400).hex().encode() + b"\n</body></html>\n"
    response = (b"HTTP/1.1 200 OK\r\nServer: nginx\r\n"
                b"Date: Tue, 04 Aug 2020 15:16:23 GMT\r\n"
                b"Content-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n" % len(body)) + body
    assert len(response) <= 1460
    c.send(C, "PA", http_request_458(), dt=ms(1))
    c.send(S, "PA", response, dt=ms(27))
    c.send(C, "A", dt=ms(40))
    return t


def seed_002_close():
    """Exactly the four close segments the seed prints. The last ACK's ack (4092453323) does
    not cover the server's FIN (4092453324 would): kept as printed, it is the point."""
    t = Trace("seed-002-close.pcap", utc_us("2020-08-05 11:07:41"))
    c = Conn(t, (SEED_002_CLIENT, 11402), (SEED_002_SERVER, 80), 1280378407, 4092453323)
    c.send(C, "FA", dt=0)
    c.send(S, "A", dt=ms(24))
    c.send(S, "FA", dt=100)
    c.send(C, "A", dt=ms(24), ack=4092453323)  # as printed; correct would be 4092453324
    return t


def seed_000_ssh():
    """SSH session from Windows (Xshell) to Kali; 'exit' typed, the server closes first.
    Server data 212 bytes and client data 160 bytes, so the server's FIN has relative seq
    213 and ack 161, as in the video. The version and key exchanges are left out (they alone
    take far more than 213 bytes; in the video the relative numbers count from a capture
    restarted mid-session): the data is filler standing in for encrypted packets, which
    Wireshark shows as "SSH Encrypted packet"."""
    t = Trace("seed-000-ssh.pcap", utc_us("2021-05-10 14:20:00"))
    windows_syn = [("MSS", 1460), ("NOP", None), ("WScale", 8), ("NOP", None), ("NOP", None),
                   ("SAckOK", b"")]
    client_isn, server_isn = 0x3C5A7E91, 0xD2E4F607
    c = Conn(t, ("192.168.1.14", 20193), ("192.168.1.53", 22), client_isn, server_isn,
             client_window=64240, server_window=64240, syn_options=windows_syn)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(0.3), options=[("MSS", 1460), ("NOP", None), ("NOP", None),
                                         ("SAckOK", b""), ("NOP", None), ("WScale", 7)])
    c.send(C, "A", dt=ms(0.3), window=1026)
    c.sides[C].window, c.sides[S].window = 1026, 502
    # Four keystrokes (40-byte packets); the server echoes the first three and only ACKs the
    # last one (Enter, delayed ACK), then sends the session's closing output (92 bytes).
    for i in range(4):
        c.send(C, "PA", filler("ssh-key%d" % i, 40), dt=ms(300))
        if i < 3:
            c.send(S, "PA", filler("ssh-echo%d" % i, 40), dt=ms(1))
        else:
            c.send(S, "A", dt=ms(40))
    c.send(S, "PA", filler("ssh-exit", 92), dt=ms(20))
    c.send(C, "A", dt=ms(40))
    assert c.next_seq(S) - server_isn == 213 and c.next_seq(C) - client_isn == 161
    c.close(S, rtt=ms(0.6), pause=ms(2))
    return t


def seed_004_smtp():
    """Outlook sending one mail to an IIS SMTP server. The client's data totals 2841 bytes, so
    its FIN after QUIT/221 has relative seq 2842 and the server's ACK relative ack 2843; the
    server never sends its FIN and the capture ends there, as in the seed."""
    t = Trace("seed-004-smtp.pcap", utc_us("2025-05-08 01:47:12"))
    windows_syn = [("MSS", 1460), ("NOP", None), ("WScale", 8), ("NOP", None), ("NOP", None),
                   ("SAckOK", b"")]
    c = Conn(t, ("198.51.100.20", 49162), ("198.51.100.10", 25), 0x6B1D2F40, 0x2A77C3E5,
             client_window=8192, server_window=8192, syn_options=windows_syn)
    c.handshake(rtt=ms(0.4))
    c.sides[C].window, c.sides[S].window = 256, 256
    dialogue_head = [
        (None, b"220 mail.example.test Microsoft ESMTP MAIL Service, Version: 7.5.7601.17514 "
               b"ready at  Thu, 8 May 2025 09:47:12 +0800 \r\n"),
        (b"EHLO win7-pc\r\n",
         b"250-mail.example.test Hello [198.51.100.20]\r\n250-TURN\r\n250-SIZE 2097152\r\n"
         b"250-ETRN\r\n250-PIPELINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n"
         b"250-8bitmime\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250-VRFY\r\n250 OK\r\n"),
        (b"MAIL FROM: <alice@example.test>\r\n",
         b"250 2.1.0 alice@example.test....Sender OK\r\n"),
        (b"RCPT TO: <alice@example.test>\r\n", b"250 2.1.5 alice@example.test \r\n"),
        (b"DATA\r\n", b"354 Start mail input; end with <CRLF>.<CRLF>\r\n"),
    ]
    quit_cmd = b"QUIT\r\n"
    commands = sum(len(cmd) for cmd, _ in dialogue_head if cmd) + len(quit_cmd)
    headers = (b"From: \"alice\" <alice@example.test>\r\nTo: <alice@example.test>\r\n"
               b"Subject: test\r\nDate: Thu, 8 May 2025 09:47:12 +0800\r\n"
               b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n"
               b"X-Mailer: Microsoft Office Outlook 12.0\r\n\r\n")
    end = b"\r\n.\r\n"
    body_size = 2841 - commands - len(headers) - len(end)
    line = b"This is a test message sent from Outlook to check the SMTP dialogue.\r\n"
    body = (line * (body_size // len(line) + 1))[:body_size - 2] + b"\r\n"
    message = headers + body + end

    for command, reply in dialogue_head:
        if command:
            c.send(C, "PA", command, dt=ms(1))
        c.send(S, "PA", reply, dt=ms(0.5))
    c.send(C, "A", message[:1460], dt=ms(1))
    c.send(C, "PA", message[1460:], dt=100)
    c.send(S, "A", dt=ms(0.3))
    c.send(S, "PA", b"250 2.6.0 <WIN7PCabcdef0123456789@mail.example.test> Queued mail for "
                    b"delivery\r\n", dt=ms(20))
    c.send(C, "PA", quit_cmd, dt=ms(1))
    c.send(S, "PA", b"221 2.0.0 mail.example.test Service closing transmission channel\r\n",
           dt=ms(0.5))
    assert c.next_seq(C) - 0x6B1D2F40 == 2842
    c.send(C, "FA", dt=ms(1))
    c.send(S, "A", dt=ms(0.3))
    return t


def fin_crosses_data_ack():
    """Item 1 of issue 12: data, the sender's FIN, then the peer's pure ACK of the data (ack =
    the FIN's seq). Port 40300: the ACK comes 9 ms after the FIN, sooner than the client ever
    answers (10 ms: SYN-ACK to final ACK), so it was sent before the FIN arrived: a correct data
    ACK. Port 40301: it comes 60 ms after the FIN, so the FIN could have arrived (it was lost
    after the capture point and is retransmitted): a data ACK that stops one short of the FIN."""
    t = Trace("fin-crosses-data-ack.pcap", T0)
    for port, late in ((40300, False), (40301, True)):
        c = Conn(t, ("192.0.2.10", port), ("192.0.2.20", 8080), 7000 + port, 9000 + port)
        c.handshake(rtt=ms(20))
        c.send(C, "PA", REQUEST, dt=ms(2))
        c.send(S, "PA", RESPONSE, dt=ms(10))
        data_end = c.next_seq(S)
        c.send(S, "FA", dt=ms(1))
        c.send(C, "A", dt=ms(60 if late else 9), ack=data_end)
        if late:
            c.send(S, "FA", dt=ms(200), seq=data_end)  # the FIN again, after its timeout
        c.send(C, "A", dt=ms(1))
        c.send(C, "FA", dt=ms(5))
        c.send(S, "A", dt=ms(10))
    return t


def ack_before_data():
    """Issue 16 item 5: capture-point reordering. The client sends its request in two
    segments; the server's ACK of both is captured before the second one."""
    t = Trace("ack-before-data.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40310), ("192.0.2.20", 8080), 5100, 8100)
    c.handshake(rtt=ms(20))
    first, second = REQUEST[:20], REQUEST[20:]
    c.send(C, "A", first, dt=ms(2))
    late = c.segment(C, "PA", second)
    c.send(S, "A", dt=ms(10))
    t.add(late, dt=ms(0.2))  # captured after the ACK that covers it
    c.send(S, "PA", RESPONSE, dt=ms(1))
    c.send(C, "A", dt=ms(10))
    c.close(C, rtt=ms(20))
    return t


def ack_of_uncaptured():
    """Item 2 of issue 12, gaps: segments the capture missed (a drop in the capturing host)
    though the peer received them. The second half of the request is acknowledged but never
    seen; at the end the server's FIN is not captured, the client's ACK of it is."""
    t = Trace("ack-of-uncaptured.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40320), ("192.0.2.20", 8080), 5200, 8200)
    c.handshake(rtt=ms(20))
    c.send(C, "A", REQUEST[:20], dt=ms(2))
    c.segment(C, "PA", REQUEST[20:])  # missed by the capture
    c.send(S, "A", dt=ms(10))
    c.send(S, "PA", RESPONSE, dt=ms(1))
    c.send(C, "A", dt=ms(10))
    c.send(C, "FA", dt=ms(10))
    c.send(S, "A", dt=ms(10))
    c.segment(S, "FA")  # missed by the capture
    c.send(C, "A", dt=ms(15))
    return t


def final_ack_covers_fin():
    """Issue 12 item 4: the server closes at once; the capture missed the client's final ACK
    (the server would not close before it), so the first ACK it shows acknowledges the SYN-ACK
    and the FIN together."""
    t = Trace("final-ack-covers-fin.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40330), ("192.0.2.20", 21), 5300, 8300)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(10))
    c.segment(C, "A")  # missed by the capture
    c.send(S, "FA", dt=ms(10.1))
    c.send(C, "A", dt=ms(10))
    c.send(C, "FA", dt=ms(1))
    c.send(S, "A", dt=ms(10))
    return t


# --- RSTs a receiver would not take as a reset (RFC 9293 3.10.7, RFC 5961 3.2) ----------------

WSCALE_7 = [("MSS", 1460), ("NOP", None), ("WScale", 7)]


def rst_window():
    """Both SYNs carry window scale 7; the server then advertises 512 (65 536 bytes). After the
    client's 120 bytes the server expects 8121: RSTs below it, 60 000 past it (inside the
    scaled window, outside the unscaled field), 70 000 past it (beyond), then at it."""
    t = Trace("rst-window.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40400), ("192.0.2.20", 8080), 8000, 9000, syn_options=WSCALE_7)
    c.handshake()
    c.send(C, "PA", filler("rst-window", 120), dt=ms(2))
    c.send(S, "A", dt=ms(0.5), window=512)
    nxt = c.next_seq(C)
    c.send(C, "R", seq=nxt - 120, dt=ms(5))            # below the window: a stale RST
    c.send(C, "R", seq=nxt + 60000, dt=ms(5))          # inside: a challenge ACK, no reset
    c.send(S, "A", dt=ms(0.1), window=512)             # that challenge ACK
    c.send(C, "R", seq=(nxt + 70000) % 2**32, dt=ms(5))  # beyond the window
    c.send(C, "R", dt=ms(5))                           # at the next byte: the reset
    return t


def rst_window_unscaled():
    """The capture starts mid-connection, so the window's scale is not known: a RST 60 000
    past the next byte may be inside the window or beyond it; 2^30 past it is beyond any."""
    t = Trace("rst-window-unscaled.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40401), ("192.0.2.20", 8080), 0x7FFFF000, 0x3000)
    c.send(C, "PA", b"GET / HTTP/1.1\r\n\r\n", dt=0)
    c.send(S, "A", dt=ms(0.5), window=512)
    nxt = c.next_seq(C)
    c.send(C, "R", seq=nxt + 60000, dt=ms(5))
    c.send(C, "R", seq=(nxt + 2**30) % 2**32, dt=ms(5))
    c.send(C, "R", dt=ms(5))
    return t


def rst_syn_sent():
    """Answers to a SYN: a RST without ACK and a RST-ACK whose ack is not the SYN's + 1, which
    the client in SYN-SENT drops; then the RST-ACK that refuses the connection."""
    t = Trace("rst-syn-sent.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40402), ("192.0.2.20", 8443), 12000, 0)
    c.send(C, "S", dt=0)
    c.send(S, "R", seq=0, ack=0, dt=ms(1))
    c.send(S, "RA", seq=0, ack=12000 + 100, dt=ms(1))
    c.send(S, "RA", seq=0, dt=ms(1))
    return t


# --- FINs and ACKs a receiver drops for their sequence number (RFC 9293 3.10.7.4) ------------


def final_ack_out_of_window():
    """The handshake's third segment 70 000 past the client's ISN + 1, beyond the 65 160 bytes
    the server's SYN-ACK offers (a SYN's window is never scaled): the server drops it and
    stays in SYN-RECEIVED until the real final ACK."""
    t = Trace("final-ack-out-of-window.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40410), ("192.0.2.20", 80), 21000, 31000)
    c.send(C, "S", dt=0)
    c.send(S, "SA", dt=ms(0.5))
    c.send(C, "A", seq=c.next_seq(C) + 70000, dt=ms(0.5))
    c.send(C, "A", dt=ms(0.1))
    c.exchange(REQUEST, RESPONSE)
    c.close(C)
    return t


def fin_out_of_window():
    """Window scale 7 on both SYNs. After the client's 120 bytes the server advertises 512
    (65 536 bytes): a client FIN 70 000 past the next byte is beyond it, one inside the bytes
    already acknowledged is stale; both are dropped, then the real FIN. The client then
    advertises 16 (2 048 bytes): the server's ACK of the FIN 5 000 past its next byte is
    dropped, then the real close."""
    t = Trace("fin-out-of-window.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40411), ("192.0.2.20", 8080), 22000, 32000, syn_options=WSCALE_7)
    c.handshake()
    c.send(C, "PA", filler("fin-out-of-window", 120), dt=ms(2))
    c.send(S, "A", dt=ms(0.5), window=512)
    nxt = c.next_seq(C)
    c.send(C, "FA", seq=nxt + 70000, dt=ms(5))   # beyond the scaled window
    c.send(C, "FA", seq=nxt - 60, dt=ms(5))      # inside what was acknowledged: stale
    c.send(C, "FA", dt=ms(5), window=16)         # the real FIN
    c.send(S, "A", seq=c.next_seq(S) + 5000, dt=ms(0.5))  # beyond the client's 2 048 bytes
    c.send(S, "A", dt=ms(0.1))
    c.send(S, "FA", dt=ms(5))
    c.send(C, "A", dt=ms(0.5), window=16)
    return t


def fin_out_of_window_unscaled():
    """The capture starts mid-connection, so the server's window scale is not known: a FIN
    2^30 past the next byte is beyond any window (512 x 2^14 at the most) and dropped, across
    sequence wrap-around; one 60 000 past it may be inside, so it is taken as a FIN."""
    t = Trace("fin-out-of-window-unscaled.pcap", T0)
    c = Conn(t, ("192.0.2.10", 40412), ("192.0.2.20", 8080), 0xFFFFF000, 0x4000)
    c.send(C, "PA", b"GET / HTTP/1.1\r\n\r\n", dt=0)
    c.send(S, "A", dt=ms(0.5), window=512)
    nxt = c.next_seq(C)
    c.send(C, "FA", seq=(nxt + 2**30) % 2**32, dt=ms(5))
    c.send(C, "FA", seq=(nxt + 60000) % 2**32, dt=ms(5))
    c.send(S, "A", dt=ms(0.5), window=512)
    return t


def syn_on_open_connection():
    """A SYN with a new ISN on a port pair whose connection is open: its receiver answers from
    that connection with a challenge ACK (RFC 5961 section 4). On the first pair the SYN was
    injected and the connection goes on; on the second the client had lost its connection
    (RFC 9293's half-open discovery): its RST at the challenge ACK's ack ends the old one, and
    its SYN, sent again, opens the new one."""
    t = Trace("syn-on-open-connection.pcap", T0)
    server = ("192.0.2.20", 80)
    a = Conn(t, ("192.0.2.10", 40420), server, 400000, 900000)
    a.handshake()
    a.exchange(REQUEST, RESPONSE)
    a.send(C, "S", seq=7000000, dt=ms(200))   # not a.next_seq(C): a's numbers stay put
    a.send(S, "A", dt=ms(0.1))               # the challenge ACK
    a.exchange(REQUEST, RESPONSE)
    a.close(C)
    old = Conn(t, ("192.0.2.10", 40421), server, 500000, 910000)
    old.handshake()
    old.exchange(REQUEST, RESPONSE)
    t.now += 3_000_000
    new = Conn(t, ("192.0.2.10", 40421), server, 8000000, 9500000)
    new.send(C, "S", dt=0)
    old.send(S, "A", dt=ms(0.1))             # the challenge ACK
    new.send(C, "R", seq=old.next_seq(C), dt=ms(0.1))
    new.send(C, "S", seq=8000000, dt=ms(1000))
    new.send(S, "SA", dt=ms(0.5))
    new.send(C, "A", dt=ms(0.5))
    new.exchange(REQUEST, RESPONSE)
    new.close(C)
    return t


def rst_acted_on():
    """A RST below the server's next byte, which a receiver following RFC 9293 drops, and a
    server that acts as if it took it: on port 40430 it never answers the client's next request
    or its retransmissions; on 40431 it answers that request with a RST. What reached the
    server was not what the capture point saw."""
    t = Trace("rst-acted-on.pcap", T0)
    server = ("192.0.2.20", 80)
    silent = Conn(t, ("192.0.2.10", 40430), server, 600000, 920000)
    silent.handshake()
    silent.exchange(REQUEST, RESPONSE)
    silent.send(C, "R", seq=silent.next_seq(C) - 20, ack=0, dt=ms(50))
    seq = silent.next_seq(C)
    silent.send(C, "PA", REQUEST, dt=ms(100))
    for wait in (ms(200), ms(400)):
        silent.send(C, "PA", REQUEST, seq=seq, dt=wait)
    reset = Conn(t, ("192.0.2.10", 40431), server, 610000, 930000)
    reset.handshake(dt=ms(10))
    reset.exchange(REQUEST, RESPONSE)
    reset.send(C, "R", seq=reset.next_seq(C) - 20, ack=0, dt=ms(50))
    reset.send(C, "PA", REQUEST, dt=ms(100))
    reset.send(S, "R", ack=0, dt=ms(0.5))
    return t


def ack_past_fin():
    """Nothing follows a FIN, so an ack past it acknowledges data never sent, and the FIN's
    sender ACKs and drops the segment (RFC 9293 3.10.7.4). On port 40440 the client closes
    first and a bare ACK 100 past its FIN comes before the server's real one; on 40441 the
    server closes first, across sequence wrap-around, and the client's FIN-ACK 5 000 past the
    server's FIN is dropped before its real one."""
    t = Trace("ack-past-fin.pcap", T0)
    server = ("192.0.2.20", 80)
    first = Conn(t, ("192.0.2.10", 40440), server, 700000, 940000)
    first.handshake()
    first.exchange(REQUEST, RESPONSE)
    first.send(C, "FA", dt=ms(10))
    first.send(S, "A", ack=first.next_seq(C) + 100, dt=ms(0.5))
    first.send(S, "A", dt=ms(0.5))
    first.send(S, "FA", dt=ms(5))
    first.send(C, "A", dt=ms(0.5))
    second = Conn(t, ("192.0.2.10", 40441), server, 710000, 2**32 - len(RESPONSE) - 1)
    second.handshake(dt=ms(10))
    second.exchange(REQUEST, RESPONSE)
    second.send(S, "FA", dt=ms(10))
    fin_seq = second.next_seq(C)
    second.send(C, "FA", ack=(second.next_seq(S) + 5000) % 2**32, dt=ms(0.5))
    second.send(C, "FA", seq=fin_seq, dt=ms(0.5))
    second.send(S, "A", dt=ms(0.5))
    return t


def ack_too_old():
    """An ack below what its sender acknowledged before by more than any window that sender
    can have offered is dropped with a challenge ACK (RFC 5961 5.2). On port 40450, without
    window scaling (64 KiB at the most), the client's FIN-ACK 100 000 below its last ack is
    dropped. On 40451, window scale 7 on both SYNs (8 MiB at the most), an ACK 100 000 below
    is taken, and a FIN-ACK 2^30 below, across sequence wrap-around, is dropped. Each then
    closes with its real FIN."""
    t = Trace("ack-too-old.pcap", T0)
    server = ("192.0.2.20", 80)
    plain = Conn(t, ("192.0.2.10", 40450), server, 720000, 950000)
    plain.handshake()
    plain.exchange(REQUEST, RESPONSE)
    fin_seq = plain.next_seq(C)
    plain.send(C, "FA", ack=plain.next_seq(S) - 100000, dt=ms(10))
    plain.send(C, "FA", seq=fin_seq, dt=ms(1))
    plain.send(S, "A", dt=ms(0.5))
    plain.send(S, "FA", dt=ms(5))
    plain.send(C, "A", dt=ms(0.5))
    scaled = Conn(t, ("192.0.2.10", 40451), server, 730000, 1000, syn_options=WSCALE_7)
    scaled.handshake(dt=ms(10))
    scaled.exchange(REQUEST, RESPONSE)
    scaled.send(C, "A", ack=scaled.next_seq(S) - 100000 + 2**32, dt=ms(5))
    fin_seq = scaled.next_seq(C)
    scaled.send(C, "FA", ack=(scaled.next_seq(S) - 2**30) % 2**32, dt=ms(10))
    scaled.send(C, "FA", seq=fin_seq, dt=ms(1))
    scaled.send(S, "A", dt=ms(0.5))
    scaled.send(S, "FA", dt=ms(5))
    scaled.send(C, "A", dt=ms(0.5))
    return t


BUILDERS = [
    simultaneous_close, mid_connection, seq_wrap, port_reuse, icmp_quoted, icmp_errors,
    truncated,
    refused_syn_retrans, unanswered_syn, syn_with_data, data_before_handshake,
    bad_handshake_ack, data_after_fin, fin_without_ack, same_port_both_ends, syn_scan,
    simultaneous_close_fin_retrans, final_ack_before_synack, stray_ack_after_synack,
    synack_two_isns, stray_fin, split_handshake,
    seed_003_tcpdump, seed_001_netcat, seed_002_handshake, seed_002_data, seed_002_close,
    seed_000_ssh, seed_004_smtp, fin_crosses_data_ack, ack_before_data, ack_of_uncaptured,
    final_ack_covers_fin, rst_window, rst_window_unscaled, rst_syn_sent,
    final_ack_out_of_window, fin_out_of_window, fin_out_of_window_unscaled,
    syn_on_open_connection, rst_acted_on, ack_past_fin, ack_too_old,
]


def main():
    traces = [build() for build in BUILDERS]
    wanted = {pathlib.Path(name).name.removesuffix(".pcap") + ".pcap" for name in sys.argv[1:]}
    unknown = wanted - {trace.name for trace in traces}
    if unknown:
        sys.exit("make_crafted.py: no capture named %s; known: %s" % (
            ", ".join(sorted(unknown)), " ".join(sorted(trace.name for trace in traces))))
    OUT.mkdir(exist_ok=True)
    for trace in traces:
        if not wanted or trace.name in wanted:
            print("%-28s %3d frames" % (trace.name, trace.write(OUT)))


if __name__ == "__main__":
    main()
