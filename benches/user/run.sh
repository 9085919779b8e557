#!/usr/bin/env bash
# The one-sample figures from a user's crate (this directory: a path dependency on tinymlp with
# default features), per build profile, against the C yardstick (benches/c-ref, peer "c-ref").
#
# Profiles (cargo's release profile, changed only through the environment as a user's
# Cargo.toml would change it):
#   default     opt-level 3, 16 codegen units, no cross-crate LTO
#   cgu1        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
#   fat         CARGO_PROFILE_RELEASE_LTO=fat
#   fat+cgu1    both (the usual "maximum speed" profile of a user's Cargo.toml)
# All built with RUSTFLAGS="-C target-cpu=native" (like benches/compare.sh; the C uses
# -march=native), each in its own target directory.
#
# Each round runs the C yardstick (W2,W3) and then every profile's binary, back to back; the
# table gives, per profile and workload, the median over rounds of tinymlp ns ÷ c-ref ns of
# the same round (and the range), and the medians of the ns.
#
# Usage (from anywhere): benches/user/run.sh      Environment: ROUNDS (default 7: each C figure is one
# shot of 3-8 ms, and a shot disturbed by the machine's other users is common), PROFILES.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-7}
profiles=${PROFILES:-"default cgu1 fat fat+cgu1"}
export RUSTFLAGS="${RUSTFLAGS:--C target-cpu=native}"
out="$root/target/user-bench"
mkdir -p "$out"
rm -f "$out"/round-*.jsonl

bin_of() { echo "$root/target/user-$1/release/tinymlp-userbench"; }

start=$(date +%s)
for p in $profiles; do
  env=()
  case $p in
    default) ;;
    cgu1) env=(CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1) ;;
    fat) env=(CARGO_PROFILE_RELEASE_LTO=fat) ;;
    fat+cgu1) env=(CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1) ;;
    *) echo "unknown profile $p" >&2; exit 1 ;;
  esac
  (cd "$here" && env "${env[@]}" CARGO_TARGET_DIR="$root/target/user-$p" \
    cargo build --release --quiet)
done
echo "built in $(( $(date +%s) - start )) s; load before: $(uptime | sed 's/.*load average/load average/')" >&2

for r in $(seq 1 "$rounds"); do
  f="$out/round-$r.jsonl"
  "$root/benches/c-ref/run.sh" W2,W3 | grep '"peer": "c-ref"' > "$f"
  for p in $profiles; do
    "$(bin_of "$p")" "$root/benches/c-ref/data" | sed "s/^{\"peer\": \"tinymlp\"/{\"peer\": \"tinymlp\", \"profile\": \"$p\"/" >> "$f"
  done
done
echo "ran in $(( $(date +%s) - start )) s; load after: $(uptime | sed 's/.*load average/load average/')" >&2

python3 "$here/table.py" "$out"/round-*.jsonl
