"""A local fake text provider: a tiny HTTP server in a thread, speaking the provider API
Casepath's HttpProvider uses. It records every request, checks the bearer token, and
dedupes on Idempotency-Key as a real provider does (the same key: the same id, no
second text). `answer_next` makes it fail the next requests with given statuses."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-sms-token-not-a-secret"


@dataclass
class FakeSms:
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    texts: list[dict[str, Any]] = field(default_factory=list)  # what reached phones
    ids: dict[str, str] = field(default_factory=dict)
    answer_next: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, headers: Any, body: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            payload = json.loads(body)
            self.requests.append({"headers": dict(headers), "json": payload})
            if headers.get("Authorization") != f"Bearer {TOKEN}":
                return 401, {"error": "bad token"}
            if self.answer_next:
                status = self.answer_next.pop(0)
                return status, {"error": f"made-up failure {status}"}
            key = headers.get("Idempotency-Key", "")
            if key not in self.ids:
                self.ids[key] = f"SM{len(self.ids) + 1:04d}"
                self.texts.append(payload | {"id": self.ids[key]})
            return 201, {"id": self.ids[key], "status": "queued"}


def start(fake: FakeSms) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            status, answer = fake.receive(self.headers, self.rfile.read(length))
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1/messages"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
