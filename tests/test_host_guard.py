"""The app refuses requests and WebSockets whose Host or Origin is not loopback (DNS rebinding, CSWSH)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from app.host_guard import LoopbackOnlyMiddleware, is_allowed, is_loopback_host


@pytest.mark.parametrize("host, ok", [
    ("127.0.0.1:8501", True), ("localhost:8501", True), ("[::1]:8501", True), ("127.3.4.5", True),
    ("localhost", True), ("::1", True),
    ("rebind.attacker.test:8501", False), ("192.168.1.10:8501", False), ("0.0.0.0:8501", False),
    ("localhost.attacker.test", False), ("127.0.0.1.nip.io:8501", False), ("", False), ("[::2]:8501", False),
])
def test_loopback_hosts(host, ok):
    assert is_loopback_host(host) is ok


def test_origin_is_checked_too():
    assert is_allowed({"host": "127.0.0.1:8501", "origin": "http://127.0.0.1:8501"})[0]
    assert not is_allowed({"host": "127.0.0.1:8501", "origin": "https://evil.test"})[0]
    assert not is_allowed({"host": "evil.test:8501", "origin": "http://evil.test:8501"})[0]


def _run(scope):
    sent, reached = [], []

    async def app(scope, receive, send):
        reached.append(scope["type"])

    async def send(message):
        sent.append(message)

    async def receive():
        return {}

    asyncio.run(LoopbackOnlyMiddleware(app)(scope, receive, send))
    return sent, reached


def test_middleware_refuses_before_the_app_runs():
    headers = [(b"host", b"rebind.attacker.test:8501"), (b"origin", b"http://rebind.attacker.test:8501")]
    sent, reached = _run({"type": "http", "headers": headers})
    assert reached == [] and sent[0]["status"] == 403
    sent, reached = _run({"type": "websocket", "headers": headers, "extensions": {"websocket.http.response": {}}})
    assert reached == [] and sent[0]["type"] == "websocket.http.response.start" and sent[0]["status"] == 403
    sent, reached = _run({"type": "http", "headers": [(b"host", b"127.0.0.1:8501")]})
    assert reached == ["http"] and sent == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "MASTERY_HOME": str(tmp_path_factory.mktemp("home"))}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "app", "--port", str(port), "--headless"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def _status(port: int, host: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/health", headers={"Host": host})
    try:
        return urllib.request.urlopen(request, timeout=5).status
    except urllib.error.HTTPError as exc:
        return exc.code


def _websocket(port: int, host: str, origin: str) -> str:
    import websockets

    async def go() -> str:
        try:
            async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                          additional_headers={"Host": host, "Origin": origin}, open_timeout=5):
                return "accepted"
        except websockets.exceptions.InvalidStatus as exc:
            return f"refused {exc.response.status_code}"

    return asyncio.run(go())


def test_the_running_app_refuses_a_foreign_host(server):
    assert _status(server, f"127.0.0.1:{server}") == 200
    assert _status(server, f"rebind.attacker.test:{server}") == 403


def test_the_running_app_refuses_a_rebinding_websocket(server):
    foreign = f"rebind.attacker.test:{server}"
    assert _websocket(server, foreign, f"http://{foreign}") == "refused 403"
    assert _websocket(server, f"127.0.0.1:{server}", "http://evil.test") == "refused 403"
    assert _websocket(server, f"127.0.0.1:{server}", f"http://127.0.0.1:{server}") == "accepted"
