from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    name = "lienthong.national"
    label = "national"
    verbose_name = _("Cổng Dịch vụ công quốc gia")

    def ready(self) -> None:
        # Subscribed only when the connector is configured: with no portal to tell, the outbox need not carry
        # every event to it (and the dossiers app never knows either way, DESIGN.md rule 2).
        from django.conf import settings

        if settings.LIENTHONG_NATIONAL_PORTAL_URL:
            national_subscribe()
        checks.register(unit_code_check)


def unit_code_check(app_configs=None, **kwargs) -> list:
    """The portal names its caller by MaDinhDanhDV and refuses every call without a QCVN 102 code: a connector
    switched on without one would fail each dossier, so `lienthong start` (and `check`) says so first."""
    from django.conf import settings

    from lienthong.national.simulator.contract import UNIT_CODE

    code = settings.LIENTHONG_NATIONAL_UNIT_CODE
    if not settings.LIENTHONG_NATIONAL_PORTAL_URL or UNIT_CODE.match(code or ""):
        return []
    return [checks.Error(
        f"LIENTHONG_NATIONAL_UNIT_CODE must be the province's QCVN 102 code (e.g. 000.00.00.H19), not {code!r}.",
        hint="Set it with LIENTHONG_NATIONAL_PORTAL_URL (docs/configuration.md), or leave the portal URL empty.",
        id="national.E001",
    )]  # fmt: skip


def national_subscribe() -> None:
    """Listen to every dossier event (tests call it after pointing the connector at a simulator)."""
    from lienthong.core.events import subscribe
    from lienthong.national.constants import SYNC_TOPIC
    from lienthong.national.services import national_on_event

    subscribe(SYNC_TOPIC, national_on_event)
