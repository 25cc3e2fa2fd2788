# SPDX-License-Identifier: GPL-2.0-or-later
"""A minimal, fast classic-pcap writer for generated Ethernet/IPv4/TCP captures.

Checksums are left zero: Wireshark does not verify them by default, and generating a
million segments in Python stays a matter of seconds.
"""
import struct

LINKTYPE_ETHERNET = 1
ETH_IPV4 = b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00"

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


def tcp_frame(src, dst, sport, dport, seq, ack, flags, payload_len=0):
    """An Ethernet frame with an IPv4 header and a 20-byte TCP header; src/dst are ints."""
    total = 20 + 20 + payload_len
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, total, 0, 0x4000, 64, 6, 0, src, dst)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4,
                      flags, 65535, 0, 0)
    return ETH_IPV4 + ip + tcp + b"\0" * payload_len


class PcapWriter:
    def __init__(self, path, snaplen=65535):
        self.file = open(path, "wb")
        self.snaplen = snaplen
        self.count = 0
        self.file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, LINKTYPE_ETHERNET))

    def write(self, frame, time_us=None, caplen=None):
        t = self.count * 10 if time_us is None else time_us
        cap = min(len(frame), self.snaplen if caplen is None else caplen)
        self.file.write(struct.pack("<IIII", t // 1000000, t % 1000000, cap, len(frame)))
        self.file.write(frame[:cap])
        self.count += 1

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
