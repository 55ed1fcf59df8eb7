#!/usr/bin/env python3
"""Where one core waits: a per-thread timeline of a `perf` profile.

A flat profile says where the CPU goes; it does not say when one core works
alone while the other waits, which is what keeps two cores from being twice
one. This lays `perf script` samples out per thread in slots of time (the
share of the slot each thread was sampled in, and the stage it was in: the
frame just above `Repairer::repair`), then sums the samples taken while no
other thread was sampled nearby (the work one core did alone), by function.

    perf record -F 2000 --call-graph dwarf,16384 -o run.data \\
        target/profiling/ocrmend -j 2 repair -q DOC -o OUT
    perf script -i run.data -F tid,time,ip,sym > run.script
    scripts/perf-timeline.py run.script [--rate 2000] [--slot-ms 25]

(`cargo build --profile profiling` makes the binary with symbols.)
"""

import argparse
import bisect
import collections
import re

HEADER = re.compile(r"\s*(\d+)\s+([\d.]+):")


def read_samples(path):
    """[(tid, seconds, [frames, innermost first])] from `perf script` text."""
    samples = []
    for line in open(path, encoding="utf-8", errors="replace"):
        if not line.strip():
            continue
        if not line.startswith("\t") and not line.startswith(" " * 8):
            m = HEADER.match(line)
            if m:
                samples.append((int(m.group(1)), float(m.group(2)), []))
            continue
        parts = line.strip().split(None, 1)
        if samples and len(parts) > 1:
            samples[-1][2].append(parts[1].split("(")[0])
    return samples


def ours(frames):
    return [f for f in frames if f.startswith("ocrmend::") or f.startswith("<ocrmend")]


def stage(frames):
    """The stage a sample is in: the frame called by `Repairer::repair`, else
    the outermost of ours, else the innermost frame."""
    mine = ours(frames)
    for i, f in enumerate(mine):
        if "Repairer::repair" in f and not f.endswith("}}"):
            return mine[i - 1] if i else f
    return mine[-1] if mine else (frames[0] if frames else "?")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("script", help="`perf script -F tid,time,ip,sym` output, with call graphs")
    p.add_argument("--rate", type=float, default=2000, help="perf's sampling frequency (-F)")
    p.add_argument("--slot-ms", type=float, default=25, help="width of a timeline slot")
    p.add_argument("--top", type=int, default=20, help="functions listed for the work done alone")
    a = p.parse_args()
    samples = read_samples(a.script)
    if not samples:
        raise SystemExit(f"{a.script}: no samples")
    start = min(s[1] for s in samples)
    slot = a.slot_ms / 1000
    tids = sorted({s[0] for s in samples})
    slots = collections.defaultdict(collections.Counter)
    for tid, t, frames in samples:
        slots[(int((t - start) / slot), tid)][stage(frames).replace("ocrmend::", "")[:36]] += 1
    per_slot = a.rate * slot
    print("ms     " + "".join(f"| thread {tid:<37}" for tid in tids))
    for i in range(max(k[0] for k in slots) + 1):
        row = f"{int(i * a.slot_ms):5d}  "
        for tid in tids:
            c = slots[(i, tid)]
            top = c.most_common(1)[0][0] if c else "-"
            row += f"| {100 * sum(c.values()) / per_slot:3.0f}% {top:38s}"
        print(row)
    # Work done alone: no other thread sampled within a fifth of a slot either side.
    times = collections.defaultdict(list)
    for tid, t, _ in samples:
        times[tid].append(t)
    near = 0.2 * slot
    alone = collections.Counter()
    for tid, t, frames in samples:
        busy = False
        for other in tids:
            if other == tid:
                continue
            ts = times[other]
            j = bisect.bisect_left(ts, t - near)
            busy |= j < len(ts) and ts[j] <= t + near
        if not busy:
            mine = ours(frames)
            alone[" < ".join(f[:60] for f in mine[:2]) or (frames[0][:60] if frames else "?")] += 1
    ms = 1000 / a.rate
    print(f"\none thread alone: {sum(alone.values()) * ms:.0f} ms of {len(samples) * ms:.0f} ms of samples")
    for where, n in alone.most_common(a.top):
        print(f"{n * ms:7.1f} ms  {where}")


if __name__ == "__main__":
    main()
