#!/usr/bin/env bash
# Builds OpenWPN and runs the whole test suite through CTest, twice:
#  1. build/release: g++, warnings as errors, every test label;
#  2. build/sanitize: clang with AddressSanitizer + UndefinedBehaviorSanitizer,
#     the unit tests, the fuzz-seed replays and a short libFuzzer run per decoder;
#  3. the packages: the .deb built, checked with lintian, installed and run in a fresh
#     Debian 12 root made with debootstrap.
# Installs missing Debian packages first (needs root for that).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup-debian.sh

jobs=$(nproc)
export CTEST_OUTPUT_ON_FAILURE=1

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build/release -j "$jobs"
ctest --test-dir build/release -j "$jobs" -LE package --no-tests=error

cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER=clang++ -DWPN_SANITIZE=ON -DENABLE_FUZZING=ON -DWPN_UNIT_ONLY=ON
cmake --build build/sanitize -j "$jobs"
ctest --test-dir build/sanitize -j "$jobs" -L 'unit|fuzz' --no-tests=error

# The .deb: built, checked with lintian, installed and run in a fresh Debian 12 root.
ctest --test-dir build/release -L package --no-tests=error
