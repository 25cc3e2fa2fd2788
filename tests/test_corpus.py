# SPDX-License-Identifier: GPL-2.0-or-later
"""The field corpus (tests/corpus): tcpconn on hundreds of other projects' captures.

The suite's form merges the captures into a few files (see corpus_check.py) and takes a few
seconds. TCPCONN_CORPUS_PER_FILE=1 adds the long form: every capture on its own, as a user
opens it (about 15 minutes here).
"""
import os

import pytest

import corpus_check as cc

PER_FILE = os.environ.get("TCPCONN_CORPUS_PER_FILE") == "1"


def test_corpus_merged(tshark):
    names = cc.corpus_files()
    whole, cut = cc.readable(names)
    work = cc.workdir(tshark, "corpus")
    found, labelled = [], 0
    groups = cc.batches(whole, work)
    for i, group in enumerate(groups):
        path = work / f"batch-{i}.pcapng"
        cc.merge(group, path)
        runs = cc.run_both(tshark, path)
        found += cc.problems(runs, cc.origin(group, whole))
        labelled += cc.frames_labelled(runs)
    # Captures tshark reads only up to a cut cannot be merged: each on its own.
    for name in cut:
        runs = cc.run_both(tshark, cc.readable_copy(tshark, name), cut_short=True)
        found += cc.problems(runs, lambda frame, name=name: f"{name} frame {frame}")
        labelled += cc.frames_labelled(runs)
    print(f"corpus: {len(names)} captures, {len(whole)} read in full in {len(groups)} merged files, "
          f"{len(cut)} cut short, {len(names) - len(whole) - len(cut)} unreadable; "
          f"{sum(whole.values()) + sum(cut.values())} frames, {labelled} labelled")
    # A run that labelled nothing checked nothing.
    assert labelled > 0
    assert not found, "\n".join(found[:50]) + f"\n({len(found)} problems)"


def per_file_names():
    return cc.corpus_files() if PER_FILE and cc.CORPUS.is_dir() else []


@pytest.mark.skipif(not PER_FILE, reason="long form: set TCPCONN_CORPUS_PER_FILE=1")
@pytest.mark.parametrize("name", per_file_names())
def test_corpus_per_file(tshark, name):
    whole, cut = cc.readable([name])
    if not whole and not cut:
        # What tshark cannot read must be refused cleanly, not crash it.
        proc = tshark.run("-r", str(cc.readable_copy(tshark, name)), check=False)
        assert proc.returncode in (1, 2) and "Dissector bug" not in proc.stdout + proc.stderr
        return
    runs = cc.run_both(tshark, cc.readable_copy(tshark, name), cut_short=bool(cut))
    found = cc.problems(runs, lambda frame: f"{name} frame {frame}")
    assert not found, "\n".join(found[:50])


def test_corpus_connections_table(tshark):
    """Every row of -z tcpconn,conns on the merged corpus is what its packets show (as
    test_conns_table checks on the bundled captures)."""
    from test_conns_table import assert_rows_match, expected_rows, packets, whole_table

    whole, _ = cc.readable(cc.corpus_files())
    work = cc.workdir(tshark, "corpus-conns")
    rows = 0
    for i, group in enumerate(cc.batches(whole, work)):
        path = work / f"batch-{i}.pcapng"
        cc.merge(group, path)
        table = whole_table(tshark, str(path))
        assert_rows_match(table, expected_rows(packets(tshark, str(path))), path)
        rows += len(table)
    print(f"corpus: {rows} connections in the table")
    assert rows > 0
