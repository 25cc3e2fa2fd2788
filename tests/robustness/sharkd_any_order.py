#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Same answer in any order: after sharkd's first pass, every frame dissected again in a
random order (each one twice, as GUI clicks come) shows exactly the tcpconn tree that
`tshark -2 -V` prints for it: every item's text, expert items included, in order.

The reference is tshark's second pass, not its single pass, because the tree also shows
what the whole capture says about the connection, known only once the first pass is over;
tests/test_modes.py already checks that the per-segment fields of both passes agree.

usage: sharkd_any_order.py [--plugin build/tcpconn.so] [--rounds 1] [--seed 1] [captures...]
"""
import argparse
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from sharkd_session import SharkdSession  # noqa: E402
from wireshark_as_nobody import REPO, Wireshark  # noqa: E402

TOP_LABEL = "TCP connection"


def bundled_captures():
    return sorted(p for p in (REPO / "sample-pcaps").rglob("*") if p.suffix in (".pcap", ".pcapng"))


def tshark_trees(ws, path):
    """{frame: [labels of its tcpconn subtrees, depth first]} from tshark -2 -V."""
    out = ws.tshark("-r", str(path), "-2", "-V").stdout
    trees, frame, inside = {}, None, False
    for line in out.splitlines():
        if line.startswith("Frame ") and ":" in line:
            frame = int(line.split()[1].rstrip(":"))
            trees[frame] = []
            inside = False
            continue
        if line and not line.startswith(" "):
            inside = line.startswith("[" + TOP_LABEL)
        if inside and line.strip():
            label = line.strip()
            if label.startswith("[") and label.endswith("]"):
                label = label[1:-1]  # tshark brackets generated items
            trees[frame].append(label)
    return trees


def labels(nodes, out):
    for node in nodes:
        out.append(node.get("l", ""))
        labels(node.get("n", []), out)
    return out


def sharkd_tree(session, frame):
    top = [n for n in session.tree(frame) if n.get("l", "").startswith(TOP_LABEL)]
    return labels(top, [])


def check(ws, session, path, rng, rounds=1):
    """Mismatches between sharkd in random order and single-pass tshark, for one capture."""
    want = tshark_trees(ws, path)
    frames = session.load(path)
    if sorted(want) != list(range(1, frames + 1)):
        return [f"{path.name}: tshark shows frames {sorted(want)[:5]}..., sharkd {frames}"]
    mismatches = []
    for _ in range(rounds):
        order = list(range(1, frames + 1)) * 2
        rng.shuffle(order)
        for frame in order:
            got = sharkd_tree(session, frame)
            if got != want[frame]:
                first = next(i for i, (a, b) in enumerate(zip(got + [None], want[frame] + [None]))
                             if a != b)
                mismatches.append(f"{path.name} frame {frame}, item {first}: sharkd "
                                  f"{got[first:first + 1]} != tshark {want[frame][first:first + 1]}")
    return mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", default=str(REPO / "build" / "tcpconn.so"))
    ap.add_argument("--rounds", type=int, default=1, help="random orders per capture")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("captures", nargs="*", type=pathlib.Path)
    args = ap.parse_args()
    ws = Wireshark(args.plugin)
    rng = random.Random(args.seed)
    session = SharkdSession(ws)
    mismatches, dissections = [], 0
    try:
        for capture in args.captures or bundled_captures():
            placed = ws.place(capture, capture.parent.name + "__" + capture.name)
            found = check(ws, session, placed, rng, args.rounds)
            mismatches += found
            dissections += 2 * args.rounds * session.call("status")["frames"]
            print(f"{capture.name}: {'ok' if not found else f'{len(found)} mismatches'}")
    finally:
        session.close()
        ws.cleanup()
    print(f"{dissections} random-order dissections, {len(mismatches)} mismatches")
    for m in mismatches[:10]:
        print(m)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
