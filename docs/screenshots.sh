#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Take the screenshots in the README and docs/gui.md: tcpconn in the real Wireshark GUI, under Xvfb.
#
#   docs/screenshots.sh [PLUGIN.so]      (default build/tcpconn.so; writes docs/*.png)
#
# Needs wireshark-qt, xvfb, xdotool, imagemagick and fonts-noto-cjk (the Chinese labels). Wireshark runs with the tcpconn
# profile, as an unprivileged user when started by root (root's Wireshark reads only
# the global plugin folder). Menus are driven with the keyboard and the mouse, so the
# positions below fit Debian bookworm's Wireshark 4.0 at this screen size.
set -euo pipefail
cd "$(dirname "$0")/.."
plugin=$(realpath "${1:-build/tcpconn.so}")
out=$PWD/docs

work=$(mktemp -d /tmp/tcpconn-shots.XXXXXX)
xvfb_pid=
ws_pid=
cleanup() {
    [[ -n $ws_pid ]] && kill "$ws_pid" 2>/dev/null
    [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=tests/as-nobody.sh
source tests/as-nobody.sh
plugin_home "$work" "$plugin"
mkdir -p "$work/home/.config/wireshark/profiles" "$work/run"
# Where Wireshark copies the global profile when it is first used.
packaging/make-profile.sh "$(scripts/wireshark-folder.sh "Global configuration")/colorfilters" \
    "$work/home/.config/wireshark/profiles"
cp -r sample-pcaps "$work/captures"
chmod -R a+rwX "$work"
chmod 700 "$work/run"
if [[ $(id -u) -eq 0 ]]; then
    chown nobody "$work/run"
fi

Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
xvfb_pid=$!
for _ in $(seq 50); do
    [[ -s $work/display ]] && break
    sleep 0.1
done
export DISPLAY=:$(cat "$work/display")

# start CAPTURE [ARGS...]: Wireshark on a bundled capture; sets $window.
start() {
    local capture=$1
    shift
    "${as_nobody[@]}" XDG_RUNTIME_DIR="$work/run" wireshark -C tcpconn -r "$work/captures/$capture" "$@" \
        >/dev/null 2>&1 &
    ws_pid=$!
    window=
    for _ in $(seq 120); do
        window=$(xdotool search --name "^$(basename "$capture")\$" 2>/dev/null | head -1) || true
        [[ -n $window ]] && break
        sleep 0.5
    done
    [[ -n $window ]] || {
        echo "screenshots: Wireshark did not open $capture" >&2
        exit 1
    }
    xdotool windowmove "$window" 0 0 windowsize "$window" 1280 760
    sleep 2
    xdotool windowfocus --sync "$window"
}

stop() {
    kill "$ws_pid"
    wait "$ws_pid" 2>/dev/null || true
    ws_pid=
}

# dialog TITLE_PART: the id of the window whose title contains it.
dialog() {
    local id=
    for _ in $(seq 40); do
        id=$(xdotool search --name "$1" 2>/dev/null | head -1) || true
        [[ -n $id ]] && break
        sleep 0.5
    done
    echo "$id"
}

# The packet list with the Role column, coloured by the profile.
start real/http-client-close.pcapng -g 9
import -window "$window" -crop 1280x300+0+0 +repage "$out/packet-list.png"
stop

# The same in the tutorials' Chinese (the tcpconn.language preference), on seed 000.
start crafted/seed-000-ssh.pcap -o tcpconn.language:chinese
import -window "$window" -crop 1280x420+0+0 +repage "$out/packet-list-zh.png"
stop

# Anomalies and notes: a SYN retransmitted and never answered, ICMP errors quoting TCP.
start crafted/icmp-quoted.pcap -g 16
import -window "$window" -crop 1280x350+0+0 +repage "$out/packet-list-anomalies.png"
stop

# Expert information: tcpconn's items beside the TCP dissector's.
start crafted/port-reuse.pcap -z expert
expert=$(dialog "Expert Information")
xdotool windowmove "$expert" 0 0 windowsize "$expert" 1100 360
sleep 1
xdotool windowfocus --sync "$expert" key ctrl+Right
sleep 1
import -window "$expert" "$out/expert-info.png"
stop

# Statistics > TCP Connection Lifecycle (the last entry of the menu).
start crafted/port-reuse.pcap
xdotool key alt+s
sleep 1
xdotool key Up Return
tree=$(dialog "TCP Connection Lifecycle")
xdotool windowmove "$tree" 0 0 windowsize "$tree" 820 390
sleep 1
import -window "$tree" "$out/stats-tree.png"
stop

# Statistics > TCP Connections, opened as the menu opens it; sorted by its first column.
start crafted/icmp-errors.pcap -z tcpconn,conns
conns=$(dialog "TCP Connections")
xdotool windowmove "$conns" 0 0 windowsize "$conns" 1560 300
sleep 2
import -window "$conns" "$out/conns-table.png"
stop

# Statistics > Flow Graph, flow type "TCP Connection Roles" (the last type).
start real/http-client-close.pcapng
xdotool key alt+s
sleep 1
# Flow Graph is the 17th entry: the menu opens on the first.
xdotool key --delay 100 Down Down Down Down Down Down Down Down Down Down Down Down Down Down \
    Down Down Return
flow=$(dialog "Flow ·")
xdotool windowmove "$flow" 0 0 windowsize "$flow" 1000 480
sleep 2
# The flow type box, left of the middle of the dialog's row of options.
xdotool mousemove 536 425 click 1
sleep 1
xdotool key End Return
sleep 2
import -window "$flow" "$out/flow-graph.png"
stop
echo "screenshots: wrote $out/{packet-list,packet-list-zh,packet-list-anomalies,expert-info,stats-tree,conns-table,flow-graph}.png"
