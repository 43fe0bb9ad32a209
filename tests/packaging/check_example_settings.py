#!/usr/bin/env python3
"""Compares the example configuration with what wpnd reports for it.

usage: check_example_settings.py EXAMPLE.json SETTINGS.json [KEY...]

SETTINGS.json is `wpnctl settings --json` from a wpnd started with --config EXAMPLE.json;
the KEYs were given on that wpnd's command line. Every setting except the per-user paths
must be in the example, at its built-in default, and read from the file.
"""
import json
import sys

PER_USER = {"data_dir", "runtime_dir", "shares", "download_dir"}


def main() -> int:
    example = json.load(open(sys.argv[1], encoding="utf-8"))
    settings = {s["key"]: s for s in json.load(open(sys.argv[2], encoding="utf-8"))}
    from_command_line = set(sys.argv[3:])
    problems = []
    for key in sorted(set(settings) - PER_USER - set(example)):
        problems.append(f"{key}: missing from the example")
    for key, value in example.items():
        setting = settings.get(key)
        if setting is None:
            problems.append(f"{key}: not a wpnd setting")
            continue
        if value != setting["default"]:
            problems.append(f"{key}: example {value!r}, built-in default {setting['default']!r}")
        wanted_source = "command_line" if key in from_command_line else "file"
        if setting["source"] != wanted_source:
            problems.append(f"{key}: source {setting['source']}, expected {wanted_source}")
        if key not in from_command_line and setting["value"] != value:
            problems.append(f"{key}: wpnd has {setting['value']!r}, the example {value!r}")
    for problem in problems:
        print(f"example configuration: {problem}", file=sys.stderr)
    print(f"example configuration: {len(example)} settings checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
