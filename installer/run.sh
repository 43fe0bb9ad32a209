#!/usr/bin/env bash
# The main job: build OpenWPN and run it on the default share folder.
# Until the service lands, this hashes every file of the default share folder
# offline with `wpnctl hash` and prints their WPN keys.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup-debian.sh

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)" --target wpnctl

share="${OPENWPN_SHARE:-${XDG_DATA_HOME:-$HOME/.local/share}/openwpn/share}"
mkdir -p "$share"
echo "default share folder: $share"
mapfile -d '' files < <(find "$share" -type f -print0)
if ((${#files[@]} == 0)); then
  echo "the share folder is empty: put files there and run this again"
  exit 0
fi
exec build/release/service/ctl/wpnctl hash "${files[@]}"
