#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format makes of it with the
# repository's .clang-format, and names the files. Usage: format_check.sh SOURCE_DIR
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "format_check: clang-format is not installed" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find engine service shared tray tests -name '*.cpp' -o -name '*.h')
((${#files[@]})) || { echo "format_check: no C++ files found" >&2; exit 1; }
unformatted=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if ((${#unformatted[@]})); then
  echo "format_check: ${#unformatted[@]} of ${#files[@]} files need clang-format -i:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  exit 1
fi
echo "format_check: ${#files[@]} files formatted"
