# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark and sharkd with one tcpconn build loaded, as nobody (tests/as_nobody.py), for the
robustness runs: captures placed where nobody reads them, and the sanitizer reports of a
sanitized plugin sorted into the plugin's and Wireshark's own.
"""
import pathlib
import re
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "tests"))
from as_nobody import PluginHome  # noqa: E402

# A stack frame in the plugin: its module before symbolisation, its sources after.
PLUGIN_FRAME = re.compile(r"tcpconn\.so|/plugin/(?:\w+/)?[\w-]+\.[ch]:\d+")
REPORT_START = re.compile(r"==\d+==ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:")


class Wireshark(PluginHome):
    """Runs tshark or sharkd as nobody with exactly this plugin loaded."""

    def __init__(self, plugin):
        """plugin: the tcpconn.so to load, or None for Wireshark without it."""
        super().__init__(plugin, prefix="tcpconn-robustness.")
        self.work = self.root / "work"  # captures tshark must read go here
        self.work.mkdir()
        self.work.chmod(0o777)

    def tshark(self, *args, timeout=300):
        return subprocess.run(self.command("tshark", *args), capture_output=True, text=True,
                              errors="replace", timeout=timeout, cwd=self.root)

    def tshark_measured(self, *args, timeout=3600):
        """tshark's output, and its peak RSS (KiB), wall and CPU seconds, from GNU time."""
        stats = self.root / "time.out"
        cmd = ["/usr/bin/time", "-f", "%M %e %U %S", "-o", str(stats), *self.command("tshark", *args)]
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              errors="replace", timeout=timeout, cwd=self.root)
        rss, wall, user, system = stats.read_text().split()[-4:]
        return proc, {"rss_kib": int(rss), "wall_s": float(wall), "cpu_s": float(user) + float(system)}

    def sharkd(self, stderr):
        """A sharkd reading JSON-RPC requests on stdin (see sharkd_session.py)."""
        return subprocess.Popen(self.command("sharkd", "-"), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=stderr, text=True,
                                errors="replace", cwd=self.root, bufsize=1)

    def place(self, path, name=None):
        """A world-readable copy of a capture, for the unprivileged tools."""
        dest = self.work / (name or pathlib.Path(path).name)
        shutil.copyfile(path, dest)
        dest.chmod(0o644)
        return dest


def sanitizer_reports(stderr):
    """The sanitizer reports in a tool's stderr, split one per report."""
    reports, current = [], None
    for line in stderr.splitlines():
        if REPORT_START.search(line):
            current = [line]
            reports.append(current)
        elif current is not None:
            current.append(line)
    return ["\n".join(r) for r in reports]


def classify_reports(stderr):
    """(the plugin's reports, the others) among a tool's sanitizer reports.

    A report is the plugin's when a stack frame is in the plugin. libwireshark is not
    instrumented, but ASan's interceptors (memcpy, strlen...) still catch some of its
    errors: those, and leaks whose allocation stack does not go through the plugin,
    are Wireshark's own.
    """
    mine, others = [], []
    for report in sanitizer_reports(stderr):
        blocks = [report]
        if "LeakSanitizer" in report:
            blocks = re.split(r"\n(?=(?:Direct|Indirect) leak of)", report)[1:]
        for block in blocks:
            (mine if PLUGIN_FRAME.search(block) else others).append(block)
    return mine, others
