"""Error pages are what production shows: DEBUG off, the site's URLs plus pages that fail on purpose."""

import pytest
from django.conf import settings
from django.test import Client

from tests.dossiers.conftest import officers, province  # noqa: F401


@pytest.fixture(autouse=True)
def _as_in_production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.errors.urls"


def visitor(language: str, **options) -> Client:
    """A browser that chose `language` with the switch (the cookie); failures come back as pages, not exceptions."""
    client = Client(raise_request_exception=False, **options)
    if language != settings.LANGUAGE_CODE:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
