#!/usr/bin/env python3
"""A long run of a whole segment as real processes on loopback, driven by a seeded schedule.

One peer cache (127.0.0.1), two hubs (127.0.0.2, .3) and ten secondaries (127.0.0.10 ..
.19), each a wpnd on its own data directory. For --minutes (default 30) a random schedule
(--seed) does: keyword searches and downloads of another node's file (some cancelled),
file adds, renames and deletes in the shares, rescans, slot changes, kill -9 of a
secondary and its restart, and hub restarts.

Checked at the end, and printed:
- every finished download is byte-identical to the file it came from;
- no process crashed (a secondary killed by the schedule is restarted, not counted);
- resident memory and open descriptors of each process that lived through the whole run
  grew by at most 10 % between the first and the last quarter (after warm-up).
Exit status 0 when every invariant holds.

Usage: soak.py --wpnd PATH [--minutes N] [--seed N] [--secondaries N]
"""

import argparse
import hashlib
import importlib.machinery
import importlib.util
import os
import random
import shutil
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load_bench_module():
    """The IPC client and process wrapper of bench_service_scale (one copy of that code)."""
    path = os.path.join(HERE, "..", "bench", "bench_service_scale")
    loader = importlib.machinery.SourceFileLoader("bench_service_scale", path)
    spec = importlib.util.spec_from_loader("bench_service_scale", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


bench = load_bench_module()


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


class Node:
    def __init__(self, binary, root, name, address, role, config):
        self.binary, self.root, self.name, self.address, self.role = binary, root, name, address, role
        self.config = config
        self.share = os.path.join(root, "share")
        os.makedirs(self.share, exist_ok=True)
        self.proc = None
        self.ipc = None
        self.restarts = 0
        self.samples = []  # (time, rss, fds) of this process instance

    def start(self):
        args = ["--bind", self.address, "--data-port", "0", "--name", self.name]
        if self.role != "secondary":
            args += ["--role", self.role]
        if self.role == "cache":
            args[3] = "7950"  # the cache's well-known port, on its own address
        self.proc = bench.Wpnd(self.binary, self.root, self.config, args)
        self.ipc = self.proc.connect()
        self.samples = []

    def call(self, method, params=None):
        return self.ipc.call(method, params)

    def kill9(self):
        self.proc.proc.kill()
        self.proc.proc.wait()
        self.proc.log.close()
        self.restarts += 1

    def stop(self):
        if self.proc:
            self.proc.stop()

    def crashed(self):
        code = self.proc.proc.poll()
        return code is not None and code not in (0, -signal.SIGKILL, -signal.SIGTERM)

    def sample(self, now):
        pid = self.proc.proc.pid
        self.samples.append((now, self.proc.proc_status("VmRSS"), fd_count(pid)))


def write_random(path, size, rng):
    data = rng.randbytes(size)
    with open(path, "wb") as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest()


class Soak:
    def __init__(self, o, work):
        self.o, self.work = o, work
        self.rng = random.Random(o.seed)
        self.sources = {}  # file name -> sha256 of its content (names are unique, never rewritten)
        self.downloads = {}  # (node, transfer id) -> file name
        self.failures = []
        self.counts = {}
        cache = Node(o.wpnd, os.path.join(work, "cache"), "cache", "127.0.0.1", "cache", {"shares": []})
        cache.start()
        self.cache = cache
        self.hubs = []
        for i in range(2):
            hub = Node(o.wpnd, os.path.join(work, f"hub{i}"), f"hub{i}", f"127.0.0.{2 + i}", "primary",
                       {"shares": [], "caches": ["127.0.0.1:7950"]})
            hub.start()
            hub.port = hub.call("network.status")["port"]
            # A restarted hub keeps its port: the secondaries' configuration names it.
            hub.config = dict(hub.config)
            self.hubs.append(hub)
        self.secondaries = []
        for i in range(o.secondaries):
            hub = self.hubs[i % 2]
            node = Node(o.wpnd, os.path.join(work, f"node{i}"), f"soak{i}", f"127.0.0.{10 + i}", "secondary", {})
            node.config = {"share_mode": "all", "shares": [node.share],
                           "hubs": [f"{hub.address}:{hub.port}"], "caches": ["127.0.0.1:7950"]}
            for n in range(3):
                self.add_file(node)
            node.start()
            self.secondaries.append(node)

    def count(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def add_file(self, node):
        name = f"soak {node.name} {len(self.sources):05d} {self.rng.choice(['alpha', 'beta', 'gamma'])}.bin"
        self.sources[name] = write_random(os.path.join(node.share, name), self.rng.randint(1, 400_000), self.rng)
        self.count("file added")

    def files_of(self, node):
        return [f for f in os.listdir(node.share) if f in self.sources]

    # ---- the schedule's actions

    def search_and_download(self):
        want, node = self.rng.sample(self.secondaries, 2)
        files = self.files_of(node)
        if not files:
            return
        name = self.rng.choice(files)
        words = name[:-4]
        sid = want.call("search", {"words": words})["id"]
        hit = None
        end = time.monotonic() + 5
        while hit is None and time.monotonic() < end:
            for row in want.call("search.results", {"id": sid})["results"]:
                if row["file"].endswith(name):
                    hit = row
            time.sleep(0.1)
        if hit is None:
            self.count("search without the file")
            return
        params = {k: hit[k] for k in ("key", "user", "handle", "file_hex")}
        try:
            tid = want.call("download", params)["id"]
        except RuntimeError:
            self.count("download refused")
            return
        self.downloads[(want.name, tid)] = name
        self.count("download started")
        if self.rng.random() < 0.15:
            try:
                want.call("transfers.cancel", {"id": tid})
                self.count("download cancelled")
            except RuntimeError:
                pass

    def rename_or_delete(self):
        node = self.rng.choice(self.secondaries)
        files = self.files_of(node)
        if not files:
            return
        name = self.rng.choice(files)
        if self.rng.random() < 0.5:
            os.remove(os.path.join(node.share, name))
            self.count("file deleted")
        else:
            new = name.replace("soak", "soak renamed", 1)
            os.rename(os.path.join(node.share, name), os.path.join(node.share, new))
            self.sources[new] = self.sources[name]
            self.count("file renamed")

    def rescan(self):
        self.rng.choice(self.secondaries).call("shares.rescan", {})
        self.count("rescan")

    def slots(self):
        self.rng.choice(self.secondaries).call("slots.set", {"upload_slots": self.rng.randint(0, 4)})
        self.count("slots changed")

    def kill_secondary(self):
        node = self.rng.choice(self.secondaries)
        node.kill9()
        node.start()
        self.count("secondary killed and restarted")

    def restart_hub(self):
        hub = self.rng.choice(self.hubs)
        hub.stop()
        hub.restarts += 1
        args_port = hub.port
        # On its old port (--data-port is a hub's listener), which its secondaries know.
        hub.proc = bench.Wpnd(hub.binary, hub.root, hub.config,
                              ["--role", "primary", "--bind", hub.address, "--data-port", str(args_port),
                               "--name", hub.name])
        hub.ipc = hub.proc.connect()
        hub.samples = []
        hub.port = hub.call("network.status")["port"]
        if hub.port != args_port:
            self.failures.append(f"{hub.name} came back on port {hub.port}, not {args_port}")
        self.count("hub restarted")

    def run(self):
        actions = [(self.search_and_download, 30), (self.add_file_somewhere, 15), (self.rename_or_delete, 10),
                   (self.rescan, 8), (self.slots, 8), (self.kill_secondary, 3), (self.restart_hub, 1)]
        total = sum(weight for _, weight in actions)
        start = time.monotonic()
        end = start + self.o.minutes * 60
        next_sample = start
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_sample:
                for node in [self.cache] + self.hubs + self.secondaries:
                    if node.crashed():
                        self.failures.append(f"{node.name} exited with {node.proc.proc.returncode}")
                        node.start()
                    node.sample(now - start)
                next_sample = now + 5
            pick = self.rng.uniform(0, total)
            for action, weight in actions:
                pick -= weight
                if pick <= 0:
                    try:
                        action()
                    except (RuntimeError, ConnectionError, OSError) as error:
                        self.count(f"{action.__name__} error: {str(error)[:60]}")
                    break
            time.sleep(self.rng.uniform(0.05, 0.5))
        return time.monotonic() - start

    def add_file_somewhere(self):
        self.add_file(self.rng.choice(self.secondaries))

    # ---- the end

    def check_downloads(self):
        finished = identical = 0
        for node in self.secondaries:
            rows = node.call("transfers.view", {"list": "downloads", "limit": 500})["rows"]
            for row in rows:
                if row["state"] != "finished":
                    continue
                name = self.downloads.get((node.name, row["id"]))
                path = os.path.join(node.root, "home", "OpenWPN Downloads", os.path.basename(row["file"].replace("\\", "/")))
                if name is None or not os.path.exists(path):
                    continue
                finished += 1
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                if digest == self.sources.get(name):
                    identical += 1
                else:
                    self.failures.append(f"{node.name}: {path} differs from its source {name}")
        return finished, identical

    def check_flat(self, duration):
        lines = []
        for node in [self.cache] + self.hubs + self.secondaries:
            samples = [s for s in node.samples if s[0] >= duration * 0.1]  # after warm-up
            if len(samples) < 8:
                continue
            quarter = len(samples) // 4
            first, last = samples[:quarter], samples[-quarter:]
            rss0 = max(s[1] for s in first)
            rss1 = max(s[1] for s in last)
            fd0 = max(s[2] for s in first)
            fd1 = max(s[2] for s in last)
            lines.append(f"  {node.name:8} rss {rss0 / 2**20:6.1f} -> {rss1 / 2**20:6.1f} MiB, fds {fd0} -> {fd1}")
            if rss1 > rss0 * 1.10 + 2 * 2**20:
                self.failures.append(f"{node.name}: resident memory grew {rss0} -> {rss1}")
            if fd1 > fd0 * 1.10 + 2:
                self.failures.append(f"{node.name}: open descriptors grew {fd0} -> {fd1}")
        return lines

    def stop(self):
        for node in [self.cache] + self.hubs + self.secondaries:
            node.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wpnd", required=True)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--secondaries", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    o = parser.parse_args()
    work = tempfile.mkdtemp(prefix="wpn_soak.")
    soak = None
    try:
        soak = Soak(o, work)
        duration = soak.run()
        time.sleep(10)  # downloads under way finish
        finished, identical = soak.check_downloads()
        flat = soak.check_flat(duration)
        print(f"soak: {duration / 60:.1f} min, seed {o.seed}, {len(soak.secondaries)} secondaries")
        for what, n in sorted(soak.counts.items()):
            print(f"  {what}: {n}")
        print(f"downloads finished {finished}, byte-identical {identical}")
        print("memory and descriptors (first quarter -> last quarter, after warm-up):")
        print("\n".join(flat) if flat else "  (run too short to compare)")
        for failure in soak.failures:
            print("FAILED:", failure)
        return 1 if soak.failures else 0
    finally:
        if soak:
            soak.stop()
        if o.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
