"""The dossier tests' small province (its land procedure is offered online at the commune centre), a verified
citizen signed in on two "devices", and files that are what their names say — or not."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import Applicant, dossier_request_supplement, dossier_submit_online
from tests.dossiers.conftest import applicant, documents, form_data, officers, procedure, province  # noqa: F401
from tests.files import PDF  # noqa: F401 — a real one-page PDF; re-exported to the tests here
from tests.notify.conftest import smtp  # noqa: F401

# Smallest files whose content is what they claim: sniffed by content (filetype) and parsed, never taken by name.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000"
    "0500010d0a2db40000000049454e44ae426082"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"


@pytest.fixture(autouse=True)
def _counters_afresh():
    cache.clear()
    yield
    cache.clear()


def citizen_make(name: str, email: str):
    user = get_user_model().objects.create_user(email, password="mat-khau-cong-dan-1")
    CitizenProfile.objects.create(user=user, full_name=name, email=email, identity_number="075190001234",
                                  contact_kind=ContactKind.EMAIL, verified_at=timezone.now())  # fmt: skip
    return user


@pytest.fixture
def citizen(db):
    return citizen_make("Nguyễn Thị Hoa", "hoa@example.vn")


@pytest.fixture
def phone(citizen) -> Client:
    """The citizen signed in on a phone."""
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def laptop(citizen) -> Client:
    """The same citizen on another device: another session, the same account."""
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def stranger(db) -> Client:
    client = Client()
    client.force_login(citizen_make("Trần Văn Lạ", "la@example.vn"))
    return client


@pytest.fixture
def supplement_asked(citizen, province, officers, procedure, form_data):  # noqa: F811 (the imported fixtures)
    """An online dossier of the citizen's for which the desk has asked, before receipt, for two items."""
    dossier = dossier_submit_online(
        agency=province["commune_centre"], version=procedure, channel=Channel.OWN_PORTAL, citizen=citizen,
        applicant=Applicant(name="Nguyễn Thị Hoa", id_number="075190001234", phone="0912345678",
                            email="hoa@example.vn"),
        form_data=form_data,
    )  # fmt: skip
    return dossier_request_supplement(
        officer=officers["receiver@commune_centre"], dossier=dossier,
        missing=["Bản sao giấy chứng nhận có chứng thực", "Sơ đồ thửa đất rõ nét"], note="Chụp rõ cả hai mặt.",
    )  # fmt: skip
