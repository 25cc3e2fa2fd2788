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
                            "tcpconn.ack_misses_fin")
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
