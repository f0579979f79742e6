"""The demo is built once per test module inside an outer transaction that is rolled back at the module's end;
each test then runs in its own savepoint (as Django's TestCase.setUpTestData does). A later module asking for the
same demo gets the first build's rows back instead of building again (`_BUILT`). Its history is kept small
(`HISTORY`): the history's own tests build theirs at a fixed instant."""

import hashlib
import tempfile
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.demo.builder import demo_build
from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, StepInstance, Suspension
from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment, OfficerRole
from tests.db_snapshot import Snapshot, snapshot_restore, snapshot_take

# A fast hasher: the demo hashes its one password once, and the suite need not pay PBKDF2's deliberate cost.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HISTORY = 300


# The demos this test process has built, by what they were built with: (report, keys' folder, rows). A module asking
# for a demo built before gets its rows back (tests/db_snapshot.py) rather than a fresh build — the build is the
# suite's costliest set-up, and twenty modules ask for the same one.
_BUILT: dict[tuple, tuple[object, str, Snapshot]] = {}


def _reuse_key(options: dict) -> tuple | None:
    """What makes two builds the same: the options (plain values only: an output stream or a fixed instant builds
    afresh), the day, and where files go."""
    if any(not isinstance(value, int | str | bool) for value in options.values()):
        return None
    return (tuple(sorted(options.items())), timezone.localdate(), settings.MEDIA_ROOT, repr(settings.STORAGES))


@contextmanager
def built(django_db_blocker, **options):
    """Whatever is built inside is rolled back at the end, so every module starts from an empty database."""
    key = _reuse_key(options)
    report, keys, rows = _BUILT.get(key, (None, None, None)) if key else (None, None, None)
    keys = keys or tempfile.mkdtemp(
        prefix="lienthong-demo-keys-"
    )  # the demo's CA and PKCS#12 files, out of the checkout
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, LIENTHONG_SIGNING_KEYS_DIR=keys):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if rows is not None:
                snapshot_restore(rows)
            else:
                report = demo_build(**options)
                if key:
                    _BUILT[key] = (report, keys, snapshot_take())
            yield report
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with built(django_db_blocker, history=HISTORY) as report:
        yield report


def demo_tables() -> list:
    user = get_user_model()
    return [
        AdministrativeUnit,
        AdministrativeUnit.successors.through,
        Agency,
        HeadAssignment,
        user,
        user.user_permissions.through,
        OfficerRole,
        Field,
        Procedure,
        ProcedureVersion,
        CompetentAuthority,
        RequiredDocument,
        Fee,
        ProcessStep,
        Dossier,
        DossierEvent,
        StepInstance,
        Suspension,
        DossierCodeCounter,
    ]


def demo_checksum() -> dict[str, str]:
    """A digest of every row of every table the demo writes, per table, so a changed row shows where."""
    digests = {}
    for model in demo_tables():
        rows = model.objects.order_by("pk").values_list()
        digests[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def demo_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in demo_tables()}
