"""The real Wireshark GUI (wireshark-qt) under Xvfb: it starts with the freshly built
plugin and the tcpconn profile, and Statistics ▸ TCP Connection Lifecycle opens.

Wireshark's GUI has no -G plugins, and its -z lists no statistics trees, so the
menu is driven with the keyboard (xdotool). Skipped when no display can be made.
"""
import os
import pathlib
import shutil
import subprocess
import tempfile
import time

import pytest

from tshark_run import REPO, plugin_release

TOOLS = ("wireshark", "Xvfb", "xdotool")
pytestmark = pytest.mark.skipif(not all(map(shutil.which, TOOLS)),
                                reason="needs " + ", ".join(TOOLS))


def wait_for(what, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.3)
    return None


@pytest.fixture(scope="module")
def display():
    """A private X server."""
    with tempfile.TemporaryFile() as number:
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(number.fileno()), "-screen", "0",
                                 "1280x900x24", "-nolisten", "tcp"], pass_fds=[number.fileno()],
                                stderr=subprocess.DEVNULL)

        def read():
            number.seek(0)
            return number.read().decode().strip()

        name = wait_for(read, 15)
        if not name:
            xvfb.kill()
            pytest.skip("Xvfb did not start: no display")
        yield f":{name}"
        xvfb.terminate()
        xvfb.wait(10)


@pytest.fixture
def session(tshark):
    """A home with the tcpconn profile and a plugin folder, readable by an unprivileged user."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-gui."))
    epan = root / "plugins" / plugin_release() / "epan"
    epan.mkdir(parents=True)
    shutil.copy(tshark.env["TCPCONN_PLUGIN"], epan / "tcpconn.so")
    profiles = root / "home" / ".config" / "wireshark" / "profiles"
    shutil.copytree(REPO / "packaging" / "profile" / "tcpconn", profiles / "tcpconn")
    (root / "run").mkdir(mode=0o700)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    (root / "run").chmod(0o700)
    if os.geteuid() == 0:
        shutil.chown(root / "run", "nobody")
    yield root
    shutil.rmtree(root)


def start_wireshark(display, session, capture, **popen):
    """The GUI on capture with the tcpconn profile, in the session's home and plugin folder."""
    command = ["wireshark", "-C", "tcpconn", "-r", capture]
    if os.geteuid() == 0:  # root's Wireshark reads only the global plugin folder
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = dict(os.environ, DISPLAY=display, HOME=str(session / "home"),
               WIRESHARK_PLUGIN_DIR=str(session / "plugins"), XDG_RUNTIME_DIR=str(session / "run"))
    return subprocess.Popen(command, env=env, **popen)


def xdotool(display, *args):
    proc = subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, timeout=30)
    return proc.stdout.split()


def test_gui_starts_with_the_plugin_and_profile(tshark, display, session):
    capture = tshark.capture("real/http-client-close.pcapng")
    gui = start_wireshark(display, session, capture, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", "^http-client-close.pcapng$"), 90)
        assert main, "the main window did not open"
        xdotool(display, "windowfocus", "--sync", main[0])
        # Statistics, then up from the first entry to the last: TCP Connection Lifecycle.
        xdotool(display, "key", "alt+s")
        time.sleep(1)
        xdotool(display, "key", "Up", "Return")
        tree = wait_for(lambda: xdotool(display, "search", "--name",
                                        "TCP Connection Lifecycle · http-client-close.pcapng"), 30)
        assert tree, "Statistics ▸ TCP Connection Lifecycle did not open"
        xdotool(display, "windowclose", tree[0])
        xdotool(display, "windowfocus", "--sync", main[0])
        xdotool(display, "key", "ctrl+q")
        gui.wait(30)
    finally:
        if gui.poll() is None:
            gui.kill()
            gui.wait()
    output = gui.stdout.read()
    assert "tcpconn" not in output.lower(), output
    # Wireshark remembers the profile it ran with.
    recent = (session / "home" / ".config" / "wireshark" / "recent_common").read_text()
    assert "gui.last_used_profile: tcpconn" in recent


def test_gui_statistics_tree_in_tsharks_order(tshark, display, session):
    """Statistics ▸ TCP Connection Lifecycle, saved from the GUI's dialog ("Save as…", which
    writes the rows in the order the dialog sorts them), lists what tshark -2 prints."""
    from test_menus import parse_stats, stats_rows

    capture = tshark.capture("crafted/port-reuse.pcap")
    saved = session / "tree.txt"
    gui = start_wireshark(display, session, capture, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", "^port-reuse.pcap$"), 90)
        assert main, "the main window did not open"
        xdotool(display, "windowfocus", "--sync", main[0])
        xdotool(display, "key", "alt+s")
        time.sleep(1)
        xdotool(display, "key", "Up", "Return")
        tree = wait_for(lambda: xdotool(display, "search", "--name", "TCP Connection Lifecycle"), 30)
        assert tree, "Statistics ▸ TCP Connection Lifecycle did not open"
        # At this size the dialog's "Save as…" button sits here (as in docs/screenshots.sh).
        xdotool(display, "windowmove", tree[0], "0", "0", "windowsize", tree[0], "820", "390")
        time.sleep(1)
        xdotool(display, "mousemove", "676", "366", "click", "1")
        time.sleep(2)
        xdotool(display, "type", "--delay", "20", str(saved))
        xdotool(display, "key", "Return")
        assert wait_for(lambda: saved.exists() and saved.stat().st_size > 0, 30), "nothing saved"
    finally:
        gui.kill()
        gui.wait()
    assert parse_stats(saved.read_text()) == stats_rows(tshark, "crafted/port-reuse.pcap", "-2")
