"""Reads of the payments app."""

from lienthong.payments.models import FeeDemand, PaymentTransaction


def demand_of_dossier(*, dossier_id: int) -> FeeDemand | None:
    return FeeDemand.objects.filter(dossier_id=dossier_id).prefetch_related("lines", "transactions").first()


def transaction_by_reference(*, reference: str) -> PaymentTransaction | None:
    return PaymentTransaction.objects.select_related("demand__dossier").filter(reference=reference).first()
