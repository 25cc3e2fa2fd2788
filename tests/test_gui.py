# SPDX-License-Identifier: GPL-2.0-or-later
"""The real Wireshark GUI (wireshark-qt) under Xvfb: it starts with the freshly built
plugin and the tcpconn profile, Statistics ▸ TCP Connection Lifecycle opens, and a live
capture's packet list is coloured only with what later packets cannot contradict.

Wireshark's GUI has no -G plugins, and its -z lists no statistics trees, so the
menu is driven with the keyboard (xdotool), and colours are read off Xvfb's screen.
Skipped when no display can be made.
"""
import os
import pathlib
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time

import pytest

from as_nobody import PluginHome
from tshark_run import PROFILE

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


class Display(str):
    """An X display's name, and the file in which Xvfb keeps its screen (XWD format)."""
    framebuffer: pathlib.Path


@pytest.fixture(scope="module")
def display():
    """A private X server."""
    with tempfile.TemporaryFile() as number, tempfile.TemporaryDirectory() as fbdir:
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(number.fileno()), "-screen", "0",
                                 "1280x900x24", "-nolisten", "tcp", "-fbdir", fbdir],
                                pass_fds=[number.fileno()], stderr=subprocess.DEVNULL)

        def read():
            number.seek(0)
            return number.read().decode().strip()

        name = wait_for(read, 15)
        if not name:
            xvfb.kill()
            pytest.skip("Xvfb did not start: no display")
        shown = Display(f":{name}")
        shown.framebuffer = pathlib.Path(fbdir) / "Xvfb_screen0"
        yield shown
        xvfb.terminate()
        xvfb.wait(10)


@pytest.fixture
def session(tshark):
    """A home with the tcpconn profile and a plugin folder, readable by an unprivileged user."""
    home = PluginHome(tshark.plugin, prefix="tcpconn-gui.")
    shutil.copytree(PROFILE, home.home / ".config" / "wireshark" / "profiles" / "tcpconn")
    (home.root / "run").mkdir()
    home.open_to_nobody(files=0o666)
    (home.root / "run").chmod(0o700)
    if os.geteuid() == 0:
        shutil.chown(home.root / "run", "nobody")
    yield home
    home.cleanup()


def start_wireshark(display, session, capture, *, live=None, extra=(), **popen):
    """The GUI on capture with the tcpconn profile, in the session's home and plugin folder;
    with live (dumpcap's interface and capture filter), capturing instead."""
    args = ["-C", "tcpconn"] + (["-k", "-i", live[0], "-f", live[1]] if live else ["-r", capture]) + list(extra)
    # Capturing as a member of Debian's wireshark group would: dumpcap with the rights to.
    caps = ("net_raw", "net_admin") if live else ()
    env = {"DISPLAY": display, "TMPDIR": str(session.root), "XDG_RUNTIME_DIR": str(session.root / "run")}
    return subprocess.Popen(session.command("wireshark", *args, env=env, caps=caps), **popen)


def xdotool(display, *args):
    proc = subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, timeout=30)
    return proc.stdout.split()


def open_lifecycle_tree(display, main, title):
    """Statistics ▸ TCP Connection Lifecycle (up from the menu's first entry to its last),
    again if a busy machine let the keys arrive before the menu had opened."""
    for _ in range(3):
        xdotool(display, "windowfocus", "--sync", main)
        xdotool(display, "key", "alt+s")
        time.sleep(1)
        xdotool(display, "key", "Up", "Return")
        tree = wait_for(lambda: xdotool(display, "search", "--name", title), 20)
        if tree:
            return tree[0]
        xdotool(display, "key", "Escape")
    return None


def test_gui_starts_with_the_plugin_and_profile(tshark, display, session):
    capture = tshark.capture("real/http-client-close.pcapng")
    gui = start_wireshark(display, session, capture, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", "^http-client-close.pcapng$"), 90)
        assert main, "the main window did not open"
        tree = open_lifecycle_tree(display, main[0], "TCP Connection Lifecycle · http-client-close.pcapng")
        assert tree, "Statistics ▸ TCP Connection Lifecycle did not open"
        xdotool(display, "windowclose", tree)
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
    recent = (session.home / ".config" / "wireshark" / "recent_common").read_text()
    assert "gui.last_used_profile: tcpconn" in recent


def save_dialog(display, dialog, saved):
    """A statistics dialog's rows, saved with its "Save as…" (which writes them in the order the
    dialog sorts them) to saved."""
    # At this size the dialog's "Save as…" button sits here (as in docs/screenshots.sh).
    xdotool(display, "windowmove", dialog, "0", "0", "windowsize", dialog, "820", "390")
    for _ in range(3):
        time.sleep(1)
        xdotool(display, "mousemove", "676", "366", "click", "1")
        if wait_for(lambda: xdotool(display, "search", "--name", "Save"), 15):
            break
    else:
        raise AssertionError("the dialog's Save as… did not open a file chooser")
    time.sleep(1)
    xdotool(display, "type", "--delay", "20", str(saved))
    xdotool(display, "key", "Return")
    assert wait_for(lambda: saved.exists() and saved.stat().st_size > 0, 30), "nothing saved"


def save_lifecycle_tree(display, main, saved):
    """Statistics ▸ TCP Connection Lifecycle, saved from the GUI's dialog."""
    tree = open_lifecycle_tree(display, main, "TCP Connection Lifecycle")
    assert tree, "Statistics ▸ TCP Connection Lifecycle did not open"
    save_dialog(display, tree, saved)


def test_gui_statistics_tree_in_tsharks_order(tshark, display, session):
    """The GUI's statistics tree lists what tshark -2 prints, in the same order."""
    from test_menus import parse_stats, stats_rows

    capture = tshark.capture("crafted/port-reuse.pcap")
    saved = session.root / "tree.txt"
    gui = start_wireshark(display, session, capture, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", "^port-reuse.pcap$"), 90)
        assert main, "the main window did not open"
        save_lifecycle_tree(display, main[0], saved)
    finally:
        gui.kill()
        gui.wait()
    assert parse_stats(saved.read_text()) == stats_rows(tshark, "crafted/port-reuse.pcap", "-2")


def plain_rows(text):
    """The rows of a statistics dialog saved as plain text: between the dashed lines."""
    lines = text.splitlines()
    dashes = [i for i, line in enumerate(lines) if line and set(line) == {"-"}]
    assert len(dashes) == 2, text
    return lines[dashes[0] + 1:dashes[1]]


def test_gui_connections_table_is_tsharks(tshark, display, session):
    """Statistics ▸ TCP Connections (opened with -z tcpconn,conns, as the menu does) holds the
    rows tshark -2 -z tcpconn,conns prints, in the same order, each cell as the GUI writes it."""
    from test_conns_table import whole_table

    name = "crafted/port-reuse.pcap"
    saved = session.root / "conns.txt"
    gui = start_wireshark(display, session, tshark.capture(name), extra=["-z", "tcpconn,conns"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        dialog = wait_for(lambda: xdotool(display, "search", "--name", "TCP Connections"), 90)
        assert dialog, "Statistics ▸ TCP Connections did not open"
        time.sleep(2)
        save_dialog(display, dialog[0], saved)
    finally:
        gui.kill()
        gui.wait()
    expected = whole_table(tshark, name)
    assert len(expected) == 4
    assert gui_rows(saved.read_text(), expected), saved.read_text()


def gui_rows(text, rows):
    """Whether the rows a dialog saved as plain text are these table rows (as tshark prints
    them), each cell as the GUI writes it: a float with six decimals, every cell padded."""
    from test_conns_table import COLUMNS

    floats = {"Start (s)", "Duration (s)", "Client bytes", "Server bytes"}
    lines = plain_rows(text)
    if len(lines) != len(rows):
        return False
    for line, row in zip(lines, rows):
        cells = [f"{float(row[c]):.6f}" if c in floats else row[c] for c in COLUMNS]
        if not re.fullmatch(r"\s*" + r"\s+".join(re.escape(c) for c in cells if c) + r"\s*", line):
            return False
    return True


def half_close(server, sockets):
    """A connection to server on which the client sends a request, the server reads it and the
    client sends its FIN; its two sockets, also added to sockets."""
    client = socket.create_connection(server.getsockname())
    peer, _ = server.accept()
    sockets += [client, peer]
    client.sendall(b"request\n")
    peer.recv(64)
    client.shutdown(socket.SHUT_WR)
    return client, peer


def stop_capture(display, session, main):
    """Capture ▸ Stop in the main window; the file dumpcap wrote."""
    xdotool(display, "windowfocus", "--sync", main)
    xdotool(display, "key", "ctrl+e")
    assert wait_for(lambda: not xdotool(display, "search", "--name", "^Capturing from"), 30), \
        "the capture did not stop"
    captured = list(session.root.glob("wireshark_*.pcapng"))
    assert len(captured) == 1, captured
    return captured[0]


def skip_unless_apply_placed(tshark):
    """apply_dialog clicks where Wireshark 4.0 draws the dialog's Apply button; 4.4 and 4.6 lay
    the dialog out differently, and the click misses it there."""
    from tshark_run import release_tuple
    if release_tuple(tshark.release) >= release_tuple("4.4"):
        pytest.skip("the dialog's Apply button is placed for Wireshark 4.0's layout")


def apply_dialog(display, dialog):
    """The statistics dialog's Apply (at 820x390, as save_dialog sizes it): it reads the packets
    again."""
    xdotool(display, "windowmove", dialog, "0", "0", "windowsize", dialog, "820", "390")
    time.sleep(1)
    xdotool(display, "mousemove", "768", "335", "click", "1")
    time.sleep(3)


@pytest.mark.skipif(not shutil.which("dumpcap") or os.geteuid() != 0,
                    reason="needs dumpcap, and root to grant it the rights to capture")
def test_live_capture_connections_table(tshark, display, session):
    """Statistics ▸ TCP Connections during a live capture: the connection's row appears with
    its numbers so far and its verdict marked as not final; once the capture stops, the rows
    are those tshark -2 gives on the captured file."""
    skip_unless_apply_placed(tshark)
    from test_conns_table import NOT_FINAL, whole_table

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    gui = start_wireshark(display, session, None, live=("lo", f"tcp port {port}"), extra=["-z", "tcpconn,conns"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sockets = [server]
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", "^Capturing from"), 90)
        assert main, "the capture did not start"
        dialog = wait_for(lambda: xdotool(display, "search", "--name", "TCP Connections"), 30)
        assert dialog, "Statistics ▸ TCP Connections did not open"
        time.sleep(3)  # dumpcap is capturing once Wireshark shows it
        client, peer = half_close(server, sockets)
        time.sleep(3)
        apply_dialog(display, dialog[0])
        running = session.root / "running.txt"
        save_dialog(display, dialog[0], running)
        peer.sendall(b"reply\n")
        peer.close()
        client.recv(64)
        client.close()
        time.sleep(3)
        captured = stop_capture(display, session, main[0])
        time.sleep(2)
        apply_dialog(display, dialog[0])
        stopped = session.root / "stopped.txt"
        save_dialog(display, dialog[0], stopped)
    finally:
        for s in sockets:
            s.close()
        gui.kill()
        gui.wait()
    (row,) = plain_rows(running.read_text())
    assert "(so far)" in row and NOT_FINAL in row, row
    whole = whole_table(tshark, str(captured))
    assert [r["Close"] for r in whole] == ["4-way"]
    assert gui_rows(stopped.read_text(), whole), stopped.read_text()


def rule_background(name):
    """The 8-bit background colour of the tcpconn profile's colouring rule of that name."""
    for line in (PROFILE / "colorfilters").read_text().splitlines():
        if line.startswith(f"@{name}@"):
            background = line.rsplit("@", 1)[1].split("]")[0].strip("[")
            return tuple(int(v) >> 8 for v in background.split(","))
    raise AssertionError(f"no colouring rule {name!r}")


def screen_rows(display):
    """Each screen line's colour where one colour fills most of it (a packet list row's
    background shows between its text), else None. Xvfb keeps its screen as an XWD file:
    a big-endian header, a colour map, then 32-bit pixels in the byte order it gives."""
    data = display.framebuffer.read_bytes()
    header = struct.unpack(">25I", data[:100])
    size, width, height, lsb_first, per_line, colours = (header[0], header[4], header[5],
                                                         header[7] == 0, header[12], header[19])
    start = size + 12 * colours
    rows = []
    for y in range(height):
        line = data[start + y * per_line:start + (y + 1) * per_line]
        counts = {}
        for x in range(0, width * 4, 4 * 8):
            b, g, r = line[x:x + 3] if lsb_first else line[x + 3:x:-1]
            counts[(r, g, b)] = counts.get((r, g, b), 0) + 1
        colour, count = max(counts.items(), key=lambda item: item[1])
        rows.append(colour if count * 8 * 2 > width else None)
    return rows


def saturated(colour):
    return colour is not None and max(colour) - min(colour) > 40


def packet_list(rows):
    """Where the packet list's rows start and end on the screen: the first block of saturated
    lines below the toolbars (every row here has a colouring rule's background, or the
    selection's)."""
    header = next(y for y in range(len(rows)) if rows[y] is not None and not saturated(rows[y]))
    top = next(y for y in range(header, len(rows)) if saturated(rows[y]))
    # A line or two inside a row can lack its colour (a row's text, the pointer): the list ends
    # where three lines running do, fewer than any row is high.
    return top, next(y for y in range(top, len(rows))
                     if not any(saturated(c) for c in rows[y:y + 3]))


def lists_rows(rows, count):
    """Whether the packet list on the screen is count rows of one height."""
    try:
        top, bottom = packet_list(rows)
    except StopIteration:  # no list drawn yet
        return False
    return (bottom - top) % count == 0 and (bottom - top) / count > 8


def settled_rows(display, ready=lambda rows: True, timeout=30):
    """The screen once the packet list has stopped changing (and ready says so): a busy
    machine redraws late."""
    before = screen_rows(display)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1)
        rows = screen_rows(display)
        if rows == before and ready(rows):
            return rows
        before = rows
    return before


def close_enough(colour, wanted):
    return colour is not None and all(abs(a - b) <= 2 for a, b in zip(colour, wanted))


@pytest.mark.skipif(not shutil.which("dumpcap") or os.geteuid() != 0,
                    reason="needs dumpcap, and root to grant it the rights to capture")
def test_live_capture_shows_no_verdict_that_later_packets_contradict(tshark, display, session):
    """A live capture on the loopback interface: a connection is half-closed, then its close
    completes; another stays half-closed. While the capture runs, the half-closed connection
    is not coloured "half-closed", nor after the capture stops; once it is reloaded, exactly
    the frames that tshark -2 finds warnings on are coloured as warnings."""
    warning = rule_background("tcpconn warning: any tcpconn warning (tcpconn.warning)")
    teardown = rule_background("tcpconn: teardown")
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    gui = start_wireshark(display, session, None, live=("lo", f"tcp port {port}"),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sockets = [server]
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", "^Capturing from"), 90)
        assert main, "the capture did not start"
        xdotool(display, "windowmove", main[0], "0", "0", "windowsize", main[0], "1280", "900")
        time.sleep(3)  # dumpcap is capturing once Wireshark shows it
        first, first_peer = half_close(server, sockets)
        assert wait_for(lambda: any(close_enough(c, teardown) for c in screen_rows(display)), 30), \
            "the client's FIN did not reach the packet list"
        while_half_closed = settled_rows(display)
        first_peer.sendall(b"reply\n")
        first_peer.close()
        first.recv(64)
        first.close()
        second = socket.create_connection(("127.0.0.1", port))
        second_peer, _ = server.accept()
        sockets += [second, second_peer]
        second.shutdown(socket.SHUT_WR)
        time.sleep(3)
        # What is true of the whole capture, from the file dumpcap has finished: the first
        # connection closed cleanly, the second is half-closed.
        captured = stop_capture(display, session, main[0])
        table = [line.split("\t") for line in tshark.run(
            "-r", str(captured), "-2", "-T", "fields", "-e", "tcp.stream", "-e",
            "tcpconn.warning", "-e", "tcpconn.analysis.half_closed").stdout.splitlines()]
        # The stopped capture's list, once it shows every frame (a busy machine draws late).
        stopped = settled_rows(display, lambda rows: lists_rows(rows, len(table)))
        xdotool(display, "key", "ctrl+r")
        reloaded = settled_rows(display, lambda rows: any(close_enough(c, warning) for c in rows))
    finally:
        for s in sockets:
            s.close()
        gui.kill()
        gui.wait()
    assert {stream for stream, *_ in table} == {"0", "1"}, table
    warned = {number for number, (_, warned, _) in enumerate(table, 1) if warned}
    assert warned and all(table[n - 1][0] == "1" and table[n - 1][2] for n in warned), table

    # Row height from a screen whose list shows every row in its colour: a selected row, or a
    # busy machine's late drawing, can leave one row of the other screen without it.
    shown = next((rows for rows in (stopped, reloaded) if lists_rows(rows, len(table))), None)
    assert shown, f"no screen lists {len(table)} coloured rows"
    top, bottom = packet_list(shown)
    height = (bottom - top) / len(table)

    def warning_frames(rows):
        """The numbers of the listed frames whose rows have the warning colour."""
        assert packet_list(rows)[0] == top, "the packet list moved"
        frames = [rows[round(top + i * height):round(top + (i + 1) * height)]
                  for i in range(len(table))]
        return {number for number, lines in enumerate(frames, 1)
                if sum(close_enough(c, warning) for c in lines) * 2 > len(lines)}

    assert not warning_frames(while_half_closed), \
        "coloured as a warning while the capture ran"
    assert not warning_frames(stopped) - warned, \
        "coloured as a warning after the capture stopped, though the whole capture says otherwise"
    assert warning_frames(reloaded) == warned
