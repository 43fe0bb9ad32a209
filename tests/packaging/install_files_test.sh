#!/usr/bin/env bash
# Checks the installed files that need no package build: the man pages render without
# warnings, the desktop entries and systemd units are well formed, and the example
# configuration is accepted by the wpnd of BUILD_DIR and matches its built-in defaults.
# wpnd binds 127.0.0.1 on an ephemeral port; everything it writes stays in a temp dir.
#
#   install_files_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail

source_dir=$(realpath "${1:?usage: install_files_test.sh SOURCE_DIR BUILD_DIR}")
build_dir=$(realpath "${2:?usage: install_files_test.sh SOURCE_DIR BUILD_DIR}")
installer=$source_dir/installer/linux
here=$source_dir/tests/packaging
fail() { echo "FAIL: $*" >&2; exit 1; }

# ---- man pages: groff warnings (bad macros, unknown escapes) go to stderr
for page in "$installer"/man/*.1; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=all -l -Tutf8 "$page" 2>&1 >/dev/null || true)
  [[ -z $warnings ]] || fail "$(basename "$page"): $warnings"
  name=$(basename "$page" .1)
  rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2>/dev/null)
  grep -q "^NAME" <<<"$rendered" || fail "$name.1 does not render"
done
echo "man pages: $(ls "$installer"/man/*.1 | wc -l) render without warnings"

# ---- every option wpnd and wpnctl offer is documented in their man page
wpnd=$build_dir/service/app/wpnd
wpnctl=$build_dir/service/ctl/wpnctl
for option in $("$wpnd" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -qF -- "${option//-/\\-}" "$installer/man/wpnd.1" || fail "wpnd.1 does not document $option"
done
for command in $("$wpnctl" --help | sed -n 's/^  \([a-z]\+\) .*/\1/p' | sort -u); do
  # In bold: a .B/.BR/.BI line naming it, or \fB in a tag line.
  grep -qE "^\.(B|BR|BI) (.*[ \"])?$command\b|\\\\fB$command\b" "$installer/man/wpnctl.1" ||
    fail "wpnctl.1 does not document '$command'"
done
echo "man pages: every wpnd option and wpnctl command documented"

# ---- desktop entries and units
for entry in "$installer"/desktop/*.desktop; do desktop-file-validate "$entry" || fail "$entry"; done
for entry in "$installer"/desktop/*.desktop; do
  grep -qx 'Exec=wpn-tray' "$entry" || fail "$(basename "$entry") does not start wpn-tray"
done
for unit in "$installer"/systemd/*.service; do
  grep -qx 'Type=notify' "$unit" || fail "$(basename "$unit") is not Type=notify"
  grep -qE '^ExecStart=wpnd( |$)' "$unit" || fail "$(basename "$unit") does not run wpnd in the foreground"
  grep -q -- '--daemon' "$unit" && fail "$(basename "$unit") forks: Type=notify wants the foreground"
done
grep -qx 'User=%i' "$installer/systemd/wpnd@.service" || fail "wpnd@.service does not run as the instance's account"
echo "desktop entries and units: ok"

# ---- the example configuration, read by the real wpnd
work=$(mktemp -d /tmp/openwpn-install-files.XXXXXX)
pid=
cleanup() {
  [[ -z $pid ]] || kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/share" "$work/home"
install -d -m 700 "$work/run"
run() { env -i PATH=/usr/bin:/bin HOME="$work/home" XDG_RUNTIME_DIR="$work/run" "$@"; }
run "$wpnd" --daemon --config "$installer/wpnd.json.example" --runtime-dir "$work/run" --data-dir "$work/data" \
  --share "$work/share" --bind 127.0.0.1 --data-port 0 || fail "wpnd refused the example configuration"
pid=$(cat "$work/run/wpnd.pid")
run "$wpnctl" --runtime-dir "$work/run" settings --json >"$work/settings.json" || fail "wpnctl settings"
python3 "$here/check_example_settings.py" "$installer/wpnd.json.example" "$work/settings.json" \
  bind data_port shares data_dir runtime_dir || fail "the example configuration"
kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "wpnd did not stop"
pid=
grep -q "unknown setting" "$work/data/wpnd.log" && fail "wpnd warns about the example"
echo "PASS"
