"""The search reads a folded copy of each name; every way of writing the catalogue keeps it in step."""

import pytest

from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.services import catalogue_import
from tests.catalogue.conftest import agencies, catalogue_data  # noqa: F401
from tests.portal.find_given import SEARCH, codes_found  # noqa: F401


@pytest.mark.usefixtures("agencies")
def test_a_procedure_imported_in_bulk_is_found_without_diacritics(client):
    catalogue_import(data=catalogue_data())  # the path of the XLSX import and of the demo
    assert codes_found(client.get(SEARCH, {"q": "giay phep xay dung"})) == ["1.013225"]
    assert "1.001193" in codes_found(client.get(SEARCH, {"q": "khai sinh"}))


@pytest.mark.usefixtures("agencies")
def test_a_renamed_version_is_found_by_its_new_name_only(client):
    catalogue_import(data=catalogue_data())
    permit = ProcedureVersion.objects.get(procedure__national_code="1.013225", is_current=True)
    permit.name = "Cấp giấy phép xây dựng có thời hạn"
    permit.save(update_fields=["name"])  # as the admin's change form saves it
    assert codes_found(client.get(SEARCH, {"q": "co thoi han"})) == ["1.013225"]
    assert codes_found(client.get(SEARCH, {"q": "cap dac biet"})) == []
