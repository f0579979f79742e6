"""The demo is built once per test module inside an outer transaction that is rolled back at the module's end;
each test then runs in its own savepoint (as Django's TestCase.setUpTestData does). Its history is kept small
(`HISTORY`): the history's own tests build theirs at a fixed instant."""

import hashlib
import tempfile
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

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

# A fast hasher: the demo hashes its one password once, and the suite need not pay PBKDF2's deliberate cost.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HISTORY = 300


@contextmanager
def built(django_db_blocker, **options):
    """Whatever is built inside is rolled back at the end, so every module starts from an empty database."""
    keys = tempfile.mkdtemp(prefix="lienthong-demo-keys-")  # the demo's CA and PKCS#12 files, out of the checkout
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, LIENTHONG_SIGNING_KEYS_DIR=keys):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo_build(**options)
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
