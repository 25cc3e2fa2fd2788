#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark with and without the tcpconn plugin: wall time, CPU time and peak RSS (medians of
alternating runs), instruction counts from callgrind on a smaller capture, and the plugin's
own memory per segment and per connection. Prints figures; asserts nothing.

usage: bench/run_bench.py [--plugin build/tcpconn.so] [--segments 1000000] [--runs 3]
                          [--callgrind-segments 20000] [--workdir /tmp/tcpconn-bench]
                          [--skip time|callgrind|memory] [--mode MODE (callgrind only)]
"""
import argparse
import json
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "robustness"))
import check_hostile  # noqa: E402
import gen_capture  # noqa: E402
import hostile_traffic  # noqa: E402
from wireshark_as_nobody import REPO, Wireshark  # noqa: E402

FIELDS = ["-T", "fields", "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.flags.str"]
# Each mode: (arguments with the plugin, arguments without it that ask for the same work).
MODES = {
    "summary": ([], []),
    "-T fields": (FIELDS + ["-e", "tcpconn.role"], FIELDS),
    '-Y role == "SYN"': (["-Y", 'tcpconn.role == "SYN"'], ["-Y", "tcp.flags & 0x12 == 0x02"]),
    "-2": (["-2"], ["-2"]),
    # What the GUI does when it loads a file: one pass with taps, no tree asked for (the conv
    # table's tap needs none).
    "GUI-like first pass": (["-q", "-z", "conv,tcp"], ["-q", "-z", "conv,tcp"]),
    # Switched off (Analyze > Enabled Protocols, or for one run this option): it should cost
    # nothing, as any disabled protocol.
    "summary, tcpconn disabled": (["--disable-protocol", "tcpconn"], []),
    "-T fields, tcpconn disabled": (["--disable-protocol", "tcpconn"] + FIELDS, FIELDS),
    "-2, tcpconn disabled": (["--disable-protocol", "tcpconn", "-2"], ["-2"]),
}
# Without the plugin, a display filter on the same tcp.* fields the plugin reads: what a
# tree with those fields primed costs, to split the plugin's summary-mode cost in two.
TREE_ONLY = ["-Y", "tcp.stream >= 0 && tcp.seq_raw >= 0 && tcp.ack_raw >= 0 && tcp.len >= 0"]


def measure(tools, capture, runs):
    """{mode: {with/without: [stats per run]}}, the two alternating run by run."""
    placed = {k: ws.place(capture) for k, ws in tools.items()}
    out = {}
    for mode, (with_args, without_args) in MODES.items():
        out[mode] = {"with": [], "without": []}
        for _ in range(runs):
            for key, args in (("without", without_args), ("with", with_args)):
                proc, stats = tools[key].tshark_measured("-r", str(placed[key]), *args)
                if proc.returncode != 0:
                    raise RuntimeError(f"{mode} {key}: {proc.stderr[-1000:]}")
                out[mode][key].append(stats)
    out["summary, tree forced (no plugin)"] = {"without": [], "with": []}
    for _ in range(runs):
        _, stats = tools["without"].tshark_measured("-r", str(placed["without"]), *TREE_ONLY)
        out["summary, tree forced (no plugin)"]["with"].append(stats)
        _, stats = tools["without"].tshark_measured("-r", str(placed["without"]))
        out["summary, tree forced (no plugin)"]["without"].append(stats)
    return out


def medians(runs):
    return {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "cpu_s", "rss_kib")}


def callgrind(ws, capture, args, out):
    """Instructions executed by tshark; the callgrind file is kept (at out) for callgrind_annotate."""
    placed = ws.place(capture)
    written = ws.root / out.name  # tshark runs as nobody, who can write only under ws.root
    cmd = ws.command("valgrind", "--tool=callgrind", f"--callgrind-out-file={written}", "tshark",
                     "-r", str(placed), *args)
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    match = re.search(r"Collected : (\d+)", proc.stderr)
    if not match:
        raise RuntimeError(proc.stderr[-1000:])
    shutil.copyfile(written, out)
    return int(match.group(1)), out


def callgrind_modes(tools, capture, segments, workdir, modes, known=None):
    """Per mode, with and without the plugin: instructions for the whole run, for the start-up
    alone (the same arguments with -c 1) and per segment ((whole - start-up) / segments).
    known: an earlier run's figures, whose runs without the plugin are taken as they are."""
    out = {}
    for mode in modes:
        name = re.sub(r"\W+", "", mode)
        row = {}
        for key, args in zip(("with", "without"), MODES[mode]):
            if key == "without" and known and mode in known:
                row[key] = known[mode][key]
                continue
            whole, cg_file = callgrind(tools[key], capture, args, workdir / f"callgrind.{key}.{name}")
            # -c 1 stops after one frame: "-2" then also runs its second pass over one frame.
            start, _ = callgrind(tools[key], capture, ["-c", "1", *args], workdir / f"callgrind.{key}.{name}.c1")
            row[key] = {"ir": whole, "startup": start, "per_segment": (whole - start) / segments,
                        "file": str(cg_file)}
        row["ratio"] = row["with"]["ir"] / row["without"]["ir"]
        row["ratio_per_segment"] = row["with"]["per_segment"] / row["without"]["per_segment"]
        row["added_per_segment"] = row["with"]["per_segment"] - row["without"]["per_segment"]
        out[mode] = row
    return out


def callgrind_table(rows, segments):
    lines = [f"| callgrind, {segments:,} segments | with | without | ratio | per segment with / without "
             "| ratio per segment | added per segment |", "|---|---|---|---|---|---|---|"]
    for mode, r in rows.items():
        lines.append(f"| {mode} | {r['with']['ir'] / 1e6:,.0f} M | {r['without']['ir'] / 1e6:,.0f} M "
                     f"| {r['ratio']:.3f} | {r['with']['per_segment']:,.0f} / {r['without']['per_segment']:,.0f} "
                     f"| {r['ratio_per_segment']:.3f} | {r['added_per_segment']:,.0f} |")
    return "\n".join(lines)


def plugin_share(callgrind_file, top=8):
    """Inclusive instructions of the plugin's entry point, and its most costly functions."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(callgrind_file)],
                          capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(\S.*)", line)
        if m and "/plugin/" in m.group(2):  # symbolised frames of the plugin, not "???"
            rows.append((int(m.group(1).replace(",", "")), m.group(2)[:110]))
    return rows[:top]


def memory(plugin, workdir, runs):
    """Plugin bytes (peak RSS with minus without) on a segment-heavy and a connection-heavy
    capture of the same size; solved for bytes per segment and per connection. A third
    capture, the segment-heavy one with each data segment answered by a pure ACK, gives the
    bytes per segment when every other segment's ack is checked."""
    n_long, n = 1000000, 200000  # the long capture is larger: per-segment bytes are few
    long_conns = workdir / "long-connections.pcap"  # 1 000 connections of 1 000 segments
    gen_capture_long(long_conns, n_long, 1000)
    acked = workdir / "long-acked.pcap"  # the same, half of it pure ACKs with an ack check
    gen_capture_long(acked, n_long, 1000, pure_acks=True)
    flood = workdir / "syn-flood.pcap"  # 200 000 connections of 1 segment
    hostile_traffic.syn_flood(flood, n, __import__("random").Random(1))
    extra = {name: check_hostile.plugin_bytes(plugin, path, runs)
             for name, path in (("long", long_conns), ("acked", acked), ("flood", flood))}
    # long: n_long segments + 1000 connections; flood: n segments + n connections.
    seg_plus_conn = extra["flood"] / n
    per_seg = (extra["long"] - 1000 * seg_plus_conn) / (n_long - 1000)
    per_conn = seg_plus_conn - per_seg
    per_seg_acked = (extra["acked"] - 1000 * per_conn) / n_long
    return {"plugin_bytes": extra, "bytes_per_segment": round(per_seg, 1),
            "bytes_per_segment_half_checked": round(per_seg_acked, 1),
            "bytes_per_connection": round(per_conn, 1)}


def gen_capture_long(path, segments, connections, pure_acks=False):
    """Few long connections: data and ACKs back and forth, interleaved. With pure_acks, each
    data segment is answered by an ACK without data, whose ack tcpconn checks."""
    from pcap_writer import ACK, PSH, PcapWriter, tcp_frame
    with PcapWriter(path) as w:
        seq = [[0, 0] for _ in range(connections)]
        for i in range(segments):
            c = i % connections
            client = (i // connections) % 2 == 0
            s = seq[c]
            src, dst = (0x0A200000 + c, 0x0A000001) if client else (0x0A000001, 0x0A200000 + c)
            sp, dp = (2000 + c, 80) if client else (80, 2000 + c)
            me, peer = (0, 1) if client else (1, 0)
            data = 0 if pure_acks and not client else 10
            if pure_acks:  # each side numbers from its own base, and acks what it received
                base = (1000, 5000)
                seq_no, ack_no = base[me] + s[me], base[peer] + s[peer]
            else:  # acks numbers never sent: no ack check
                seq_no, ack_no = 1000 + s[me], 5000 + s[peer]
            w.write(tcp_frame(src, dst, sp, dp, seq_no, ack_no, ACK | (PSH if data else 0), data))
            s[me] += data


def table(results, segments):
    lines = ["| mode | wall with / without | ratio | CPU with / without | ratio | peak RSS with / without (MiB) |",
             "|---|---|---|---|---|---|"]
    for mode, runs in results.items():
        w, wo = medians(runs["with"]), medians(runs["without"])
        lines.append(f"| {mode} | {w['wall_s']:.2f} / {wo['wall_s']:.2f} s | {w['wall_s'] / wo['wall_s']:.3f} "
                     f"| {w['cpu_s']:.2f} / {wo['cpu_s']:.2f} s | {w['cpu_s'] / wo['cpu_s']:.3f} "
                     f"| {w['rss_kib'] / 1024:.0f} / {wo['rss_kib'] / 1024:.0f} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", default=str(REPO / "build" / "tcpconn.so"))
    ap.add_argument("--segments", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--callgrind-segments", type=int, default=20000)
    ap.add_argument("--workdir", default="/tmp/tcpconn-bench")
    ap.add_argument("--skip", action="append", default=[], choices=["time", "callgrind", "memory"])
    ap.add_argument("--mode", action="append", choices=list(MODES),
                    help="callgrind only these modes (default: all)")
    ap.add_argument("--without-from", metavar="BENCH_JSON",
                    help="callgrind: take the runs without the plugin from an earlier bench.json "
                         "(same capture size)")
    args = ap.parse_args()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.time()

    big = workdir / f"bench-{args.segments}.pcap"
    if "time" not in args.skip and not big.exists():
        print(f"{big}: {gen_capture.generate(big, args.segments)} (segments, connections)", flush=True)
    small = workdir / f"bench-{args.callgrind_segments}.pcap"
    if not small.exists():
        gen_capture.generate(small, args.callgrind_segments)

    tools = {"with": Wireshark(args.plugin), "without": Wireshark(None)}
    report = {"segments": args.segments}
    try:
        if "time" not in args.skip:
            results = measure(tools, big, args.runs)
            report["runs"] = {m: {k: medians(v) for k, v in r.items()} for m, r in results.items()}
            print(f"## {args.segments} segments, medians of {args.runs} alternating runs\n")
            print(table(results, args.segments), flush=True)
        if "callgrind" not in args.skip:
            modes = args.mode or list(MODES)
            known = json.loads(pathlib.Path(args.without_from).read_text())["callgrind"] \
                if args.without_from else None
            rows = callgrind_modes(tools, small, args.callgrind_segments, workdir, modes, known)
            report["callgrind"] = rows
            print(f"\n## callgrind, {args.callgrind_segments} segments (instructions; per segment: "
                  "start-up, measured with -c 1, subtracted)\n")
            print(callgrind_table(rows, args.callgrind_segments))
            for mode, r in rows.items():
                print(f"\n{mode}, the plugin's functions (inclusive):")
                for ir, fn in plugin_share(r["with"]["file"]):
                    print(f"    {ir:>14,}  {fn}")
            sys.stdout.flush()
        if "memory" not in args.skip:
            report["memory"] = memory(args.plugin, workdir, args.runs)
            print(f"\n## plugin memory (peak RSS with minus without)\n\n{json.dumps(report['memory'], indent=1)}")
    finally:
        for ws in tools.values():
            ws.cleanup()
    print(f"\n({time.time() - started:.0f} s)")
    (workdir / "bench.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
