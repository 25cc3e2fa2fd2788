#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the built tcpconn plugin and the tcpconn profile where this user's tshark and
# Wireshark load them.
#
#   packaging/install.sh [--global] [--uninstall] [PLUGIN.so]
#
# An ordinary user gets the personal plugin and profiles folders; root (whose tshark
# ignores personal plugin folders) or --global gets Wireshark's global ones. Wireshark
# aborts on a plugin loaded twice, so this never leaves two copies where one user sees both.
set -euo pipefail

scope=personal
action=install
plugin=
for arg in "$@"; do
    case $arg in
    --global) scope=global ;;
    --uninstall) action=uninstall ;;
    -h | --help)
        sed -n '2,10p' "$0"
        exit 0
        ;;
    *) plugin=$arg ;;
    esac
done
[[ $(id -u) -eq 0 ]] && scope=global
plugin=${plugin:-$(dirname "$0")/../build/tcpconn.so}

# The folders of the Wireshark this user runs, as its own tshark names them (plugins/<major.minor>).
folder() { "$(dirname "$0")/../scripts/wireshark-folder.sh" "$1"; }
global_plugins=$(folder "Global Plugins")
version=${global_plugins##*/}
global_dir="$global_plugins/epan"
personal_dir="$HOME/.local/lib/wireshark/plugins/$version/epan"
# When installing globally through sudo, the invoking user's personal copy matters too.
personal_dirs=("$personal_dir")
if [[ -n ${SUDO_USER:-} ]]; then
    personal_dirs+=("$(getent passwd "$SUDO_USER" | cut -d: -f6)/.local/lib/wireshark/plugins/$version/epan")
fi

# Profiles live in the configuration folders: Wireshark copies a global profile into the
# personal folder the first time it is used.
profile_dir=$(folder "$([[ $scope == global ]] && echo Global || echo Personal) configuration")/profiles/tcpconn

if [[ $action == uninstall ]]; then
    dir=$([[ $scope == global ]] && echo "$global_dir" || echo "$personal_dir")
    rm -f "$dir/tcpconn.so"
    rm -rf "$profile_dir"
    echo "tcpconn: removed $dir/tcpconn.so and the profile $profile_dir"
    exit 0
fi

if [[ ! -f $plugin ]]; then
    echo "tcpconn: no plugin at $plugin; build it first (scripts/build.sh)" >&2
    exit 1
fi

if [[ $scope == global ]]; then
    for dir in "${personal_dirs[@]}"; do
        if [[ -f $dir/tcpconn.so ]]; then
            rm -f "$dir/tcpconn.so"
            echo "tcpconn: removed the personal copy $dir/tcpconn.so (two copies abort Wireshark)"
        fi
    done
    target=$global_dir
else
    if [[ -f $global_dir/tcpconn.so ]]; then
        echo "tcpconn: a global copy is installed at $global_dir/tcpconn.so; a personal one" >&2
        echo "would make Wireshark abort. Use the global one, or remove it first with" >&2
        echo "  sudo $0 --uninstall --global" >&2
        exit 1
    fi
    target=$personal_dir
fi

install -d "$target"
install -m 0644 "$plugin" "$target/tcpconn.so"
echo "tcpconn: installed $target/tcpconn.so"
# The profile keeps the default coloring rules of the Wireshark installed here.
made=$(mktemp -d)
trap 'rm -rf "$made"' EXIT
"$(dirname "$0")/make-profile.sh" "$(folder "Global configuration")/colorfilters" "$made"
install -d "$profile_dir"
install -m 0644 "$made"/tcpconn/* "$profile_dir/"
echo "tcpconn: installed the profile $profile_dir (tshark -C tcpconn, wireshark -C tcpconn)"

loaded=$(tshark -G plugins 2>/dev/null | grep -c '^tcpconn\.so' || true)
if [[ $loaded -ne 1 ]]; then
    echo "tcpconn: tshark $version lists the plugin $loaded times; expected once" >&2
    echo "(a plugin loads only into the Wireshark major.minor it was built for)" >&2
    exit 1
fi
