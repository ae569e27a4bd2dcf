"""A fake ZarinPal for the served shop: the v4 API (request, verify) and the StartPay page,
which sends the buyer straight back to the shop's callback as if she had paid."""

from __future__ import annotations

import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

from tests.orders.conftest import FakeGateway


def start_gateway(tls: ssl.SSLContext | None = None) -> ThreadingHTTPServer:
    """The fake gateway on a free loopback port; over https with `tls` (production
    accepts only an https gateway)."""
    fake = FakeGateway()
    callbacks: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length))
            status, answer = fake.handle(self.path, body)
            authority = (answer.get("data") or {}).get("authority") if status == 200 else None
            if authority:
                callbacks[authority] = body["callback_url"]
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # StartPay/<authority>: "paid", back to the shop
            authority = self.path.rstrip("/").rsplit("/", 1)[-1]
            target = callbacks.get(authority)
            if target is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(302)
            query = urlencode({"Authority": authority, "Status": "OK"})
            self.send_header("Location", f"{target}?{query}")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
