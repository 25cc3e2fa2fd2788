# SPDX-License-Identifier: GPL-2.0-or-later
"""Captures from the field: segments or a whole direction missing, ACKs that cross a FIN.

The per-segment values of these captures are in tests/expected/ (checked in every mode by
test_modes.py); this file checks what they are for, and what needs the whole capture.
Expected values follow from each capture's construction (sample-pcaps/README.md).
"""
from test_verdict import hindsight


def test_data_ack_sent_before_the_fin_arrived(tshark):
    rows = tshark.by_frame("crafted/fin-crosses-data-ack.pcap")
    # Port 40300: the ACK of the response (frame 5) comes 9 ms after the FIN, sooner than the
    # client ever answered (10 ms): a correct data ACK, no warning, no dissector bug.
    assert (rows[7]["tcpconn.role"], rows[7]["tcpconn.acks_frame"], rows[7]["tcpconn.ack_check.ok"],
            rows[7]["experts"]) == ("DATA-ACK", "5", "1", "")
    assert rows[8]["tcpconn.label"] == "ACK of FIN (close 2/4)"


def test_data_ack_long_after_the_fin_misses_it(tshark):
    rows = tshark.by_frame("crafted/fin-crosses-data-ack.pcap")
    # Port 40301: 60 ms after the FIN, which the client could have received by then.
    assert (rows[17]["tcpconn.role"], rows[17]["tcpconn.acks_frame"],
            rows[17]["tcpconn.ack_check.ok"], rows[17]["experts"]) == ("DATA-ACK", "15", "1",
                                                                       "ack_misses_fin")
    message = tshark.fields("crafted/fin-crosses-data-ack.pcap", ["_ws.expert.message"], "-Y",
                            "tcpconn.analysis.ack_misses_fin")
    assert message == [["ack 49346 (relative 45) does not acknowledge the FIN in frame 16, which "
                        "could have arrived before this ACK was sent: that needs FIN seq 49346 + 1 "
                        "= 49347 (relative 46)"]]


def test_each_connection_shows_its_own_summary(tshark):
    # The dissector bug left frames of the second connection showing connection #0's fields.
    rows = tshark.fields("crafted/fin-crosses-data-ack.pcap", ["frame.number", "tcpconn.conn.first_frame"],
                         "-2")
    assert [r[1] for r in rows] == ["1"] * 10 + ["11"] * 11


def test_ack_of_data_not_captured(tshark):
    rows = tshark.by_frame("crafted/ack-of-uncaptured.pcap")
    # The second half of the request (42 - 20 bytes) and the server's FIN were not captured.
    assert (rows[5]["tcpconn.role"], rows[5]["experts"]) == ("DATA-ACK", "acks_unseen")
    assert (rows[10]["tcpconn.role"], rows[10]["experts"]) == ("DATA-ACK", "acks_unseen")
    # Its FIN may be in what the client acknowledged: not called half-closed.
    assert hindsight(tshark, "crafted/ack-of-uncaptured.pcap") == {}


def test_ack_captured_before_its_data(tshark):
    rows = tshark.by_frame("crafted/ack-before-data.pcap")
    assert (rows[5]["tcpconn.role"], rows[5]["experts"]) == ("DATA-ACK", "acks_unseen")
    # The data that comes after its ACK is plain data, and nothing is left unacknowledged.
    assert (rows[6]["tcpconn.role"], rows[6]["experts"]) == ("DATA", "")
    assert hindsight(tshark, "crafted/ack-before-data.pcap") == {}


def test_client_direction_only(tshark):
    capture = "real/one-sided-client.pcapng"
    rows = tshark.by_frame(capture)
    assert [rows[n]["tcpconn.role"] for n in sorted(rows)] == [
        "SYN", "FINAL-ACK", "DATA", "DATA-ACK", "FIN-ACK", "DATA-ACK"]
    assert [n for n in sorted(rows) if rows[n]["experts"] == "acks_unseen"] == [2, 4, 6]
    # No "SYN never answered", "FIN never acknowledged" or "half-closed": a note says why.
    assert hindsight(tshark, capture) == {1: ["one_sided"]}
    fields = tshark.fields(capture, ["tcpconn.conn.one_sided"], "-2")
    assert fields == [["client"]] * 6


def test_server_direction_only(tshark):
    capture = "real/one-sided-server.pcapng"
    rows = tshark.by_frame(capture)
    assert [rows[n]["tcpconn.role"] for n in sorted(rows)] == [
        "SYN-ACK", "DATA-ACK", "DATA", "DATA-ACK", "FIN-ACK"]
    # Acknowledging the request shows the handshake completed: the data is not early.
    assert [rows[n]["experts"] for n in sorted(rows)] == ["", "acks_unseen", "", "acks_unseen", ""]
    assert rows[2]["tcpconn.state.server"] == "ESTABLISHED"
    assert hindsight(tshark, capture) == {1: ["one_sided"]}
    assert tshark.fields(capture, ["tcpconn.conn.one_sided"], "-2") == [["server"]] * 5


def test_both_directions_are_not_one_sided(tshark):
    assert tshark.fields("real/http-client-close.pcapng", ["tcpconn.conn.one_sided"], "-2") == [[""]] * 11


def note(capture, tshark):
    rows = tshark.fields(capture, ["_ws.expert.message"], "-E", "aggregator=|", "-Y", "tcpconn.analysis.no_handshake")
    return [[m for m in r[0].split("|") if m.startswith("Handshake not seen")] for r in rows]


def test_mid_connection_note_names_the_side_taken_for_the_client(tshark):
    message = note("crafted/mid-connection.pcap", tshark)
    assert message == [["Handshake not seen (capture started mid-connection): which side opened "
                        "the connection is unknown; the end on port 51000 is taken for the client, "
                        "the end on the lower port 80 for the server, as Wireshark does"]]
    # Seen from the server's first segment, the same ends are named.
    message = note("zeek/sf-midstream-server-first.pcap", tshark)
    assert "taken for the client" in message[0][0] and "the server is taken" not in message[0][0]


def test_ack_of_the_fin_after_a_final_ack_not_captured(tshark):
    capture = "crafted/final-ack-covers-fin.pcap"
    rows = tshark.by_frame(capture)
    # Its ack is past the SYN-ACK's ISN + 1: the SYN-ACK was acknowledged by the final ACK the
    # capture missed, and this one acknowledges the FIN, rightly. The server goes to
    # FIN-WAIT-2, so its FIN is not "never acknowledged".
    assert (rows[4]["tcpconn.label"], rows[4]["tcpconn.acks_frame"], rows[4]["tcpconn.ack_check.ok"],
            rows[4]["tcpconn.state.server"]) == ("ACK of FIN (close 2/4)", "3", "1", "FIN-WAIT-2")
    assert [rows[n]["tcpconn.label"] for n in (5, 6)] == ["FIN-ACK (close 3/4)", "final ACK (close 4/4)"]
    assert hindsight(tshark, capture) == {}


def test_data_retransmissions_are_marked(tshark):
    rows = tshark.by_frame("zeek/sf-retransmissions.pcap")
    again = [n for n in sorted(rows) if rows[n]["tcpconn.label"] == "data (retransmission)"]
    assert again == list(range(5, 14)) + list(range(16, 26))
    assert {rows[n]["experts"] for n in again} == {"retransmission"}
    # The same frames are the ones Wireshark's TCP analysis calls retransmissions.
    marked = tshark.fields("zeek/sf-retransmissions.pcap", ["frame.number"], "-Y", "tcp.analysis.retransmission")
    assert [int(r[0]) for r in marked] == again


def test_connection_replaced_on_its_port_pair_is_not_open_at_the_end(tshark):
    # The third connection never closes; the fourth takes its port pair at frame 27.
    found = hindsight(tshark, "crafted/port-reuse.pcap")
    assert found == {26: ["reused_open"]}
    message = tshark.fields("crafted/port-reuse.pcap", ["_ws.expert.message"], "-2", "-Y",
                            "tcpconn.analysis.reused_open")
    assert message == [["Connection not closed (no FIN or RST) when a new connection took its port pair in frame 27"]]


def test_state_of_a_side_not_yet_seen_is_said_to_be_assumed(tshark):
    for capture in ("real/refused.pcapng", "crafted/unanswered-syn.pcap"):
        rows = tshark.fields(capture, ["tcpconn.state.server", "tcpconn.state.assumed"])
        # On the SYN the server is LISTEN by assumption; the RST shows it was not.
        assert rows[0] == ["LISTEN", "server"]
        assert all(r[1] == ("server" if capture.startswith("crafted") else "") for r in rows[1:])
    # Once both sides have spoken nothing is assumed; a side never seen stays assumed.
    assert {r[0] for r in tshark.fields("real/http-client-close.pcapng", ["tcpconn.state.assumed"])[1:]} == {""}
    assert {r[0] for r in tshark.fields("real/one-sided-client.pcapng", ["tcpconn.state.assumed"])} == {"server"}
    # A state not known is not an assumption.
    assert tshark.fields("crafted/mid-connection.pcap", ["tcpconn.state.assumed"])[0] == [""]


def conn_text(tshark, capture):
    out = tshark.run("-r", tshark.capture(capture), "-2", "-V").stdout
    return {line.strip() for line in out.splitlines() if "Connection (whole capture)" in line}


def test_zeek_state_explained_as_it_applies(tshark):
    assert conn_text(tshark, "crafted/mid-connection.pcap") == {
        "[Connection (whole capture): SF (both sides sent a FIN; the establishment is not in the "
        "capture; Zeek: Normal establishment and termination), history DadAFf]"}
    assert conn_text(tshark, "crafted/syn-scan.pcap") == {
        "[Connection (whole capture): RSTO (the handshake's final ACK is not in the capture; Zeek: "
        "Established, originator aborted (sent a RST)), history ShR]",
        "[Connection (whole capture): S1 (SYN and SYN-ACK, no final ACK, FIN or RST in the capture; "
        "Zeek: Connection established, not terminated), history Sh]"}
    assert conn_text(tshark, "real/http-client-close.pcapng") == {
        "[Connection (whole capture): SF (Normal establishment and termination), history ShADadFf]"}
    assert conn_text(tshark, "real/one-sided-client.pcapng") == {
        "[Connection (whole capture): SH (Originator sent a SYN then a FIN, no SYN-ACK seen (half "
        "open); only the client's segments are in the capture), history SADF]"}
