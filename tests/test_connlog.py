# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark -z tcpconn,connlog: the output read back as a Zeek conn.log (Zeek's ASCII writer
format: #separator first, then the other header lines, rows, #close), rows compared with the
hand-derived expectations of sample-pcaps/zeek/expected.tsv and, for a few captures, whole
rows worked out from Zeek's code."""
import csv
import ipaddress
import json
import re

import pytest

from test_community_id import community_id
from tshark_run import CAPTURES

with open(CAPTURES / "zeek" / "expected.tsv", newline="") as table:
    EXPECTED = {row["capture"]: row for row in csv.DictReader(table, delimiter="\t")}

HEADERS = ["#separator", "#set_separator", "#empty_field", "#unset_field", "#path", "#open", "#fields", "#types"]
# The Conn::Info columns that are not &optional: never unset.
REQUIRED = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "missed_bytes"}


def check_value(kind, value):
    if kind in ("time", "interval"):
        assert re.fullmatch(r"\d+\.\d{6}", value), value
    elif kind == "addr":
        ipaddress.ip_address(value)
    elif kind == "port":
        assert 0 <= int(value) <= 65535
    elif kind == "count":
        assert re.fullmatch(r"\d+", value), value
    elif kind == "enum":
        assert value == "tcp"
    elif kind == "bool":
        assert value in ("T", "F")
    else:
        assert kind == "string" and value != ""


def read_conn_log(text):
    """The rows of a conn.log as dicts, after checking its structure as Zeek's reader does."""
    lines = text.splitlines()
    assert lines[0] == "#separator \\x09"
    sep = "\t"
    header = {}
    body = lines[1:]
    while body and body[0].startswith("#") and not body[0].startswith("#close"):
        key, _, value = body.pop(0).partition(sep)
        header[key] = value
    assert list(header) == HEADERS[1:]
    assert header["#path"] == "conn" and header["#unset_field"] == "-"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d", header["#open"])
    fields, types = header["#fields"].split(sep), header["#types"].split(sep)
    assert len(fields) == len(types)
    assert body and re.fullmatch(r"#close\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d", body[-1])
    rows = []
    for line in body[:-1]:
        values = line.split(sep)
        assert len(values) == len(fields), line
        row = dict(zip(fields, values))
        for name, kind in zip(fields, types):
            if row[name] != header["#unset_field"]:
                check_value(kind, row[name])
            else:
                assert name not in REQUIRED, name
        rows.append(row)
    return fields, rows


def connlog(tshark, capture, *extra):
    out = tshark.run("-r", tshark.capture(capture), "-q", "-z", "tcpconn,connlog", *extra).stdout
    return read_conn_log(out)


# Zeek's default conn.log columns (Zeek 7.1 on), which readers by position (Malcolm's pipeline
# among them) expect, then the community-id package's column.
ZEEK_COLUMNS = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
                "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp",
                "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes",
                "tunnel_parents", "ip_proto"]


def test_columns_are_zeeks_then_community_id(tshark):
    fields, rows = connlog(tshark, "zeek/sf-normal.pcap", "-2")
    assert fields == ZEEK_COLUMNS + ["community_id"]
    # Unset as Zeek leaves them without Site::local_nets and outside a tunnel; TCP is 6.
    assert [(r["local_orig"], r["local_resp"], r["tunnel_parents"], r["ip_proto"]) for r in rows] == [
        ("-", "-", "-", "6")]


def json_value(kind, text):
    """A TSV cell as Zeek's JSON writer writes the value."""
    if kind in ("time", "interval"):
        return float(text)
    if kind in ("port", "count"):
        return int(text)
    return text


@pytest.mark.parametrize("capture", ["zeek/sf-normal.pcap", "crafted/port-reuse.pcap",
                                     "zeek/oth-lone-synack.pcap", "real/ipv6-client-close.pcapng"])
def test_json_form_is_the_same_rows(tshark, capture):
    """-z tcpconn,connlog,json: one object per line, Zeek's field names, unset fields left out,
    the same values as the TSV form."""
    out = tshark.run("-r", tshark.capture(capture), "-q", "-2", "-z", "tcpconn,connlog,json").stdout
    objects = [json.loads(line) for line in out.splitlines()]
    text = tshark.run("-r", tshark.capture(capture), "-q", "-2", "-z", "tcpconn,connlog").stdout
    fields, rows = read_conn_log(text)
    types = dict(zip(fields, next(l for l in text.splitlines() if l.startswith("#types")).split("\t")[1:]))
    assert objects == [{f: json_value(types[f], r[f]) for f in fields if r[f] != "-"} for r in rows]


@pytest.mark.parametrize("capture", sorted(EXPECTED))
def test_rows_give_the_expected_verdict(tshark, capture):
    want = EXPECTED[capture]
    _, rows = connlog(tshark, f"zeek/{capture}", "-2", "-o", "tcp.check_checksum:TRUE")
    assert rows
    assert {(r["conn_state"], r["history"], r["id.orig_h"]) for r in rows} == {
        (want["conn_state"], want["history"], want["originator"])}


def test_one_pass_and_two_give_the_same_rows(tshark):
    for capture in ["real/http-client-close.pcapng", "crafted/port-reuse.pcap", "zeek/s0-syn-new-isn.pcap"]:
        assert connlog(tshark, capture) == connlog(tshark, capture, "-2")


def test_one_row_per_connection(tshark):
    _, rows = connlog(tshark, "crafted/port-reuse.pcap", "-2")
    uids = [r["uid"] for r in rows]
    assert len(uids) == len(set(uids)) == 4
    assert [r["id.orig_p"] for r in rows] == ["40300", "40300", "40301", "40301"]


# Whole rows (all columns but ts, uid and community_id), each worked out by hand:
# - sizes are TCP_Endpoint::Size(): the sequence space from the ISN (or one before the first
#   byte) to the highest seq or ack, less the SYN and the FIN; the GET is 42 bytes, the 200 OK 44;
# - packets and IP bytes as the ConnSize analyzer counts them (each SYN carries a 4-byte MSS
#   option: 44-byte IP packets, others 40 plus payload);
# - local_orig, local_resp and tunnel_parents unset (no Site::local_nets, no tunnel), ip_proto 6;
# - duration: TCPSessionAdapter::Process sets the last time only while one side has not closed,
#   so the last ACK after both FINs does not count; conn.log's set_conn() writes duration and
#   bytes only when the duration is above 0.
WHOLE_ROWS = {
    # SYN 0, SYN-ACK +0, ACK +0.5 ms, GET +2, ACK +0.5, 200 OK +3, ACK +0.5, FIN +10, FIN-ACK +5
    # (22.5 ms from the SYN), last ACK not counted.
    "zeek/sf-normal.pcap": "192.0.2.10 40004 192.0.2.20 80 tcp - 0.022500 42 44 SF - - 0 ShADadFf 6 286 5 248 - 6",
    # One SYN-ACK: duration 0, so no duration or bytes; the flip makes the SYN-ACK the responder's.
    "zeek/oth-lone-synack.pcap": "192.0.2.10 40023 192.0.2.20 80 tcp - - - - OTH - - 0 ^h 0 0 1 44 - 6",
    # SYN then RST 300 ms later: the RST takes no sequence space, so 0 bytes.
    "zeek/rstos0-syn-rst.pcap": "192.0.2.10 40015 192.0.2.20 80 tcp - 0.300000 0 0 RSTOS0 - - 0 SR 2 84 0 0 - 6",
    # No SYN: the server's space starts at the client's first ack less one and ends at its FIN.
    "zeek/sf-midstream-no-syn.pcap": "192.0.2.10 40005 192.0.2.20 80 tcp - 0.015500 42 0 SF - - 0 DaFfA 3 162 2 80 - 6",
    # Frame 4's bad checksum: C, not counted (6 client packets, not 7), not in the sizes.
    "zeek/sf-bad-checksum.pcap": "192.0.2.10 40035 192.0.2.20 80 tcp - 0.217500 42 44 SF - - 0 ShACDadFf 6 286 4 208 - 6",
}


@pytest.mark.parametrize("capture", sorted(WHOLE_ROWS))
def test_whole_rows(tshark, capture):
    fields, rows = connlog(tshark, capture, "-2", "-o", "tcp.check_checksum:TRUE")
    assert [" ".join(r[f] for f in fields[2:-1]) for r in rows] == [WHOLE_ROWS[capture]]
    assert [r["community_id"] for r in rows] == [
        community_id(r["id.orig_h"], r["id.resp_h"], int(r["id.orig_p"]), int(r["id.resp_p"])) for r in rows]


def test_ipv6_row_and_time(tshark):
    _, rows = connlog(tshark, "real/ipv6-client-close.pcapng", "-2")
    first = tshark.fields("real/ipv6-client-close.pcapng", ["frame.time_epoch"], "-c", "1")[0][0]
    assert [(r["ts"], r["id.orig_h"], r["id.resp_h"], r["orig_ip_bytes"]) for r in rows] == [
        (f"{float(first):.6f}", "fd00:99::1", "fd00:99::2", "537")]
