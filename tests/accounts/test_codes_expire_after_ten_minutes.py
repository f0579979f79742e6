import datetime as dt

import pytest
import time_machine

from tests.accounts.given import last_code, sign_up, verify

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_a_code_works_until_its_tenth_minute(client, smtp):
    with time_machine.travel(START, tick=False):
        sign_up(client)
    with time_machine.travel(START + dt.timedelta(minutes=9, seconds=59), tick=False):
        assert verify(client, last_code(smtp)).status_code == 302


def test_a_code_is_refused_after_ten_minutes_even_when_right(client, smtp):
    with time_machine.travel(START, tick=False):
        sign_up(client)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        response = verify(client, last_code(smtp))
    assert response.status_code == 400
    assert "Mã xác minh đã hết hạn." in response.content.decode()
    assert "_auth_user_id" not in client.session
