# SPDX-License-Identifier: GPL-2.0-or-later
"""Zeek's connection boundaries: the captures of sample-pcaps/zeek/expected-rows.tsv, each cut
into several Zeek connections by Zeek's timers or its reuse rule. Their rows, worked out by hand
from Zeek's code (the functions named in the table), against the conn.log export (one pass and
two) and against the tcpconn.zeek.* fields of every segment."""
import csv
import itertools

import pytest

from test_connlog import connlog
from tshark_run import CAPTURES

with open(CAPTURES / "zeek" / "expected-rows.tsv", newline="") as table:
    ROWS = {capture: [(r["conn_state"], r["history"], r["originator"], r["orig_pkts"], r["resp_pkts"])
                      for r in sorted(rows, key=lambda r: int(r["row"]))]
            for capture, rows in itertools.groupby(csv.DictReader(table, delimiter="\t"),
                                                   key=lambda r: r["capture"])}


@pytest.mark.parametrize("capture", sorted(ROWS))
@pytest.mark.parametrize("mode", [(), ("-2",)], ids=["one-pass", "two-pass"])
def test_export_rows(tshark, capture, mode):
    _, rows = connlog(tshark, f"zeek/{capture}", *mode)
    assert [(r["conn_state"], r["history"], r["id.orig_h"], r["orig_pkts"], r["resp_pkts"])
            for r in rows] == ROWS[capture]


@pytest.mark.parametrize("capture", sorted(ROWS))
def test_segment_fields(tshark, capture):
    _, rows = connlog(tshark, f"zeek/{capture}", "-2")
    fields = ["tcpconn.zeek.uid", "tcpconn.zeek.conn_state", "tcpconn.zeek.history", "tcpconn.zeek.originator",
              "tcpconn.sender", "ip.src", "ip.dst"]
    frames = tshark.fields(f"zeek/{capture}", fields, "-2", "-Y", "tcpconn.role")
    by_uid = {}
    for uid, state, history, originator, sender, src, dst in frames:
        by_uid.setdefault(uid, set()).add((state, history, src if originator == sender else dst))
    # Every segment is in one of the export's rows, and each row's segments agree with it.
    assert list(by_uid) == [r["uid"] for r in rows]
    assert [by_uid[r["uid"]] for r in rows] == [{want[:3]} for want in ROWS[capture]]


@pytest.mark.parametrize("capture", sorted(ROWS))
def test_uid_in_one_pass(tshark, capture):
    # Known from the first segment on, so in every mode; the whole connection's fields need -2.
    one = tshark.fields(f"zeek/{capture}", ["tcpconn.zeek.uid", "tcpconn.zeek.conn_state"], "-Y", "tcpconn.role")
    two = tshark.fields(f"zeek/{capture}", ["tcpconn.zeek.uid"], "-2", "-Y", "tcpconn.role")
    assert [r[0] for r in one] == [r[0] for r in two] and all(r[0] for r in one)
    assert {r[1] for r in one} == {""}


def test_tcpconn_connections_stay_as_they_were(tshark):
    # The roles and tcpconn's own verdict follow tcpconn's connections: the three refused SYNs
    # with one ISN are one refused connection there, three REJ rows for Zeek.
    rows = tshark.fields("zeek/reuse-refused-retransmitted.pcap", ["tcpconn.conn.conn_state", "tcpconn.conn.history"],
                         "-2", "-Y", "tcpconn.role")
    assert {tuple(r) for r in rows} == {("REJ", "Sr")}


@pytest.mark.parametrize("mode", [(), ("-2",)], ids=["one-pass", "two-pass"])
def test_so_far_in_every_mode(tshark, mode):
    # Each Zeek connection's history and conn_state after each segment, the same in every mode:
    # the second connection starts from nothing where tcpconn's own history goes on.
    fields = ["tcpconn.zeek.uid", "tcpconn.zeek.so_far.history", "tcpconn.zeek.so_far.conn_state",
              "tcpconn.so_far.history"]
    rows = tshark.fields("zeek/split-close-delay-rst.pcap", fields, *mode)
    assert [tuple(r) for r in rows] == [
        ("C1", "S", "S0", "S"), ("C1", "Sh", "S1", "Sh"), ("C1", "ShR", "RSTO", "ShR"),
        ("C4", "D", "OTH", "ShRD"), ("C4", "Dr", "RSTRH", "ShRDr")]


def test_so_far_lone_synack(tshark):
    # A lone SYN-ACK's "H" until the ACK turns it into "^h", as for tcpconn.so_far.history.
    rows = tshark.fields("zeek/oth-synack-from-8443.pcap", ["tcpconn.zeek.so_far.history"], "-2")
    assert [r[0] for r in rows] == ["H", "^hA"]
