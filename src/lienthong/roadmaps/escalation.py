"""Accountability: an overdue item is reported to the head of its unit — the head the connection board names — once
per item and step (`ItemEscalation`'s unique key), by e-mail as the board sends its letters: to the agency's address,
to the head's account's address, and to the monitoring office. One letter per unit and run lists its items; it goes
through notify's delivery model (`notify.letters`, the event `roadmap_escalation`, its words notify's versioned
templates), queued with the escalation rows in one transaction, sent after commit and retried by notify while the mail
server refuses.

And a unit whose system stays disconnected past the board's grace period gets a "reconnect" item, once per outage.
"""

import datetime as dt
import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.board.constants import ConnectionState
from lienthong.board.rules import ESCALATION_GRACE_HOURS, MONITORING_OFFICE_EMAIL
from lienthong.board.selectors import agencies_with_head, board_agencies
from lienthong.core.rules import rule_get
from lienthong.notify.letters import letter_queue
from lienthong.org.models import Agency
from lienthong.org.selectors import agency_head_addresses
from lienthong.roadmaps.constants import ESCALATION_STEPS, EvidenceKind, ItemKind, ItemStatus, Source
from lienthong.roadmaps.models import ItemEscalation, RoadmapItem
from lienthong.roadmaps.rules import RECONNECT_DAYS
from lienthong.roadmaps.services import due_compute, item_create, working_days_after

log = logging.getLogger(__name__)
LETTER_KIND = "roadmap_escalation"  # the kind of the letter in notify's messages
OUT = (ConnectionState.DISCONNECTED, ConnectionState.NEVER)


def _steps_due(item: RoadmapItem, today: dt.date) -> list[str]:
    return [step for step, days in ESCALATION_STEPS if today > working_days_after(item.due_on, days)]


def _addresses(agency, today: dt.date) -> list[str]:
    """The head's letter goes to the agency and its head (as the board's), and to the monitoring office."""
    addresses = agency_head_addresses(agency_id=agency.pk, agency_email=agency.email, on=today)
    office = rule_get(MONITORING_OFFICE_EMAIL)
    return [*addresses, *([office] if office and office not in addresses else [])]


def escalations_send(*, now: dt.datetime | None = None) -> list[ItemEscalation]:
    """Escalate every overdue item's steps not yet sent; returns the escalations sent now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = list(RoadmapItem.objects.filter(status=ItemStatus.RED).order_by("agency_id", "due_on", "id"))
    done = set(ItemEscalation.objects.filter(item__in=overdue).values_list("item_id", "step"))
    due: dict[int, list[tuple[RoadmapItem, str]]] = {}
    for item in overdue:
        for step in _steps_due(item, today):
            if (item.pk, step) not in done:
                due.setdefault(item.agency_id, []).append((item, step))
    sent: list[ItemEscalation] = []
    for agency in agencies_with_head(today, sorted(due)):
        recipients = _addresses(agency, today)
        if not recipients:
            log.warning("roadmap escalation of agency %s: no address", agency.pk)
            continue
        pairs = due[agency.pk]
        try:
            with transaction.atomic():
                rows = ItemEscalation.objects.bulk_create(
                    [
                        ItemEscalation(
                            item=item, step=step, sent_at=now, recipients=recipients, head_name=agency.head_name or ""
                        )
                        for item, step in pairs
                    ]
                )
                _send(agency, pairs, recipients)  # queued: notify sends it after commit and retries it
        except IntegrityError:
            continue  # another worker sent one of them meanwhile
        sent.extend(rows)
    return sent


def _send(agency, pairs, recipients: list[str]) -> None:
    """The letter's data; notify renders the event `roadmap_escalation`'s template (notify.letters)."""
    data = {
        "agency": agency.name, "head_title": agency.head_title or "", "head_name": agency.head_name or "",
        "items": [
            {"title": item.title, "due": item.due_on, "legal_basis": item.legal_basis or "",
             "second_reminder": step != "overdue", "evidence_note": item.evidence_note or ""}
            for item, step in pairs
        ],
    }  # fmt: skip
    letter_queue(key=uuid.uuid4(), kind=LETTER_KIND, data=data, emails=recipients)


def reconnect_items_create(*, now: dt.datetime | None = None) -> list[RoadmapItem]:
    """A "reconnect" item for each system disconnected (or never connected) past the board's grace period, once per
    outage (its key names the system and when the outage began), due a few working days later."""
    now = now or timezone.now()
    grace = dt.timedelta(hours=float(rule_get(ESCALATION_GRACE_HOURS)))
    days = int(rule_get(RECONNECT_DAYS))
    wanted = {}
    for agency in board_agencies(now=now):
        for system in agency.systems:
            if system.state in OUT and now - system.outage_since >= grace:
                wanted[f"reconnect:{system.id}:{int(system.outage_since.timestamp())}"] = (agency, system)
    have = set(RoadmapItem.objects.filter(auto_key__in=list(wanted)).values_list("auto_key", flat=True))
    made = []
    for key, (agency, system) in wanted.items():
        if key in have:
            continue
        try:
            with transaction.atomic():
                item = item_create(
                    agency=Agency.objects.get(pk=agency.id),
                    kind=ItemKind.RECONNECT,
                    source=Source.AUTOMATIC,
                    title=_("Khôi phục kết nối hệ thống %(name)s") % {"name": system.name},
                    legal_basis=_("Quy định về kết nối của tỉnh (thời gian ân hạn %(hours)s giờ)")
                    % {"hours": f"{grace / dt.timedelta(hours=1):g}"},
                    due=due_compute(start=timezone.localdate(now), working_days=days),
                    evidence_kind=EvidenceKind.CONNECTED,
                    evidence_params={"system_id": system.id},
                )
                item.system_id, item.auto_key = system.id, key
                item.save(update_fields=["system", "auto_key"])
        except IntegrityError:
            continue  # made by another worker meanwhile
        made.append(item)
    return made
