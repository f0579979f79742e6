"""The deadline engine ("the clock"): working time on the civil-service calendar, with a readable explanation.

Pure: no models and no database; `calendar_store.work_calendar_current()` builds the calendar in force. Instants
are aware datetimes, converted to `tz`; working periods are wall-clock times there (Asia/Ho_Chi_Minh has no DST).

Rules (domain reference §1.6 and §6):
- A working day is a weekday of the weekly pattern (Mon–Fri, Decision 188/1999/QĐ-TTg) unless the exceptions
  table says otherwise: public holidays (Labour Code 2019 art. 112), the Prime Minister's yearly swaps with their
  make-up Saturdays, and the administrator's overrides.
- An instant outside working time counts from the next working instant: before opening → opening, lunch → the
  afternoon opening, after closing or on a day off → the next working day's opening.
- Cut-off: for `working_days` and `immediate`, a start after the cut-off (15:00) on a working day counts from the
  next working day's opening (Decree 61/2018 art. 18; Decree 23/2015 art. 7).
- `working_days`: N days consume N × (length of a working day) of working time, so the due instant is the same
  clock time N working days later; time that runs out exactly at a period's end stops there (17:00, not 07:30).
- `working_hours`: the same walk, in hours.
- `calendar_days`: the first day is not counted (Civil Code 2015 art. 147(2)); the period ends at the end of the
  Nth day, or of the next working day when that day is off (art. 148(5)).
- `immediate`: due at the end of the day counting starts on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Protocol

from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

# A calendar with no working day in a whole year is misconfigured; say so rather than loop for ever.
MAX_DAYS_WITHOUT_WORK = 366
ZERO = timedelta(0)
_WEEKDAY_NAMES = (
    gettext_noop("thứ Hai"),
    gettext_noop("thứ Ba"),
    gettext_noop("thứ Tư"),
    gettext_noop("thứ Năm"),
    gettext_noop("thứ Sáu"),
    gettext_noop("thứ Bảy"),
    gettext_noop("Chủ nhật"),
)
_TEXT_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")
# What a public caller may ask (docs/limits.md). `working_time_between` looks at every day of its range, and each
# new year builds that year's holidays: ten years answer in about a tenth of a second, while 0001–9999 ran for
# minutes and stalled the workers (issue 11 §14). The lunar holidays are known to 2099 (`holidays`); before 1912
# Viet Nam's local time was not a whole number of minutes from UTC (+07:06:30), which no RFC 3339 date-time can
# write; near year 9999 the arithmetic overflows.
MAX_SPAN_YEARS = 10
MAX_SPAN = timedelta(days=365 * MAX_SPAN_YEARS + 3)  # ten years and their leap days
FIRST_YEAR, LAST_YEAR = 1912, 2099


class TimeUnit(StrEnum):
    """How a procedure's deadline is expressed in the catalogue."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    IMMEDIATE = "immediate"


class CalendarError(ValueError):
    """A computation the calendar refuses; `code` is stable for API clients, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DayException:
    """A date that breaks the weekly pattern: a day off on a weekday, or a working (make-up) day."""

    working: bool
    reason: str


class ExceptionTable(Protocol):
    """Read access to the exceptions by date; a dict is one, the store's lazy per-year table another."""

    def get(self, day: date, /) -> DayException | None: ...


@dataclass(frozen=True)
class Computed:
    """A due instant, where counting started, and why, sentence by sentence."""

    instant: datetime
    counted_from: datetime
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Pause:
    """A suspension of the clock (e.g. waiting for a supplement, Decree 61 art. 19(4)); `end` is None while on."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class ClockReading:
    """The state of a running clock at `at`: working time used and suspended, the due instant pushed back."""

    at: datetime
    consumed: timedelta
    suspended: timedelta
    due: datetime
    remaining: timedelta
    paused: bool
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class WorkCalendar:
    """Working periods of a day, working weekdays (Monday = 0), exceptions by date, the cut-off and the zone."""

    working_periods: tuple[tuple[time, time], ...]
    weekdays: frozenset[int]
    exceptions: ExceptionTable
    cutoff: time | None
    tz: tzinfo

    def __post_init__(self) -> None:
        bounds = [clock for period in self.working_periods for clock in period]
        if not bounds or bounds != sorted(bounds) or any(opens >= closes for opens, closes in self.working_periods):
            raise CalendarError(
                "bad_working_periods", _("Giờ làm việc phải là các khoảng tăng dần, không chồng lên nhau.")
            )

    # -- days and periods ------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        exception = self.exceptions.get(day)
        return exception.working if exception else day.weekday() in self.weekdays

    @property
    def day_length(self) -> timedelta:
        """Working time in one working day (7 h 30 min with 07:30–11:30 and 13:30–17:00)."""
        anchor = date(2000, 1, 3)
        return sum((datetime.combine(anchor, b) - datetime.combine(anchor, a) for a, b in self.working_periods), ZERO)

    def periods(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's working periods as aware instants; none on a day off."""
        if not self.is_working_day(day):
            return []
        return [(self._at(day, opens), self._at(day, closes)) for opens, closes in self.working_periods]

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        for offset in range(MAX_DAYS_WITHOUT_WORK):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarError(
            "no_working_day",
            _("Không có ngày làm việc nào trong một năm kể từ %(day)s: kiểm tra cấu hình lịch.")
            % {"day": format_day(day)},
        )

    def next_working_instant(self, instant: datetime) -> datetime:
        """`instant` if it is inside working time, else the next opening (lunch → 13:30, evening → next day)."""
        return self._walk(self._local(instant), ZERO)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time in [start, end); negative when `end` is before `start`."""
        start, end = self._local(start), self._local(end)
        if end < start:
            return -self.working_time_between(end, start)
        total = ZERO
        for day in _dates(start.date(), end.date()):
            total += sum((max(min(b, end) - max(a, start), ZERO) for a, b in self.periods(day)), ZERO)
        return total

    # -- adding time -----------------------------------------------------------------------------------------

    def add(self, start: datetime, amount: int | float | Decimal | str, unit: TimeUnit | str) -> Computed:
        """The due instant of a period of `amount` `unit` that starts at `start`, with its explanation."""
        unit = _check_unit(unit)
        amount = _check_amount(amount, unit)
        local = self._local(start)
        if unit is TimeUnit.CALENDAR_DAYS:
            return self._add_calendar_days(local, int(amount))
        counted_from, lines = self._counted_from(local, cutoff=unit in (TimeUnit.WORKING_DAYS, TimeUnit.IMMEDIATE))
        if unit is TimeUnit.IMMEDIATE:
            due = self._end_of_day(counted_from.date())
            lines.append(_("Giải quyết ngay: hạn là cuối giờ làm việc của ngày bắt đầu tính."))
        else:
            work, line = self._work_for(amount, unit)
            due = self._walk(counted_from, work)
            lines.append(line)
        lines += self._day_notes(local.date(), due.date())
        lines.append(_("Hạn: %(due)s.") % {"due": format_instant(due)})
        return Computed(due, counted_from, tuple(lines))

    def _work_for(self, amount: Decimal, unit: TimeUnit) -> tuple[timedelta, str]:
        hours = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in self.working_periods)
        if unit is TimeUnit.WORKING_HOURS:
            work = timedelta(seconds=round(amount * 3600))
            return work, _("Cộng %(n)s giờ làm việc (giờ làm việc %(hours)s).") % {
                "n": format_number(amount),
                "hours": hours,
            }
        work = timedelta(seconds=round(amount * Decimal(self.day_length.total_seconds())))
        line = _("Cộng %(n)s ngày làm việc = %(work)s làm việc (mỗi ngày %(day)s: %(hours)s).") % {
            "n": format_number(amount),
            "work": format_duration(work),
            "day": format_duration(self.day_length),
            "hours": hours,
        }
        return work, line

    def _add_calendar_days(self, local: datetime, days: int) -> Computed:
        """Civil Code 2015 art. 147(2): the first day is not counted; art. 148(5): a last day off moves the end."""
        counted_from, lines = self._counted_from(local, cutoff=False)
        last = counted_from.date() + timedelta(days=days)
        lines.append(
            _(
                "Cộng %(n)s ngày theo lịch, không tính ngày đầu %(first)s (Bộ luật Dân sự 2015, Điều 147): "
                "ngày cuối là %(last)s."
            )
            % {"n": days, "first": format_day(counted_from.date()), "last": format_day(last)}
        )
        end_day = self.next_working_day(last)
        if end_day != last:
            lines.append(
                _(
                    "%(last)s là ngày nghỉ (%(reason)s): thời hạn kết thúc vào cuối ngày làm việc tiếp theo, "
                    "%(day)s (Bộ luật Dân sự 2015, Điều 148 khoản 5)."
                )
                % {"last": format_day(last), "reason": self._off_reason(last), "day": format_day(end_day)}
            )
        due = self._end_of_day(end_day)
        lines.append(_("Hạn: %(due)s.") % {"due": format_instant(due)})
        return Computed(due, counted_from, tuple(lines))

    def _counted_from(self, local: datetime, *, cutoff: bool) -> tuple[datetime, list[str]]:
        """Where counting starts, and the sentence that says why."""
        values = {"start": format_instant(local), "cutoff": f"{self.cutoff:%H:%M}" if self.cutoff else ""}
        if cutoff and self.cutoff is not None and self.is_working_day(local.date()) and local.time() > self.cutoff:
            counted_from = self._walk(self._at(local.date() + timedelta(days=1), time.min), ZERO)
            message = _(
                "Tiếp nhận lúc %(start)s, sau giờ chốt %(cutoff)s: thời hạn tính từ ngày làm việc tiếp theo, %(from)s."
            )
        else:
            counted_from = self._walk(local, ZERO)
            if counted_from == local:
                message = _("Tiếp nhận lúc %(start)s, trong giờ làm việc: thời hạn tính từ thời điểm này.")
            elif not self.is_working_day(local.date()):
                message = _("Tiếp nhận lúc %(start)s, ngày nghỉ: thời hạn tính từ %(from)s.")
            else:
                message = _("Tiếp nhận lúc %(start)s, ngoài giờ làm việc: thời hạn tính từ %(from)s.")
        return counted_from, [message % {**values, "from": format_instant(counted_from)}]

    # -- pause and resume ------------------------------------------------------------------------------------

    def read_clock(self, *, started: datetime, due: datetime, pauses: Sequence[Pause], at: datetime) -> ClockReading:
        """The clock at `at`: suspended working time is not consumed and pushes the due instant back by as much.

        The national 766 index subtracts the citizen's supplement time (domain reference §1.6); provincial
        practice moves the due date back by the working time suspended.
        """
        started, due, at = self._local(started), self._local(due), self._local(at)
        if at < started:
            raise CalendarError("read_before_start", _("Thời điểm đọc đồng hồ phải sau thời điểm bắt đầu."))
        intervals = _merge([self._pause_interval(pause, started, at) for pause in pauses])
        suspended = sum((self.working_time_between(a, b) for a, b in intervals), ZERO)
        new_due = self._walk(due, suspended) if suspended else due
        lines = [_("Tạm dừng %(a)s – %(b)s.") % {"a": format_instant(a), "b": format_instant(b)} for a, b in intervals]
        if suspended:
            lines.append(
                _("Không tính %(work)s làm việc khi tạm dừng: hạn lùi từ %(old)s đến %(new)s.")
                % {"work": format_duration(suspended), "old": format_instant(due), "new": format_instant(new_due)}
            )
        return ClockReading(
            at=at,
            consumed=self.working_time_between(started, at) - suspended,
            suspended=suspended,
            due=new_due,
            remaining=self.working_time_between(at, new_due),
            paused=any(self._local(p.start) <= at and (p.end is None or self._local(p.end) > at) for p in pauses),
            explanation=tuple(lines),
        )

    def _pause_interval(self, pause: Pause, started: datetime, at: datetime) -> tuple[datetime, datetime]:
        begin = self._local(pause.start)
        end = at if pause.end is None else self._local(pause.end)
        if end < begin:
            raise CalendarError("bad_pause", _("Thời điểm tiếp tục phải sau thời điểm tạm dừng."))
        return max(begin, started), max(min(end, at), started)

    # -- helpers ---------------------------------------------------------------------------------------------

    def _local(self, instant: datetime) -> datetime:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise CalendarError("naive_datetime", _("Thời điểm phải kèm múi giờ."))
        return instant.astimezone(self.tz)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.tz)

    def _end_of_day(self, day: date) -> datetime:
        return self._at(day, self.working_periods[-1][1])

    def _walk(self, start: datetime, work: timedelta) -> datetime:
        """The instant at which `work` of working time has run from `start`; it may stop exactly at a period's end."""
        day = start.date()
        while True:
            day = self.next_working_day(day)
            for opens, closes in self.periods(day):
                begin = max(opens, start)
                if closes <= begin:
                    continue
                if work <= closes - begin:
                    return begin + work
                work -= closes - begin
            day += timedelta(days=1)

    def _day_notes(self, first: date, last: date) -> list[str]:
        """Days off skipped in [first, last], grouped into ranges, and the make-up days counted."""
        lines: list[str] = []
        run: list[date] = []
        for day in _dates(first, last):
            if not self.is_working_day(day):
                run.append(day)
                continue
            if run:
                lines.append(self._skipped_line(run))
                run = []
            exception = self.exceptions.get(day)
            if exception and exception.working:
                lines.append(
                    _("Tính %(day)s là ngày làm việc: %(reason)s.")
                    % {"day": format_day(day), "reason": exception.reason}
                )
        if run:
            lines.append(self._skipped_line(run))
        return lines

    def _skipped_line(self, run: list[date]) -> str:
        reasons = sorted(dict.fromkeys(self._off_reason(day) for day in run), key=self._is_weekly_reason)
        return _("Không tính %(span)s: %(reasons)s.") % {
            "span": format_span(run[0], run[-1]),
            "reasons": ", ".join(reasons),
        }

    def _off_reason(self, day: date) -> str:
        exception = self.exceptions.get(day)
        if exception and not exception.working:
            return exception.reason
        return _("nghỉ cuối tuần") if day.weekday() >= 5 else _("ngày nghỉ hằng tuần")

    @staticmethod
    def _is_weekly_reason(reason: str) -> bool:
        return reason in (_("nghỉ cuối tuần"), _("ngày nghỉ hằng tuần"))


# -- values in, text out -------------------------------------------------------------------------------------


def parse_instant(text: str, tz: tzinfo) -> datetime:
    """ISO 8601 ("2026-02-13 16:00", "2026-02-13T16:00+07:00") or "13/02/2026 16:00"; no offset means `tz`."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        for text_format in _TEXT_FORMATS:
            try:
                return datetime.strptime(text, text_format).replace(tzinfo=tz)
            except ValueError:
                continue
        raise CalendarError(
            "bad_datetime",
            _("Không đọc được thời điểm “%(text)s”: dùng dạng 2026-02-13 16:00 hoặc ISO 8601.") % {"text": text},
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def format_day(day: date) -> str:
    return f"{_(_WEEKDAY_NAMES[day.weekday()])} {day:%d/%m/%Y}"


def format_instant(instant: datetime) -> str:
    clock = f"{instant:%H:%M}" if instant.second == 0 else f"{instant:%H:%M:%S}"
    return f"{clock} {format_day(instant.date())}"


def format_span(first: date, last: date) -> str:
    if first == last:
        return format_day(first)
    if first.year == last.year:
        return f"{first:%d/%m}–{last:%d/%m/%Y}"
    return f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"


def format_duration(duration: timedelta) -> str:
    minutes = round(duration.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if not minutes:
        return _("%(h)d giờ") % {"h": hours}
    return _("%(h)d giờ %(m)d phút") % {"h": hours, "m": minutes}


def format_number(amount: Decimal) -> str:
    """The active language's decimal separator: 0,5 in Vietnamese, 0.5 in English.

    With translation deactivated the sentences stay in their Vietnamese source, so the number does too.
    """
    separator = get_format("DECIMAL_SEPARATOR", lang=get_language() or "vi")
    return format(amount.normalize(), "f").replace(".", separator)


def check_asked(*instants: datetime, span: bool = False) -> None:
    """Refuse what a public caller may not ask: an instant outside FIRST_YEAR–LAST_YEAR, or (`span`) two instants
    further apart than MAX_SPAN. The engine itself takes any range; the API and the web pages ask through this."""
    for instant in instants:
        if not FIRST_YEAR <= instant.year <= LAST_YEAR:
            raise CalendarError(
                "out_of_range",
                _("Thời điểm %(instant)s nằm ngoài các năm %(first)d–%(last)d mà lịch làm việc tính được.")
                % {"instant": instant.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR},
            )
    if span and len(instants) == 2 and abs(instants[1] - instants[0]) > MAX_SPAN:
        raise CalendarError(
            "range_too_wide",
            _("Khoảng thời gian dài quá giới hạn %(years)d năm (%(days)d ngày); hãy chia thành các khoảng ngắn hơn.")
            % {"years": MAX_SPAN_YEARS, "days": MAX_SPAN.days},
        )


def _check_unit(unit: TimeUnit | str) -> TimeUnit:
    try:
        return TimeUnit(unit)
    except ValueError:
        choices = ", ".join(member.value for member in TimeUnit)
        raise CalendarError(
            "bad_unit",
            _("Đơn vị thời hạn “%(unit)s” không hợp lệ; chọn một trong: %(choices)s.")
            % {
                "unit": unit,
                "choices": choices,
            },
        ) from None


def _check_amount(amount: int | float | Decimal | str, unit: TimeUnit) -> Decimal:
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise CalendarError("bad_amount", _("Thời hạn phải là một số không âm."))
    if unit is TimeUnit.CALENDAR_DAYS and value != value.to_integral_value():
        raise CalendarError("bad_amount", _("Thời hạn tính theo ngày lịch phải là số nguyên."))
    return value


def _dates(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Overlapping pauses count once."""
    merged: list[tuple[datetime, datetime]] = []
    for begin, end in sorted(interval for interval in intervals if interval[0] < interval[1]):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged
