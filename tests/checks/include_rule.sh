#!/usr/bin/env bash
# Usage: include_rule.sh ROOT RULE PATTERN DIR...
# Fails when a file under one of the DIRs has an #include matching the extended regex
# PATTERN; RULE says in words what the DIRs must not include.
set -u
root=$1 rule=$2 pattern=$3
shift 3
status=0
for dir in "$@"; do
  [[ -d $root/$dir ]] || continue
  if hits=$(grep -rnE "#include *[<\"]$pattern" "$root/$dir"); then
    echo "$dir includes $rule:"
    echo "$hits"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "no $rule in: $*"
exit $status
