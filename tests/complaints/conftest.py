"""The complaint tests reuse the dossier tests' small province (a provincial centre and department, a commune with
its committee and centre, officers `<role>@<agency key>` of every role), the neighbouring commune of the back-office
tests, and the real SMTP server of the notify tests."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from lienthong.complaints.constants import Kind
from lienthong.complaints.services import Sender, complaint_submit
from tests.backoffice.scope_given import neighbours  # noqa: F401
from tests.dossiers.conftest import officers, province  # noqa: F401
from tests.notify.conftest import smtp  # noqa: F401

# pytest injects fixtures by parameter name, which ruff reads as a redefinition of the imports above.
# ruff: noqa: F811

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 30, tzinfo=HCM)
LAN = Sender(name="Trần Thị Lan", phone="0987 654 321", email="lan@example.vn", address="12 Võ Thị Sáu, Trấn Biên")


@pytest.fixture(autouse=True)
def _counters_afresh():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submit(province):
    """A complaint about the commune's committee, received at `at` (a Tuesday morning by default)."""

    def submit(**overrides):
        arguments = {
            "kind": Kind.REFLECTION, "sender": LAN, "title": "Trả kết quả chậm",
            "content": "Hồ sơ đăng ký đất đai của tôi quá hẹn 5 ngày chưa có kết quả.",
            "concerned_agency": province["committee"], "dossier_code": "000.00.99.H19-260301-0001",
            "at": TUESDAY_MORNING,
        } | overrides  # fmt: skip
        return complaint_submit(**arguments)

    return submit


@pytest.fixture
def tasks_at_once(settings):
    """The email task runs at commit, as a worker would a moment later."""
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": queues}}
