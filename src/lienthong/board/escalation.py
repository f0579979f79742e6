"""Escalation: a unit disconnected (or never connected) past the grace period is reported by e-mail to the head of
its agency and to the monitoring office, once per outage (an `Escalation` row per outage).

Heads (org.HeadAssignment) carry no e-mail address of their own: the mail goes to the agency's address
(Agency.email), addressed by name to the head in office, and to the linked account's address when the head has
an account with one.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lienthong.board.constants import ConnectionState
from lienthong.board.models import Escalation
from lienthong.board.rules import ESCALATION_GRACE_HOURS, MONITORING_OFFICE_EMAIL
from lienthong.board.selectors import AgencyState, SystemState, board_agencies
from lienthong.core.rules import rule_get
from lienthong.org.models import HeadAssignment

log = logging.getLogger(__name__)
OUT = (ConnectionState.DISCONNECTED, ConnectionState.NEVER)


def _head_addresses(agency: AgencyState, today: dt.date) -> list[str]:
    addresses = [agency.email] if agency.email else []
    head = (
        HeadAssignment.objects.filter(agency_id=agency.id, starts_on__lte=today, user__isnull=False)
        .exclude(ends_on__lt=today)
        .order_by("-starts_on", "-id")
        .values_list("user__email", flat=True)
        .first()
    )
    if head and head not in addresses:
        addresses.append(head)
    return addresses


def _send(agency: AgencyState, system: SystemState, recipients: list[str], now: dt.datetime) -> None:
    context = {
        "agency": agency,
        "system": system,
        "now": now,
        "hours": (now - system.outage_since) / dt.timedelta(hours=1),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("board/escalation_subject.txt", context).strip()
        body = render_to_string("board/escalation_body.txt", context)
    EmailMessage(subject=subject, body=body, to=recipients).send()


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
        for system in due:
            if (system.id, system.outage_since) in done:
                continue
            recipients = [*_head_addresses(agency, timezone.localdate(now)), *([office] if office else [])]
            if not recipients:
                log.warning("escalation of system %s: no address for agency %s", system.id, agency.id)
                continue
            try:
                with transaction.atomic():
                    escalation = Escalation.objects.create(
                        system_id=system.id, outage_since=system.outage_since, sent_at=now, recipients=recipients,
                        head_name=agency.head_name or "",
                    )  # fmt: skip
                    _send(agency, system, recipients, now)  # a failed send rolls the row back: tried again next run
            except IntegrityError:
                continue  # another worker escalated it meanwhile
            sent.append(escalation)
    return sent
