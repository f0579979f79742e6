"""Telling a person at the console how far a long job has got: a line per phase, and for counted work one line that
updates in place on a terminal, or a line every few seconds where the output goes to a file or a pipe (a log keeps
no carriage returns). Silent without a stream, so services report progress without knowing who listens."""

import time
from collections.abc import Callable
from typing import TextIO

from django.core.management.base import OutputWrapper

Clock = Callable[[], float]


def format_count(n: int) -> str:
    """20000 → '20.000', as Vietnamese writes thousands."""
    return f"{n:,}".replace(",", ".")


class Progress:
    def __init__(self, stream: TextIO | OutputWrapper | None, *, every: float = 10.0, clock: Clock = time.monotonic):
        self.stream, self.every, self.clock = stream, every, clock
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self._last_shown = float("-inf")
        self._open_line = False  # an updating line is on screen, without its newline yet

    def phase(self, text: str) -> None:
        """A step of the job begins."""
        self._line(text)

    def count(self, label: str, done: int, total: int) -> None:
        """`done` of `total` so far: redrawn at most five times a second on a terminal, otherwise written every
        `every` seconds; the last one always."""
        if self.stream is None:
            return
        now, last = self.clock(), done >= total
        if not last and now - self._last_shown < (0.2 if self.tty else self.every):
            return
        self._last_shown = now
        text = f"{label}: {format_count(done)} / {format_count(total)}"
        if not self.tty:
            self._line(text)
            return
        self._write(f"\r{text}\033[K" + ("\n" if last else ""))
        self._open_line = not last

    def _line(self, text: str) -> None:
        if self.stream is None:
            return
        self._write(("\n" if self._open_line else "") + text + "\n")
        self._open_line = False

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
