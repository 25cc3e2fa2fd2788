# SPDX-License-Identifier: GPL-2.0-or-later
"""Real kernel captures and crafted edge cases: what tcpconn must say about them.

Expected values are worked out from each capture's construction (see
sample-pcaps/README.md), not copied from the plugin's output.
"""
import pytest

REAL = ["real/http-client-close.pcapng", "real/http-server-close.pcapng", "real/ipv6-client-close.pcapng"]
ROLES_4WAY = ["SYN", "SYN-ACK", "FINAL-ACK", "DATA", "DATA-ACK", "DATA", "DATA-ACK", "FIN-ACK",
              "CLOSE-ACK", "FIN-ACK", "CLOSE-ACK"]


def column(rows, name):
    return [rows[n][name] for n in sorted(rows)]


@pytest.mark.parametrize("capture", REAL)
def test_http_exchange_4way(tshark, capture):
    rows = tshark.by_frame(capture)
    assert column(rows, "tcpconn.role") == ROLES_4WAY
    assert column(rows, "tcpconn.step")[7:] == ["1", "2", "3", "4"]
    closer = "server" if "server-close" in capture else "client"
    assert rows[8]["tcpconn.sender"] == closer
    assert {rows[n]["tcpconn.teardown.initiator"] for n in range(8, 12)} == {closer}
    assert rows[11]["tcpconn.teardown.kind"] == "4-way"
    assert rows[11]["experts"] == "closed"
    assert rows[9]["tcpconn.acks_frame"] == "8" and rows[11]["tcpconn.acks_frame"] == "10"


def test_client_close_states(tshark):
    rows = tshark.by_frame("real/http-client-close.pcapng")
    states = [(rows[n]["tcpconn.state.client"], rows[n]["tcpconn.state.server"]) for n in range(8, 12)]
    assert states == [("FIN-WAIT-1", "CLOSE-WAIT"), ("FIN-WAIT-2", "CLOSE-WAIT"),
                      ("TIME-WAIT", "LAST-ACK"), ("TIME-WAIT", "CLOSED")]


def test_server_close_states(tshark):
    rows = tshark.by_frame("real/http-server-close.pcapng")
    states = [(rows[n]["tcpconn.state.server"], rows[n]["tcpconn.state.client"]) for n in range(8, 12)]
    # The server is the active closer: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the client CLOSE-WAIT, LAST-ACK, CLOSED.
    assert states == [("FIN-WAIT-1", "CLOSE-WAIT"), ("FIN-WAIT-2", "CLOSE-WAIT"),
                      ("TIME-WAIT", "LAST-ACK"), ("TIME-WAIT", "CLOSED")]


def test_three_way_close(tshark):
    rows = tshark.by_frame("real/three-way-close.pcapng")
    assert column(rows, "tcpconn.label")[7:] == ["FIN-ACK (close 1)", "FIN-ACK (close 2/3)",
                                                 "final ACK (close 3/3)"]
    assert rows[10]["tcpconn.teardown.kind"] == "3-way"
    # The merged FIN-ACK takes the client from FIN-WAIT-1 straight to TIME-WAIT.
    states = [(rows[n]["tcpconn.state.client"], rows[n]["tcpconn.state.server"]) for n in (8, 9, 10)]
    assert states == [("FIN-WAIT-1", "CLOSE-WAIT"), ("TIME-WAIT", "LAST-ACK"), ("TIME-WAIT", "CLOSED")]


def test_refused(tshark):
    rows = tshark.by_frame("real/refused.pcapng")
    assert column(rows, "tcpconn.label") == ["SYN (open 1/3)", "RST-ACK (refused)"]
    assert rows[2]["experts"] == "refused"
    assert rows[2]["tcpconn.acks_frame"] == "1"
    assert rows[2]["tcpconn.teardown.initiator"] == "server"


def test_abortive_close(tshark):
    rows = tshark.by_frame("real/abortive-close.pcapng")
    last = rows[max(rows)]
    assert (last["tcpconn.role"], last["tcpconn.label"]) == ("RST-ACK", "RST-ACK (abort)")
    assert (last["tcpconn.teardown.kind"], last["experts"]) == ("reset", "aborted")
    assert (last["tcpconn.state.client"], last["tcpconn.state.server"]) == ("CLOSED", "CLOSED")


def test_half_close_peer_keeps_sending(tshark):
    rows = tshark.by_frame("real/half-close.pcapng")
    fin = next(n for n in sorted(rows) if rows[n]["tcpconn.role"] == "FIN-ACK")
    after = [rows[n] for n in sorted(rows) if n > fin and rows[n]["tcpconn.role"] == "DATA"]
    assert after and {r["tcpconn.sender"] for r in after} == {"server"}
    assert {(r["tcpconn.state.client"], r["tcpconn.state.server"]) for r in after} == {("FIN-WAIT-2", "CLOSE-WAIT")}
    assert not any("data_after_fin" in r["experts"] for r in rows.values())


def test_simultaneous_close_states(tshark):
    rows = tshark.by_frame("crafted/simultaneous-close.pcap")
    tail = [(rows[n]["tcpconn.state.client"], rows[n]["tcpconn.state.server"]) for n in range(7, 11)]
    assert tail == [("FIN-WAIT-1", "CLOSE-WAIT"), ("CLOSING", "CLOSING"), ("CLOSING", "TIME-WAIT"),
                    ("TIME-WAIT", "TIME-WAIT")]
    assert rows[10]["tcpconn.teardown.kind"] == "simultaneous"


def test_mid_connection(tshark):
    rows = tshark.by_frame("crafted/mid-connection.pcap")
    assert rows[1]["experts"] == "no_handshake"
    assert {r["tcpconn.handshake.seen"] for r in rows.values()} == {"0"}
    # Client port 51000, server port 80: the lower port is the server's.
    assert rows[1]["tcpconn.sender"] == "client"
    assert (rows[1]["tcpconn.state.client"], rows[1]["tcpconn.state.server"]) == ("UNKNOWN", "UNKNOWN")
    assert rows[12]["tcpconn.label"] == "final ACK (close 4/4)"


def test_sequence_wrap(tshark):
    rows = tshark.by_frame("crafted/seq-wrap.pcap")
    # Data and ACKs on both sides of 2^32 keep their roles; no anomaly is invented.
    assert not any(r["experts"] not in ("", "handshake_complete", "closed") for r in rows.values())
    assert rows[7]["tcpconn.role"] == "DATA-ACK" and rows[7]["tcpconn.acks_frame"] == "6"
    assert rows[19]["tcpconn.label"] == "final ACK (close 4/4)"


def test_port_reuse(tshark):
    rows = tshark.by_frame("crafted/port-reuse.pcap")
    # Wireshark starts a new tcp.stream at both new SYNs; tcpconn says why.
    assert (rows[11]["tcp.stream"], rows[11]["experts"]) == ("1", "new_connection")
    assert (rows[27]["tcp.stream"], rows[27]["experts"]) == ("3", "port_reuse")


def test_icmp_quoted_headers_are_not_segments(tshark):
    rows = tshark.by_frame("crafted/icmp-quoted.pcap")
    for n in (2, 4, 12):
        assert rows[n]["tcpconn.role"] == ""
        assert rows[n]["tcpconn.not_analysed"].startswith("TCP header quoted by an ICMP error")
    # The real retransmitted SYN and FIN are still seen as retransmissions of the first ones,
    # so the quoted copies did not count as segments.
    assert rows[3]["tcpconn.label"] == "SYN (open 1/3, retransmission)"
    assert rows[13]["tcpconn.label"] == "FIN-ACK (close 1, retransmission)"
    assert rows[16]["experts"] == "closed"


def test_truncated_and_malformed(tshark):
    rows = tshark.by_frame("crafted/truncated.pcap")
    for n in (4, 5, 7):
        assert rows[n]["experts"] == "incomplete"
        assert rows[n]["tcpconn.role"] == ""
    assert rows[11]["tcpconn.label"] == "final ACK (close 4/4)"


def test_unanswered_and_retransmitted_syn(tshark):
    rows = tshark.by_frame("crafted/unanswered-syn.pcap")
    assert column(rows, "experts") == ["", "retransmission", "retransmission"]
    assert set(column(rows, "tcpconn.step")) == {"1"}


def test_data_on_syn_and_fin(tshark):
    rows = tshark.by_frame("crafted/syn-with-data.pcap")
    assert (rows[1]["tcpconn.role"], rows[1]["tcpconn.with_data"]) == ("SYN", "1")
    assert rows[2]["tcpconn.ack_check.ok"] == "1"   # the SYN-ACK covers ISN + 1 + 5 bytes
    assert (rows[4]["tcpconn.role"], rows[4]["tcpconn.with_data"]) == ("FIN-ACK", "1")


def test_wrong_handshake_acks(tshark):
    rows = tshark.by_frame("crafted/bad-handshake-ack.pcap")
    assert column(rows, "experts") == ["", "bad_ack", "bad_ack"]
    assert column(rows, "tcpconn.ack_check.ok") == ["", "0", "0"]


def test_data_before_handshake_and_after_fin(tshark):
    early = tshark.by_frame("crafted/data-before-handshake.pcap")
    assert early[2]["experts"] == "data_before_handshake"
    late = tshark.by_frame("crafted/data-after-fin.pcap")
    assert late[9]["experts"] == "data_after_fin"


def test_every_role_on_real_kernel_captures(tshark):
    from tshark_run import all_captures
    seen = set()
    for capture in all_captures():
        if capture.startswith("real/"):
            seen |= {r["tcpconn.role"] for r in tshark.by_frame(capture).values()}
    # A Linux kernel never sends a FIN without ACK once established; crafted/fin-without-ack has one.
    assert seen - {""} == {"SYN", "SYN-ACK", "FINAL-ACK", "DATA", "DATA-ACK", "ACK", "FIN-ACK",
                           "CLOSE-ACK", "RST-ACK", "RST"}
    crafted = tshark.by_frame("crafted/fin-without-ack.pcap")
    assert crafted[7]["tcpconn.label"] == "FIN (close 1)"


def test_keepalive_is_a_plain_ack(tshark):
    rows = tshark.by_frame("real/keepalive.pcapng")
    probes = tshark.fields("real/keepalive.pcapng", ["frame.number"], "-Y",
                           "tcp.analysis.keep_alive || tcp.analysis.keep_alive_ack")
    assert len(probes) >= 4
    assert {rows[int(p[0])]["tcpconn.role"] for p in probes} == {"ACK"}


def test_teardown_kind_says_only_what_the_close_has_shown(tshark):
    """A FIN acknowledged on its own is a half-close until the peer's FIN makes it 4-way; a
    close whose second FIN never comes is never called 4-way."""
    rows = tshark.by_frame("real/half-close.pcapng")
    kinds = column(rows, "tcpconn.teardown.kind")
    labels = column(rows, "tcpconn.label")
    second_fin = labels.index("FIN-ACK (close 3/4)")
    first_ack = labels.index("data + ACK of FIN (close 2/4)")
    assert set(kinds[first_ack:second_fin]) == {"half-closed"}
    assert set(kinds[second_fin:]) == {"4-way"}
    rows = tshark.by_frame("crafted/seed-004-smtp.pcap")
    assert column(rows, "tcpconn.label")[-1] == "ACK of FIN (close 2/4)"
    assert column(rows, "tcpconn.teardown.kind")[-1] == "half-closed"


def item_messages(tshark, capture, item, containing):
    """The messages on the frames with expert item tcpconn.analysis.<item> that contain the
    given text, frame by frame (a frame has Wireshark's own items too)."""
    rows = tshark.fields(capture, ["_ws.expert.message"], "-E", "aggregator=|", "-Y",
                         f"tcpconn.analysis.{item}")
    return [m for row in rows for m in row[0].split("|") if containing in m]


def rst_rows(tshark, capture, *extra):
    fields = ["frame.number", "tcpconn.label", "tcpconn.accepted", "tcpconn.state.client",
              "tcpconn.state.server", "tcpconn.warning", "tcpconn.conn.close"]
    return [dict(zip(fields, row)) for row in tshark.fields(capture, fields, "-2", *extra)]


def test_rsts_outside_the_scaled_window_or_not_at_the_next_byte_are_ignored(tshark):
    """sample-pcaps/README.md, rst-window.pcap: window scale 7 on both SYNs, so the server's 512
    is 65 536 bytes; only the RST at the next byte it expects (relative 121) resets."""
    rows = rst_rows(tshark, "crafted/rst-window.pcap")
    rsts = [(r["frame.number"], r["tcpconn.label"], r["tcpconn.accepted"], r["tcpconn.warning"])
            for r in rows if r["tcpconn.accepted"]]
    assert rsts == [("6", "RST (ignored: out of window)", "0", "rst_out_of_window"),
                    ("7", "RST (ignored: not the next byte)", "0", "rst_not_next"),
                    ("9", "RST (ignored: out of window)", "0", "rst_out_of_window"),
                    ("10", "RST (abort)", "1", "aborted")]
    # The ignored ones change nothing: both ends stay ESTABLISHED until frame 10.
    assert {(r["tcpconn.state.client"], r["tcpconn.state.server"]) for r in rows[3:9]} == \
        {("ESTABLISHED", "ESTABLISHED")}
    assert (rows[9]["tcpconn.state.client"], rows[9]["tcpconn.state.server"]) == ("CLOSED", "CLOSED")
    assert {r["tcpconn.conn.close"] for r in rows} == {"reset"}
    messages = tshark.fields("crafted/rst-window.pcap", ["_ws.expert.message"], "-E",
                             "aggregator=|", "-Y", "tcpconn.analysis.rst_out_of_window || "
                             "tcpconn.analysis.rst_not_next")
    assert [[m for m in row[0].split("|") if m.startswith("RST seq")] for row in messages] == [
        ["RST seq 8001 (relative 1) is below 8121 (relative 121), the next byte the server "
         "expects: outside its window, so it drops the RST (RFC 9293 3.10.7.4): stale, forged "
         "or injected"],
        ["RST seq 68121 (relative 60121) is not 8121 (relative 121), the next byte the server "
         "expects: inside its window, so a challenge ACK answers it, not a reset (RFC 5961 3.2)"],
        ["RST seq 78121 (relative 70121) is beyond the server's window, 8121 (relative 121) + "
         "65536 bytes: it drops the RST (RFC 9293 3.10.7.4): stale, forged or injected"]]


def test_rst_judged_without_the_window_scale(tshark):
    """rst-window-unscaled.pcap starts mid-connection: 60 000 past the next byte may be inside
    the window (512 times an unknown scale) or beyond it, not a reset either way; 2^30 past it
    is beyond any window the field allows (512 << 14)."""
    rows = rst_rows(tshark, "crafted/rst-window-unscaled.pcap")
    assert [(r["tcpconn.label"], r["tcpconn.accepted"]) for r in rows[2:]] == [
        ("RST (ignored: not the next byte)", "0"), ("RST (ignored: out of window)", "0"),
        ("RST (abort)", "1")]
    message = tshark.fields("crafted/rst-window-unscaled.pcap", ["_ws.expert.message"], "-E",
                            "aggregator=|", "-Y", "tcpconn.analysis.rst_out_of_window")[0][0]
    assert "+ 8388608 bytes at the most (scale not captured)" in message


def test_rsts_that_do_not_acknowledge_the_syn_do_not_refuse(tshark):
    rows = rst_rows(tshark, "crafted/rst-syn-sent.pcap")
    assert [(r["tcpconn.label"], r["tcpconn.accepted"], r["tcpconn.state.client"], r["tcpconn.warning"])
            for r in rows[1:]] == [
        ("RST (ignored: does not acknowledge the SYN)", "0", "SYN-SENT", "rst_unacceptable"),
        ("RST-ACK (ignored: does not acknowledge the SYN)", "0", "SYN-SENT", "bad_ack,rst_unacceptable"),
        ("RST-ACK (refused)", "1", "CLOSED", "refused")]


def test_ignored_rsts_in_chinese_are_whole(tshark):
    """The longest messages fit Wireshark's 240-byte item labels in Chinese too."""
    for capture in ("crafted/rst-window.pcap", "crafted/rst-window-unscaled.pcap"):
        rows = tshark.fields(capture, ["_ws.expert.message"], "-E", "aggregator=|", "-o",
                             "tcpconn.language:chinese", "-Y", "tcpconn.accepted == 0")
        texts = [m for row in rows for m in row[0].split("|") if m.startswith("RST 序号")]
        assert len(texts) == (3 if capture.endswith("/rst-window.pcap") else 2), texts
        assert all(t.endswith(("注入的 RST", "（RFC 5961 3.2）")) for t in texts), texts
    labels = tshark.fields("crafted/rst-window.pcap", ["tcpconn.label"], "-o", "tcpconn.language:chinese")
    assert [row[0] for row in labels[5:]] == ["RST（被忽略：在接收窗口外）", "RST（被忽略：不是下一个字节）",
                                              "ACK", "RST（被忽略：在接收窗口外）", "RST（中止连接）"]


def test_a_real_server_drops_a_stale_rst(tshark):
    """real/stale-rst.pcapng: Linux dropped the RST below the next byte it expected, answered
    the request and closed normally; tcpconn says so, while Zeek takes the RST (RSTO)."""
    rows = rst_rows(tshark, "real/stale-rst.pcapng")
    assert [(r["tcpconn.label"], r["tcpconn.accepted"]) for r in rows[5:7]] == [
        ("RST (ignored: out of window)", "0"), ("data", "")]
    assert [r["tcpconn.label"] for r in rows[8:]] == [
        "FIN-ACK (close 1)", "ACK of FIN (close 2/4)", "FIN-ACK (close 3/4)", "final ACK (close 4/4)"]
    assert {r["tcpconn.conn.close"] for r in rows} == {"4-way"}
    assert {row[0] for row in tshark.fields("real/stale-rst.pcapng", ["tcpconn.conn.conn_state"], "-2")} == {"RSTO"}
    # The details pane says both views on the RST itself.
    pane = tshark.run("-r", tshark.capture("real/stale-rst.pcapng"), "-2", "-V", "-Y", "frame.number == 6").stdout
    assert [line.strip() for line in pane.splitlines() if "[Accepted:" in line] == [
        "[Accepted: False (Zeek's history and conn_state count it as received)]"]


def test_a_syn_on_an_open_connection_answered_with_a_challenge_ack(tshark):
    """syn-on-open-connection.pcap: the server answers each new SYN from the connection it
    still holds (RFC 5961 4). On port 40420 the SYN was injected and the connection closes
    normally; on 40421 the client's RST at the challenge ACK's ack resets the old connection and
    its SYN, sent again, opens the new one."""
    capture = "crafted/syn-on-open-connection.pcap"
    rows = tshark.fields(capture, ["frame.number", "tcpconn.label", "tcpconn.state.client",
                                   "tcpconn.state.server", "tcpconn.warning", "tcpconn.conn.first_frame",
                                   "tcpconn.conn.close"], "-2")
    by_frame = {int(r[0]): r[1:] for r in rows}
    assert [by_frame[n] for n in (6, 7, 8, 9, 15)] == [
        ["data ACK", "ESTABLISHED", "ESTABLISHED", "", "1", "4-way"],
        ["SYN (open 1/3)", "SYN-SENT", "LISTEN", "syn_challenged", "7", "not-closed"],
        ["ACK (challenge ACK to the SYN)", "ESTABLISHED", "ESTABLISHED", "challenge_ack", "1", "4-way"],
        ["data", "ESTABLISHED", "ESTABLISHED", "", "1", "4-way"],
        ["final ACK (close 4/4)", "TIME-WAIT", "CLOSED", "", "1", "4-way"]]
    assert [by_frame[n] for n in (22, 23, 24, 25, 26, 27)] == [
        ["SYN (open 1/3)", "SYN-SENT", "LISTEN", "syn_challenged", "22", "4-way"],
        ["ACK (challenge ACK to the SYN)", "ESTABLISHED", "ESTABLISHED", "challenge_ack", "16", "reset"],
        ["RST (abort)", "CLOSED", "CLOSED", "aborted", "16", "reset"],
        ["SYN (open 1/3, retransmission)", "SYN-SENT", "LISTEN", "", "22", "4-way"],
        ["SYN-ACK (open 2/3)", "ESTABLISHED", "SYN-RECEIVED", "", "22", "4-way"],
        ["final ACK (open 3/3)", "ESTABLISHED", "ESTABLISHED", "", "22", "4-way"]]
    # Every segment of the old connections after the SYN is still theirs.
    assert {by_frame[n][4] for n in range(8, 16)} == {"1"}
    messages = tshark.fields(capture, ["frame.number", "_ws.expert.message"], "-2", "-E", "aggregator=|",
                             "-Y", "tcpconn.analysis.challenge_ack || tcpconn.analysis.syn_challenged")
    said = {int(n): [m for m in text.split("|") if "challenge" in m] for n, text in messages}
    assert said == {
        7: ["SYN not taken: the server still held an open connection on this port pair and answered "
            "with a challenge ACK in frame 8 (RFC 9293 3.10.7.4, RFC 5961 4), not a SYN-ACK"],
        8: ["The server answers the new SYN from the connection it still holds: an ACK of the next "
            "byte it expects, a challenge ACK (RFC 5961 4). It did not take the SYN; this connection "
            "goes on"],
        22: ["SYN not taken: the server still held an open connection on this port pair and answered "
             "with a challenge ACK in frame 23 (RFC 9293 3.10.7.4, RFC 5961 4), not a SYN-ACK"],
        23: ["The server answers the new SYN from the connection it still holds: an ACK of the next "
             "byte it expects, a challenge ACK (RFC 5961 4). It did not take the SYN; this connection "
             "goes on"]}
    chinese = tshark.fields(capture, ["tcpconn.label"], "-o", "tcpconn.language:chinese", "-Y",
                            "tcpconn.analysis.challenge_ack")
    assert chinese == [["ACK（对 SYN 的挑战 ACK）"], ["ACK（对 SYN 的挑战 ACK）"]]


def test_a_real_server_answers_a_stray_syn_with_a_challenge_ack(tshark):
    """real/syn-on-open.pcapng: Linux, ESTABLISHED, got a SYN with a new ISN from the client's
    address and port, answered with a challenge ACK and went on with its connection."""
    rows = tshark.fields("real/syn-on-open.pcapng", ["tcpconn.label", "tcpconn.warning",
                                                     "tcpconn.conn.first_frame", "tcpconn.conn.close"], "-2")
    assert rows[7:9] == [["SYN (open 1/3)", "syn_challenged", "8", "not-closed"],
                         ["ACK (challenge ACK to the SYN)", "challenge_ack", "1", "4-way"]]
    assert [r[0] for r in rows[9:]] == ["data", "data", "data ACK", "FIN-ACK (close 1)",
                                        "ACK of FIN (close 2/4)", "FIN-ACK (close 3/4)", "final ACK (close 4/4)"]
    assert {tuple(r[2:]) for i, r in enumerate(rows) if i != 7} == {("1", "4-way")}


def test_a_receiver_that_acts_on_a_dropped_rst_is_pointed_out(tshark):
    """rst-acted-on.pcap: after a RST its receiver should drop, the server on 40430 never answers
    again though the client sends more, and the one on 40431 answers with a RST: both acted as if
    they took it. The real server of stale-rst.pcapng answered, so it did not."""
    capture = "crafted/rst-acted-on.pcap"
    rows = tshark.fields(capture, ["frame.number", "tcpconn.label", "tcpconn.warning"], "-2", "-E", "aggregator=|")
    assert [r for r in rows if "receiver_acted" in r[2]] == [
        ["7", "RST (ignored: out of window)", "rst_out_of_window|receiver_acted"],
        ["17", "RST (ignored: out of window)", "rst_out_of_window|receiver_acted"]]
    messages = tshark.fields(capture, ["_ws.expert.message"], "-2", "-E", "aggregator=|", "-Y",
                             "tcpconn.analysis.receiver_acted")
    tail = (", as if it had taken this one: what reached it differs from what the capture point saw "
            "(a capture point on another path, or a forged segment that got through)")
    assert [row[0].split("|")[-1] for row in messages] == [
        "The server sent nothing more, though the client sent more" + tail,
        "The server answered the client's next segments with a RST" + tail]
    # Only once the whole capture is read.
    assert tshark.fields(capture, ["frame.number"], "-Y", "tcpconn.analysis.receiver_acted") == []
    assert tshark.fields("real/stale-rst.pcapng", ["frame.number"], "-2", "-Y",
                         "tcpconn.analysis.receiver_acted") == []


def test_final_ack_outside_the_window_leaves_the_server_in_syn_received(tshark):
    """final-ack-out-of-window.pcap: the third segment is 70 000 past the client's ISN + 1,
    beyond the 65 160 bytes the SYN-ACK offers; the server drops it, and only the next ACK
    completes the handshake."""
    rows = rst_rows(tshark, "crafted/final-ack-out-of-window.pcap")
    assert [(r["tcpconn.label"], r["tcpconn.accepted"], r["tcpconn.state.client"],
             r["tcpconn.state.server"], r["tcpconn.warning"]) for r in rows[1:4]] == [
        ("SYN-ACK (open 2/3)", "", "ESTABLISHED", "SYN-RECEIVED", ""),
        ("ACK (ignored: out of window)", "0", "ESTABLISHED", "SYN-RECEIVED", "out_of_window"),
        ("final ACK (open 3/3)", "", "ESTABLISHED", "ESTABLISHED", "")]
    assert {r["tcpconn.conn.close"] for r in rows} == {"4-way"}
    message = tshark.fields("crafted/final-ack-out-of-window.pcap", ["_ws.expert.message"], "-E",
                            "aggregator=|", "-Y", "tcpconn.analysis.out_of_window")
    assert [m for row in message for m in row[0].split("|") if " seq " in m] == [
        "ACK seq 91001 (relative 70001) is beyond the server's window, 21001 (relative 1) + 65160 "
        "bytes: it ACKs and drops it (RFC 9293 3.10.7.4): stale, forged or injected"]


def test_fins_and_acks_of_fin_outside_the_window_close_nothing(tshark):
    """fin-out-of-window.pcap, window scale 7: a FIN beyond the server's 65 536 bytes and a
    stale one inside acknowledged data are dropped; so is the server's ACK of the real FIN
    beyond the client's 2 048 bytes. The close that follows is the ordinary 4-way one."""
    rows = rst_rows(tshark, "crafted/fin-out-of-window.pcap")
    assert [(r["frame.number"], r["tcpconn.label"], r["tcpconn.accepted"],
             r["tcpconn.state.client"], r["tcpconn.state.server"]) for r in rows[5:]] == [
        ("6", "FIN-ACK (ignored: out of window)", "0", "ESTABLISHED", "ESTABLISHED"),
        ("7", "FIN-ACK (ignored: out of window)", "0", "ESTABLISHED", "ESTABLISHED"),
        ("8", "FIN-ACK (close 1)", "", "FIN-WAIT-1", "CLOSE-WAIT"),
        ("9", "ACK (ignored: out of window)", "0", "FIN-WAIT-1", "CLOSE-WAIT"),
        ("10", "ACK of FIN (close 2/4)", "", "FIN-WAIT-2", "CLOSE-WAIT"),
        ("11", "FIN-ACK (close 3/4)", "", "TIME-WAIT", "LAST-ACK"),
        ("12", "final ACK (close 4/4)", "", "TIME-WAIT", "CLOSED")]
    assert item_messages(tshark, "crafted/fin-out-of-window.pcap", "out_of_window", " seq ") == [
        "FIN-ACK seq 92121 (relative 70121) is beyond the server's window, 22121 (relative 121) "
        "+ 65536 bytes: it ACKs and drops it (RFC 9293 3.10.7.4): stale, forged or injected",
        "FIN-ACK seq 22061 (relative 61) is below 22121 (relative 121), the next byte the server "
        "expects: outside its window, so it ACKs and drops it (RFC 9293 3.10.7.4): stale, forged "
        "or injected",
        "ACK seq 37001 (relative 5001) is beyond the client's window, 32001 (relative 1) + 2048 "
        "bytes: it ACKs and drops it (RFC 9293 3.10.7.4): stale, forged or injected"]


def test_acks_past_a_fin_acknowledge_data_never_sent_and_are_dropped(tshark):
    """ack-past-fin.pcap: nothing follows a FIN, so an ack past it acknowledges data never sent,
    which its receiver ACKs and drops (RFC 9293 3.10.7.4). A bare ACK past the client's FIN
    leaves it in FIN-WAIT-1; a FIN-ACK past the server's, across sequence wrap-around, closes
    nothing. Each close then goes on with the real segment."""
    capture = "crafted/ack-past-fin.pcap"
    rows = rst_rows(tshark, capture)
    assert [(r["frame.number"], r["tcpconn.label"], r["tcpconn.accepted"],
             r["tcpconn.state.client"], r["tcpconn.state.server"], r["tcpconn.warning"])
            for r in rows if r["frame.number"] in {"8", "9", "19", "20"}] == [
        ("8", "ACK (ignored: acknowledges data never sent)", "0", "FIN-WAIT-1", "CLOSE-WAIT",
         "ack_unsent"),
        ("9", "ACK of FIN (close 2/4)", "", "FIN-WAIT-2", "CLOSE-WAIT", ""),
        ("19", "FIN-ACK (ignored: acknowledges data never sent)", "0", "CLOSE-WAIT", "FIN-WAIT-1",
         "ack_unsent"),
        ("20", "FIN-ACK (close 2/3)", "", "LAST-ACK", "TIME-WAIT", "")]
    assert [r["tcpconn.conn.close"] for r in rows if r["frame.number"] in {"1", "12"}] == [
        "4-way", "3-way"]
    assert item_messages(tshark, capture, "ack_unsent", "past") == [
        "ack 700144 (relative 144) is past the client's FIN in frame 7 (its ack is 700044, "
        "relative 44): it acknowledges data never sent, which the client ACKs and drops "
        "(RFC 9293 3.10.7.4): forged or injected",
        "ack 5001 (relative 5046) is past the server's FIN in frame 18 (its ack is 1, relative "
        "46): it acknowledges data never sent, which the server ACKs and drops (RFC 9293 "
        "3.10.7.4): forged or injected"]
    chinese = tshark.fields(capture, ["tcpconn.label"], "-o", "tcpconn.language:chinese", "-Y",
                            "tcpconn.analysis.ack_unsent")
    assert chinese == [["ACK（被忽略：确认了从未发送的数据）"], ["FIN-ACK（被忽略：确认了从未发送的数据）"]]


def test_acks_below_any_window_their_sender_offered_are_dropped(tshark):
    """ack-too-old.pcap: an ack below what its sender acknowledged before by more than the widest
    window that sender can offer is dropped with a challenge ACK (RFC 5961 5.2). Without
    window scaling that is 65 535 bytes; with scale 7, 8 388 480, so an ACK 100 000 below is
    taken there, and a FIN-ACK 2^30 below, across wrap-around, is not."""
    capture = "crafted/ack-too-old.pcap"
    rows = rst_rows(tshark, capture)
    assert [(r["frame.number"], r["tcpconn.label"], r["tcpconn.accepted"],
             r["tcpconn.state.client"], r["tcpconn.warning"])
            for r in rows if r["frame.number"] in {"7", "8", "18", "19", "20"}] == [
        ("7", "FIN-ACK (ignored: ack too old)", "0", "ESTABLISHED", "ack_too_old"),
        ("8", "FIN-ACK (close 1)", "", "FIN-WAIT-1", ""),
        ("18", "ACK", "", "ESTABLISHED", ""),
        ("19", "FIN-ACK (ignored: ack too old)", "0", "ESTABLISHED", "ack_too_old"),
        ("20", "FIN-ACK (close 1)", "", "FIN-WAIT-1", "")]
    assert {r["tcpconn.conn.close"] for r in rows} == {"4-way"}
    assert item_messages(tshark, capture, "ack_too_old", "widest") == [
        "ack 850045 (relative 4294867341) is over 65535 bytes (the client's widest window) below "
        "950045 (relative 45), which it acknowledged before: the server drops it with a "
        "challenge ACK (RFC 5961 5.2): forged or injected",
        "ack 3221226517 (relative 3221225517) is over 8388480 bytes (the client's widest window) "
        "below 1045 (relative 45), which it acknowledged before: the server drops it with a "
        "challenge ACK (RFC 5961 5.2): forged or injected"]


def test_fin_judged_without_the_window_scale(tshark):
    """fin-out-of-window-unscaled.pcap starts mid-connection near 2^32: a FIN 2^30 past the
    next byte is beyond any window 512 can stand for and is dropped; one 60 000 past it may
    be inside, so it is taken."""
    rows = rst_rows(tshark, "crafted/fin-out-of-window-unscaled.pcap")
    assert [(r["tcpconn.label"], r["tcpconn.accepted"], r["tcpconn.state.client"])
            for r in rows[2:4]] == [
        ("FIN-ACK (ignored: out of window)", "0", "UNKNOWN"), ("FIN-ACK (close 1)", "", "FIN-WAIT-1")]
    message = tshark.fields("crafted/fin-out-of-window-unscaled.pcap", ["_ws.expert.message"],
                            "-E", "aggregator=|", "-Y", "tcpconn.analysis.out_of_window")[0][0]
    assert "+ 8388608 bytes at the most (scale not captured)" in message


def test_dropped_segments_in_chinese_are_whole(tshark):
    """The longest of these messages fits Wireshark's 240-byte item labels in Chinese."""
    rows = tshark.fields("crafted/fin-out-of-window-unscaled.pcap", ["tcpconn.label", "_ws.expert.message"],
                         "-E", "aggregator=|", "-o", "tcpconn.language:chinese", "-Y", "tcpconn.accepted == 0")
    assert rows[0][0] == "FIN-ACK（被忽略：在接收窗口外）"
    assert [m for m in rows[0][1].split("|") if m.startswith("FIN-ACK 序号")][0].endswith(
        "（最多，缩放未知）：丢弃并回 ACK（RFC 9293 3.10.7.4）：过期、伪造或注入的 FIN-ACK")
