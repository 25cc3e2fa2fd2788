# SPDX-License-Identifier: GPL-2.0-or-later
"""tcpconn's fields in Elasticsearch (docs/elastic.md). The index mapping tshark writes for
tcpconn (tshark -G elastic-mapping --elastic-mapping-filter tcpconn) gives every number,
boolean and time that tshark -G fields lists for tcpconn an Elasticsearch type that holds all
of its values, and leaves out only strings and FT_NONE items, as tshark's rule is; and
tshark -T ek -2 writes, for one packet, values of the kind those types take: the role a
string, the step and frame numbers digits, booleans true or false, times seconds, items null.
"""
import json
import math

import pytest

from tshark_run import release_tuple

# Elasticsearch types that hold every value of each Wireshark type tcpconn registers; the
# first is the one docs/elastic.md's template gives it. None stands for "not in the mapping":
# tshark maps no string field ("Fields falling in the default case (string) won't be mapped",
# tshark(1)), and an FT_NONE item has no value to map.
RIGHT_TYPES = {
    "FT_STRING": ("keyword", "text", None),
    "FT_NONE": (None,),
    "FT_BOOLEAN": ("boolean",),
    "FT_UINT8": ("short", "integer", "long"),  # not "byte": signed, -128 to 127
    "FT_UINT32": ("long",),
    "FT_FRAMENUM": ("long",),
    "FT_UINT40": ("long",), "FT_UINT48": ("long",), "FT_UINT56": ("long",),
    "FT_UINT64": ("unsigned_long",),  # "long" stops at 2^63 - 1
    "FT_DOUBLE": ("double",),  # not "float": 7 digits
    "FT_RELATIVE_TIME": ("double",),  # seconds; a "date" is milliseconds since 1970
}
# Wireshark before 4.6 maps a relative time as a "date", which Elasticsearch would read as
# milliseconds since 1970: the plugin cannot change that rule, docs/elastic.md's template
# maps these fields as "double". The test pins the rule, so that a change in it is noticed.
BEFORE_4_6 = {"FT_RELATIVE_TIME": ("date",)}
INTEGER_MAX = {"short": 2 ** 15 - 1, "integer": 2 ** 31 - 1, "long": 2 ** 63 - 1, "unsigned_long": 2 ** 64 - 1}

CAPTURE = "real/http-client-close.pcapng"
FRAME = 3  # the final ACK of the handshake: acknowledges frame 2, has both RTTs and an expert item


def ek_key(abbrev):
    """The key tshark -T ek writes a tcpconn field under, in its layer and in the mapping."""
    return ("tcpconn_" + abbrev).replace(".", "_")


@pytest.fixture(scope="module")
def field_types(tshark):
    rows = (line.split("\t") for line in tshark.run("-G", "fields").stdout.splitlines())
    return {cols[2]: cols[3] for cols in rows if len(cols) > 4 and cols[0] == "F" and cols[4] == "tcpconn"}


@pytest.fixture(scope="module")
def mapping(tshark):
    out = tshark.run("-G", "elastic-mapping", "--elastic-mapping-filter", "tcpconn").stdout
    layers = json.loads(out)["mappings"]["properties"]["layers"]["properties"]
    return {key: prop["type"] for key, prop in layers["tcpconn"]["properties"].items()}


@pytest.fixture(scope="module")
def packet(tshark):
    """Frame FRAME's tcpconn layer in tshark -T ek -2 output."""
    out = tshark.run("-r", tshark.capture(CAPTURE), "-T", "ek", "-2", "-J", "frame tcpconn").stdout
    docs = [json.loads(line) for line in out.splitlines() if line.startswith('{"timestamp"')]
    return next(d["layers"]["tcpconn"] for d in docs if d["layers"]["frame"]["frame_frame_number"] == str(FRAME))


def test_mapping_gives_every_field_a_type_that_holds_its_values(tshark, field_types, mapping):
    assert len(field_types) > 80 and set(RIGHT_TYPES) >= set(field_types.values()), \
        f"a Wireshark type with no expected Elasticsearch type: {set(field_types.values()) - set(RIGHT_TYPES)}"
    expected = dict(RIGHT_TYPES)
    if release_tuple(tshark.release) < release_tuple("4.6"):
        expected.update(BEFORE_4_6)
    wrong = [f"{abbrev} ({ftype}) is mapped {mapping.get(ek_key(abbrev))!r}, expected one of "
             f"{list(expected[ftype])}"
             for abbrev, ftype in sorted(field_types.items())
             if mapping.get(ek_key(abbrev)) not in expected[ftype]]
    assert not wrong, f"tshark {tshark.release}'s Elasticsearch mapping for tcpconn:\n" + "\n".join(wrong)
    # Nothing in the mapping that is not a tcpconn field.
    assert set(mapping) <= {ek_key(abbrev) for abbrev in field_types}


def value_fits(kind, value):
    """Whether an ek value can be indexed as an Elasticsearch type (None: an FT_NONE item)."""
    if kind is None:
        return value is None
    if kind in ("keyword", "text"):
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return False
    if kind in INTEGER_MAX:  # ek writes numbers as strings, which Elasticsearch takes
        return str(value).isdigit() and int(value) <= INTEGER_MAX[kind]
    if kind == "double":
        return math.isfinite(float(value))
    raise AssertionError(f"no check for Elasticsearch type {kind}")


def test_ek_values_are_what_the_types_take(field_types, packet):
    expected_kind = {ek_key(abbrev): RIGHT_TYPES[ftype][0] for abbrev, ftype in field_types.items()}
    fields = {key: value for key, value in packet.items() if key != "_ws_expert"}
    assert set(fields) <= set(expected_kind), "a key that is not a tcpconn field's ek key"
    for key, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            assert value_fits(expected_kind[key], one), (key, value, expected_kind[key])
    assert packet["tcpconn_tcpconn_role"] == "FINAL-ACK"
    assert packet["tcpconn_tcpconn_step"] == "3" and packet["tcpconn_tcpconn_acks_frame"] == "2"
    assert packet["tcpconn_tcpconn_ack_check_ok"] is True and packet["tcpconn_tcpconn_handshake_seen"] is True
    assert packet["tcpconn_tcpconn_handshake_rtt_server"] == "0.000021626"
    assert packet["tcpconn_tcpconn_conn_duration"] == "0.310279498"  # needs -2
    assert packet["tcpconn_tcpconn_conn_handshake_frame"] == ["1", "2", "3"]
    assert packet["tcpconn_tcpconn_conn_client_bytes"] == "97"
    # FT_NONE items have no value: a tree node and an expert item are written as null.
    assert packet["tcpconn_tcpconn_ack_check"] is None
    assert packet["_ws_expert"]["tcpconn_tcpconn_analysis_handshake_complete"] is None
