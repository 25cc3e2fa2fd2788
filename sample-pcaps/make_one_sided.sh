#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Derives the one-sided captures in real/ from a two-sided one: what a tap or SPAN port on one
# direction, or asymmetric routing, leaves of a real connection (real/http-client-close.pcapng:
# client 10.99.0.1, server 10.99.0.2:8080). make_real.sh runs it after making the captures;
# it can also run on its own (no root needed): the output only depends on the input.
set -euo pipefail

REAL=$(cd "$(dirname "$0")" && pwd)/real
SOURCE=$REAL/http-client-close.pcapng

one_direction() {
    # tshark's stderr (a warning about running as root) is dropped; a failure still fails.
    tshark -r "$SOURCE" -Y "$2" -w "$REAL/$1" 2>/dev/null
    chmod 644 "$REAL/$1"
    echo "$1: $(capinfos -c -M "$REAL/$1" | awk '/Number of packets/ {print $4}') frames"
}

one_direction one-sided-client.pcapng "ip.src == 10.99.0.1"
one_direction one-sided-server.pcapng "ip.src == 10.99.0.2"
