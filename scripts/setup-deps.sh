#!/usr/bin/env bash
# Install the Debian packages tcpconn needs to build, run and test, if missing.
set -euo pipefail

packages=(
    cmake make gcc clang clang-format pkg-config
    tshark libwireshark-dev libwiretap-dev libwsutil-dev wireshark-dev libglib2.0-dev
    python3 python3-pytest python3-scapy bsdextrautils
    # the Debian package (cpack's dependency list) and the real GUI under a virtual display
    dpkg-dev wireshark-qt xvfb xdotool
    # robustness runs and benchmark: ASan/UBSan/libFuzzer runtime, sharkd, callgrind, GNU time
    libclang-rt-14-dev wireshark-common valgrind time
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup-deps: installing ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
# tshark asks whether non-superusers may capture: never wait for an answer.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
