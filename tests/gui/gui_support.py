"""Helpers of the GUI tests: waiting on conditions, a minimal IPC client, private wpnd nodes,
the virtual display with a tray host, and the tray's self-test files (live state, actions)."""
import json
import os
import socket
import struct
import subprocess
import time


def eventually(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


class Service:
    """A minimal IPC client: u32 little-endian length + one JSON object per frame."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.next_id = 0
        self.call("hello", {"protocol": 1, "client": "tray-gui-test", "capabilities": []})

    def _read_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("wpnd closed the connection")
            data += chunk
        return data

    def call(self, method, params=None):
        request = {"id": self.next_id, "method": method, "params": params or {}}
        self.next_id += 1
        payload = json.dumps(request).encode()
        self.sock.sendall(struct.pack("<I", len(payload)) + payload)
        while True:
            (length,) = struct.unpack("<I", self._read_exact(4))
            message = json.loads(self._read_exact(length))
            if message.get("id") == request["id"]:
                return message

    def result(self, method, params=None):
        reply = self.call(method, params)
        if reply.get("status") != "ok":
            raise AssertionError(f"{method}: {reply}")
        return reply["result"]


def node_env(root):
    """A private XDG world for one wpnd under `root` (HOME, config, data, runtime)."""
    runtime = os.path.join(root, "run")
    os.makedirs(os.path.join(root, "home"), exist_ok=True)
    os.makedirs(runtime, mode=0o700, exist_ok=True)
    os.makedirs(os.path.join(root, "config", "openwpn"), exist_ok=True)
    env = {"HOME": os.path.join(root, "home"), "XDG_CONFIG_HOME": os.path.join(root, "config"),
           "XDG_DATA_HOME": os.path.join(root, "data"), "XDG_RUNTIME_DIR": runtime,
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def write_config(env, config):
    with open(os.path.join(env["XDG_CONFIG_HOME"], "openwpn", "wpnd.json"), "w") as f:
        json.dump(config, f)


def start_node(session, name, config, args):
    """A second or third wpnd on its own directories; its client once it answers."""
    env = node_env(os.path.join(session.root, name))
    write_config(env, config)
    runtime = os.path.join(env["XDG_RUNTIME_DIR"], "openwpn")
    proc = session.spawn([session.args.wpnd, "--runtime-dir", runtime] + args, env, "wpnd-" + name)

    def connect():
        try:
            return Service(os.path.join(runtime, "wpnd.sock"))
        except OSError:
            assert proc.poll() is None, f"wpnd {name} exited (see wpnd-{name}.log)"
            return None
    return eventually(connect, 30, f"wpnd {name}'s socket")


def leaf(name):
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def pixel(png, x, y):
    text = subprocess.run(["convert", png, "-format", f"%[fx:int(255*p{{{x},{y}}}.r)],"
                           f"%[fx:int(255*p{{{x},{y}}}.g)],%[fx:int(255*p{{{x},{y}}}.b)]", "info:"],
                          check=True, capture_output=True, text=True).stdout
    return tuple(int(v) for v in text.split(","))


def window_geometry(display_env, window):
    out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window], env=display_env,
                         capture_output=True, text=True).stdout
    values = dict(line.split("=", 1) for line in out.split() if "=" in line)
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def visible_windows_named(display_env, title):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + title], env=display_env,
                         capture_output=True, text=True).stdout
    return out.split()


def visible_windows(display_env, cls):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", cls], env=display_env,
                         capture_output=True, text=True).stdout
    return out.split()


def send_action(out, action):
    """One action for the tray's self-test; waits until the previous one was taken."""
    eventually(lambda: not os.path.exists(out + ".action"), 20, "the tray to take the previous action")
    with open(out + ".action.part", "w") as f:
        f.write(action + "\n")
    os.rename(out + ".action.part", out + ".action")  # never seen half written


def read_live(out):
    try:
        with open(out + ".live") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def live_when(out, condition, timeout, what):
    return eventually(lambda: (lambda v: v if v and condition(v) else None)(read_live(out)), timeout, what)


def screenshot(session, x_env, title, name, failures):
    frames = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + title], env=x_env,
                            capture_output=True, text=True).stdout.split()
    if not frames:
        failures.append(f"no window {title!r} for the screenshot")
        return
    subprocess.run(["xdotool", "windowraise", frames[0]], env=x_env)
    subprocess.run(["import", "-window", frames[0], os.path.join(session.artifacts, name)], env=x_env, check=True)


def start_display(session, env):
    """Xvfb (it picks a free display number and reports it) with trayer as the tray host.
    Displays started at the same moment by other test runs can collide on a number: the
    tray host then cannot connect, and a new display is tried."""
    for attempt in range(3):
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten",
                                 "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        session.procs.append(xvfb)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            display = ":" + pipe.readline().strip()
        x_env = dict(env, DISPLAY=display)
        trayer = session.spawn(["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width",
                                "120", "--height", "28", "--transparent", "false", "--tint", "0xffffff"], x_env,
                               f"trayer-{attempt}")
        try:
            eventually(lambda: trayer.poll() is not None or visible_windows(x_env, "trayer") or
                       visible_windows(x_env, "panel"), 20, "the tray host")
        except AssertionError:
            pass
        if trayer.poll() is None and (visible_windows(x_env, "trayer") or visible_windows(x_env, "panel")):
            return x_env
        print(f"the tray host did not start on display {display}; trying another")
        for proc in (trayer, xvfb):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    raise AssertionError("no display with a tray host after 3 attempts")
