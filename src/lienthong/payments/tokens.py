"""The links that let whoever looked a dossier up (code + four digits) pay its fees and download its e-receipts, for
a while, without an account: signed, naming the code (or the receipt's key) only, never the digits."""

from django.core import signing

PAY_SALT = "lienthong.payments.pay"
PAY_LINK_SECONDS = 30 * 60


def pay_token(code: str) -> str:
    return signing.dumps(code, salt=PAY_SALT)


def code_for_pay_token(token: str) -> str | None:
    try:
        code = signing.loads(token, salt=PAY_SALT, max_age=PAY_LINK_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    return code if isinstance(code, str) else None


RECEIPT_SALT = "lienthong.payments.receipt"
RECEIPT_LINK_SECONDS = 30 * 60


def receipt_token(key: str) -> str:
    """The applicant's link to one e-receipt, handed out on the tracking page after the code + four digits."""
    return signing.dumps(key, salt=RECEIPT_SALT)


def key_for_receipt_token(token: str) -> str | None:
    try:
        key = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_LINK_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return key if isinstance(key, str) else None
