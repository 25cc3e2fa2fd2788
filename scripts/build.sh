#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Configure and build the plugin and the unit tests into build/ (or $1); TCPCONN_WERROR=ON
# (the test scripts set it) makes every warning an error.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPCONN_WERROR="${TCPCONN_WERROR:-OFF}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
