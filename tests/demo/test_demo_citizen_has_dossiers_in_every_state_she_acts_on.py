"""The demo's story for a citizen: Nguyễn Thị Hoa (congdan@lienthong.example) signs in and "Hồ sơ của tôi" holds her
own recent dossiers — one waiting for the desk, her judicial record certificate in progress with its fee still to
pay online, one waiting for her supplement, one whose result is ready — filed on the province's portal at her ward's
desk (or the province's, for the provincial procedure), asking for the result electronically. Before, the list was
empty: nothing in the demo was hers."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from lienthong.accounts.selectors import citizen_dossiers, citizen_profile_of
from lienthong.dossiers.constants import Channel, ResultDelivery, Status
from lienthong.dossiers.services.audit import audit_verify
from lienthong.payments.models import FeeDemand, PaymentTransaction

from .conftest import built

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 11, 16, 20, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
EMAIL = "congdan@lienthong.example"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with built(django_db_blocker, history=60, now=NOW) as report:
        yield report


def _hers():
    user = get_user_model().objects.get(citizen__email=EMAIL)
    return user, list(citizen_dossiers(profile=citizen_profile_of(user)))


def test_her_list_holds_one_dossier_in_each_state_she_acts_on(demo):
    _user, dossiers = _hers()
    assert sorted(d.status for d in dossiers) == sorted(
        [Status.SUBMITTED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY]
    )
    for dossier in dossiers:
        assert (dossier.channel, dossier.result_delivery) == (Channel.OWN_PORTAL, ResultDelivery.ELECTRONIC)
        assert dossier.applicant_name == "Nguyễn Thị Hoa" and dossier.applicant_id_number == "075190001234"
        # her ward's desk, or the province's centre for a procedure received there
        assert "Trấn Biên" in dossier.agency.name or dossier.agency.level == "province", dossier.agency.name
    assert audit_verify().ok


def test_her_judicial_record_fee_waits_for_her_to_pay_online(demo):
    _user, dossiers = _hers()
    (in_progress,) = [d for d in dossiers if d.status == Status.PROCESSING]
    assert in_progress.procedure_version.procedure.national_code == "2.000488"
    demand = FeeDemand.objects.get(dossier=in_progress)
    assert demand.total == 200_000 and demand.state != "paid"
    assert not PaymentTransaction.objects.filter(demand__dossier=in_progress).exists()


def test_her_account_page_lists_them_with_the_fee_to_pay(demo, client, settings):
    settings.LIENTHONG_VNPAY_PAY_URL, settings.LIENTHONG_VNPAY_SECRET = "http://127.0.0.1:9/pay", "s" * 32
    user, dossiers = _hers()
    client.force_login(user)
    listing = client.get("/tai-khoan/ho-so/").content.decode()
    for dossier in dossiers:
        assert dossier.code in listing
    # the list says what waits for her beside each dossier, without opening it: the fee, the supplement (before, only
    # the status was there)
    items = {d.status: listing.split(d.code, 1)[1].split("</li>", 1)[0] for d in dossiers}
    assert "Chưa nộp phí, lệ phí: 200.000" in items[Status.PROCESSING]
    assert "Cần bổ sung giấy tờ" in items[Status.SUPPLEMENT_REQUESTED]
    assert "Chưa nộp phí" not in items[Status.SUBMITTED] + items[Status.RESULT_READY]
    (in_progress,) = [d for d in dossiers if d.status == Status.PROCESSING]
    page = client.get(f"/tai-khoan/ho-so/{in_progress.code}/").content.decode()
    # before, "Hồ sơ của tôi" showed the fees owed but offered no way to pay them: only the tracking page did
    assert "Phí, lệ phí phải nộp" in page and "200.000" in page and 'action="/thanh-toan/ho-so/' in page
    # and says so in the status card, on the first screen, leading to the payment (before: only far below)
    status_card = page.split('class="card track-result"', 1)[1].split("</section>", 1)[0]
    assert 'href="#pay-offer"' in status_card and "Nộp phí, lệ phí: 200.000" in status_card
    assert 'id="pay-offer"' in page


def test_her_dossiers_show_the_messages_sent_about_them_to_her_and_to_the_officer(demo, client):
    # before, the demo's history was written past the outbox and no dossier of hers had a message
    from lienthong.notify.models import Message

    user, dossiers = _hers()
    for dossier in dossiers:
        messages = list(Message.objects.filter(dossier=dossier).order_by("created_at"))
        assert messages and {m.status for m in messages} == {"delivered"}, dossier.code
        assert messages[0].kind == "submitted" and {m.channel for m in messages} >= {"email"}
        assert all(m.template_id and m.body and m.changes.count() == 3 for m in messages)
        assert all(m.created_at <= NOW for m in messages)
    (ready,) = [d for d in dossiers if d.status == Status.RESULT_READY]
    assert "result_ready" in set(Message.objects.filter(dossier=ready).values_list("kind", flat=True))
    client.force_login(user)
    mine = client.get(f"/tai-khoan/ho-so/{ready.code}/")
    assert [r.kind for r in mine.context["sent_messages"]][-1] == "result_ready"
    assert "Tin nhắn đã gửi cho bạn về hồ sơ này" in mine.content.decode()
    client.force_login(get_user_model().objects.get(username="admin"))
    officer = client.get(f"/backoffice/dossiers/{ready.pk}/")
    assert (
        officer.status_code == 200
        and len(officer.context["sent_messages"]) == Message.objects.filter(dossier=ready).count()
    )
