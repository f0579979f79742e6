"""Issue 13 item 7: a fee paid online reaches the reporting read model (Decision 766 indicators 3.5–3.6 count
`paid_online_kind`) by the same rule as the national sync's DuocThanhToanTrucTuyen — 2 through the province's bank
gateway, 1 on the national platform, 0 at the desk or once refunded. Before, every fact said 0."""

import pytest

from lienthong.dossiers.services.fees import dossier_fee_paid, dossier_fee_refunded
from lienthong.national.records import paid_online_kind
from lienthong.reports.models import DossierFact
from tests.reports.conftest import at, deliver

pytestmark = pytest.mark.django_db


def _pay(dossier, *, provider: str, online: bool = True) -> None:
    dossier_fee_paid(dossier_id=dossier.pk, reference=f"LT-{dossier.pk}-{provider}", provider=provider,
                     amount=50_000, paid_at=at(2, 10), online=online)  # fmt: skip
    deliver()


def _fact(dossier) -> int:
    return DossierFact.objects.get(pk=dossier.pk).paid_online_kind


def _sync_rule(dossier) -> int:
    return paid_online_kind(dossier.events.order_by("seq").values_list("kind", "payload"))


@pytest.mark.parametrize(("provider", "online", "expected"), [("vnpay", True, 2), ("paygov", True, 1),
                                                              ("cash", False, 0)])  # fmt: skip
def test_the_fact_says_how_the_fee_was_paid(walk, provider, online, expected):
    dossier = walk.receive(at(2, 9))
    assert _fact(dossier) == 0

    _pay(dossier, provider=provider, online=online)

    assert _fact(dossier) == expected == _sync_rule(dossier)


def test_a_refund_takes_the_online_payment_back_out(walk):
    dossier = walk.receive(at(2, 9))
    _pay(dossier, provider="vnpay")
    assert _fact(dossier) == 2

    dossier_fee_refunded(dossier_id=dossier.pk, reference=f"LT-{dossier.pk}-vnpay", provider="vnpay", amount=50_000)
    deliver()

    assert _fact(dossier) == 0 == _sync_rule(dossier)
