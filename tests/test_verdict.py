# SPDX-License-Identifier: GPL-2.0-or-later
"""The connection's verdict: Zeek conn_state and history, the summary and the
hindsight expert items, which need the whole capture (tshark -2).

Expected values are worked out by hand from Zeek's rules
(https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html) and the captures' construction.
"""
import pytest

from tshark_run import HINDSIGHT

FINAL = {
    # capture: (conn_state, history)
    "real/http-client-close.pcapng": ("SF", "ShADadFf"),
    "real/http-server-close.pcapng": ("SF", "ShADadfF"),
    "real/three-way-close.pcapng": ("SF", "ShADadFf"),
    "real/ipv6-client-close.pcapng": ("SF", "ShADadFf"),
    "real/half-close.pcapng": ("SF", "ShADaFdf"),
    "real/keepalive.pcapng": ("SF", "ShADadFf"),
    "real/refused.pcapng": ("REJ", "Sr"),
    "real/abortive-close.pcapng": ("RSTO", "ShADadR"),
    "real/rst-no-ack.pcapng": ("RSTR", "ShADadfr"),
    "crafted/seed-004-smtp.pcap": ("S2", "ShAdDaF"),
    "crafted/seed-002-close.pcap": ("SF", "FafA"),
    "crafted/mid-connection.pcap": ("SF", "DadAFf"),
    "crafted/unanswered-syn.pcap": ("S0", "S"),
    "crafted/seed-002-data.pcap": ("S1", "ShADd"),
}


def final_fields(tshark, capture, *fields):
    return tshark.fields(capture, ["frame.number", *fields], "-2", "-Y", "tcpconn.role")


@pytest.mark.parametrize("capture", sorted(FINAL))
def test_final_conn_state_and_history_on_every_segment(tshark, capture):
    rows = final_fields(tshark, capture, "tcpconn.conn.conn_state", "tcpconn.conn.history")
    assert {(r[1], r[2]) for r in rows} == {FINAL[capture]}


@pytest.mark.parametrize("capture", sorted(FINAL))
def test_history_so_far_ends_with_the_final_one(tshark, capture):
    rows = tshark.fields(capture, ["tcpconn.so_far.history", "tcpconn.so_far.conn_state"], "-Y", "tcpconn.role")
    assert tuple(reversed(rows[-1])) == FINAL[capture]
    # Letters are only ever added: each history so far is a prefix of the next.
    histories = [r[0] for r in rows]
    assert all(b.startswith(a) for a, b in zip(histories, histories[1:]))


def test_final_fields_are_absent_in_one_pass(tshark):
    rows = tshark.fields("real/refused.pcapng", ["tcpconn.conn.conn_state", "tcpconn.conn.first_frame"])
    assert rows == [["", ""], ["", ""]]


def test_filter_selects_whole_connections(tshark):
    rows = tshark.fields("real/refused.pcapng", ["frame.number"], "-2", "-Y", 'tcpconn.conn.conn_state == "REJ"')
    assert rows == [["1"], ["2"]]


def test_summary_of_seed003(tshark):
    fields = ["tcpconn.conn.first_frame", "tcpconn.conn.last_frame", "tcpconn.conn.duration",
              "tcpconn.conn.client_segments", "tcpconn.conn.server_segments",
              "tcpconn.conn.client_bytes", "tcpconn.conn.server_bytes",
              "tcpconn.conn.handshake_frame", "tcpconn.conn.teardown_frame", "tcpconn.so_far.originator"]
    rows = final_fields(tshark, "crafted/seed-003-tcpdump.pcap", *fields)
    # 13:29:25.569020 to 13:29:35.576375; client sends 6 bytes in 6 segments, server 8 in 5.
    want = ["1", "11", "10.007355000", "6", "5", "6", "8", "1,2,3", "8,9,10,11", "client"]
    assert {tuple(r[1:]) for r in rows} == {tuple(want)}


def test_handshake_rtts_of_seed003(tshark):
    for passes in ([], ["-2"]):
        rows = tshark.fields("crafted/seed-003-tcpdump.pcap", ["frame.number", "tcpconn.handshake.rtt_server",
                                                               "tcpconn.handshake.rtt_client"], *passes)
        # SYN 25.569020, SYN-ACK 25.569049, final ACK 25.571512.
        assert rows[1] == ["2", "0.000029000", ""]
        assert rows[2] == ["3", "0.000029000", "0.002463000"]
        assert all(r[1:] == ["", ""] for r in rows[3:])


def test_no_handshake_rtt_from_a_final_ack_captured_first(tshark):
    """A final ACK captured before its SYN-ACK times no SYN-ACK to ACK interval (it would be
    negative); the SYN to SYN-ACK one stands on the SYN-ACK."""
    for passes in ([], ["-2"]):
        rows = tshark.fields("crafted/final-ack-before-synack.pcap", ["frame.number", "tcpconn.handshake.rtt_server",
                                                                      "tcpconn.handshake.rtt_client"], *passes)
        # SYN at 0, final ACK at 0.001000, SYN-ACK at 0.001100.
        assert rows[1] == ["2", "", ""]
        assert rows[2] == ["3", "0.001100000", ""]


def hindsight(tshark, capture, passes=("-2",)):
    fields = ["frame.number"] + [f"tcpconn.analysis.{h}" for h in HINDSIGHT]
    found = {}
    for row in tshark.fields(capture, fields, *passes):
        names = [h for h, v in zip(HINDSIGHT, row[1:]) if v]
        if names:
            found[int(row[0])] = names
    return found


def test_hindsight_needs_the_whole_capture(tshark):
    assert hindsight(tshark, "crafted/unanswered-syn.pcap", passes=()) == {}


def test_unanswered_syn_sent_three_times(tshark):
    assert hindsight(tshark, "crafted/unanswered-syn.pcap") == {1: ["syn_unanswered", "syn_retransmitted"]}
    message = tshark.fields("crafted/unanswered-syn.pcap", ["_ws.expert.message"], "-2", "-Y",
                            "tcpconn.analysis.syn_retransmitted")[0][0]
    assert "SYN sent 3 times" in message


def test_refused_after_retransmissions(tshark):
    assert hindsight(tshark, "crafted/refused-syn-retrans.pcap") == {1: ["syn_retransmitted"]}


def test_seed004_half_closed(tshark):
    assert hindsight(tshark, "crafted/seed-004-smtp.pcap") == {20: ["half_closed"]}


def test_seed002_fin_never_acknowledged(tshark):
    assert hindsight(tshark, "crafted/seed-002-close.pcap") == {3: ["fin_unacked"]}


def test_still_open_at_the_end(tshark):
    assert hindsight(tshark, "crafted/seed-002-data.pcap") == {6: ["still_open"]}


def test_complete_connections_have_no_hindsight(tshark):
    for capture in ("real/http-client-close.pcapng", "real/three-way-close.pcapng",
                    "crafted/simultaneous-close.pcap", "real/refused.pcapng"):
        assert hindsight(tshark, capture) == {}


def test_syn_scan_and_unacknowledged_syn_ack(tshark):
    # Port 22: SYN, SYN-ACK, RST from the scanner. Port 80: SYN, SYN-ACK, then nothing.
    assert hindsight(tshark, "crafted/syn-scan.pcap") == {3: ["syn_scan"], 5: ["synack_unacked"]}
    rows = final_fields(tshark, "crafted/syn-scan.pcap", "tcp.stream", "tcpconn.conn.conn_state",
                        "tcpconn.conn.history")
    assert {tuple(r[1:]) for r in rows} == {("0", "RSTO", "ShR"), ("1", "S1", "Sh")}


# How each connection ended, from the captures' construction (sample-pcaps/README.md): the
# teardown kind says what the close looked like; tcpconn.conn.close says whether it finished.
CLOSES = {
    "real/http-client-close.pcapng": ["4-way"],
    "real/half-close.pcapng": ["4-way"],  # the server goes on sending, then closes too
    "crafted/seed-001-netcat.pcap": ["3-way"],
    "crafted/simultaneous-close.pcap": ["simultaneous"],
    "real/abortive-close.pcapng": ["reset"],
    # Seed 002's last ACK misses the server's FIN: both FINs, one never acknowledged.
    "crafted/seed-002-close.pcap": ["unfinished"],
    # Seed 004: the client's FIN is acknowledged, the server never sends its own.
    "crafted/seed-004-smtp.pcap": ["half-closed"],
    "crafted/unanswered-syn.pcap": ["not-closed"],
    "real/one-sided-client.pcapng": ["unknown"],
    # Streams 0, 1 and 3 close 4-way; stream 2 is left ESTABLISHED.
    "crafted/port-reuse.pcap": ["4-way", "4-way", "not-closed", "4-way"],
}


@pytest.mark.parametrize("capture", CLOSES)
def test_how_each_connection_ended(tshark, capture):
    by_stream = {}
    for stream, close in tshark.fields(capture, ["tcp.stream", "tcpconn.conn.close"], "-2"):
        by_stream.setdefault(int(stream), set()).add(close)
    assert [by_stream[s] for s in sorted(by_stream)] == [{c} for c in CLOSES[capture]]
    # One pass does not know the whole capture.
    assert not any(row[0] for row in tshark.fields(capture, ["tcpconn.conn.close"]))


def test_teardown_kind_says_when_the_close_never_finished(tshark):
    """Seed 002's 4-way close never finished: Teardown ▸ Kind says so once the whole capture
    is read, and only then."""
    capture = tshark.capture("crafted/seed-002-close.pcap")
    whole = tshark.run("-r", capture, "-2", "-V").stdout
    assert "[Kind: 4-way (not finished: both sides sent a FIN, but one was never acknowledged)]" in whole
    one_pass = tshark.run("-r", capture, "-V").stdout
    assert "[Kind: 4-way]" in one_pass and "not finished" not in one_pass
