"""What an applicant can do next on a dossier they have proven is theirs — pay its fees online, download its
e-receipts, rate the service — the same wherever they see it: the tracking page after code and digits, the signed
link in a message, and "Hồ sơ của tôi" (accounts). Before, only the first offered payment and receipts."""

from django.utils.translation import gettext as _

from lienthong.catalogue.fees import amount_short
from lienthong.dossiers.constants import Status
from lienthong.payments.selectors import demand_of_code, online_payment_on, owed_of_dossiers, receipts_for_applicant
from lienthong.payments.tokens import pay_token, receipt_token
from lienthong.portal import rating


def applicant_offers(facts) -> dict:
    """Template context for portal/_track_offers.html: `payment` (with `pay_token` and `receipts`) and
    `rating_token`, each present only when it applies."""
    offers: dict = {}
    # Only a procedure with an amount to pay costs the look-up (its fees come from the cache, no query).
    payment = demand_of_code(code=facts.code) if any(fee.amount for fee in facts.published_fees) else None
    if payment:
        offers["payment"] = payment
        if payment.payable and online_payment_on(dossier_id=payment.dossier_id):
            offers["pay_token"] = pay_token(facts.code)
        if payment.paid:  # its e-receipts, each by a signed link
            receipts = receipts_for_applicant(code=facts.code)
            offers["receipts"] = [(receipt, receipt_token(receipt.key)) for receipt in receipts]
    if facts.status == Status.RETURNED:  # now the applicant may rate the service (portal/rating.py)
        offers["rating_token"] = rating.rating_token(facts.code)
    return offers


def applicant_todos(dossiers) -> dict[int, list[str]]:
    """What waits for the applicant on each of her dossiers — a supplement, a fee, a financial obligation — so that
    "Hồ sơ của tôi" says it without opening each one (one query for the fees, whatever the number of dossiers)."""
    owed = owed_of_dossiers(dossier_ids=[dossier.pk for dossier in dossiers])
    todos: dict[int, list[str]] = {}
    for dossier in dossiers:
        items = []
        if dossier.status == Status.SUPPLEMENT_REQUESTED:
            items.append(_("Cần bổ sung giấy tờ: mở hồ sơ để xem và gửi bổ sung."))
        elif dossier.status == Status.FINANCIAL_OBLIGATION:
            items.append(_("Chờ bạn thực hiện nghĩa vụ tài chính."))
        if dossier.pk in owed:
            items.append(_("Chưa nộp phí, lệ phí: %(amount)s.") % {"amount": amount_short(owed[dossier.pk])})
        if items:
            todos[dossier.pk] = items
    return todos
