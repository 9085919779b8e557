#!/usr/bin/env bash
# The C yardstick: a straightforward, IEEE-exact C implementation of the four benchmark workloads
# (gcc -O3 -march=native, glibc expf; "c-ref"), and the same built with -Ofast and glibc's vector
# expf (not IEEE-exact; "c-ref-fast"). Prints one JSON line per workload and build.
# Usage: benches/c-ref/run.sh [W1,W2,W3,W4]
# Data: benches/c-ref/data/, made by gen_data.py (numpy); the files are committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${TMPDIR:-/tmp}/tinymlp-cref; mkdir -p "$out"
gcc -O3 -march=native -fopenmp-simd -o "$out/ref" "$here/ref.c" -lm
gcc -Ofast -march=native -fopenmp-simd -DPEER='"c-ref-fast"' -o "$out/ref_fast" "$here/ref.c" -lmvec -lm
cd "$here"
"$out/ref" "${1:-W1,W2,W3,W4}"
"$out/ref_fast" "${1:-W1,W2,W3,W4}"
