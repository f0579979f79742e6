"""Payment providers behind one interface (`base.PaymentProvider`): the service code never names a provider's
fields. `provider_for(name)` builds the configured adapter."""

from django.conf import settings

from lienthong.payments.providers.base import (
    Account,
    BadSignatureError,
    Callback,
    FeeItem,
    PaymentDetails,
    PaymentProvider,
    ProviderError,
    ProviderTransaction,
    QueryResult,
)
from lienthong.payments.providers.paygov import PaygovProvider
from lienthong.payments.providers.vnpay import VnpayProvider

__all__ = ["Account", "BadSignatureError", "Callback", "FeeItem", "PaymentDetails", "PaymentProvider", "ProviderError",
           "ProviderTransaction", "QueryResult", "provider_for"]  # fmt: skip


def provider_for(name: str) -> PaymentProvider:
    if name == "vnpay":
        return VnpayProvider(
            tmn_code=settings.LIENTHONG_VNPAY_TMN_CODE,
            secret=settings.LIENTHONG_VNPAY_SECRET,
            pay_url=settings.LIENTHONG_VNPAY_PAY_URL,
            api_url=settings.LIENTHONG_VNPAY_API_URL,
            timeout=settings.LIENTHONG_VNPAY_TIMEOUT,
        )
    if name == "paygov":
        return PaygovProvider(
            partner_code=settings.LIENTHONG_PAYGOV_PARTNER_CODE,
            secret=settings.LIENTHONG_PAYGOV_SECRET,
            access_token=settings.LIENTHONG_PAYGOV_ACCESS_TOKEN,
            init_url=settings.LIENTHONG_PAYGOV_INIT_URL,
            query_url=settings.LIENTHONG_PAYGOV_QUERY_URL,
            timeout=settings.LIENTHONG_PAYGOV_TIMEOUT,
        )
    raise ValueError(f"unknown payment provider {name!r}")
