"""The link that lets whoever looked a dossier up (code + four digits) pay its fees, for a while, without an
account: signed, naming the code only, never the digits."""

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
