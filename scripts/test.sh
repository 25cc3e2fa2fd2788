#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Set up, build and run every test on every supported Wireshark: 4.0 (this Debian bookworm
# host), 4.4 (a trixie root) and 4.6 (a sid root), made by scripts/chroot.sh and reused.
#
# usage: scripts/test.sh [--versions "4.0 4.4 4.6"] [pytest arguments]
#   e.g. scripts/test.sh --versions 4.0 -k seed     day to day: the host's Wireshark only
set -euo pipefail
cd "$(dirname "$0")/.."

versions="4.0 4.4 4.6"
if [[ ${1:-} == --versions ]]; then
    versions=$2
    shift 2
fi
declare -A suite_of=([4.4]=trixie [4.6]=sid)
for v in $versions; do
    [[ $v == 4.0 || -n ${suite_of[$v]:-} ]] || {
        echo "test: unsupported version '$v' (4.0, 4.4, 4.6)" >&2
        exit 2
    }
done

scripts/setup-deps.sh

echo "== style (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1), the committed .clang-format)"
clang-format --dry-run --Werror plugin/*.[ch] plugin/*/*.[ch] tests/unit/*.c tests/fuzz/*.[ch]

logs=$(mktemp -d /tmp/tcpconn-test.XXXXXX)
# Making and entering a root needs root: through sudo for anyone else.
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo env CI="${CI:-}")
# The roots' suites run side by side, each in its own root, while the host's runs here.
pids=()
for v in $versions; do
    [[ $v == 4.0 ]] && continue
    ("${as_root[@]}" scripts/chroot.sh "${suite_of[$v]}" scripts/test-release.sh "$@" >"$logs/$v.log" 2>&1
        echo $? >"$logs/$v.rc") &
    pids+=($!)
done

status=0
if [[ " $versions " == *" 4.0 "* ]]; then
    rc=0
    scripts/test-release.sh "$@" 2>&1 | tee "$logs/4.0.log" || rc=$?
    echo "$rc" >"$logs/4.0.rc"
fi
for pid in "${pids[@]}"; do wait "$pid" || true; done
for v in $versions; do
    [[ $v == 4.0 ]] && continue
    echo "======== Wireshark $v (${suite_of[$v]} root)"
    cat "$logs/$v.log"
done

# One line per version, then the total over all of them.
echo "======== summary"
passed=0 failed=0
for v in $versions; do
    rc=$(cat "$logs/$v.rc" 2>/dev/null || echo 1)
    line=$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$logs/$v.log" | tail -1 | tr -d '=' | sed 's/^ *//') || true
    echo "Wireshark $v: ${line:-no pytest summary (see above)}, exit $rc"
    # "988 passed, 1 failed, 6 errors in 1334.68s": count words after numbers.
    read -r p f < <(awk '{ for (i = 2; i <= NF; i++) { n = $(i - 1) + 0; w = $i; sub(/,$/, "", w)
        if (w == "passed") p += n; else if (w == "failed" || w ~ /^errors?$/) f += n } }
        END { print p + 0, f + 0 }' <<<"$line")
    passed=$((passed + p))
    failed=$((failed + f))
    [[ $rc == 0 && -n $line ]] || status=1
done
rm -rf "$logs"
echo "$passed passed, $failed failed"
exit $status
