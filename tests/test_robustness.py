# SPDX-License-Identifier: GPL-2.0-or-later
"""Short runs of the robustness checks in tests/robustness/ (the long runs are on demand,
see tests/robustness/README.md): the core under libFuzzer, mutated captures through a
sanitized plugin, every frame re-dissected in random order by sharkd, hostile traffic,
and every input that ever failed, kept in tests/regressions/.

Inputs listed in tests/regressions/known-bugs.json reproduce a bug not yet fixed: they are
expected to fail (strictly: once the bug is fixed, take the entry out).
"""
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
ROBUSTNESS = REPO / "tests" / "robustness"
REGRESSIONS = REPO / "tests" / "regressions"
KNOWN_BUGS = json.loads((REGRESSIONS / "known-bugs.json").read_text())
sys.path.insert(0, str(ROBUSTNESS))

import check_hostile  # noqa: E402
import hostile_traffic  # noqa: E402
import mutate_captures  # noqa: E402
import sharkd_any_order  # noqa: E402
from sharkd_session import SharkdSession  # noqa: E402
from wireshark_as_nobody import Wireshark  # noqa: E402

FUZZER = REPO / "build-fuzz" / "tests" / "fuzz" / "fuzz_lifecycle"
FUZZ_SECONDS = 20
MUTATED_CAPTURES = 60


def regression_cases(folder, suffixes, known_bugs_fail=True):
    cases = []
    for path in sorted((REGRESSIONS / folder).glob("*")):
        if path.suffix not in suffixes:
            continue
        bug = known_bugs_fail and KNOWN_BUGS.get(f"{folder}/{path.name}")
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        cases.append(pytest.param(path, marks=marks, id=path.name))
    return cases


@pytest.fixture(scope="session")
def plugin():
    return pathlib.Path(os.environ.get("TCPCONN_PLUGIN", REPO / "build" / "tcpconn.so")).resolve()


@pytest.fixture(scope="session")
def wireshark(plugin):
    ws = Wireshark(plugin)
    yield ws
    ws.cleanup()


@pytest.fixture(scope="session")
def sanitized_plugin():
    subprocess.run([str(ROBUSTNESS / "build.sh"), "asan"], check=True)
    return REPO / "build-asan" / "tcpconn.so"


@pytest.fixture(scope="session")
def fuzzer():
    subprocess.run([str(ROBUSTNESS / "build.sh"), "fuzz"], check=True)
    return FUZZER


def broken_invariant(fuzzer, path):
    """The first line the fuzz target prints about a failing input, or None if it passes."""
    proc = subprocess.run([str(fuzzer), str(path)], capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    for line in proc.stderr.splitlines():
        if "invariant broken" in line or "ERROR: AddressSanitizer" in line or "runtime error" in line:
            return line.split(": ", 1)[1] if "invariant broken" in line else line
    return proc.stderr[-500:]


@pytest.mark.parametrize("case", regression_cases("fuzz-core", {".bin"}))
def test_core_regression_input(fuzzer, case):
    assert broken_invariant(fuzzer, case) is None


def test_core_fuzz_short(fuzzer, tmp_path):
    """libFuzzer for a few seconds from an empty corpus: no failure but the known ones."""
    known = {broken_invariant(fuzzer, p) for p in (REGRESSIONS / "fuzz-core").glob("*.bin")} - {None}
    (tmp_path / "corpus").mkdir()
    proc = subprocess.run([str(fuzzer), "-fork=1", "-ignore_crashes=1", f"-max_total_time={FUZZ_SECONDS}",
                           "-max_len=1024", "-seed=1", f"-artifact_prefix={tmp_path}/",
                           str(tmp_path / "corpus")], capture_output=True, text=True)
    assert "cov:" in proc.stderr, proc.stderr[-2000:]
    crashes = [p for p in tmp_path.iterdir() if p.name.startswith(("crash-", "leak-", "timeout-"))]
    new = {broken_invariant(fuzzer, p) for p in crashes} - known
    assert not new, f"new failures of the lifecycle core (inputs in {tmp_path}): {new}"


def test_mutated_captures_under_asan(sanitized_plugin):
    """editcap -E, snaplen and cut mutations of the bundled captures: sharkd, then tshark -2 -V."""
    stats, failures = mutate_captures.run_batch(sanitized_plugin, range(1, MUTATED_CAPTURES + 1), 10)
    assert stats["captures"] == MUTATED_CAPTURES and stats["tshark_runs"] == MUTATED_CAPTURES // 10
    assert failures == []


@pytest.mark.parametrize("case", regression_cases("captures", {".pcap", ".pcapng"}, False))
def test_regression_capture_under_asan(sanitized_plugin, case):
    """No crash and no sanitizer report (a wrong answer is checked on its own)."""
    assert mutate_captures.replay(sanitized_plugin, [case]) == []


def test_icmp_echo_is_not_a_quoted_tcp_header(wireshark):
    """Once labelled 'TCP header quoted by an ICMP error', though it quotes nothing."""
    path = wireshark.place(REGRESSIONS / "captures" / "icmp-echo-taken-for-quoted-tcp.pcap")
    check_hostile.check_silent(check_hostile.rows(wireshark, path))


def test_sharkd_any_order_matches_tshark(wireshark):
    """Every bundled capture: each frame twice, in a random order, as GUI clicks come."""
    session = SharkdSession(wireshark)
    rng = random.Random(1)
    mismatches = []
    try:
        for capture in sharkd_any_order.bundled_captures():
            placed = wireshark.place(capture, capture.parent.name + "__" + capture.name)
            mismatches += sharkd_any_order.check(wireshark, session, placed, rng)
    finally:
        status, _ = session.close()
    assert mismatches == [] and status == 0


@pytest.fixture(scope="module")
def hostile(wireshark):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="tcpconn-hostile."))
    hostile_traffic.generate(folder, flood=5000, never=2000, seed=1)
    yield {p.name: wireshark.place(p) for p in folder.iterdir()}


def test_syn_flood(wireshark, hostile):
    check_hostile.check_flood(check_hostile.rows(wireshark, hostile["syn-flood.pcap"]), 5000)


def test_connections_that_never_close(wireshark, hostile):
    check_hostile.check_never_close(check_hostile.rows(wireshark, hostile["never-close.pcap"]), 2000)


def test_isn_at_the_wrap(wireshark, hostile):
    check_hostile.check_isn_wrap(check_hostile.rows(wireshark, hostile["isn-wrap.pcap"]))


def test_snaplen_truncated(wireshark, hostile):
    check_hostile.check_snaplen(check_hostile.rows(wireshark, hostile["snaplen.pcap"]))


@pytest.mark.parametrize("name", ["zero-bytes.pcap", "header-only.pcap"])
def test_empty_captures(wireshark, hostile, name):
    check_hostile.check_silent(check_hostile.rows(wireshark, hostile[name]))


def test_non_tcp_capture(wireshark, hostile):
    check_hostile.check_silent(check_hostile.rows(wireshark, hostile["non-tcp.pcap"]))
