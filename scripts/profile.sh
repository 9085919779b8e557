#!/usr/bin/env bash
# Instruction profile of one function of an example firmware under qemu: where the
# instructions executed by all its calls (callees included) go, per function and per
# (inlined) source line.
#
# Usage: scripts/profile.sh BIN CORE [--function NAME | --markers A-B] [--calls N] [--top N]
#   BIN   a firmware bin: train, classify, classify-q8, finetune, ...
#   CORE  M0 M3 M4F M7 M33 (examples/cortex-m) or RV32I RV32IMC RV32IMAC RV32IMAFC (examples/riscv)
#   --function NAME  the function whose calls are profiled, as in the ELF's symbols without
#                    the hash (default: train::step for train, BIN::forward for the others;
#                    both are `#[inline(never)]` in the bins)
#   --markers A-B    instead: everything between the A-th and B-th marker (from 0; RISC-V
#                    firmwares only, the Cortex-M ones count with SysTick and emit none)
#   --calls N        per-call column for N calls (default: the number of calls of NAME; 1
#                    window between markers)
#   --top N          rows per table (default 25, 0 for all)
# e.g. scripts/profile.sh train M4F;  scripts/profile.sh train M0 --function train::forward
#
# Builds the plugin scripts/qemu-insn-count/insnprof.c with gcc and the firmware (release
# profile, if out of date), runs it once in qemu (-icount shift=0, as scripts/firmware.sh
# does) with the plugin counting executions per instruction address inside the window, then
# symbolizes with scripts/profile.py. Per call = counted instructions / calls; the firmware's
# own `insns ...` lines, printed first, include the few instructions of the call itself.
# Files (counts, qemu output) go to examples/<arch>/target/profile/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '6,17s/^# \{0,1\}//p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
bin=$1 core=$2
shift 2
function="" markers="" top=25 calls=()
while [ $# -gt 0 ]; do
    case $1 in
    --function) function=${2:-} ;;
    --markers) markers=${2:-} ;;
    --calls) calls=(--calls "${2:-}") ;;
    --top) top=${2:-} ;;
    *) usage ;;
    esac
    shift 2 || usage
done
crate=${bin//-/_}
[ -n "$function" ] || { [ "$bin" = train ] && function=train::step || function=$crate::forward; }

case $core in
M0) target=thumbv6m-none-eabi machine=microbit ;;
M3) target=thumbv7m-none-eabi machine=mps2-an385 ;;
M4F) target=thumbv7em-none-eabihf machine=mps2-an386 ;;
M7) target=thumbv7em-none-eabihf machine=mps2-an500 ;;
M33) target=thumbv8m.main-none-eabihf machine=mps2-an505 ;;
RV32I | RV32IMC | RV32IMAC | RV32IMAFC)
    target=riscv32$(tr '[:upper:]' '[:lower:]' <<<"${core#RV32}")-unknown-none-elf machine=virt ;;
*) echo "unknown core $core" >&2; usage ;;
esac
if [ "$machine" = virt ]; then
    dir=$root/examples/riscv qemu=(qemu-system-riscv32 -machine virt -bios none)
else
    dir=$root/examples/cortex-m qemu=(qemu-system-arm -machine "$machine")
fi
out=$dir/target/profile
mkdir -p "$out"
gcc -O2 -shared -fPIC -o "$out/libinsnprof.so" "$root/scripts/qemu-insn-count/insnprof.c"
# (examples/riscv warns, once per crate, that `relax` is an unstable target feature.)
(cd "$dir" && cargo build -q --release --target "$target" --bin "$bin" 2>&1 |
    grep -v -e 'unstable feature specified for `-Ctarget-feature`' -e 'this feature is not stably' \
        -e '^  |$' -e '^$' >&2 || true)
elf=$dir/target/$target/release/$bin
[ -f "$elf" ] || { echo "no $elf" >&2; exit 1; }

nm=$(command -v llvm-nm || echo "$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/llvm-nm")
if [ -n "$markers" ]; then
    window="from=${markers%-*},to=${markers#*-}"
    what="markers $markers"
else
    addrs=$("$nm" -C --defined-only "$elf" |
        awk -v f="$function" '{ n = $0; sub(/^[^ ]+ [^ ]+ /, "", n); sub(/::h[0-9a-f]+$/, "", n) } n == f { print $1 }' | sort -u)
    [ -n "$addrs" ] || { echo "no function $function in $elf" >&2; exit 1; }
    [ "$(wc -l <<<"$addrs")" = 1 ] || { echo "several functions $function in $elf" >&2; exit 1; }
    window="enter=0x$addrs"
    what="$function (0x$addrs)"
fi

counts=$out/$core-$bin.counts
set +e
timeout 600 "${qemu[@]}" -nographic -icount shift=0 -semihosting-config enable=on,target=native \
    -plugin "$out/libinsnprof.so,$window,out=$counts" -d plugin -D "$out/$core-$bin.plugin.log" \
    -kernel "$elf" </dev/null >"$out/$core-$bin.log" 2>&1
status=$?
set -e
[ "$status" = 0 ] || echo "warning: the firmware exited with status $status (log: $out/$core-$bin.log)" >&2
echo "$bin on $core ($target), window: $what"
sed -n 's/^\(insns [a-z]* [0-9]*\)$/firmware: \1/p' "$out/$core-$bin.log"
python3 "$root/scripts/profile.py" "$elf" "$counts" --top "$top" "${calls[@]}"
