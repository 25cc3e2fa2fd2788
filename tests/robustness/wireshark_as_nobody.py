# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark and sharkd with one tcpconn build loaded, as an unprivileged user.

tshark run as root reads only the global plugin folder, so, as
tests/tshark-with-plugin.sh does, this runs them as nobody with
WIRESHARK_PLUGIN_DIR pointing at a private copy of the plugin. A plugin built
with -DTCPCONN_SANITIZE=ON needs the shared ASan runtime preloaded into the
uninstrumented tshark: it goes into tshark's environment only, after setpriv.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "tests"))
from tshark_run import plugin_release  # noqa: E402

# Every wmem allocation its own malloc, so that ASan sees the bounds of each.
WMEM_FOR_ASAN = {"WIRESHARK_DEBUG_WMEM_OVERRIDE": "simple"}
ASAN_OPTIONS = ("detect_leaks=1:halt_on_error=1:exitcode=23:abort_on_error=0:"
                "allocator_may_return_null=1:symbolize=1")
UBSAN_OPTIONS = "print_stacktrace=1:halt_on_error=1"

# A stack frame in the plugin: its module before symbolisation, its sources after.
PLUGIN_FRAME = re.compile(r"tcpconn\.so|/plugin/(?:\w+/)?[\w-]+\.[ch]:\d+")
REPORT_START = re.compile(r"==\d+==ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:")


def asan_runtime():
    out = subprocess.run(["clang", "-print-file-name=libclang_rt.asan-x86_64.so"],
                         capture_output=True, text=True, check=True).stdout.strip()
    if not os.path.isfile(out):
        raise RuntimeError("no shared ASan runtime: install libclang-rt-14-dev (bookworm) or libclang-rt-dev")
    return out


def is_sanitized(plugin):
    """Whether the plugin needs the ASan runtime (built with -DTCPCONN_SANITIZE=ON)."""
    return b"__asan_init" in pathlib.Path(plugin).read_bytes()


class Wireshark:
    """Runs tshark or sharkd as nobody with exactly this plugin loaded."""

    def __init__(self, plugin):
        """plugin: the tcpconn.so to load, or None for Wireshark without it."""
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-robustness."))
        epan = self.root / "plugins" / plugin_release() / "epan"
        epan.mkdir(parents=True)
        (self.root / "home").mkdir()
        self.work = self.root / "work"  # captures tshark must read go here
        self.work.mkdir()
        self.sanitized = False
        if plugin:
            shutil.copy(plugin, epan / "tcpconn.so")
            self.sanitized = is_sanitized(plugin)
        env = {"HOME": str(self.root / "home"), "WIRESHARK_PLUGIN_DIR": str(self.root / "plugins")}
        if self.sanitized:
            env.update(WMEM_FOR_ASAN, LD_PRELOAD=asan_runtime(), ASAN_OPTIONS=ASAN_OPTIONS,
                       UBSAN_OPTIONS=UBSAN_OPTIONS,
                       ASAN_SYMBOLIZER_PATH=shutil.which("llvm-symbolizer") or "")
        self.tool_env = env
        for path in [self.root, *self.root.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o644)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def command(self, program, *args):
        run = ["env", *(f"{k}={v}" for k, v in self.tool_env.items()), program, *args]
        if os.getuid() == 0:
            run = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *run]
        return run

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
