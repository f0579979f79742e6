"""`lienthong start` runs threaded web workers, and matplotlib's settings are one global dict that `rc_context`
swaps in place: two threads drawing at once could draw with each other's settings, or leave the defaults behind.
Charts drawn by many threads at once are byte for byte the charts drawn one at a time."""

import threading

from lienthong.core import charts

THREADS = 6


def _draw(n: int) -> str:
    labels = [f"Đơn vị {i}" for i in range(n + 3)]
    values = [i * (n + 1) for i in range(n + 3)]
    kind = "bars" if n % 2 else "trend"
    return charts._render(
        {"kind": kind, "title": f"T{n}", "desc": "", "labels": labels, "values": values, "axis": "Hồ sơ"}
    )


def test_charts_drawn_at_once_equal_charts_drawn_alone():
    alone = [_draw(n) for n in range(THREADS)]
    for _ in range(3):
        together: list[str | None] = [None] * THREADS
        start = threading.Barrier(THREADS)

        def draw(n: int, together=together, start=start) -> None:
            start.wait()
            together[n] = _draw(n)

        threads = [threading.Thread(target=draw, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert together == alone
