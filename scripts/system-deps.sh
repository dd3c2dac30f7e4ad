#!/usr/bin/env bash
# Install the Debian packages codejudge needs, only if something is missing.
set -euo pipefail
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/python3 ] || need+=(python3)
# The sandbox: prlimit (util-linux), libseccomp (loaded through ctypes for the syscall filter),
# and a C compiler with libc headers to build its spawner helper (sandbox/spawn.c), which the
# C language and the hostile test suite need anyway.
[ -x /usr/bin/prlimit ] || need+=(util-linux)
ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2' || need+=(libseccomp2)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
[ -f /usr/include/stdio.h ] || need+=(libc6-dev)
# promtool, which checks deploy/prometheus/ alert rules in the tests (Debian's prometheus package).
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
# The browser the UI tests drive (Playwright with Debian's Chromium; nothing is downloaded).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing ${need[*]} ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
