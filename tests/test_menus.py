# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's menus: the statistics tree (-z tcpconn,tree), the flow graph
(-z flow,tcpconn,standard) and the tcpconn profile (column and coloring rules),
all through the real tshark with the freshly built plugin.
"""
import collections
import pathlib
import re
import shlex
import shutil
import struct
import subprocess

import pytest

from tshark_run import PROFILE, REPO, all_captures, fields_line

CAPTURES = all_captures()


def parse_stats(out):
    """(indent, item, count, average, min, max, percent) per row of the tcpconn tree."""
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Topic / Item"))
    head = lines[header]
    starts = [head.index(name) for name in ("Count", "Average", "Min Val", "Max Val", "Rate (ms)",
                                            "Percent", "Burst Rate")]
    rows = []
    for line in lines[header + 2:]:
        if line.startswith("==="):
            break
        if not line.strip() or line.startswith("---"):
            continue
        item = line[: starts[0]].rstrip()
        count, average, low, high, _rate, percent = [line[a:b].strip() for a, b in zip(starts, starts[1:])]
        rows.append((len(item) - len(item.lstrip()), item.strip(), count, average, low, high, percent))
    return rows


# The label starts in the column of the arrow's left node, which need not be the first.
ARROW = re.compile(r"^(?:\d+\s*)?\|(\d+\.\d+)\s*\|(?:\s*\|)*\s*(.*?)\s*\|(?:\s*\|)*([^|]*)$")


def parse_flow(out):
    """(time, label, comment) per arrow of a flow graph printed by tshark."""
    return [m.groups() for m in map(ARROW.match, out.splitlines()) if m]


def stats_rows(tshark, capture, *extra):
    out = tshark.run("-r", tshark.capture(capture), "-q", "-z", "tcpconn,tree", *extra).stdout
    return parse_stats(out)


def flow_arrows(tshark, capture, *extra):
    out = tshark.run("-r", tshark.capture(capture), "-q", "-z", "flow,tcpconn,standard", *extra).stdout
    return parse_flow(out)


SEGMENT_FIELDS = ["tcp.stream", "tcpconn.role", "tcpconn.label", "tcpconn.state.client",
                  "tcpconn.state.server", "tcpconn.ack_check.ok", "tcpconn.sender", "tcp.seq",
                  "tcp.ack", "tcp.len", "tcp.flags.ack", "tcpconn.accepted", "tcpconn.conn.first_frame"]


def everything(tshark, capture):
    """One tshark run with the whole capture: the labelled segments' fields, the statistics
    tree and the flow graph."""
    args = ["-r", tshark.capture(capture), "-Y", "tcpconn.role", "-T", "fields", "-E", "occurrence=f"]
    for field in SEGMENT_FIELDS:
        args += ["-e", field]
    out = tshark.run(*args, "-2", "-z", "tcpconn,tree", "-z", "flow,tcpconn,standard").stdout
    segments = [dict(zip(SEGMENT_FIELDS, fields_line(line))) for line in out.splitlines() if "\t" in line]
    return segments, parse_stats(out), parse_flow(out)


def counts(rows):
    """{(parent, item): count} with parent the enclosing item."""
    result, parents = {}, []
    for indent, item, count, *_ in rows:
        del parents[indent:]
        result[(parents[-1] if parents else "", item)] = int(count)
        parents.append(item)
    return result


ROLES = "Segments by role (average, min, max: payload bytes)"
ENDINGS = "Connections: how they ended (average, min, max: duration, ms)"
INITIATOR = "Connections: closed or aborted, by who began it"
CONN_STATE = "Connections: by Zeek conn_state (average, min, max: duration, ms)"
RTT = "All handshakes: RTT (ms) from SYN to final ACK"


def test_stats_tree_on_a_client_close(tshark):
    capture = "real/http-client-close.pcapng"
    # The connection's duration, ms, as its own field gives it: the close ends it.
    seconds = float(tshark.fields(capture, ["tcpconn.conn.duration"], "-2")[0][0])
    # The tree keeps single-precision floats.
    single = struct.unpack("f", struct.pack("f", seconds * 1e3))[0]
    average, ms = f"{single:.2f}", f"{single:.6f}"
    head = [
        (0, ROLES, "11", "", "", "", "100%"),
        (1, "SYN", "1", "0.00", "0", "0", "9.09%"),
        (1, "SYN-ACK", "1", "0.00", "0", "0", "9.09%"),
        (1, "FINAL-ACK", "1", "0.00", "0", "0", "9.09%"),
        (1, "DATA", "2", "107.00", "97", "117", "18.18%"),
        (1, "DATA-ACK", "2", "0.00", "0", "0", "18.18%"),
        (1, "FIN-ACK", "2", "0.00", "0", "0", "18.18%"),
        (1, "CLOSE-ACK", "2", "0.00", "0", "0", "18.18%"),
        (0, ENDINGS, "1", average, ms, ms, "100%"),
        (1, "closed, 4-way", "1", average, ms, ms, "100.00%"),
        (0, INITIATOR, "1", "", "", "", "100%"),
        (1, "client", "1", "", "", "", "100.00%"),
    ]
    tail = [
        (0, RTT, "1", "0.05", "0.046901", "0.046901", "100%"),
        (1, "under 1 ms", "1", "0.05", "0.046901", "0.046901", "100.00%"),
    ]
    # One pass cannot know a connection's final state: the tree says where it is known.
    assert stats_rows(tshark, capture) == head + [
        (0, CONN_STATE, "1", "", "", "", "100%"),
        (1, "known with tshark -2 or in the GUI", "1", "", "", "", "100.00%")] + tail
    assert stats_rows(tshark, capture, "-2") == head + [
        (0, CONN_STATE, "1", average, ms, ms, "100%"),
        (1, "SF (Normal establishment and termination)", "1", average, ms, ms, "100.00%")] + tail


@pytest.mark.parametrize("capture", CAPTURES)
def test_stats_tree_order_and_no_zero_rows(tshark, capture):
    """Sections in reading order; Wireshark 4.0's GUI sorts every level by name, descending,
    and tshark every level but the top one as the tree asks: so section names descend, and
    rows in a reader's order (roles in lifecycle order, endings as a connection can end,
    conn_state in Zeek's order, RTT buckets by size) are ranges, which both keep in place;
    other rows descend by name. No row below a section is 0."""
    rows = stats_rows(tshark, capture, "-2")
    sections = [r[1] for r in rows if r[0] == 0]
    assert sections == [ROLES, ENDINGS, INITIATOR, CONN_STATE, RTT]
    assert sections == sorted(sections, reverse=True) == sorted(sections, key=str.lower, reverse=True)
    siblings = collections.defaultdict(list)
    parents = []
    for indent, item, count, *_ in rows:
        del parents[indent:]
        siblings[tuple(parents)].append(item)
        parents.append(item)
        assert indent == 0 or int(count) > 0, item
    buckets = ["under 1 ms", "1 to 10 ms", "10 to 100 ms", "100 ms to 1 s", "1 s or more"]
    endings = ["closed, 4-way", "closed, 3-way", "closed, simultaneous", "ended by a RST",
               ICMP_ENDED, "not closed in the capture"]
    zeek = ["S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"]
    for parent, items in siblings.items():
        if parent == (ENDINGS,):
            assert items == [e for e in endings if e in items]
        elif parent == (ENDINGS, "ended by a RST"):
            assert items == [r for r in ("refused", "aborted") if r in items]
        elif parent == (ENDINGS, ICMP_ENDED):
            assert items == [r for r in ("refused", "unreachable") if r in items]
        elif parent == (CONN_STATE,):
            states = [item.split(" ")[0] for item in items]
            assert states == [z for z in zeek if z in states] or states == ["known"]
        elif parent not in ((ROLES,), (RTT,)):
            assert items == sorted(items, reverse=True)
    assert siblings[(RTT,)] == [b for b in buckets if b in siblings[(RTT,)]]
    roles = siblings[(ROLES,)]
    lifecycle = ["SYN", "SYN-ACK", "FINAL-ACK", "DATA", "DATA-ACK", "ACK", "FIN-ACK", "FIN",
                 "CLOSE-ACK", "RST-ACK", "RST"]
    assert roles == [r for r in lifecycle if r in roles]


# A connection attempt an ICMP error answered, and nothing else: neither closed nor reset.
ICMP_ENDED = "ended by an ICMP error (connection attempt)"

KINDS = {
    # capture: {how connections ended: connections}, with the whole capture
    "real/http-server-close.pcapng": {"closed, 4-way": 1},
    "real/three-way-close.pcapng": {"closed, 3-way": 1},
    "crafted/simultaneous-close.pcap": {"closed, simultaneous": 1},
    "real/refused.pcapng": {"ended by a RST": 1, "refused": 1},
    "real/abortive-close.pcapng": {"ended by a RST": 1, "aborted": 1},
    "crafted/refused-syn-retrans.pcap": {"ended by a RST": 1, "refused": 1},
    "crafted/port-reuse.pcap": {"closed, 4-way": 3, "not closed in the capture": 1},
    "crafted/unanswered-syn.pcap": {"not closed in the capture": 1},
    "crafted/mid-connection.pcap": {"closed, 4-way": 1},
}

INITIATORS = {
    # who began the close or sent the RST that aborted; a refused connection was never open
    "real/http-server-close.pcapng": {"server": 1},
    "real/refused.pcapng": {},
    "real/abortive-close.pcapng": {"client": 1},
    "crafted/port-reuse.pcap": {"client": 3},
    "crafted/unanswered-syn.pcap": {},
}


@pytest.mark.parametrize("capture", sorted(KINDS))
def test_connections_by_how_they_ended(tshark, capture):
    got = counts(stats_rows(tshark, capture, "-2"))
    kinds = {item: n for (parent, item), n in got.items() if parent in (ENDINGS, "ended by a RST")}
    assert kinds == KINDS[capture]
    # In one pass, only what has ended by then: no "not closed".
    one_pass = counts(stats_rows(tshark, capture))
    assert {item: n for (parent, item), n in one_pass.items() if parent in (ENDINGS, "ended by a RST")} \
        == {k: n for k, n in KINDS[capture].items() if k != "not closed in the capture"}


def conn_state_counts(tshark, capture, *extra):
    got = counts(stats_rows(tshark, capture, *extra))
    return {item.split(" ")[0]: n for (parent, item), n in got.items() if parent == CONN_STATE}


@pytest.mark.parametrize("capture", CAPTURES)
def test_connections_by_conn_state(tshark, capture):
    """With the whole capture, each connection under its final conn_state."""
    final = tshark.fields(capture, ["tcpconn.conn.conn_state", "tcpconn.conn.first_frame", "frame.number"],
                          "-2", "-Y", "tcpconn.role")
    want = collections.Counter(state for state, first, number in final if first == number)
    assert conn_state_counts(tshark, capture, "-2") == dict(want)
    assert conn_state_counts(tshark, capture) == ({"known": sum(want.values())} if want else {})


@pytest.mark.parametrize("capture", sorted(INITIATORS))
def test_connections_by_who_ended_them(tshark, capture):
    for passes in ([], ["-2"]):
        got = counts(stats_rows(tshark, capture, *passes))
        assert {item: n for (parent, item), n in got.items() if parent == INITIATOR} == INITIATORS[capture]


@pytest.mark.parametrize("capture", CAPTURES)
def test_every_connection_and_segment_counted_once(tshark, capture):
    """Connections: one per tcpconn connection (a tcp.stream, or part of one, or two streams when
    a challenge ACK keeps a connection), each ended in one way or not closed; roles: one per
    labelled segment. Flow graph: one arrow per labelled segment, with its label (as far
    as the text ladder shows it), its direction, seq/ack/len as Wireshark's TCP flow shows
    them, and the states after it."""
    segments, rows, arrows = everything(tshark, capture)
    got = counts(rows)
    streams = {s["tcpconn.conn.first_frame"] for s in segments}

    assert got.get(("", ENDINGS), 0) == len(streams)
    kinds = sum(n for (parent, _), n in got.items() if parent == ENDINGS)
    assert kinds == len(streams)
    assert got.get(("", CONN_STATE), 0) == len(streams)
    refused = got.get(("ended by a RST", "refused"), 0)
    not_closed = got.get((ENDINGS, "not closed in the capture"), 0)
    by_icmp = got.get((ENDINGS, ICMP_ENDED), 0)
    assert got.get(("", INITIATOR), 0) == len(streams) - not_closed - refused - by_icmp
    assert got[("", ROLES)] == len(segments)
    roles = collections.Counter(s["tcpconn.role"] for s in segments)
    assert {item: n for (parent, item), n in got.items() if parent == ROLES} == roles

    # The direction, Wireshark's own relative numbers, the states after the segment.
    peer = {"client": "server", "server": "client"}
    want = [f"{s['tcpconn.sender']}->{peer[s['tcpconn.sender']]} seq={s['tcp.seq']} "
            f"ack={s['tcp.ack'] if s['tcp.flags.ack'] == '1' else 0} len={s['tcp.len']}; "
            f"client {s['tcpconn.state.client']}, server {s['tcpconn.state.server']}"
            + ("; wrong ack" if s["tcpconn.ack_check.ok"] == "0" else "")
            + (f"; ignored by the {peer[s['tcpconn.sender']]}" if s["tcpconn.accepted"] == "0" else "")
            for s in segments]
    assert [comment for _, _, comment in arrows] == want
    # The text ladder gives a label 20 columns per node it crosses: longer ones are cut.
    for (_, label, _), s in zip(arrows, segments):
        full = s["tcpconn.label"]
        assert full.startswith(label) and len(label) >= min(len(full), 20)


@pytest.mark.parametrize("capture", [c for c in CAPTURES if c.startswith("real/")])
def test_handshake_rtt_is_wiresharks_initial_rtt(tshark, capture):
    """SYN to the final ACK, as tcp.analysis.initial_rtt on kernel-made connections."""
    rows = {r[1]: r for r in stats_rows(tshark, capture)}
    _, _, count, _, low, high, _ = rows[RTT]
    finals = tshark.fields(capture, ["tcp.analysis.initial_rtt"], "-Y", "tcpconn.analysis.handshake_complete")
    rtts = sorted(float(r[0]) * 1000 for r in finals)
    assert int(count) == len(rtts)
    if rtts:
        assert (float(low), float(high)) == pytest.approx((rtts[0], rtts[-1]), abs=5e-7)


def test_handshake_rtt_buckets(tshark):
    rows = stats_rows(tshark, "crafted/port-reuse.pcap")
    rtt = rows.index(next(r for r in rows if r[1] == RTT))
    assert rows[rtt:] == [
        (0, RTT, "4", "1.00", "1.000000", "1.000000", "100%"),
        (1, "1 to 10 ms", "4", "1.00", "1.000000", "1.000000", "100.00%"),
    ]


@pytest.mark.parametrize("capture", ["real/http-client-close.pcapng", "crafted/port-reuse.pcap",
                                     "crafted/icmp-quoted.pcap", "crafted/truncated.pcap"])
def test_stats_tree_same_in_two_passes(tshark, capture):
    """What does not need the whole capture is counted the same in one pass and in two."""
    def sections(rows):
        kept, keep = [], False
        for row in rows:
            keep = row[1] in (ROLES, INITIATOR, RTT) if row[0] == 0 else keep
            kept += [row] if keep else []
        return kept
    assert sections(stats_rows(tshark, capture, "-2")) == sections(stats_rows(tshark, capture))


def test_flow_graph_of_a_client_close(tshark):
    # The text ladder has 20 columns between two nodes: longer labels are cut there.
    assert flow_arrows(tshark, "real/http-client-close.pcapng") == [
        ("0.000000000", "SYN (open 1/3)", "client->server seq=0 ack=0 len=0; client SYN-SENT, server LISTEN"),
        ("0.000021626", "SYN-ACK (open 2/3)",
         "server->client seq=0 ack=1 len=0; client ESTABLISHED, server SYN-RECEIVED"),
        ("0.000046901", "final ACK (open 3/3)",
         "client->server seq=1 ack=1 len=0; client ESTABLISHED, server ESTABLISHED"),
        ("0.000105179", "data", "client->server seq=1 ack=1 len=97; client ESTABLISHED, server ESTABLISHED"),
        ("0.000110758", "data ACK", "server->client seq=1 ack=98 len=0; client ESTABLISHED, server ESTABLISHED"),
        ("0.000265364", "data", "server->client seq=1 ack=98 len=117; client ESTABLISHED, server ESTABLISHED"),
        ("0.000271954", "data ACK",
         "client->server seq=98 ack=118 len=0; client ESTABLISHED, server ESTABLISHED"),
        ("0.100464345", "FIN-ACK (close 1)", "client->server seq=98 ack=118 len=0; client FIN-WAIT-1, server CLOSE-WAIT"),
        ("0.110072123", "ACK of FIN (close 2/",
         "server->client seq=118 ack=99 len=0; client FIN-WAIT-2, server CLOSE-WAIT"),
        ("0.310242909", "FIN-ACK (close 3/4)", "server->client seq=118 ack=99 len=0; client TIME-WAIT, server LAST-ACK"),
        ("0.310279498", "final ACK (close 4/4", "client->server seq=99 ack=119 len=0; client TIME-WAIT, server CLOSED"),
    ]


def test_flow_graph_arrows_directions(tshark):
    out = tshark.run("-r", tshark.capture("real/http-client-close.pcapng"), "-q", "-z",
                     "flow,tcpconn,standard").stdout
    directions = ["->" if "-->" in line else "<-" for line in out.splitlines() if "---" in line and "(" in line]
    assert directions == ["->", "<-", "->", "->", "<-", "<-", "->", "->", "<-", "<-", "->"]


def test_flow_graph_same_in_two_passes(tshark):
    capture = "crafted/port-reuse.pcap"
    assert flow_arrows(tshark, capture, "-2") == flow_arrows(tshark, capture)


def test_flow_graph_numbers_as_tcp_shows_them(tshark):
    """The arrows' numbers are TCP's own for the frame: raw ones where TCP's preference says so."""
    capture = "real/http-client-close.pcapng"
    raw = ["-o", "tcp.relative_sequence_numbers:FALSE"]
    rows = tshark.fields(capture, ["tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.flags.ack"])
    want = [f"seq={seq} ack={ack if flag == '1' else 0} len={length}" for seq, ack, length, flag in rows]
    got = [re.search(r"seq=\d+ ack=\d+ len=\d+", comment).group(0)
           for _, _, comment in flow_arrows(tshark, capture, *raw)]
    assert got == want


def test_flow_graph_keeps_the_arrow_of_a_header_cut_in_its_options(tshark):
    """Cut at 66 bytes, the SYN's and SYN-ACK's options are cut short; Wireshark 4.0's TCP then
    gives them no tap data (4.4 and later do). Every arrow stays, as on the whole capture, with
    its numbers where TCP gave them and without them where it did not."""
    cut = pathlib.Path(tshark.capture("cut-in-options.pcapng"))
    subprocess.run(["editcap", "-s", "66", tshark.capture("real/http-client-close.pcapng"), str(cut)],
                   check=True)
    cut.chmod(0o644)
    arrows = flow_arrows(tshark, "cut-in-options.pcapng")
    whole = flow_arrows(tshark, "real/http-client-close.pcapng")
    assert len(arrows) == len(whole) == 11
    without_numbers = lambda comment: re.sub(r" seq=\d+ ack=\d+ len=\d+", "", comment)  # noqa: E731
    for (time, label, comment), (whole_time, whole_label, whole_comment) in zip(arrows, whole):
        assert (time, label) == (whole_time, whole_label)
        assert comment in (whole_comment, without_numbers(whole_comment))
    assert arrows[2:] == whole[2:]


def test_registered_in_tshark(tshark):
    listing = tshark.run("-z", "help").stderr.split()
    assert "tcpconn,tree" in listing
    assert "flow,tcpconn" in listing


@pytest.fixture(scope="module")
def profile(tshark):
    """The tcpconn profile where Wireshark copies a global profile on first use."""
    target = tshark.plugin_home.home / ".config" / "wireshark" / "profiles" / "tcpconn"
    shutil.copytree(PROFILE, target)
    yield "tcpconn"
    shutil.rmtree(target)


def test_profile_puts_the_role_column_before_info(tshark, profile):
    out = tshark.run("-C", profile, "-r", tshark.capture("real/http-client-close.pcapng")).stdout
    labels = [row[0] for row in tshark.fields("real/http-client-close.pcapng", ["tcpconn.label"])]
    lines = out.splitlines()
    assert len(lines) == len(labels) == 11
    for line, label in zip(lines, labels):
        assert f" {label} " in line
    before, after = lines[0].split(" SYN (open 1/3) ", 1)
    assert before.rstrip().endswith("TCP 74") and "[SYN]" in after


# The longest label tcpconn writes, and the packet list font's width per character
# (Noto Sans Mono under Xvfb: "final ACK (simultaneous close 4/4)" is 265 pixels).
LONGEST_LABEL = "FIN-ACK + data (simultaneous close 2/4, retransmission)"
PIXELS_PER_CHARACTER = 8


def test_profile_role_column_holds_an_ordinary_connections_labels_and_info_stretches(tshark):
    """The Role column holds every label of an ordinary connection, and is narrow enough to
    leave Info room in Wireshark's first-start window (750 pixels) beside the default columns
    (about 460)."""
    prefs = (PROFILE / "preferences").read_text()
    columns = re.findall(r'^\t"([^"]+)", "([^"]+)"', prefs, re.M)
    assert [title for title, _ in columns][-2:] == ["Role", "Info"]
    widths = dict(re.findall(r'^\t"?(%[^",]+?)"?, (-?\d+)', (PROFILE / "recent").read_text(), re.M))
    labels = [row[0] for row in tshark.fields("real/http-client-close.pcapng", ["tcpconn.label"])]
    role = int(widths["%Cus:tcpconn.label"])
    assert max(map(len, labels)) * PIXELS_PER_CHARACTER <= role <= 240
    assert "%i" in widths


def test_longest_label_is_the_longest_on_the_captures(tshark):
    labels = {row[0] for capture in CAPTURES for row in tshark.fields(capture, ["tcpconn.label"]) if row[0]}
    assert max(map(len, labels)) <= len(LONGEST_LABEL)
    assert "FIN-ACK (simultaneous close 2/4)" in labels and "FIN-ACK (close 1, retransmission)" in labels


COLORS = {
    # background per rule of the profile's colorfilters: tcpconn's, and Wireshark's that
    # TCP segments reach (Bad TCP, TCP RST, TCP SYN/FIN, TCP)
    (0x5C, 0x35, 0x66): "anomaly",
    (0xFC, 0xE9, 0x4F): "note",
    (0x8A, 0xE2, 0x34): "handshake",
    (0xFC, 0xAF, 0x3E): "teardown",
    (0x72, 0x9F, 0xCF): "data",
    (0x8F, 0xD6, 0xD6): "ack",
    (0x12, 0x27, 0x2E): "bad tcp",
    (0xA4, 0x00, 0x00): "reset",
    (0xA0, 0xA0, 0xA0): "syn/fin",
    (0xE7, 0xE6, 0xFF): "tcp",
}


def colored_lines(tshark, profile, capture, *extra):
    """The coloring rule's class per summary line (tshark --color colors only a terminal)."""
    command = shlex.join(tshark.plugin_home.command("tshark", "-C", profile, "--color", "-r",
                                                    tshark.capture(capture), *extra,
                                                    env={"COLORTERM": "truecolor"}))
    proc = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=tshark.root,
                          capture_output=True, text=True, timeout=120, check=True)
    classes = []
    for line in proc.stdout.splitlines():
        m = re.search(r"\x1b\[48;2;(\d+);(\d+);(\d+)m\s*\d+ ", line)
        if m:
            classes.append(COLORS.get(tuple(int(v) for v in m.groups()), "?"))
        elif re.match(r"^\s*\d+ ", line):
            classes.append("")
    return classes


@pytest.mark.parametrize("capture, passes, classes", [
    ("real/http-client-close.pcapng", [],
     ["handshake"] * 3 + ["data", "ack", "data", "ack"] + ["teardown"] * 4),
    ("real/abortive-close.pcapng", [],
     ["handshake"] * 3 + ["data", "ack", "data", "ack", "reset"]),
    # tcpconn's warnings win over Wireshark's alarms: the ACK that misses the FIN (Wireshark's
    # duplicate ACK) shows as the warning it is; its retransmissions stay "Bad TCP".
    ("crafted/seed-002-close.pcap", [], ["note", "teardown", "teardown", "anomaly"]),
    ("crafted/refused-syn-retrans.pcap", [], ["handshake", "bad tcp", "bad tcp", "reset"]),
    ("crafted/port-reuse.pcap", [],
     ["handshake"] * 3 + ["data", "data", "ack"] + ["teardown"] * 4
     + ["bad tcp"] + ["handshake"] * 2 + ["data", "data", "ack"] + ["teardown"] * 4
     + ["handshake"] * 3 + ["data", "data", "ack"] + ["bad tcp"] + ["handshake"] * 2
     + ["data", "data", "ack"] + ["teardown"] * 4),
    # What only the whole capture shows: the SYN never answered, the FIN left unanswered
    # (seed 004's half-closed connection).
    ("crafted/unanswered-syn.pcap", ["-2"], ["anomaly", "bad tcp", "bad tcp"]),
    ("crafted/syn-scan.pcap", ["-2"], ["handshake", "handshake", "reset", "handshake", "anomaly"]),
    ("crafted/seed-004-smtp.pcap", ["-2"],
     ["handshake"] * 3 + ["data"] * 11 + ["ack"] + ["data"] * 3 + ["teardown", "anomaly"]),
], ids=lambda v: ("two-pass" if v else "one-pass") if isinstance(v, list) and len(v) < 2 else None)
def test_profile_colors_each_kind_of_segment(tshark, profile, capture, passes, classes):
    assert colored_lines(tshark, profile, capture, *passes) == classes


def coloring_rules(path):
    return [line for line in path.read_text().splitlines() if line.startswith("@")]


def test_profile_keeps_wiresharks_coloring_rules():
    """Wireshark's default rules, unchanged and in Wireshark's order; tcpconn's warning rule
    before them all, its others after Wireshark's alarm rules (which win over them) and before
    its protocol rules."""
    data = subprocess.run([str(REPO / "scripts" / "wireshark-folder.sh"), "Global configuration"],
                          capture_output=True, text=True, check=True).stdout.strip()
    defaults = coloring_rules(pathlib.Path(data) / "colorfilters")
    rules = coloring_rules(PROFILE / "colorfilters")
    ours = [r for r in rules if r.startswith("@tcpconn")]
    assert [r for r in rules if not r.startswith("@tcpconn")] == defaults
    assert rules[0] == ours[0] and ours[0].startswith("@tcpconn warning:")
    ours = ours[1:]
    first = rules.index(ours[0])
    assert rules[first:first + len(ours)] == ours
    assert rules[first - 1].startswith("@Checksum Errors@") and rules[first + len(ours)].startswith("@SMB@")
    # No tcpconn colour is one of Wireshark's.
    colors = lambda rule: rule.rsplit("@", 1)[1]
    assert not {colors(r).split("]")[0] for r in ours} & {colors(r).split("]")[0] for r in defaults}


def test_profile_loads_without_complaint(tshark, profile):
    proc = tshark.run("-C", profile, "--color", "-r", tshark.capture("crafted/seed-002-close.pcap"))
    assert proc.stderr.strip() == ""


def expert_fields(severity):
    """tcpconn's expert fields of a severity, from the core's tables."""
    names = (REPO / "plugin" / "core" / "lifecycle_names.h").read_text()
    icmp = (REPO / "plugin" / "core" / "icmp_error.h").read_text()
    return (set(re.findall(rf'X\(\w+, "(\w+)", {severity},', names))
            | set(re.findall(rf'X\(\w+, "\w+", "(\w+)", {severity},', icmp))
            | ({"incomplete"} if severity == "NOTE" else set()))


def test_profile_colors_every_warning_and_note():
    rules = {line.split("@")[1].split(":")[0]: line.split("@")[2]
             for line in (PROFILE / "colorfilters").read_text().splitlines() if line.startswith("@tcpconn")}
    assert rules["tcpconn warning"] == ('tcpconn.warning && !(tcpconn.role in {"RST", "RST-ACK"} '
                                        '&& tcpconn.accepted == 1)')
    assert rules["tcpconn note"] == "tcpconn.note"


@pytest.mark.parametrize("capture", CAPTURES)
def test_one_field_for_every_warning_and_one_for_every_note(tshark, capture):
    """tcpconn.warning (tcpconn.note) names each tcpconn warning (note) expert item of the
    frame, with the whole capture's items too."""
    warnings, notes = sorted(expert_fields("WARN")), sorted(expert_fields("NOTE"))
    experts = warnings + notes
    rows = tshark.fields(capture, ["tcpconn.warning", "tcpconn.note"] + [f"tcpconn.analysis.{e}" for e in experts], "-2")
    seen = set()
    for row in rows:
        present = {e for e, v in zip(experts, row[2:]) if v}
        assert set(filter(None, row[0].split(","))) == present & set(warnings)
        assert set(filter(None, row[1].split(","))) == present & set(notes)
        seen |= present
    assert rows and (capture != "crafted/seed-004-smtp.pcap" or "half_closed" in seen)


def expert_sections(tshark, capture):
    """{(protocol, summary): severity section} from tshark -z expert."""
    out = tshark.run("-r", tshark.capture(capture), "-q", "-z", "expert").stdout
    found, section = {}, None
    for line in out.splitlines():
        head = re.match(r"^(Errors|Warns|Notes|Chats) \(\d+\)", line)
        if head:
            section = head.group(1)
        item = re.match(r"^\s+\d+\s+\S+\s+(\S+)\s+(.*)$", line)
        if item and section:
            found[item.groups()] = section
    return found


@pytest.mark.parametrize("capture, wireshark, tcpconn", [
    ("real/refused.pcapng", "Connection reset (RST)", "Connection refused"),
    ("real/abortive-close.pcapng", "Connection reset (RST)", "Connection aborted"),
    ("crafted/refused-syn-retrans.pcap", "This frame is a (suspected) retransmission", "SYN retransmitted"),
    ("crafted/port-reuse.pcap", "A new tcp session is started", "New SYN with a different ISN"),
    ("crafted/port-reuse.pcap", "A new tcp session is started", "New connection on a port pair"),
])
def test_severities_as_wiresharks(tshark, capture, wireshark, tcpconn):
    """Where Wireshark's TCP dissector reports the same finding, tcpconn gives it the same severity."""
    found = expert_sections(tshark, capture)
    theirs = {s for (proto, text), s in found.items() if proto == "TCP" and text.startswith(wireshark)}
    ours = {s for (proto, text), s in found.items() if proto == "TCPCONN" and text.startswith(tcpconn)}
    assert len(theirs) == 1 and ours == theirs


def test_stats_tree_says_when_tcpconn_is_switched_off(tshark):
    capture = "real/http-client-close.pcapng"
    off = [row[1] for row in stats_rows(tshark, capture, "-2", "--disable-protocol", "tcpconn") if row[0] == 0]
    assert off[0] == "tcpconn is switched off (Analyze > Enabled Protocols): nothing counted"
    assert all(row[1] != off[0] for row in stats_rows(tshark, capture, "-2"))


def test_profile_colours_an_ignored_rst_as_the_warning_it_is(tshark, profile):
    """A RST its receiver drops is tcpconn's warning; the one that resets stays TCP RST."""
    capture = tshark.capture("crafted/rst-window.pcap")
    out = tshark.run("-C", profile, "--color", "-r", capture, "-T", "fields", "-e", "frame.number",
                     "-e", "frame.coloring_rule.name").stdout
    rules = dict(line.split("\t") for line in out.splitlines())
    assert [rules[n].split(":")[0] for n in ("6", "7", "9")] == ["tcpconn warning"] * 3
    assert rules["10"] == "TCP RST"


IGNORED = "ignored by its receiver (RFC 9293 3.10.7)"
DROPPED = {
    # capture: {role: segments of it the receiver would drop}
    "real/stale-rst.pcapng": {"RST": 1},
    "crafted/fin-out-of-window.pcap": {"FIN-ACK": 2, "ACK": 1},
    "crafted/rst-window.pcap": {"RST": 3},
}


@pytest.mark.parametrize("capture", sorted(DROPPED))
def test_segments_their_receiver_drops_are_counted_apart(tshark, capture):
    """Below its role, the statistics tree counts the segments the receiver would drop, as many
    as tcpconn.accepted is false on; the flow graph's comment names who ignores each."""
    got = counts(stats_rows(tshark, capture, "-2"))
    assert {parent: n for (parent, item), n in got.items() if item == IGNORED} == DROPPED[capture]
    dropped = tshark.fields(capture, ["frame.number", "tcpconn.sender"], "-Y", "tcpconn.accepted == 0")
    assert len(dropped) == sum(DROPPED[capture].values())
    receiver = {"client": "server", "server": "client"}
    ignored = [comment.rsplit("; ", 1)[1] for _, _, comment in flow_arrows(tshark, capture)
               if comment.endswith(("ignored by the server", "ignored by the client"))]
    assert ignored == [f"ignored by the {receiver[sender]}" for _, sender in dropped]
