"""Statuses and events read as states and facts in both languages, not as the catalogue's action verbs."""

from django.utils import translation

from lienthong.catalogue.constants import StepAction
from lienthong.dossiers.constants import EventKind, Status


def test_english_names_say_what_happened():
    with translation.override("en"):
        assert str(Status.REFUSED.label) == "Refused"
        assert str(Status.SUPPLEMENT_REQUESTED.label) == "Supplement requested"
        assert str(EventKind.ASSIGNED.label) == "Assigned"
        assert str(EventKind.RETURNED.label) == "Result returned"
        assert str(StepAction.REFUSE.label) == "Refuse"  # the same Vietnamese word, as an action


def test_vietnamese_names_are_the_source_text():
    with translation.override("vi"):
        assert str(Status.REFUSED.label) == "Từ chối"
        assert str(EventKind.APPROVED.label) == "Phê duyệt"
