# SPDX-License-Identifier: GPL-2.0-or-later
"""What a user reads about tcpconn's fields: tshark -G fields (the GUI's status bar shows the
same descriptions) lists every value of every string field, the user documentation too (the
README and docs/roles-and-fields.md), and single-pass output says what needs tshark -2.
"""
import re

import pytest

from tshark_run import REPO, all_captures

CAPTURES = all_captures()
# Where a user reads what the values mean: the README, and the page on roles and fields.
DOCS = "\n".join((REPO / page).read_text() for page in ("README.md", "docs/roles-and-fields.md"))

# Fields with a fixed set of values; their description lists the set after a colon.
ENUMERATED = ["tcpconn.role", "tcpconn.sender", "tcpconn.teardown.kind", "tcpconn.teardown.initiator",
              "tcpconn.state.client", "tcpconn.state.server", "tcpconn.ack_check.of",
              "tcpconn.so_far.conn_state", "tcpconn.conn.conn_state", "tcpconn.so_far.originator",
              "tcpconn.conn.originator", "tcpconn.warning", "tcpconn.note", "tcpconn.not_analysed",
              "tcpconn.state.assumed", "tcpconn.conn.one_sided", "tcpconn.conn.close", "tcpconn.zeek.conn_state",
              "tcpconn.zeek.so_far.conn_state", "tcpconn.zeek.originator", "tcpconn.icmp.error",
              "tcpconn.icmp.effect", "tcpconn.icmp.reporter_is", "tcpconn.icmp.quoted_sender",
              "tcpconn.conn.icmp"]
# Fields whose values are free-form (labels, history letters, identifiers); their description
# says what they hold after a colon.
FREE_FORM = {"tcpconn.label", "tcpconn.so_far.history", "tcpconn.conn.history", "tcpconn.zeek.history",
             "tcpconn.zeek.so_far.history", "tcpconn.zeek.uid", "tcpconn.community_id",
             "tcpconn.icmp.reporter"}


@pytest.fixture(scope="module")
def descriptions(tshark):
    out = tshark.run("-G", "fields").stdout
    return {cols[2]: (cols[3], cols[7]) for cols in (line.split("\t") for line in out.splitlines())
            if len(cols) > 7 and cols[0] == "F" and cols[2].startswith("tcpconn.")}


@pytest.fixture(scope="module")
def seen(tshark):
    """Every value each string field takes on the bundled captures, with the whole capture."""
    fields = [f for f in ENUMERATED + ["tcpconn.label", "tcpconn.so_far.history", "tcpconn.conn.history"]]
    values = {f: set() for f in fields}
    for capture in CAPTURES:
        for row in tshark.fields(capture, fields, "-2", "-E", "aggregator=|"):
            for field, cell in zip(fields, row):
                values[field] |= set(filter(None, cell.split("|")))
    return values


def words(description):
    """The values a description lists after its first colon."""
    values = re.split(r'[:,;]|\s+or\s+|\(|\)', description.split(":", 1)[1])
    return {re.sub(r"^also\s+", "", w.strip()) for w in values} - {""}


def test_every_string_field_is_described(descriptions):
    strings = {name for name, (ftype, _) in descriptions.items() if ftype == "FT_STRING"}
    assert strings == set(ENUMERATED) | FREE_FORM
    for name in strings:
        assert ":" in descriptions[name][1], name


@pytest.mark.parametrize("field", ENUMERATED)
def test_description_lists_every_value_seen(descriptions, seen, field):
    description = descriptions[field][1]
    for value in seen[field]:
        assert value in words(description) or f'"{value}"' in description, (field, value)


def test_descriptions_list_the_core_tables(descriptions):
    names = (REPO / "plugin" / "core" / "lifecycle_names.h").read_text()
    table = lambda name: re.findall(r'X\(\w+, "([^"]+)"', names[names.index(f"define {name}"):].split("\n\n")[0])
    assert words(descriptions["tcpconn.role"][1]) >= set(table("TC_ROLE_TABLE"))
    assert words(descriptions["tcpconn.state.client"][1]) >= set(table("TC_STATE_TABLE"))
    assert words(descriptions["tcpconn.teardown.kind"][1]) >= set(table("TC_TEARDOWN_TABLE"))
    assert words(descriptions["tcpconn.conn.conn_state"][1]) >= set(table("TC_CONN_STATE_TABLE"))
    assert words(descriptions["tcpconn.conn.close"][1]) >= set(table("TC_CLOSE_TABLE"))
    warn = set(re.findall(r'X\(\w+, "(\w+)", WARN,', names))
    note = set(re.findall(r'X\(\w+, "(\w+)", NOTE,', names)) | {"incomplete"}
    assert words(descriptions["tcpconn.warning"][1]) >= warn
    assert words(descriptions["tcpconn.note"][1]) >= note


def test_history_letters_and_labels_are_described(descriptions, seen):
    for field in ("tcpconn.so_far.history", "tcpconn.conn.history"):
        listed = set(re.findall(r"(?:^\s*|, )(\S) ", descriptions[field][1].split("responder:", 1)[1]))
        assert {letter.upper() for value in seen[field] for letter in value} <= listed | {"^"}
    texts = re.search(r"\(([^)]*)\)", descriptions["tcpconn.label"][1]).group(1).split(", ")
    for label in seen["tcpconn.label"]:
        assert any(label.startswith(text) for text in texts), label


def test_whole_capture_fields_say_so(descriptions):
    for name, (_, description) in descriptions.items():
        if name.startswith("tcpconn.conn.") or name in ("tcpconn.conn", "tcpconn.conn.conn_state"):
            assert "tshark -2, or the GUI" in description, name


def row_names(cell):
    """The fields a table row's first cell names: `tcpconn.a.b`, then `.c` for tcpconn.a.c."""
    names = []
    for name in re.findall(r"`([^`]+)`", cell):
        if name.startswith(".") and names:
            name = names[0].rsplit(".", 1)[0] + name
        names.append(name)
    return names


def documenting(field):
    """The passages of the docs that document a field's values: each table row whose first cell
    names it, and each run of prose from the field's name to the next tcpconn field's. A
    warning's or note's values are expert items, documented in their own rows."""
    experts = field in ("tcpconn.warning", "tcpconn.note")
    passages = []
    for line in DOCS.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            names = row_names(cells[1])
            if any(n == field or n.endswith(".*") and field.startswith(n[:-1])
                   or experts and n.startswith("tcpconn.analysis.") for n in names):
                passages.append(line)
    prose = "\n".join(line for line in DOCS.splitlines() if not line.startswith("|"))
    for m in re.finditer(rf"`{re.escape(field)}`", prose):
        after = prose[m.end():]
        end = re.search(r"`tcpconn\.[a-z_.]+`", after)
        passages.append(after[:end.start() if end else None])
    return passages


# Fields the docs describe as taking another's values (the whole connection's, or Zeek's
# connection's, verdict), listed only there.
SAME_VALUES = {"tcpconn.conn.conn_state": "tcpconn.so_far.conn_state",
               "tcpconn.zeek.conn_state": "tcpconn.so_far.conn_state",
               "tcpconn.zeek.so_far.conn_state": "tcpconn.so_far.conn_state",
               "tcpconn.conn.originator": "tcpconn.so_far.originator",
               "tcpconn.zeek.originator": "tcpconn.so_far.originator"}


@pytest.mark.parametrize("field", ENUMERATED)
def test_docs_list_every_value_seen(seen, field):
    """Each value is listed where the field is documented, not merely somewhere in the docs."""
    passages = documenting(SAME_VALUES.get(field, field))
    assert passages, field
    for value in seen[field]:
        if field == "tcpconn.not_analysed":
            value = value.split(":")[0]
        if field in ("tcpconn.warning", "tcpconn.note"):
            value = f"tcpconn.analysis.{value}"
        assert any(value in passage for passage in passages), (field, value)


def test_single_pass_says_what_needs_two_passes(tshark):
    capture = tshark.capture("crafted/seed-004-smtp.pcap")
    one = tshark.run("-r", capture, "-V", "-Y", "frame.number == 20").stdout
    two = tshark.run("-r", capture, "-2", "-V", "-Y", "frame.number == 20").stdout
    hint = "Connection (whole capture): not known in one pass"
    assert hint in one and "need tshark -2" in one
    assert hint not in two and "Connection (whole capture): S2" in two
