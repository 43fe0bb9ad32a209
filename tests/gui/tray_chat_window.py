"""The tray's chat window against a real room: the hub wpnd hosts "Lobby" and sits in it;
from the tray alone the room is listed, joined and talked in, and what the host says (with
a colour) shows in the tray's pane in that colour. A private message from the fetcher node
opens its own tab."""
import time

from gui_support import eventually, live_when, read_live, screenshot, send_action

ROOM = "Lobby"
TOPIC = "Welcome here"


def hub_heard(hub, key, kind, text):
    lines = hub.result("rooms.history", {"room": key})["lines"]
    return [line for line in lines if line["kind"] == kind and line["text"] == text]


def tray_tab(live, kind):
    return next((t for t in (live or {}).get("chat", {}).get("tabs", []) if t["kind"] == kind), None)


def chat_window(session, svc, out, x_env, check, failures):
    hub = session.hub_svc
    hosted = hub.result("rooms.host", {"name": ROOM, "port": 0, "topic": TOPIC, "limit": 10})
    key = f"127.0.0.2:{hosted['port']}"
    hub.result("rooms.join", {"room": key})
    hub_room = eventually(lambda: next((r for r in hub.result("rooms.joined")["rooms"]
                                        if r["key"] == key and r["state"] == "joined"), None), 20,
                          "the hub to sit in its own room")

    # The menu's "Chat..." opens the window; its list asks the hub (F5 again until it answers).
    send_action(out, "chat")
    deadline = time.monotonic() + 60
    listed = None
    while listed is None and time.monotonic() < deadline:
        live = live_when(out, lambda v: "chat" in v, 20, "the chat window")
        rows = live["chat"]["rooms"]["rows"]
        listed = next((r for r in rows if r[0] == ROOM), None)
        if listed is None:
            time.sleep(1)
            send_action(out, "chat-refresh")
            time.sleep(2.5)
    check(listed is not None, f"the room list never showed {ROOM!r}: {read_live(out).get('chat')}")
    if listed is None:
        return
    check(live["chat"]["rooms"]["columns"] == ["Room", "Users", "Limit", "Topic"],
          f"room list columns {live['chat']['rooms']['columns']}")
    check(listed[2] == "10" and listed[3] == TOPIC and listed[1].isdigit(), f"room row {listed}")

    # Enter on the row joins; the tab shows the topic and both users.
    send_action(out, "chat-join " + ROOM)
    # A join refused or dropped is retried with back-off (up to 30 s between tries), which a
    # loaded machine can need once; the failure names the tab's and the service's view.
    try:
        joined = live_when(out, lambda v: (tray_tab(v, "room") or {}).get("state") == "joined", 75,
                           "the tray's room tab to be joined")
    except AssertionError as e:
        raise AssertionError(f"{e}: tab {tray_tab(read_live(out) or {}, 'room')}, "
                             f"service {svc.result('rooms.joined')}") from e
    tray_room = next(r for r in svc.result("rooms.joined")["rooms"] if r["state"] == "joined")
    own = tray_room["own_name"]
    with_users = live_when(out, lambda v: {own, hub_room["own_name"]} <= {
        row[0].lstrip("@") for row in tray_tab(v, "room").get("users", {}).get("rows", [])}, 20,
        "both users in the tray's user list")
    tab = tray_tab(with_users, "room")
    check(tab["label"] == "#" + ROOM and TOPIC in tab["head"] and ROOM in tab["head"], f"room tab {tab['label']!r} "
          f"head {tab['head']!r}")
    check(tab["users"]["columns"] == ["User", "Line", "Files"], f"user columns {tab['users']['columns']}")
    check(joined["chat"]["selected"] == tab["label"], f"the joined room is not in front: {joined['chat']['selected']}")

    # A line and an action typed in the tray reach the room's host.
    send_action(out, "chat-say hello from the tray")
    said = eventually(lambda: hub_heard(hub, key, "chat", "hello from the tray"), 20, "the host to hear the tray")
    check(said[0]["name"] == own, f"the host heard {said[0]['name']!r}, the tray is {own!r}")
    send_action(out, "chat-say /me waves from the tray")
    eventually(lambda: hub_heard(hub, key, "action", "waves from the tray"), 20, "the host to see the action")
    live_when(out, lambda v: any(line["text"] == f"* {own} waves from the tray"
                                 for line in tray_tab(v, "room")["lines"]), 20, "the tray's own action in its pane")

    # The host answers in red: the tray's pane holds the line, the red part drawn red.
    hub.result("rooms.say", {"room": key, "text": "\x03\x04red reply\x03\x01 plain"})
    wanted = f"<{hub_room['own_name']}> red reply plain"
    heard = live_when(out, lambda v: any(line["text"] == wanted for line in tray_tab(v, "room")["lines"]), 20,
                      "the host's reply in the tray's pane")
    line = next(line for line in tray_tab(heard, "room")["lines"] if line["text"] == wanted)
    red = [s for s in line["spans"] if s["text"] == "red reply"]
    check(red and red[0]["colour"].upper() == "#FF0000", f"the red span is drawn as {line['spans']}")
    screenshot(session, x_env, "OpenWPN chat", "chat-window.png", failures)

    # A private message from the fetcher (a secondary on the same hub) opens its own tab.
    # The message goes to the full network name, the same name the room lists.
    target = next(u for u in hub.result("rooms.users", {"room": key})["users"] if u["name"] == own)
    full_name = svc.result("network.status")["full_name"]
    session.downloader.result("pm.send", {"user": full_name, "handle": target["handle"], "text": "psst, tray"})
    pm = live_when(out, lambda v: any(t["kind"] == "private" and any(line["text"].endswith("> psst, tray")
                                                                     for line in t["lines"])
                                      for t in v.get("chat", {}).get("tabs", [])), 30,
                   "the private message in its own tab")
    private = tray_tab(pm, "private")
    check(private["id"].startswith("fetcher"), f"private tab for {private['id']!r}")
    check("(1)" in private["label"], f"an unread private tab reads {private['label']!r}")
    screenshot(session, x_env, "OpenWPN chat", "chat-private.png", failures)

    # A room hosted from the tray (the host dialog's fields), joined at once; from the user
    # list its owner kicks, then bans for an hour, a user; the room menu sets the topic and
    # the MOTD, lifts the ban and stops hosting.
    check(not tray_tab(pm, "room")["hosted_here"], "the hub's room reads as hosted here")
    send_action(out, "chat-host Den 0 5 Ours")
    mine = eventually(lambda: next((r for r in svc.result("rooms.hosted")["rooms"] if r["name"] == "Den"), None), 20,
                      "the tray to host #Den")
    check(mine["limit"] == 5 and mine["topic"] == "Ours" and mine["port"] > 0, f"hosted from the tray: {mine}")
    den = f"127.0.0.3:{mine['port']}"

    def den_tab(v):
        return next((t for t in v.get("chat", {}).get("tabs", []) if t["label"].startswith("#Den")), None)
    live_when(out, lambda v: (den_tab(v) or {}).get("state") == "joined" and den_tab(v)["hosted_here"], 30,
              "the tray in its own room #Den, marked hosted here")

    def guest_in(state):
        return next((r for r in hub.result("rooms.joined")["rooms"] if r["key"] == den and r["state"] == state), None)
    hub.result("rooms.join", {"room": den})
    guest = eventually(lambda: guest_in("joined"), 20, "the hub to join the tray's room")["own_name"]

    def den_users(v):
        tab = den_tab(v) or {}
        return {row[0].lstrip("@") for row in tab.get("users", {}).get("rows", [])}
    live_when(out, lambda v: guest in den_users(v), 20, "the guest in the tray's user list")
    send_action(out, "chat-kick " + guest)
    kicked = eventually(lambda: guest_in("closed"), 20, "the kick from the tray to close the guest's room")
    check(kicked["last_end"] == "kicked", f"the guest's room ended with {kicked['last_end']!r}")
    live_when(out, lambda v: guest not in den_users(v), 20, "the kicked guest to leave the tray's user list")
    hub.result("rooms.join", {"room": den})
    eventually(lambda: guest_in("joined"), 20, "the guest to come back")
    live_when(out, lambda v: guest in den_users(v), 20, "the guest back in the tray's user list")
    banned_at = time.time()
    send_action(out, "chat-ban-for 3600 " + guest)
    banned = eventually(lambda: guest_in("closed"), 20, "the ban from the tray to close the guest's room")
    check(banned["last_end"] == "banned", f"the guest's room ended with {banned['last_end']!r}")
    bans = svc.result("rooms.host.bans")["bans"]
    check([b["name"] for b in bans] == [guest] and bans[0]["room"] == "Den", f"the host's bans {bans}")
    check(bans and abs(bans[0]["until"] - (banned_at + 3600)) < 30, f"a ban for an hour lasts until {bans}")
    # The room menu offers the ban's lifting.
    unban_label = f"Unban/Unban {bans[0]['user'] if bans else guest}"
    menu = live_when(out, lambda v: unban_label in v["chat"].get("room_menu", []), 20, "the ban in the room menu")
    check("Stop hosting Den" in menu["chat"]["room_menu"], f"room menu {menu['chat']['room_menu']}")

    send_action(out, "chat-topic Fresh paint")
    eventually(lambda: any(r["name"] == "Den" and r["topic"] == "Fresh paint"
                           for r in svc.result("rooms.hosted")["rooms"]), 20, "the topic set from the tray")
    live_when(out, lambda v: "Fresh paint" in (den_tab(v) or {}).get("head", ""), 20, "the new topic in the tab's head")
    send_action(out, "chat-motd Welcome to the den|Be kind")
    live_when(out, lambda v: any("Message of the day set (2 lines)" in line["text"]
                                 for line in (den_tab(v) or {}).get("lines", [])), 20, "the MOTD set from the tray")
    send_action(out, "chat-unban " + (bans[0]["user"] if bans else guest))
    eventually(lambda: not svc.result("rooms.host.bans")["bans"], 20, "the unban from the room menu")
    hub.result("rooms.leave", {"room": den})
    hub.result("rooms.join", {"room": den})
    eventually(lambda: guest_in("joined"), 20, "the unbanned guest to come back")
    # The host tells a joining member its MOTD, one line each.
    motd = eventually(lambda: (lambda texts: texts if "Be kind" in texts else None)(
        [line["text"] for line in hub.result("rooms.history", {"room": den})["lines"]]), 20, "the MOTD in the guest's room")
    check("Welcome to the den" in motd, f"the guest read {motd}")
    screenshot(session, x_env, "OpenWPN chat", "chat-hosted.png", failures)

    # Stopping hosting from the room menu closes the room for the guest.
    send_action(out, "chat-unhost")
    eventually(lambda: all(r["name"] != "Den" for r in svc.result("rooms.hosted")["rooms"]), 20,
               "the tray to stop hosting #Den")
    eventually(lambda: guest_in("joined") is None, 20, "the guest's room to end with the host")

    # Leaving the room in front ends the membership in the service and closes the tab.
    send_action(out, "chat-leave")
    eventually(lambda: all(not r["name"].startswith("Den") for r in svc.result("rooms.joined")["rooms"]), 20,
               "the service to leave the tray's room")
    left = live_when(out, lambda v: den_tab(v) is None, 20, "the room's tab to close")
    check([t["kind"] for t in left["chat"]["tabs"]] == ["room", "private"], f"tabs after leaving {left['chat']['tabs']}")
