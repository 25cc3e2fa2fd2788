import os
import pathlib

import pytest

from tshark_run import REPO, Tshark


@pytest.fixture(scope="session")
def tshark():
    plugin = pathlib.Path(os.environ.get("TCPCONN_PLUGIN", REPO / "build" / "tcpconn.so"))
    if not plugin.is_file():
        pytest.exit(f"no plugin at {plugin}: build it first (see README)", returncode=2)
    runner = Tshark(plugin)
    loaded = runner.run("-G", "plugins").stdout
    if "tcpconn.so" not in loaded:
        pytest.exit("tshark did not load the freshly built tcpconn plugin:\n" + loaded, returncode=2)
    yield runner
    runner.cleanup()
