"""Loopback-only requests: refuses any HTTP request or WebSocket whose Host (or Origin) is not loopback.

The app runs submitted code, so a web page must not be able to drive it. Binding to 127.0.0.1 is not
enough: with DNS rebinding a site's name resolves to 127.0.0.1 and the browser sends `Host: evil.test:PORT`;
a cross-site page can also open a WebSocket to 127.0.0.1 directly (its `Origin` gives it away). Both are
refused here, as ASGI middleware in front of Streamlit's own, before any route, session or script runs.
No streamlit import: `app.serve` installs it into Streamlit's Starlette app at start-up.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


def is_loopback_host(host: str) -> bool:
    """True for `localhost`, a 127.0.0.0/8 address or ::1, with or without a port ("[::1]:8501")."""
    host = host.strip().lower()
    if not host:
        return False
    if host.startswith("["):  # [::1]:port
        name = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        name = host.split(":", 1)[0]
    else:
        name = host  # a bare IPv6 address or a plain name
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_allowed(headers: dict[str, str]) -> tuple[bool, str]:
    """(allowed, reason) for a request's lower-cased headers."""
    host = headers.get("host", "")
    if not is_loopback_host(host):
        return False, f"Host {host!r} is not a loopback address"
    origin = headers.get("origin")
    if origin and origin != "null":
        netloc = urlsplit(origin).netloc
        if not is_loopback_host(netloc):
            return False, f"Origin {origin!r} is not a loopback address"
    return True, ""


class LoopbackOnlyMiddleware:
    """ASGI middleware: 403 for a foreign HTTP request, a refused handshake (403) for a foreign WebSocket."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            ok, reason = is_allowed(headers)
            if not ok:
                body = f"Refused: {reason}. Open the app at http://127.0.0.1.\n".encode()
                if scope["type"] == "websocket":
                    # Reject the handshake with an HTTP 403 (the websocket.http.response extension when the
                    # server has it, otherwise a plain close before accept, which the server sends as 403).
                    if "websocket.http.response" in scope.get("extensions", {}):
                        await send({"type": "websocket.http.response.start", "status": 403,
                                    "headers": [(b"content-type", b"text/plain")]})
                        await send({"type": "websocket.http.response.body", "body": body})
                    else:
                        await send({"type": "websocket.close", "code": 1008})
                    return
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
