# SPDX-License-Identifier: GPL-2.0-or-later
"""Every capture, in every way tshark can be asked, gives the same per-segment answer.

The answers are kept in tests/expected/ (one file per capture, rewritten by
regen_expected.py and reviewed by hand); the first pass computes them, and
every later pass must only read back what it stored.
"""
import json

import pytest

from tshark_run import FIELDS, all_captures, expected_path, plugin_release

CAPTURES = all_captures()
ROLE = FIELDS.index("tcpconn.role")
LABEL = FIELDS.index("tcpconn.label")
NOT_ANALYSED = FIELDS.index("tcpconn.not_analysed")


def expected(capture):
    return expected_path(capture, plugin_release()).read_text().splitlines()


def labelled(lines):
    """The expected lines of frames that carry a tcpconn tree."""
    return [line for line in lines if line.split("\t")[ROLE] or line.split("\t")[NOT_ANALYSED]]


@pytest.mark.parametrize("capture", CAPTURES)
def test_single_pass(tshark, capture):
    assert tshark.table(capture) == expected(capture)


@pytest.mark.parametrize("capture", CAPTURES)
def test_two_pass(tshark, capture):
    assert tshark.table(capture, "-2") == expected(capture)


@pytest.mark.parametrize("capture", CAPTURES)
@pytest.mark.parametrize("passes", [[], ["-2"]], ids=["one-pass", "two-pass"])
def test_display_filter_on_plugin_field(tshark, capture, passes):
    assert tshark.table(capture, *passes, "-Y", "tcpconn") == labelled(expected(capture))


@pytest.mark.parametrize("capture", CAPTURES)
def test_display_filter_on_other_field_keeps_earlier_state(tshark, capture):
    """Frames hidden by a filter still feed the connection state of later ones. The filter
    also shows the last frame, so that every capture has a row to compare."""
    want = {int(line.split("\t")[0]): line for line in expected(capture)}
    last = max(want)
    got = tshark.table(capture, "-Y",
                       f'tcp.flags.fin == 1 || tcpconn.role == "CLOSE-ACK" || frame.number == {last}')
    shown = [int(line.split("\t")[0]) for line in got]
    assert got == [want[n] for n in shown]
    assert last in shown
    assert {n for n, line in want.items() if line.split("\t")[ROLE] == "CLOSE-ACK"} <= set(shown)


@pytest.mark.parametrize("capture", CAPTURES)
@pytest.mark.parametrize("passes", [[], ["-2"]], ids=["one-pass", "two-pass"])
def test_json_output(tshark, capture, passes):
    out = tshark.run("-r", tshark.capture(capture), *passes, "-T", "json", "-e", "frame.number",
                     "-e", "tcpconn.label").stdout
    got = {}
    for packet in json.loads(out):
        layers = packet["_source"]["layers"]
        got[int(layers["frame.number"][0])] = layers.get("tcpconn.label", [""])[0]
    want = {int(l.split("\t")[0]): l.split("\t")[LABEL] for l in expected(capture)}
    assert got == want


@pytest.mark.parametrize("capture", CAPTURES)
def test_ek_output(tshark, capture):
    out = tshark.run("-r", tshark.capture(capture), "-T", "ek", "-e", "frame.number",
                     "-e", "tcpconn.role").stdout
    got = {}
    for line in out.splitlines():
        doc = json.loads(line)
        if "layers" not in doc:
            continue
        layers = doc["layers"]
        role = layers.get("tcpconn_role", [""])
        got[int(layers["frame_number"][0])] = role[0] if isinstance(role, list) else role
    want = {int(l.split("\t")[0]): l.split("\t")[ROLE] for l in expected(capture)}
    assert got == want


@pytest.mark.parametrize("capture", CAPTURES)
def test_verbose_tree(tshark, capture):
    out = tshark.run("-r", tshark.capture(capture), "-2", "-V").stdout
    # The whole tree is computed, not read from the packet: tshark shows it in brackets.
    shown = [line.strip()[1:-1] for line in out.splitlines() if line.startswith("[TCP connection: ")]
    want = []
    for line in expected(capture):
        cells = line.split("\t")
        if cells[ROLE]:
            want.append(f"TCP connection: {cells[LABEL]} from the {cells[FIELDS.index('tcpconn.sender')]}")
        elif cells[LABEL]:  # an ICMP error quoting a segment: its label alone
            want.append(f"TCP connection: {cells[LABEL]}")
    assert shown == want


@pytest.mark.parametrize("capture", CAPTURES)
def test_custom_column(tshark, capture):
    column = 'gui.column.format:"No.","%m","Role","%Cus:tcpconn.label"'
    out = tshark.run("-r", tshark.capture(capture), "-o", column).stdout
    got = [line.strip().split(None, 1) for line in out.splitlines()]
    want = [[l.split("\t")[0], l.split("\t")[LABEL]] if l.split("\t")[LABEL] else [l.split("\t")[0]]
            for l in expected(capture)]
    assert got == want
