import pytest


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Tests see the site as a Vietnamese user does unless they switch language themselves."""
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests that create officers need not pay for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
