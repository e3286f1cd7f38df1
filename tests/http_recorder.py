"""A real HTTP server on this machine that records every request it gets: proof that a
PDF fetched (or did not fetch) a URL."""

import contextlib
import http.server
import threading
from collections.abc import Iterator


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recording() -> Iterator[str]:
    """Serve until the block ends; yields the server's base URL (``Recorder.hits`` empty)."""
    Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
