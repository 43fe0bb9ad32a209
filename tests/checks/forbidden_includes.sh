#!/usr/bin/env bash
# Usage: forbidden_includes.sh ROOT DIR...
# Fails when a pure layer includes sockets, threads, clocks, files, POCO, wx or SQLite.
set -u
root=$1; shift
pattern='#include *[<"](Poco/|wx/|sqlite3|sys/socket|netinet/|arpa/|unistd|fcntl|thread>|mutex>|chrono>|ctime>|random>|filesystem>|fstream>|iostream>)'
status=0
for dir in "$@"; do
  [[ -d $root/$dir ]] || continue
  if hits=$(grep -rnE "$pattern" "$root/$dir"); then
    echo "forbidden include in $dir:"
    echo "$hits"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "pure layers clean: $*"
exit $status
