import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.dossiers.services import Applicant
from tests.accounts.given import signed_up
from tests.dossiers.lifecycle_given import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(province, officers, procedure, form_data, documents):
    """Two of Hoa's (by email, one typed in capitals), one of a neighbour, one of a phone-only applicant."""

    def receive(**applicant):
        person = Applicant(**({"name": "Nguyễn Thị Hoa"} | applicant))
        return received(province, officers, procedure, person, form_data, documents)

    return {
        "hoa": receive(email="hoa@example.vn", phone="0900000001"),
        "hoa_caps": receive(email="Hoa@Example.VN"),
        "neighbour": receive(name="Trần Văn Nam", email="nam@example.vn", phone="0912345678"),
        "by_phone": receive(name="Lê Văn Bình", phone="0912 345 678"),
    }


def test_the_list_shows_code_procedure_status_and_due_date_of_her_dossiers_only(client, smtp, dossiers):
    signed_up(client, smtp)
    response = client.get("/tai-khoan/ho-so/")
    html = response.content.decode()
    assert response.status_code == 200
    mine, theirs = (dossiers["hoa"], dossiers["hoa_caps"]), (dossiers["neighbour"], dossiers["by_phone"])
    assert all(d.code in html for d in mine) and not any(d.code in html for d in theirs)
    assert "Đăng ký đất đai lần đầu" in html and "Đã tiếp nhận" in html
    assert timezone.localtime(dossiers["hoa"].due_at).strftime("%H:%M %d/%m/%Y") in html
    assert f'href="/tai-khoan/ho-so/{dossiers["hoa"].code}/"' in html


def test_her_dossier_opens_with_the_tracking_facts_and_anothers_is_not_found(client, smtp, dossiers):
    signed_up(client, smtp)
    response = client.get(f"/tai-khoan/ho-so/{dossiers['hoa'].code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "đã tiếp nhận hồ sơ" in html and "Quá trình giải quyết" in html and "Hồ sơ được tiếp nhận." in html
    assert client.get(f"/tai-khoan/ho-so/{dossiers['neighbour'].code}/").status_code == 404
    assert client.get("/tai-khoan/ho-so/KHONG-CO/").status_code == 404


def test_a_verified_phone_finds_dossiers_typed_with_spaces(client, dossiers):
    user = get_user_model().objects.create_user("citizen-binh", password="x")
    profile = CitizenProfile.objects.create(user=user, full_name="Lê Văn Bình", phone="0912345678",
                                            contact_kind=ContactKind.PHONE, verified_at=timezone.now())  # fmt: skip
    client.force_login(user)
    html = client.get("/tai-khoan/ho-so/").content.decode()
    # the neighbour typed the same number compactly: the phone proves both, as tracking by digits would
    assert dossiers["by_phone"].code in html and dossiers["neighbour"].code in html
    assert dossiers["hoa"].code not in html
    assert profile.contact == "0912345678"


def test_an_unverified_account_sees_nothing(client, dossiers):
    user = get_user_model().objects.create_user("citizen-hoa", password="x")
    CitizenProfile.objects.create(user=user, full_name="Hoa", email="hoa@example.vn", contact_kind=ContactKind.EMAIL)
    client.force_login(user)
    assert client.get("/tai-khoan/ho-so/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_citizens_sign_in(client):
    response = client.get("/tai-khoan/ho-so/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=/tai-khoan/ho-so/"


def test_the_list_costs_the_same_queries_for_one_dossier_or_many(
    site_identity_warm, client, smtp, dossiers, django_assert_num_queries
):
    signed_up(client, smtp)
    # session, user, profile, dossiers, the fees they still owe
    with django_assert_num_queries(5):
        assert client.get("/tai-khoan/ho-so/").status_code == 200


def _message(dossier, channel: str, kind: str, status: str, recipient: str, body: str):
    import uuid

    from lienthong.notify.models import Message

    return Message.objects.create(event_uuid=uuid.uuid4(), kind=kind, channel=channel, recipient=recipient,
                                  dossier=dossier, body=body, status=status, send_after=timezone.now())  # fmt: skip


def test_her_dossier_lists_every_message_sent_about_it_on_every_channel(client, smtp, dossiers):
    # given the messages sent about her dossier (an e-mail, a Zalo that failed and the SMS sent in its place) and one
    # about the neighbour's
    hoa = dossiers["hoa"]
    _message(hoa, "email", "received", "delivered", "hoa@example.vn", "Kính gửi Ông/Bà Nguyễn Thị Hoa, đã tiếp nhận")
    zalo = _message(hoa, "zns", "received", "permanent-failure", "84900000001", "Hồ sơ đã được tiếp nhận (Zalo)")
    sms = _message(hoa, "sms", "received", "delivered", "84900000001", "Ho so da duoc tiep nhan (SMS)")
    sms.fallback_of = zalo
    sms.save()
    _message(dossiers["neighbour"], "sms", "received", "delivered", "84912345678", "Tin của người hàng xóm")
    signed_up(client, smtp)

    html = client.get(f"/tai-khoan/ho-so/{hoa.code}/").content.decode()

    # then "Hồ sơ của tôi" lists each, with its channel, masked address, status and words; none of another dossier
    assert "Tin nhắn đã gửi cho bạn về hồ sơ này" in html
    assert html.count('<tr class="sent ') == 3
    assert "Thư điện tử" in html and "Zalo" in html and "Tin nhắn SMS" in html and "(gửi thay)" in html
    assert "h***@example.vn" in html and "84900***001" in html and "84900000001" not in html
    assert "Đã nhận" in html and "Không gửi được" in html
    assert "Ho so da duoc tiep nhan (SMS)" in html and "Tin của người hàng xóm" not in html
