#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write docs/fields.md, the reference of every tcpconn field and expert item, from what the
plugin registers as tshark lists it (tshark -G fields, with the built plugin loaded).

    TCPCONN_PLUGIN=build/tcpconn.so python3 docs/make_fields.py          rewrite docs/fields.md
    TCPCONN_PLUGIN=build/tcpconn.so python3 docs/make_fields.py --check  fail if it is stale
"""
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from as_nobody import PluginHome  # noqa: E402

PAGE = REPO / "docs" / "fields.md"

HEAD = """# tcpconn's fields and expert items

Every field and expert item tcpconn registers, as `tshark -G fields` lists them: the names to
type in a display filter, a column or `tshark -T fields -e`. Written by `docs/make_fields.py`
from the plugin itself; `tests/test_fields_page.py` checks it against the plugin on every
supported Wireshark. Expert items have no value (type `FT_NONE`): filter on their presence,
e.g. `tcpconn.analysis.refused`. What needs the whole capture (tshark -2, or the GUI once the file is
read) says so.

| Field | Type | Name | Description |
|---|---|---|---|
"""


def registered(plugin):
    """(abbrev, type, name, description) of each tcpconn field, in registration order."""
    home = PluginHome(plugin)
    try:
        out = subprocess.run(home.command("tshark", "-G", "fields"), cwd=home.root,
                             capture_output=True, text=True, check=True).stdout
    finally:
        home.cleanup()
    rows = []
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) > 7 and cols[0] == "F" and cols[4] == "tcpconn":
            rows.append((cols[2], cols[3], cols[1], cols[7]))
    return rows


def cell(text):
    return text.replace("|", "\\|")


def page(plugin):
    rows = registered(plugin)
    return HEAD + "".join(f"| `{a}` | {t} | {cell(n)} | {cell(d)} |\n" for a, t, n, d in rows)


def main():
    plugin = pathlib.Path(os.environ.get("TCPCONN_PLUGIN", REPO / "build" / "tcpconn.so"))
    text = page(plugin)
    if sys.argv[1:] == ["--check"]:
        if PAGE.read_text() != text:
            sys.exit(f"{PAGE} is stale: run docs/make_fields.py")
        return
    PAGE.write_text(text)


if __name__ == "__main__":
    main()
