#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile traffic through tshark with the plugin: no crash, sensible labels and expert
items, and the plugin's memory (peak RSS with the plugin minus without) growing linearly
with the number of connections, by a small constant.

usage: check_hostile.py [--plugin build/tcpconn.so] [--flood 1000000] [--never-close 100000]
"""
import argparse
import collections
import json
import pathlib
import random
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import hostile_traffic  # noqa: E402
from wireshark_as_nobody import REPO, Wireshark, classify_reports  # noqa: E402

FIELDS = ["frame.number", "tcpconn.label", "tcpconn.state.client", "tcpconn.state.server",
          "tcpconn.not_analysed", "_ws.expert.message"]


def rows(ws, path):
    """[{field: value}] per frame; tshark must end normally and without plugin reports."""
    args = ["-r", str(path), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
    for f in FIELDS:
        args += ["-e", f]
    proc = ws.tshark(*args, timeout=3600)
    mine, _ = classify_reports(proc.stderr)
    assert proc.returncode == 0 and not mine, f"{path.name}: exit {proc.returncode}\n{proc.stderr[-2000:]}"
    return [dict(zip(FIELDS, line.split("\t"))) for line in proc.stdout.splitlines()]


def tally(table, *fields):
    return collections.Counter(tuple(r[f] for f in fields) for r in table)


def check_flood(table, count):
    """Every SYN of the flood is a lone SYN, with nothing but the SYN to say about it."""
    assert len(table) == count
    assert tally(table, "tcpconn.label", "tcpconn.state.client", "tcpconn.state.server") == {
        ("SYN (open 1/3)", "SYN-SENT", "LISTEN"): count}
    return {"frames": count, "labels": "all SYN (open 1/3), SYN-SENT/LISTEN"}


def check_never_close(table, count):
    labels = collections.Counter(r["tcpconn.label"] for r in table)
    assert labels["SYN (open 1/3)"] == labels["SYN-ACK (open 2/3)"] == count
    assert labels["final ACK + data (open 3/3)"] == labels["data ACK"] == count
    last = table[-count:]
    assert tally(last, "tcpconn.state.client", "tcpconn.state.server") == {
        ("ESTABLISHED", "ESTABLISHED"): count}
    assert not any("closed" in r["_ws.expert.message"].lower() for r in table)
    return {"frames": len(table), "labels": dict(labels)}


def check_isn_wrap(table):
    """The wrap changes nothing: every connection opens, acks check and closes in 4."""
    labels = [r["tcpconn.label"] for r in table]
    assert labels.count("final ACK (close 4/4)") == 4 and labels.count("SYN (open 1/3)") == 4
    assert not any("wrong" in r["_ws.expert.message"] or "does not acknowledge" in r["_ws.expert.message"]
                   for r in table)
    return {"frames": len(table), "closed": 4}


def check_snaplen(table):
    """A TCP header cut short is reported as not analysed, never guessed at."""
    cut = [r for r in table if r["tcpconn.not_analysed"]]
    assert cut and all("not analysed" in r["_ws.expert.message"] for r in cut)
    assert not any(r["tcpconn.label"] and r["tcpconn.not_analysed"] for r in table)
    return {"frames": len(table), "not_analysed": len(cut),
            "labelled": sum(1 for r in table if r["tcpconn.label"])}


def check_silent(table):
    """No TCP, no segment: the plugin says nothing."""
    assert not any(r["tcpconn.label"] or r["tcpconn.not_analysed"] for r in table)
    return {"frames": len(table)}


def check_all(plugin, folder, flood, never):
    ws = Wireshark(plugin)
    try:
        hostile_traffic.generate(folder, flood, never, seed=1)
        place = {p.name: ws.place(p) for p in folder.iterdir()}
        return {
            "syn-flood": check_flood(rows(ws, place["syn-flood.pcap"]), flood),
            "never-close": check_never_close(rows(ws, place["never-close.pcap"]), never),
            "isn-wrap": check_isn_wrap(rows(ws, place["isn-wrap.pcap"])),
            "snaplen": check_snaplen(rows(ws, place["snaplen.pcap"])),
            "non-tcp": check_silent(rows(ws, place["non-tcp.pcap"])),
            "zero-bytes": check_silent(rows(ws, place["zero-bytes.pcap"])),
            "header-only": check_silent(rows(ws, place["header-only.pcap"])),
        }
    finally:
        ws.cleanup()


def plugin_bytes(plugin, path, runs=3):
    """Median peak RSS with the plugin minus without, in bytes (tshark -T fields; without the
    plugin, a tcp.* field in place of tcpconn.role, which that tshark would refuse)."""
    results = {True: [], False: []}
    tools = {True: Wireshark(plugin), False: Wireshark(None)}
    field = {True: "tcpconn.role", False: "tcp.flags.str"}
    try:
        placed = {with_plugin: ws.place(path) for with_plugin, ws in tools.items()}
        for _ in range(runs):
            for with_plugin, ws in tools.items():
                proc, stats = ws.tshark_measured("-r", str(placed[with_plugin]), "-T", "fields",
                                                 "-e", "frame.number", "-e", field[with_plugin])
                if proc.returncode != 0:
                    raise RuntimeError(f"tshark exited {proc.returncode}: {proc.stderr[-500:]}")
                results[with_plugin].append(stats["rss_kib"] * 1024)
    finally:
        for ws in tools.values():
            ws.cleanup()
    median = lambda v: sorted(v)[len(v) // 2]  # noqa: E731
    return median(results[True]) - median(results[False])


def memory_growth(plugin, folder, flood):
    """Plugin bytes per connection for a SYN flood of flood/2 and flood SYNs: the slope."""
    sizes = [flood // 2, flood]
    extra = {}
    for n in sizes:
        path = folder / f"flood-{n}.pcap"
        hostile_traffic.syn_flood(path, n, random.Random(n))
        extra[n] = plugin_bytes(plugin, path)
    slope = (extra[sizes[1]] - extra[sizes[0]]) / (sizes[1] - sizes[0])
    return {"plugin_bytes": extra, "bytes_per_connection_slope": round(slope, 1),
            "bytes_per_connection_at_full": round(extra[flood] / flood, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", default=str(REPO / "build" / "tcpconn.so"))
    ap.add_argument("--flood", type=int, default=1000000)
    ap.add_argument("--never-close", type=int, default=100000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tcpconn-hostile.") as tmp:
        folder = pathlib.Path(tmp)
        report = check_all(args.plugin, folder, args.flood, args.never_close)
        report["memory"] = memory_growth(args.plugin, folder, args.flood)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
