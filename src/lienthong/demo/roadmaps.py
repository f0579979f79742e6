"""The demo province's roadmaps and last quarter's readiness survey (issue 16): a provincial plan issued to every
commune with items in every state — done, on track, behind a milestone, overdue and already escalated to the head —
a "reconnect" item for each unit the demo's systems left disconnected past the grace period,
and every commune's answers for last quarter (one in eight summed from its villages'), closed. Written once (nothing
if the plan or the quarter exists), in bulk, so the build stays fast.

The escalations are written as the roadmaps' escalation would have written them when the items fell due (the demo
sends no e-mail); the statuses are computed by the roadmaps' own rule (`status_refresh`).
"""

import datetime as dt
import random

from django.utils import timezone

from lienthong.board.selectors import agencies_with_head
from lienthong.core.text import fold
from lienthong.readiness.constants import FIELDS, QUESTIONNAIRE_VERSION, Source
from lienthong.readiness.models import SurveyPeriod, SurveyRecord, VillageRecord
from lienthong.readiness.services import period_close, period_get, survey_communes
from lienthong.roadmaps.constants import ESCALATION_STEPS, EvidenceKind, ItemKind, ItemStatus
from lienthong.roadmaps.escalation import reconnect_items_create
from lienthong.roadmaps.models import ItemEscalation, Milestone, Plan, RoadmapItem
from lienthong.roadmaps.selectors import plan_group_agencies
from lienthong.roadmaps.services import due_compute, plan_issue, status_refresh, working_days_after

ONLINE_PLAN = "Cung cấp dịch vụ công trực tuyến toàn trình cấp xã"
RECEIPTS_PLAN = "Phát hành biên lai điện tử cho phí, lệ phí"


def demo_roadmaps_load(*, now: dt.datetime | None = None) -> int:
    """The two plans and their items' story; returns the items written (0 when the plans exist)."""
    now = now or timezone.now()
    if Plan.objects.filter(title=ONLINE_PLAN).exists():
        return 0
    today = timezone.localdate(now)
    communes = plan_group_agencies("communes")
    if not communes:
        return 0
    online = plan_issue(
        title=ONLINE_PLAN, legal_basis="Thông báo 408/TB-VPCP ngày 08/8/2025", agencies=communes,
        kind=ItemKind.FULLY_ONLINE, due=due_compute(start=today, working_days=20),
        evidence_kind=EvidenceKind.ONLINE_DOSSIERS, evidence_params={"count": 50},
        milestones=[("Rà soát, cấu hình quy trình điện tử", today - dt.timedelta(days=7)),
                    ("Hướng dẫn người dân qua Tổ công nghệ số", today + dt.timedelta(days=14))], now=now,
    )  # fmt: skip
    receipts = plan_issue(
        title=RECEIPTS_PLAN, legal_basis="Kế hoạch 18/KH-UBND ngày 24/7/2025", agencies=communes,
        kind=ItemKind.E_RECEIPTS, due=due_compute(given=working_days_back(today, 12)),
        evidence_kind=EvidenceKind.DOCUMENT, now=now,
    )  # fmt: skip
    _story(online, receipts, today, now)
    reconnect_items_create(now=now)  # the units disconnected past the grace period (demo.systems' story)
    return RoadmapItem.objects.count()


def working_days_back(day: dt.date, days: int) -> dt.date:
    """A working day about `days` working days before `day` (the overdue plan's due date)."""
    candidate = day - dt.timedelta(days=days * 7 // 5 + 2)
    while working_days_after(candidate, days) > day:
        candidate -= dt.timedelta(days=1)
    return candidate


def _story(online: Plan, receipts: Plan, today: dt.date, now: dt.datetime) -> None:
    """Online plan: a third done, a third on track (first milestone done), a third behind it. Receipts plan: two
    thirds done with their decision recorded, the rest overdue and escalated to their heads."""
    online_items = list(online.items.order_by("agency__name"))
    receipt_items = list(receipts.items.order_by("agency__name"))
    done_note = "Đã có văn bản minh chứng."
    for n, item in enumerate(online_items):
        if n % 3 == 0:
            item.evidence_met, item.evidence_note, item.evidence_checked_at = (
                True,
                f"{60 + n} hồ sơ trực tuyến (cần 50).",
                now,
            )
        elif n % 3 == 1:
            Milestone.objects.filter(item=item, due_on__lt=today).update(done_on=today - dt.timedelta(days=8))
    for n, item in enumerate(receipt_items):
        if n % 3 != 2:
            item.evidence_met, item.evidence_note, item.evidence_checked_at = True, done_note, now
            item.evidence_name = "quyet-dinh-phat-hanh-bien-lai.pdf"
    everything = online_items + receipt_items
    RoadmapItem.objects.bulk_update(
        everything, ["evidence_met", "evidence_note", "evidence_checked_at", "evidence_name"]
    )
    status_refresh(items=everything, now=now)
    overdue = [item for item in receipt_items if item.status == ItemStatus.RED]
    heads = {a.pk: a for a in agencies_with_head(today, [i.agency_id for i in overdue])}
    rows = []
    for item in overdue:
        head = heads.get(item.agency_id)
        if head is None:
            continue
        for step, days in ESCALATION_STEPS:  # every step already due was sent when it fell due
            fell_due = working_days_after(item.due_on, days)
            if today > fell_due:
                sent = timezone.make_aware(dt.datetime.combine(fell_due + dt.timedelta(days=1), dt.time(7, 45)))
                rows.append(
                    ItemEscalation(
                        item=item,
                        step=step,
                        sent_at=min(sent, now),
                        recipients=[head.email] if head.email else [],
                        head_name=head.head_name or "",
                    )
                )
    ItemEscalation.objects.bulk_create(rows)


VILLAGE_EVERY = 8  # one commune in eight sent its survey one row per village


def _answers(rng: random.Random, adults: int, phones: float) -> dict[str, int]:
    """One commune's (or village's) plausible answers: `adults`, a share `phones` of them with a smartphone."""
    smartphone = int(adults * phones)
    households = adults // 3
    return {
        "adults": adults, "smartphone_owners": smartphone,
        "feature_phone_only": int((adults - smartphone) * rng.uniform(0.5, 0.9)), "households": households,
        "households_broadband": int(households * rng.uniform(0.55, 0.9)),
        "vneid_level2": int(adults * rng.uniform(0.45, 0.85)), "portal_accounts": int(adults * rng.uniform(0.15, 0.5)),
        "epayment_users": int(adults * rng.uniform(0.3, 0.7)), "poor_without_device": rng.randint(0, 60),
        "team_members": rng.randint(8, 40), "people_helped": rng.randint(100, 2500),
    }  # fmt: skip


def demo_readiness_load(*, now: dt.datetime | None = None) -> int:
    """Last quarter's answers of every commune — one in eight summed from its villages' rows — the quarter closed;
    returns the records written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    quarter = (today.month - 1) // 3  # last quarter: 0 means Q4 of the year before
    year, quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
    if SurveyPeriod.objects.filter(year=year, quarter=quarter, records__isnull=False).exists():
        return 0
    period = period_get(year=year, quarter=quarter)
    rng = random.Random(f"readiness-{year}-{quarter}")  # noqa: S311 - demo figures, not secrets
    rows, villages = [], []
    for n, (_code, agency) in enumerate(sorted(survey_communes().items())):
        if n % VILLAGE_EVERY:
            values = _answers(rng, rng.randint(6000, 42000), rng.uniform(0.55, 0.92))
            source = Source.XLSX
        else:  # this commune's file came one row per village (ấp, khu phố): its record is their sum
            named = "Khu phố" if agency.unit.name.startswith("Phường") else "Ấp"
            parts = [_answers(rng, rng.randint(900, 4500), rng.uniform(0.4, 0.92)) for _v in range(rng.randint(4, 7))]
            villages += [
                VillageRecord(period=period, agency=agency, village=f"{named} {v}", village_key=fold(f"{named} {v}"),
                              version=QUESTIONNAIRE_VERSION, updated_at=now, **values)
                for v, values in enumerate(parts, start=1)
            ]  # fmt: skip
            values = {name: sum(part[name] for part in parts) for name in FIELDS}
            source = Source.VILLAGES
        rows.append(SurveyRecord(period=period, agency=agency, version=QUESTIONNAIRE_VERSION, source=source,
                                 updated_at=now, **values))  # fmt: skip
    VillageRecord.objects.bulk_create(villages)
    SurveyRecord.objects.bulk_create(rows)
    period_close(period=period, now=now)
    return len(rows)
