# SPDX-License-Identifier: GPL-2.0-or-later
"""The Connections table (Statistics ▸ TCP Connections; tshark -z tcpconn,conns): one row per
connection, each value read back against what tcpconn and TCP show on that connection's packets
(tcpconn.connection, tcpconn.conn.*, tcp.len, ip addresses), on every bundled capture; the
single-pass table marks its verdicts as not final; a statistics filter keeps exactly the rows of
the connections it matches.
"""
import collections

import pytest

from tshark_run import all_captures

CAPTURES = all_captures()
NOT_FINAL = "the verdict needs the whole capture: tshark -2, or the GUI once the capture stops"
COLUMNS = ["Connection", "Client", "Server", "First frame", "Last frame", "Start (s)", "Duration (s)",
           "conn_state", "History", "Close", "Closed by", "SYN to SYN-ACK (ms)", "SYN-ACK to ACK (ms)",
           "Client segments", "Server segments", "Client bytes", "Server bytes", "Warnings", "Meaning"]
PACKET_FIELDS = ["frame.number", "frame.protocols", "frame.time_relative", "tcpconn.connection", "tcpconn.sender", "ip.src",
                 "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.len",
                 "tcpconn.conn.first_frame", "tcpconn.conn.last_frame", "tcpconn.conn.duration",
                 "tcpconn.conn.conn_state", "tcpconn.conn.history", "tcpconn.conn.close",
                 "tcpconn.conn.icmp_frame", "tcpconn.handshake.rtt_server", "tcpconn.handshake.rtt_client",
                 "tcpconn.teardown.initiator", "tcpconn.warning"]


def parse_table(text):
    """The rows of tshark's text table: a header of "name |" cells, the table's title, rows."""
    lines = text.splitlines()
    start = lines.index("TCP Connections:")
    assert lines[start + 1].startswith("Filter for statistics:")
    header = [cell.strip() for cell in lines[start + 2].split(" |")[:-1]]
    assert header == COLUMNS
    assert lines[start + 3] == "TCP connections"
    rows = []
    for line in lines[start + 4:]:
        if line.startswith("====="):
            return rows
        cells = [cell.strip() for cell in line.split(" |")[:-1]]
        assert len(cells) == len(COLUMNS), line
        rows.append(dict(zip(COLUMNS, cells)))
    raise AssertionError("the table has no end line")


def one_pass_table(tshark, capture):
    return parse_table(tshark.run("-r", tshark.capture(capture), "-q", "-z", "tcpconn,conns").stdout)


def whole_table(tshark, capture, statistics_filter=None):
    option = "tcpconn,conns" + (f",{statistics_filter}" if statistics_filter else "")
    return parse_table(tshark.run("-r", tshark.capture(capture), "-2", "-q", "-z", option).stdout)


def packets(tshark, capture):
    rows = tshark.fields(capture, PACKET_FIELDS, "-2")
    return [dict(zip(PACKET_FIELDS, row)) for row in rows]


def endpoint(address, port):
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def inner(packet, end):
    """The address of the IP header carrying TCP: the innermost, in a tunnel."""
    layers = [p for p in packet["frame.protocols"].split(":") if p in ("ip", "ipv6")]
    # Some releases leave an IP header under MPLS out of frame.protocols: whichever is there.
    layer = layers[-1] if layers else ("ip" if packet[f"ip.{end}"] else "ipv6")
    return packet[f"{layer}.{end}"].split(",")[-1]


def ms(seconds):
    return f"{float(seconds) * 1000:.3f}" if seconds else ""


def expected_rows(all_packets):
    """Each connection's row as its packets show it, by tcpconn.connection."""
    by_conn = collections.defaultdict(list)
    for p in all_packets:
        if p["tcpconn.connection"]:
            by_conn[int(p["tcpconn.connection"])].append(p)
    warnings_of_frame = {p["frame.number"]: p["tcpconn.warning"] for p in all_packets}
    rows = []
    for number, segs in sorted(by_conn.items()):
        first = segs[0]
        one = {f: first[f] for f in PACKET_FIELDS if f.startswith("tcpconn.conn.")}
        for p in segs:
            assert {f: p[f] for f in one} == one, f"connection {number}: conn.* differ between its packets"
        client = next((p for p in segs if p["tcpconn.sender"] == "client"), None)
        server = next((p for p in segs if p["tcpconn.sender"] == "server"), None)
        src = lambda p: endpoint(inner(p, "src"), p["tcp.srcport"])  # noqa: E731
        dst = lambda p: endpoint(inner(p, "dst"), p["tcp.dstport"])  # noqa: E731
        warnings = [w for p in segs for w in p["tcpconn.warning"].split(",") if w]
        if one["tcpconn.conn.icmp_frame"]:
            warnings += [w for w in warnings_of_frame[one["tcpconn.conn.icmp_frame"]].split(",") if w]
        initiators = [p["tcpconn.teardown.initiator"] for p in segs if p["tcpconn.teardown.initiator"]]
        rtt_server = next((p["tcpconn.handshake.rtt_server"] for p in segs if p["tcpconn.handshake.rtt_server"]), "")
        rtt_client = next((p["tcpconn.handshake.rtt_client"] for p in segs if p["tcpconn.handshake.rtt_client"]), "")
        rows.append({
            "Connection": str(number),
            "Client": src(client) if client else dst(server),
            "Server": src(server) if server else dst(client),
            "First frame": one["tcpconn.conn.first_frame"],
            "Last frame": one["tcpconn.conn.last_frame"],
            "Start (s)": f"{float(first['frame.time_relative']):.6f}",
            "Duration (s)": f"{float(one['tcpconn.conn.duration']):.6f}",
            "conn_state": one["tcpconn.conn.conn_state"],
            "History": one["tcpconn.conn.history"],
            "Close": one["tcpconn.conn.close"],
            "Closed by": initiators[-1] if initiators else "",
            "SYN to SYN-ACK (ms)": ms(rtt_server),
            "SYN-ACK to ACK (ms)": ms(rtt_client),
            "Client segments": str(sum(p["tcpconn.sender"] == "client" for p in segs)),
            "Server segments": str(sum(p["tcpconn.sender"] == "server" for p in segs)),
            "Client bytes": str(sum(int(p["tcp.len"] or 0) for p in segs if p["tcpconn.sender"] == "client")),
            "Server bytes": str(sum(int(p["tcp.len"] or 0) for p in segs if p["tcpconn.sender"] == "server")),
            "Warnings": sorted(set(warnings)),
        })
    return rows


def comparable(row):
    """A table row with its warnings as a set, without the meaning (a sentence, checked apart)."""
    out = {k: v for k, v in row.items() if k != "Meaning"}
    out["Warnings"] = sorted(set(w.strip() for w in row["Warnings"].split(",") if w.strip()))
    return out


def assert_rows_match(table, expected, where):
    """The table's rows are the expected ones; a start time may differ in its last digit, as a
    double holds it (a capture of years holds times of 10 digits before the point)."""
    got = [comparable(r) for r in table]
    assert len(got) == len(expected), where
    for row, want in zip(got, expected):
        start, want_start = float(row.pop("Start (s)")), float(want.pop("Start (s)"))
        assert abs(start - want_start) < 2e-6, (where, row["Connection"], start, want_start)
        assert row == want, where


@pytest.mark.parametrize("capture", CAPTURES)
def test_rows_are_what_the_packets_show(tshark, capture):
    """A row per connection, in the order they began, each value the connection's packets show."""
    rows = whole_table(tshark, capture)
    expected = expected_rows(packets(tshark, capture))
    assert_rows_match(rows, expected, capture)
    first_frames = [int(r["First frame"]) for r in rows]
    assert first_frames == sorted(first_frames)
    for row in rows:
        assert row["Meaning"] and "needs the whole capture" not in row["Meaning"]


def test_the_table_shows_every_kind_of_ending(tshark):
    """Over the bundled captures the rows cover the ways a connection ends, each named as
    tcpconn.conn.close names it (so a broken column cannot pass by showing nothing)."""
    closes = set()
    for capture in CAPTURES:
        closes |= {r["Close"] for r in whole_table(tshark, capture)}
    assert {"4-way", "3-way", "simultaneous", "reset", "not-closed", "half-closed", "icmp"} <= closes


@pytest.mark.parametrize("capture", ["real/http-client-close.pcapng", "crafted/port-reuse.pcap",
                                     "real/ipv6-icmp-port-unreachable.pcapng", "crafted/icmp-errors.pcap"])
def test_single_pass_marks_verdicts_not_final(tshark, capture):
    """In one pass (and in a live capture) the numbers are the connection's so far and the
    verdict is marked as such; with -2 the same rows carry the final verdict."""
    one_pass = one_pass_table(tshark, capture)
    two_pass = whole_table(tshark, capture)
    assert len(one_pass) == len(two_pass) > 0
    numbers = ["Connection", "Client", "Server", "First frame", "Last frame", "Start (s)", "Duration (s)",
               "Client segments", "Server segments", "Client bytes", "Server bytes"]
    for single, whole in zip(one_pass, two_pass):
        assert {k: single[k] for k in numbers} == {k: whole[k] for k in numbers}
        assert single["Meaning"] == NOT_FINAL
        assert single["conn_state"].endswith(" (so far)")
        assert single["Close"] == "" or single["Close"].endswith(" (so far)")


@pytest.mark.parametrize("capture, state", [("crafted/icmp-errors.pcap", "S0"), ("crafted/icmp-errors.pcap", "SF"),
                                            ("crafted/port-reuse.pcap", "S1")])
def test_statistics_filter_keeps_the_rows_it_matches(tshark, capture, state):
    """-z tcpconn,conns,FILTER (the dialog's Display filter): the rows of the connections whose
    packets match, as the whole table shows them, and no others."""
    whole = whole_table(tshark, capture)
    filtered = whole_table(tshark, capture, f'tcpconn.conn.conn_state == "{state}"')
    assert 0 < len(filtered) < len(whole)
    assert filtered == [r for r in whole if r["conn_state"] == state]


def test_row_filter_shows_the_rows_packets(tshark):
    """tcpconn.connection == N (the first column) shows the row's segments, all of them."""
    capture = "crafted/port-reuse.pcap"
    for row in whole_table(tshark, capture):
        frames = [int(line) for line in tshark.run(
            "-r", tshark.capture(capture), "-2", "-Y", f"tcpconn.connection == {row['Connection']}",
            "-T", "fields", "-e", "frame.number").stdout.split()]
        assert frames[0] == int(row["First frame"]) and frames[-1] == int(row["Last frame"])
        assert len(frames) == int(row["Client segments"]) + int(row["Server segments"])


@pytest.mark.parametrize("page", ["README.md", "docs/gui.md"])
def test_documented_tables_are_real(tshark, page):
    """The tables the docs show are what tshark prints."""
    import re
    import shlex

    from tshark_run import REPO
    text = (REPO / page).read_text()
    found = 0
    for m in re.finditer(r"\n( *)\$ tshark -r sample-pcaps/(\S+) (.*tcpconn,conns.*)\n((?:.*\n)*?) *```", text):
        indent, args = len(m.group(1)), shlex.split(m.group(3))
        shown = [line[indent:] for line in m.group(4).splitlines()]
        out = tshark.run("-r", tshark.capture(m.group(2)), *args).stdout
        assert out.splitlines() == shown, (page, m.group(2))
        found += 1
    assert found == 1
