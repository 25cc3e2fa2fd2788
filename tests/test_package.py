# SPDX-License-Identifier: GPL-2.0-or-later
"""The Debian package: cpack builds it, dpkg installs the plugin into Wireshark's global
plugin folder and the profile into its global profiles folder, tshark (run as root, so
reading only the global folder) loads both, and removing the package leaves nothing.

Needs root (dpkg -i). Whatever global copy of the plugin or profile existed before is
put back afterwards; the other tests do not see the global folder at all (they run
tshark as nobody with WIRESHARK_PLUGIN_DIR).
"""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

from tshark_run import CAPTURES, REPO

PACKAGE = "wireshark-plugin-tcpconn"


def sh(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)


def pkgconfig(variable):
    return sh("pkg-config", f"--variable={variable}", "wireshark").stdout.strip()


PLUGIN_DIR = pathlib.Path(pkgconfig("plugindir")) / "epan"
PROFILE_DIR = pathlib.Path(pkgconfig("prefix")) / "share" / "wireshark" / "profiles" / "tcpconn"
INSTALLED = [PLUGIN_DIR / "tcpconn.so", PROFILE_DIR / "colorfilters", PROFILE_DIR / "preferences",
             PROFILE_DIR / "recent", pathlib.Path("/usr/share/doc", PACKAGE, "copyright")]

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="installing a package needs root"),
    pytest.mark.skipif(not shutil.which("cpack") or not shutil.which("dpkg-shlibdeps"),
                       reason="needs cmake's cpack and dpkg-dev"),
]


def installed():
    status = sh("dpkg-query", "-W", "-f=${Status}", PACKAGE).stdout
    return "installed" in status.split()


@pytest.fixture(scope="module")
def deb(tshark):
    build = pathlib.Path(tshark.env["TCPCONN_PLUGIN"]).parent
    if not (build / "CPackConfig.cmake").is_file():
        pytest.skip(f"no CPackConfig.cmake in {build}")
    out = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-deb."))
    proc = sh("cpack", "-G", "DEB", "--config", str(build / "CPackConfig.cmake"), "-B", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    debs = list(out.glob("*.deb"))
    assert len(debs) == 1, proc.stdout
    yield debs[0]
    shutil.rmtree(out)


@pytest.fixture
def global_state_kept():
    """Move any global copy of the plugin or profile aside, and put it back afterwards."""
    if installed():
        pytest.skip(f"{PACKAGE} is installed on this machine; not touching it")
    aside = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-aside."))
    moved = []
    for path in (PLUGIN_DIR / "tcpconn.so", PROFILE_DIR):
        if path.exists():
            shutil.move(str(path), str(aside / path.name))
            moved.append(path)
    try:
        yield
    finally:
        if installed():
            sh("dpkg", "--purge", PACKAGE)
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path)
            shutil.move(str(aside / path.name), str(path))
        shutil.rmtree(aside)


def test_package_depends_on_the_libwireshark_it_was_built_against(deb, tshark):
    """libwireshark.so.N is package libwiresharkN, and a plugin loads only into the
    Wireshark major.minor it was built for."""
    plugin = tshark.env["TCPCONN_PLUGIN"]
    needed = re.findall(r"NEEDED\s+libwireshark\.so\.(\d+)", sh("objdump", "-p", plugin).stdout)
    version = sh("pkg-config", "--modversion", "wireshark").stdout.strip()
    major, minor = version.split(".")[:2]
    package = f"libwireshark{needed[0]}"
    fields = sh("dpkg-deb", "-f", str(deb), "Package", "Depends").stdout
    assert f"Package: {PACKAGE}\n" in fields
    assert f"Depends: {package} (>= {version}), {package} (<< {major}.{int(minor) + 1}~)," in fields


def test_package_recommends_a_font_for_the_chinese_labels(deb):
    assert sh("dpkg-deb", "-f", str(deb), "Recommends").stdout.strip() == "fonts-noto-cjk"


def test_package_carries_its_licence(deb):
    with tempfile.TemporaryDirectory() as unpacked:
        sh("dpkg-deb", "-x", str(deb), unpacked)
        copyright = pathlib.Path(unpacked, "usr/share/doc", PACKAGE, "copyright").read_text()
    assert "License: GPL-2.0-or-later" in copyright


def test_package_holds_the_plugin_and_the_profile(deb):
    listing = sh("dpkg-deb", "-c", str(deb)).stdout
    files = sorted("/" + line.split()[-1].lstrip("./") for line in listing.splitlines()
                   if not line.startswith("d"))
    assert files == sorted(str(p) for p in INSTALLED)


def tshark_as_root(*args, home):
    return sh("tshark", *args, env=dict(os.environ, HOME=str(home)))


def test_install_load_remove(deb, global_state_kept, tmp_path):
    proc = sh("dpkg", "-i", str(deb))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(path.is_file() for path in INSTALLED)

    version = sh("dpkg-deb", "-f", str(deb), "Version").stdout.strip().rsplit("-", 1)[0]
    plugins = tshark_as_root("-G", "plugins", home=tmp_path).stdout
    assert re.search(rf"^tcpconn\.so\s+{re.escape(version)}\s+dissector\s+{PLUGIN_DIR / 'tcpconn.so'}$",
                     plugins, re.M)
    # The global profile: tshark copies it into the personal folder and uses its column.
    capture = str(CAPTURES / "real" / "http-client-close.pcapng")
    summary = tshark_as_root("-C", "tcpconn", "-r", capture, home=tmp_path).stdout.splitlines()
    assert " SYN (open 1/3) " in summary[0]
    assert " final ACK (close 4/4) " in summary[-1]
    tree = tshark_as_root("-r", capture, "-q", "-z", "tcpconn,tree", home=tmp_path).stdout
    assert "Connections: how they ended" in tree

    proc = sh("dpkg", "--purge", PACKAGE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not installed()
    assert not any(path.exists() for path in INSTALLED)
    assert not PROFILE_DIR.exists()
    assert "tcpconn.so" not in tshark_as_root("-G", "plugins", home=tmp_path).stdout


def deb_contents(deb):
    """The package's control fields and, per file, its mode and (for all but the stripped
    plugin, whose embedded paths name the folder it was built in) its size."""
    control = sh("dpkg-deb", "-f", str(deb), "Package", "Version", "Architecture", "Depends",
                 "Recommends", "Enhances").stdout
    files = []
    for line in sh("dpkg-deb", "-c", str(deb)).stdout.splitlines():
        mode, _, size, _, _, name = line.split(None, 5)
        files.append((mode, name, "" if name.endswith(".so") else size))
    return control, sorted(files)


def test_source_archive_builds_the_same_package(deb, tshark, tmp_path):
    """The source archive holds the tracked tree, and a build from it alone packages the same
    .deb as the checkout's build."""
    build = pathlib.Path(tshark.env["TCPCONN_PLUGIN"]).parent
    proc = sh("cpack", "--config", str(build / "CPackSourceConfig.cmake"), "-B", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    archives = list(tmp_path.glob("tcpconn-*.tar.gz"))
    assert len(archives) == 1, proc.stdout
    top = archives[0].name.removesuffix(".tar.gz")
    members = sh("tar", "-tzf", str(archives[0])).stdout.splitlines()
    assert all(m.startswith(f"{top}/") for m in members)
    if (REPO / ".git").exists():
        tracked = sh("git", "ls-files", "--cached", "--others", "--exclude-standard",
                     cwd=REPO).stdout.split()
        assert sorted(m[len(top) + 1:] for m in members if not m.endswith("/")) == sorted(tracked)
    sh("tar", "-xzf", str(archives[0]), "-C", str(tmp_path))
    source = tmp_path / top
    for step in (["cmake", "-S", str(source), "-B", str(source / "build"),
                  "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
                 ["cmake", "--build", str(source / "build"), "-j", str(os.cpu_count())],
                 ["cpack", "-G", "DEB", "--config", str(source / "build" / "CPackConfig.cmake"),
                  "-B", str(tmp_path / "deb")]):
        proc = subprocess.run(step, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    rebuilt = list((tmp_path / "deb").glob("*.deb"))
    assert [p.name for p in rebuilt] == [deb.name]
    assert deb_contents(rebuilt[0]) == deb_contents(deb)
