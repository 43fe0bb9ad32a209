"""What the soak reads of a node from outside it: its open descriptors by kind (/proc) and the
upload queue store a kill -9 left (SQLite, read while the node is down)."""

import os
import sqlite3

TcpStates = {"01": "established", "06": "time_wait", "08": "close_wait", "0A": "listen"}


def tcp_sockets(pid):
    """{socket inode: (local port, state)} of the TCP sockets in the process's network namespace."""
    found = {}
    try:
        with open(f"/proc/{pid}/net/tcp") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                found[fields[9]] = (fields[1].split(":")[1], TcpStates.get(fields[3], fields[3]))
    except (OSError, IndexError):
        pass
    return found


def fd_kinds(pid):
    """{kind: count} of a process's open descriptors, so a kind that grows names the leak: a TCP
    socket by its state ("accepted" for an established connection on one of its own listening
    ports: a server's clients, whose number follows the schedule), a unix socket, pipe or
    anon_inode, or for a file the folder it is in ("incomplete" for partial downloads)."""
    kinds = {}
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return kinds
    targets = []
    for fd in fds:
        try:
            targets.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            continue  # closed meanwhile
    tcp = tcp_sockets(pid)
    inodes = [t[8:-1] for t in targets if t.startswith("socket:[")]
    listening = {tcp[i][0] for i in inodes if i in tcp and tcp[i][1] == "listen"}
    for target in targets:
        if target.startswith("/"):
            kind = os.path.basename(os.path.dirname(target))
        elif target.startswith("socket:[") and target[8:-1] in tcp:
            port, state = tcp[target[8:-1]]
            kind = "accepted" if state == "established" and port in listening else f"tcp {state}"
        else:
            kind = target.split(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def stored_queue(root):
    """(requester, file) of each entry in a node's upload queue store (queue_store.h), read while
    the node is down: what its restart has to restore."""
    path = os.path.join(root, "data", "openwpn", "queue.sqlite")
    if not os.path.exists(path):
        return []
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT name, file FROM upload_queue ORDER BY sequence").fetchall()
    except sqlite3.OperationalError:  # never saved
        rows = []
    finally:
        db.close()
    return [(bytes(name).decode("latin-1"), bytes(file).decode("latin-1").replace("\\", "/").rsplit("/", 1)[-1])
            for name, file in rows]
