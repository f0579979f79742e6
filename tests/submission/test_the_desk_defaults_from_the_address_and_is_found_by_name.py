"""Issue 11 items 2 and 8: the place of submission defaults to the service centre of the commune in the applicant's
address, and is changed by typing part of a name — a search that works without JavaScript (type, "Tìm", pick) and
that the picker's script asks for as the citizen types — never a select of every centre in the province."""

import pytest
from django.contrib.auth import get_user_model

from lienthong.accounts.models import CitizenProfile
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole
from lienthong.submission.models import Draft
from tests.dossiers.conftest import REFORM

from .given import answers, draft_started, mandatory_files


@pytest.fixture
def long_hung(province, officers):
    """A second commune with its own staffed service centre, so the procedure has two desks."""
    commune = AdministrativeUnit.objects.create(
        code="26050", name="Xã Long Hưng", level=Level.COMMUNE, kind=UnitKind.COMMUNE, parent=province["unit"],
        valid_from=REFORM,
    )  # fmt: skip
    centre = Agency.objects.create(identifier_code="000.00.97.H19", name="TTPVHCC xã Long Hưng", unit=commune,
                                   kind=AgencyKind.SERVICE_CENTRE, level=Level.COMMUNE)  # fmt: skip
    desk = get_user_model().objects.create_user("motcua.longhung", password="mat-khau-dai-123")
    OfficerRole.objects.create(user=desk, agency=centre, role=Role.RECEIVER)
    return centre


def test_a_new_draft_takes_the_desk_of_the_accounts_address(phone, citizen, province, procedure, long_hung):
    CitizenProfile.objects.filter(user=citizen).update(address="Ấp 3, xã Long Hưng, tỉnh Đồng Nai")
    draft = draft_started(phone, procedure)
    assert draft.agency == long_hung
    page = phone.get(f"/nop-ho-so/nhap/{draft.pk}/").content.decode()
    assert f'name="agency" value="{long_hung.pk}" checked' in page
    assert f'value="{province["commune_centre"].pk}"' not in page  # one desk shown, not a select of all


def test_without_a_choice_the_typed_address_names_the_desk_and_the_review_says_so(phone, citizen, province,
                                                                                  procedure, long_hung):  # fmt: skip
    draft = draft_started(phone, procedure)
    assert draft.agency is None
    typed = answers(province, agency=None, applicant_address="12 Hà Huy Giáp, Phường Trấn Biên, Đồng Nai")
    checked = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**typed, "action": "review", **mandatory_files(procedure)})
    assert checked.status_code == 302, checked.content.decode()[:3000]
    review = phone.get(checked["Location"]).content.decode()
    assert "TTPVHCC phường Trấn Biên" in review and "theo địa chỉ của bạn" in review
    assert Draft.objects.get(pk=draft.pk).agency == province["commune_centre"]


def test_another_desk_is_found_by_typing_without_javascript_and_chosen(phone, citizen, province, procedure,
                                                                       long_hung):  # fmt: skip
    draft = draft_started(phone, procedure)
    typed = answers(province, agency=None, applicant_address="Phường Trấn Biên")

    found = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**typed, "action": "find-agency", "agency_q": "long hung"})

    page = found.content.decode()
    assert found.status_code == 200
    assert f'name="agency" value="{long_hung.pk}"> <span lang="vi">TTPVHCC xã Long Hưng</span>' in page
    assert 'value="long hung"' in page  # the search words stay in the box
    chosen = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**typed, "agency": str(long_hung.pk), "action": "save"})
    assert chosen.status_code == 302 and Draft.objects.get(pk=draft.pk).agency == long_hung
    nothing = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**typed, "action": "find-agency", "agency_q": "Sở XYZ"})
    assert "Không tìm thấy nơi nào có “Sở XYZ”" in nothing.content.decode()


def test_the_script_gets_the_same_choices_as_a_fragment(phone, stranger, citizen, province, procedure, long_hung):
    draft = draft_started(phone, procedure)
    url = f"/nop-ho-so/nhap/{draft.pk}/noi-nop/"

    fragment = phone.get(url, {"q": "TRAN BIEN", "selected": str(long_hung.pk)}).content.decode()

    assert "<html" not in fragment
    assert fragment.index("TTPVHCC xã Long Hưng") < fragment.index("TTPVHCC phường Trấn Biên")  # the chosen first
    assert f'value="{long_hung.pk}" checked' in fragment
    assert stranger.get(url, {"q": "tran"}).status_code == 404
