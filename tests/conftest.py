import pytest


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Tests see the site as a Vietnamese user does unless they switch language themselves."""
    settings.LANGUAGE_CODE = "vi"
