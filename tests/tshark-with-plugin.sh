#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run tshark with a freshly built tcpconn plugin, without installing it: as nobody when run
# by root, with a private copy of the plugin (tests/as-nobody.sh). Capture files named on
# the command line must be readable by that user.
#
# usage: TCPCONN_PLUGIN=build/tcpconn.so tests/tshark-with-plugin.sh [tshark args...]
set -euo pipefail
# shellcheck source=tests/as-nobody.sh
source "$(dirname "$0")/as-nobody.sh"

plugin=${TCPCONN_PLUGIN:-$(dirname "$0")/../build/tcpconn.so}
if [[ ! -f $plugin ]]; then
    echo "tshark-with-plugin: no plugin at $plugin (build it first)" >&2
    exit 2
fi

root=$(mktemp -d /tmp/tcpconn-plugin.XXXXXX)
trap 'rm -rf "$root"' EXIT
plugin_home "$root" "$plugin"
chmod -R a+rwX "$root"
"${as_nobody[@]}" tshark "$@"
