# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's programs (tshark, sharkd, the GUI) with one tcpconn build loaded, as an
unprivileged user: the one place the Python tests and tools make that setup.

Wireshark run as root reads only the global plugin folder, so as root these run as nobody,
with WIRESHARK_PLUGIN_DIR pointing at a private, world-readable copy of the plugin and HOME
at a private home (tests/as-nobody.sh does the same for the shell tools). A plugin built
with -DTCPCONN_SANITIZE=ON needs the shared ASan runtime preloaded into the uninstrumented
program: it goes into the program's environment only, after setpriv.
"""
import functools
import os
import pathlib
import shutil
import subprocess
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent

SETPRIV = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]

# Every wmem allocation its own malloc, so that ASan sees the bounds of each.
WMEM_FOR_ASAN = {"WIRESHARK_DEBUG_WMEM_OVERRIDE": "simple"}
ASAN_OPTIONS = ("detect_leaks=1:halt_on_error=1:exitcode=23:abort_on_error=0:"
                "allocator_may_return_null=1:symbolize=1")
UBSAN_OPTIONS = "print_stacktrace=1:halt_on_error=1"


@functools.lru_cache(maxsize=None)
def plugin_release():
    """The plugins/<major.minor> folder name of the tshark found here, e.g. "4.0"."""
    folder = subprocess.run([str(REPO / "scripts" / "wireshark-folder.sh"), "Global Plugins"],
                            capture_output=True, text=True, check=True).stdout.strip()
    return pathlib.PurePath(folder).name


def asan_runtime():
    out = subprocess.run(["clang", "-print-file-name=libclang_rt.asan-x86_64.so"],
                         capture_output=True, text=True, check=True).stdout.strip()
    if not os.path.isfile(out):
        raise RuntimeError("no shared ASan runtime: install libclang-rt-14-dev (bookworm) or libclang-rt-dev")
    return out


def is_sanitized(plugin):
    """Whether the plugin needs the ASan runtime (built with -DTCPCONN_SANITIZE=ON)."""
    return b"__asan_init" in pathlib.Path(plugin).read_bytes()


def as_nobody(command, caps=()):
    """command as nobody when run by root; caps: capabilities it keeps (dumpcap's, to capture)."""
    if os.geteuid() != 0:
        return list(command)
    rights = ",".join(f"+{cap}" for cap in caps)
    kept = [f"--inh-caps={rights}", f"--ambient-caps={rights}"] if caps else []
    return [*SETPRIV, *kept, *command]


class PluginHome:
    """A private folder with the plugin in plugins/<release>/epan and a home, open to nobody."""

    def __init__(self, plugin, root=None, prefix="tcpconn."):
        """plugin: the tcpconn.so to load, or None for Wireshark without it; root: the folder
        to use (made if missing), else a new temporary one."""
        self.root = pathlib.Path(root) if root else pathlib.Path(tempfile.mkdtemp(prefix=prefix))
        self.home = self.root / "home"
        epan = self.root / "plugins" / plugin_release() / "epan"
        epan.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(exist_ok=True)
        self.sanitized = bool(plugin) and is_sanitized(plugin)
        if plugin:
            shutil.copy(plugin, epan / "tcpconn.so")
        self.env = {"HOME": str(self.home), "WIRESHARK_PLUGIN_DIR": str(self.root / "plugins")}
        if self.sanitized:
            self.env.update(WMEM_FOR_ASAN, LD_PRELOAD=asan_runtime(), ASAN_OPTIONS=ASAN_OPTIONS,
                            UBSAN_OPTIONS=UBSAN_OPTIONS,
                            ASAN_SYMBOLIZER_PATH=shutil.which("llvm-symbolizer") or "")
        self.open_to_nobody()

    def open_to_nobody(self, files=0o644):
        """Everything under the root readable by nobody, its folders writable: again after
        adding files (files=0o666 where nobody rewrites them, as the GUI does its profile)."""
        for path in [self.root, *self.root.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else files)

    def command(self, program, *args, env=None, caps=()):
        """The command line running program with this plugin and home (and env) as nobody."""
        tool_env = {**self.env, **(env or {})}
        return as_nobody(["env", *(f"{k}={v}" for k, v in tool_env.items()), program, *args], caps)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)
