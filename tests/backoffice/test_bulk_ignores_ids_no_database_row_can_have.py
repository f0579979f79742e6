"""Issue 11 §14: a tampered bulk form — an id of 5,000 digits, or one past a bigint — is ignored like any id the
officer may not touch: "Chưa chọn hồ sơ nào.", not a 500 from Python's integer conversion or the database driver."""

import pytest
from django.urls import reverse

from tests.backoffice.web_given import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad_id", ["1" * 5000, "99999999999999999999", "١٢"], ids=["5000-digits", "past-bigint",
                                                                                     "arabic-digits"])  # fmt: skip
def test_a_dossier_id_no_row_can_have_is_ignored(officers, bad_id):
    leader = signed_in(officers, "leader@committee")

    response = leader.post(reverse("backoffice:bulk"), {"operation": "assign", "dossier": [bad_id],
                                                       "assignee": bad_id}, follow=True)  # fmt: skip

    assert response.status_code == 200
    assert "Chưa chọn hồ sơ nào." in response.content.decode()
