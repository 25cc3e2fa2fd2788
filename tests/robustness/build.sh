#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the clang variants the robustness runs need:
#   build.sh asan  -> build-asan/tcpconn.so, the plugin under ASan and UBSan
#   build.sh fuzz  -> build-fuzz/tests/fuzz/fuzz_lifecycle, the core's libFuzzer target
#   build.sh limits -> build-limits/tcpconn.so, the frame store's short forms nearly full
set -euo pipefail
cd "$(dirname "$0")/../.."
case ${1:-} in
asan) dir=build-asan flags=(-DTCPCONN_SANITIZE=ON -DBUILD_TESTING=OFF) ;;
fuzz) dir=build-fuzz flags=(-DTCPCONN_FUZZ=ON -DTCPCONN_BUILD_PLUGIN=OFF -DBUILD_TESTING=OFF) ;;
limits) dir=build-limits flags=(-DTCPCONN_SMALL_LIMITS=ON -DBUILD_TESTING=OFF) ;;
*)
    echo "usage: $0 asan|fuzz|limits" >&2
    exit 2
    ;;
esac
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPCONN_WERROR=ON "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" >/dev/null
