# SPDX-License-Identifier: GPL-2.0-or-later
"""docs/fields.md, the reference of every field and expert item, is what the plugin under test
registers (tshark -G fields), on every supported Wireshark."""
import subprocess
import sys

from tshark_run import REPO


def test_fields_page_is_what_the_plugin_registers(tshark):
    proc = subprocess.run([sys.executable, str(REPO / "docs" / "make_fields.py"), "--check"],
                          env=tshark.env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    # The page lists every field tshark knows of tcpconn, and nothing else.
    listed = {line.split("`")[1] for line in (REPO / "docs" / "fields.md").read_text().splitlines()
              if line.startswith("| `")}
    known = {cols[2] for cols in (line.split("\t") for line in tshark.run("-G", "fields").stdout.splitlines())
             if len(cols) > 4 and cols[0] == "F" and cols[4] == "tcpconn"}
    assert listed == known and "tcpconn.conn.close" in listed
