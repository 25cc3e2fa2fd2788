#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Fuzzed captures: mutate the bundled captures and dissect them with a sanitized plugin.

Every mutated capture is loaded by sharkd (the first pass, as tshark and the GUI make it)
and then each of its frames is dissected again with the full tree in a random order, as
the GUI does; every --tshark-every'th one also goes through `tshark -2 -nVx` (both passes,
whole tree, hex dump). A failure is a crash, a sanitizer report or leak through the
plugin's code, or a dissector bug in TCPCONN. Failing captures are kept in
tests/regressions/captures/ (rerun them with --replay).

usage: mutate_captures.py --plugin build-asan/tcpconn.so --count 10000 [--seed 1]
       mutate_captures.py --plugin build-asan/tcpconn.so --replay tests/regressions/captures
"""
import argparse
import concurrent.futures
import json
import pathlib
import random
import shutil
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from mutations import mutate  # noqa: E402
from sharkd_session import SharkdError, SharkdSession  # noqa: E402
from wireshark_as_nobody import REPO, Wireshark, classify_reports  # noqa: E402

REGRESSIONS = REPO / "tests" / "regressions" / "captures"
SEEDS = sorted(p for p in (REPO / "sample-pcaps").rglob("*") if p.suffix in (".pcap", ".pcapng"))
PLUGIN_BUG = "Dissector bug, protocol TCPCONN"
CAPTURES_PER_SHARKD = 200  # sharkd restarts to check leaks at exit


def tshark_failure(ws, path):
    proc = ws.tshark("-2", "-nVxr", str(path))
    mine, others = classify_reports(proc.stderr)
    if proc.returncode < 0 or mine or PLUGIN_BUG in proc.stdout:
        return {"tool": "tshark", "returncode": proc.returncode, "reports": mine,
                "dissector_bug": PLUGIN_BUG in proc.stdout}, len(others)
    return None, len(others)


def sharkd_failure(ws, paths):
    """Loads each capture and dissects its frames in a random order; the first failure."""
    session = SharkdSession(ws)
    current = None
    try:
        for current in paths:
            frames = session.load(current)
            order = list(range(1, frames + 1))
            random.Random(current.name).shuffle(order)
            for frame in order:
                if PLUGIN_BUG in json.dumps(session.tree(frame)):
                    return {"tool": "sharkd", "capture": current.name, "dissector_bug": True}, 0
        current = None
    except (SharkdError, BrokenPipeError, json.JSONDecodeError) as err:
        failure = {"tool": "sharkd", "capture": current.name if current else None,
                   "error": str(err)[:300]}
        rc, stderr = session.close()
        return dict(failure, returncode=rc, reports=classify_reports(stderr)[0]), 0
    rc, stderr = session.close()
    mine, others = classify_reports(stderr)
    if mine or rc < 0:
        # Leaks show at exit only: the batch is named, replay its captures one by one.
        return {"tool": "sharkd", "capture": None, "returncode": rc, "reports": mine}, len(others)
    return None, len(others)


def run_batch(plugin, numbers, tshark_every):
    """Mutates and checks a batch in one sharkd; returns (stats, failures)."""
    ws = Wireshark(plugin)
    stats = {"captures": 0, "tshark_runs": 0, "wireshark_reports": 0}
    failures = []
    try:
        paths = {}
        for n in numbers:
            src = SEEDS[n % len(SEEDS)]
            dest = ws.work / f"mut-{n}{src.suffix}"
            kind = mutate(src, dest, n)
            paths[dest] = (n, src, kind)
        failure, others = sharkd_failure(ws, list(paths))
        stats["wireshark_reports"] += others
        stats["captures"] += len(paths)
        suspects = list(paths)
        if failure:
            if failure.get("capture"):
                suspects = [ws.work / failure["capture"]]
            for path in suspects:
                again, _ = sharkd_failure(ws, [path])
                if again or len(suspects) == 1:
                    failures.append(keep(path, paths[path], again or failure))
        for path, (n, _, _) in paths.items():
            if tshark_every and n % tshark_every == 0:
                stats["tshark_runs"] += 1
                failure, others = tshark_failure(ws, path)
                stats["wireshark_reports"] += others
                if failure:
                    failures.append(keep(path, paths[path], failure))
    finally:
        ws.cleanup()
    return stats, failures


def keep(path, origin, failure):
    """A failing capture becomes a regression case, with what went wrong."""
    n, src, kind = origin
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    name = f"{src.stem}-{kind}-{n}{src.suffix}"
    shutil.copyfile(path, REGRESSIONS / name)
    (REGRESSIONS / (name + ".json")).write_text(json.dumps(dict(failure, seed=src.name), indent=1))
    return dict(failure, kept=name)


def replay(plugin, paths):
    ws = Wireshark(plugin)
    failures = []
    try:
        for path in paths:
            placed = ws.place(path)
            for failure in (sharkd_failure(ws, [placed])[0], tshark_failure(ws, placed)[0]):
                if failure:
                    failures.append(dict(failure, capture=path.name))
    finally:
        ws.cleanup()
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1, help="first mutation number")
    ap.add_argument("--tshark-every", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--replay", help="check the captures of this folder instead of mutating")
    args = ap.parse_args()

    start = time.time()
    if args.replay:
        folder = pathlib.Path(args.replay)
        failures = replay(args.plugin, sorted(p for p in folder.iterdir() if p.suffix in (".pcap", ".pcapng")))
        print(json.dumps({"replayed": args.replay, "failures": failures}, indent=1))
        return 1 if failures else 0

    numbers = list(range(args.seed, args.seed + args.count))
    batches = [numbers[i:i + CAPTURES_PER_SHARKD] for i in range(0, len(numbers), CAPTURES_PER_SHARKD)]
    total = {"captures": 0, "tshark_runs": 0, "wireshark_reports": 0}
    failures = []
    with concurrent.futures.ProcessPoolExecutor(args.workers) as pool:
        jobs = [pool.submit(run_batch, args.plugin, b, args.tshark_every) for b in batches]
        for job in concurrent.futures.as_completed(jobs):
            stats, found = job.result()
            for k in total:
                total[k] += stats[k]
            failures += found
            print(f"{total['captures']}/{len(numbers)} captures, {len(failures)} failures, "
                  f"{time.time() - start:.0f} s", file=sys.stderr, flush=True)
    print(json.dumps(dict(total, plugin_failures=len(failures), failures=failures,
                          seconds=round(time.time() - start)), indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
