# SPDX-License-Identifier: GPL-2.0-or-later
"""Each capture in sample-pcaps/zeek/ against the conn_state, history and originator
worked out by hand from Zeek's rules (sample-pcaps/zeek/expected.tsv)."""
import csv

import pytest

from tshark_run import CAPTURES

with open(CAPTURES / "zeek" / "expected.tsv", newline="") as table:
    EXPECTED = {row["capture"]: row for row in csv.DictReader(table, delimiter="\t")}


@pytest.mark.parametrize("capture", sorted(EXPECTED))
def test_conn_state_history_and_originator(tshark, capture):
    want = EXPECTED[capture]
    fields = ["tcpconn.conn.conn_state", "tcpconn.conn.history", "tcpconn.sender", "tcpconn.conn.originator",
              "ip.src", "ip.dst"]
    # Zeek checks TCP checksums; Wireshark does so only when asked.
    rows = tshark.fields(f"zeek/{capture}", fields, "-2", "-o", "tcp.check_checksum:TRUE", "-Y", "tcpconn.role")
    assert rows
    got = {(state, history, src if sender == originator else dst)
           for state, history, sender, originator, src, dst in rows}
    assert got == {(want["conn_state"], want["history"], want["originator"])}


def test_every_conn_state_is_covered():
    assert {row["conn_state"] for row in EXPECTED.values()} == {
        "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"}


def test_every_history_letter_is_covered():
    letters = set("".join(row["history"] for row in EXPECTED.values()))
    assert set("SHADFRTWIQC^") <= {l.upper() if l != "^" else l for l in letters}
