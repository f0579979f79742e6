"""Writes of roadmaps: items (one, or one per unit from a plan), milestones, evidence, status. Each atomic,
keyword-only; evidence evaluation and escalation live in `evaluation` and `escalation`."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from lienthong.core.calendar import format_day
from lienthong.core.calendar_store import work_calendar_current
from lienthong.org.models import Agency
from lienthong.roadmaps.constants import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    EvidenceKind,
    ItemKind,
    ItemStatus,
    Source,
)
from lienthong.roadmaps.models import Milestone, Plan, RoadmapItem

FIRST_DUE_YEAR, LAST_DUE_YEAR = 2020, 2099


class RoadmapError(ValidationError):
    """Bad input to a roadmap service, worded for the officer."""


@dataclass(frozen=True)
class Due:
    on: dt.date
    note: str


def due_compute(*, start: dt.date | None = None, working_days: int | None = None, given: dt.date | None = None) -> Due:
    """The due date on the legal clock: `working_days` counted from `start` (holidays and weekends skipped), or a
    date given by the plan, moved to the next working day when it is a day off (Civil Code 2015 art. 148(5))."""
    calendar = work_calendar_current()
    if working_days is not None:
        if working_days < 1 or working_days > 2000:
            raise RoadmapError(_("Số ngày làm việc phải từ 1 đến 2000."))
        begin = start or timezone.localdate()
        opening = dt.datetime.combine(begin, calendar.working_periods[0][0], tzinfo=calendar.tz)
        computed = calendar.add(opening, working_days, "working_days")
        return Due(timezone.localtime(computed.instant, calendar.tz).date(), " ".join(computed.explanation))
    if given is None:
        raise RoadmapError(_("Cần hạn hoàn thành: một ngày, hoặc số ngày làm việc."))
    if not FIRST_DUE_YEAR <= given.year <= LAST_DUE_YEAR:  # the calendar knows its holidays to 2099
        raise RoadmapError(_("Hạn hoàn thành phải trong khoảng năm %(first)s–%(last)s.")
                           % {"first": FIRST_DUE_YEAR, "last": LAST_DUE_YEAR})  # fmt: skip
    moved = calendar.next_working_day(given)
    if moved != given:
        return Due(
            moved,
            _("%(given)s là ngày nghỉ: hạn chuyển sang ngày làm việc tiếp theo %(moved)s.")
            % {"given": format_day(given), "moved": format_day(moved)},
        )
    return Due(given, "")


def working_days_after(day: dt.date, days: int) -> dt.date:
    """The working day `days` working days after `day` (the escalation's later steps)."""
    calendar = work_calendar_current()
    current = day
    for _n in range(days):
        current = calendar.next_working_day(current + dt.timedelta(days=1))
    return current


def indicator_codes() -> list[str]:
    """The indicators an item may watch: those of the Decision 766 version in force (DOSSIER_SYNC, …)."""
    from lienthong.reports.kpi766 import CURRENT_VERSION, load_version

    return [indicator.code for indicator in load_version(CURRENT_VERSION).indicators]


def _check_evidence(kind: str, params: dict) -> dict:
    if kind not in EvidenceKind.values:
        raise RoadmapError(_("Loại minh chứng không hợp lệ."))
    params = dict(params or {})
    if kind == EvidenceKind.INDICATOR:
        try:
            params["threshold"] = float(params.get("threshold"))
        except (TypeError, ValueError) as error:
            raise RoadmapError(_("Chỉ số QĐ 766 cần một ngưỡng là số.")) from error
        code = str(params.get("indicator") or "total").strip().upper()
        if code != "TOTAL" and code not in indicator_codes():
            raise RoadmapError(_("Không có chỉ số %(code)s trong Bộ chỉ số QĐ 766 hiện hành.") % {"code": code[:60]})
        params["indicator"] = "total" if code == "TOTAL" else code
    if kind == EvidenceKind.ONLINE_DOSSIERS:
        try:
            params["count"] = int(params.get("count"))
        except (TypeError, ValueError) as error:
            raise RoadmapError(_("Cần số hồ sơ trực tuyến phải đạt.")) from error
        if params["count"] < 1:
            raise RoadmapError(_("Cần số hồ sơ trực tuyến phải đạt."))
    return params


def _new_item(
    *,
    agency_id: int,
    title: str,
    kind: str,
    legal_basis: str,
    owner: str,
    due: Due,
    evidence_kind: str,
    evidence_params: dict,
    source: str,
    plan: Plan | None = None,
    now: dt.datetime,
) -> RoadmapItem:
    if kind not in ItemKind.values:
        raise RoadmapError(_("Loại nhiệm vụ không hợp lệ."))
    if not title.strip():
        raise RoadmapError(_("Cần tên nhiệm vụ."))
    return RoadmapItem(
        agency_id=agency_id,
        plan=plan,
        source=source,
        title=title.strip()[:255],
        kind=kind,
        legal_basis=legal_basis.strip()[:255],
        owner=owner.strip()[:150],
        due_on=due.on,
        due_note=due.note,
        evidence_kind=evidence_kind,
        evidence_params=_check_evidence(evidence_kind, evidence_params),
        status_since=now,
    )


@transaction.atomic
def item_create(
    *,
    agency: Agency,
    title: str,
    kind: str,
    due: Due,
    evidence_kind: str,
    evidence_params: dict | None = None,
    legal_basis: str = "",
    owner: str = "",
    milestones: list[tuple[str, dt.date]] = (),
    source: str = Source.UNIT,
) -> RoadmapItem:
    """A unit's own item (or one made by the system), with its milestones."""
    now = timezone.now()
    item = _new_item(
        agency_id=agency.pk,
        title=title,
        kind=kind,
        legal_basis=legal_basis,
        owner=owner,
        due=due,
        evidence_kind=evidence_kind,
        evidence_params=evidence_params or {},
        source=source,
        now=now,
    )
    item.save()
    Milestone.objects.bulk_create([Milestone(item=item, title=t, due_on=d) for t, d in milestones])
    item.status = status_of(item=item, today=timezone.localdate(now))
    item.save(update_fields=["status"])
    return item


@transaction.atomic
def plan_issue(
    *,
    title: str,
    legal_basis: str,
    agencies: list[Agency],
    kind: str,
    due: Due,
    evidence_kind: str,
    evidence_params: dict | None = None,
    milestones: list[tuple[str, dt.date]] = (),
    issued_by=None,
    now: dt.datetime | None = None,
) -> Plan:
    """The province issues one item to many units at once (every commune): one item each, the same milestones."""
    if not agencies:
        raise RoadmapError(_("Kế hoạch cần ít nhất một đơn vị nhận."))
    now = now or timezone.now()
    plan = Plan.objects.create(
        title=title.strip()[:255], legal_basis=legal_basis.strip()[:255], issued_at=now, issued_by=issued_by
    )
    items = RoadmapItem.objects.bulk_create(
        [
            _new_item(
                agency_id=a.pk,
                title=title,
                kind=kind,
                legal_basis=legal_basis,
                owner="",
                due=due,
                evidence_kind=evidence_kind,
                evidence_params=evidence_params or {},
                source=Source.PLAN,
                plan=plan,
                now=now,
            )
            for a in agencies
        ]
    )
    Milestone.objects.bulk_create([Milestone(item=i, title=t, due_on=d) for i in items for t, d in milestones])
    return plan


@transaction.atomic
def milestone_done(*, milestone: Milestone, on: dt.date | None = None) -> Milestone:
    milestone.done_on = on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    status_refresh(items=[milestone.item])
    return milestone


def _sniff(upload: UploadedFile) -> str:
    import filetype

    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:
        raise RoadmapError(_("Tệp minh chứng quá lớn (tối đa 10 MB)."))
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise RoadmapError(_("Tệp minh chứng phải là PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."))
    return EVIDENCE_TYPES[kind.mime]


@transaction.atomic
def evidence_upload(*, item: RoadmapItem, upload: UploadedFile) -> RoadmapItem:
    """A decision or report proving the item done: bounded, type-sniffed, stored under a generated name."""
    if item.evidence_kind != EvidenceKind.DOCUMENT:
        raise RoadmapError(_("Nhiệm vụ này được đánh giá tự động từ số liệu của hệ thống."))
    extension = _sniff(upload)
    item.evidence_name = (upload.name or "")[:255]
    item.evidence_file.save(f"{get_random_string(24)}.{extension}", upload, save=False)
    item.save(update_fields=["evidence_file", "evidence_name"])
    evidence_set(items=[item], results={item.pk: (True, _("Đã có văn bản minh chứng."))})
    return item


def status_of(*, item: RoadmapItem, today: dt.date, milestones: list[Milestone] | None = None) -> str:
    """Green when the evidence holds; red past the due date; amber when a milestone has slipped; else on track."""
    if item.evidence_met:
        return ItemStatus.GREEN
    if today > item.due_on:
        return ItemStatus.RED
    milestones = item.milestones.all() if milestones is None else milestones
    if any(m.done_on is None and m.due_on < today for m in milestones):
        return ItemStatus.AMBER
    return ItemStatus.ON_TRACK


@transaction.atomic
def evidence_set(
    *, items: list[RoadmapItem], results: dict[int, tuple[bool, str]], now: dt.datetime | None = None
) -> list[RoadmapItem]:
    """Record each item's evidence check (met, what was found) and recompute statuses; returns those changed."""
    now = now or timezone.now()
    for item in items:
        if item.pk in results:
            item.evidence_met, item.evidence_note = results[item.pk][0], results[item.pk][1][:255]
            item.evidence_checked_at = now
    RoadmapItem.objects.bulk_update(
        [i for i in items if i.pk in results], ["evidence_met", "evidence_note", "evidence_checked_at"]
    )
    return status_refresh(items=items, now=now)


@transaction.atomic
def status_refresh(*, items: list[RoadmapItem], now: dt.datetime | None = None) -> list[RoadmapItem]:
    """Each item's status from its evidence, due date and milestones, written when it changed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_item: dict[int, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(item_id__in=[i.pk for i in items]):
        by_item.setdefault(milestone.item_id, []).append(milestone)
    changed = []
    for item in items:
        status = status_of(item=item, today=today, milestones=by_item.get(item.pk, []))
        if status != item.status:
            item.status, item.status_since = status, now
            if status == ItemStatus.GREEN and item.done_at is None:
                item.done_at = now
            changed.append(item)
    RoadmapItem.objects.bulk_update(changed, ["status", "status_since", "done_at"])
    return changed
