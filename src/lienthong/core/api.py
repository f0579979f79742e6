"""`/api/v1/calendar/…`: the deadline engine, read-only and public (it publishes the law's arithmetic, no data)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator, ConfigDict

from lienthong.core.calendar import FIRST_YEAR, LAST_YEAR, MAX_SPAN_YEARS, CalendarError, TimeUnit, check_asked
from lienthong.core.problems import Problem, problem_response
from lienthong.core.services import calendar_add, calendar_working_time_between, calendar_year_days

router = Router(tags=["calendar"])

INSTANT = (
    "ISO 8601, e.g. 2026-02-13T16:00:00+07:00 (encode + as %2B); without an offset: Asia/Ho_Chi_Minh. "
    f"Local years {FIRST_YEAR} to {LAST_YEAR}."
)
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)  # why these: core/calendar.py


def _within_years(instant: datetime) -> datetime:
    try:
        year = timezone.localtime(_aware(instant)).year
    except OverflowError:  # 9999-12-31T23:00Z is past the last local day datetime can hold
        year = None
    if year not in YEARS:
        raise ValueError(_("Thời điểm phải thuộc các năm %(first)d–%(last)d.") % {"first": YEARS[0], "last": YEARS[-1]})
    return instant


Instant = Annotated[datetime, AfterValidator(_within_years)]


class CalendarAddQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    start: Instant = Field(description=INSTANT)
    amount: Decimal = Field(ge=0, le=3650, description="How many units, e.g. 3 or 0.5.")
    unit: TimeUnit = Field(description="working_days, working_hours, calendar_days or immediate.")


class CalendarAddOut(Schema):
    start: datetime
    amount: float
    unit: TimeUnit
    counted_from: datetime = Field(description="Where counting started, after normalisation and the cut-off.")
    due: datetime
    explanation: list[str] = Field(
        description=(
            "How the due instant was reached, one sentence each, "
            "in the language asked for with Accept-Language (Vietnamese by default)."
        )
    )


class CalendarBetweenQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    start: Instant = Field(description=INSTANT)
    end: Instant = Field(description=INSTANT)


class CalendarBetweenOut(Schema):
    start: datetime
    end: datetime
    working_seconds: int = Field(description="Working time between the instants; negative when end < start.")
    working_hours: float


class CalendarDaysQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)


class CalendarDayOut(Schema):
    date: date
    kind: Literal["day_off", "working_day"]
    reason: str
    source: Literal["package", "override"] = Field(description="The `holidays` package or an administrator.")


@router.get(
    "/add",
    response={200: CalendarAddOut, 422: Problem},
    summary="Add a period to an instant and explain the due instant",
    operation_id="calendar_add",
    url_name="calendar-add",
)
def add(request: HttpRequest, query: Query[CalendarAddQuery]) -> CalendarAddOut | HttpResponse:
    if unknown := _unknown_parameters(request, CalendarAddQuery):
        return unknown
    start = _aware(query.start)
    try:
        check_asked(start)
        computed = calendar_add(start=start, amount=query.amount, unit=query.unit)
    except CalendarError as exc:
        return _problem(request, exc)
    return CalendarAddOut(
        start=start,
        amount=float(query.amount),
        unit=query.unit,
        counted_from=computed.counted_from,
        due=computed.instant,
        explanation=list(computed.explanation),
    )


@router.get(
    "/between",
    response={200: CalendarBetweenOut, 422: Problem},
    summary="Working time between two instants",
    description=f"At most {MAX_SPAN_YEARS} years apart (422 `calendar.range_too_wide`), both within "
    f"{FIRST_YEAR}–{LAST_YEAR} (422 naming the parameter).",
    operation_id="calendar_between",
    url_name="calendar-between",
)
def between(request: HttpRequest, query: Query[CalendarBetweenQuery]) -> CalendarBetweenOut | HttpResponse:
    if unknown := _unknown_parameters(request, CalendarBetweenQuery):
        return unknown
    start, end = _aware(query.start), _aware(query.end)
    try:
        check_asked(start, end, span=True)
        work = calendar_working_time_between(start=start, end=end)
    except CalendarError as exc:
        return _problem(request, exc)
    seconds = int(work.total_seconds())
    return CalendarBetweenOut(start=start, end=end, working_seconds=seconds, working_hours=round(seconds / 3600, 4))


@router.get(
    "/days",
    response={200: list[CalendarDayOut], 422: Problem},
    summary="Days off and make-up working days of a year",
    operation_id="calendar_days",
    url_name="calendar-days",
)
def days(request: HttpRequest, query: Query[CalendarDaysQuery]) -> list[CalendarDayOut] | HttpResponse:
    if unknown := _unknown_parameters(request, CalendarDaysQuery):
        return unknown
    try:
        entries = calendar_year_days(year=query.year)
    except CalendarError as exc:
        return _problem(request, exc)
    return [CalendarDayOut(date=e.date, kind=e.kind, reason=e.reason, source=e.source) for e in entries]


def _unknown_parameters(request: HttpRequest, schema: type[Schema]) -> HttpResponse | None:
    """Ninja passes only the declared query parameters; a misspelt one ("amout") must fail, not be ignored."""
    unknown = sorted(set(request.GET) - set(schema.model_fields))
    if not unknown:
        return None
    return problem_response(
        request,
        status=422,
        title=_("Dữ liệu không hợp lệ"),
        code="validation_error",
        detail=ngettext(
            "Tham số không được hỗ trợ: %(parameters)s.", "Tham số không được hỗ trợ: %(parameters)s.", len(unknown)
        )
        % {"parameters": ", ".join(unknown)},
    )


def _aware(instant: datetime) -> datetime:
    """No offset given: the province's local time."""
    return instant if timezone.is_aware(instant) else timezone.make_aware(instant)


def _problem(request: HttpRequest, exc: CalendarError) -> HttpResponse:
    return problem_response(
        request, status=422, title=_("Không tính được thời hạn"), code=f"calendar.{exc.code}", detail=str(exc)
    )
