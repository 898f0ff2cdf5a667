"""A real HTTP server on 127.0.0.1 serving fixture e-paper sites from a folder.

Like Scrapy's own tests/mockserver: offline, deterministic, and it remembers every
request, so a test can check what a crawl fetched (robots.txt honoured, nothing
fetched twice). A per-request delay slows it down for the kill-and-resume test.

    with MockServer(SITES, delay=0.05) as server:
        server.url("founder-utf8/")          # http://127.0.0.1:PORT/founder-utf8/
        server.requested("content_101.htm")   # paths served so far containing that text

``pages`` serves bodies held in memory at their paths, ahead of the folder's files:
pages read from elsewhere (the shared real pages) are served without being copied.

Run as a program it serves a folder until killed: ``python -m tests.mockserver DIR``.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {".htm": "text/html", ".html": "text/html", ".shtml": "text/html",
         ".xml": "text/xml", ".txt": "text/plain", ".json": "application/json",
         ".jpg": "image/jpeg", ".pdf": "application/pdf", "": "text/html"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        path = unquote(urlsplit(self.path).path)
        self.server.record(path, self.headers.get("User-Agent", ""))
        if self.server.delay:
            time.sleep(self.server.delay)
        if path in self.server.pages:
            body, kind = self.server.pages[path], "text/html"
        else:
            file = self.server.resolve(path)
            if file is None:
                self.send_error(404, "not found")
                return
            body, kind = file.read_bytes(), self.server.content_type(path, file)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, delay: float, pages: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.delay = delay
        self.pages = pages
        self.log: list[str] = []
        self.agents: set[str] = set()
        self.lock = threading.Lock()

    def record(self, path: str, agent: str) -> None:
        with self.lock:
            self.log.append(path)
            self.agents.add(agent)

    def resolve(self, path: str) -> Path | None:
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root):
            return None
        if file.is_dir():
            file = file / "index.html"
        return file if file.is_file() else None

    def content_type(self, path: str, file: Path) -> str:
        kind = TYPES.get(file.suffix.lower(), "application/octet-stream")
        # A site folder may hold _server.json {"charset": "utf-8"}: a header that may lie.
        site = path.strip("/").split("/")[0]
        config = self.root / site / "_server.json"
        if kind.startswith("text/") and config.is_file():
            charset = json.loads(config.read_text("utf-8")).get("charset")
            if charset:
                return f"{kind}; charset={charset}"
        return kind


class MockServer:
    def __init__(self, root: Path, delay: float = 0.0,
                 pages: dict[str, bytes] | None = None) -> None:
        self.root = Path(root)
        self.delay = delay
        self.pages = dict(pages or {})
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> MockServer:
        self._server = _Server(self.root, self.delay, self.pages)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    @property
    def log(self) -> list[str]:
        assert self._server is not None
        with self._server.lock:
            return list(self._server.log)

    @property
    def agents(self) -> set[str]:
        """The User-Agent headers seen so far."""
        assert self._server is not None
        with self._server.lock:
            return set(self._server.agents)

    def requested(self, fragment: str) -> list[str]:
        return [path for path in self.log if fragment in path]

    def clear(self) -> None:
        assert self._server is not None
        with self._server.lock:
            self._server.log.clear()


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).parent / "fixtures" / "sites"
    delay = float(argv[1]) if len(argv) > 1 else 0.0
    with MockServer(root, delay) as server:
        print(server.url(), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
