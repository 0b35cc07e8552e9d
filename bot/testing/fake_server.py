"""The fake Bot API served over HTTP on loopback, for a real `python -m bot run`."""

from __future__ import annotations

import json
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from bot.testing.fake_api import FakeTelegram, decode_params


def _read_params(content_type: str, body: bytes) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        raw: dict[str, str] = {}
        extra: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename:
                extra["_filename"], extra["_content"] = filename, payload
            else:
                raw[name] = payload.decode()
        return {**decode_params(raw), **extra}
    return decode_params(dict(parse_qsl(body.decode(), keep_blank_values=True)))


class _Handler(BaseHTTPRequestHandler):
    telegram: FakeTelegram

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        method = self.path.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        length = int(self.headers.get("Content-Length") or 0)
        params = _read_params(self.headers.get("Content-Type", ""), self.rfile.read(length))
        status, body = self.telegram.handle(method, params)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet


def serve_http(
    telegram: FakeTelegram, host: str = "127.0.0.1", port: int = 0
) -> ThreadingHTTPServer:
    """Start serving in a background thread; `server.server_address` tells the port."""
    handler = type("FakeApiHandler", (_Handler,), {"telegram": telegram})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
