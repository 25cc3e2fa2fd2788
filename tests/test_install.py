# SPDX-License-Identifier: GPL-2.0-or-later
"""packaging/install.sh (what scripts/demo.sh runs): as an ordinary user it puts the plugin
and the tcpconn profile in the personal folders, so that `tshark -C tcpconn` shows the Role
column; --uninstall takes both away.
"""
import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from as_nobody import as_nobody
from tshark_run import CAPTURES, REPO


@pytest.fixture
def user_home(tshark):
    """A world-readable copy of what install.sh needs, and an empty home, for user nobody."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-install."))
    for part in ("packaging", "scripts"):
        shutil.copytree(REPO / part, root / "tree" / part)
    (root / "tree" / "build").mkdir()
    shutil.copy(tshark.plugin, root / "tree" / "build" / "tcpconn.so")
    shutil.copy(CAPTURES / "real" / "http-client-close.pcapng", root / "capture.pcapng")
    (root / "home").mkdir()
    for path in [root, *root.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o777 if path.suffix == ".sh" else 0o666)
    yield root
    shutil.rmtree(root)


def as_user(root, *command):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIRESHARK", "XDG_"))}
    env["HOME"] = str(root / "home")
    return subprocess.run(as_nobody(command), env=env, cwd=root, capture_output=True, text=True,
                          timeout=300)


def test_install_puts_plugin_and_profile_in_the_personal_folders(user_home):
    if (pathlib.Path(subprocess.run(["scripts/wireshark-folder.sh", "Global Plugins"], cwd=REPO,
                                    capture_output=True, text=True).stdout.strip()) / "epan" / "tcpconn.so").exists():
        pytest.skip("a global copy of the plugin is installed: install.sh refuses a personal one")
    before = as_user(user_home, "tshark", "-C", "tcpconn", "-r", "capture.pcapng")
    assert 'Configuration Profile "tcpconn" does not exist' in before.stderr

    done = as_user(user_home, "tree/packaging/install.sh", "tree/build/tcpconn.so")
    assert done.returncode == 0, done.stdout + done.stderr
    profile = user_home / "home" / ".config" / "wireshark" / "profiles" / "tcpconn"
    assert sorted(p.name for p in profile.iterdir()) == ["colorfilters", "preferences", "recent"]
    out = as_user(user_home, "tshark", "-C", "tcpconn", "-r", "capture.pcapng")
    assert out.returncode == 0 and out.stderr.strip() == "", out.stderr
    lines = out.stdout.splitlines()
    assert " SYN (open 1/3) " in lines[0] and " final ACK (close 4/4) " in lines[-1]

    gone = as_user(user_home, "tree/packaging/install.sh", "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert not profile.exists()
    assert not list((user_home / "home" / ".local").rglob("tcpconn.so"))
