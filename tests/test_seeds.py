# SPDX-License-Identifier: GPL-2.0-or-later
"""The tutorials' connections, rebuilt as captures: tcpconn reads them as their
authors explain them, and shows the arithmetic where the authors got it wrong.

Every expected value here is worked out from the tables in the tutorials
(restated in sample-pcaps/README.md), not taken from the plugin's output.
"""

ROLES_4WAY_CLIENT = ["SYN", "SYN-ACK", "FINAL-ACK", "DATA", "DATA-ACK", "DATA", "DATA-ACK",
                     "FIN-ACK", "CLOSE-ACK", "FIN-ACK", "CLOSE-ACK"]


def column(rows, name):
    return [rows[n][name] for n in sorted(rows)]


def arithmetic(tshark, capture, frame):
    """(ack, acked seq, acked len) of a frame's ack check, raw and relative."""
    fields = ["frame.number", "tcpconn.ack_check.of", "tcpconn.ack_check.ack", "tcpconn.ack_check.seq",
              "tcpconn.ack_check.len", "tcpconn.ack_check.ack_rel", "tcpconn.ack_check.seq_rel",
              "tcpconn.ack_check.expected", "tcpconn.ack_check.ok"]
    for row in tshark.fields(capture, fields):
        if row[0] == str(frame):
            return dict(zip(fields[1:], row[1:]))
    raise AssertionError(f"no frame {frame} in {capture}")


def test_seed003_roles_and_steps_as_the_author_gives_them(tshark):
    rows = tshark.by_frame("crafted/seed-003-tcpdump.pcap")
    assert column(rows, "tcpconn.role") == ROLES_4WAY_CLIENT
    assert column(rows, "tcpconn.step") == ["1", "2", "3", "", "", "", "", "1", "2", "3", "4"]
    assert rows[8]["tcpconn.teardown.initiator"] == "client"
    assert rows[11]["tcpconn.label"] == "final ACK (close 4/4)"
    # The author: "close 4: client ACKs, TIME-WAIT".
    assert (rows[11]["tcpconn.state.client"], rows[11]["tcpconn.state.server"]) == ("TIME-WAIT", "CLOSED")


def test_seed003_data_ack_is_seq_plus_len_not_plus_one(tshark):
    # The author writes ack = seq + length + 1 for data; frame 5 shows ack 7 = 1 + 6.
    check = arithmetic(tshark, "crafted/seed-003-tcpdump.pcap", 5)
    assert check["tcpconn.ack_check.of"] == "data"
    assert (check["tcpconn.ack_check.ack_rel"], check["tcpconn.ack_check.seq_rel"],
            check["tcpconn.ack_check.len"]) == ("7", "1", "6")
    assert check["tcpconn.ack_check.ok"] == "1"


def test_seed003_syn_ack_is_isn_plus_one(tshark):
    check = arithmetic(tshark, "crafted/seed-003-tcpdump.pcap", 2)
    assert check["tcpconn.ack_check.of"] == "SYN"
    assert (check["tcpconn.ack_check.ack"], check["tcpconn.ack_check.seq"]) == ("3666571939", "3666571938")


def test_seed001_close_in_three_segments(tshark):
    rows = tshark.by_frame("crafted/seed-001-netcat.pcap")
    assert column(rows, "tcpconn.role")[7:] == ["FIN-ACK", "FIN-ACK", "CLOSE-ACK"]
    assert column(rows, "tcpconn.label")[7:] == ["FIN-ACK (close 1)", "FIN-ACK (close 2/3)",
                                                 "final ACK (close 3/3)"]
    assert rows[9]["tcpconn.teardown.kind"] == "3-way"
    assert rows[9]["tcpconn.acks_frame"] == "8"   # the merged FIN-ACK also acknowledges the FIN
    assert rows[10]["tcpconn.acks_frame"] == "9"


def test_seed001_data_ack_arithmetic(tshark):
    # The author: Ack = Seq + len + 1. In fact 4216076045 = 4216076035 + 10.
    check = arithmetic(tshark, "crafted/seed-001-netcat.pcap", 5)
    assert (check["tcpconn.ack_check.ack"], check["tcpconn.ack_check.seq"],
            check["tcpconn.ack_check.len"]) == ("4216076045", "4216076035", "10")


def test_seed002_handshake(tshark):
    rows = tshark.by_frame("crafted/seed-002-handshake.pcap")
    assert column(rows, "tcpconn.role") == ["SYN", "SYN-ACK", "FINAL-ACK"]
    check = arithmetic(tshark, "crafted/seed-002-handshake.pcap", 3)
    assert (check["tcpconn.ack_check.ack"], check["tcpconn.ack_check.expected"]) == ("1610539221", "1610539221")
    assert "handshake_complete" in rows[3]["experts"]


def test_seed002_response_acknowledges_the_458_byte_request(tshark):
    # ack 1354298688 = 1354298230 + 458: the response's ack is the request's seq plus its length.
    rows = tshark.by_frame("crafted/seed-002-data.pcap")
    assert rows[5]["tcpconn.role"] == "DATA"
    assert rows[5]["tcpconn.acks_frame"] == "4"
    check = arithmetic(tshark, "crafted/seed-002-data.pcap", 5)
    assert (check["tcpconn.ack_check.ack"], check["tcpconn.ack_check.seq"],
            check["tcpconn.ack_check.len"]) == ("1354298688", "1354298230", "458")


def test_seed002_last_ack_does_not_acknowledge_the_fin(tshark):
    capture = "crafted/seed-002-close.pcap"
    rows = tshark.by_frame(capture)
    assert column(rows, "tcpconn.role") == ["FIN-ACK", "CLOSE-ACK", "FIN-ACK", "ACK"]
    assert rows[4]["experts"] == "ack_misses_fin"
    assert (rows[4]["tcpconn.state.client"], rows[4]["tcpconn.state.server"]) == ("TIME-WAIT", "LAST-ACK")
    message = tshark.fields(capture, ["_ws.expert.message"], "-Y", "tcpconn.analysis.ack_misses_fin")[0][0]
    assert "ack 4092453323" in message and "4092453324" in message


def test_seed000_server_closes_first(tshark):
    capture = "crafted/seed-000-ssh.pcap"
    rows = tshark.by_frame(capture)
    fins = [n for n in rows if rows[n]["tcpconn.role"] == "FIN-ACK"]
    assert [rows[n]["tcpconn.sender"] for n in fins] == ["server", "client"]
    assert {rows[n]["tcpconn.teardown.initiator"] for n in fins} == {"server"}
    # Relative numbers as in the video: server FIN seq 213 ack 161, client ACK 214.
    first_fin = fins[0]
    numbers = tshark.fields(capture, ["tcp.seq", "tcp.ack"], "-Y", f"frame.number == {first_fin}")[0]
    assert numbers == ["213", "161"]
    check = arithmetic(tshark, capture, first_fin + 1)
    assert (check["tcpconn.ack_check.of"], check["tcpconn.ack_check.ack_rel"]) == ("FIN", "214")


def test_seed000_filter_from_the_issue(tshark):
    out = tshark.fields("crafted/seed-000-ssh.pcap", ["frame.number", "tcpconn.sender"], "-Y",
                        'tcpconn.role == "FIN-ACK" && tcpconn.teardown.initiator == "server"')
    assert out == [["14", "server"], ["16", "client"]]


def test_seed004_left_half_closed(tshark):
    rows = tshark.by_frame("crafted/seed-004-smtp.pcap")
    last = rows[max(rows)]
    assert [r["tcpconn.role"] for r in rows.values()].count("FIN-ACK") == 1
    assert last["tcpconn.label"] == "ACK of FIN (close 2/4)"
    assert (last["tcpconn.state.client"], last["tcpconn.state.server"]) == ("FIN-WAIT-2", "CLOSE-WAIT")
    check = arithmetic(tshark, "crafted/seed-004-smtp.pcap", max(rows))
    assert (check["tcpconn.ack_check.ack_rel"], check["tcpconn.ack_check.seq_rel"]) == ("2843", "2842")
