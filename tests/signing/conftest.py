import pytest

from tests.backoffice.scope_given import neighbours  # noqa: F401
from tests.dossiers.conftest import (  # noqa: F401
    applicant,
    assigning_procedure,
    documents,
    form_data,
    officers,
    procedure,
    province,
)
from tests.signing.given import test_ca


@pytest.fixture(scope="session")
def ca(tmp_path_factory):
    return test_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory):
    """A second authority whose root the province does not trust."""
    return test_ca(tmp_path_factory.mktemp("other-ca"))


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """certomancer's PKI (tests/signing/pki.py): a root and a signing CA with OCSP and CRL, a TSA, a CSC service."""
    from tests.signing.pki import pki_start

    return pki_start(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted(ca, db):
    """The tests' root in the province's trust store, as the administrator lists it."""
    from lienthong.signing.models import TrustAnchor

    return TrustAnchor.objects.create(name="Test Root CA", pem=ca.authority.pem.decode())
