#!/usr/bin/env bash
# Installs every Debian 12 package OpenWPN needs to build, test and run.
# Idempotent: prints nothing and exits quickly when everything is present.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git python3
  # libraries
  libpoco-dev libwxgtk3.2-dev libsqlite3-dev zlib1g-dev libboost-test-dev
  libtag1-dev libexpected-dev libsystemd-dev
  # fuzzing and sanitizers with clang, and the format check
  clang clang-format libclang-rt-14-dev
  # a private D-Bus for the sleep-and-wake test
  dbus-daemon
  # GUI tests under a virtual display, with a tray host and screenshots
  xvfb xauth trayer xdotool x11-apps imagemagick
  # reference tools for the benchmarks (run on loopback only)
  nginx-light curl
  # packaging and the install test
  dpkg-dev fakeroot file debootstrap lintian man-db desktop-file-utils
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "setup: missing packages: ${missing[*]}" >&2
  echo "setup: run this script as root (or install them with apt-get)" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages such as nginx start a system service on install; keep them stopped: the benchmarks
# run their own instance on loopback and nothing else should listen.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=true
fi
trap '$created_policy && rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Installing enables nginx for the next boot too: it would listen on port 80 everywhere.
if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null; then
  systemctl disable --quiet nginx.service 2>/dev/null || true
fi
