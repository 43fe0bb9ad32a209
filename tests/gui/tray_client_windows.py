"""The tray's client windows (network, search, browse, downloads, bans) driven from the tray
alone against a real segment: the fetcher node shares FETCHER_FILES for the tray to find."""
import os
import re
import subprocess
import time

from gui_support import eventually, live_when, read_live, screenshot, send_action, visible_windows_named, \
    window_geometry

# What the second node shares for the tray to search, browse and download; its upload limit
# makes the download last long enough to watch the gauge and the ETA count down.
FETCHER_FILES = {"Aurora\\Aurora Nocturne.mp3": 2 * 1024 * 1024 + 333,
                 "Aurora\\Bonus\\Aurora Borealis Demo.mp3": 40000, "readme.txt": 1200}
FETCHER_LIMIT_KIB = 160


def eta_seconds(text):
    """'3 min 20 s' -> 200; '45 s' -> 45; None for anything else."""
    match = re.fullmatch(r"(?:(\d+) min )?(\d+) s", text)
    return int(match.group(1) or 0) * 60 + int(match.group(2)) if match else None


def client_windows(session, svc, out, x_env, result, check, failures):
    """The network, search, browse, download and bans windows, driven from the tray alone.
    Runs last before the restart: the import makes the node reconnect."""
    network = result.get("network", {})
    hosts = svc.result("network.hosts")["hosts"]
    net_status = svc.result("network.status")
    check(network.get("loaded"), f"the network window never loaded: {network}")
    summary = network.get("summary", "")
    check(f"Role: {net_status['role']}" in summary and f"hub {net_status['parent']}" in summary,
          f"network summary {summary!r}, service says {net_status}")
    shown_hosts = network.get("hosts", {})
    check(shown_hosts.get("count") == len(hosts), f"{shown_hosts.get('count')} hosts shown, service has {len(hosts)}")
    for row, host in zip(shown_hosts.get("rows", []), hosts):
        check(row == [host["type"], host["address"], str(host["port"])], f"host row {row} is not {host}")
    check(result.get("bans", {}).get("loaded"), f"the bans window never loaded: {result.get('bans')}")
    live_when(out, lambda v: f"Hub: {net_status['parent']}" in v.get("tooltip", ""), 20, "the hub in the tooltip")

    # Search from the tray: the fetcher's file appears, grouped, with its size and user.
    target = "Aurora Nocturne.mp3"
    size = FETCHER_FILES["Aurora\\" + target]
    # The menu's "Search..." opens a small box by the pointer (a GTK menu holds no text box);
    # the words typed there and Enter open the search window with them.
    send_action(out, "quick-search")
    box = live_when(out, lambda v: v.get("quick_search", {}).get("shown"), 20, "the quick search box")
    check(box["quick_search"]["text"] == "", f"the quick search box opens with {box['quick_search']}")
    screenshot(session, x_env, "OpenWPN quick search", "quick-search.png", failures)
    send_action(out, "quick-type aurora nocturne")
    live_when(out, lambda v: "quick_search" not in v, 20, "the quick search box to close on Enter")
    found = live_when(out, lambda v: any(r[0] == target for r in v.get("search", {}).get("rows", [])), 60,
                      "the search window to show the fetcher's file")
    search = found["search"]
    row = next(r for r in search["rows"] if r[0] == target)
    check(search["columns"][:5] == ["File", "Size", "Bitrate", "Length", "Sources"], f"search columns {search['columns']}")
    check(row[1] == "2.0 MiB" and row[4] == "1" and row[6].startswith("fetcher"), f"search row {row}")
    check(re.search(r"\d+ results? \(\d+ files? from \d+ users?\)", search["progress"]) is not None,
          f"search progress {search['progress']!r}")
    check(search["count"] == 1, f"'aurora nocturne' matches one file, the window shows {search['count']} rows")
    screenshot(session, x_env, "OpenWPN search", "search-window.png", failures)

    # Browse the user of that result: the tree holds every file they share.
    send_action(out, "browse-first")
    browsed = live_when(out, lambda v: v.get("browse", {}).get("done"), 60, "the browse window's answer")["browse"]
    check(browsed["files_total"] == len(FETCHER_FILES), f"browse shows {browsed['files_total']} files, "
          f"the fetcher shares {len(FETCHER_FILES)}: {browsed['status']!r}")
    check(browsed["folders"] >= 2 and browsed["user"].startswith("fetcher"), f"browse tree {browsed}")
    check(f"{len(FETCHER_FILES)} files" in browsed["status"], f"browse status {browsed['status']!r}")
    screenshot(session, x_env, "OpenWPN browse", "browse-window.png", failures)

    # Download it: the gauge climbs, the ETA counts down, a notification says it finished.
    notifications = read_live(out)["notifications"]
    send_action(out, "download-first")
    seen = []  # (gauge, eta seconds or None, state text) while it runs
    deadline = time.monotonic() + 90
    finished = None
    while time.monotonic() < deadline and finished is None:
        live = read_live(out) or {}
        downloads = live.get("lists", {}).get("downloads", {})
        for index, drow in enumerate(downloads.get("rows", [])):
            if drow[0] != target:
                continue
            gauge = downloads["gauges"][index]
            seen.append((gauge, eta_seconds(drow[5]), drow[8]))
            if gauge == 100 and drow[8] == "Finished":
                finished = (drow, live)
        time.sleep(0.1)
    check(finished is not None, f"the download never showed as finished at 100 %: last rows {seen[-3:]}")
    running = [g for g in seen if 0 < g[0] < 100]
    # Samples hold None for an ETA not shown yet: ordered by their text, never compared.
    check(len({g[0] for g in running}) >= 2,
          f"the gauge did not climb while downloading: {sorted(set(seen), key=repr)[:20]}")
    etas = [e for _, e, _ in running if e is not None]
    print(f"download watched: {len(seen)} samples, gauges {sorted({g[0] for g in running})}, "
          f"ETAs (s) in order {[e for i, e in enumerate(etas) if i == 0 or e != etas[i - 1]]}")
    check(len(etas) >= 2 and min(etas) < max(etas), f"no ETA counting down while downloading: {etas[:40]}")
    if finished:
        drow, live = finished
        check(drow[3] == "2.0 MiB of 2.0 MiB" and drow[7] == "1", f"finished download row {drow}")
        final = live_when(out, lambda v: v["notifications"] > notifications, 20, "the finished notification")
        check(final["notifications"] == notifications + 1, f"notifications {notifications} -> {final['notifications']}")
    folder = next(s["value"] for s in svc.result("settings.get") if s["key"] == "download_dir")
    local = os.path.join(folder, target)
    with open(os.path.join(session.fetcher_share, "Aurora", target), "rb") as original:
        check(os.path.exists(local) and open(local, "rb").read() == original.read(),
              f"the downloaded file at {local} differs from the fetcher's")
    check(size == os.path.getsize(local) if os.path.exists(local) else False, "downloaded size")
    screenshot(session, x_env, "OpenWPN transfers", "transfers-download.png", failures)
    send_action(out, "clear-finished")
    live_when(out, lambda v: v["lists"]["downloads"]["count"] == 0, 20, "'Clear finished' to empty the downloads")
    check(svc.result("transfers.view", {"list": "downloads", "offset": 0, "limit": 5})["total"] == 0,
          "the service still lists the cleared download")

    # Bans made elsewhere show in the bans window, which unbans through the service.
    svc.result("peers.ban", {"user": "villain_12345", "hours": 2})
    send_action(out, "bans")
    bans = live_when(out, lambda v: any(r[0] == "villain_12345" for r in v.get("bans", {}).get("rows", [])), 20,
                     "the ban in the bans window")["bans"]
    row = next(r for r in bans["rows"] if r[0] == "villain_12345")
    check(row[1] == "this user" and row[2] in ("in 2 h 00 min", "in 1 h 59 min"), f"ban row {row}")
    screenshot(session, x_env, "OpenWPN bans", "bans-window.png", failures)
    send_action(out, "unban-first")
    eventually(lambda: not svc.result("peers.bans")["bans"], 20, "the unban from the bans window to apply")
    live_when(out, lambda v: v.get("bans", {}).get("count") == 0, 20, "the bans window to show no ban")

    # A .wsx list imported as a drop on the network window would: the new hub joins the list.
    svc.result("settings.set", {"values": {"wsx_allow_raw_ip": True}})
    wsx = os.path.join(session.root, "Loopback Hubs.wsx")
    with open(wsx, "w", newline="") as f:
        f.write("N:Loopback\r\nP:7000\r\nT:WPN_HUB\r\nA:127.0.0.8\r\n")
    send_action(out, "import " + wsx)
    imported = live_when(out, lambda v: any(r[1] == "127.0.0.8" for r in v.get("network", {}).get("hosts", {})
                                            .get("rows", [])), 20, "the imported hub in the network window")
    check(any(h["address"] == "127.0.0.8" for h in svc.result("network.hosts")["hosts"]),
          "the service's host list lacks the imported hub")
    check(imported["network"]["hosts"]["count"] == len(hosts) + 1, f"hosts after import {imported['network']}")
    screenshot(session, x_env, "OpenWPN network", "network-window.png", failures)

    # "Connect now" on the imported hub's row: the node restarts and dials it first (nobody
    # listens there, so it falls back to the real hub); then "Remove" takes it off the list.
    send_action(out, "network-connect 127.0.0.8:7000")
    live_when(out, lambda v: "Connecting through hub 127.0.0.8:7000 now." in v["network"].get("message", ""), 20,
              "the network window to say it connects through the imported hub")
    lines = [line["text"] for line in svc.result("logs.recent", {"limit": 500})]
    check(any("connecting to hub 127.0.0.8:7000 now" in line for line in lines),
          f"the service did not log the connect-now: {lines[-5:]}")
    send_action(out, "network-remove 127.0.0.8:7000")
    removed = live_when(out, lambda v: all(r[1] != "127.0.0.8" for r in v["network"]["hosts"]["rows"]), 20,
                        "the removed hub to leave the network window")
    check(removed["network"]["message"] == "Removed hub 127.0.0.8:7000.", f"network message {removed['network']}")
    check(all(h["address"] != "127.0.0.8" for h in svc.result("network.hosts")["hosts"]),
          "the service still lists the removed hub")
    eventually(lambda: svc.result("network.status")["parent"] == net_status["parent"] and
               svc.result("status")["connected"], 60, "the node back on its hub")
    subprocess.run(["import", "-window", "root", os.path.join(session.artifacts, "all-windows.png")], env=x_env,
                   check=True)

    # Closing the windows saves their geometry; the transfers window reopens as it was.
    frame = visible_windows_named(x_env, "OpenWPN transfers")
    check(len(frame) == 1, f"transfers windows: {frame}")
    before = window_geometry(x_env, frame[0]) if frame else None
    ini = os.path.join(session.tray_env["XDG_CONFIG_HOME"], "openwpn", "wpn-tray.ini")
    send_action(out, "close-windows")
    eventually(lambda: not visible_windows_named(x_env, "OpenWPN transfers"), 20, "the windows to close")
    saved = eventually(lambda: os.path.exists(ini) and "[windows/transfers]" in open(ini).read() and open(ini).read(),
                       20, "the saved geometry")
    check("column2=" in saved.split("[windows/transfers_downloads]")[-1], f"no column widths saved: {saved}")
    chat_saved = eventually(lambda: (lambda text: text if "[windows/chat]" in text and "[windows/chat_users]" in text
                                     else None)(open(ini).read()), 20, "the chat window's geometry and columns")
    check("column3=" in chat_saved.split("[windows/chat_rooms]")[-1], f"no room list widths saved: {chat_saved}")
    send_action(out, "open-transfers")
    again = eventually(lambda: visible_windows_named(x_env, "OpenWPN transfers"), 20, "the transfers window again")
    after = window_geometry(x_env, again[0])
    check(before is not None and after[2:] == before[2:], f"transfers window {before} reopened as {after}")
