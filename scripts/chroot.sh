#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A Debian root for a newer Wireshark, made in a folder and reused.
#
# usage: scripts/chroot.sh SUITE            make the root if missing (the suites of
#                                           scripts/releases.tsv run in a root)
#        scripts/chroot.sh SUITE CMD ARGS   ... then run CMD in it, in a copy of the checkout
#
# The host system is never changed: debootstrap writes only under $TCPCONN_ROOTS, and the
# bind mounts live in a private mount namespace, so nothing stays mounted when CMD ends.
set -euo pipefail
cd "$(dirname "$0")/.."

suites=$(awk '!/^#/ && $3 == "root" { printf "%s%s", sep, $2; sep = " " }' scripts/releases.tsv)
suite=${1:?usage: scripts/chroot.sh SUITE [command...] (SUITE: $suites)}
shift
[[ " $suites " == *" $suite "* ]] || {
    echo "chroot: unknown suite '$suite' ($suites: scripts/releases.tsv)" >&2
    exit 2
}

roots=${TCPCONN_ROOTS:-/var/cache/tcpconn/roots}
root=$roots/$suite
mirror=${TCPCONN_MIRROR:-http://deb.debian.org/debian}
stamp=$root/.tcpconn-ready

if [[ $(id -u) -ne 0 ]]; then
    echo "chroot: making and entering a root needs root (sudo scripts/chroot.sh ...)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || {
    echo "chroot: installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
}

# What a build and the suite need, as the host gets it: scripts/setup-deps.sh, run in the
# root, names each package as that suite spells it. The root is brought up to date when that
# script changes.
install_packages() {
    cp scripts/setup-deps.sh "$root/setup-deps.sh"
    chroot "$root" env DEBIAN_FRONTEND=noninteractive bash /setup-deps.sh >>"$roots/$suite.log" 2>&1 || {
        tail -20 "$roots/$suite.log" >&2
        echo "chroot: installing packages in $suite failed (log: $roots/$suite.log)" >&2
        exit 1
    }
    rm -f "$root/setup-deps.sh"
    sha256sum <scripts/setup-deps.sh >"$stamp"
}

# One maker at a time per root; the others wait and then find it ready.
mkdir -p "$roots"
exec 9>"$roots/$suite.lock"
flock 9

# A root is complete only once its stamp is written: an interrupted build is started again.
if [[ ! -f $stamp ]]; then
    echo "chroot: making the $suite root in $root (a few minutes)"
    rm -rf "$root"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$roots/$suite.log" 2>&1 || {
        tail -20 "$roots/$suite.log" >&2
        echo "chroot: debootstrap $suite failed (log: $roots/$suite.log)" >&2
        exit 1
    }
    # sid's Release file can be past its Valid-Until on the mirror.
    echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99tcpconn"
    install_packages
    echo "chroot: $suite ready: $(chroot "$root" tshark --version 2>/dev/null | head -1)"
elif [[ $(<"$stamp") != "$(sha256sum <scripts/setup-deps.sh)" ]]; then
    echo "chroot: the package list changed: updating the $suite root"
    install_packages
fi

exec 9>&-
[[ $# -eq 0 ]] && exit 0

# CMD runs in a copy of the checkout inside the root, so that each release has its own build
# folders; build*/ folders of earlier runs stay, for incremental builds. Each checkout has its
# own copy, so that two checkouts can use one root at once.
src=$(pwd)
name=tcpconn-$(printf %s "$src" | md5sum | cut -c1-8)
copy=$root/work/$name
mkdir -p "$copy"
find "$copy" -mindepth 1 -maxdepth 1 ! -name 'build*' -exec rm -rf {} +
tar -C "$src" --exclude='./build*' --exclude=__pycache__ --exclude=./.git -cf - . | tar -C "$copy" -xf -
chmod 755 "$root/work"

exec unshare --mount --propagation private bash -c '
    set -e
    root=$1 name=$2; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/tmp"
    exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        CI="${CI:-}" bash -c "cd /work/$name && exec \"\$@\"" bash "$@"
' bash "$root" "$name" "$@"
