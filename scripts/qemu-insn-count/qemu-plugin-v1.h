/* The part of QEMU's TCG plugin API v1 (QEMU 4.2..8.1, e.g. Debian 12's qemu 7.2) that the
 * plugins of this directory use, declared by hand because Debian ships no qemu-plugin.h; and
 * the measuring markers they recognize. */
#ifndef TINYMLP_QEMU_PLUGIN_V1_H
#define TINYMLP_QEMU_PLUGIN_V1_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);

/* Whether an instruction is a measuring marker: Thumb `SEV` (0xBF40) on Arm, or on RISC-V
 * `addi x0, x0, 1` (0x00100013), a HINT that compilers never emit. */
static inline int is_marker(const struct qemu_plugin_insn *insn)
{
    const uint8_t *d = qemu_plugin_insn_data(insn);
    size_t len = qemu_plugin_insn_size(insn);
    return (len == 2 && d[0] == 0x40 && d[1] == 0xbf) ||
           (len == 4 && d[0] == 0x13 && d[1] == 0x00 && d[2] == 0x10 && d[3] == 0x00);
}

#endif
