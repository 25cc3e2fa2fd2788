# SPDX-License-Identifier: GPL-2.0-or-later
"""Running the real tshark with the freshly built tcpconn plugin, from tests."""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

from as_nobody import REPO, PluginHome, plugin_release

CAPTURES = REPO / "sample-pcaps"
PLUGIN = pathlib.Path(os.environ.get("TCPCONN_PLUGIN", REPO / "build" / "tcpconn.so")).resolve()
# The tcpconn profile the build made beside the plugin, for the Wireshark it was built for.
PROFILE = PLUGIN.parent / "profile" / "tcpconn"

# The per-segment fields every capture's expected output lists.
FIELDS = [
    "frame.number",
    "tcp.stream",
    "tcpconn.sender",
    "tcpconn.role",
    "tcpconn.step",
    "tcpconn.label",
    "tcpconn.acks_frame",
    "tcpconn.ack_check.ok",
    "tcpconn.teardown.kind",
    "tcpconn.teardown.initiator",
    "tcpconn.state.client",
    "tcpconn.state.server",
    "tcpconn.handshake.seen",
    "tcpconn.with_data",
    "tcpconn.not_analysed",
    "tcpconn.so_far.history",
    "tcpconn.so_far.conn_state",
    "tcpconn.so_far.originator",
]


def expert_names(table):
    """The expert item names of one of the core's tables (plugin/core/lifecycle_names.h), in order."""
    text = (REPO / "plugin" / "core" / "lifecycle_names.h").read_text()
    body = text.split(f"#define {table}(X)")[1].split("\n\n")[0]
    return re.findall(r'X\(\w+, "(\w+)", \w+,', body)


# Expert items the plugin registers (the core's events, then the glue's own for a header not
# analysed); a row lists those present on the frame.
EXPERTS = expert_names("TC_EVENT_TABLE") + ["incomplete"]
# Expert items that need the whole capture: only on a second pass.
HINDSIGHT = expert_names("TC_HINDSIGHT_TABLE")


# tshark 4.2 and later print booleans as True/False in -T fields, 4.0 as 1/0.
BOOLEAN_TEXT = {"True": "1", "False": "0"}


def fields_line(line):
    """A -T fields line as cells, booleans spelled as 4.0 spells them."""
    return [",".join(BOOLEAN_TEXT.get(v, v) for v in cell.split(",")) for cell in line.split("\t")]


class Tshark:
    """tshark as an unprivileged user with only the freshly built plugin loaded."""

    def __init__(self, plugin):
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-tests."))
        self.captures = self.root / "captures"
        shutil.copytree(CAPTURES, self.captures, ignore=shutil.ignore_patterns("*.py", "*.sh", "*.md"))
        os.chmod(self.root, 0o755)
        for path in self.root.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        self.release = plugin_release()
        self.plugin = pathlib.Path(plugin).resolve()
        self.plugin_home = PluginHome(self.plugin, self.root / "plugin")
        self._runs = {}
        # For tools that find the plugin themselves (docs/make_fields.py).
        self.env = dict(os.environ, TCPCONN_PLUGIN=str(self.plugin))

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def capture(self, name):
        return str(self.captures / name)

    def run(self, *args, check=True):
        """tshark's result for these arguments. tshark on the same capture with the same
        arguments prints the same, so each run is made once per session and shared by the
        tests that read it (a tshark start is the suite's main cost); runs that write a file
        are made every time."""
        proc = self._runs.get(args)
        if proc is None:
            proc = subprocess.run(self.plugin_home.command("tshark", *args), cwd=self.root, capture_output=True,
                                  text=True, timeout=300)
            if "-w" not in args:
                self._runs[args] = proc
        if check and proc.returncode != 0:
            raise AssertionError(f"tshark {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
        return proc

    def fields(self, name, fields, *extra):
        args = ["-r", self.capture(name), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in fields:
            args += ["-e", f]
        out = self.run(*args, *extra).stdout
        return [fields_line(line) for line in out.splitlines()]

    def table(self, name, *extra):
        """One line per frame: the standard fields, then the expert items present."""
        expert_fields = [f"tcpconn.analysis.{e}" for e in EXPERTS]
        lines = []
        for row in self.fields(name, FIELDS + expert_fields, *extra):
            base, flags = row[: len(FIELDS)], row[len(FIELDS):]
            present = [e for e, v in zip(EXPERTS, flags) if v]
            lines.append("\t".join(base + [",".join(present)]))
        return lines

    def by_frame(self, name, *extra):
        """{frame number: {field: value}} for the standard fields and experts."""
        header = FIELDS + ["experts"]
        result = {}
        for line in self.table(name, *extra):
            row = dict(zip(header, line.split("\t")))
            result[int(row["frame.number"])] = row
        return result


def all_captures():
    return sorted(str(p.relative_to(CAPTURES)) for p in CAPTURES.rglob("*") if p.suffix in (".pcap", ".pcapng"))


# Captures on which Wireshark's own TCP dissection, and so tcpconn's answer, differs between
# releases: the release it changed in, and why. Their expected files for that release and later
# are in tests/expected/since-<release>/ (docs/wireshark-releases.md).
RELEASE_DIFFERENCES = {
    "crafted/synack-two-isns.pcap": (
        "4.4", "Wireshark 4.4 and later start a new tcp.stream at a SYN-ACK with another ISN, "
               "and tcpconn follows Wireshark's streams: the second SYN-ACK opens a connection "
               "of its own, which the client's ACK of the first SYN-ACK does not complete, "
               "and the server's data, numbered from the first SYN-ACK, lies before the "
               "second's ISN and is taken for a retransmission"),
    "zeek/reuse-refused-retransmitted.pcap": (
        "4.4", "Wireshark 4.4 and later start a new tcp.stream at a SYN after a RST on the port "
               "pair, so each retransmitted SYN and its RST-ACK are a refused connection of "
               "their own (as Zeek's IsReuse cuts them) instead of retransmissions"),
    "crafted/syn-on-open-connection.pcap": (
        "4.4", "Wireshark 4.4 and later start a new tcp.stream at a SYN after a RST on the port "
               "pair: the SYN sent again after the half-open discovery's RST has a stream of its "
               "own, while tcpconn keeps it with the connection its first copy began"),
    "zeek/reuse-synack-new-isn.pcap": (
        "4.4", "Wireshark 4.4 and later start a new tcp.stream at a SYN-ACK with another ISN: "
               "the second SYN-ACK's connection has its own history (^h, not ^hh)"),
}


def release_tuple(release):
    return tuple(int(part) for part in release.split("."))


def expected_path(capture, release):
    """The expected output of a capture on a Wireshark release (e.g. "4.6")."""
    name = capture.replace("/", "__") + ".tsv"
    since = RELEASE_DIFFERENCES.get(capture, (None,))[0]
    if since and release_tuple(release) >= release_tuple(since):
        return REPO / "tests" / "expected" / f"since-{since}" / name
    return REPO / "tests" / "expected" / name
