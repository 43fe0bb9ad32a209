#!/usr/bin/env python3
"""A long run of a whole segment as real processes on loopback, driven by a seeded schedule.

One peer cache (127.0.N.1), two hubs (127.0.N.2, .3) and ten secondaries (127.0.N.10 ..
.19; N is --net, 0 by default, so two soaks can run side by side), each a wpnd on its own data directory. For --minutes (default 30) a random schedule
(--seed) does: keyword searches and downloads of another node's file (some cancelled),
file adds, renames and deletes in the shares, rescans, slot changes, bandwidth limit
changes, upload queue moves, chat lines in a room the first hub hosts, kill -9 of a
secondary and its restart, and hub restarts. Beside it, hostile peers (garbage, slow
readers, floods of connects) attack the nodes' ports (soak_side.py), and once per run a
secondary's download folder, a small tmpfs, is filled while a download runs into it.

Checked at the end, and printed:
- every finished download is byte-identical to the file it came from, and every download
  asked for and not cancelled is finished or still listed (a download is one per content:
  cancelling it under one name ends it under every name it was asked for);
- across every kill, no upload queue entry of the killed node is lost or duplicated and
  no partial download of it goes back (bytes done after the restart >= the bytes its sidecar
  recorded before; the engine records them at least every few seconds);
- every node a hostile peer attacked still answers its control socket and its port;
- the download that ran into the full disk completes byte-identical once it is freed
  (when the tmpfs cannot be mounted, that step is skipped with a printed notice);
- chat lines said in the room reach the other members;
- no process crashed (a secondary killed by the schedule is restarted, not counted);
- resident memory and open descriptors of each process that lived through the whole run
  grew by at most 10 % between the first and the last quarter (after warm-up; runs of 5
  minutes or more).
Exit status 0 when every invariant holds.

With --sanitized (a wpnd built with -DWPN_SANITIZE=ON), every AddressSanitizer, UB and leak
report of any node fails the run and is printed (soak_sanitizer.py), and resident memory is
printed but not judged (the sanitizer's allocator decides it); --slow F stretches the soak's
waits by F for such a slower build (the schedule stays the same).

Usage: soak.py --wpnd PATH [--minutes N] [--seed N] [--secondaries N] [--net N] [--keep]
               [--sanitized] [--slow F]
"""

import argparse
import hashlib
import importlib.machinery
import importlib.util
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from soak_side import (DiskFull, HostilePeers, disk_full_period, same_file, saved_partials,  # noqa: E402
                       upload_queue)
import soak_sanitizer  # noqa: E402
from soak_probes import fd_kinds, stored_queue  # noqa: E402


def load_bench_module():
    """The IPC client and process wrapper of bench_service_scale (one copy of that code)."""
    path = os.path.join(HERE, "..", "bench", "bench_service_scale")
    loader = importlib.machinery.SourceFileLoader("bench_service_scale", path)
    spec = importlib.util.spec_from_loader("bench_service_scale", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


bench = load_bench_module()


class Node:
    def __init__(self, binary, root, name, address, role, config):
        self.binary, self.root, self.name, self.address, self.role = binary, root, name, address, role
        self.config = config
        self.share = os.path.join(root, "share")
        os.makedirs(self.share, exist_ok=True)
        self.proc = None
        self.ipc = None
        self.restarts = 0
        self.kill_times = []  # seconds into the run of each kill -9
        self.samples = []  # (time, rss, fds but accepted ones, {kind: fds}) of this process instance
        self.restarting = False
        self.side = None  # (process, connection) of the hostile-peer thread's own IPC link

    def side_ipc(self, slow=1.0):
        proc = self.proc
        if self.side is None or self.side[0] is not proc:
            self.side = (proc, proc.connect(deadline=2 * slow))
        return self.side[1]

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
        self.stored_queue = stored_queue(self.root)  # what the kill left for the restart to restore

    def stop(self):
        if self.proc:
            self.proc.stop()

    def crashed(self):
        code = self.proc.proc.poll()
        return code is not None and code not in (0, -signal.SIGKILL, -signal.SIGTERM)

    def sample(self, now):
        kinds = fd_kinds(self.proc.proc.pid)
        counted = sum(kinds.values()) - kinds.get("accepted", 0)
        self.samples.append((now, self.proc.proc_status("VmRSS"), counted, kinds))


RoomPort = 47311
LinkPort = 47312  # the hubs' links, each on its own address
RoomForDiskFull = 8 * 2**20  # the tmpfs under the first secondary's partial downloads
DiskFullFile = 1_200_000  # the download that runs into it: more than is left while full
# Disruptions are spaced so that a download waiting in a queue can be served between them: a
# restart gives the node a new name suffix (a hub restart, every node on the hub), and a queue
# place does not survive a new name (filesharing.md §5.6). At most one kill per KillSpacing
# and one hub restart per HubRestartSpacing seconds.
KillSpacing = 20
FlatMinimumSeconds = 5 * 60  # shorter runs (the ctest smoke) do not judge memory and descriptors
HubRestartSpacing = 90


def write_random(path, size, rng):
    data = rng.randbytes(size)
    with open(path, "wb") as f:
        f.write(data)
    return hashlib.sha256(data).hexdigest()


class Soak:
    def __init__(self, o, work):
        self.o, self.work = o, work
        self.slow = o.slow  # the factor of every wait that decides an outcome
        binary = soak_sanitizer.wrapper(work, o.wpnd) if o.sanitized else o.wpnd
        self.rng = random.Random(o.seed)
        self.sources = {}  # file name -> sha256 of its content (names are unique, never rewritten)
        self.downloads = {}  # (node, transfer id) -> file name
        self.wanted = {}  # (node, file name) -> key of each download the schedule started
        # (node, key) of each download it cancelled: a download is one per content, so a cancel
        # under one name ends every name of it (a file renamed at its source and asked again); a
        # later request of that content counts again.
        self.cancelled = set()
        self.cancelled_names = set()  # (node, file name) of each request it cancelled, for the tally
        self.history = {}  # (node, key) -> what the schedule did with it, for a failure's message
        self.started = time.monotonic()
        self.failures = []
        self.counts = {}
        self.said = []  # (text, [(listener, its restarts then)]) of each chat line
        self.disk_full_done = self.queue_scene_done = False
        self.last_kill = self.last_hub_restart = time.monotonic()
        self.disk = DiskFull(os.path.join(work, "tmpfs"), RoomForDiskFull)
        self.room_key = f"{self.ip(2)}:{RoomPort}"  # the first hub's hosted room
        cache_address = f"{self.ip(1)}:7950"
        cache = Node(binary, os.path.join(work, "cache"), "cache", self.ip(1), "cache", {"shares": []})
        cache.start()
        self.cache = cache
        self.hubs = []
        for i in range(2):
            hub = Node(binary, os.path.join(work, f"hub{i}"), f"hub{i}", self.ip(2 + i), "primary",
                       {"shares": [], "caches": [cache_address]})
            # The two hubs link (hub-link.md), so a search reaches the other hub's users.
            hub.config["neighbours"] = [f"{self.ip(3 - i)}:{LinkPort}"]
            hub.config["link_port"] = LinkPort
            if i == 0:  # the first hub hosts the soak's chat room
                hub.config["hosted_rooms"] = [f"{RoomPort}|Soak|soak lines|50"]
            hub.start()
            hub.port = hub.call("network.status")["port"]
            # A restarted hub keeps its port: the secondaries' configuration names it.
            hub.config = dict(hub.config)
            self.hubs.append(hub)
        self.secondaries = []
        for i in range(o.secondaries):
            hub = self.hubs[i % 2]
            node = Node(binary, os.path.join(work, f"node{i}"), f"soak{i}", self.ip(10 + i), "secondary", {})
            node.config = {"share_mode": "all", "shares": [node.share],
                           "hubs": [f"{hub.address}:{hub.port}"], "caches": [cache_address]}
            node.download_dir = os.path.join(node.root, "home", "OpenWPN Downloads")
            if i == 0 and self.disk.mounted:  # the first secondary's partials are on the small tmpfs
                # (finished files go elsewhere: they would fill it before the disk-full step)
                node.config["incomplete_dir"] = os.path.join(self.disk.path, "incomplete")
                os.makedirs(node.config["incomplete_dir"], exist_ok=True)
            for n in range(3):
                self.add_file(node)
            if i == 2:  # the file the disk-full period downloads (same hub as node 0), announced from the start
                os.makedirs(os.path.join(node.share, "disk full"))
                self.disk_full_name = self.add_file(node, DiskFullFile, "disk full")
            node.start()
            self.secondaries.append(node)

    def ip(self, host):
        return f"127.0.{self.o.net}.{host}"

    def count(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def add_file(self, node, size=None, folder=""):
        name = f"soak {node.name} {len(self.sources):05d} {self.rng.choice(['alpha', 'beta', 'gamma'])}.bin"
        size = size or self.rng.randint(1, 400_000)
        self.sources[name] = write_random(os.path.join(node.share, folder, name), size, self.rng)
        self.count("file added")
        return name

    def files_of(self, node):
        return [f for f in os.listdir(node.share) if f in self.sources]

    # ---- the schedule's actions

    def find(self, want, name, seconds=5):
        sid = want.call("search", {"words": name[:-4]})["id"]
        end = time.monotonic() + seconds * self.slow
        while time.monotonic() < end:
            for row in want.call("search.results", {"id": sid})["results"]:
                if row["file"].endswith(name):
                    return row
            time.sleep(0.1)
        return None

    def search_and_download(self):
        want, node = self.rng.sample(self.secondaries, 2)
        files = self.files_of(node)
        if not files:
            return
        name = self.rng.choice(files)
        hit = self.find(want, name)
        if hit is None:
            self.count("search without the file")
            return
        params = {k: hit[k] for k in ("key", "user", "handle", "file_hex")}
        try:
            tid = want.call("download", params)["id"]
        except RuntimeError:
            self.count("download refused")
            return
        self.asked(want, name, hit["key"], tid)
        self.count("download started")
        if self.rng.random() < 0.15:
            try:
                want.call("transfers.cancel", {"id": tid})
                self.cancelled.add((want.name, hit["key"]))
                self.cancelled_names.add((want.name, name))
                self.note(want, hit["key"], f"cancelled {tid}")
                if any(w == want.name and n != name and k == hit["key"] for (w, n), k in self.wanted.items()):
                    self.count("download cancelled, asked under another name too")
                self.count("download cancelled")
            except RuntimeError:
                pass

    def asked(self, want, name, key, tid):
        self.downloads[(want.name, tid)] = name
        self.wanted[(want.name, name)] = key
        self.cancelled.discard((want.name, key))
        self.note(want, key, f"asked {name!r} as {tid}")

    def note(self, node, key, what):
        self.history.setdefault((node.name, key), []).append(f"{time.monotonic() - self.started:.0f}s {what}")

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

    def queue_scene(self):
        """One uploader with no slots gets requests from three others; its queue is moved around
        and then it is killed, so the queue invariants see a real queue in every run."""
        self.queue_scene_done = True
        uploader = self.secondaries[3]
        uploader.call("slots.set", {"upload_slots": 0})
        files = self.files_of(uploader)
        # Searches stay within a hub: the requesters share the uploader's hub.
        same_hub = [n for i, n in enumerate(self.secondaries) if i % 2 == 1 and n is not uploader]
        for want in self.rng.sample(same_hub, min(3, len(same_hub))):
            for name in self.rng.sample(files, min(2, len(files))):
                hit = self.find(want, name)
                if hit:
                    tid = want.call("download", {k: hit[k] for k in ("key", "user", "handle", "file_hex")})["id"]
                    self.asked(want, name, hit["key"], tid)
                    self.count("queue scene: download requested")
        end = time.monotonic() + 15 * self.slow
        while len(upload_queue(uploader)) < 2 and time.monotonic() < end:
            time.sleep(0.2)
        self.count(f"queue scene: {len(upload_queue(uploader))} queued")
        for _ in range(3):
            self.queue_move(uploader)
        self.kill_secondary(uploader)
        uploader.call("slots.set", {"upload_slots": 2})

    def kill_secondary(self, node=None):
        if node is None and time.monotonic() - self.last_kill < KillSpacing:
            return
        self.last_kill = time.monotonic()
        node = node or self.rng.choice(self.secondaries)
        queue = upload_queue(node)
        partial = saved_partials(node)
        node.restarting = True
        node.kill_times.append(time.monotonic() - self.started)
        node.kill9()
        node.start()
        node.restarting = False
        self.count("secondary killed and restarted")
        self.check_queue_kept(node, queue)
        # Every row: one that was complete on disk is verified and finished at the restart.
        after = {(r["file"], r["size"]): r for r in
                 node.call("transfers.view", {"list": "downloads", "limit": 500})["rows"]}
        for key, done in partial.items():
            row = after.get(key)
            if row is None and self.finished_file(node, key[0]):
                self.count("kill: partial download finished before the kill")
            elif row is None:
                self.failures.append(f"{node.name}: partial download {key} gone after a kill")
            elif row["state"] == "finished":
                self.count("kill: partial download finished at the restart")
            elif row["state"] == "failed":
                self.failures.append(f"{node.name}: partial download {key} failed after a kill: {row['error']}")
            elif row["done"] < done:
                self.failures.append(f"{node.name}: partial download {key} went back {done} -> {row['done']} bytes")
            else:
                self.count("kill: partial download kept its bytes")

    def finished_file(self, node, file):
        name = file.replace("\\", "/").rsplit("/", 1)[-1]
        return os.path.exists(os.path.join(node.download_dir, name))

    def check_queue_kept(self, node, before):
        """No upload queue entry (requester, file) is lost or duplicated across a kill -9: each one
        queued before it is in the queue store the kill left (unless its requester let it go
        meanwhile), and each stored one is in the restarted node's first look, waiting or already
        granted (the queue is restored before the node answers). One look: a requester asking
        again later would hide a loss."""
        unsaved = [key for key in before if key not in node.stored_queue and self.still_wanted(key)]
        if unsaved:
            self.failures.append(f"{node.name}: queue entries not in the store after a kill: {unsaved[:3]}")
        now = upload_queue(node, with_active=True)
        dups = [key for key in set(now) if now.count(key) > 1]
        if dups:
            self.failures.append(f"{node.name}: queue entries duplicated after a kill: {dups[:3]}")
        lost = [key for key in node.stored_queue if key not in now]
        if lost:
            self.failures.append(f"{node.name}: queue entries lost across a kill: {lost[:3]}")
        if not (unsaved or dups or lost):
            self.count(f"kill: queue of {len(before)} kept" if before else "kill: queue was empty")

    def still_wanted(self, key):
        """Whether the requester of an upload still has the download (not finished or removed)."""
        peer, file = key
        for node in self.secondaries:
            if re.sub(r"(\d{3})?_\d{5}$", "", peer) == node.name:
                if node.call("network.status").get("full_name") not in ("", peer):
                    return False  # back under another name: the hub withdraws what the old one asked
                rows = node.call("transfers.view", {"list": "downloads", "limit": 500})["rows"]
                return any(same_file(r["file"], file) and r["state"] not in ("finished", "failed") for r in rows)
        return True

    def queue_move(self, node=None):
        node = node or self.rng.choice(self.secondaries)
        rows = node.call("transfers.view", {"list": "queue", "limit": 500})["rows"]
        if len(rows) < 2:
            self.count("queue move: queue too short")
            return
        row = self.rng.choice(rows)
        position = self.rng.randint(1, len(rows))
        node.call("queue.move", {"id": row["id"], "position": position})
        ids = [r["id"] for r in node.call("transfers.view", {"list": "queue", "limit": 500})["rows"]]
        if len(ids) != len(set(ids)):
            self.failures.append(f"{node.name}: queue.move duplicated an entry: {ids}")
        self.count("queue moved")

    def limits(self):
        node = self.rng.choice(self.secondaries)
        node.call("settings.set", {"values": {"upload_limit_kib": self.rng.choice([0, 16, 64, 512]),
                                              "download_limit_kib": self.rng.choice([0, 64, 512])}})
        self.count("limits changed")
        if self.rng.random() < 0.3:
            node.call("limits.alternate", {"on": self.rng.random() < 0.5, "hours": 0})
            self.count("alternate limits switched")

    def chat(self):
        node = self.rng.choice(self.secondaries)
        rooms = {r["key"]: r for r in node.call("rooms.joined")["rooms"]}
        if self.room_key not in rooms:
            node.call("rooms.join", {"room": self.room_key})
            self.count("chat: room joined")
            return
        if rooms[self.room_key]["state"] != "joined":
            self.count("chat: not in the room yet")
            return
        text = f"soak line {len(self.said)} from {node.name}"
        node.call("rooms.say", {"room": self.room_key, "text": text})
        listeners = [(other, other.restarts) for other in self.secondaries if other is not node and
                     any(r["key"] == self.room_key and r["state"] == "joined" for r in other.call("rooms.joined")["rooms"])]
        self.said.append((text, listeners))
        self.count("chat: line said")

    def restart_hub(self):
        if time.monotonic() - self.last_hub_restart < HubRestartSpacing:
            return
        self.last_hub_restart = time.monotonic()
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

    def download_row(self, node, tid, key=None):
        """The download `tid`, or the one of file `key` (a retried download has a new id)."""
        rows = node.call("transfers.view", {"list": "downloads", "limit": 500})["rows"]
        return next((r for r in rows if r["id"] == tid), None) or next((r for r in rows if key and r["key"] == key), None)

    def check_chat(self):
        """Each line said while another member listened reached a listener still running."""
        heard = judged = 0
        histories = {}
        for text, listeners in self.said:
            alive = [node for node, restarts in listeners if node.restarts == restarts]
            if not alive:
                continue
            judged += 1
            for node in alive:
                if node.name not in histories:
                    lines = node.call("rooms.history", {"room": self.room_key})["lines"]
                    histories[node.name] = {line["text"] for line in lines}
                if text in histories[node.name]:
                    heard += 1
                    break
            else:
                self.failures.append(f"chat: {text!r} reached none of its listeners")
        return judged, heard

    def run(self):
        actions = [(self.search_and_download, 30), (self.add_file_somewhere, 15), (self.rename_or_delete, 10),
                   (self.rescan, 8), (self.slots, 8), (self.limits, 4), (self.queue_move, 6), (self.chat, 10),
                   (self.kill_secondary, 3), (self.restart_hub, 1)]
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
            if not self.disk_full_done and now - start > self.o.minutes * 60 / 3:
                try:
                    disk_full_period(self, DiskFullFile)
                except (RuntimeError, ConnectionError, OSError) as error:
                    self.failures.append(f"disk full: {error}")
            if not self.queue_scene_done and now - start > self.o.minutes * 60 / 2:
                try:
                    self.queue_scene()
                except (RuntimeError, ConnectionError, OSError) as error:
                    self.failures.append(f"queue scene: {error}")
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
        """Counts by content: ids change across restarts, a finished row does not survive one,
        and a file asked for under two names (renamed at its source) is one download. Every
        finished file must be byte-identical; every other download still listed, with its
        state and reason (tallied in `left`); none may vanish."""
        finished = 0
        left = {}
        for node in self.secondaries:
            digests = set()
            for f in os.listdir(node.download_dir) if os.path.isdir(node.download_dir) else []:
                with open(os.path.join(node.download_dir, f), "rb") as data:
                    digest = hashlib.sha256(data.read()).hexdigest()
                digests.add(digest)
                base = re.sub(r" \(\d+\)(?=\.bin$)", "", f)
                if base in self.sources and digest != self.sources[base]:
                    self.failures.append(f"{node.name}: {f} differs from its source {base}")
            rows = node.call("transfers.view", {"list": "downloads", "limit": 500})["rows"]
            by_key = {r["key"]: r for r in rows}
            for (want, name), key in self.wanted.items():
                if want != node.name:
                    continue
                if self.sources[name] in digests:
                    finished += 1
                    continue
                row = by_key.get(key)
                if row is None:
                    what = "cancelled" if (want, key) in self.cancelled else "vanished"
                    if what == "cancelled" and (want, name) not in self.cancelled_names:
                        what = "cancelled under another name"  # of the same content (renamed at its source)
                    if what == "vanished":
                        kills = [f"{t:.0f}s" for t in node.kill_times]
                        self.failures.append(f"{node.name}: download of {name!r} ({key}) vanished: "
                                             f"{self.history.get((want, key))}, kills at {kills}")
                else:
                    what = f"{row['state']} {row['wait_reason'] or row['fail_reason'] or '-'}"
                left[what] = left.get(what, 0) + 1
        if left.get("vanished"):
            self.failures.append(f"{left['vanished']} downloads vanished: no row, no finished file")
        return finished, left

    def check_flat(self, duration):
        lines = []
        if duration < FlatMinimumSeconds:
            return lines  # a few minutes are mostly warm-up: connections still opening
        for node in [self.cache] + self.hubs + self.secondaries:
            samples = [s for s in node.samples if s[0] >= duration * 0.1]  # after warm-up
            if len(samples) < 8:
                continue
            quarter = len(samples) // 4
            first, last = samples[:quarter], samples[-quarter:]
            rss0 = max(s[1] for s in first)
            rss1 = max(s[1] for s in last)
            # Descriptors by the median sample of each quarter: a flood of connects caught by one
            # sample is not growth, a leak moves the median. A server's accepted connections are
            # not counted: clients come and go with the schedule (a restarted hub's come back).
            fd0, kinds0 = sorted(((s[2], s[3]) for s in first), key=lambda p: p[0])[len(first) // 2]
            fd1, kinds1 = sorted(((s[2], s[3]) for s in last), key=lambda p: p[0])[len(last) // 2]
            lines.append(f"  {node.name:8} rss {rss0 / 2**20:6.1f} -> {rss1 / 2**20:6.1f} MiB,"
                         f" fds {fd0} -> {fd1} (medians, accepted connections not counted)")
            # A sanitizer build's resident memory follows its allocator (freed blocks sit in a
            # quarantine of up to 256 MiB), not wpnd's: printed, judged only in a normal build.
            if rss1 > rss0 * 1.10 + 2 * 2**20 and not self.o.sanitized:
                self.failures.append(f"{node.name}: resident memory grew {rss0} -> {rss1}")
            if fd1 > fd0 * 1.10 + 2:
                grown = ", ".join(f"{kind} +{n - kinds0.get(kind, 0)}" for kind, n in sorted(kinds1.items())
                                  if n > kinds0.get(kind, 0))
                self.failures.append(f"{node.name}: open descriptors grew {fd0} -> {fd1} ({grown})")
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
    parser.add_argument("--net", type=int, default=0, help="the third octet of the addresses (127.0.N.x)")
    parser.add_argument("--sanitized", action="store_true",
                        help="wpnd is a sanitizer build: collect its reports, fail on any")
    parser.add_argument("--slow", type=float, default=1.0,
                        help="factor of the soak's waits, for a slower build (e.g. 3 for a sanitizer one)")
    o = parser.parse_args()
    work = tempfile.mkdtemp(prefix="wpn_soak.")
    soak = None
    try:
        soak = Soak(o, work)
        hostile = HostilePeers(soak, o.seed)
        hostile.start()
        duration = soak.run()
        hostile.stop()
        time.sleep(10 * o.slow)  # downloads under way finish
        finished, left = soak.check_downloads()
        flat = soak.check_flat(duration)
        judged, heard = soak.check_chat()
        soak.counts.update(hostile.counts)
        soak.failures += hostile.failures
        print(f"soak: {duration / 60:.1f} min, seed {o.seed}, {len(soak.secondaries)} secondaries")
        for what, n in sorted(soak.counts.items()):
            print(f"  {what}: {n}")
        print(f"downloads finished byte-identical {finished} of {len(soak.wanted)} (node, file)"
              f" asked for ({len(soak.cancelled)} cancelled); the others now:")
        for what, n in sorted(left.items()):
            print(f"  {what}: {n}")
        print(f"chat lines with a listener {judged}, heard {heard}")
        print("memory and descriptors (first quarter -> last quarter, after warm-up):")
        print("\n".join(flat) if flat else "  (run too short to compare)")
        if o.sanitized:  # after a clean stop: leaks are reported at exit
            soak.stop()
            found = soak_sanitizer.reports(node.root for node in [soak.cache] + soak.hubs + soak.secondaries)
            print(f"sanitizer reports: {len(found)}")
            for path, text in found:
                print(f"---- {path}\n{text.rstrip()}")
                first = next((line for line in text.splitlines() if "ERROR:" in line or "runtime error" in line),
                             text.strip().splitlines()[0])
                soak.failures.append(f"sanitizer report {os.path.relpath(path, work)}: {first.strip()[:160]}")
        for failure in soak.failures:
            print("FAILED:", failure)
        return 1 if soak.failures else 0
    finally:
        if soak:
            soak.stop()
            soak.disk.unmount()
        if o.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
