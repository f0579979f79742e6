"""Issue 13 item 1: the migration that made fees data reads what the old free text stated plainly."""

import importlib

import pytest
from django.apps import apps

from lienthong.catalogue.models import Fee, ProcedureVersion
from lienthong.catalogue.services import catalogue_import

pytestmark = pytest.mark.django_db
migration = importlib.import_module("lienthong.catalogue.migrations.0005_fees_as_data")


def test_existing_fee_text_becomes_kind_amount_and_exempt_groups(data):
    catalogue_import(data=data)
    version = ProcedureVersion.objects.order_by("id").first()
    Fee.objects.filter(version=version).delete()
    parsed = Fee.objects.create(version=version, name="Phí chứng thực", amount=None, kind="le_phi",
                                description="10.000 đồng/trường hợp; miễn cho hộ nghèo, người khuyết tật.")  # fmt: skip
    kept = Fee.objects.create(version=version, name="Lệ phí cấp phép", amount=None, kind="phi",
                              description="Mức thu do Hội đồng nhân dân tỉnh quy định.")  # fmt: skip

    migration.fees_from_text(apps, None)

    parsed.refresh_from_db()
    kept.refresh_from_db()
    assert (parsed.kind, parsed.amount, parsed.exempt_groups) == ("phi", 10000, "hộ nghèo\nngười khuyết tật")
    assert (kept.kind, kept.amount, kept.exempt_groups) == ("le_phi", None, "")
