#!/usr/bin/env bash
# Set up, build (gcc and clang, warnings as errors) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh

echo "== style (clang-format)"
clang-format --dry-run --Werror plugin/*.c plugin/*.h tests/unit/*.c

echo "== build with clang"
CC=clang scripts/build.sh build-clang >/dev/null
echo "== build with gcc"
CC=gcc scripts/build.sh build >/dev/null

echo "== unit tests of the lifecycle core"
ctest --test-dir build --output-on-failure

echo "== tshark with the plugin on every capture"
TCPCONN_PLUGIN=build/tcpconn.so /usr/bin/python3 -m pytest -p no:cacheprovider -v tests "$@"
