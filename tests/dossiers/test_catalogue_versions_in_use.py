"""A version that dossiers were received under is history: an import cannot delete its steps from under them."""

import pytest
from django.utils import timezone

from lienthong.catalogue.models import ProcessStep
from lienthong.catalogue.services import CatalogueImportError, catalogue_export_data, catalogue_import
from lienthong.dossiers.models import Dossier, StepInstance

pytestmark = pytest.mark.django_db


def test_removing_a_step_that_a_dossier_is_at_is_refused_with_a_clear_error(province, procedure):
    dossier = Dossier.objects.create(
        agency=province["commune_centre"], procedure_version=procedure, channel="counter", status="processing",
        applicant_kind="citizen", applicant_name="Lê Văn An",
    )  # fmt: skip
    last = procedure.steps.order_by("-position").first()
    now = timezone.now()
    StepInstance.objects.create(
        dossier=dossier, step=last, name=last.name, position=last.position, agency=province["commune_centre"],
        role=last.role, started_at=now, due_at=now,
    )  # fmt: skip
    data = catalogue_export_data()
    data["procedures"][0]["steps"] = data["procedures"][0]["steps"][:-1]

    with pytest.raises(CatalogueImportError) as refused:
        catalogue_import(data=data)

    (error,) = refused.value.errors
    assert (error.location, error.column) == ("procedures[0]", "steps")
    assert "phiên bản mới" in error.message
    assert ProcessStep.objects.filter(pk=last.pk).exists()
