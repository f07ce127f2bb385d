#!/usr/bin/env bash
# Sourced by package.sh and benchmark.sh: the clang a Native AOT publish links with — clang, or the newest clang-NN when
# there is no plain clang (Debian 12 has clang-14). Prints its name; fails when there is none.
aot_linker() {
  local clang
  clang="$(command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | sort -V | tail -1)"
  [ -n "$clang" ] || { echo "Native AOT needs clang and zlib (apt install clang zlib1g-dev)" >&2; return 1; }
  basename "$clang"
}
