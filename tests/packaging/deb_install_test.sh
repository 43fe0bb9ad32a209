#!/usr/bin/env bash
# Builds the .deb and .tar.gz with CPack, checks the .deb with lintian, installs it with
# apt-get into a clean Debian 12 root made here with debootstrap, and runs the installed
# wpnd there as an unprivileged user: first run, wpnctl status, a saved setting, an
# upgrade to a newer version that keeps it, the example configuration, then removal and
# purge that keep the user's data.
#
#   deb_install_test.sh BUILD_DIR
#
# Needs root (debootstrap, chroot) and the Debian mirror of /etc/apt/sources.list*.
# Exit 77 (skipped) without them. The debootstrap tarball and the downloaded .debs are
# cached under /var/cache/openwpn-test (OPENWPN_TEST_CACHE) when it is writable. The root
# is a tmpfs (3 GiB at most, about 0.6 used) unless OPENWPN_TEST_TMPFS=0.
# wpnd is told to bind 127.0.0.1 only, on an ephemeral port.
set -euo pipefail

build_dir=$(realpath "${1:?usage: deb_install_test.sh BUILD_DIR}")
cache_dir=${OPENWPN_TEST_CACHE:-/var/cache/openwpn-test}
suite=bookworm
arch=$(dpkg --print-architecture)
user=sharer
started=$(date +%s)
stage_started=$started

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
stage() {
  local now; now=$(date +%s)
  echo "== [$((now - started))s, previous stage $((now - stage_started))s] $*"
  stage_started=$now
}

[[ $(id -u) -eq 0 ]] || skip "needs root for debootstrap and chroot"
[[ -x $build_dir/service/app/wpnd && -x $build_dir/service/ctl/wpnctl ]] || fail "wpnd/wpnctl not built in $build_dir"

# The Debian mirror the host uses (one-line or deb822 sources), and its security mirror.
mirror_of() {  # $1: regex the URI must match, $2: regex the suite must match
  local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  { cat "${files[@]}" 2>/dev/null || true; } | awk -v want="$1" -v suite="$2" '
    /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { uri = $i; s = $(i + 1) }
              if (uri ~ want && s ~ suite) { print uri; exit } next }
    /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if (uri ~ want && $i ~ suite) { print uri; exit } }
    /^$/ { uri = "" }'
}
mirror=$(mirror_of 'debian/?$' "^$suite\$")
security=$(mirror_of 'debian-security/?$' "^$suite-security\$")
[[ -n $mirror ]] || skip "no Debian $suite mirror in /etc/apt/sources.list*"

need_tools=()
command -v debootstrap >/dev/null || need_tools+=(debootstrap)
command -v lintian >/dev/null || need_tools+=(lintian)
if ((${#need_tools[@]})); then
  echo "installing ${need_tools[*]}"
  install_tools() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_tools[@]}"; }
  install_tools >/dev/null 2>&1 || { apt-get update -qq && install_tools >/dev/null; } || skip "cannot install ${need_tools[*]}"
fi

work=$(mktemp -d /tmp/openwpn-deb-test.XXXXXX)
root=$work/root
mounts=()

cleanup() {
  local status=$?
  set +e  # undo everything that can be undone
  # Anything still running inside the root (a wpnd left behind by a failed step).
  local proc
  for proc in /proc/[0-9]*; do
    [[ $(readlink "$proc/root" 2>/dev/null) == "$root" ]] && kill -KILL "${proc#/proc/}" 2>/dev/null
  done
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  if grep -q " $work/" /proc/mounts; then
    echo "cleanup: mounts left under $work, not removing it" >&2
  else
    rm -rf --one-file-system "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- packages
stage "cpack (DEB, TGZ) in $build_dir"
packages=$work/packages
mkdir -p "$packages"
(cd "$build_dir" && cpack -G "DEB;TGZ" -B "$packages" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$packages"/*.deb)
tgz=$(ls "$packages"/*.tar.gz)
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB), $(basename "$tgz")"

dpkg-deb --field "$deb" Package Version Depends
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for path in ./usr/bin/wpnd ./usr/bin/wpnctl ./usr/lib/systemd/user/wpnd.service \
  ./usr/lib/systemd/system/wpnd@.service ./usr/share/man/man1/wpnd.1.gz ./usr/share/man/man1/wpnctl.1.gz \
  ./usr/share/doc/openwpn/copyright ./usr/share/doc/openwpn/changelog.Debian.gz \
  ./usr/share/doc/openwpn/examples/wpnd.json; do
  grep -qxF "$path" <<<"$contents" || fail "$path missing from the .deb"
done
if [[ -x $build_dir/tray/wpn-tray ]] || grep -q "wpn-tray" <<<"$contents"; then
  for path in ./usr/bin/wpn-tray ./usr/share/applications/openwpn-tray.desktop \
    ./etc/xdg/autostart/openwpn-tray.desktop ./usr/share/icons/hicolor/scalable/apps/openwpn.svg; do
    grep -qxF "$path" <<<"$contents" || fail "$path missing from the .deb"
  done
fi
depends=$(dpkg-deb --field "$deb" Depends)
for lib in libc6 libstdc++6 libpoco libsqlite3; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
tgz_contents=$(tar -tzf "$tgz")
grep -q '/bin/wpnd$' <<<"$tgz_contents" || fail "wpnd missing from the .tar.gz"

stage "lintian"
lintian_out=$work/lintian.txt
lintian --fail-on error --display-info --tag-display-limit 0 "$deb" >"$lintian_out" 2>&1 || {
  cat "$lintian_out"
  fail "lintian reports errors"
}
echo "lintian: no errors; $(grep -c '^W:' "$lintian_out" || true) warning(s), $(grep -c '^I:' "$lintian_out" || true) info"
grep '^[WI]:' "$lintian_out" || true

# ---------------------------------------------------------------- a clean Debian 12
stage "debootstrap --variant=minbase $suite from $mirror"
# The root in memory: dpkg's many fsyncs cost nothing there, and cleaning up is one umount.
mkdir -p "$root"
if [[ ${OPENWPN_TEST_TMPFS:-1} == 1 ]] && mount -t tmpfs -o size=3g,mode=755 openwpn-test "$root"; then
  mounts+=("$root")
fi
tarball=$cache_dir/$suite-minbase-$arch.tgz
mkdir -p "$cache_dir" 2>/dev/null || true
if [[ ! -s $tarball && -w $cache_dir ]]; then
  debootstrap --variant=minbase --make-tarball="$tarball.part" "$suite" "$work/tarball-work" "$mirror" \
    >"$work/debootstrap.log" 2>&1 && mv "$tarball.part" "$tarball" || { tail -20 "$work/debootstrap.log"; rm -f "$tarball.part"; }
  rm -rf --one-file-system "$work/tarball-work"
fi
if [[ -s $tarball ]]; then
  debootstrap --variant=minbase --unpack-tarball="$tarball" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1
else
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1
fi || { tail -30 "$work/debootstrap.log"; fail "debootstrap"; }

mount -t proc proc "$root/proc" && mounts+=("$root/proc")
cp /etc/resolv.conf "$root/etc/resolv.conf"
{
  echo "deb $mirror $suite main"
  echo "deb $mirror $suite-updates main"
  [[ -z $security ]] || echo "deb $security $suite-security main"
} >"$root/etc/apt/sources.list"
if [[ -w $cache_dir ]]; then  # keep the downloaded dependencies for the next run
  mkdir -p "$cache_dir/apt-archives/partial"
  mount --bind "$cache_dir/apt-archives" "$root/var/cache/apt/archives" && mounts+=("$root/var/cache/apt/archives")
fi
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

stage "apt-get install the .deb"
cp "$deb" "$root/tmp/openwpn.deb"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update"; }
# systemd only to check the installed units with systemd-analyze; nothing runs it here.
in_root apt-get install -y -qq --no-install-recommends /tmp/openwpn.deb systemd >>"$work/apt.log" 2>&1 ||
  { tail -40 "$work/apt.log"; fail "apt-get install"; }
in_root dpkg -s openwpn | grep -q '^Status: install ok installed' || fail "openwpn not installed"

# ---------------------------------------------------------------- the installed wpnd
stage "first run of the installed wpnd as $user"
in_root useradd --create-home --shell /bin/sh "$user"
uid=$(in_root id -u "$user")
gid=$(in_root id -g "$user")
home=/home/$user
runtime=/run/user/$uid
mkdir -p "$root$runtime" && chown "$uid:$gid" "$root$runtime" && chmod 700 "$root$runtime"
as_user() {
  chroot --userspec="$uid:$gid" --groups="$gid" "$root" \
    env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$runtime" LANG=C.UTF-8 "$@"
}
start_wpnd() {
  as_user wpnd --daemon --bind 127.0.0.1 --data-port 0 "$@" >>"$work/wpnd-console.log" 2>&1 ||
    { cat "$work/wpnd-console.log"; fail "wpnd --daemon $* failed"; }
}
stop_wpnd() {  # $1: the runtime directory
  local pid; pid=$(cat "$root$1/wpnd.pid")
  kill -TERM "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  fail "wpnd $pid did not stop"
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
setting_value() { python3 -c 'import json,sys
print(next(s["value"] for s in json.load(sys.stdin) if s["key"] == sys.argv[1]))' "$1"; }

# The units as installed, against the installed wpnd (ExecStart has no directory).
units=$( (in_root systemd-analyze verify --man=no wpnd@$user.service
  as_user systemd-analyze --user verify --man=no wpnd.service) 2>&1)
[[ -z $units ]] || fail "systemd-analyze verify: $units"

start_wpnd
status=$(as_user wpnctl status --json) || fail "wpnctl status --json"
echo "status: $status"
version=$(json_field version <<<"$status")
[[ $version == "$(dpkg-deb --field "$deb" Version | cut -d- -f1)" ]] || fail "wpnd reports version $version"
[[ $(json_field pid <<<"$status") == "$(cat "$root$runtime/openwpn/wpnd.pid")" ]] || fail "status pid != pid file"
[[ -d "$root$home/OpenWPN Shared" ]] || fail "default share folder not created"
[[ -f $root$home/.local/share/openwpn/shares.sqlite ]] || fail "no share index in the XDG data directory"
log=$root$home/.local/share/openwpn/wpnd.log
for line in "configuration: $home/.config/openwpn/wpnd.json (not present: built-in defaults)" \
  "data directory: $home/.local/share/openwpn" "log file: $home/.local/share/openwpn/wpnd.log" \
  "pid file: $runtime/openwpn/wpnd.pid" "default share folder: $home/OpenWPN Shared (created)" \
  "share index: $home/.local/share/openwpn/shares.sqlite" "control socket: $runtime/openwpn/wpnd.sock"; do
  grep -qF "$line" "$log" || { cat "$log"; fail "first-run log lacks '$line'"; }
done
as_user wpnctl settings set upload_slots 7 >/dev/null || fail "wpnctl settings set"
stop_wpnd "$runtime/openwpn"
config=$root$home/.config/openwpn/wpnd.json
[[ $(json_field upload_slots <"$config") == 7 ]] || fail "setting not saved in $config"

stage "upgrade to a newer package keeps configuration and index"
index_before=$(stat -c %i "$root$home/.local/share/openwpn/shares.sqlite")
old_version=$(dpkg-deb --field "$deb" Version)
dpkg-deb -R "$deb" "$work/next"
sed -i "s/^Version: .*/Version: $old_version+test1/" "$work/next/DEBIAN/control"
dpkg-deb --root-owner-group -b "$work/next" "$root/tmp/openwpn-next.deb" >/dev/null
in_root dpkg -i /tmp/openwpn-next.deb >>"$work/apt.log" 2>&1 || { tail "$work/apt.log"; fail "dpkg -i (upgrade)"; }
[[ $(in_root dpkg-query -W -f='${Version}' openwpn) == "$old_version+test1" ]] || fail "not upgraded"
start_wpnd
[[ $(as_user wpnctl settings get upload_slots --json | setting_value upload_slots) == 7 ]] ||
  fail "upload_slots lost across the upgrade"
stop_wpnd "$runtime/openwpn"
[[ $(stat -c %i "$root$home/.local/share/openwpn/shares.sqlite") == "$index_before" ]] || fail "index replaced"

stage "the installed example configuration is valid for wpnd"
example=/usr/share/doc/openwpn/examples/wpnd.json
as_user mkdir -p /tmp/example-share
as_user install -d -m 700 /tmp/example-run
start_wpnd --config "$example" --runtime-dir /tmp/example-run --data-dir /tmp/example-data --share /tmp/example-share
as_user wpnctl --runtime-dir /tmp/example-run settings --json >"$work/example-settings.json" || fail "settings"
stop_wpnd /tmp/example-run
python3 "$(dirname "$(realpath "$0")")/check_example_settings.py" "$root$example" "$work/example-settings.json" \
  bind data_port shares data_dir runtime_dir || fail "the installed example configuration"

stage "removal and purge keep the user's data"
in_root dpkg -r openwpn >>"$work/apt.log" 2>&1 || fail "dpkg -r"
[[ ! -e $root/usr/bin/wpnd ]] || fail "wpnd still installed after dpkg -r"
[[ $(json_field upload_slots <"$config") == 7 && -f $root$home/.local/share/openwpn/shares.sqlite ]] ||
  fail "user data lost on removal"
in_root dpkg --purge openwpn >>"$work/apt.log" 2>&1 || fail "dpkg --purge"
[[ $(json_field upload_slots <"$config") == 7 ]] || fail "configuration lost on purge"
[[ -f $root$home/.local/share/openwpn/shares.sqlite && -f $log && -d "$root$home/OpenWPN Shared" ]] ||
  fail "user data lost on purge"

stage "done"
echo "PASS: deb install test in $(($(date +%s) - started))s"
