"""The search and procedure pages cost the same queries for one result (or document) as for many; the home page
costs none once its cache is warm."""

from decimal import Decimal

import pytest

from lienthong.catalogue.models import RequiredDocument
from tests.portal.find_given import BIRTH, SEARCH, codes_found, version  # noqa: F401

# The header's province and contact are read once per server, not per page (portal/identity.py).
pytestmark = pytest.mark.usefixtures("site_identity_warm")
# count + page of versions (with field) + their authorities (with agency); the facets come from the cache
SEARCH_QUERIES = 3
# the version (with procedure and field) + authorities + documents + fees + steps
PROCEDURE_QUERIES = 5


def test_search_costs_the_same_for_one_result_and_for_many(client, catalogue, django_assert_num_queries):
    client.get(SEARCH)  # warm the facets' cache
    with django_assert_num_queries(SEARCH_QUERIES):
        assert len(codes_found(client.get(SEARCH, {"q": "1.013225"}))) == 1
    with django_assert_num_queries(SEARCH_QUERIES):
        assert len(codes_found(client.get(SEARCH))) == 4


def test_a_full_page_of_search_results_costs_the_same(client, catalogue, django_assert_num_queries):
    field = catalogue["birth"].procedure.field
    for n in range(30):
        version(f"1.1000{n:02d}", field, f"Thủ tục thử {n}")
    client.get(SEARCH)
    with django_assert_num_queries(SEARCH_QUERIES):
        assert len(codes_found(client.get(SEARCH, {"q": "thu tuc thu"}))) == 20


def test_the_procedure_page_costs_the_same_for_any_number_of_documents(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(PROCEDURE_QUERIES):
        client.get("/thu-tuc/1.000656/")  # no document, fee or step
    for position in range(4, 24):
        RequiredDocument.objects.create(
            version=catalogue["birth"], position=position, name=f"Giấy tờ {position}", copy_kind="copy"
        )
    catalogue["birth"].fees.create(name="Phí khác", amount=Decimal(1000))
    with django_assert_num_queries(PROCEDURE_QUERIES):
        assert "Giấy tờ 23" in client.get(f"/thu-tuc/{BIRTH}/").content.decode()


def test_the_home_page_costs_no_query_once_cached(client, catalogue, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200
