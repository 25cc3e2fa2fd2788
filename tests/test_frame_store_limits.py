# SPDX-License-Identifier: GPL-2.0-or-later
"""The frame store's long forms read back as its short ones do: a build whose short forms hold
only a few values (TCPCONN_SMALL_LIMITS: connection indices from 1 on kept apart, and every ack
check more than 3 frames back or over 3 bytes long in its full form) gives every tcpconn field
of every frame of every bundled capture as the normal build does, in one pass and with -2."""
import subprocess

import pytest

from tshark_run import REPO, Tshark, all_captures

ROBUSTNESS = REPO / "tests" / "robustness"


@pytest.fixture(scope="module")
def limits_tshark():
    subprocess.run([str(ROBUSTNESS / "build.sh"), "limits"], check=True)
    runner = Tshark(REPO / "build-limits" / "tcpconn.so")
    yield runner
    runner.cleanup()


@pytest.fixture(scope="module")
def tcpconn_fields(tshark):
    listing = tshark.run("-G", "fields").stdout
    return [row[2] for row in (line.split("\t") for line in listing.splitlines())
            if row[0] == "F" and row[2].startswith("tcpconn.")]


@pytest.mark.parametrize("passes", [[], ["-2"]], ids=["one-pass", "two-pass"])
@pytest.mark.parametrize("capture", all_captures())
def test_long_forms_read_back_as_short_ones(tshark, limits_tshark, tcpconn_fields, capture, passes):
    args = ["-T", "fields", "-E", "occurrence=a", *passes]
    for field in tcpconn_fields:
        args += ["-e", field]
    normal = tshark.run("-r", tshark.capture(capture), *args).stdout
    assert normal.strip()
    assert limits_tshark.run("-r", limits_tshark.capture(capture), *args).stdout == normal
