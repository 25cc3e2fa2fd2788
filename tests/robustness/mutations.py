# SPDX-License-Identifier: GPL-2.0-or-later
"""Mutated copies of a capture, reproducible from a number: the ways a capture goes bad.

- editcap -E: random bytes changed in each packet, as Wireshark's own fuzz test does
  (tools/fuzz-test.sh, error probability 0.02);
- editcap -s: every packet cut to a random snaplen;
- a random cut of the file itself (a capture that ends mid-record);
- both -E and a cut.
"""
import random
import subprocess

KINDS = ["editcap-E", "snaplen", "cut", "editcap-E+cut"]
ERROR_PROBABILITY = "0.02"


def editcap(args, src, dest):
    subprocess.run(["editcap", *args, str(src), str(dest)], check=True, capture_output=True)


def cut_file(path, rng):
    data = path.read_bytes()
    if len(data) > 1:
        path.write_bytes(data[: rng.randrange(1, len(data))])


def mutate(src, dest, number):
    """Writes mutation `number` of src to dest; returns its kind."""
    rng = random.Random(number)
    kind = KINDS[number % len(KINDS)]
    if kind == "snaplen":
        editcap(["-s", str(rng.randrange(14, 120))], src, dest)
    elif kind == "cut":
        dest.write_bytes(src.read_bytes())
    else:
        editcap(["-E", ERROR_PROBABILITY, "--seed", str(number)], src, dest)
    if kind.endswith("cut"):
        cut_file(dest, rng)
    dest.chmod(0o644)
    return kind
