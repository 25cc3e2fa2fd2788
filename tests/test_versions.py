# SPDX-License-Identifier: GPL-2.0-or-later
"""What tcpconn relies on in the Wireshark it runs on (4.0, 4.4 or 4.6): the plugin loads
into this release's folder, tshark names its type, and every tcp.* field it reads exists
with an unsigned integer type (a changed field would be read as another type)."""
import re

from tshark_run import RELEASE_DIFFERENCES, REPO, expected_path

FIELD_TYPES = {"FT_UINT8", "FT_UINT16", "FT_UINT24", "FT_UINT32"}


def fields_read():
    """The fields plugin/input/tcp_fields.c lists by name: tcp.*, and the IP lengths."""
    source = (REPO / "plugin" / "input" / "tcp_fields.c").read_text()
    table = re.search(r"field_names\[F_COUNT\] = \{(.*?)\};", source, re.S).group(1)
    return re.findall(r'"((?:tcp|ip|ipv6)\.[\w.]+)"', table)


def test_every_tcp_field_read_exists_as_an_unsigned_integer(tshark):
    registered = {}
    for line in tshark.run("-G", "fields").stdout.splitlines():
        cells = line.split("\t")
        if cells[0] == "F":
            registered[cells[2]] = cells[3]
    read = fields_read()
    assert len(read) == 13
    for field in read:
        assert registered.get(field) in FIELD_TYPES, (field, registered.get(field))


def test_plugin_loads_into_this_release_with_its_type(tshark):
    proc = tshark.run("-G", "plugins")
    line = next(line for line in proc.stdout.splitlines() if line.startswith("tcpconn.so"))
    cells = line.split()
    # The version the build declares, which the changelog's newest release names.
    version = re.search(r"project\(tcpconn VERSION (\S+)", (REPO / "CMakeLists.txt").read_text())[1]
    assert cells[1] == version
    assert re.search(r"^## (\S+)", (REPO / "CHANGELOG.md").read_text().split("## Unreleased")[-1],
                     re.M)[1] == version
    assert cells[2] == "dissector"
    assert cells[3].endswith(f"/plugins/{tshark.release}/epan/tcpconn.so")
    # Nothing about the fields it reads, or anything else, from the plugin.
    assert "tcpconn" not in proc.stderr


def test_release_is_one_the_project_supports(tshark):
    version = tshark.run("--version").stdout.splitlines()[0]
    assert re.match(r"TShark \(Wireshark\) (4\.0|4\.4|4\.6)\.\d+", version), version
    assert version.split()[2].startswith(tshark.release + ".")


def test_every_release_specific_expectation_is_explained():
    """A capture answered differently on a newer release has both files and a reason."""
    listed = {expected_path(capture, since).relative_to(REPO)
              for capture, (since, _) in RELEASE_DIFFERENCES.items()}
    found = {path.relative_to(REPO) for path in (REPO / "tests" / "expected").glob("since-*/*.tsv")}
    assert listed == found
    for capture, (since, reason) in RELEASE_DIFFERENCES.items():
        assert expected_path(capture, "4.0").is_file()
        # docs/wireshark-releases.md, "Supported Wireshark versions", names each one.
        assert reason and capture in (REPO / "docs" / "wireshark-releases.md").read_text()
