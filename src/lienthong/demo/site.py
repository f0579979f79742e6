"""The demo province's public site as a province's would look after two years in use: the contact its header and
footer give (the rule `portal.contact`; the name and e-mail come from the provincial service centre's record), the
visits counted so far (`VisitDay`), so the visitor counters show a site people use rather than zeros, and the demo
citizen's address. Written once: a rebuild, or a province's own data, is left alone."""

import datetime as dt
import random

from django.utils import timezone

from lienthong.accounts.models import CitizenProfile
from lienthong.core.models import Rule
from lienthong.demo.accounts import demo_citizens
from lienthong.news.models import VisitDay
from lienthong.portal.identity import CONTACT

CONTACT_VALUE = {"hotline": "0251 3822 555", "address": "Trung tâm Hành chính tỉnh, phường Trấn Biên, tỉnh Đồng Nai"}
# The demo citizen's home, so an online application opens with the desk of her ward chosen (docs/submission.md).
CITIZEN_ADDRESS = "Số 12 đường Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai"
CITIZEN_PHONE = "0912345678"  # what she wrote on the forms of her dossiers in the history (demo/history/plan.py)
HISTORY_DAYS = 730
WORKDAY_VISITS, WEEKEND_SHARE, YEARLY_GROWTH = 2600, 0.35, 0.25
WORKING_HOURS_SHARE = 0.6  # of a working day's visits, by the middle of the afternoon


def site_load(*, today: dt.date | None = None) -> int:
    """The contact rule and the visits of the past two years and of today so far, if absent; rows written."""
    written = 0
    if not Rule.objects.filter(key=CONTACT).exists():
        Rule.objects.create(key=CONTACT, value=CONTACT_VALUE, note="Tỉnh mẫu.")
        written += 1
    emails = [citizen.email for citizen in demo_citizens()]
    written += CitizenProfile.objects.filter(email__in=emails, address="").update(address=CITIZEN_ADDRESS)
    if not VisitDay.objects.exists():
        today = today or timezone.localdate()
        rng = random.Random(f"visits:{today.isoformat()}")  # noqa: S311 — demo figures, not secrets
        days = [today - dt.timedelta(days=n) for n in range(HISTORY_DAYS, -1, -1)]
        rows = [VisitDay(day=day, visits=_visits(day, today, rng)) for day in days]
        written += len(VisitDay.objects.bulk_create(rows))
    return written


def _visits(day: dt.date, today: dt.date, rng: random.Random) -> int:
    """A working day's visits around WORKDAY_VISITS (growing as more is done online), a weekend's a third of that;
    today only the part of the day gone by."""
    age_in_years = (today - day).days / 365
    base = WORKDAY_VISITS * (1 + YEARLY_GROWTH) ** -age_in_years * rng.uniform(0.85, 1.15)
    if day.weekday() >= 5:
        base *= WEEKEND_SHARE
    if day == today:
        base *= WORKING_HOURS_SHARE
    return round(base)
