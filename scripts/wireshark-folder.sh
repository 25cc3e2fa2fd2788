#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Print one of the folders the tshark found here names, e.g. "Global Plugins" ->
# /usr/lib/x86_64-linux-gnu/wireshark/plugins/4.0; its last part is the release that
# plugins load into (plugins/<major.minor>). Fails when tshark names no such folder.
set -euo pipefail
folder=$(tshark -G folders 2>/dev/null | awk -F'\t' -v k="${1:?usage: wireshark-folder.sh NAME}:" \
    'index($1, k) == 1 { print $2; exit }')
if [[ -z $folder ]]; then
    echo "wireshark-folder: tshark names no '$1' folder (is tshark installed?)" >&2
    exit 1
fi
echo "$folder"
