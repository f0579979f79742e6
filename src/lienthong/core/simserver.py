"""What every local simulator of a service we cannot reach shares (the national portal, the bank gateway, the SMS
gateway and Zalo ZNS: `<app>/simulator/server.py`): a threaded HTTP server on a free port that shuts down without
waiting for a request still sleeping in a `delay` fault, a handler that answers and does not mind a client that
stopped waiting (a timeout a test asked for), a block that serves it in a background thread, and the runner every
simulator's `python -m` entry shares (start, say where, serve until SIGINT or SIGTERM).

Standard library only: a simulator runs in tests, in the demo and as `python -m lienthong.<app>.simulator`."""

import logging
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Event, Thread
from typing import Any, TypeVar


class SimulatorHandler(BaseHTTPRequestHandler):
    """A simulator's request handler: HTTP/1.1, answers through `reply`, logs at debug level to `log`."""

    protocol_version = "HTTP/1.1"
    log = logging.getLogger("lienthong.simulator")

    def reply(self, status: int, content_type: str, payload: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting (a timeout the test asked for)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the base class's signature
        self.log.debug("%s " + format, self.address_string(), *args)


class SimulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a request still sleeping in a `delay` fault never holds up the shutdown
    allow_reuse_address = True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


Server = TypeVar("Server", bound=SimulatorHTTPServer)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    """Serve `server` in a background thread for the duration of the block, then shut it down and close it."""
    thread = Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


Served = TypeVar("Served")


def serve_until_stopped(running: AbstractContextManager[Served], banner: Callable[[Served], str]) -> None:
    """A simulator's `python -m` entry: enter `running` (its server or servers serving), print `banner` of what it
    yields (where it runs, what to point us at), and serve until SIGINT or SIGTERM, then shut down cleanly."""
    stop = Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with running as served:
        print(banner(served), flush=True)  # noqa: T201 — the developer's console
        stop.wait()
