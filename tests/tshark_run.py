"""Running the real tshark with the freshly built tcpconn plugin, from tests."""
import os
import pathlib
import shutil
import subprocess
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
WRAPPER = REPO / "tests" / "tshark-with-plugin.sh"
CAPTURES = REPO / "sample-pcaps"

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
    "tcpconn.history",
    "tcpconn.conn_state.so_far",
    "tcpconn.originator",
]

# Expert items the plugin registers; a row lists those present on the frame.
EXPERTS = [
    "handshake_complete", "closed", "new_connection", "no_handshake", "refused", "aborted",
    "retransmitted", "bad_ack", "ack_misses_fin", "data_before_handshake", "data_after_fin",
    "port_reuse", "incomplete", "acks_unseen",
]
# Expert items that need the whole capture: only on a second pass.
HINDSIGHT = [
    "syn_unanswered", "syn_retransmissions", "synack_unacked", "syn_scan", "fin_unacked",
    "half_closed", "still_open", "one_sided", "reused_open",
]


class Tshark:
    """tshark as an unprivileged user with only the freshly built plugin loaded."""

    def __init__(self, plugin):
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-tests."))
        self.captures = self.root / "captures"
        shutil.copytree(CAPTURES, self.captures, ignore=shutil.ignore_patterns("*.py", "*.sh", "*.md"))
        os.chmod(self.root, 0o755)
        for path in self.root.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        self.env = dict(os.environ, TCPCONN_PLUGIN=str(plugin), TCPCONN_PLUGIN_ROOT=str(self.root / "plugin"))

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def capture(self, name):
        return str(self.captures / name)

    def run(self, *args, check=True):
        proc = subprocess.run([str(WRAPPER), *args], env=self.env, cwd=self.root, capture_output=True, text=True, timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(f"tshark {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
        return proc

    def fields(self, name, fields, *extra):
        args = ["-r", self.capture(name), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in fields:
            args += ["-e", f]
        out = self.run(*args, *extra).stdout
        return [line.split("\t") for line in out.splitlines()]

    def table(self, name, *extra):
        """One line per frame: the standard fields, then the expert items present."""
        expert_fields = [f"tcpconn.{e}" for e in EXPERTS]
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


def expected_path(capture):
    return REPO / "tests" / "expected" / (capture.replace("/", "__") + ".tsv")
