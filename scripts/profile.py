#!/usr/bin/env python3
"""Symbolizes the instruction counts of the qemu plugin scripts/qemu-insn-count/insnprof.c.

Usage: scripts/profile.py ELF COUNTS [--calls N] [--top N]

COUNTS holds `address count` lines (and a `# windows N` comment) as the plugin writes them.
All addresses go through one `llvm-addr2line -a -f -i -C -e ELF` call (found on PATH or in
rustc's llvm-tools). Three tables follow, sorted by instructions, with their share of the
total and, if the number of calls is known, instructions per call:
  1. per function as linked (the outermost frame of the inline chain: where the code is);
  2. per innermost (possibly inlined) function (where the code comes from);
  3. the same per source line.
The number of calls is --calls N, else the `# windows N` the plugin wrote (the number of
times the profiled function was entered); --calls 0 drops the per-call column. --top N shows
the first N rows of each table (default 25; 0: all). Python 3 standard library only.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

# Legacy Rust mangling escapes that llvm-addr2line -C leaves in some names.
ESCAPES = {"SP": "@", "BP": "*", "RF": "&", "LT": "<", "GT": ">", "LP": "(", "RP": ")", "C": ","}


def demangle(name):
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    if "$" not in name and ".." not in name:
        return name
    # A path segment that starts with an escape gets a leading underscore.
    name = re.sub(r"(^|::|\.\.)_\$", r"\1$", name)

    def escape(m):
        code = m.group(1)
        if code in ESCAPES:
            return ESCAPES[code]
        if code.startswith("u"):
            try:
                return chr(int(code[1:], 16))
            except ValueError:
                pass
        return m.group(0)

    name = re.sub(r"\$([A-Za-z0-9]+)\$", escape, name)
    return name.replace("..", "::")


def short_path(loc):
    loc = re.sub(r" \(discriminator \d+\)$", "", loc)
    if loc.startswith("/"):
        loc = os.path.normpath(loc)
    if loc.startswith(ROOT):
        return loc[len(ROOT):]
    loc = re.sub(r"^/rustc/[0-9a-f]+/library/", "", loc)
    return re.sub(r"^.*/registry/src/[^/]+/", "", loc)


def llvm_tool(name):
    found = shutil.which(name)
    if found:
        return found
    try:
        sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                                 text=True, check=True).stdout.strip()
        host = re.search(r"^host: (\S+)", subprocess.run(
            ["rustc", "-vV"], capture_output=True, text=True, check=True).stdout, re.M).group(1)
    except (OSError, subprocess.CalledProcessError, AttributeError):
        sys.exit(f"no {name} on PATH and no rustc to find llvm-tools")
    path = os.path.join(sysroot, "lib", "rustlib", host, "bin", name)
    if not os.access(path, os.X_OK):
        sys.exit(f"no {name}: install llvm (apt) or `rustup component add llvm-tools`")
    return path


def read_counts(path):
    counts, windows = {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"#\s*windows\s+(\d+)", line)
            if m:
                windows = int(m.group(1))
                continue
            fields = line.split()
            if len(fields) == 2 and not line.startswith("#"):
                addr = int(fields[0], 0)
                counts[addr] = counts.get(addr, 0) + int(fields[1])
    return counts, windows


def symbolize(elf, addrs):
    """Maps each address to its inline chain, innermost first: [(function, location), ...]."""
    chains = addr2line(elf, addrs)
    if any(c and c[-1][0].startswith(".L") for c in chains.values()):
        # llvm-addr2line (LLVM 14 at least) names the outermost frame after the closest symbol,
        # and RISC-V linker relaxation leaves `.L0 ` labels everywhere: symbolize a copy
        # without them.
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "elf")
            subprocess.run([llvm_tool("llvm-objcopy"), "--discard-locals", elf, copy], check=True)
            chains = addr2line(copy, addrs)
    return chains


def addr2line(elf, addrs):
    out = subprocess.run([llvm_tool("llvm-addr2line"), "-a", "-f", "-i", "-C", "-e", elf],
                         input="".join(f"0x{a:x}\n" for a in addrs), capture_output=True,
                         text=True, check=True).stdout.splitlines()
    chains, current, i = {}, None, 0
    while i < len(out):
        line = out[i]
        if re.fullmatch(r"0x[0-9a-fA-F]+", line):
            current = int(line, 16)
            chains[current] = []
            i += 1
            continue
        func = demangle(line)
        loc = short_path(out[i + 1]) if i + 1 < len(out) else "??:0"
        chains[current].append((func, loc))
        i += 2
    return chains


def table(title, rows, total, calls, top):
    print(f"\n{title}")
    head = f"{'insns':>12} {'%':>6}" + (f" {'per call':>10}" if calls else "")
    print(f"{head}  where")
    shown = rows if top == 0 else rows[:top]
    for key, n in shown:
        line = f"{n:>12} {100.0 * n / total:>6.2f}"
        if calls:
            line += f" {n / calls:>10.1f}"
        print(f"{line}  {key}")
    if len(shown) < len(rows):
        rest = sum(n for _, n in rows[len(shown):])
        line = f"{rest:>12} {100.0 * rest / total:>6.2f}"
        if calls:
            line += f" {rest / calls:>10.1f}"
        print(f"{line}  ({len(rows) - len(shown)} more)")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into `head`
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elf")
    ap.add_argument("counts")
    ap.add_argument("--calls", type=int, help="divide by N calls (default: the plugin's window count)")
    ap.add_argument("--top", type=int, default=25, help="rows per table (0: all)")
    args = ap.parse_args()

    counts, windows = read_counts(args.counts)
    total = sum(counts.values())
    if total == 0:
        sys.exit(f"{args.counts}: no instruction was counted (was the window ever entered?)")
    calls = args.calls if args.calls is not None else windows
    chains = symbolize(args.elf, sorted(counts))

    by_function, by_inlined, by_line = Counter(), Counter(), Counter()
    for addr, n in counts.items():
        chain = chains.get(addr) or [("??", "??:0")]
        by_function[chain[-1][0]] += n
        func, loc = chain[0]
        by_inlined[func] += n
        by_line[f"{func}  {loc}"] += n

    summary = f"{total} instructions in {len(counts)} addresses"
    if calls:
        summary += f", {calls} calls: {total / calls:.1f} per call"
    print(summary)
    table("per function (as linked; inlined code counts in the function it is inlined into)",
          by_function.most_common(), total, calls, args.top)
    table("per innermost inlined function (all its lines)", by_inlined.most_common(), total,
          calls, args.top)
    table("per innermost inlined function and source line", by_line.most_common(), total, calls,
          args.top)


if __name__ == "__main__":
    main()
