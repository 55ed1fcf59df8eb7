#!/usr/bin/env python3
"""Checks that the workspace's rust-version is true: no crate the library or
the binary builds with (normal dependencies, followed through the whole graph)
asks for a newer Rust. Dev-dependencies (test and bench crates) do not count.
Run by .ci/run; prints the crates that set the floor."""
import json
import subprocess
import sys


def version(v):
    return tuple(int(x) for x in (v or "0").split(".")[:3]) + (0,) * (3 - len((v or "0").split(".")[:3]))


meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"]))
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
members = meta["workspace_members"]
declared = {packages[m]["rust_version"] for m in members}
if len(declared) != 1 or None in declared:
    sys.exit(f"members declare different rust-versions: {declared}")
msrv = declared.pop()
seen, stack = set(), list(members)
while stack:
    node = nodes[stack.pop()]
    for dep in node["deps"]:
        normal = any(k["kind"] is None for k in dep["dep_kinds"])
        if normal and dep["pkg"] not in seen and dep["pkg"] not in members:
            seen.add(dep["pkg"])
            stack.append(dep["pkg"])
floor = sorted(((version(packages[p]["rust_version"]), packages[p]["name"]) for p in seen), reverse=True)
top = floor[0][0] if floor else (0, 0, 0)
needing = [name for v, name in floor if v == top]
print(f"rust-version {msrv}; the dependencies need at least {'.'.join(map(str, top))} ({', '.join(needing)})")
if version(msrv) < top:
    sys.exit(f"rust-version {msrv} is below what {', '.join(needing)} need")
