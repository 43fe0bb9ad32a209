#!/usr/bin/env bash
# Usage: engine_facade_only.sh ROOT DIR...
# Fails when service code includes an engine header other than the facade's (session/...).
# The build already refuses most (the internal include paths are private to wpn_engine);
# this also catches a relative path that reaches into engine/ directly.
set -u
root=$1; shift
pattern='#include *[<"](\.\./)*(engine/)?(net|share|transfer|overlay|protocol)/'
status=0
for dir in "$@"; do
  [[ -d $root/$dir ]] || continue
  if hits=$(grep -rnE "$pattern" "$root/$dir"); then
    echo "engine internals included in $dir (use the session/ facade):"
    echo "$hits"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "only the engine facade is included: $*"
exit $status
