"""The browser tests reuse the dossier tests' province, officers and land procedure, and get Debian's Chromium."""

import pytest

from tests.dossiers.conftest import officers, procedure, province  # noqa: F401
from tests.e2e.browser import chromium_executable


@pytest.fixture
def chromium() -> str:
    """The Chromium to drive; skips the test (fails it under CI) when there is none."""
    return chromium_executable()
