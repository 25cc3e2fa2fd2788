#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (gcc and clang, warnings as errors) and run every test against the Wireshark
# installed here: the host's, or a root's (scripts/chroot.sh SUITE scripts/test-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== $(tshark --version 2>/dev/null | head -1)"
echo "== build with clang"
CC=clang TCPCONN_WERROR=ON scripts/build.sh build-clang >/dev/null
echo "== build with gcc"
CC=gcc TCPCONN_WERROR=ON scripts/build.sh build >/dev/null

echo "== unit tests of the lifecycle core"
ctest --test-dir build --output-on-failure

echo "== tshark with the plugin on every capture"
TCPCONN_PLUGIN=build/tcpconn.so /usr/bin/python3 -m pytest -p no:cacheprovider -v tests "$@"
