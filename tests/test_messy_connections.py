# SPDX-License-Identifier: GPL-2.0-or-later
"""Handshakes and closes that do not follow the textbook: each role as a careful reader of the
packets would give it, in one pass and in two (captures described in sample-pcaps/README.md).
"""
import pytest

from tshark_run import release_tuple

PASSES = pytest.mark.parametrize("passes", [[], ["-2"]], ids=["one-pass", "two-pass"])


def labels(rows, frames):
    return [rows[n]["tcpconn.label"] for n in frames]


@PASSES
def test_close_steps_go_to_the_repeated_fins_that_ack(tshark, passes):
    rows = tshark.by_frame("crafted/simultaneous-close-fin-retrans.pcap", *passes)
    assert labels(rows, range(7, 13)) == [
        "FIN-ACK (close 1)", "FIN-ACK (simultaneous close 2/4)",
        "FIN-ACK (simultaneous close 3/4, retransmission)",
        "FIN-ACK (simultaneous close 4/4, retransmission)", "ACK", "ACK"]
    assert (rows[9]["tcpconn.acks_frame"], rows[10]["tcpconn.acks_frame"]) == ("8", "7")
    assert rows[10]["experts"] == "closed,retransmission"
    assert {(rows[n]["tcpconn.state.client"], rows[n]["tcpconn.state.server"])
            for n in (10, 11, 12)} == {("TIME-WAIT", "TIME-WAIT")}


def test_teardown_frames_are_the_first_acks_of_each_fin(tshark):
    out = tshark.fields("crafted/simultaneous-close-fin-retrans.pcap",
                        ["tcpconn.conn.teardown_frame"], "-2", "-Y", "frame.number == 1")
    assert out == [["7,8,9,10"]]


@PASSES
def test_ack_beyond_the_synack_acknowledges_data(tshark, passes):
    rows = tshark.by_frame("crafted/final-ack-before-synack.pcap", *passes)
    # The ACK captured before the SYN-ACK shows the SYN-ACK was sent: it is the final ACK.
    assert (rows[2]["tcpconn.label"], rows[2]["experts"]) == ("final ACK (open 3/3)", "acks_unseen")
    assert [r["tcpconn.role"] for r in rows.values()].count("FINAL-ACK") == 1
    assert (rows[5]["tcpconn.role"], rows[5]["tcpconn.acks_frame"]) == ("DATA-ACK", "4")
    assert rows[5]["experts"] == ""
    assert {rows[n]["tcpconn.state.server"] for n in range(2, 6)} == {"ESTABLISHED"}
    assert not any("data_before_handshake" in rows[n]["experts"] for n in range(3, 13))


@PASSES
def test_stray_ack_is_no_handshake_step(tshark, passes):
    rows = tshark.by_frame("crafted/stray-ack-after-synack.pcap", *passes)
    assert labels(rows, (3, 4)) == ["ACK", "final ACK (open 3/3)"]
    assert (rows[3]["experts"], rows[4]["experts"]) == ("", "handshake_complete")
    assert rows[3]["tcpconn.state.server"] == "SYN-RECEIVED"


@PASSES
def test_ack_of_the_first_synack_is_checked_against_it(tshark, passes):
    rows = tshark.by_frame("crafted/synack-two-isns.pcap", *passes)
    if release_tuple(tshark.release) >= release_tuple("4.4"):
        # RELEASE_DIFFERENCES: from 4.4 on, Wireshark's stream 1 begins at the second SYN-ACK.
        assert [rows[n]["tcp.stream"] for n in (3, 4, 5)] == ["0", "1", "1"]
        assert rows[4]["tcpconn.label"] == "SYN-ACK (open 2/3)"
        assert rows[5]["tcpconn.label"] == "ACK"
        assert rows[3]["tcpconn.state.server"] == "SYN-RECEIVED"
        return
    assert rows[5]["tcpconn.label"] == "final ACK (open 3/3)"
    assert (rows[5]["tcpconn.acks_frame"], rows[5]["tcpconn.ack_check.ok"]) == ("3", "1")
    assert rows[5]["experts"] == "handshake_complete"
    assert {rows[n]["tcpconn.state.server"] for n in range(5, 10)} == {"ESTABLISHED"}


@PASSES
def test_ack_beyond_fin_plus_one_is_no_close_ack(tshark, passes):
    rows = tshark.by_frame("crafted/stray-fin.pcap", *passes)
    assert [rows[n]["tcpconn.role"] for n in (6, 8)] == ["ACK", "DATA-ACK"]
    assert rows[8]["tcpconn.acks_frame"] == "7"
    assert "CLOSE-ACK" not in {r["tcpconn.role"] for r in rows.values()}


@PASSES
def test_split_handshake_steps(tshark, passes):
    rows = tshark.by_frame("crafted/split-handshake.pcap", *passes)
    assert labels(rows, range(1, 5)) == ["SYN (open 1/3)", "SYN (open 1/3)",
                                         "SYN-ACK (open 2/3)", "final ACK (open 3/3)"]
    assert [rows[n]["tcpconn.sender"] for n in range(1, 5)] == ["client", "server", "client",
                                                                 "server"]
    assert (rows[4]["tcpconn.acks_frame"], rows[4]["experts"]) == ("3", "handshake_complete")
    assert not any(r["experts"] not in ("", "handshake_complete", "closed") for r in rows.values())
