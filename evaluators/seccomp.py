"""The seccomp filter of a sandboxed child (classic BPF through ctypes): a documented deny-list.

Refused with EPERM (ENOSYS for clone3, so libc falls back to clone for threads):
- new processes and programs: fork, vfork, clone without CLONE_THREAD, execve, execveat. Root is exempt
  from RLIMIT_NPROC, so only this stops a fork bomb when the grader runs as root (CI, containers);
- signals to any process but the child itself: kill, tkill, tgkill, rt_sigqueueinfo and rt_tgsigqueueinfo
  whose target pid is not the child's own (0 and -own for its own group are allowed), pidfd_open,
  pidfd_getfd, pidfd_send_signal;
- leaving or changing the sandbox: setns, unshare, mount, umount2, pivot_root, chroot, the new mount API
  (open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr);
- reading or steering other processes and the kernel: ptrace, process_vm_readv/writev, kcmp, move_pages,
  migrate_pages, bpf, perf_event_open, userfaultfd, io_uring_*, keyctl, add_key, request_key, personality,
  open_by_handle_at, name_to_handle_at, fanotify_init, syslog, the module, kexec, reboot, swap, clock,
  host-name, accounting and quota calls, iopl, ioperm, modify_ldt;
- any other ABI: a syscall whose architecture is not the native one (i386 via int 0x80) or an x32 number.
Written with ctypes because libseccomp's Python binding is not on PyPI.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
CLONE_THREAD = 0x00010000
X32_SYSCALL_BIT = 0x40000000

# BPF opcodes
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06

DENIED = (
    "fork", "vfork", "execve", "execveat",
    "pidfd_open", "pidfd_getfd", "pidfd_send_signal",
    "setns", "unshare", "mount", "umount2", "pivot_root", "chroot",
    "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "move_pages", "migrate_pages",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "keyctl", "add_key", "request_key", "personality", "open_by_handle_at", "name_to_handle_at",
    "fanotify_init", "syslog", "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "reboot", "swapon", "swapoff", "settimeofday", "clock_settime", "clock_adjtime",
    "adjtimex", "sethostname", "setdomainname", "acct", "quotactl", "iopl", "ioperm", "modify_ldt",
)
SIGNALLING = ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")  # target pid in args[0]

_GENERIC_NEW = {"pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
                "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
                "pidfd_open": 434, "clone3": 435, "pidfd_getfd": 438, "mount_setattr": 442}
ARCHES = {  # machine -> (AUDIT_ARCH, {name: syscall number})
    "x86_64": (0xC000003E, {
        "clone": 56, "fork": 57, "vfork": 58, "execve": 59, "execveat": 322,
        "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
        "setns": 308, "unshare": 272, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "move_pages": 279,
        "migrate_pages": 256, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "keyctl": 250,
        "add_key": 248, "request_key": 249, "personality": 135, "open_by_handle_at": 304,
        "name_to_handle_at": 303, "fanotify_init": 300, "syslog": 103, "init_module": 175, "finit_module": 313,
        "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320, "reboot": 169, "swapon": 167,
        "swapoff": 168, "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305, "adjtimex": 159,
        "sethostname": 170, "setdomainname": 171, "acct": 163, "quotactl": 179, "iopl": 172, "ioperm": 173,
        "modify_ldt": 154, **_GENERIC_NEW}),
    "aarch64": (0xC00000B7, {
        "clone": 220, "execve": 221, "execveat": 281,
        "kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
        "setns": 268, "unshare": 97, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "move_pages": 239,
        "migrate_pages": 238, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282, "keyctl": 219,
        "add_key": 217, "request_key": 218, "personality": 92, "open_by_handle_at": 265,
        "name_to_handle_at": 264, "fanotify_init": 262, "syslog": 116, "init_module": 105, "finit_module": 273,
        "delete_module": 106, "kexec_load": 104, "kexec_file_load": 294, "reboot": 142, "swapon": 224,
        "swapoff": 225, "settimeofday": 170, "clock_settime": 112, "clock_adjtime": 266, "adjtimex": 171,
        "sethostname": 161, "setdomainname": 162, "acct": 89, "quotactl": 60, **_GENERIC_NEW}),
}


class _Insn(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Insn))]


def _program(arch: int, nr: dict[str, int], own_pid: int) -> list:
    """Instructions as (code, jump-if-true label, jump-if-false label, k); labels are resolved later."""
    prog: list = [
        (LD_W_ABS, 0, 0, 4),                 # seccomp_data.arch
        (JEQ_K, 0, "deny", arch),            # another ABI (i386 via int 0x80) would bypass the numbers below
        (LD_W_ABS, 0, 0, 0),                 # seccomp_data.nr
        (JGE_K, "deny", 0, X32_SYSCALL_BIT),  # x86_64's x32 ABI reuses numbers with a high bit
        (JEQ_K, "clone_flags", 0, nr["clone"]),
        (JEQ_K, "enosys", 0, nr["clone3"]),
    ]
    for name in SIGNALLING:
        prog.append((JEQ_K, "own_pid", 0, nr[name]))
    for name in DENIED:
        if name in nr:
            prog.append((JEQ_K, "deny", 0, nr[name]))
    prog += [
        ("allow:", RET_K, SECCOMP_RET_ALLOW),
        ("clone_flags:", LD_W_ABS, 16),      # low 32 bits of args[0]: the clone flags
        (JSET_K, "allow_thread", "deny", CLONE_THREAD),
        ("allow_thread:", RET_K, SECCOMP_RET_ALLOW),
        ("own_pid:", LD_W_ABS, 16),          # low 32 bits of args[0]: the target pid (pid_t is 32-bit)
        (JEQ_K, "allow_signal", 0, own_pid),
        (JEQ_K, "allow_signal", 0, 0),                            # kill(0, ...): its own process group
        (JEQ_K, "allow_signal", "deny", (-own_pid) & 0xFFFFFFFF),  # kill(-pgid, ...): same group
        ("allow_signal:", RET_K, SECCOMP_RET_ALLOW),
        ("deny:", RET_K, SECCOMP_RET_ERRNO | errno.EPERM),
        ("enosys:", RET_K, SECCOMP_RET_ERRNO | errno.ENOSYS),
    ]
    return prog


def _assemble(prog: list) -> list[tuple[int, int, int, int]]:
    labels: dict[str, int] = {}
    flat: list[tuple] = []
    for item in prog:
        if isinstance(item[0], str):
            labels[item[0].rstrip(":")] = len(flat)
            flat.append((item[1], 0, 0, item[2]))
        else:
            flat.append(item)
    out = []
    for i, (code, jt, jf, k) in enumerate(flat):
        def resolve(target, i=i):
            offset = labels[target] - i - 1 if isinstance(target, str) else target
            if not 0 <= offset <= 255:
                raise ValueError(f"BPF jump out of range at {i}")
            return offset
        out.append((code, resolve(jt), resolve(jf), k))
    return out


def install_filter(own_pid: int | None = None) -> str | None:
    """Install the filter in this process (the child must be single-threaded, or threads keep the old
    filter). None on success, else the reason it is unavailable."""
    machine = platform.machine()
    if machine not in ARCHES:
        return f"no seccomp filter for {machine}"
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return "no prctl on this system"
    insns = _assemble(_program(*ARCHES[machine], own_pid=os.getpid() if own_pid is None else own_pid))
    array = (_Insn * len(insns))(*[_Insn(*i) for i in insns])
    prog = _Prog(len(insns), array)
    if prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no_new_privs refused ({errno.errorcode.get(ctypes.get_errno(), '?')})"
    if prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return f"seccomp refused ({errno.errorcode.get(ctypes.get_errno(), '?')})"
    return None
