#!/usr/bin/env bash
# Regenerates the table of BENCHMARKS.md: the C yardstick, the criterion benches, the C yardstick
# again (to see drift), then the table of medians and ratios, printed as Markdown.
#
# Usage (from the repository root): benches/compare.sh
# Environment: RUSTFLAGS defaults to "-C target-cpu=native" (the C side uses -march=native).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=native}"
# One build directory per set of flags, so that a build with other flags is never reused.
export CARGO_TARGET_DIR="$root/target/bench-$(printf '%s' "$RUSTFLAGS" | cksum | cut -d' ' -f1)"
out="$CARGO_TARGET_DIR/compare"
mkdir -p "$out"
cargo bench --bench mlp --no-run >/dev/null 2>&1
benches/c-ref/run.sh > "$out/cref-before.jsonl"
cargo bench --bench mlp 2>&1 | tee "$out/criterion.log" | grep -E "^(seed|wide|latency)/" || true
benches/c-ref/run.sh > "$out/cref-after.jsonl"
# The C side of latency/*: glibc's expf, the chain's own arithmetic not contracted (like Rust's).
gcc -O3 -march=native -ffp-contract=off -o "$out/latency" benches/c-ref/latency.c -lm
"$out/latency" > "$out/latency.jsonl"
python3 benches/table.py "$CARGO_TARGET_DIR/criterion" "$out/cref-before.jsonl" "$out/cref-after.jsonl" \
  "RUSTFLAGS=\"$RUSTFLAGS\"" "$out/latency.jsonl"
