import pytest
from django.core.exceptions import ImproperlyConfigured

from lienthong.accounts.oidc import oidc_providers, oidc_providers_offered, oidc_providers_parse


def test_no_provider_is_configured_by_default():
    assert oidc_providers() == []


def test_a_provider_without_an_adapter_is_listed_but_not_offered(settings):
    settings.LIENTHONG_OIDC_PROVIDERS = (
        '[{"name": "vneid", "label": "VNeID", "issuer": "https://sso.example.vn", "client_id": "lt",'
        ' "client_secret": "s3cret"}]'
    )
    [provider] = oidc_providers()
    assert (provider.name, provider.issuer, provider.scopes[0]) == ("vneid", "https://sso.example.vn", "openid")
    assert "s3cret" not in repr(provider)
    assert oidc_providers_offered() == []


def test_a_malformed_setting_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        oidc_providers_parse('[{"name": "x"}]')
