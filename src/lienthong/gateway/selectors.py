"""Reads of the gateway: a system's dossiers (cursor pages), the catalogue in force, reconciliation differences."""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.models import ProcedureVersion, RequiredDocument
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.selectors import dossier_active_steps
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, ReconciliationReport, SystemDossier

PAGE_MAX = 500


def agency_dossiers_q(agency_id: int, *, dossier: str = "") -> Q:
    """The dossiers an agency's software sees and hears of: those the agency received, and those with a step at
    the agency — so the software of the department or committee that processes a step reports it itself, as its
    officers would in the back office. `dossier`: the path to the dossier from the model filtered ("" for Dossier,
    "dossier" for its events). The API's reads and the webhooks' catch-up both ask this."""
    stepped = StepInstance.objects.filter(agency_id=agency_id).values("dossier_id")
    if not dossier:
        return Q(agency_id=agency_id) | Q(pk__in=stepped)
    return Q(**{f"{dossier}__agency_id": agency_id}) | Q(**{f"{dossier}_id__in": stepped})


def _dossiers_of(system: ConnectedSystem) -> QuerySet[Dossier]:
    """The dossiers a system may see (`agency_dossiers_q`), with the system's own id for each, if any."""
    external = SystemDossier.objects.filter(system=system, dossier=OuterRef("pk")).values("external_id")[:1]
    return (
        Dossier.objects.filter(agency_dossiers_q(system.agency_id))
        .select_related("procedure_version__procedure")
        .annotate(external_id=Subquery(external))
    )


def system_dossier_get(*, system: ConnectedSystem, code: str) -> Dossier:
    """One dossier of the system's agency by its code; another agency's is as absent as one that does not exist."""
    dossier = _dossiers_of(system).filter(code=code).first()
    if dossier is None:
        raise GatewayError(GatewayError.NOT_FOUND, _("Không tìm thấy hồ sơ %(code)s.") % {"code": code}, status=404)
    return dossier


def system_dossier_steps(*, dossier: Dossier):
    return dossier_active_steps(dossier_id=dossier.pk).select_related("agency").order_by("position", "id")


@dataclass(frozen=True)
class Page:
    items: list[Dossier]
    next_cursor: str | None


def cursor_encode(updated_at: dt.datetime, pk: int) -> str:
    raw = json.dumps([updated_at.astimezone(dt.UTC).isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        instant = dt.datetime.fromisoformat(at)
        if timezone.is_naive(instant) or not isinstance(pk, int):
            raise ValueError
        return instant, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise GatewayError(GatewayError.INVALID_CURSOR, _("Con trỏ phân trang không hợp lệ.")) from None


def _utc(instant: dt.datetime) -> dt.datetime:
    """The instant in UTC, as the database compares it: ISO 8601 allows offsets PostgreSQL refuses (beyond ±15:59),
    and an instant at the calendar's very edge cannot move to UTC at all (then it is before or after everything)."""
    if instant.tzinfo is None:
        instant = timezone.make_aware(instant)
    try:
        return instant.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min.replace(tzinfo=dt.UTC) if instant.year == dt.MINYEAR else None
        return edge or dt.datetime.max.replace(tzinfo=dt.UTC)


def system_dossier_page(*, system: ConnectedSystem, cursor: str = "", limit: int = 100, status: str = "",
                        updated_since: dt.datetime | None = None, procedure: str = "") -> Page:  # fmt: skip
    """Dossiers in (updated_at, id) order after the cursor: a dossier inserted or changed during a walk lands at
    its end (its updated_at is later than any cursor handed out), so a walk sees every row that existed when it
    began exactly once — once more only if it changed meanwhile, which is what a sync wants."""
    queryset = _dossiers_of(system)
    if status:
        queryset = queryset.filter(status=status)
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=_utc(updated_since))
    if procedure:
        queryset = queryset.filter(procedure_version__procedure__national_code=procedure)
    if cursor:
        at, pk = cursor_decode(cursor)
        queryset = queryset.filter(Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=pk))
    limit = max(1, min(limit, PAGE_MAX))
    rows = list(queryset.order_by("updated_at", "pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = cursor_encode(rows[-1].updated_at, rows[-1].pk) if more else None
    return Page(items=rows, next_cursor=next_cursor)


def catalogue_versions_in_force(*, field: str = "") -> QuerySet[ProcedureVersion]:
    """The versions in force with their documents, in two queries whatever their number."""
    queryset = (
        ProcedureVersion.objects.filter(is_current=True)
        .select_related("procedure__field")
        .prefetch_related(Prefetch("documents", queryset=RequiredDocument.objects.order_by("position")))
        .order_by("procedure__national_code")
    )
    return queryset.filter(procedure__field__code=field) if field else queryset


def catalogue_version_in_force(*, code: str) -> ProcedureVersion:
    version = catalogue_versions_in_force().filter(procedure__national_code=code).first()
    if version is None:
        raise GatewayError(
            GatewayError.NOT_FOUND, _("Không có thủ tục đang áp dụng mã %(code)s.") % {"code": code}, status=404
        )
    return version


@dataclass(frozen=True)
class Difference:
    procedure: str
    status: str
    reported: int
    ours: int


def reconciliation_differences(*, system: ConnectedSystem, day: dt.date) -> tuple[ReconciliationReport, list]:
    """Where the unit's counts for `day` differ from ours: the agency's dossiers submitted that local day, by
    procedure and current status (a count on both sides equal is not listed)."""
    report = ReconciliationReport.objects.filter(system=system, day=day).first()
    if report is None:
        raise GatewayError(
            GatewayError.NOT_FOUND, _("Chưa có báo cáo đối soát ngày %(day)s.") % {"day": day.isoformat()}, status=404
        )
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    ours_rows = (
        Dossier.objects.filter(agency_id=system.agency_id, submitted_at__gte=start,
                               submitted_at__lt=start + dt.timedelta(days=1))
        .values("procedure_version__procedure__national_code", "status")
        .annotate(n=Count("pk"))
    )  # fmt: skip
    ours = {(r["procedure_version__procedure__national_code"], r["status"]): r["n"] for r in ours_rows}
    reported = {(r["procedure"], r["status"]): r["count"] for r in report.counts}
    differences = [
        Difference(procedure=p, status=s, reported=reported.get((p, s), 0), ours=ours.get((p, s), 0))
        for p, s in sorted(set(ours) | set(reported))
        if reported.get((p, s), 0) != ours.get((p, s), 0)
    ]
    return report, differences
