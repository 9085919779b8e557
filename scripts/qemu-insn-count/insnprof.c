/* insnprof: QEMU TCG plugin (plugin API v1, QEMU 4.2..8.1, e.g. Debian 12 qemu 7.2).
 * Counts executions of every guest instruction address inside a window and, at exit, writes
 * one `address count` line (hex address, decimal count) per executed address to a file.
 * scripts/profile.py turns that file into per-function and per-source-line tables.
 *
 * Window, one of:
 *   enter=0xADDR  every call of the function at ADDR, callees included: counting starts when
 *                 ADDR executes and stops when the instruction after the call executes (the
 *                 return address, taken as the end of the instruction executed just before
 *                 ADDR, i.e. the `bl`/`jal`). Recursive entries are part of the outer window.
 *                 exit=0xADDR2 gives the stop address explicitly instead (e.g. for a tail call).
 *   from=A,to=B   between the A-th and the B-th marker (counted from 0; markers as in
 *                 sevcount.c: Thumb `SEV`, RISC-V `addi x0, x0, 1`); the markers themselves
 *                 are not counted. Markers are emitted by the RISC-V firmware only.
 *   neither       the whole run.
 * out=PATH  the counts file (default insnprof.out). Its first line is `# windows N`, the
 *           number of windows (calls, with enter=) that were counted.
 * Every instruction gets an exec callback (no inline counters: API v1 has no conditional
 * ones), so the whole run is a few times slower than without the plugin; single vCPU only.
 * The plugin API is declared in qemu-plugin-v1.h (Debian ships no qemu-plugin.h).
 * Build: gcc -O2 -shared -fPIC -o libinsnprof.so insnprof.c
 * Use:   qemu-system-arm ... -plugin ./libinsnprof.so,enter=0x11c0,out=counts.txt
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "qemu-plugin-v1.h"

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One per guest address, shared by every translation of that address (a TB may be
 * retranslated, e.g. when icount cuts it short); nodes never move once allocated. */
struct site {
    uint64_t addr;
    uint64_t count;      /* executions inside the window */
    struct site *next;   /* hash chain */
    uint32_t size;       /* instruction length in bytes */
    uint8_t marker;
};

#define BUCKETS (1u << 16)
static struct site *table[BUCKETS];
static size_t n_sites;

static enum { WHOLE, FUNCTION, MARKERS } mode = WHOLE;
static uint64_t enter_addr, exit_addr;
static int exit_given;
static unsigned long from_marker, to_marker;
static const char *out_path = "insnprof.out";

static int active;              /* inside the window */
static uint64_t windows;        /* windows entered */
static uint64_t stop_addr;      /* FUNCTION: where the current window ends */
static unsigned long markers;   /* markers executed so far */
static const struct site *prev; /* the instruction executed last */

static struct site *site_of(uint64_t addr, uint32_t size, int marker)
{
    unsigned h = (unsigned)((addr >> 1) * 2654435761u) & (BUCKETS - 1);
    for (struct site *s = table[h]; s; s = s->next) {
        if (s->addr == addr) {
            return s;
        }
    }
    struct site *s = calloc(1, sizeof *s);
    if (!s) {
        abort();
    }
    s->addr = addr;
    s->size = size;
    s->marker = (uint8_t)marker;
    s->next = table[h];
    table[h] = s;
    n_sites++;
    return s;
}

static void on_insn(unsigned int vcpu, void *udata)
{
    struct site *s = udata;
    (void)vcpu;
    switch (mode) {
    case WHOLE:
        s->count++;
        break;
    case FUNCTION:
        if (active) {
            if (s->addr == stop_addr) {
                active = 0;
            } else {
                s->count++;
            }
        } else if (s->addr == enter_addr) {
            active = 1;
            windows++;
            stop_addr = exit_given ? exit_addr : prev ? prev->addr + prev->size : 0;
            s->count++;
        }
        break;
    case MARKERS:
        if (s->marker) {
            if (markers == from_marker) {
                active = 1;
                windows++;
            } else if (markers == to_marker) {
                active = 0;
            }
            markers++;
        } else if (active) {
            s->count++;
        }
        break;
    }
    prev = s;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    (void)id;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        size_t len = qemu_plugin_insn_size(insn);
        struct site *s = site_of(qemu_plugin_insn_vaddr(insn), (uint32_t)len, is_marker(insn));
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, s);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[256];
    uint64_t total = 0;
    (void)id; (void)p;
    FILE *f = fopen(out_path, "w");
    if (!f) {
        fprintf(stderr, "insnprof: cannot write %s\n", out_path);
        return;
    }
    fprintf(f, "# windows %llu\n", (unsigned long long)windows);
    for (unsigned b = 0; b < BUCKETS; b++) {
        for (const struct site *s = table[b]; s; s = s->next) {
            if (s->count) {
                fprintf(f, "0x%llx %llu\n", (unsigned long long)s->addr, (unsigned long long)s->count);
                total += s->count;
            }
        }
    }
    fclose(f);
    snprintf(buf, sizeof buf, "insnprof: %llu insns in %llu window(s), %zu addresses translated; wrote %s\n",
             (unsigned long long)total, (unsigned long long)windows, n_sites, out_path);
    qemu_plugin_outs(buf);
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    *v = strtoull(s, &end, 0);
    return *s && !*end;
}

static int bad_arg(const char *a)
{
    fprintf(stderr, "insnprof: bad argument '%s' (enter=ADDR [exit=ADDR] | from=A,to=B; out=PATH)\n", a);
    return -1;
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    uint64_t v;
    int have_from = 0, have_to = 0;
    (void)info;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        if (!eq) {
            return bad_arg(a);
        }
        const char *val = eq + 1;
        size_t k = (size_t)(eq - a);
        if (k == 3 && !strncmp(a, "out", 3)) {
            out_path = val;
        } else if (k == 5 && !strncmp(a, "enter", 5) && parse_u64(val, &v)) {
            enter_addr = v & ~(uint64_t)1; /* a Thumb symbol's address has bit 0 set */
            mode = FUNCTION;
        } else if (k == 4 && !strncmp(a, "exit", 4) && parse_u64(val, &v)) {
            exit_addr = v & ~(uint64_t)1;
            exit_given = 1;
        } else if (k == 4 && !strncmp(a, "from", 4) && parse_u64(val, &v)) {
            from_marker = (unsigned long)v;
            have_from = 1;
        } else if (k == 2 && !strncmp(a, "to", 2) && parse_u64(val, &v)) {
            to_marker = (unsigned long)v;
            have_to = 1;
        } else {
            return bad_arg(a);
        }
    }
    if (have_from || have_to) {
        if (mode == FUNCTION || !have_from || !have_to || to_marker <= from_marker) {
            fprintf(stderr, "insnprof: from=A,to=B need both, A < B, and no enter=\n");
            return -1;
        }
        mode = MARKERS;
    }
    if (exit_given && mode != FUNCTION) {
        fprintf(stderr, "insnprof: exit= needs enter=\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
