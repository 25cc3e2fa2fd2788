# SPDX-License-Identifier: GPL-2.0-or-later
"""Running tcpconn over the field corpus (tests/corpus) and checking what it must never do.

On every frame of every capture tshark can read, in one pass and with -2: no dissector bug and
no tcpconn message on stderr, no crash, a role for every frame whose one unquoted TCP header
tshark decodes in full (a reason, not_analysed, for one it cannot), no role without a TCP
header, and the same per-segment fields in both modes.

One tshark start costs about half a second, so the suite's form (test_corpus.py) merges the
captures into a few files with `mergecap -a` and runs tshark on those: captures that share a
TCP port pair go into different files, so that no connection of one capture continues in
another's. Which captures tshark reads, and their port pairs, are asked of capinfos and tshark
at run time: nothing is assumed about the corpus beyond what they show.
"""
import bisect
import itertools
import os
import pathlib
import shutil
import subprocess

from tshark_run import EXPERTS, FIELDS, REPO, plugin_release, release_tuple

CORPUS = REPO / "tests" / "corpus"
SEGMENT = FIELDS + [f"tcpconn.analysis.{e}" for e in EXPERTS]
# Per frame: the layers, the first TCP header's length (absent when tshark could not decode it)
# and any malformed-packet text (where a dissector bug is reported).
EXTRA = ["frame.protocols", "tcp.len", "_ws.malformed"]
ROLE = FIELDS.index("tcpconn.role")
NOT_ANALYSED = FIELDS.index("tcpconn.not_analysed")


def cut_short_exit():
    """tshark's exit status after reading a capture cut short: 2 on 4.0 and 4.4,
    WS_EXIT_READ_ERROR (ws_exit_codes.h) from 4.6 on."""
    return 2 if release_tuple(plugin_release()) < release_tuple("4.6") else 14


def corpus_files():
    """The corpus's captures, as its manifest lists them; fails (not skips) without the corpus."""
    manifest = CORPUS / "manifest.tsv"
    if not manifest.is_file():
        raise AssertionError(f"the field corpus is missing: no {manifest} (see tests/corpus/README.md)")
    names = [line.split("\t")[0] for line in manifest.read_text().splitlines()[1:] if line.strip()]
    missing = [n for n in names if not (CORPUS / n).is_file()]
    assert not missing, f"files in {manifest} but not in the corpus: {missing[:10]}"
    return names


def readable(names):
    """{name: packets} tshark reads in full, and {name: packets} it reads only up to a cut."""
    proc = subprocess.run(["capinfos", "-T", "-c", "-M", *names], cwd=CORPUS, capture_output=True,
                          text=True)
    counts = {}
    for line in proc.stdout.splitlines():
        name, _, packets = line.rpartition("\t")
        # A header line: once (4.0), or before each file (4.2 and later).
        if name == "File name":
            continue
        counts[name] = int(packets)
    cut = {n: c for n, c in counts.items() if f'reading {c} packets from "{n}"' in proc.stderr}
    whole = {n: c for n, c in counts.items() if n not in cut}
    return whole, cut


def batches(whole, workdir):
    """The fully readable captures in groups without a TCP port pair in common."""
    names = list(whole)
    merged = workdir / "all.pcapng"
    merge(names, merged)
    # Port pairs are the TCP dissector's: no plugin needed.
    out = subprocess.run(["tshark", "-r", str(merged), "-T", "fields", "-E", "occurrence=a", "-E",
                          "aggregator=,", "-e", "frame.number", "-e", "tcp.srcport", "-e",
                          "tcp.dstport"], capture_output=True, text=True, check=True).stdout
    starts = list(itertools.accumulate([0] + [whole[n] for n in names]))
    pairs = [set() for _ in names]
    for line in out.splitlines():
        number, src, dst = line.split("\t")
        if src:
            index = bisect.bisect_right(starts, int(number) - 1) - 1
            pairs[index] |= {tuple(sorted(p)) for p in zip(src.split(","), dst.split(","))}
    groups = []  # [(port pairs, names)]
    for name, used in zip(names, pairs):
        for taken, members in groups:
            if not taken & used:
                taken |= used
                members.append(name)
                break
        else:
            groups.append((set(used), [name]))
    return [members for _, members in groups]


# mergecap 4.4 given about 800 files at once writes a section header whose length is wrong, so
# that no reader opens the result: the corpus is merged in parts, then the parts.
MERGE_AT_ONCE = 200


def merge(names, path):
    paths = [str(CORPUS / n) for n in names]
    parts = []
    if len(paths) > MERGE_AT_ONCE:
        for start in range(0, len(paths), MERGE_AT_ONCE):
            part = path.with_name(f"{path.stem}.part{len(parts)}.pcapng")
            mergecap(paths[start:start + MERGE_AT_ONCE], part)
            parts.append(part)
        paths = [str(p) for p in parts]
    mergecap(paths, path)
    for part in parts:
        part.unlink()
    path.chmod(0o644)


def mergecap(paths, path):
    subprocess.run(["mergecap", "-a", "-F", "pcapng", "-w", str(path), *paths], check=True,
                   capture_output=True)


def run_both(tshark, path, cut_short=False):
    """tshark in one pass and with -2 on path: [(rows, stderr)] for each, or raises."""
    runs = []
    for passes in ([], ["-2"]):
        args = ["-r", str(path), *passes, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
        for field in SEGMENT + EXTRA:
            args += ["-e", field]
        proc = tshark.run(*args, check=False)
        # tshark exits with cut_short_exit() on a capture cut short, after printing what it read;
        # a signal is a crash.
        ok = proc.returncode == 0 or (cut_short and proc.returncode == cut_short_exit()
                                      and "cut short" in proc.stderr)
        if not ok:
            raise AssertionError(f"tshark {' '.join(passes)} on {path} exited {proc.returncode}:\n"
                                 f"{proc.stderr[-2000:]}")
        # The runner's folder is named after tcpconn: only messages may say it.
        runs.append(([line.split("\t") for line in proc.stdout.splitlines()],
                     proc.stderr.replace(str(tshark.root), "<tests>")))
    return runs


def problems(runs, where):
    """What the two runs of one capture show wrong; where(frame) names a frame's origin."""
    found = []
    (one, one_err), (two, two_err) = runs
    for label, err in (("one pass", one_err), ("-2", two_err)):
        for line in err.splitlines():
            if "dissector bug" in line.lower() or "tcpconn" in line.lower():
                found.append(f"{label}: stderr: {line}")
    if len(one) != len(two):
        found.append(f"one pass printed {len(one)} frames, -2 {len(two)}")
    for label, rows in (("one pass", one), ("-2", two)):
        for row in rows:
            frame, (protocols, tcp_len, malformed) = row[0], row[len(SEGMENT):]
            if "Dissector bug, protocol TCPCONN" in malformed:
                found.append(f"{label}: {where(frame)}: {malformed}")
            layers = protocols.split(":")
            quoted_from = next((i for i, l in enumerate(layers) if l in ("icmp", "icmpv6")), len(layers))
            headers = layers[:quoted_from].count("tcp")
            role, not_analysed = row[ROLE], row[NOT_ANALYSED]
            if headers == 1 and not role and not (not_analysed and not tcp_len):
                found.append(f"{label}: {where(frame)}: a TCP header tshark decodes, but no role "
                             f"({protocols}; not_analysed: {not_analysed or '-'})")
            if headers == 0 and role:
                found.append(f"{label}: {where(frame)}: role {role} without a TCP header ({protocols})")
    for a, b in zip(one, two):
        if a[: len(SEGMENT)] != b[: len(SEGMENT)]:
            diff = [f"{f}: {x!r} / {y!r}" for f, x, y in zip(SEGMENT, a, b) if x != y]
            found.append(f"{where(a[0])}: one pass and -2 differ: {'; '.join(diff)}")
    return found


def origin(names, counts):
    """where(frame) for a merge of names: 'capture, frame n'."""
    starts = list(itertools.accumulate([0] + [counts[n] for n in names]))

    def where(frame):
        index = bisect.bisect_right(starts, int(frame) - 1) - 1
        return f"{names[index]} frame {int(frame) - starts[index]}"
    return where


def workdir(tshark, name):
    """A folder the unprivileged tshark can read, inside the runner's temporary root."""
    path = tshark.root / name
    path.mkdir(mode=0o755, exist_ok=True)
    os.chmod(path, 0o755)
    return path


def readable_copy(tshark, name):
    """A copy of the capture where the unprivileged tshark can read it (a checkout may not be)."""
    copy = workdir(tshark, "corpus-copies") / name.replace("/", "__")
    shutil.copyfile(CORPUS / name, copy)
    copy.chmod(0o644)
    return copy


def frames_labelled(runs):
    """Frames with a role in the one-pass run."""
    return sum(1 for row in runs[0][0] if row[ROLE])

