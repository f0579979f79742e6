"""A long job's progress: one line redrawn in place on a terminal, a line every few seconds in a log."""

import io

from lienthong.core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _count_to(progress: Progress, clock: Clock, total: int, *, step: float) -> None:
    for done in range(100, total + 1, 100):
        clock.now += step
        progress.count("Hồ sơ lịch sử", done, total)


def test_on_a_terminal_the_count_is_redrawn_on_one_line_then_the_next_phase_starts_below():
    # given a terminal
    out, clock = Terminal(), Clock()
    progress = Progress(out, clock=clock)

    # when 1,000 dossiers are counted, a report every half second, then a phase begins
    progress.phase("Thủ tục hành chính…")
    _count_to(progress, clock, 1000, step=0.5)
    progress.phase("Đang ghi…")

    # then each report redraws the same line, and the last ends it
    text = out.getvalue()
    assert text.startswith("Thủ tục hành chính…\n\rHồ sơ lịch sử: 100 / 1.000\033[K\r")
    assert text.count("\r") == 10 and text.count("\n") == 3
    assert text.endswith("\rHồ sơ lịch sử: 1.000 / 1.000\033[K\nĐang ghi…\n")


def test_in_a_log_the_count_is_a_line_every_ten_seconds_and_the_last_one():
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, clock=clock)

    _count_to(progress, clock, 2000, step=1.5)  # 30 seconds in all

    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0] == "Hồ sơ lịch sử: 100 / 2.000" and lines[-1] == "Hồ sơ lịch sử: 2.000 / 2.000"
    assert 3 <= len(lines) <= 5


def test_without_a_stream_nothing_is_written():
    progress = Progress(None)
    progress.phase("Thủ tục hành chính…")
    progress.count("Hồ sơ lịch sử", 1, 1)  # no error, nowhere to write
