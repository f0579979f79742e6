import pytest

from tests.signing.given import test_ca


@pytest.fixture(scope="session")
def ca(tmp_path_factory):
    return test_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory):
    """A second authority whose root the province does not trust."""
    return test_ca(tmp_path_factory.mktemp("other-ca"))
