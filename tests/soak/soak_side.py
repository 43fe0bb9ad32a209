"""What the soak runs beside its schedule: hostile peers and a disk-full period; queue helpers.

HostilePeers is a thread that, every few seconds, picks one of three attacks on a node's
TCP port (garbage bytes, a slow reader that sends a request and never reads, a flood of
connects) and afterwards checks that the node still answers its control socket and still
accepts a connection on that port: the others keep being served.

DiskFull mounts a small tmpfs as one secondary's incomplete folder; the schedule starts a
download into it, fills it, frees it, and checks that the download completes by itself,
under its id, byte-identical afterwards.
"""

import hashlib
import os
import random
import socket
import struct
import subprocess
import threading
import time


class HostilePeers(threading.Thread):
    def __init__(self, soak, seed):
        super().__init__(daemon=True)
        self.soak = soak
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.slow = []  # sockets held open without reading
        self.counts = {}
        self.failures = []
        self.lock = threading.Lock()

    def count(self, what):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def target(self):
        """A hub (its listener) or a secondary (its data port): (node, address, port)."""
        node = self.rng.choice(self.soak.hubs + self.soak.secondaries)
        try:
            port = node.side_ipc(self.soak.slow).call("network.status")["port"]
        except (RuntimeError, ConnectionError, OSError):
            return None  # restarting under the schedule
        return (node, node.address, port) if port else None

    def garbage(self, address, port):
        with socket.create_connection((address, port), timeout=2) as s:
            for _ in range(self.rng.randint(1, 5)):
                s.sendall(self.rng.randbytes(self.rng.randint(1, 4096)))
        self.count("hostile: garbage sent")

    def slow_reader(self, address, port):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        s.settimeout(2)
        s.connect((address, port))
        s.sendall(b"GET")  # a data port's request start; the rest never comes, nothing is read
        self.slow.append(s)
        while len(self.slow) > 2:  # a few at a time: each is a descriptor at its target
            self.slow.pop(0).close()
        self.count("hostile: slow reader held")

    def flood(self, address, port):
        opened = []
        try:
            for _ in range(200):
                try:
                    opened.append(socket.create_connection((address, port), timeout=1))
                except OSError:
                    self.count("hostile: flood connect refused")
                    break
        finally:
            for s in opened:
                s.close()
        self.count("hostile: flood of connects")

    def still_served(self, node, address, port):
        end = time.monotonic() + 10 * self.soak.slow
        while True:
            try:
                start = time.monotonic()
                node.side_ipc(self.soak.slow).call("status")
                with socket.create_connection((address, port), timeout=2):
                    pass
                self.count("hostile: target still served")
                return time.monotonic() - start
            except (RuntimeError, ConnectionError, OSError) as error:
                if node.restarting or self.stopping.is_set():
                    return None
                if time.monotonic() > end:
                    self.failures.append(f"{node.name} not served after a hostile peer: {error}")
                    return None
                time.sleep(0.2)

    def run(self):
        while not self.stopping.wait(self.rng.uniform(1.0, 4.0)):
            picked = self.target()
            if picked is None:
                continue
            node, address, port = picked
            attack = self.rng.choice([self.garbage, self.slow_reader, self.flood])
            try:
                attack(address, port)
            except OSError:
                self.count(f"hostile: {attack.__name__} could not connect")
            self.still_served(node, address, port)

    def stop(self):
        self.stopping.set()
        self.join(10)
        for s in self.slow:
            s.close()


class DiskFull:
    """A tmpfs of `size` bytes mounted at `path`; `mounted` is False when mounting failed."""

    def __init__(self, path, size):
        self.path, self.size = path, size
        os.makedirs(path, exist_ok=True)
        run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path],
                             capture_output=True, text=True)
        self.mounted = run.returncode == 0
        self.error = run.stderr.strip()
        self.filler = os.path.join(path, "filler")

    def fill(self):
        """Writes until the file system refuses (ENOSPC); returns the bytes written."""
        written = 0
        try:
            with open(self.filler, "ab", buffering=0) as f:
                while True:
                    written += f.write(b"\0" * 4096)
        except OSError:
            pass
        return written

    def free(self):
        if os.path.exists(self.filler):
            os.remove(self.filler)

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", "-l", self.path], capture_output=True)


def disk_full_period(soak, full_file):
    """The soak's first secondary downloads into its tmpfs while it is full, then it is freed."""
    soak.disk_full_done = True
    if not soak.disk.mounted:
        print(f"NOTICE: disk-full step skipped: mounting a tmpfs failed ({soak.disk.error})", flush=True)
        soak.count("disk-full step skipped (no tmpfs)")
        return
    want, source = soak.secondaries[0], soak.secondaries[2]  # both on the first hub
    # The source serves at once and at full speed meanwhile: the schedule may have throttled it,
    # its slots may all be held by slow uploads, and the one slot per user by a grant to a
    # download `want` cancelled (no packet withdraws a request; the grant waits out the
    # unused-slot timeout, 120 s).
    source.call("slots.set", {"upload_slots": 50})
    source.call("settings.set", {"values": {"slots_per_user": 10}})
    source.call("limits.alternate", {"on": False, "hours": 0})
    source.call("settings.set", {"values": {"upload_limit_kib": 0, "download_limit_kib": 0}})
    # Slow, so the disk fills while the download runs (its partial and record already written);
    # it starts at once, whatever else the node downloads. Alternate limits, which the schedule
    # may have switched on, would replace the 64 KiB/s.
    want.call("limits.alternate", {"on": False, "hours": 0})
    want.call("settings.set", {"values": {"upload_limit_kib": 0, "download_limit_kib": 64, "max_downloads": 100}})
    name = soak.disk_full_name
    hit = None
    end = time.monotonic() + 30 * soak.slow
    while hit is None and time.monotonic() < end:
        hit = soak.find(want, name, 3)
    if hit is None:
        soak.failures.append(f"disk full: {name} never found by {want.name}")
        return
    tid = want.call("download", {k: hit[k] for k in ("key", "user", "handle", "file_hex")})["id"]
    soak.downloads[(want.name, tid)] = name
    end = time.monotonic() + 20 * soak.slow
    while ((soak.download_row(want, tid) or {}).get("done", 0) < 100_000) and time.monotonic() < end:
        time.sleep(0.1)
    before = (soak.download_row(want, tid) or {}).get("done", 0)
    filled = soak.disk.fill()
    if before >= full_file:
        soak.failures.append("disk full: the download finished before the disk was filled (nothing tested)")
    else:
        soak.count("disk full: the disk filled while a download ran")
    time.sleep(8)  # the full period; what is observed decides nothing
    row = soak.download_row(want, tid)
    print(f"disk full: {filled} bytes of filler at {before} bytes done; meanwhile: {row and row['state']}"
          f" {row and row['done']}/{full_file} {row and row['fail_reason']} {row and row['error']!r}", flush=True)
    soak.disk.free()
    want.call("settings.set", {"values": {"download_limit_kib": 0}})
    # A download stopped by the full disk tries again by itself (after 15 s, then longer).
    end = time.monotonic() + 45 * soak.slow
    key = hit["key"]
    while True:
        row = soak.download_row(want, tid, key)
        if row and row["state"] == "finished":
            break
        if time.monotonic() > end:
            soak.failures.append(f"disk full: the download did not complete after the disk was freed: {row}")
            break
        time.sleep(0.2)
    want.call("settings.set", {"values": {"max_downloads": 5}})
    source.call("slots.set", {"upload_slots": 4})
    source.call("settings.set", {"values": {"slots_per_user": 1}})
    if row is None or row["state"] != "finished":
        return
    if row["id"] != tid:
        soak.failures.append(f"disk full: the download came back as {row['id']}, not {tid}")
    path = os.path.join(want.download_dir, os.path.basename(row["file"].replace("\\", "/")))
    with open(path, "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() == soak.sources[name]:
            soak.count("disk full: download completed byte-identical after the disk was freed")
        else:
            soak.failures.append(f"disk full: {path} differs from its source")


def same_file(a, b):
    return a.replace("\\", "/").rsplit("/", 1)[-1] == b.replace("\\", "/").rsplit("/", 1)[-1]


def upload_queue(node, with_active=False):
    """(requester, file) of each queued upload (and each running one, with_active)."""
    rows = node.call("transfers.view", {"list": "queue", "limit": 500})["rows"]
    if with_active:
        rows += node.call("transfers.view", {"list": "uploads", "limit": 500})["rows"]
    keys = [(r["peer"], r["file"].replace("\\", "/").rsplit("/", 1)[-1]) for r in rows]
    if with_active:  # an entry both queued and listed among the uploads is one entry
        seen = {}
        for r, key in zip(rows, keys):
            seen.setdefault(key, set()).add(r["id"])
        return [key for key, ids in seen.items() for _ in ids]
    return keys


def saved_partials(node):
    """{(file, size): bytes the sidecar records} of each partial download on disk: what a kill
    -9 must not lose (bytes received since the last checkpoint may be)."""
    folder = node.config.get("incomplete_dir") or os.path.join(node.root, "data", "openwpn", "incomplete")
    found = {}
    for entry in os.listdir(folder) if os.path.isdir(folder) else []:
        if not entry.endswith(".meta"):
            continue
        try:
            with open(os.path.join(folder, entry), "rb") as f:
                data = f.read()
            found.update([sidecar_bytes(data)])
        except (OSError, ValueError, struct.error):
            pass  # written meanwhile, or damaged: the engine judges it at the restart
    return found


def sidecar_bytes(data):
    """((name, size), received bytes) of a partial_meta.h sidecar, version 1."""
    if data[:4] != b"WPNP" or struct.unpack_from("<H", data, 4)[0] != 1:
        raise ValueError("not a version 1 sidecar")
    size = struct.unpack_from("<Q", data, 26)[0]
    at = 44
    length = struct.unpack_from("<H", data, at)[0]
    name = data[at + 2:at + 2 + length].decode("latin-1")
    at += 2 + length
    sources = struct.unpack_from("<H", data, at)[0]
    at += 2
    for _ in range(sources):
        at += 6
        at += 1 + data[at]
        at += 2 + struct.unpack_from("<H", data, at)[0]
    ranges = struct.unpack_from("<I", data, at)[0]
    received = sum(end - start for start, end in
                   (struct.unpack_from("<QQ", data, at + 4 + 16 * i) for i in range(ranges)))
    return (name, size), received
