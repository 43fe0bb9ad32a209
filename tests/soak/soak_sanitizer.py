"""Running the soak's nodes from a sanitizer build (-DWPN_SANITIZE=ON) of wpnd.

Each wpnd starts through a small script that sets ASAN_OPTIONS and UBSAN_OPTIONS, so every
report (AddressSanitizer, UndefinedBehaviorSanitizer, LeakSanitizer at a clean exit) lands
in the node's own folder as sanitizer.<pid>, whatever process of that node wrote it; the
script execs wpnd, so the process the soak kills and watches is wpnd itself. At the end the
soak fails on any such file and prints it.
"""

import glob
import os
import shutil

Wrapper = """#!/bin/sh
# $HOME is <node folder>/home (bench_service_scale's Wpnd): the reports go to the node folder.
folder="${{HOME%/home}}"
export ASAN_OPTIONS="log_path=$folder/sanitizer:detect_leaks=1:print_summary=1:handle_abort=1"
export UBSAN_OPTIONS="log_path=$folder/sanitizer:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="log_path=$folder/sanitizer"
{symbolizer}exec {binary} "$@"
"""


def wrapper(work, binary):
    """The path of a script that runs `binary` with the sanitizer options."""
    path = os.path.join(work, "sanitized-wpnd")
    symbolizer = shutil.which("llvm-symbolizer")
    line = f"export ASAN_SYMBOLIZER_PATH={symbolizer}\n" if symbolizer else ""
    with open(path, "w") as f:
        f.write(Wrapper.format(symbolizer=line, binary=os.path.abspath(binary)))
    os.chmod(path, 0o755)
    return path


def reports(folders):
    """[(path, text)] of every sanitizer report under the nodes' folders."""
    found = []
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "sanitizer.*"))):
            with open(path, errors="replace") as f:
                text = f.read()
            if text.strip():
                found.append((path, text))
    return found
