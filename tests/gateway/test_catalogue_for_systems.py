"""A system reads the procedures in force with their documents and form schema, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_procedures_in_force_with_documents_and_schema(api, local_procedure):
    body = api.get("/catalogue/procedures").json()
    assert [p["code"] for p in body] == ["1.001193"]
    assert body[0]["documents"][0]["name"] == "Tờ khai đăng ký khai sinh"
    assert body[0]["form_schema"]["required"] == ["ho_ten", "ngay_sinh"]
    assert api.get("/catalogue/procedures/1.001193").json() == body[0]
    assert api.get("/catalogue/procedures/9.999999").status_code == 404


def test_the_list_costs_the_same_queries_for_many_procedures(api, local_procedure):
    from lienthong.catalogue.models import Procedure, ProcedureVersion, RequiredDocument

    api.get("/catalogue/procedures")
    with CaptureQueriesContext(connection) as one:
        api.get("/catalogue/procedures")
    for n in range(5):
        version = ProcedureVersion.objects.create(
            procedure=Procedure.objects.create(national_code=f"2.00000{n}", field=local_procedure.procedure.field),
            decision="QĐ 3", name=f"Thủ tục {n}", time_limit_unit="immediate", online_level="full",
        )  # fmt: skip
        RequiredDocument.objects.create(version=version, position=1, name="Đơn", copy_kind="original")
    with CaptureQueriesContext(connection) as six:
        assert len(api.get("/catalogue/procedures").json()) == 6
    assert len(six) == len(one)
