#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Set up, build and install tcpconn (plugin and profile), then show what it says about a bundled capture.
set -euo pipefail
cd "$(dirname "$0")/.."
capture=${1:-sample-pcaps/real/http-client-close.pcapng}

scripts/setup-deps.sh --demo
scripts/build.sh build >/dev/null
packaging/install.sh build/tcpconn.so

tshark -r "$capture" -T fields -E header=y \
    -e frame.number -e tcpconn.sender -e tcpconn.role -e tcpconn.step -e tcpconn.label \
    -e tcpconn.acks_frame -e tcpconn.state.client -e tcpconn.state.server 2>/dev/null |
    column -t -s $'\t'
