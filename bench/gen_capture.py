#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A reproducible benchmark capture: SEGMENTS TCP segments over about SEGMENTS/10
interleaved connections of mixed kinds (4-way and 3-way closes, resets, refused SYNs,
data-heavy exchanges, connections that never close, connections seen mid-way).

usage: gen_capture.py OUT.pcap [--segments 1000000] [--active 2000] [--seed 1]
"""
import argparse
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "robustness"))
from pcap_writer import ACK, FIN, PSH, RST, SYN, PcapWriter, tcp_frame  # noqa: E402

SERVER = 0x0A000001


def connection(rng, index):
    """The segments of one connection, as (from_client, seq offset, ack offset, flags, len)."""
    kind = rng.choices(["4way", "3way", "reset", "refused", "bulk", "open", "midway"],
                       [30, 15, 10, 15, 5, 15, 10])[0]
    c, s = 0, 0  # bytes each side has sent, after its SYN
    segs = []

    def send(client, flags, length=0):
        nonlocal c, s
        segs.append((client, c if client else s, s if client else c, flags, length))
        if client:
            c += length + (1 if flags & FIN else 0)
        else:
            s += length + (1 if flags & FIN else 0)

    if kind != "midway":
        segs += [(True, -1, 0, SYN, 0), (False, -1, 0, SYN | ACK, 0)]
        if kind == "refused":
            return [(True, -1, 0, SYN, 0), (False, 0, 0, RST | ACK, 0)]
        send(True, ACK)
    exchanges = 6 if kind == "bulk" else 1
    for _ in range(exchanges):
        send(True, ACK | PSH, rng.randrange(1, 1400))
        send(False, ACK)
        send(False, ACK | PSH, rng.randrange(1, 1400))
        send(True, ACK)
    if kind == "reset":
        send(True, RST | ACK)
    elif kind == "3way":
        send(True, FIN | ACK)
        send(False, FIN | ACK)
        send(True, ACK)
    elif kind in ("4way", "bulk", "midway"):
        send(True, FIN | ACK)
        send(False, ACK)
        send(False, FIN | ACK)
        send(True, ACK)
    return segs


def frames(rng, index, segs):
    client = 0x0A100001 + index // 50000 * 65536  # a new client address every 50 000 ports
    port = 1024 + index % 50000
    isn = {True: rng.getrandbits(32), False: rng.getrandbits(32)}
    for from_client, seq_off, ack_off, flags, length in segs:
        seq = isn[from_client] + 1 + seq_off
        ack = isn[not from_client] + 1 + ack_off if flags & ACK else 0
        if flags & SYN:
            ack = isn[True] + 1 if not from_client else 0
        if from_client:
            yield tcp_frame(client, SERVER, port, 80, seq, ack, flags, length)
        else:
            yield tcp_frame(SERVER, client, 80, port, seq, ack, flags, length)


def generate(path, segments=1000000, active=2000, seed=1):
    """Writes the capture; returns (segments, connections)."""
    rng = random.Random(seed)
    live, started = [], 0
    with PcapWriter(path, snaplen=96) as w:
        while w.count < segments:
            while len(live) < active:
                live.append(frames(rng, started, connection(rng, started)))
                started += 1
            i = rng.randrange(len(live))
            frame = next(live[i], None)
            if frame is None:
                live[i] = live[-1]
                live.pop()
                continue
            w.write(frame, caplen=96)
    return w.count, started


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--segments", type=int, default=1000000)
    ap.add_argument("--active", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    segments, connections = generate(args.out, args.segments, args.active, args.seed)
    print(f"{args.out}: {segments} segments, {connections} connections")


if __name__ == "__main__":
    main()
