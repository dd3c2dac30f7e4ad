"""A real local HTTP server that receives webhooks for the tests: it records every request
(time, headers, body) and answers from a script of status codes (then 200 for ever)."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    at: float  # time.monotonic()
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    def signature_ok(self, secret: str) -> bool:
        """Verify as docs/webhooks.md tells a receiver to: HMAC-SHA256 over
        ``timestamp + "." + body``, compared in constant time."""
        timestamp = self.headers["x-codejudge-timestamp"]
        expected = hmac.new(
            secret.encode(), timestamp.encode() + b"." + self.body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(f"sha256={expected}", self.headers["x-codejudge-signature"])


@dataclass
class Receiver:
    port: int
    script: list[int] = field(default_factory=list)  # status codes to answer, in order
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def wait_for(self, n: int, timeout: float = 120) -> list[Received]:
        """The first ``n`` requests, once they came (AssertionError after ``timeout``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.received) >= n:
                    return list(self.received[:n])
            time.sleep(0.05)
        raise AssertionError(f"{len(self.received)} webhook(s) received, expected {n}")


@contextmanager
def receiver(script: list[int] | None = None) -> Iterator[Receiver]:
    """A receiver on a free port of 127.0.0.1, stopped on exit."""
    state = Receiver(0, list(script or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            with state.lock:
                state.received.append(Received(time.monotonic(), self.path, headers, body))
                status = state.script.pop(0) if state.script else 200
            self.send_response(status)
            if status == 302:
                self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
