# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Sourced by the shell tools that run Wireshark's programs with a build's tcpconn plugin
# without installing it (tests/tshark-with-plugin.sh, docs/screenshots.sh); tests/as_nobody.py
# is the same for the Python ones.
#
# Wireshark run as root reads only the global plugin folder, so as root the program runs as
# nobody, with WIRESHARK_PLUGIN_DIR at a private copy of the plugin and HOME at a private home.

# plugin_home ROOT PLUGIN: puts the plugin in ROOT/plugins/<major.minor>/epan (the release of
# the Wireshark found here) and makes ROOT/home, then sets as_nobody to the command prefix
# that runs a program with them. Files nobody must read under ROOT are the caller's to open.
plugin_home() {
    local root=$1 plugin=$2 release
    release=$(basename "$("$(dirname "${BASH_SOURCE[0]}")/../scripts/wireshark-folder.sh" "Global Plugins")")
    mkdir -p "$root/plugins/$release/epan" "$root/home"
    cp "$plugin" "$root/plugins/$release/epan/tcpconn.so"
    as_nobody=(env HOME="$root/home" WIRESHARK_PLUGIN_DIR="$root/plugins")
    if [[ $(id -u) -eq 0 ]]; then
        as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${as_nobody[@]}")
    fi
}
