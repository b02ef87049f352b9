"""Landlock (Linux >= 5.13) through ctypes: unprivileged file-system, TCP and signal confinement.

A sandboxed child stacks two Landlock layers (each access must be allowed by every layer):
1. the *base* layer, built once per worker: read and execute under the Python installation and the
   system libraries, everything under the worker's scratch folder; no TCP bind/connect (ABI >= 4); no
   signals to, or abstract UNIX sockets of, processes outside the domain (ABI >= 6);
2. the *write* layer, built per submission: writes only beneath the child's own working folder.
Everything not granted is denied: the katas (reference solutions and tests), `$MASTERY_HOME`, the user's
home, /proc. Best effort by ABI, as the kernel documentation recommends: rights the running kernel does
not know are dropped, and `abi()` is reported so the grader can say which layers are active.
"""

from __future__ import annotations

import ctypes
import os
import platform

_SYS = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}  # create_ruleset, add_rule, restrict_self
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

# File-system rights, by the ABI that introduced them.
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ_EXEC = EXECUTE | READ_FILE | READ_DIR
WRITE_RIGHTS = (WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_CHAR | MAKE_DIR | MAKE_REG | MAKE_SOCK | MAKE_FIFO
                | MAKE_BLOCK | MAKE_SYM | REFER | TRUNCATE | IOCTL_DEV)

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class LandlockError(OSError):
    pass


def abi() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is missing or disabled."""
    numbers = _SYS.get(platform.machine())
    if numbers is None:
        return 0
    version = _libc.syscall(numbers[0], None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(0, int(version))


def _fs_rights(version: int) -> int:
    return _FS_BY_ABI.get(min(version, 5), 0) if version else 0


def restrict_with(ruleset_fd: int) -> None:
    """Enforce a ruleset, given by its fd (one built in a parent process is inherited), on this thread and
    its future children; sets no_new_privs first, as Landlock requires without CAP_SYS_ADMIN."""
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise LandlockError(ctypes.get_errno(), "no_new_privs refused")
    restrict = _SYS[platform.machine()][2]
    if _libc.syscall(restrict, ctypes.c_int(ruleset_fd), ctypes.c_uint32(0)) != 0:
        raise LandlockError(ctypes.get_errno(), f"landlock_restrict_self: {os.strerror(ctypes.get_errno())}")


class Ruleset:
    """A Landlock ruleset under construction; `restrict_self()` applies it to the calling thread."""

    def __init__(self, handled_fs: int, *, deny_tcp: bool = False, scope_signals: bool = False):
        self.version = abi()
        if not self.version:
            raise LandlockError("Landlock is not available in this kernel")
        create, self._add, _ = _SYS[platform.machine()]
        self.handled_fs = handled_fs & _fs_rights(self.version)
        attr = _RulesetAttr(self.handled_fs, 0, 0)
        size = 8
        if deny_tcp and self.version >= 4:
            attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
            size = 16
        if scope_signals and self.version >= 6:
            attr.scoped = SCOPE_SIGNAL | SCOPE_ABSTRACT_UNIX_SOCKET
            size = 24
        self.denies_tcp = bool(attr.handled_access_net)
        self.scopes_signals = bool(attr.scoped)
        fd = _libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
        if fd < 0:
            raise LandlockError(ctypes.get_errno(), f"landlock_create_ruleset: {os.strerror(ctypes.get_errno())}")
        self.fd = int(fd)

    def allow(self, path: str, rights: int) -> bool:
        """Grant `rights` beneath `path` (a file gets only file rights). False when the path cannot be opened."""
        try:
            parent = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            allowed = rights & self.handled_fs
            if not os.path.isdir(path):
                allowed &= EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
            if not allowed:
                return True
            rule = _PathBeneath(allowed, parent)
            if _libc.syscall(self._add, ctypes.c_int(self.fd), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule),
                             ctypes.c_uint32(0)) != 0:
                raise LandlockError(ctypes.get_errno(), f"landlock_add_rule({path}): {os.strerror(ctypes.get_errno())}")
        finally:
            os.close(parent)
        return True

    def restrict_self(self) -> None:
        """Enforce the ruleset on this thread and its future children (sets no_new_privs first)."""
        restrict_with(self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
