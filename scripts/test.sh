#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Set up, build and run every test on every supported Wireshark (scripts/releases.tsv): the
# host's own, and the others' in Debian roots made by scripts/chroot.sh and reused.
#
# usage: scripts/test.sh [--versions "4.0 4.4 4.6"] [pytest arguments]
#   e.g. scripts/test.sh --versions 4.0 -k seed     day to day: the host's Wireshark only
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A suite_of=() where_of=()
all=()
while read -r release suite where; do
    [[ -z $release || $release == \#* ]] && continue
    suite_of[$release]=$suite where_of[$release]=$where
    all+=("$release")
done <scripts/releases.tsv
versions="${all[*]}"
if [[ ${1:-} == --versions ]]; then
    versions=$2
    shift 2
fi
for v in $versions; do
    [[ -n ${suite_of[$v]:-} ]] || {
        echo "test: unsupported version '$v' (${all[*]}: scripts/releases.tsv)" >&2
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
    [[ ${where_of[$v]} == host ]] && continue
    ("${as_root[@]}" scripts/chroot.sh "${suite_of[$v]}" scripts/test-release.sh "$@" >"$logs/$v.log" 2>&1
        echo $? >"$logs/$v.rc") &
    pids+=($!)
done

status=0
for v in $versions; do
    [[ ${where_of[$v]} == host ]] || continue
    rc=0
    scripts/test-release.sh "$@" 2>&1 | tee "$logs/$v.log" || rc=$?
    echo "$rc" >"$logs/$v.rc"
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
for v in $versions; do
    [[ ${where_of[$v]} == host ]] && continue
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
