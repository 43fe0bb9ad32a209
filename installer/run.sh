#!/usr/bin/env bash
# The main job: build OpenWPN and run the service, wpnd, in the foreground on its
# embedded default: a secondary sharing "$HOME/OpenWPN Shared" (created if missing),
# its SQLite index in the XDG data directory. It logs where everything lives.
# Talk to it from another terminal with build/release/service/ctl/wpnctl status.
# Stop it with Ctrl-C. Extra arguments go to wpnd (see wpnd --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup-debian.sh

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)" --target wpnd wpnctl wpn-tray

exec build/release/service/app/wpnd "$@"
