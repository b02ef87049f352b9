"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, for tests of the LLM judge."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLM:
    """Serves POST /v1/chat/completions with whatever `reply` says; records every request."""

    def __init__(self):
        self.requests: list[dict] = []
        self.reply: dict = {"content": "{}"}  # content | status | delay_s | refusal
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                owner.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw.decode(),
                                       "body": json.loads(raw or b"{}")})
                reply = owner.reply
                if reply.get("delay_s"):
                    time.sleep(reply["delay_s"])
                status = reply.get("status", 200)
                if status != 200:
                    payload = {"error": {"message": "internal error", "type": "server_error"}}
                else:
                    payload = {
                        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                        "model": owner.requests[-1]["body"].get("model", "fake"),
                        "choices": [{"index": 0, "finish_reason": "stop", "message": {
                            "role": "assistant", "content": reply.get("content"), "refusal": reply.get("refusal")}}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                    }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeLLM":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
