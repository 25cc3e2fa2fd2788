#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Write the tcpconn profile for one Wireshark into OUT/tcpconn: its preferences and recent
# files, and its colorfilters made of that Wireshark's default coloring rules (DEFAULTS, its
# data folder's colorfilters) with tcpconn's warning rule before them and its other rules
# after the alarm rules, so that every release keeps its own rules, names and order.
#
#   packaging/make-profile.sh DEFAULTS OUT
set -euo pipefail
defaults=${1:?usage: make-profile.sh DEFAULTS OUT}
out=${2:?usage: make-profile.sh DEFAULTS OUT}/tcpconn
here=$(cd "$(dirname "$0")" && pwd)
ours=$here/profile/colorfilters.tcpconn
# The last of Wireshark's alarm rules: those before it keep winning over tcpconn's.
last_alarm='@Checksum Errors@'

if ! grep -q "^$last_alarm" "$defaults" 2>/dev/null; then
    echo "make-profile: no '${last_alarm//@/}' rule in $defaults: is it Wireshark's colorfilters?" >&2
    exit 1
fi
mkdir -p "$out"
install -m 0644 "$here/profile/tcpconn/preferences" "$here/profile/tcpconn/recent" "$out/"
{
    grep '^# ' "$ours"
    # tcpconn's warnings first: they say what is wrong with the segment, so they win over
    # Wireshark's alarms too; its other rules after the alarms.
    grep '^@tcpconn warning' "$ours"
    awk -v last="$last_alarm" -v ours="$ours" '
        /^@/ { print }
        index($0, last) == 1 {
            while ((getline rule < ours) > 0) if (rule ~ /^@/ && rule !~ /^@tcpconn warning/) print rule
        }
    ' "$defaults"
} >"$out/colorfilters.new"
mv "$out/colorfilters.new" "$out/colorfilters"
chmod 0644 "$out/colorfilters"
