"""Escalation: a unit disconnected (or never connected) past the grace period is reported by e-mail to the head of
its agency and to the monitoring office, once per outage (an `Escalation` row per outage) — one letter per agency
and run, naming each of its systems escalated then.

The letter goes through notify's delivery model (`notify.letters`, the event `board_escalation`, its words notify's
versioned templates): queued with the `Escalation` rows in one transaction, one message per address, sent after commit
and retried by notify while the mail server refuses.

Heads (org.HeadAssignment) carry no e-mail address of their own: the mail goes to the agency's address
(Agency.email), addressed by name to the head in office, and to the linked account's address when the head has
an account with one.
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from lienthong.board.constants import ConnectionState
from lienthong.board.models import Escalation
from lienthong.board.rules import ESCALATION_GRACE_HOURS, MONITORING_OFFICE_EMAIL
from lienthong.board.selectors import AgencyState, SystemState, board_agencies
from lienthong.core.rules import rule_get
from lienthong.notify.letters import letter_queue
from lienthong.org.selectors import agency_head_addresses

log = logging.getLogger(__name__)
OUT = (ConnectionState.DISCONNECTED, ConnectionState.NEVER)


def _head_addresses(agency: AgencyState, today: dt.date) -> list[str]:
    return agency_head_addresses(agency_id=agency.id, agency_email=agency.email, on=today)


@dataclass(frozen=True)
class Outage:
    system: SystemState
    hours: float  # since it began


LETTER_KIND = "board_escalation"  # the kind of the letter in notify's messages


def _send(agency: AgencyState, outages: list[Outage], recipients: list[str]) -> None:
    """One letter to the head for all the agency's systems escalated in this run, each with its last heartbeat,
    queued in the caller's transaction (notify renders its template and sends it once the escalation has
    committed)."""
    data = {
        "agency": agency.name, "head_title": agency.head_title or "", "head_name": agency.head_name or "",
        "systems": [
            {"name": o.system.name, "last_heartbeat": o.system.last_heartbeat_at, "hours": round(o.hours)}
            for o in outages
        ],
    }  # fmt: skip
    letter_queue(key=uuid.uuid4(), kind=LETTER_KIND, data=data, emails=recipients)


def escalations_send(*, now: dt.datetime | None = None) -> list[Escalation]:
    """Escalate every outage past the grace period not yet escalated; returns the escalations sent now."""
    now = now or timezone.now()
    grace = dt.timedelta(hours=float(rule_get(ESCALATION_GRACE_HOURS)))
    office = rule_get(MONITORING_OFFICE_EMAIL)
    sent = []
    for agency in board_agencies(now=now):
        due = [s for s in agency.systems if s.state in OUT and now - s.outage_since >= grace]
        if not due:
            continue
        done = set(
            Escalation.objects.filter(system_id__in=[s.id for s in due]).values_list("system_id", "outage_since")
        )
        due = [s for s in due if (s.id, s.outage_since) not in done]
        if not due:
            continue
        recipients = [*_head_addresses(agency, timezone.localdate(now)), *([office] if office else [])]
        if not recipients:
            log.warning("escalation of agency %s: no address", agency.id)
            continue
        try:
            with transaction.atomic():
                rows = Escalation.objects.bulk_create([
                    Escalation(system_id=s.id, outage_since=s.outage_since, sent_at=now, recipients=recipients,
                               head_name=agency.head_name or "")
                    for s in due
                ])  # fmt: skip
                outages = [Outage(s, (now - s.outage_since) / dt.timedelta(hours=1)) for s in due]
                _send(agency, outages, recipients)
        except IntegrityError:
            continue  # another worker escalated one of them meanwhile: the rest go at the next run
        sent.extend(rows)
    return sent
