import pytest


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Tests see the site as a Vietnamese user does unless they switch language themselves."""
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests that create officers need not pay for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Uploaded files of a test go to its own folder, never to ./var of the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _calendar_read_afresh():
    """Each test reads the calendar of its own database: a rolled-back test sends no signal to forget its own."""
    from lienthong.core.calendar_store import calendar_forget

    calendar_forget()


@pytest.fixture(autouse=True)
def _outbox_wake_afresh():
    """Each test's first commit with outbox rows enqueues its own dispatch: the last test's was rolled back."""
    from lienthong.dossiers.tasks import outbox_wake_forget

    outbox_wake_forget()


@pytest.fixture(autouse=True)
def _visit_counters_read_afresh():
    """The footer's counters are kept a few seconds per process: each test's footer reads its own cache."""
    from lienthong.news.visitors import shown_forget

    shown_forget()


@pytest.fixture(autouse=True)
def _webhooks_listening_read_afresh():
    """Each test asks afresh whether any system listens for webhooks: the last test's subscriptions were rolled back."""
    from lienthong.gateway.webhooks.listening import webhooks_listening_forget

    webhooks_listening_forget()


@pytest.fixture(autouse=True)
def _site_identity_read_afresh():
    """The public pages' province and contact are kept a few seconds per process: each test's pages read its own."""
    from lienthong.portal.identity import identity_forget

    identity_forget()


@pytest.fixture(autouse=True)
def _scores_computed_afresh():
    """The dashboards' scores are cached per period (`reports.dashboard.scores_for`) in a cache that outlives a
    test's rolled-back database: each test scores its own dossiers."""
    from django.core.cache import cache

    from lienthong.reports.dashboard import scores_forget

    cache.clear()
    scores_forget()


def public_pages_warm() -> None:
    """What every public page's header and footer read once and keep, read already, as on any server after its first
    page: the province and the contact (portal/identity.py, three small queries cold) and the visitor counters'
    flush (news/visitors.py, due every five minutes)."""
    from lienthong.news.services import visits_flush_if_due
    from lienthong.portal.identity import identity_now

    identity_now()
    visits_flush_if_due()


@pytest.fixture
def site_identity_warm(db):
    """For tests that count a public page's queries (public_pages_warm)."""
    public_pages_warm()
