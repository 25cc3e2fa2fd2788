# SPDX-License-Identifier: GPL-2.0-or-later
import pytest

from tshark_run import PLUGIN, Tshark


@pytest.fixture(scope="session")
def tshark():
    if not PLUGIN.is_file():
        pytest.exit(f"no plugin at {PLUGIN}: build it first (see README)", returncode=2)
    runner = Tshark(PLUGIN)
    listing = runner.run("-G", "plugins", check=False)
    if listing.returncode != 0 or "tcpconn.so" not in listing.stdout:
        runner.cleanup()
        pytest.exit("tshark did not load the freshly built tcpconn plugin:\n"
                    + listing.stdout + listing.stderr, returncode=2)
    yield runner
    runner.cleanup()
