# SPDX-License-Identifier: GPL-2.0-or-later
"""The real Wireshark GUI after each way it reads or dissects an open capture again: every
row's colour (which tcpconn's fields, its whole-capture warnings among them, decide) is the
one tshark -2 gives the same capture with the same profile.

Wireshark's ways, from its sources (file.c and ui/qt): a re-dissection (rescan_packets with
redissect, which frees every dissector's state and dissects every frame again as a first
pass, with no post-sequential cleanup) after a preference change, a profile switch, a Decode
As or enabled-protocols change, reloading the Lua plugins, ignoring or unignoring packets;
a new read (cf_reload, View ▸ Reload); a redraw of rows already dissected (a time
reference). Reloading the Lua plugins (Analyze ▸ Reload Lua Plugins) applies every
preference and re-dissects, exactly what the Preferences dialog's OK does.
"""
import shutil
import subprocess
import time

import pytest

from test_conns_table import whole_table
from test_gui import (apply_dialog, close_enough, display, gui_rows, packet_list,  # noqa: F401
                      rule_background, save_dialog, save_lifecycle_tree, session, settled_rows,
                      skip_unless_apply_placed, start_wireshark, wait_for, xdotool)
from test_menus import parse_stats, stats_rows
from tshark_run import PROFILE

# Its last frame's warning (half-closed) needs the whole capture; every row has a saturated
# colouring-rule background, so the packet list's rows can be found on the screen.
CAPTURE = "crafted/seed-004-smtp.pcap"
TITLE = "^seed-004-smtp.pcap$"


@pytest.fixture(scope="module")
def expected(tshark):
    """Each frame's background colour, from the colouring rule tshark -2 with the tcpconn
    profile names."""
    target = tshark.plugin_home.home / ".config" / "wireshark" / "profiles" / "tcpconn"
    shutil.copytree(PROFILE, target, dirs_exist_ok=True)
    try:
        out = tshark.run("-C", "tcpconn", "-2", "--color", "-r", tshark.capture(CAPTURE),
                         "-T", "fields", "-e", "frame.coloring_rule.name").stdout
    finally:
        shutil.rmtree(target)
    names = out.splitlines()
    assert "tcpconn warning: any tcpconn warning (tcpconn.warning)" in names
    return [rule_background(name) for name in names]


def row_colours(rows, count):
    """Each packet list row's colour (the colour filling most of its lines), top to bottom."""
    top, bottom = packet_list(rows)
    height = (bottom - top) / count
    assert height > 8, f"{bottom - top} lines for {count} rows"
    colours = []
    for i in range(count):
        lines = [c for c in rows[round(top + i * height):round(top + (i + 1) * height)] if c]
        colours.append(max(set(lines), key=lines.count) if lines else None)
    return colours


def differences(colours, expected, skip=()):
    return [(number, got, want) for number, (got, want) in enumerate(zip(colours, expected), 1)
            if number not in skip and not close_enough(got, want)]


def listed(display, expected, skip):
    """The rows once they show what is expected (a busy machine redraws late), else as they
    are after the wait."""
    rows = settled_rows(display, lambda rows: not differences(row_colours(rows, len(expected)),
                                                              expected, skip), timeout=40)
    return row_colours(rows, len(expected))


def press(display, main, *keys):
    xdotool(display, "windowfocus", "--sync", main)
    xdotool(display, "key", *keys)


def switch_profile(display, main, name):
    """Edit ▸ Configuration Profiles, the profile typed (the list jumps to it), and OK."""
    press(display, main, "ctrl+shift+a")
    dialog = wait_for(lambda: xdotool(display, "search", "--name", "Configuration Profiles"), 30)
    assert dialog, "Configuration Profiles did not open"
    time.sleep(1)
    xdotool(display, "type", "--delay", "50", name)
    time.sleep(0.5)
    xdotool(display, "key", "Return")
    assert wait_for(lambda: not xdotool(display, "search", "--name", "Configuration Profiles"), 30)


def toggle_tcpconn(display, main):
    """Analyze ▸ Enabled Protocols, searched for tcpconn; its check box switched; OK."""
    press(display, main, "ctrl+shift+e")
    dialog = wait_for(lambda: xdotool(display, "search", "--name", "Enabled Protocols"), 30)
    assert dialog, "Enabled Protocols did not open"
    time.sleep(1)
    xdotool(display, "type", "--delay", "50", "tcpconn")
    time.sleep(1)
    # From the search field past the two search options to the one protocol listed.
    xdotool(display, "key", "Tab", "Tab", "Tab", "space")
    time.sleep(0.5)
    xdotool(display, "key", "Return")
    assert wait_for(lambda: not xdotool(display, "search", "--name", "Enabled Protocols"), 30)


def disable_and_enable(display, main, expected):
    toggle_tcpconn(display, main)
    # Switched off, no line of the screen has a tcpconn colour: the first switch took.
    time.sleep(3)
    off = settled_rows(display)
    assert not any(close_enough(line, want) for line in off for want in set(expected))
    toggle_tcpconn(display, main)


def reload_lua(display, main, expected):
    press(display, main, "ctrl+shift+l")


def ignore_and_unignore(display, main, expected):
    press(display, main, "ctrl+d")
    time.sleep(3)
    press(display, main, "ctrl+d")


def time_reference(display, main, expected):
    press(display, main, "ctrl+t")


def reload_file(display, main, expected):
    press(display, main, "ctrl+r")


def to_default_and_back(display, main, expected):
    switch_profile(display, main, "Default")
    time.sleep(5)
    switch_profile(display, main, "tcpconn")


# Each way. Wireshark selects the first frame on opening a file, and keeps it selected: its
# row has the selection's colour (and Ignore acts on it).
WAYS = {
    "preferences applied again (Reload Lua Plugins)": reload_lua,
    "packet ignored, then unignored": ignore_and_unignore,
    "time reference set": time_reference,
    "file reloaded": reload_file,
    "profile switched to Default and back": to_default_and_back,
    "tcpconn disabled, then enabled again": disable_and_enable,
}
SELECTED = {1}


@pytest.mark.parametrize("way", WAYS)
def test_rows_after_reading_again_are_those_of_tshark_2(tshark, display, session, expected, way):
    gui = start_wireshark(display, session, tshark.capture(CAPTURE), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", TITLE), 90)
        assert main, "the main window did not open"
        main = main[0]
        xdotool(display, "windowmove", main, "0", "0", "windowsize", main, "1280", "900")
        opened = listed(display, expected, SELECTED)
        assert not differences(opened, expected, SELECTED), "the opened file's rows differ from tshark -2"
        WAYS[way](display, main, expected)
        time.sleep(3)
        after = listed(display, expected, SELECTED)
    finally:
        gui.kill()
        gui.wait()
    assert not differences(after, expected, SELECTED), f"rows after: {way}"


def test_statistics_after_a_redissection_are_those_of_tshark_2(tshark, display, session):
    """Statistics ▸ TCP Connection Lifecycle after the preferences are applied again (and the
    file dissected again) counts what tshark -2 counts."""
    saved = session.root / "tree.txt"
    gui = start_wireshark(display, session, tshark.capture(CAPTURE), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", TITLE), 90)
        assert main, "the main window did not open"
        time.sleep(3)
        reload_lua(display, main[0], None)
        time.sleep(5)
        save_lifecycle_tree(display, main[0], saved)
    finally:
        gui.kill()
        gui.wait()
    assert parse_stats(saved.read_text()) == stats_rows(tshark, CAPTURE, "-2")


def test_connections_table_after_a_redissection_is_tsharks(tshark, display, session):
    """Statistics ▸ TCP Connections, read again (Apply) after the preferences are applied again
    and the file dissected again, holds the rows of tshark -2 -z tcpconn,conns."""
    skip_unless_apply_placed(tshark)
    saved = session.root / "conns.txt"
    gui = start_wireshark(display, session, tshark.capture(CAPTURE), extra=["-z", "tcpconn,conns"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        main = wait_for(lambda: xdotool(display, "search", "--name", TITLE), 90)
        assert main, "the main window did not open"
        dialog = wait_for(lambda: xdotool(display, "search", "--name", "TCP Connections"), 30)
        assert dialog, "Statistics ▸ TCP Connections did not open"
        time.sleep(3)
        reload_lua(display, main[0], None)
        time.sleep(5)
        apply_dialog(display, dialog[0])
        save_dialog(display, dialog[0], saved)
    finally:
        gui.kill()
        gui.wait()
    rows = whole_table(tshark, CAPTURE)
    assert rows and gui_rows(saved.read_text(), rows), saved.read_text()
