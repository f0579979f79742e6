"""The back office's tests reuse the dossier tests' province, officers and land procedure."""

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
