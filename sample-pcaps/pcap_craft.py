# SPDX-License-Identifier: GPL-2.0-or-later
"""What make_crafted.py and make_zeek.py share: a clock in microseconds, a TCP connection that
keeps both sides' sequence numbers, and the frames it builds (Ethernet + IPv4, written as
classic pcap). Everything is deterministic, so that regenerating gives byte-identical files.
"""

import calendar
import time
from decimal import Decimal

from scapy.all import IP, TCP, Ether, wrpcap

CLIENT_MAC = "02:00:00:00:00:01"
SERVER_MAC = "02:00:00:00:00:02"  # or the gateway's MAC, when the server is off-link

MSS_ONLY = [("MSS", 1460)]

C, S = "client", "server"


def utc_us(text):
    """'2024-01-01 00:00:00.000000' (UTC) -> microseconds since the epoch."""
    whole, _, frac = text.partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%d %H:%M:%S"))
    return seconds * 1_000_000 + int(frac.ljust(6, "0"))


def ms(value):
    """Milliseconds -> microseconds, the unit of every time in these scripts."""
    return int(round(value * 1000))


T0 = utc_us("2024-01-01 00:00:00")
REQUEST = b"GET / HTTP/1.1\r\nHost: www.example.test\r\n\r\n"  # 42 bytes
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"  # 44 bytes


class Trace:
    """The frames of one output file, with a clock in microseconds."""

    def __init__(self, name, start_us):
        self.name = name
        self.now = start_us
        self.frames = []

    def add(self, frame, dt=0, at=None):
        """Append a frame dt microseconds after the previous one (or at an absolute time)."""
        self.now = at if at is not None else self.now + dt
        frame.time = Decimal(self.now) / 1_000_000
        self.frames.append(frame)
        return frame

    def write(self, directory):
        wrpcap(str(directory / self.name), self.frames)
        return len(self.frames)


class Side:
    def __init__(self, ip, port, mac, next_seq, ip_id, window):
        self.ip, self.port, self.mac = ip, port, mac
        self.next_seq = next_seq  # next sequence number this side will use for new data
        self.ip_id = ip_id
        self.window = window


class Conn:
    """One TCP connection seen at the capture point; keeps both sides' sequence state.

    segment() builds a segment without recording it (a segment the capture missed), send()
    records it. Both fill in seq (the sender's next sequence number) and ack (everything the
    peer has sent so far) unless they are given; a segment sent at the sender's next sequence
    number advances it by its payload plus one for SYN and one for FIN. Giving an older seq
    makes a retransmission, which advances nothing.
    """

    def __init__(self, trace, client, server, client_isn, server_isn,
                 client_mac=CLIENT_MAC, server_mac=SERVER_MAC,
                 client_window=64240, server_window=65160, syn_options=MSS_ONLY):
        self.trace = trace
        self.syn_options = syn_options
        self.sides = {
            C: Side(client[0], client[1], client_mac, client_isn, 0x4d00, client_window),
            S: Side(server[0], server[1], server_mac, server_isn, 0x9a00, server_window),
        }

    def next_seq(self, side):
        return self.sides[side].next_seq

    def segment(self, side, flags, payload=b"", seq=None, ack=None, options=None,
                window=None, ip_id=None):
        """Build (without recording) one segment from `side`."""
        me = self.sides[side]
        peer = self.sides[S if side == C else C]
        if seq is None:
            seq = me.next_seq
        if seq == me.next_seq:
            used = len(payload) + ("S" in flags) + ("F" in flags)
            me.next_seq = (me.next_seq + used) % 2**32
        if ack is None:
            ack = peer.next_seq if "A" in flags else 0
        if options is None:
            options = self.syn_options if "S" in flags else []
        if ip_id is None:
            ip_id = me.ip_id
            me.ip_id = (me.ip_id + 1) % 2**16
        frame = (Ether(src=me.mac, dst=peer.mac)
                 / IP(src=me.ip, dst=peer.ip, ttl=64, flags="DF", id=ip_id)
                 / TCP(sport=me.port, dport=peer.port, seq=seq, ack=ack, flags=flags,
                       window=me.window if window is None else window, options=options))
        if payload:
            frame = frame / payload
        return frame

    def send(self, side, flags, payload=b"", dt=ms(1), at=None, **fields):
        return self.trace.add(self.segment(side, flags, payload, **fields), dt=dt, at=at)

    def handshake(self, rtt=ms(1), dt=ms(100)):
        self.send(C, "S", dt=dt)
        self.send(S, "SA", dt=rtt // 2)
        self.send(C, "A", dt=rtt // 2)

    def exchange(self, request, response, rtt=ms(1)):
        """Request, response (which carries the ACK of the request), client ACK."""
        self.send(C, "PA", request, dt=ms(2))
        self.send(S, "PA", response, dt=rtt // 2)
        self.send(C, "A", dt=rtt // 2)

    def close(self, first, rtt=ms(1), pause=ms(5)):
        """4-way close: FIN from `first`, ACK, the peer's FIN after a pause, last ACK."""
        second = S if first == C else C
        self.send(first, "FA", dt=ms(10))
        self.send(second, "A", dt=rtt // 2)
        self.send(second, "FA", dt=pause)
        self.send(first, "A", dt=rtt // 2)
