#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile traffic, generated reproducibly: captures a plugin must survive with sense.

- syn-flood: SYNs from random sources to one server port, never answered;
- never-close: connections that open, exchange one segment each way, and never close;
- isn-wrap: connections whose sequence numbers cross 2^32, closed in 4 segments;
- zero-length: an empty file, and a pcap header with no packet;
- snaplen: a connection whose packets are cut inside and just after the TCP header;
- non-tcp: UDP, ICMP echo and ARP only.

usage: hostile_traffic.py OUTDIR [--flood 1000000] [--never-close 100000] [--seed 1]
"""
import argparse
import pathlib
import random
import struct
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from pcap_writer import ACK, ETH_IPV4, FIN, PSH, SYN, PcapWriter, tcp_frame  # noqa: E402

SERVER = 0x0A000001  # 10.0.0.1
CLIENT_NET = 0x0A010000  # 10.1.0.0/16, plus the random sources of the flood


def syn_flood(path, count, rng):
    with PcapWriter(path) as w:
        for _ in range(count):
            src = rng.getrandbits(32) | 0x01000000
            w.write(tcp_frame(src, SERVER, rng.randrange(1024, 65536), 80, rng.getrandbits(32), 0, SYN))


def never_close(path, count, rng):
    """Handshake, one request, its ACK; connections interleaved, none closed."""
    with PcapWriter(path) as w:
        conns = []
        for i in range(count):
            c = CLIENT_NET + i // 60000 * 65536 + 1
            conns.append((c, 1024 + i % 60000, rng.getrandbits(32), rng.getrandbits(32)))
        for step in range(4):
            for c, port, cs, ss in conns:
                if step == 0:
                    w.write(tcp_frame(c, SERVER, port, 443, cs, 0, SYN))
                elif step == 1:
                    w.write(tcp_frame(SERVER, c, 443, port, ss, cs + 1, SYN | ACK))
                elif step == 2:
                    w.write(tcp_frame(c, SERVER, port, 443, cs + 1, ss + 1, ACK | PSH, 100))
                else:
                    w.write(tcp_frame(SERVER, c, 443, port, ss + 1, cs + 101, ACK))


def full_connection(w, c, port, cs, ss, data):
    """A complete connection: handshake, data each way with ACKs, 4-way close by the client."""
    seq = [(c, SERVER, port, 80, cs, 0, SYN, 0), (SERVER, c, 80, port, ss, cs + 1, SYN | ACK, 0),
           (c, SERVER, port, 80, cs + 1, ss + 1, ACK, 0),
           (c, SERVER, port, 80, cs + 1, ss + 1, ACK | PSH, data),
           (SERVER, c, 80, port, ss + 1, cs + 1 + data, ACK, 0),
           (SERVER, c, 80, port, ss + 1, cs + 1 + data, ACK | PSH, data),
           (c, SERVER, port, 80, cs + 1 + data, ss + 1 + data, ACK, 0),
           (c, SERVER, port, 80, cs + 1 + data, ss + 1 + data, FIN | ACK, 0),
           (SERVER, c, 80, port, ss + 1 + data, cs + 2 + data, ACK, 0),
           (SERVER, c, 80, port, ss + 1 + data, cs + 2 + data, FIN | ACK, 0),
           (c, SERVER, port, 80, cs + 2 + data, ss + 2 + data, ACK, 0)]
    return [tcp_frame(*s) for s in seq]


def isn_wrap(path):
    """ISNs just below 2^32 on either side: SYN, data or FIN lands on the wrap."""
    with PcapWriter(path) as w:
        for i, (cs, ss) in enumerate([(0xFFFFFFFF, 0xFFFFFFFE), (0xFFFFFFF0, 0x7FFFFFFF),
                                      (0x7FFFFFFF, 0xFFFFFFF6), (0xFFFFFFFE, 0)]):
            for frame in full_connection(w, CLIENT_NET + 1, 40000 + i, cs, ss, 16):
                w.write(frame)


def zero_length(folder):
    (folder / "zero-bytes.pcap").write_bytes(b"")
    PcapWriter(folder / "header-only.pcap").close()


def snaplen(path):
    """One connection per cut: inside the IP header, inside the TCP header, just after it."""
    with PcapWriter(path) as w:
        for i, caplen in enumerate([30, 40, 50, 54, 60]):
            for frame in full_connection(w, CLIENT_NET + 2, 41000 + i, 1000 * i, 5000 * i, 32):
                w.write(frame, caplen=caplen)


def non_tcp(path):
    with PcapWriter(path) as w:
        for i in range(50):
            udp = struct.pack("!BBHHHBBHII", 0x45, 0, 36, 0, 0, 64, 17, 0, CLIENT_NET + 1, SERVER)
            w.write(ETH_IPV4 + udp + struct.pack("!HHHH", 5000 + i, 9999, 16, 0) + b"\0" * 8)
            icmp = struct.pack("!BBHHHBBHII", 0x45, 0, 28, 0, 0, 64, 1, 0, CLIENT_NET + 1, SERVER)
            w.write(ETH_IPV4 + icmp + struct.pack("!BBHHH", 8, 0, 0, 1, i))
            arp = ETH_IPV4[:12] + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + b"\0" * 20
            w.write(arp)


def generate(folder, flood=1000, never=1000, seed=1):
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    syn_flood(folder / "syn-flood.pcap", flood, rng)
    never_close(folder / "never-close.pcap", never, rng)
    isn_wrap(folder / "isn-wrap.pcap")
    zero_length(folder)
    snaplen(folder / "snaplen.pcap")
    non_tcp(folder / "non-tcp.pcap")
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--flood", type=int, default=1000000)
    ap.add_argument("--never-close", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for path in sorted(generate(args.outdir, args.flood, args.never_close, args.seed).iterdir()):
        print(path)


if __name__ == "__main__":
    main()
