"""Writes of the readiness survey: a commune's record (phone form), a quarter's XLSX (one row per commune; each row
valid or named, nothing half-written; importing the same file again changes nothing), closing a quarter."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.core.text import fold
from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency
from lienthong.readiness.constants import FIELDS, MAX_COUNT, QUESTIONNAIRE_VERSION, QUESTIONS, Source
from lienthong.readiness.models import SurveyPeriod, SurveyRecord, VillageRecord


class ReadinessError(ValidationError):
    """Bad input to the survey, worded for the officer."""


def _label(name: str) -> str:
    return str(dict(QUESTIONS[QUESTIONNAIRE_VERSION])[name])


def values_check(values: dict[str, int]) -> list[str]:
    """What is wrong with one commune's answers (empty: nothing): counts are whole numbers, parts not above wholes."""
    problems = []
    for name in FIELDS:
        value = values.get(name)
        if value is None:
            problems.append(_("thiếu “%(q)s”") % {"q": _label(name)})
        elif not 0 <= value <= MAX_COUNT:
            problems.append(
                _("“%(q)s” phải từ 0 đến %(max)s") % {"q": _label(name), "max": f"{MAX_COUNT:,}".replace(",", ".")}
            )
    if problems:
        return problems
    parts = (
        ("smartphone_owners", "adults"),
        ("feature_phone_only", "adults"),
        ("vneid_level2", "adults"),
        ("households_broadband", "households"),
        ("poor_without_device", "households"),
    )
    for part, whole in parts:
        if values[part] > values[whole]:
            problems.append(
                _("“%(part)s” (%(a)s) lớn hơn “%(whole)s” (%(b)s)")
                % {"part": _label(part), "a": values[part], "whole": _label(whole), "b": values[whole]}
            )
    if not problems and values["smartphone_owners"] + values["feature_phone_only"] > values["adults"]:
        problems.append(
            _(
                "số người có điện thoại thông minh cộng số người chỉ dùng điện thoại phổ thông lớn hơn số "
                "người trưởng thành"
            )
        )
    return problems


def _chart_soon(period: SurveyPeriod) -> None:
    from lienthong.readiness.tasks import chart_draw_soon  # the tasks read the selectors, which read this module

    chart_draw_soon(period.key)


def period_get(*, year: int, quarter: int) -> SurveyPeriod:
    if not (2000 <= year <= 2099 and 1 <= quarter <= 4):
        raise ReadinessError(_("Kỳ khảo sát không hợp lệ."))
    period, _created = SurveyPeriod.objects.get_or_create(year=year, quarter=quarter)
    return period


def _check_open(period: SurveyPeriod) -> None:
    if period.closed_at is not None:
        raise ReadinessError(_("%(period)s đã khóa sổ: số liệu không thay đổi được.") % {"period": period.label})


@transaction.atomic
def period_close(*, period: SurveyPeriod, now: dt.datetime | None = None) -> SurveyPeriod:
    """Freeze a quarter: its records change no more (form and import refuse)."""
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if period.closed_at is None:
        period.closed_at = now or timezone.now()
        period.save(update_fields=["closed_at"])
    return period


@transaction.atomic
def record_save(
    *, period: SurveyPeriod, agency: Agency, values: dict[str, int], by=None, source: str = Source.FORM
) -> SurveyRecord:
    """One commune's answers for the quarter (the phone form)."""
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    if problems := values_check(values):
        raise ReadinessError("; ".join(problems))
    record, _created = SurveyRecord.objects.update_or_create(
        period=period,
        agency=agency,
        defaults={
            **{n: values[n] for n in FIELDS},
            "version": QUESTIONNAIRE_VERSION,
            "source": source,
            "updated_at": timezone.now(),
            "updated_by": by,
        },
    )
    VillageRecord.objects.filter(period=period, agency=agency).delete()  # the commune's own figure, not their sum
    _chart_soon(period)
    return record


@dataclass
class RowError:
    row: int
    commune: str
    problems: list[str]
    village: str = ""

    def __str__(self) -> str:
        commune = self.commune or _("không có mã xã")
        return _("Dòng %(row)s (%(commune)s): %(problems)s.") % {
            "row": self.row,
            "commune": f"{commune}, {self.village}" if self.village else commune,
            "problems": "; ".join(self.problems),
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    villages: int = 0  # village rows written (a file of one row per village)
    skipped: list[str] = field(default_factory=list)  # communes left out whole: one of their village rows was wrong

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def survey_communes() -> dict[str, Agency]:
    """The communes that answer, by their statistical code (TCTK): each commune's people's committee."""
    agencies = Agency.objects.filter(
        is_active=True, kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.COMMUNE, unit__isnull=False
    ).select_related("unit")
    return {a.unit.code: a for a in agencies}


def _villages_summed(rows, communes: dict[str, Agency], result: ImportResult):
    """A file of one row per village: each row checked and named (unknown commune, no village name, a village twice,
    a part above its whole); a commune with a wrong row is left out whole — its sum would be wrong. The others: one
    summed row per commune (the number of its first row) and its villages (name, folded name, values)."""
    seen: dict[tuple[str, str], int] = {}
    good: dict[str, list[tuple[int, str, str, dict[str, int]]]] = {}
    wrong: set[str] = set()
    for number, code, values, problems, village in rows:
        problems = list(problems)
        key = fold(village)
        if code not in communes:
            problems.insert(
                0, _("mã xã “%(code)s” không có trong danh mục") % {"code": code} if code else _("thiếu mã xã")
            )
        if not key:
            problems.append(_("thiếu tên thôn, tổ dân phố"))
        elif (code, key) in seen:
            problems.append(_("trùng thôn, tổ dân phố với dòng %(row)s") % {"row": seen[(code, key)]})
        if not problems:
            problems = values_check(values)
        if problems:
            result.errors.append(RowError(number, code, problems, village))
            if code in communes:
                wrong.add(code)
            continue
        seen[(code, key)] = number
        good.setdefault(code, []).append((number, village, key, values))
    result.skipped = sorted(wrong & set(good))
    summed = {code: villages for code, villages in good.items() if code not in wrong}
    commune_rows = [
        (villages[0][0], code, {name: sum(v[3][name] for v in villages) for name in FIELDS}, [])
        for code, villages in summed.items()
    ]
    return commune_rows, summed


def _villages_write(*, period, communes, summed, by, now) -> set[str]:
    """Replace each commune's villages where they differ from the file's; the communes changed."""
    stored: dict[int, dict[str, tuple]] = {}
    for record in VillageRecord.objects.filter(period=period, agency__in=[communes[c] for c in summed]):
        stored.setdefault(record.agency_id, {})[record.village_key] = (
            record.village,
            *(getattr(record, n) for n in FIELDS),
        )
    changed, creates = set(), []
    for code, villages in summed.items():
        agency = communes[code]
        wanted = {key: (village, *(values[n] for n in FIELDS)) for _number, village, key, values in villages}
        if stored.get(agency.pk, {}) == wanted:
            continue
        changed.add(code)
        creates += [
            VillageRecord(period=period, agency=agency, village=village, village_key=key,
                          version=QUESTIONNAIRE_VERSION, updated_at=now, updated_by=by, **values)
            for _number, village, key, values in villages
        ]  # fmt: skip
    VillageRecord.objects.filter(period=period, agency__in=[communes[c] for c in changed]).delete()
    VillageRecord.objects.bulk_create(creates)
    return changed


@transaction.atomic
def survey_import(
    *,
    period: SurveyPeriod,
    rows: list[tuple],
    by=None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Write the valid rows of a quarter's file, name the others: (row number, commune code, values, problems
    found while reading[, village]). A row equal to what is stored is left untouched (a second import changes
    nothing). A file of one row per village (the village's name given): each commune's record is the sum of its
    villages, written with them; a commune with a wrong village row is left out whole."""
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    now = now or timezone.now()
    communes = survey_communes()
    result = ImportResult()
    village_rows = [row for row in rows if len(row) > 4 and row[4] is not None]
    rows = [row[:4] for row in rows if len(row) == 4 or row[4] is None]
    villages_changed: set[str] = set()
    source = Source.XLSX
    if village_rows:
        summed_rows, summed = _villages_summed(village_rows, communes, result)
        rows = [*rows, *summed_rows]
        villages_changed = _villages_write(period=period, communes=communes, summed=summed, by=by, now=now)
        result.villages = sum(len(villages) for villages in summed.values())
        source = Source.VILLAGES
    stored = {r.agency_id: r for r in SurveyRecord.objects.filter(period=period)}
    seen, creates, updates = {}, [], []
    for number, code, values, problems in rows:
        problems = list(problems)
        agency = communes.get(code)
        if agency is None:
            problems.insert(
                0, _("mã xã “%(code)s” không có trong danh mục") % {"code": code} if code else _("thiếu mã xã")
            )
        elif code in seen:
            problems.insert(0, _("trùng mã xã với dòng %(row)s") % {"row": seen[code]})
        if not problems:
            problems = values_check(values)
        if problems:
            result.errors.append(RowError(number, code, problems))
            continue
        seen[code] = number
        record = stored.get(agency.pk)
        if record is None:
            creates.append(
                SurveyRecord(
                    period=period,
                    agency=agency,
                    version=QUESTIONNAIRE_VERSION,
                    source=source,
                    updated_at=now,
                    updated_by=by,
                    **values,
                )
            )
        elif (
            any(getattr(record, n) != values[n] for n in FIELDS)
            or record.version != QUESTIONNAIRE_VERSION
            or record.source != source
            or code in villages_changed
        ):
            for name in FIELDS:
                setattr(record, name, values[name])
            record.version, record.source, record.updated_at, record.updated_by = QUESTIONNAIRE_VERSION, source, now, by
            updates.append(record)
        else:
            result.unchanged += 1
    SurveyRecord.objects.bulk_create(creates)
    SurveyRecord.objects.bulk_update(updates, [*FIELDS, "version", "source", "updated_at", "updated_by"])
    if not village_rows:  # a commune's own row replaces the sum of its villages
        VillageRecord.objects.filter(period=period, agency__in=[r.agency for r in (*creates, *updates)]).delete()
    result.created, result.updated = len(creates), len(updates)
    result.errors.sort(key=lambda error: error.row)
    if creates or updates:
        _chart_soon(period)
    return result
