import os
import pathlib

import pytest

from tshark_run import REPO, Tshark


@pytest.fixture(scope="session")
def tshark():
    plugin = pathlib.Path(os.environ.get("TCPCONN_PLUGIN", REPO / "build" / "tcpconn.so")).resolve()
    if not plugin.is_file():
        pytest.exit(f"no plugin at {plugin}: build it first (see README)", returncode=2)
    runner = Tshark(plugin)
    listing = runner.run("-G", "plugins", check=False)
    if listing.returncode != 0 or "tcpconn.so" not in listing.stdout:
        runner.cleanup()
        pytest.exit("tshark did not load the freshly built tcpconn plugin:\n"
                    + listing.stdout + listing.stderr, returncode=2)
    yield runner
    runner.cleanup()
