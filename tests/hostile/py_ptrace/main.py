import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH, PTRACE_TRACEME = 16, 0
r1 = libc.ptrace(PTRACE_TRACEME, 0, 0, 0)
r2 = libc.ptrace(PTRACE_ATTACH, os.getppid(), 0, 0)
print("ok" if r1 == -1 and r2 == -1 else f"ptrace {r1} {r2}")
