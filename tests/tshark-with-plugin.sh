#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run tshark with a freshly built tcpconn plugin, without installing it.
#
# tshark run as root reads only the global plugin folder, so as root this
# drops to an unprivileged user and points WIRESHARK_PLUGIN_DIR at a private,
# world-readable copy of the plugin. Capture files named on the command line
# must be readable by that user.
#
# usage: TCPCONN_PLUGIN=build/tcpconn.so tests/tshark-with-plugin.sh [tshark args...]
set -euo pipefail

plugin=${TCPCONN_PLUGIN:-$(dirname "$0")/../build/tcpconn.so}
if [[ ! -f $plugin ]]; then
    echo "tshark-with-plugin: no plugin at $plugin (build it first)" >&2
    exit 2
fi

root=${TCPCONN_PLUGIN_ROOT:-}
if [[ -z $root ]]; then
    root=$(mktemp -d /tmp/tcpconn-plugin.XXXXXX)
    trap 'rm -rf "$root"' EXIT
fi
# Plugins load from plugins/<major.minor>/epan: the release of the tshark found here
# (TCPCONN_WS_RELEASE saves a tshark start per run when the caller knows it).
release=${TCPCONN_WS_RELEASE:-$(basename "$("$(dirname "$0")/../scripts/wireshark-folder.sh" "Global Plugins")")}
mkdir -p "$root/plugins/$release/epan" "$root/home"
cp "$plugin" "$root/plugins/$release/epan/tcpconn.so"
chmod -R a+rwX "$root"

run=(env HOME="$root/home" WIRESHARK_PLUGIN_DIR="$root/plugins" tshark)
if [[ $(id -u) -eq 0 ]]; then
    run=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${run[@]}")
fi
"${run[@]}" "$@"
