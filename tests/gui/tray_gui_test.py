#!/usr/bin/env python3
"""wpn-tray in a real X session against a real wpnd.

Starts a virtual display (Xvfb) with a system tray (trayer), a WPN segment on loopback (a
primary hub wpnd on 127.0.0.2, the tray's wpnd on 127.0.0.3 sharing real files, and a
downloader wpnd on 127.0.0.4 fetching a big file from it at a low upload limit), and
wpn-tray --self-test while that upload runs. Checks what the tray shows against what the
service itself reports over its socket, and keeps screenshots as artifacts. The hub also
hosts a chat room the tray lists, joins and talks in (tray_chat_window.py).
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from gui_support import Service, eventually, leaf, node_env, pixel, start_display, start_node, \
    visible_windows, window_geometry, write_config
from tray_chat_window import chat_window
from tray_client_windows import FETCHER_FILES, FETCHER_LIMIT_KIB, client_windows

STATE_COLOURS = {  # tray/app/icon_painter.cpp
    "offline": (128, 128, 128), "connecting": (230, 160, 20), "idle": (40, 150, 60),
    "transferring": (30, 110, 220), "paused": (90, 100, 120), "alternate": (140, 70, 190),
    "problem": (210, 40, 40)}


def expected_icon(status):
    """The icon the status calls for (the order of tray_model.cpp's icon_state)."""
    codes = [p.get("code") for p in status.get("problems", [])]
    if any(code != "not_connected" for code in codes):
        return "problem"
    if not status.get("connected"):
        return "connecting"
    if status.get("sharing_paused"):
        return "paused"
    if status.get("alternate_limits"):
        return "alternate"
    if status.get("uploads_active", 0) + status.get("downloads_active", 0) > 0 or \
            status.get("upload_bps", 0) + status.get("download_bps", 0) > 0:
        return "transferring"
    return "idle"


UPLOAD_NAME = "Glacier Overture (Long Mix).mp3"  # unique words for the downloader's search
UPLOAD_BYTES = 32 * 1024 * 1024
UPLOAD_LIMIT_KIB = 256  # the upload lasts about two minutes: well past every check on it


def start_hub(session):
    """A primary hub on 127.0.0.2 for the tray's wpnd and the downloader to log in to."""
    hub = start_node(session, "hub", {"shares": []}, ["--role", "primary", "--bind", "127.0.0.2", "--data-port", "0"])
    port = hub.result("network.status")["port"]
    assert port > 0, "the hub reports no port"
    session.hub_svc = hub  # it hosts the chat room too
    return f"127.0.0.2:{port}"


def make_transfers(session, svc):
    """A second node (127.0.0.4) finds the big file over the hub and downloads it from this
    wpnd; returns once this wpnd reports the upload running with bytes sent."""
    fetcher_share = os.path.join(session.root, "fetcher-share")
    for name, size in FETCHER_FILES.items():
        path = os.path.join(fetcher_share, *name.split("\\"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(os.urandom(size))
    session.fetcher_share = fetcher_share
    downloader = start_node(session, "downloader", {"share_mode": "all", "shares": [fetcher_share],
                                                    "hubs": [session.hub], "upload_limit_kib": FETCHER_LIMIT_KIB},
                            ["--bind", "127.0.0.4", "--data-port", "0", "--name", "fetcher"])
    eventually(lambda: (lambda st: st["connected"] and st["files_shared"] > 0)(svc.result("status")), 30,
               "this wpnd to log in to the hub with its files")
    eventually(lambda: (lambda st: st["connected"] and st["files_shared"] >= len(FETCHER_FILES))(
        downloader.result("status")), 60, "the downloader to log in to the hub with its files")

    def find():
        search = downloader.result("search", {"words": "glacier overture"})
        for _ in range(20):
            time.sleep(0.05)
            rows = downloader.result("search.results", {"id": search["id"]}).get("results", [])
            hits = [r for r in rows if leaf(r["file"]) == UPLOAD_NAME]
            if hits:
                return hits[0]
        return None
    hit = eventually(find, 30, "the downloader to find the shared file")
    downloader.result("download", {key: hit[key] for key in ("key", "user", "handle", "file_hex")})

    def uploading():
        rows = svc.result("transfers.view", {"list": "uploads", "offset": 0, "limit": 20})["rows"]
        return [r for r in rows if leaf(r["file"]) == UPLOAD_NAME and r["done"] * 100 >= r["size"]]
    session.upload = eventually(uploading, 30, "the upload to send its first percent")[0]
    session.downloader = downloader


class Session:
    def __init__(self, args):
        self.args = args
        self.procs = []
        self.root = tempfile.mkdtemp(prefix="wpn-tray-gui-")
        self.artifacts = args.artifacts
        self.hub = None  # "127.0.0.2:PORT" once the hub runs
        self.hub_svc = None
        self.upload = None  # the upload make_transfers started, as transfers.view showed it
        self.downloader = None
        self.fetcher_share = None
        self.tray_env = None
        os.makedirs(self.artifacts, exist_ok=True)

    def spawn(self, argv, env, name):
        log = open(os.path.join(self.artifacts, name + ".log"), "w")
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def close(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tray", required=True)
    parser.add_argument("--wpnd", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    for tool in ("Xvfb", "trayer", "xdotool", "import", "convert"):
        if shutil.which(tool) is None:
            print(f"missing {tool}: apt-get install xvfb trayer xdotool imagemagick")
            return 77  # skipped
    session = Session(args)
    try:
        return run(session)
    finally:
        session.close()


def run(session):
    root = session.root
    env = node_env(root)
    runtime = env["XDG_RUNTIME_DIR"]
    share = os.path.join(env["HOME"], "Music")
    os.makedirs(share)
    names = ["Artist - First.mp3", "Artist - Second.mp3", "Zoë - Drittes Lied.mp3", "notes.txt"]
    for i, name in enumerate(names):
        with open(os.path.join(share, name), "wb") as f:
            f.write(os.urandom(20000 + 1000 * i))
    with open(os.path.join(share, UPLOAD_NAME), "wb") as f:
        f.write(os.urandom(UPLOAD_BYTES))
    names.append(UPLOAD_NAME)
    session.hub = start_hub(session)
    write_config(env, {"share_mode": "all", "shares": [share], "name": "guitest", "upload_slots": 3,
                       "hubs": [session.hub], "upload_limit_kib": UPLOAD_LIMIT_KIB})

    x_env = start_display(session, env)
    session.tray_env = x_env

    wpnd_args = [session.args.wpnd, "--bind", "127.0.0.3", "--data-port", "0"]
    wpnd = session.spawn(wpnd_args, env, "wpnd")
    sock_path = os.path.join(runtime, "openwpn", "wpnd.sock")

    def service():
        try:
            return Service(sock_path)
        except OSError:
            assert wpnd.poll() is None, "wpnd exited"
            return None
    svc = eventually(service, 30, "wpnd's socket")
    eventually(lambda: svc.result("status")["files_hashed"] >= len(names), 60, "the shared files to be hashed")

    make_transfers(session, svc)
    out = os.path.join(session.artifacts, "self-test.json")
    if os.path.exists(out):
        os.remove(out)
    tray = session.spawn([session.args.tray, "--runtime-dir", os.path.join(runtime, "openwpn"), "--self-test", out],
                         x_env, "wpn-tray")
    eventually(lambda: os.path.exists(out) or tray.poll() is not None, 90, "the tray's self-test result")
    assert tray.poll() is None, "wpn-tray exited early"
    with open(out) as f:
        result = json.load(f)

    # What the service says now, to compare with what the tray shows.
    status = svc.result("status")
    roots = svc.result("shares.list")
    settings = svc.result("settings.get")
    totals, pages = {}, {}
    for name in ("uploads", "downloads", "queue"):
        reply = svc.call("transfers.view", {"list": name, "offset": 0, "limit": 20})
        ok = reply.get("status") == "ok"
        totals[name] = reply["result"]["total"] if ok else None
        pages[name] = reply["result"]["rows"] if ok else []

    failures = []

    def check(condition, text):
        if not condition:
            failures.append(text)

    check(result["ready"], "the tray never had the service's state")
    check(result["link"] == "up", "the tray is not connected")
    check(result["icon"]["installed"], "the icon is not docked in the tray")
    check(result["icon"]["state"] == expected_icon(status),
          f"icon {result['icon']['state']} but the status calls for {expected_icon(status)}")
    tooltip = result["icon"]["tooltip"]
    check(f"Upload slots: {status['uploads_active']} of {status['upload_slots']} in use, queue: "
          f"{status['queue_length']}" in tooltip, "tooltip: " + tooltip)
    labels = [item["label"] for item in result["menu"]]
    for wanted in ("Pause sharing", "Alternate limits/For 2 hours", "Rescan shares", "Open transfers\u2026",
                   "Search\u2026", "Open network\u2026", "Chat\u2026",
                   "Open shares\u2026", "Settings\u2026", "Stop the service", "Quit tray",
                   f"Upload slots + (now {status['upload_slots']})"):
        check(wanted in labels or wanted.replace("Pause", "Resume") in labels, f"menu lacks {wanted!r}: {labels}")

    tabs = result["transfers"]["tabs"]
    check([t["label"] for t in tabs] == ["Uploads", "Downloads", "Queue"], f"tabs: {[t['label'] for t in tabs]}")
    for tab, name in zip(tabs, ("uploads", "downloads", "queue")):
        expected = totals[name] if totals[name] is not None else 0
        check(tab["count"] == expected, f"{name}: {tab['count']} rows shown, service reports {expected}")
    for tab, name in zip(tabs, ("uploads", "downloads", "queue")):
        for row, transfer in zip(tab["rows"], pages[name]):
            file_column = 1 if name == "queue" else 0
            check(row[file_column] == leaf(transfer["file"]), f"{name} row {row} is not {transfer['file']!r}")
            check(row[file_column + 1] == transfer["peer"], f"{name} row {row} is not from {transfer['peer']!r}")
            if name == "queue":
                check(row[0] == str(transfer["position"]), f"queue row {row} is not at {transfer['position']}")
    if totals["uploads"] is None:
        check("does not report transfers" in result["transfers"]["summary"], result["transfers"]["summary"])
    check(tabs[2]["columns"][-1] == "Waiting because", f"queue columns {tabs[2]['columns']}")

    # The running upload: one row with its peer, a percent between what the service reported
    # before and after the tray looked, and the state; the icon and tooltip say a slot is busy.
    before = session.upload
    after = next((t for t in pages["uploads"] if leaf(t["file"]) == UPLOAD_NAME), None)
    check(after is not None and after["state"] == "transferring" and after["done"] < after["size"],
          f"the upload is no longer running when the tray is checked: {after}")
    shown = [row for row in tabs[0]["rows"] if row[0] == UPLOAD_NAME]
    check(len(shown) == 1, f"the Uploads tab has no row for {UPLOAD_NAME!r}: {tabs[0]['rows']}")
    if shown and after is not None:
        row = shown[0]
        check(row[1] == before["peer"] and row[1].startswith("fetcher"), f"upload row peer {row[1]!r}")
        percent = re.fullmatch(r"(\d+) %", row[2])
        low, high = (t["done"] * 100 // t["size"] for t in (before, after))
        check(percent is not None and 1 <= low <= int(percent.group(1)) <= high,
              f"upload progress {row[2]!r}, the service went from {low} % to {high} %")
        # The progress column is drawn by a gauge renderer fed the same percent.
        gauge = tabs[0]["gauges"][tabs[0]["rows"].index(row)]
        check(tabs[0]["renderers"][2] == "gauge" and percent is not None and gauge == int(percent.group(1)),
              f"upload gauge {gauge} ({tabs[0]['renderers']}) for {row[2]!r}")
        drawn = tabs[0]["gauge_texts"][tabs[0]["rows"].index(row)]
        check(drawn == row[2], f"the gauge is labelled {drawn!r}, the row reads {row[2]!r}")
        check(re.fullmatch(r"\S+ \S+ of 32\.0 MiB", row[3]) is not None, f"upload row bytes {row[3]!r}")
        check(row[6] == "Transferring", f"upload row state {row[6]!r}")
    check(result["icon"]["state"] == "transferring", f"icon {result['icon']['state']} during an upload")
    busy = re.search(r"Upload slots: (\d+) of (\d+) in use", tooltip)
    check(busy is not None and busy.group(1) == "1" and busy.group(2) == str(status["upload_slots"]),
          "tooltip does not show 1 busy slot: " + tooltip)
    speed = re.search(r"\bUp (\S+ \S+), down", tooltip)
    check(speed is not None and not speed.group(1).startswith("0 "), "tooltip upload speed: " + tooltip)

    shares = result["shares"]
    check(shares["count"] == len(roots), f"{shares['count']} share rows, service reports {len(roots)}")
    for row, share_root in zip(shares["rows"], roots):
        check(row[0] == share_root["path"], f"share row {row[0]!r} != {share_root['path']!r}")
        check(row[2] == f"{share_root['files']} ({share_root['files_hashed']})", f"share files {row[2]!r}")
        check(row[4].startswith(share_root["watch"]), f"watch {row[4]!r} != {share_root['watch']!r}")
    check(result["settings"]["rows"] == len(settings), f"{result['settings']['rows']} settings, {len(settings)} known")
    check(result["settings"]["unchanged_on_open"], "the settings dialog changes values just by opening")
    first_run = result["first_run_values"]["values"]
    check(first_run == {"name": "guitest", "shares": [share], "upload_slots": 3},
          f"first-run setup would send {first_run}")
    first_host = result.get("first_run_host")
    check(first_host == {"type": "hub", "address": "127.0.0.9:7000"},
          f"first-run setup would add the host {first_host}")

    # Screenshots: the windows, then the opened menu; the icon's colour says its state.
    windows_png = os.path.join(session.artifacts, "tray-windows.png")
    subprocess.run(["import", "-window", "root", windows_png], env=x_env, check=True)
    frames = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^OpenWPN transfers"], env=x_env,
                            capture_output=True, text=True).stdout.split()
    if frames:  # the transfers window alone, with the upload row
        subprocess.run(["import", "-window", frames[0], os.path.join(session.artifacts, "transfers-window.png")],
                       env=x_env, check=True)
    else:
        failures.append("no transfers window found for the screenshot")
    icons = [w for w in visible_windows(x_env, "wpn-tray") if window_geometry(x_env, w)[3] <= 64]
    if icons:
        x, y, w, h = window_geometry(x_env, icons[0])
        # Inside the disc above the glyph (icon_painter.cpp draws glyphs below 0.27 of the size).
        side = min(w, h)
        colour = pixel(windows_png, x + w // 2, y + (h - side) // 2 + side * 18 // 100)
        want = STATE_COLOURS[result["icon"]["state"]]
        check(all(abs(a - b) <= 40 for a, b in zip(colour, want)), f"icon pixel {colour}, state colour {want}")
        before = set(visible_windows(x_env, "wpn-tray"))
        subprocess.run(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "3"], env=x_env, check=True)
        opened = eventually(lambda: set(visible_windows(x_env, "wpn-tray")) - before, 10, "the tray menu")
        mx, my, mw, mh = window_geometry(x_env, sorted(opened)[0])
        check(mh > 8 * 20, f"the menu is only {mh} px high")
        subprocess.run(["import", "-window", "root", os.path.join(session.artifacts, "tray-menu.png")],
                       env=x_env, check=True)
        subprocess.run(["xdotool", "key", "Escape"], env=x_env)
    else:
        failures.append("no tray icon window found")

    # A quick action from the menu reaches the service.
    slots_before = status["upload_slots"]
    with open(out + ".action.part", "w") as f:
        f.write("slots+\n")
    os.rename(out + ".action.part", out + ".action")  # never seen half written
    eventually(lambda: svc.result("status")["upload_slots"] == slots_before + 1, 20, "'Upload slots +' to apply")

    chat_window(session, svc, out, x_env, check, failures)
    client_windows(session, svc, out, x_env, result, check, failures)

    # A service restart: the tray reconnects quietly (never "offline", no notification).
    live_path = out + ".live"

    def live():
        try:
            with open(live_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None
    first = eventually(lambda: (lambda v: v if v and v["link"] == "up" else None)(live()), 20, "the live state")
    svc.sock.close()
    wpnd.send_signal(signal.SIGTERM)
    wpnd.wait(30)
    eventually(lambda: (live() or {}).get("link") == "down", 20, "the tray to notice the stop")
    wpnd = session.spawn(wpnd_args, env, "wpnd-restarted")
    back = eventually(lambda: (lambda v: v if v and v["link"] == "up" and v["instance"] != first["instance"]
                                else None)(live()), 30, "the tray to reconnect to the new instance")
    check("offline" not in back["states_seen"], f"the icon went offline during a restart: {back['states_seen']}")
    check(back["notifications"] == first["notifications"], "notifications were shown during the restart")
    svc = eventually(service, 30, "wpnd's socket after the restart")
    check(back["icon"] in ("connecting", expected_icon(svc.result("status"))), f"icon after restart {back['icon']}")

    # One tray per user and service: a second start exits at once.
    second = subprocess.run([session.args.tray, "--runtime-dir", os.path.join(runtime, "openwpn")], env=x_env,
                            capture_output=True, text=True, timeout=30)
    check(second.returncode != 0 and "already running" in second.stderr, f"second tray: {second}")

    # No service at all: the icon says offline and the menu offers to start it.
    lonely = os.path.join(root, "run-empty")
    os.makedirs(lonely, mode=0o700)
    offline_out = os.path.join(session.artifacts, "self-test-offline.json")
    session.spawn([session.args.tray, "--runtime-dir", lonely, "--self-test", offline_out], x_env, "wpn-tray-offline")
    eventually(lambda: os.path.exists(offline_out), 30, "the offline self-test result")
    with open(offline_out) as f:
        offline = json.load(f)
    check(offline["icon"]["state"] == "offline", f"without a service the icon is {offline['icon']['state']}")
    offline_labels = [item["label"] for item in offline["menu"]]
    check("Start the service" in offline_labels, f"offline menu: {offline_labels}")
    check(offline["icon"]["tooltip"] == "OpenWPN: the service is not running", offline["icon"]["tooltip"])

    for name in sorted(os.listdir(session.artifacts)):
        if name.startswith("wpn-tray") and name.endswith(".log"):
            with open(os.path.join(session.artifacts, name), errors="replace") as f:
                text = f.read()
            check("Sanitizer" not in text and "runtime error" not in text, f"{name} reports a sanitizer error")
            criticals = [line for line in text.splitlines() if "Gtk-CRITICAL" in line or "Gtk-WARNING" in line]
            check(not criticals, f"{name} has GTK complaints: {criticals[:3]}")

    for failure in failures:
        print("FAIL:", failure)
    print(json.dumps(result, indent=1, ensure_ascii=False)[:4000])
    print("artifacts in", session.artifacts)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
