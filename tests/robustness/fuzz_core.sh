#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz the lifecycle core with libFuzzer for SECONDS (default 600), going on past crashes;
# then print each crash's broken invariant, counted. Regression inputs seed the corpus.
#   usage: tests/robustness/fuzz_core.sh [SECONDS] [WORKDIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
work=${2:-$(mktemp -d /tmp/tcpconn-fuzz.XXXXXX)}
"$repo/tests/robustness/build.sh" fuzz
fuzzer=$repo/build-fuzz/tests/fuzz/fuzz_lifecycle
mkdir -p "$work/corpus" "$work/crashes"
cp "$repo"/tests/regressions/fuzz-core/*.bin "$work/corpus/" 2>/dev/null || true

"$fuzzer" -fork="$(nproc)" -ignore_crashes=1 -max_total_time="$seconds" -max_len=4099 \
    -artifact_prefix="$work/crashes/" "$work/corpus" >"$work/fuzz.log" 2>&1 || true
grep -E '^#[0-9]+' "$work/fuzz.log" | tail -1
echo "corpus: $(ls "$work/corpus" | wc -l) inputs; crashes: $(ls "$work/crashes" | wc -l) (in $work)"
for crash in "$work"/crashes/*; do
    [[ -e $crash ]] || continue
    "$fuzzer" "$crash" 2>&1 | grep -m1 -E 'invariant broken|ERROR: AddressSanitizer|runtime error' |
        sed -E 's/frame [0-9]+/frame N/; s/==[0-9]+==//' || echo "crash without a message: $crash"
done | sort | uniq -c
