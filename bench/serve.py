"""A localhost static server that counts the bytes it sends, path by path.

Text files are gzip-compressed when the browser asks, as any real static host (GitHub Pages,
nginx with gzip on) does, so "transferred" means what a reader's connection would carry.
"""
from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED_TYPES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map")


class CountingServer:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.sent: list[tuple[str, int]] = []  # (path, bytes on the wire) per response
        self._gzipped: dict[Path, bytes] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                server.respond(self)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "CountingServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self) -> None:
        with self._lock:
            self.sent.clear()

    def respond(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        path = unquote(urlsplit(handler.path).path)
        file = (self.root / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if self.root not in file.parents or not file.is_file():
            handler.send_error(404)
            return
        body = file.read_bytes()
        headers = {"Content-Type": mimetypes.guess_type(file.name)[0] or "application/octet-stream"}
        if file.suffix in COMPRESSED_TYPES and "gzip" in handler.headers.get("Accept-Encoding", ""):
            if file not in self._gzipped:
                self._gzipped[file] = gzip.compress(body, 6)
            body = self._gzipped[file]
            headers["Content-Encoding"] = "gzip"
        handler.send_response(200)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        with self._lock:
            self.sent.append((path, len(body)))
