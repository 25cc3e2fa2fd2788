#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages tcpconn needs, if missing.
#
#   scripts/setup-deps.sh          everything: build, every test, the GUI, robustness, benchmark
#   scripts/setup-deps.sh --demo   only what building, installing and running tshark need
set -euo pipefail

# Building the plugin, and tshark to run it.
packages=(cmake make gcc pkg-config tshark libwireshark-dev libwiretap-dev libwsutil-dev
    wireshark-dev libglib2.0-dev bsdextrautils)

if [[ ${1:-} != --demo ]]; then
    # bookworm calls the GUI wireshark-qt and the sanitizer runtime libclang-rt-14-dev;
    # trixie and later call them wireshark and libclang-rt-dev.
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    if [[ $codename == bookworm ]]; then
        gui=wireshark-qt clang_rt=libclang-rt-14-dev
    else
        gui=wireshark clang_rt=libclang-rt-dev
    fi
    packages+=(
        clang clang-format python3 python3-pytest python3-scapy
        # the Debian package (cpack's dependency list) and the real GUI under a virtual display
        dpkg-dev file "$gui" xvfb xdotool
        # robustness runs and benchmark: ASan/UBSan/libFuzzer runtime, sharkd, callgrind, GNU time
        "$clang_rt" wireshark-common valgrind time
        # roots with Wireshark 4.4 and 4.6 for the tests (scripts/chroot.sh)
        debootstrap
    )
fi

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
