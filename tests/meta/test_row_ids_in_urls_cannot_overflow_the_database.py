"""Every route takes a row id as `<id:…>` (at most 18 digits), never Django's `<int:…>`, whose unbounded numbers reach
the database driver and overflow it (a 500 on SQLite): an id too long for a bigint is a 404 like a missing one."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from lienthong.core.urlconverters import RowIdConverter
from tests.dossiers.conftest import officers, province  # noqa: F401 — fixtures


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern


def test_no_route_takes_an_unbounded_integer():
    unbounded = [route for route, pattern in _patterns(get_resolver())
                 if any(isinstance(c, IntConverter) for c in getattr(pattern, "converters", {}).values())]  # fmt: skip
    assert not unbounded, f"use <id:…> in {unbounded}"
    assert any(isinstance(c, RowIdConverter) for _r, p in _patterns(get_resolver())
               for c in getattr(p, "converters", {}).values())  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/backoffice/ket-noi/co-quan/{}/", "/backoffice/ket-noi/he-thong/{}/",
                                  "/backoffice/ho-so/{}/"])  # fmt: skip
def test_an_id_too_long_for_the_database_is_not_found(client, officers, path):  # noqa: F811
    client.force_login(officers["monitor@centre"])
    assert client.get(path.format("9" * 19)).status_code == 404
    assert client.get(path.format("9" * 18)).status_code == 404  # fits a bigint: looked up, absent
