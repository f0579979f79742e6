"""A long-running command's way to stop: SIGINT (Ctrl+C) and SIGTERM (the supervisor) set a flag instead of raising
KeyboardInterrupt in the middle of a step, so the loop finishes what it is doing and cleans up."""

import signal
import threading
from collections.abc import Callable


def stop_requested() -> Callable[[], bool]:
    """Install the handlers; the returned function tells whether a stop was asked for since."""
    asked = threading.Event()

    def stop(signum, frame) -> None:
        asked.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return asked.is_set
