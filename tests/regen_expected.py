#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Rewrite tests/expected/*.tsv from the current plugin's output.

Review every diff this makes (git diff tests/expected) before committing it:
the expected files are the tests' memory of what is right. Run with the Wireshark the files
are for: the host's 4.0 for tests/expected/, a root's for tests/expected/since-*/ (e.g.
sudo scripts/chroot.sh trixie python3 tests/regen_expected.py; the root works on a copy, so
copy the files it writes back from /var/cache/tcpconn/roots/trixie/work/).
"""
import sys

from tshark_run import Tshark, all_captures, expected_path, REPO


def main():
    plugin = sys.argv[1] if len(sys.argv) > 1 else str(REPO / "build" / "tcpconn.so")
    runner = Tshark(plugin)
    try:
        for capture in all_captures():
            path = expected_path(capture, runner.release)
            path.parent.mkdir(exist_ok=True)
            path.write_text("\n".join(runner.table(capture)) + "\n")
            print(f"wrote {path.relative_to(REPO)}")
    finally:
        runner.cleanup()


if __name__ == "__main__":
    main()
