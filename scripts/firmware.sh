#!/usr/bin/env bash
# Builds every example firmware (examples/cortex-m/) for every Cortex-M core, boots each one in
# qemu-system-arm, and prints a table: exit status, flash, static RAM, stack high-water,
# instructions per forward pass and per training step, weight digest.
#
# Fails (non-zero exit) if anything fails: a build, a lint, a firmware's exit status, a train
# digest that differs from the one computed on this machine by `tests/firmware.rs`, the
# panic-freedom proof (a proof firmware that does not link), or the proof's own check (a
# firmware with a deliberate panic path that links anyway).
#
# Installs what it needs on a fresh machine: the thumb targets, llvm-size, qemu-system-arm.
# Usage: scripts/firmware.sh          (from anywhere; about a minute once dependencies are built)
set -euo pipefail
started=$(date +%s)
root=$(cd "$(dirname "$0")/.." && pwd)
fw="$root/examples/cortex-m"
logs="$fw/target/firmware-logs"

step() { printf '\n==> %s\n' "$*"; }
fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

# core | Rust target | qemu machine
cores=(
    "M0|thumbv6m-none-eabi|microbit"
    "M3|thumbv7m-none-eabi|mps2-an385"
    "M4F|thumbv7em-none-eabihf|mps2-an386"
    "M7|thumbv7em-none-eabihf|mps2-an500"
    "M33|thumbv8m.main-none-eabihf|mps2-an505"
)
targets=(thumbv6m-none-eabi thumbv7m-none-eabi thumbv7em-none-eabihf thumbv8m.main-none-eabihf)
firmwares=(train classify proof-infer proof-train empty)

step "tools"
rustup target add "${targets[@]}"
rustup component add rustfmt clippy
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if ! command -v qemu-system-arm >/dev/null; then
    $sudo apt-get update
    $sudo apt-get install -y qemu-system-arm
fi
size_tool=$(command -v llvm-size || true)
if [ -z "$size_tool" ]; then
    rustup component add llvm-tools || true
    size_tool="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/llvm-size"
    if [ ! -x "$size_tool" ]; then
        $sudo apt-get update
        $sudo apt-get install -y llvm
        size_tool=$(command -v llvm-size) || fail "no llvm-size"
    fi
fi
qemu-system-arm --version | head -1

step "host digest (tests/firmware.rs runs the train firmware's experiment on $(uname -m))"
host_log=$(cd "$root" && cargo test --test firmware -- --nocapture --test-threads 1 2>&1) || {
    printf '%s\n' "$host_log"
    fail "host test tests/firmware.rs"
}
host_digest=$(printf '%s\n' "$host_log" | sed -n 's/.*host digest \(0x[0-9a-f]*\).*/\1/p')
[ -n "$host_digest" ] || fail "the host test printed no digest"
echo "host digest $host_digest"

cd "$fw"
step "firmware lints"
cargo fmt --check
for t in thumbv6m-none-eabi thumbv7em-none-eabihf; do
    cargo clippy -q --release --target "$t" -- -D warnings
done

step "build (release profile of examples/cortex-m/Cargo.toml)"
# The proof firmwares (proof-infer, proof-train) are built here too: their panic handler
# calls an undefined function, so this build is the panic-freedom proof on every target.
for t in "${targets[@]}"; do
    cargo build -q --release --target "$t" --bins ||
        fail "build for $t (an 'undefined symbol: tinymlp_firmware_can_panic' means a panic path)"
done
echo "built ${#firmwares[@]} firmwares for ${#targets[@]} targets; proof-infer and proof-train linked: no panic path"
# Panic paths that the optimizer removes at one level may survive at another: check the proofs
# at opt-level 3 too (opt-level "z" is known to leave one, see examples/cortex-m/README.md).
for t in thumbv6m-none-eabi thumbv7em-none-eabihf; do
    CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_TARGET_DIR=target/opt3 \
        cargo build -q --release --target "$t" --bin proof-infer --bin proof-train ||
        fail "proof firmwares at opt-level 3 for $t"
done
echo "proof-infer and proof-train also link at opt-level 3 (thumbv6m, thumbv7em)"

step "the panic-freedom check can fail (feature 'canary' adds an out-of-bounds index)"
for bin in proof-infer proof-train; do
    if out=$(CARGO_TARGET_DIR=target/canary cargo build -q --release --target thumbv6m-none-eabi \
        --features canary --bin "$bin" 2>&1); then
        fail "$bin links with a deliberate panic path: the panic-freedom check proves nothing"
    fi
    grep -q 'undefined symbol: tinymlp_firmware_can_panic' <<<"$out" ||
        { printf '%s\n' "$out"; fail "$bin with the canary failed for another reason"; }
    echo "$bin with a panic path: link fails as it must"
done

step "run under qemu (-icount shift=0: one virtual ns per instruction)"
mkdir -p "$logs"
# Sections: flash = .vector_table + .text + .rodata + .data (initial values), RAM = .data + .bss.
sizes() {
    "$size_tool" -A "$1" | awk '
        $1 ~ /^\.(vector_table|text|rodata|data)$/ { flash += $2 }
        $1 ~ /^\.(data|bss)$/ { ram += $2 }
        END { print flash + 0, ram + 0 }'
}
field() { sed -n "s/^$1 //p" "$2" | head -1; }

rows=()
failures=0
declare -A flash_of
for c in "${cores[@]}"; do
    IFS='|' read -r core target machine <<<"$c"
    for f in "${firmwares[@]}"; do
        elf="target/$target/release/$f"
        log="$logs/$core-$f.log"
        set +e
        timeout 120 qemu-system-arm -machine "$machine" -nographic -icount shift=0 \
            -semihosting-config enable=on,target=native -kernel "$elf" </dev/null >"$log" 2>&1
        status=$?
        set -e
        read -r flash ram < <(sizes "$elf")
        flash_of[$core-$f]=$flash
        stack=$(field stack "$log" | sed 's/ bytes//')
        fwd=$(field "insns forward" "$log")
        stp=$(field "insns step" "$log")
        digest=$(field digest "$log")
        verdict=ok
        if [ "$status" != 0 ]; then
            verdict="EXIT $status"
        elif [ "$f" = train ] && [ "$digest" != "$host_digest" ]; then
            verdict="DIGEST DIFFERS"
        elif [ "$f" = train ] || [ "$f" = classify ]; then
            [ -n "$stack" ] && [ -n "$fwd" ] || verdict="NO MEASUREMENTS"
        fi
        if [ "$verdict" != ok ]; then
            failures=$((failures + 1))
            echo "--- $core $f: $verdict; its output:"
            cat "$log"
        fi
        [ "$f" = train ] && [ "$verdict" = ok ] && digest="$digest =host"
        rows+=("$core|$f|$status|$flash|$ram|${stack:--}|${fwd:--}|${stp:--}|${digest:--}|$verdict")
    done
done

step "the train firmware on the Cortex-M0 (16 KiB RAM), as printed"
cat "$logs/M0-train.log"

step "results"
fmt='%-4s %-12s %4s %7s %6s %7s %9s %9s  %-25s %s\n'
# shellcheck disable=SC2059
printf "$fmt" core firmware exit flash ram stack "fwd insns" "step insns" "weight digest" check
for r in "${rows[@]}"; do
    IFS='|' read -r -a a <<<"$r"
    # shellcheck disable=SC2059
    printf "$fmt" "${a[@]}"
done
echo "flash = .vector_table+.text+.rodata+.data bytes; ram = .data+.bss bytes (static);"
echo "stack = painted-stack high-water bytes; insns = executed instructions per call (average of"
echo "1000, loop cost subtracted); budgets from a straightforward 2-2-1: fwd 178 M4F / 4041 M3 /"
echo "6829 M0, step 350 / 9173 / 15770."

echo
echo "What the library adds in flash over the empty firmware (bytes):"
printf '%-4s %10s %10s\n' core inference training
for c in "${cores[@]}"; do
    IFS='|' read -r core _ _ <<<"$c"
    e=${flash_of[$core-empty]}
    printf '%-4s %10d %10d\n' "$core" $((flash_of[$core-proof-infer] - e)) $((flash_of[$core-proof-train] - e))
done
echo "(inference: proof-infer, predict + classify of the 2-2-1; training: proof-train, init +"
echo "Dataset + fit with a run-time schedule + step + accuracy; no printing in either)"

echo
echo "host digest $host_digest; firmware.sh took $(($(date +%s) - started)) s"
[ "$failures" = 0 ] || fail "$failures firmware run(s) failed"
echo "firmware: all passed"
