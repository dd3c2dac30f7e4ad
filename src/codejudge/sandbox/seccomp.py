"""Compiles a ``SeccompPolicy`` to a classic-BPF program with libseccomp, for ``bwrap --seccomp``.

libseccomp (``libseccomp.so.2``, required by apt itself on Debian) is driven through ctypes: it
knows every architecture's syscall numbers and the pitfalls (x32 syscalls on x86_64, the arch
check), and nothing has to be compiled. The filter is built once per policy and process;
bubblewrap loads it just before it execs the program, so bubblewrap's own set-up (mount,
unshare, ...) is unaffected while the program and everything it starts are bound by it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
from functools import cache

from codejudge.sandbox.policy import SeccompPolicy

_ACT_ALLOW = 0x7FFF0000
_ACT_KILL_PROCESS = 0x80000000
_ATTR_BADARCH = 2
_CMP_EQ = 4
_CMP_MASKED_EQ = 7
_NR_ERROR = -1


class SeccompError(OSError):
    """libseccomp is missing or refused the policy."""


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


def _errno_action(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


@cache
def _lib() -> ctypes.CDLL:
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError as e:
        raise SeccompError(f"libseccomp not found ({e}): apt-get install libseccomp2") from e
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(_ArgCmp),
    ]  # fmt: skip
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return lib


@cache
def compile_bpf(policy: SeccompPolicy) -> bytes:
    """The policy as a BPF program (``struct sock_filter`` array) for this machine's arch."""
    lib = _lib()
    ctx = lib.seccomp_init(_ACT_ALLOW)
    if not ctx:
        raise SeccompError("seccomp_init failed")
    try:
        _check(lib.seccomp_attr_set(ctx, _ATTR_BADARCH, _ACT_KILL_PROCESS), "badarch")
        deny = _errno_action(policy.errno)
        for name in policy.deny:
            _rule(lib, ctx, deny, name)
        for family in policy.deny_socket_families:
            cmp = _ArgCmp(0, _CMP_EQ, family, 0)
            _rule(lib, ctx, _errno_action(errno.EAFNOSUPPORT), "socket", cmp)
            _rule(lib, ctx, _errno_action(errno.EAFNOSUPPORT), "socketpair", cmp)
        for flag in policy.deny_clone_flags:
            _rule(lib, ctx, deny, "clone", _ArgCmp(0, _CMP_MASKED_EQ, flag, flag))
        if policy.clone3_enosys:
            _rule(lib, ctx, _errno_action(errno.ENOSYS), "clone3")
        return _export(lib, ctx)
    finally:
        lib.seccomp_release(ctx)


def _rule(lib: ctypes.CDLL, ctx: int, action: int, name: str, *cmps: _ArgCmp) -> None:
    nr = lib.seccomp_syscall_resolve_name(name.encode())
    if nr == _NR_ERROR:
        return  # not a syscall on this architecture (e.g. a legacy one): nothing to deny
    array = (_ArgCmp * len(cmps))(*cmps) if cmps else None
    _check(lib.seccomp_rule_add_array(ctx, action, nr, len(cmps), array), f"rule {name}")


def _export(lib: ctypes.CDLL, ctx: int) -> bytes:
    fd = os.memfd_create("codejudge-seccomp", os.MFD_CLOEXEC)
    try:
        _check(lib.seccomp_export_bpf(ctx, fd), "export")
        os.lseek(fd, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check(rc: int, what: str) -> None:
    if rc < 0:
        raise SeccompError(-rc, f"libseccomp {what}: {os.strerror(-rc)}")
