"""Accounts verified elsewhere (an earlier portal's, the demo's) come in active and verified, once per contact, and
sign in like any other; the demo builds its citizen through the same service."""

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.contacts import Contact
from lienthong.accounts.models import CitizenProfile
from lienthong.accounts.services import SignUp, citizen_import

SIGN_UP = SignUp(contact=Contact(kind=ContactKind.EMAIL, value="an@example.vn"), full_name="Phạm Văn An",
                 password="mat-khau-cong-dan-1", identity_number="075190009999")  # fmt: skip


def test_an_imported_account_is_active_verified_and_signs_in(client, db):
    user, created = citizen_import(sign_up=SIGN_UP)

    profile = CitizenProfile.objects.get(user=user)
    assert created and user.is_active and profile.is_verified and profile.email == "an@example.vn"
    assert (profile.full_name, profile.identity_number) == ("Phạm Văn An", "075190009999")
    response = client.post("/tai-khoan/dang-nhap/", {"contact": "AN@example.vn", "password": "mat-khau-cong-dan-1"})
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/ho-so/"


def test_importing_the_same_contact_again_changes_nothing(db):
    first, _created = citizen_import(sign_up=SIGN_UP)
    again, created = citizen_import(sign_up=SignUp(contact=SIGN_UP.contact, full_name="Tên khác", password="x"))

    assert (again, created) == (first, False)
    assert CitizenProfile.objects.get().full_name == "Phạm Văn An"
