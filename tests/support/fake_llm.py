"""A fake OpenAI-compatible server on 127.0.0.1, for tests of the LLM judge.

POST /v1/chat/completions answers with whatever `reply` says (a dict, or a function of the request body
returning one), streamed as server-sent events when the request asks for a stream. One chunk of content
counts as one token, so `max_tokens` is honoured the way a real server honours it. The context-size
endpoints of llama.cpp (GET /props), Ollama (POST /api/show, GET /api/ps) and vLLM (GET /v1/models)
answer from `context` (404 when absent). Every request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK_CHARS = 32  # characters per streamed chunk: litellm spends ~4 ms of CPU on each one


class FakeLLM:
    def __init__(self):
        self.requests: list[dict] = []
        # reply keys: content | status | delay_s | refusal | junk (True or "repeat": stream "C1000..."
        # until cut off) |
        # ignore_max_tokens | chunk_delay_s
        self.reply = {"content": "{}"}
        self.context: dict = {}  # "props" | "show" | "ps" | "models" -> JSON payload
        self.disconnects = 0  # streams the client closed before the end
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _record(self, body):
                with owner._lock:
                    owner.requests.append({"path": self.path, "method": self.command, "headers": dict(self.headers),
                                           "raw": json.dumps(body), "body": body})

            def _json(self, status, payload):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def _context(self, key):
                payload = owner.context.get(key)
                self._json(200 if payload is not None else 404, payload if payload is not None else {"error": "no"})

            def do_GET(self):
                self._record({})
                path = self.path.rstrip("/")
                key = {"/props": "props", "/api/ps": "ps", "/v1/models": "models"}.get(path)
                self._context(key) if key else self._json(404, {"error": "not found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                with owner._lock:
                    owner.requests.append({"path": self.path, "method": "POST", "headers": dict(self.headers),
                                           "raw": raw.decode(), "body": body})
                if self.path.rstrip("/") == "/api/show":
                    return self._context("show")
                reply = owner.reply(body) if callable(owner.reply) else owner.reply
                if reply.get("delay_s"):
                    time.sleep(reply["delay_s"])
                status = reply.get("status", 200)
                if status != 200:
                    return self._json(status, {"error": {"message": "internal error", "type": "server_error"}})
                if body.get("stream"):
                    return self._stream(body, reply)
                self._json(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {
                        "role": "assistant", "content": reply.get("content"), "refusal": reply.get("refusal")}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                })

            def _event(self, payload) -> None:
                data = f"data: {json.dumps(payload) if not isinstance(payload, str) else payload}\n\n".encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _stream(self, body, reply):
                limit = None if reply.get("ignore_max_tokens") else body.get("max_tokens")
                content = reply.get("content") or ""
                size = reply.get("chunk_chars", CHUNK_CHARS)
                pieces = [content[i:i + size] for i in range(0, len(content), size)]
                base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                        "model": body.get("model", "fake")}
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    if reply.get("refusal"):
                        self._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant",
                                                                                "refusal": reply["refusal"]},
                                                          "finish_reason": None}]})
                    sent, finish = 0, "stop"
                    junk = reply.get("junk")
                    while True:
                        if limit is not None and sent >= limit and (junk or sent < len(pieces)):
                            finish = "length"
                            break
                        if junk:
                            # Alternating pieces, unless asked to repeat one (litellm stops a stream
                            # that repeats the same chunk 100 times on its own).
                            piece = '{"criterion_id": "C1' if sent == 0 else (
                                "0000" if junk == "repeat" or sent % 2 else "000")
                        elif sent < len(pieces):
                            piece = pieces[sent]
                        else:
                            break
                        self._event({**base, "choices": [{"index": 0, "delta": {"content": piece},
                                                          "finish_reason": None}]})
                        sent += 1
                        if reply.get("chunk_delay_s"):
                            time.sleep(reply["chunk_delay_s"])
                    self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
                    if (body.get("stream_options") or {}).get("include_usage"):
                        self._event({**base, "choices": [], "usage": {
                            "prompt_tokens": 100, "completion_tokens": sent, "total_tokens": 100 + sent}})
                    self._event("[DONE]")
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    with owner._lock:
                        owner.disconnects += 1

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that hung up is not an error here
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_base(self) -> str:
        return f"{self.root}/v1"

    def completions(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
