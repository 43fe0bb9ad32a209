#!/usr/bin/env bash
# Fuzzing campaign: runs every libFuzzer target of an existing clang fuzz build for a given
# time each, one after the other or several at once, merges inputs that add coverage into the
# committed seed corpora, keeps every crash under the target's name and prints a table per target.
# It builds nothing; see tests/fuzz/README.md for the build command and the options.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: tests/fuzz/campaign.sh BUILD_DIR [options]
  BUILD_DIR          a build configured with -DENABLE_FUZZING=ON (clang), fuzz targets built
  --seconds N        time per target (default 600)
  --jobs N           targets fuzzed at once, one libFuzzer process each (default 1)
  --only REGEX       run only the targets whose name matches (grep -E)
  --out DIR          where logs, work corpora and crashes go (default BUILD_DIR/fuzz-campaign)
  --no-merge         leave the committed seed corpora untouched
  --max-len N        longest input generated and merged (default: libFuzzer's choice)
Exit status: 0 when no target crashed, 1 when one did, 2 on a usage error.
EOF
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
case "$1" in -h | --help) usage; exit 0 ;; esac
build_dir=$(cd "$1" && pwd)
shift
seconds=600
only=''
out=''
merge=1
jobs=1
max_len=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-merge) merge=0; shift ;;
    --max-len) max_len=(-max_len="$2"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "campaign: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "campaign: --seconds needs a positive integer" >&2; exit 2; }
[[ $jobs =~ ^[0-9]+$ && $jobs -gt 0 ]] || { echo "campaign: --jobs needs a positive integer" >&2; exit 2; }

seeds_root=$(cd "$(dirname "$0")" && pwd)/seeds
out=${out:-$build_dir/fuzz-campaign}
mkdir -p "$out"
out=$(cd "$out" && pwd)

targets=()
for binary in "$build_dir"/tests/fuzz/fuzz_*; do
  name=${binary##*/fuzz_}
  [[ -x $binary && $name != replay_* ]] || continue
  [[ -z $only ]] || grep -qE "$only" <<<"$name" || continue
  targets+=("$name")
done
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "campaign: no fuzz targets in $build_dir/tests/fuzz (configure with -DENABLE_FUZZING=ON and build them)" >&2
  exit 2
fi

# Files and KiB of a corpus directory.
corpus_size() {
  local files kib
  files=$(find "$1" -maxdepth 1 -type f | wc -l)
  kib=$(find "$1" -maxdepth 1 -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", (s + 1023) / 1024 }')
  echo "$files $kib"
}

# The last value libFuzzer printed for a final stat, or "-" when it printed none.
final_stat() {
  awk -v key="stat::$2:" '$1 == key { value = $2 } END { print (value == "" ? "-" : value) }' "$1"
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Fuzzes one target, merges its new coverage and writes its table row to $out/rows/<name>.
run_target() {
  local name=$1 binary seeds work crashes log seeds_before kib_before kept_before status execs per_second
  local found seeds_after kib_after work_files
  binary=$build_dir/tests/fuzz/fuzz_$name
  seeds=$seeds_root/$name
  work=$out/corpus/$name
  crashes=$out/crashes/$name
  log=$out/logs/$name.log
  mkdir -p "$seeds" "$work" "$crashes" "$out/logs"
  read -r seeds_before kib_before < <(corpus_size "$seeds")
  kept_before=$(find "$crashes" -maxdepth 1 -type f | wc -l)

  echo "campaign: $name (${seconds} s)"
  status=0
  # New inputs go to the work corpus (first directory); the seeds are read only.
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "${max_len[@]}" -artifact_prefix="$crashes/" "$work" "$seeds" >"$log" 2>&1 || status=$?

  execs=$(final_stat "$log" number_of_executed_units)
  per_second=$(final_stat "$log" average_exec_per_sec)
  # libFuzzer writes crash-, leak-, timeout- and oom- files there; earlier runs' stay counted out.
  found=$(($(find "$crashes" -maxdepth 1 -type f | wc -l) - kept_before))
  if [[ $status -ne 0 && $found -eq 0 ]]; then
    found='?'  # it stopped abnormally without leaving an input: the log says why
  fi

  if [[ $merge -eq 1 ]]; then
    # -merge=1 adds to the first directory only the inputs that bring new coverage; with
    # -use_counters=0 that is a new edge, not merely a new hit count of a known one, which
    # keeps the committed seeds (replayed on every test run) to a few dozen files a target.
    "$binary" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 "${max_len[@]}" "$seeds" "$work" \
      >"$out/logs/$name.merge.log" 2>&1 || echo "campaign: merge of $name failed, see $out/logs/$name.merge.log" >&2
  fi
  read -r seeds_after kib_after < <(corpus_size "$seeds")
  read -r work_files _ < <(corpus_size "$work")
  echo "$name $execs $per_second $work_files $seeds_before $seeds_after $kib_before $kib_after $found" \
    >"$out/rows/$name"
  echo "campaign: $name done: $execs executions, crashes: $found"
}

mkdir -p "$out/rows"
rm -f "$out/rows/"*
echo "campaign: ${#targets[@]} targets, ${seconds} s each, $jobs at once, output in $out"
running=0
for name in "${targets[@]}"; do
  if [[ $running -ge $jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$name" &
  running=$((running + 1))
done
wait

rows=()
crashed=0
for name in "${targets[@]}"; do
  if [[ -f $out/rows/$name ]]; then
    rows+=("$(<"$out/rows/$name")")
  else
    rows+=("$name - - - - - - - ?")  # its run died before writing a row
  fi
done

printf '\n%-20s %12s %8s %7s %15s %13s %8s\n' target executions exec/s corpus 'seeds (files)' 'seeds (KiB)' crashes
for row in "${rows[@]}"; do
  read -r name execs per_second work_files before after kib_before kib_after found <<<"$row"
  [[ $found == 0 ]] || crashed=1
  printf '%-20s %12s %8s %7s %15s %13s %8s\n' "$name" "$execs" "$per_second" "$work_files" "$before -> $after" \
    "$kib_before -> $kib_after" "$found"
done
if [[ $crashed -ne 0 ]]; then
  echo
  echo "campaign: crashes kept in $out/crashes/<target>/; logs in $out/logs/"
  find "$out/crashes" -type f | sort
fi
exit "$crashed"
