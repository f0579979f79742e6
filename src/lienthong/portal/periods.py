"""The periods the public statistics offer, named in the URL: a month `2026-02`, a quarter `2026-Q1`, a year `2026`.

Only the recent ones are offered (the current month and the 23 before, the current quarter and the 7 before, the
current year and the 2 before): a bounded set of cache keys, and nothing a visitor types can make the page count
the whole table. Bounds are by the local calendar (Asia/Ho_Chi_Minh).
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

MONTHS_OFFERED, QUARTERS_OFFERED, YEARS_OFFERED = 24, 8, 3
TREND_MONTHS = 12
ROMAN = ("I", "II", "III", "IV")  # quarters as Vietnamese write them: quý I/2026
_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter" or "year"
    year: int
    number: int  # the month (1–12), the quarter (1–4), or 1 for a year

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    @property
    def first_month(self) -> tuple[int, int]:
        return self.year, {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]

    @property
    def last_month(self) -> tuple[int, int]:
        return self.year, {"month": self.number, "quarter": 3 * self.number, "year": 12}[self.kind]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[first instant of the period, first instant after it) by the local calendar."""
        zone = timezone.get_current_timezone()
        first_year, first = self.first_month
        last_year, last = self.last_month
        start = dt.datetime(first_year, first, 1, tzinfo=zone)
        end = dt.datetime(last_year + last // 12, last % 12 + 1, 1, tzinfo=zone)
        return start, end

    def label(self) -> str:
        """As the page says it: "tháng 02/2026", "quý I/2026", "năm 2026"."""
        if self.kind == "month":
            return _("tháng %(month)02d/%(year)d") % {"month": self.number, "year": self.year}
        if self.kind == "quarter":
            return _("quý %(quarter)s/%(year)d") % {
                "quarter": ROMAN[self.number - 1],
                "year": self.year,
            }
        return _("năm %(year)d") % {"year": self.year}

    def trend_months(self) -> list[tuple[int, int]]:
        """The 12 months up to the period's last one, oldest first: the trend drawn beside the period."""
        year, month = self.last_month
        return list(reversed(_months_back(year, month, TREND_MONTHS)))


def _months_back(year: int, month: int, count: int) -> list[tuple[int, int]]:
    months = []
    for _n in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def periods_offered(today: dt.date) -> list[Period]:
    """Newest first within each kind: months, then quarters, then years."""
    months = [Period("month", year, month) for year, month in _months_back(today.year, today.month, MONTHS_OFFERED)]
    quarter = (today.month - 1) // 3 + 1
    quarters = []
    year = today.year
    for _n in range(QUARTERS_OFFERED):
        quarters.append(Period("quarter", year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    years = [Period("year", today.year - n, 1) for n in range(YEARS_OFFERED)]
    return months + quarters + years


def period_parse(key: str, *, today: dt.date) -> Period | None:
    """The offered period `key` names, or None (malformed, or not offered)."""
    match = _KEY.match(key.strip())
    if not match:
        return None
    year = int(match["year"])
    if match["month"]:
        period = Period("month", year, int(match["month"]))
    elif match["quarter"]:
        period = Period("quarter", year, int(match["quarter"]))
    else:
        period = Period("year", year, 1)
    return period if period in periods_offered(today) else None
