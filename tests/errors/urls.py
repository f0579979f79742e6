"""The site's URLs and error handlers, plus pages that fail on purpose, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from lienthong.urls import handler400, handler403, handler404, handler500  # noqa: F401 — the handlers under test
from lienthong.urls import urlpatterns as site


def broken(request):
    raise OperationalError("the database went away")


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path("hong/", broken),
    path("backoffice/hong/", broken),
    path("yeu-cau-la/", suspicious),
    path("api/v1/hong", broken),
    *site,
]
