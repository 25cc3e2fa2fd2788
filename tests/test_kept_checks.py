# SPDX-License-Identifier: GPL-2.0-or-later
"""What the first pass keeps of an ack check is read back whole in every pass, also where it
does not fit the frame store's short form: the acknowledged segment far back in the capture."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "robustness"))
from pcap_writer import ACK, PSH, SYN, PcapWriter, tcp_frame  # noqa: E402

CHECK_FIELDS = ["frame.number", "tcpconn.role", "tcpconn.ack_check.frame", "tcpconn.ack_check.ok",
                "tcpconn.ack_check.ack", "tcpconn.ack_check.expected", "tcpconn.ack_check.len"]
CLIENT, SERVER = 0x0A000002, 0x0A000001
OTHERS = 70000  # more frames than a short check can point back over


def write_far_ack(path):
    """A handshake and 10 bytes of data, then OTHERS segments of another connection, then the
    ACK of those 10 bytes."""
    with PcapWriter(path) as w:
        w.write(tcp_frame(CLIENT, SERVER, 40000, 80, 100, 0, SYN))
        w.write(tcp_frame(SERVER, CLIENT, 80, 40000, 900, 101, SYN | ACK))
        w.write(tcp_frame(CLIENT, SERVER, 40000, 80, 101, 901, ACK))
        w.write(tcp_frame(CLIENT, SERVER, 40000, 80, 101, 901, ACK | PSH, 10))
        for i in range(OTHERS):
            w.write(tcp_frame(0x0A000003, SERVER, 40001, 80, 5000 + 10 * i, 7000, ACK | PSH, 10))
        w.write(tcp_frame(SERVER, CLIENT, 80, 40000, 901, 111, ACK))


def test_ack_check_far_from_its_segment(tshark):
    path = pathlib.Path(tshark.capture("far-ack.pcap"))
    write_far_ack(path)
    path.chmod(0o644)
    last = str(OTHERS + 5)
    for passes in ([], ["-2"]):
        rows = tshark.fields("far-ack.pcap", CHECK_FIELDS, "-Y", f"frame.number == 2 || frame.number == {last}",
                             *passes)
        assert rows == [
            ["2", "SYN-ACK", "1", "1", "101", "101", "0"],
            [last, "DATA-ACK", "4", "1", "111", "111", "10"],
        ], passes
