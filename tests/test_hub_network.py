"""Review finding H1 on the local hub open to the room: a learner's own web server on another port
of the hub's address must not receive a classmate's hub cookie.

The classmate's computer is a network namespace this test makes (``ip netns``, a veth pair with
its own small subnet) and removes again; the hub listens on 0.0.0.0 as ``BACKLEARN_HUB_IP=0.0.0.0``
would have it. Eve's kernel listens on every address on a free port and keeps the ``Cookie``
headers it receives. Bob, in the namespace, signs in to the hub through the room's address, opens
the class-results service, and then opens eve's links. With the hub's firewall taken away the
review's attack works (bob's hub cookie and his class-results cookie reach eve); with it in place
(as ``make hub`` runs) eve's port refuses the connection, while the hub's port still answers.

Needs root (system users, namespaces, nftables); skips with the reason otherwise.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[1]
_RUN = secrets.token_hex(2)
EVE, BOB = f"eve_n{_RUN}", f"bob_n{_RUN}"
NETNS = f"blroom{_RUN}"
HOST_IF, ROOM_IF = f"blh{_RUN}", f"blr{_RUN}"
# A /30 of its own in 10.0.0.0/8, unlikely to meet the machine's networks.
_NET = f"10.{200 + secrets.randbelow(50)}.{secrets.randbelow(250)}"
HOST_ADDR, ROOM_ADDR = f"{_NET}.1", f"{_NET}.2"

EVE_LISTENS = """\
import http.server, json, threading
captured = []
class _Steal(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        captured.append(self.headers.get("Cookie") or "")
        self.send_response(200); self.end_headers(); self.wfile.write(b"hello")
    def log_message(self, *args):
        pass
_server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), _Steal)
threading.Thread(target=_server.serve_forever, daemon=True).start()
print(_server.server_address[1])
"""

# Bob's browser in the classroom: signs in through the room's address, then follows eve's link.
BOB_BROWSES = """\
import http.cookiejar, json, re, sys, urllib.error, urllib.parse, urllib.request
hub, link, name, password = sys.argv[1:5]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
out = {}
with opener.open(hub + "/hub/login", timeout=20) as page:
    xsrf = re.search(r'name="_xsrf"[^>]*value="([^"]+)"', page.read().decode())
form = {"username": name, "password": password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
try:
    with opener.open(hub + "/hub/login", data=urllib.parse.urlencode(form).encode(), timeout=60) as done:
        out["signed in"] = done.status
except urllib.error.HTTPError as error:
    out["signed in"] = error.code
try:  # the class-results service (through the hub's OAuth), as the teacher opens it
    with opener.open(hub + "/services/class-results/api/answers", timeout=60) as page:
        out["service"] = page.status
except urllib.error.HTTPError as error:
    out["service"] = error.code
out["hub cookies"] = sorted(cookie.name for cookie in jar)
for path in ("/hub/home", "/services/class-results/"):
    try:
        with opener.open(link + path, timeout=10) as page:
            out["link " + path] = page.status
    except urllib.error.HTTPError as error:
        out["link " + path] = error.code
    except OSError as error:
        out["link " + path] = type(error.reason if hasattr(error, "reason") else error).__name__
print(json.dumps(out))
"""


def _load_run_hub() -> ModuleType:
    sys.path.insert(0, str(ROOT / "deploy" / "local-hub"))
    return importlib.import_module("run_hub")


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def room() -> Iterator[str]:
    """A classmate's computer: a network namespace joined to this machine by a veth pair."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root: the hub's learners are system users, and the room is a network namespace")
    if shutil.which("ip") is None:
        pytest.skip("needs iproute2's `ip` (apt-get install iproute2) to make the classmate's computer")
    try:
        _ip("netns", "add", NETNS)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot make a network namespace here: {exc.stderr.strip()}")
    try:
        _ip("link", "add", HOST_IF, "type", "veth", "peer", "name", ROOM_IF)
        _ip("link", "set", ROOM_IF, "netns", NETNS)
        _ip("addr", "add", f"{HOST_ADDR}/30", "dev", HOST_IF)
        _ip("link", "set", HOST_IF, "up")
        _ip("netns", "exec", NETNS, "ip", "addr", "add", f"{ROOM_ADDR}/30", "dev", ROOM_IF)
        _ip("netns", "exec", NETNS, "ip", "link", "set", ROOM_IF, "up")
        _ip("netns", "exec", NETNS, "ip", "link", "set", "lo", "up")
        yield NETNS
    finally:
        subprocess.run(["ip", "link", "del", HOST_IF], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", NETNS], capture_output=True, check=False)


@pytest.fixture(scope="module")
def open_hub(room: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    run_hub = _load_run_hub()
    try:
        run_hub.jupyterhub_command()
        run_hub.ensure_proxy(install=True)
    except run_hub.HubUnavailable as exc:
        pytest.skip(str(exc))
    problem = run_hub.firewall.available()
    if problem:
        pytest.skip(f"the hub's firewall cannot be written here: {problem}")
    hub = run_hub.LocalHub(runtime=tmp_path_factory.mktemp("openhub"), learners=[EVE, BOB], ip="0.0.0.0")
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


def _bob_follows(hub: Any, port: int) -> dict[str, Any]:
    done = subprocess.run(
        ["ip", "netns", "exec", NETNS, sys.executable, "-c", BOB_BROWSES,
         f"http://{HOST_ADDR}:{hub.port}", f"http://{HOST_ADDR}:{port}", BOB, hub.passwords[BOB]],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


async def _attack(hub: Any) -> dict[str, Any]:
    run_hub = _load_run_hub()
    tag = run_hub.learners_module.hub_tag(hub.runtime)
    client = run_hub.HubClient(hub.url, hub.token)
    kernel = None
    try:
        await client.create_users([EVE])
        await client.start_server(EVE, timeout=120)
        kernel = await client.start_kernel(EVE, timeout=90)
        port = int(await kernel.execute(EVE_LISTENS))
        report: dict[str, Any] = {"port": port}
        # The review's set-up: the hub on 0.0.0.0 with nothing in front of it.
        run_hub.firewall.remove(tag)
        try:
            report["without firewall"] = await asyncio.to_thread(_bob_follows, hub, port)
            report["eve got, without"] = json.loads(await kernel.execute("print(json.dumps(captured))"))
        finally:
            run_hub.firewall.install(tag, hub.port, hub.ip)
        await kernel.execute("captured.clear()")
        report["with firewall"] = await asyncio.to_thread(_bob_follows, hub, port)
        report["eve got, with"] = json.loads(await kernel.execute("print(json.dumps(captured))"))
        return report
    finally:
        if kernel is not None:
            kernel.close()
        await client.stop_server(EVE)
        client.close()


def test_a_learners_server_on_another_port_gets_no_classmates_cookie(open_hub: Any) -> None:
    assert open_hub.firewall, "make hub on 0.0.0.0 writes the firewall before the hub starts"
    report = asyncio.run(_attack(open_hub))

    before = report["without firewall"]
    assert before["signed in"] == 200 and before["service"] == 200, before
    assert {"jupyterhub-hub-login", "service-class-results"} <= set(before["hub cookies"]), before
    assert before["link /hub/home"] == 200, "the finding reproduces: eve's page opens from the room"
    stolen = " ".join(report["eve got, without"])
    assert "jupyterhub-hub-login=" in stolen, "the finding reproduces: bob's hub cookie reaches eve's server"
    assert "service-class-results=" in stolen, "and so does his class-results cookie"

    after = report["with firewall"]
    assert after["signed in"] == 200 and after["service"] == 200, "the hub's own port still answers the room"
    assert {"jupyterhub-hub-login", "service-class-results"} <= set(after["hub cookies"])
    for path in ("/hub/home", "/services/class-results/"):
        assert after["link " + path] == "ConnectionRefusedError", f"eve's port answered the room: {after}"
    assert report["eve got, with"] == [], "eve's server received a request from the room"


def test_the_firewall_goes_with_the_hub(open_hub: Any) -> None:
    run_hub = _load_run_hub()
    tag = run_hub.learners_module.hub_tag(open_hub.runtime)
    assert run_hub.firewall.present(tag)
    rules = run_hub.firewall.rules(tag, open_hub.port, first_port=1024, ip="0.0.0.0")
    assert f"meta nfproto ipv4 tcp dport {open_hub.port} accept" in rules, "IPv4 only, as the hub listens"
    assert "tcp dport 1024-65535 reject" in rules
    assert "ip daddr 192.0.2.7 tcp dport 8000 accept" in run_hub.firewall.rules(tag, 8000, ip="192.0.2.7")
    assert "\n    tcp dport 8000 accept" in run_hub.firewall.rules(tag, 8000, ip="::")
    assert 'iif "lo" accept' in rules, "loopback (the hub's own traffic) is never blocked"
    open_hub.stop()
    assert not run_hub.firewall.present(tag), "stopping the hub removes its firewall"
