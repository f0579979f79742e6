"""The connection board names the head accountable for each agency: in the demo, every agency has one today, with a
term, and some show the predecessor whose term ended."""

from collections import defaultdict

import pytest
from django.utils import timezone

from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency, HeadAssignment
from lienthong.org.selectors import agency_list_with_head_on

pytestmark = pytest.mark.django_db


def test_every_agency_has_a_head_in_office_today(demo):
    # given the demo built today; when the board asks who heads each agency today
    agencies = agency_list_with_head_on(on=timezone.localdate(), queryset=Agency.objects.filter(is_active=True))

    # then all 306 have one, with a title
    assert agencies.count() == 306
    headless = [a.name for a in agencies if not a.head_name_on or not a.head_title_on]
    assert headless == []


def test_commune_heads_have_realistic_names_and_titles_per_kind_of_agency(demo):
    today = timezone.localdate()
    current = HeadAssignment.objects.filter(agency__level=Level.COMMUNE, starts_on__lte=today, ends_on=None)
    titles = defaultdict(set)
    for head in current.select_related("agency__unit"):
        words = head.full_name.split()
        assert 3 <= len(words) <= 4 and words[0] != words[1], head.full_name
        titles[head.agency.kind].add(head.title)
        assert head.decision, head
    assert titles[AgencyKind.PEOPLES_COMMITTEE] == {"Chủ tịch Ủy ban nhân dân"}
    assert titles[AgencyKind.SERVICE_CENTRE] <= {"Giám đốc Trung tâm", "Phó Giám đốc phụ trách"}
    assert {"Trưởng Công an phường", "Trưởng Công an xã"} <= titles[AgencyKind.SECTOR_AGENCY]
    # names are spread, not one person heading dozens of agencies
    names = list(current.values_list("full_name", flat=True))
    assert len(set(names)) > 0.8 * len(names)


def test_some_commune_agencies_show_a_predecessor_whose_term_ended_the_day_before(demo):
    terms = defaultdict(list)
    for head in HeadAssignment.objects.filter(agency__level=Level.COMMUNE).order_by("starts_on"):
        terms[head.agency_id].append(head)
    changed = [heads for heads in terms.values() if len(heads) > 1]
    assert 15 <= len(changed) <= 80  # some, not most, of the 285
    for before, after in changed:
        assert (after.starts_on - before.ends_on).days == 1
        assert after.ends_on is None and before.full_name != after.full_name
    assert any(after.is_acting for _before, after in changed)


def test_a_head_who_is_also_a_demo_officer_heads_his_agency(demo):
    police = Agency.objects.get(level=Level.COMMUNE, kind=AgencyKind.SECTOR_AGENCY, unit__code="26041")
    head = HeadAssignment.objects.get(agency=police, ends_on=None)
    assert (head.full_name, head.title) == ("Đỗ Văn Hải", "Trưởng Công an phường")
