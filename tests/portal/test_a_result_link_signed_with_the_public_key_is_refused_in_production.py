"""The attack of issue 11 (13): the development SECRET_KEY is published with the source, so anyone could sign a
result-download link with it and take an applicant's result without the code and digits. The production profile
refuses to run with that key (tests/core/test_production_profile_refuses_to_run_without_real_keys.py); with the real
key it demands, a link forged with the published one is refused while the genuine link still downloads."""

import re
import secrets

import pytest
import time_machine
from django.core import signing

from lienthong.conf import DEVELOPMENT_SECRET_KEY
from lienthong.dossiers.models import Attachment
from lienthong.portal.tracking import RESULT_SALT
from tests.portal.track_given import (  # noqa: F401
    LOOKED_UP_AT,
    PHONE_DIGITS,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    result_pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.LIENTHONG_PRODUCTION = True
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.LIENTHONG_SECRETS_KEY = [secrets.token_urlsafe(32)]


def test_a_link_forged_with_the_development_key_downloads_nothing(client, given, production):
    # given: a result returned electronically, and a link signed with the key anyone can read in settings.py
    dossier = given.returned_electronically()
    attachment = Attachment.objects.get(dossier=dossier)
    forged = signing.dumps([dossier.pk, attachment.pk], salt=RESULT_SALT, key=DEVELOPMENT_SECRET_KEY)

    with time_machine.travel(LOOKED_UP_AT, tick=False):
        # when
        refused = client.get(f"/tra-cuu/ket-qua/{forged}/")
        # then: refused, while the link given to who typed the right code and digits works
        (genuine,) = re.findall(
            r'href="(/tra-cuu/ket-qua/[^"]+/)"', look_up(client, dossier.code, PHONE_DIGITS).content.decode()
        )
        downloaded = client.get(genuine)

    assert refused.status_code == 404
    assert b"".join(downloaded.streaming_content) == result_pdf()
