"""The portal refuses every call whose MaDinhDanhDV is not a QCVN 102 code: a connector switched on without one is a
configuration error `lienthong check` (and start) reports, not a failure per dossier found later."""

import pytest

from lienthong.national.apps import unit_code_check


@pytest.mark.parametrize(("url", "code", "ids"), [
    ("", "", []),  # the connector is off: nothing to say
    ("http://127.0.0.1:8765", "000.00.00.H19", []),
    ("http://127.0.0.1:8765", "", ["national.E001"]),
    ("http://127.0.0.1:8765", "H19", ["national.E001"]),
])  # fmt: skip
def test_a_connector_on_needs_a_well_formed_unit_code(settings, url, code, ids):
    settings.LIENTHONG_NATIONAL_PORTAL_URL, settings.LIENTHONG_NATIONAL_UNIT_CODE = url, code

    assert [error.id for error in unit_code_check()] == ids
