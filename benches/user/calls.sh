#!/usr/bin/env bash
# Which tinymlp functions the hot loops of benches/user call out of line, per build profile.
#
# Builds the user crate as run.sh does, plus -C symbol-mangling-version=v0 so that symbols name
# their generic arguments (Net<Activation> and Net<fixed::FastSigmoid> apart); checks that every
# function has the same size as in run.sh's binary (the mangling changes names, not code), then
# lists, for train (the W2 loops: learn and step), predict_one (W3) and what they call, the
# functions called or jumped to and their sizes (python3 calls.py; objdump, nm, readelf).
#
# Usage: benches/user/calls.sh [REGEX]   (run benches/user/run.sh first; PROFILES as there)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
profiles=${PROFILES:-"default cgu1 fat fat+cgu1"}
flags="${RUSTFLAGS:--C target-cpu=native}"
for p in $profiles; do
  env=()
  case $p in
    default) ;;
    cgu1) env=(CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1) ;;
    fat) env=(CARGO_PROFILE_RELEASE_LTO=fat) ;;
    fat+cgu1) env=(CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1) ;;
    *) echo "unknown profile $p" >&2; exit 1 ;;
  esac
  (cd "$here" && env "${env[@]}" RUSTFLAGS="$flags -C symbol-mangling-version=v0" \
    CARGO_TARGET_DIR="$root/target/user-$p-v0" cargo build --release --quiet)
  bin="$root/target/user-$p-v0/release/tinymlp-userbench"
  sizes() { nm -S "$1" | awk '$3 ~ /^[tT]$/ {print $2}' | sort | md5sum; }
  same="same function sizes as target/user-$p"
  if [ ! -x "$root/target/user-$p/release/tinymlp-userbench" ]; then
    same="target/user-$p not built: run run.sh to compare"
  elif [ "$(sizes "$bin")" != "$(sizes "$root/target/user-$p/release/tinymlp-userbench")" ]; then
    same="WARNING: function sizes differ from target/user-$p"
  fi
  echo "=== $p ($same)"
  python3 "$here/calls.py" "$bin" ${1:+"$1"}
done
